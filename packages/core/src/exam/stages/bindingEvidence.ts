/** 佐证绑定 (R9, R10): the phone scans the QR code and films the room; the pairing states and their view. */
import { ErrorCode } from '../../errors/error-codes.js';
import { phoneRecords } from '../exam.guards.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot, PairingCodeView, PhoneStatusView } from '../exam.view.js';
import { phaseOf, selectPairingCode, selectPhoneStatus } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const bindingEvidence = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'bindingEvidence' } },
  // The phone's status comes with the pushes; the poll keeps it (and the phone's last sign of life) fresh without them.
  invoke: [saveProgress('bindingEvidence'), { src: 'pollEvidence' }],
  initial: 'pairing',
  states: {
    pairing: {
      tags: 'bindingEvidence:pairing',
      invoke: {
        src: 'createPairing',
        onDone: { target: 'waiting', actions: { type: 'assignPairing', params: actorOutput } },
        onError: { target: 'failed', actions: 'assignError' },
      },
    },
    failed: {
      tags: 'bindingEvidence:failed',
      on: { 'user.retry': { target: 'pairing', actions: 'clearError' } },
    },
    waiting: {
      tags: 'bindingEvidence:waiting',
      // The code on screen always pairs: a fresh one when it expires or once it paired a phone (a lost phone is
      // replaced by scanning again).
      invoke: { src: 'alarm', input: inputs.pairingExpires },
      on: {
        'clock.pairingExpired': 'pairing',
        'api.evidenceStatus': [{ guard: 'pairingUsed', target: 'pairing', actions: 'assignEvidence' }, { actions: 'assignEvidence' }],
        'user.refreshPairing': 'pairing',
        'user.continue': [
          { guard: 'phoneRecords', target: '#exam.drawingLot', actions: 'clearError' },
          { actions: { type: 'assignErrorCode', params: { code: ErrorCode.EVIDENCE_NOT_RECORDING } } },
        ],
      },
    },
  },
});

export interface BindingEvidenceView {
  /** Which stage this view is of. */
  readonly stage: 'bindingEvidence';
  /** Creating the pairing code, creating it failed, or waiting for the phone. */
  readonly phase: 'pairing' | 'failed' | 'waiting';
  /** The QR code's link and the short code to type on the phone page, once created (the last one while a fresh one is made). */
  readonly pairing: PairingCodeView | null;
  /** The phone's live status: 等待手机扫码 → 已连接 → 环拍完成 → 录制中, replaced, silent. */
  readonly phone: PhoneStatusView;
  /** The phone records (or the exam does not require it): 「下一步」. */
  readonly canContinue: boolean;
  /** Why pairing failed, or EVIDENCE_NOT_RECORDING after going on too early. */
  readonly error: ErrorCode | null;
}

export function selectBindingEvidenceView(snapshot: ExamSnapshot): BindingEvidenceView {
  const { context } = snapshot;
  const phase = phaseOf(snapshot, 'bindingEvidence', ['pairing', 'failed', 'waiting'] as const) ?? 'pairing';
  return {
    stage: 'bindingEvidence',
    phase,
    pairing: selectPairingCode(snapshot),
    phone: selectPhoneStatus(snapshot),
    canContinue: phase === 'waiting' && phoneRecords({ context }),
    error: context.error,
  };
}

/** The view state of an exam that does not require the phone recording: the exam's policy, not a state. */
const notRequired = 'bindingEvidence:notRequired';

export const BINDING_EVIDENCE_FACETS: readonly string[] = [notRequired];

export function bindingEvidenceViewStateKeys(view: BindingEvidenceView): string[] {
  return [`bindingEvidence:${view.phase}`, ...(view.phone.required ? [] : [notRequired])];
}
