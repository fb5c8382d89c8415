/**
 * Pairing: the single-use code from the QR link's fragment, or typed from under the QR code, is exchanged for a
 * phone session. PAIRING_FAILED (used, expired, unknown) shows the error and lets the candidate type a code.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import { evidenceSetup } from '../evidence.setup.js';
import { evidencePhaseOf, type EvidenceSnapshot } from '../evidence.view.js';

export const pairing = evidenceSetup.createStateConfig({
  initial: 'deciding',
  states: {
    deciding: {
      always: [{ guard: 'hasPairingCode', target: 'submitting' }, { target: 'entering' }],
    },
    entering: {
      tags: 'pairing:entering',
      on: { 'user.submitCode': { target: 'submitting', actions: ['assignTypedCode', 'clearError'] } },
    },
    submitting: {
      tags: 'pairing:submitting',
      invoke: {
        src: 'pair',
        input: ({ context }) => ({ code: context.pairingCode ?? '' }),
        onDone: { target: '#evidence.session', actions: 'clearError' },
        onError: { target: 'entering', actions: 'assignError' },
      },
    },
  },
});

export interface PairingView {
  readonly stage: 'pairing';
  /** Reading a kept session (a moment), typing the code (after an error too), or exchanging it. */
  readonly phase: 'starting' | 'entering' | 'submitting';
  /** The code tried last, to show in the field again. */
  readonly code: string;
  /** PAIRING_FAILED: 「配对码无效或已过期，请在电脑上刷新二维码」; NETWORK_ERROR… */
  readonly error: ErrorCode | null;
}

export function selectPairingView(snapshot: EvidenceSnapshot): PairingView {
  return {
    stage: 'pairing',
    phase: evidencePhaseOf(snapshot, 'pairing', ['starting', 'entering', 'submitting'] as const) ?? 'entering',
    code: snapshot.context.pairingCode ?? '',
    error: snapshot.context.error,
  };
}
