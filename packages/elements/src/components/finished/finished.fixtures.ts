/** View models of 上传成功 for tests and stories, one per state the stage can show. */
import type { FinishedView } from '@examroom/core';

const deadline = Date.UTC(2026, 10, 28, 1, 15);
const evidenceDueAt = deadline + 60 * 60_000;

/** The exam is held on Beijing time: the due time shows there, whatever the browser's zone. */
const timeZone = 'Asia/Shanghai';

/** Server time for the fixtures: 5 minutes after the deadline, so 55 minutes remain for the evidence. */
export const finishedNow = deadline + 5 * 60_000;

/** Server time after the 60 minutes for the evidence have passed. */
export const finishedLateNow = evidenceDueAt + 60_000;

export const finishedViews = {
  completed: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, evidence: 'recording', requireEvidence: true },
  endedEarly: { stage: 'finished', finishReason: 'endedEarly', evidenceDueAt, timeZone, evidence: 'stopped', requireEvidence: true },
  timeUp: { stage: 'finished', finishReason: 'timeUp', evidenceDueAt, timeZone, evidence: 'recording', requireEvidence: true },
  evidenceUploaded: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, evidence: 'uploaded', requireEvidence: true },
  /** A sitting without phone evidence: no reminder about the phone. */
  noEvidence: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, evidence: null, requireEvidence: false },
} satisfies Record<string, FinishedView>;
