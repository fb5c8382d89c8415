/** 佐证绑定 (R9, R10): the phone scans the QR code and films the room; the pairing states and their view. */
import { ErrorCode } from '../../errors/error-codes.js';
import type { EvidenceState, Pairing } from '../../ports/exam-api.port.js';
import { evidenceReady, phoneReplaced } from '../exam.guards.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { phaseOf } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const bindingEvidence = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'bindingEvidence' } },
  invoke: saveProgress('bindingEvidence'),
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
      on: {
        'user.refreshPairing': 'pairing',
        'user.continue': [
          { guard: 'evidenceReady', target: '#exam.drawingLot', actions: 'clearError' },
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
  /** The QR code's link and the short code, once created. */
  readonly pairing: Pairing | null;
  /** Where the phone's evidence recording stands. */
  readonly evidence: EvidenceState | null;
  /** Whether this exam requires the phone recording before going on. */
  readonly requireEvidence: boolean;
  /** Another phone took over with a new code and has not started recording yet: 「手机已更换，请用新手机继续录制」. */
  readonly phoneReplaced: boolean;
  /** The phone records (or the exam does not require it). */
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
    pairing: context.pairing,
    evidence: context.evidence?.state ?? null,
    requireEvidence: context.requireEvidence,
    phoneReplaced: phoneReplaced({ context }),
    canContinue: phase === 'waiting' && evidenceReady({ context }),
    error: context.error,
  };
}

/** The view state of an exam that does not require the phone recording: the exam's policy, not a state. */
const notRequired = 'bindingEvidence:notRequired';

export const BINDING_EVIDENCE_FACETS: readonly string[] = [notRequired];

export function bindingEvidenceViewStateKeys(view: BindingEvidenceView): string[] {
  return [`bindingEvidence:${view.phase}`, ...(view.requireEvidence ? [] : [notRequired])];
}
