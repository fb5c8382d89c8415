/** Remaining times for stories and tests of exam-timer: the display's formats and its warning below one minute. */
import type { ExamTimer } from './timer';

const MIN = 60_000;

export const timerArgs = {
  overAnHour: { remainingMs: 75 * MIN },
  answering: { remainingMs: 4 * MIN + 12_000 },
  underAMinute: { remainingMs: 45_000 },
  timeUp: { remainingMs: 0 },
} satisfies Record<string, Pick<ExamTimer, 'remainingMs'>>;
