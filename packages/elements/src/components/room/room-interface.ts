/** Details of the DOM events <exam-room> sends to the host page. */
import type { FinishReason, Stage } from '@examroom/core';

/** `examStageChange`: the candidate moved to another stage (or was barred). */
export interface ExamStageChangeDetail {
  readonly stage: Stage | 'barred';
}

/** `examFinish`: the exam is over for this candidate and every recording is on the server. */
export interface ExamFinishDetail {
  readonly reason: FinishReason;
}
