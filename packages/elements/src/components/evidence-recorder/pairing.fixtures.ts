/** View models of the phone's pairing stage (配对) for tests and stories, one per state it can show. */
import type { PairingView } from '@examroom/core';

const entering = { stage: 'pairing', phase: 'entering', code: '', stream: null, error: null } satisfies PairingView;

export const pairingViews = {
  starting: { ...entering, phase: 'starting' },
  entering,
  scanning: { ...entering, phase: 'scanning' },
  scanningOtherCode: { ...entering, phase: 'scanning', error: 'PAIRING_CODE_INVALID' },
  submitting: { ...entering, phase: 'submitting', code: 'PQRS2345' },
  refused: { ...entering, code: 'PQRS2345', error: 'PAIRING_FAILED' },
  invalid: { ...entering, code: 'HELLO', error: 'PAIRING_CODE_INVALID' },
  scannerRefused: { ...entering, error: 'CAMERA_PERMISSION_DENIED' },
} satisfies Record<string, PairingView>;
