/** 上传成功 (R28–R30): everything is on the server; the phone's evidence recording is due within 60 minutes. */
import type { EvidenceState } from '../../ports/exam-api.port.js';
import type { FinishReason } from '../../rules/stages.js';
import { examSetup } from '../exam.setup.js';
import { selectTimeZone, type ExamSnapshot } from '../exam.view.js';

export const finished = examSetup.createStateConfig({
  tags: 'finished',
  entry: [{ type: 'emitStage', params: { stage: 'finished' } }, 'emitFinished', 'emitUploadComplete'],
  // A session revoked after the end changes nothing.
  on: { 'api.sessionRevoked': {} },
});

export type FinishedView = {
  /** Which stage this view is of. */
  readonly stage: 'finished';
  /** Ended at the deadline, by the candidate, or completed. */
  readonly finishReason: FinishReason;
  /** When the phone's evidence recording must be uploaded by (R30). */
  readonly evidenceDueAt: number | null;
  /** The exam's IANA time zone, which evidenceDueAt is shown in. */
  readonly timeZone: string;
  /** Where the phone's evidence recording stands. */
  readonly evidence: EvidenceState | null;
  /** Whether this exam requires the phone recording. */
  readonly requireEvidence: boolean;
};

export function selectFinishedView(snapshot: ExamSnapshot): FinishedView {
  const { context } = snapshot;
  return {
    stage: 'finished',
    finishReason: context.finishReason ?? 'completed',
    evidenceDueAt: context.schedule?.evidenceDueAt ?? null,
    timeZone: selectTimeZone(snapshot),
    evidence: context.evidence?.state ?? null,
    requireEvidence: context.requireEvidence,
  };
}
