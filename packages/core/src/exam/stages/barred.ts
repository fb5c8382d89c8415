/** Cannot go on: late (R21), login closed, or the session was taken over (R6). */
import { examSetup } from '../exam.setup.js';
import type { BarredReason } from '../exam.types.js';
import type { ExamSnapshot } from '../exam.view.js';

export const barred = examSetup.createStateConfig({
  tags: 'barred',
  entry: [{ type: 'emitStage', params: { stage: 'barred' } }, 'releaseCapture', 'releaseScreen'],
  // Already barred: a later revocation changes nothing.
  on: { 'api.sessionRevoked': {} },
});

export type BarredView = {
  /** Which stage this view is of. */
  readonly stage: 'barred';
  /** Why the candidate cannot go on. */
  readonly reason: BarredReason;
};

export function selectBarredView({ context }: ExamSnapshot): BarredView {
  return { stage: 'barred', reason: context.barredReason ?? 'LATE_ENTRY_CLOSED' };
}
