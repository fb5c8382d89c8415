/** View models of 上传成功 for tests and stories, one per state the stage can show. */
import type { FinishedView, PhoneStatusView } from '@examroom/core';

const deadline = Date.UTC(2026, 10, 28, 1, 15);
const evidenceDueAt = deadline + 60 * 60_000;

/** The exam is held on Beijing time: the due time shows there, whatever the browser's zone. */
const timeZone = 'Asia/Shanghai';

/** Server time for the fixtures: 5 minutes after the deadline, so 55 minutes remain for the evidence. */
export const finishedNow = deadline + 5 * 60_000;

/** Server time after the 60 minutes for the evidence have passed. */
export const finishedLateNow = evidenceDueAt + 60_000;

const phone = (state: PhoneStatusView['state'], patch: Partial<PhoneStatusView> = {}): PhoneStatusView => ({
  state,
  required: true,
  replaced: false,
  bytesReceived: null,
  bytesExpected: null,
  percent: null,
  // Heard from 10 s before the fixtures' server time.
  silentFrom: state === 'uploaded' ? null : finishedNow - 10_000 + 60_000,
  ...patch,
});

const recording = phone('recording', { bytesReceived: 251_658_240 });
const stopped = phone('stopped', { bytesReceived: 283_115_520, bytesExpected: 377_487_360, percent: 75 });

export const finishedViews = {
  completed: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, phone: recording },
  endedEarly: { stage: 'finished', finishReason: 'endedEarly', evidenceDueAt, timeZone, phone: stopped },
  timeUp: { stage: 'finished', finishReason: 'timeUp', evidenceDueAt, timeZone, phone: recording },
  /** Stopped, and the server does not know the whole yet (an old server, or the report still on its way). */
  evidenceUploadingUnsized: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, phone: phone('stopped', { bytesReceived: 283_115_520 }) },
  evidenceUploaded: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, phone: phone('uploaded', { bytesReceived: 377_487_360, bytesExpected: 377_487_360, percent: 100 }) },
  /** The phone's page was closed before its upload ended: not heard from for 90 s. */
  phoneSilent: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, phone: { ...stopped, silentFrom: finishedNow - 30_000 } },
  /** A sitting without phone evidence: no reminder about the phone. */
  noEvidence: { stage: 'finished', finishReason: 'completed', evidenceDueAt, timeZone, phone: phone('waitingForPhone', { required: false, silentFrom: null }) },
} satisfies Record<string, FinishedView>;
