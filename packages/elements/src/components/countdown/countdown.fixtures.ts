/** View models of 考试开始前倒计时 for tests and stories, one per state the stage can show. */
import type { CountdownView } from '@examroom/core';

const startsAt = Date.UTC(2026, 10, 28, 1, 0);

/** Server time for the fixtures: 4 min 30 s before the start. */
export const countdownNow = startsAt - 270_000;

export const countdownViews = {
  waiting: {
    stage: 'countdown',
    startsAt,
    deadline: startsAt + 15 * 60_000,
    candidate: { id: 'c-0001', name: '张三', idNumberMasked: '1101**********0011', admissionNumber: '2026110100011' },
    preview: { stream: null, volume: 0.35 },
  },
  /** After a reload before the candidate's details are back. */
  noCandidate: {
    stage: 'countdown',
    startsAt,
    deadline: startsAt + 15 * 60_000,
    candidate: null,
    preview: { stream: null, volume: 0 },
  },
} satisfies Record<string, CountdownView>;
