/** 上传成功 (R28–R30): everything is on the server; the phone's evidence recording is due within 60 minutes. */
import type { FinishReason } from '../../rules/stages.js';
import { examSetup } from '../exam.setup.js';
import { selectPhoneStatus, selectTimeZone, type ExamSnapshot, type PhoneStatusView } from '../exam.view.js';

export const finished = examSetup.createStateConfig({
  tags: 'finished',
  // Everything is on the server: the exam's window lock is let go, so another window may show this page too (R6).
  entry: [{ type: 'emitStage', params: { stage: 'finished' } }, 'emitFinished', 'emitUploadComplete', 'releaseWindow'],
  // A session revoked after the end changes nothing.
  on: { 'api.sessionRevoked': {} },
  initial: 'watchingEvidence',
  states: {
    // R30: the phone's upload is shown live until it is complete. The pushes go on after the finish (the live-events
    // actor lives from login to the end); the poll stands in for a socket that died.
    watchingEvidence: {
      always: { guard: 'evidenceSettled', target: 'evidenceSettled' },
      invoke: { src: 'pollEvidence' },
    },
    evidenceSettled: {},
  },
});

export type FinishedView = {
  /** Which stage this view is of. */
  readonly stage: 'finished';
  /** Ended at the deadline, by the candidate, or completed. */
  readonly finishReason: FinishReason;
  /** When the phone's evidence recording must be uploaded by (R30); the time left is this − server now. */
  readonly evidenceDueAt: number | null;
  /** The exam's IANA time zone, which evidenceDueAt is shown in. */
  readonly timeZone: string;
  /** The phone's evidence: recording (stop it on the phone by hand), uploading (bytes of the whole), uploaded; silent. */
  readonly phone: PhoneStatusView;
};

export function selectFinishedView(snapshot: ExamSnapshot): FinishedView {
  const { context } = snapshot;
  return {
    stage: 'finished',
    finishReason: context.finishReason ?? 'completed',
    evidenceDueAt: context.schedule?.evidenceDueAt ?? null,
    timeZone: selectTimeZone(snapshot),
    phone: selectPhoneStatus(snapshot),
  };
}
