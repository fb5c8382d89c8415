/**
 * Pairing: the single-use code from the QR link's fragment, typed from under the QR code, or read from the QR code
 * with the phone's camera in the page (after the link's page was closed), is exchanged for a phone session.
 * PAIRING_FAILED (used, expired, unknown) shows the error and lets the candidate type or scan a code.
 */
import { ErrorCode } from '../../errors/error-codes.js';
import { actorOutput, evidenceSetup } from '../evidence.setup.js';
import { evidencePhaseOf, type EvidenceSnapshot } from '../evidence.view.js';

export const pairing = evidenceSetup.createStateConfig({
  initial: 'deciding',
  states: {
    deciding: {
      always: [{ guard: 'hasPairingCode', target: 'submitting' }, { target: 'entering' }],
    },
    entering: {
      tags: 'pairing:entering',
      on: {
        'user.submitCode': [
          { guard: 'isTypedPairingCode', target: 'submitting', actions: ['assignTypedCode', 'clearError'] },
          { actions: { type: 'assignErrorCode', params: { code: ErrorCode.PAIRING_CODE_INVALID } } },
        ],
        'user.scanCode': { target: 'scanning', actions: 'clearError' },
      },
    },
    // 扫描二维码: the rear camera's frames are read until one holds a pairing link.
    scanning: {
      tags: 'pairing:scanning',
      initial: 'opening',
      exit: 'stopQrScan',
      on: { 'user.cancelScan': 'entering' },
      states: {
        opening: {
          invoke: {
            src: 'openQrScanner',
            onDone: { target: 'reading', actions: { type: 'assignQrScan', params: actorOutput } },
            onError: { target: '#evidence.pairing.entering', actions: 'assignError' },
          },
        },
        reading: {
          invoke: { src: 'readQrCodes', input: ({ context }) => ({ scan: context.qrScan! }) },
          on: {
            'qr.read': [
              { guard: 'isPairingQr', target: '#evidence.pairing.submitting', actions: ['assignScannedCode', 'clearError'] },
              // Another QR code in the room: say so once, and keep reading.
              { actions: { type: 'assignErrorCode', params: { code: ErrorCode.PAIRING_CODE_INVALID } } },
            ],
          },
        },
      },
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
  /** Reading a kept session (a moment), typing the code (after an error too), scanning the QR code, or exchanging it. */
  readonly phase: 'starting' | 'entering' | 'scanning' | 'submitting';
  /** The code tried last, to show in the field again. */
  readonly code: string;
  /** The camera's preview while scanning the QR code. */
  readonly stream: MediaStream | null;
  /** PAIRING_FAILED: 「绑定码无效或已过期，请在电脑上刷新二维码」; PAIRING_CODE_INVALID; CAMERA_PERMISSION_DENIED… */
  readonly error: ErrorCode | null;
}

export function selectPairingView(snapshot: EvidenceSnapshot): PairingView {
  return {
    stage: 'pairing',
    phase: evidencePhaseOf(snapshot, 'pairing', ['starting', 'entering', 'scanning', 'submitting'] as const) ?? 'entering',
    code: snapshot.context.pairingCode ?? '',
    stream: snapshot.context.qrScan?.stream ?? null,
    error: snapshot.context.error,
  };
}
