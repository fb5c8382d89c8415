/**
 * Cannot go on: late (R21), login closed, the session taken over by another device (R6) or expired, the exam over —
 * or the interview is open in another window of this browser (R6), which this window may take over once that one lets
 * go of it.
 */
import * as inputs from '../exam.inputs.js';
import { examSetup } from '../exam.setup.js';
import type { BarredReason } from '../exam.types.js';
import type { ExamSnapshot } from '../exam.view.js';
import { phaseOf } from '../exam.view.js';

export const barred = examSetup.createStateConfig({
  entry: [{ type: 'emitStage', params: { stage: 'barred' } }, 'releaseCapture', 'releaseScreen'],
  // Already barred: a later revocation changes nothing.
  on: { 'api.sessionRevoked': {} },
  initial: 'closed',
  states: {
    /** No way on from here. */
    closed: { tags: 'barred' },
    /**
     * Another window or tab of this browser has the interview (R6). Nothing was read, recorded or sent from this one;
     * it watches the lock, and once the other window let go (closed, or finished), 「在此窗口继续」 takes it and comes
     * back as a reload does: the kept session is read and the candidate resumes where the server says.
     */
    otherWindow: {
      initial: 'open',
      states: {
        open: {
          tags: 'barred:otherWindowOpen',
          invoke: { src: 'watchWindow', input: inputs.windowLock },
          on: { 'window.free': 'closed' },
        },
        closed: {
          tags: 'barred:otherWindowClosed',
          on: { 'user.continueHere': 'claiming' },
        },
        claiming: {
          tags: 'barred:claiming',
          entry: 'claimWindow',
          on: {
            'window.claimed': { target: '#exam.checkingDevices.restoring', actions: ['clearBarredReason', 'startRecordings'] },
            // Another window was quicker (or the one before came back, a reload): refused again, watching again.
            'window.heldElsewhere': 'open',
          },
        },
      },
    },
  },
});

export type BarredView = {
  /** Which stage this view is of. */
  readonly stage: 'barred';
  /** Why the candidate cannot go on. */
  readonly reason: BarredReason;
  /**
   * `closed`: no way on. The interview open in another window (OPEN_IN_ANOTHER_WINDOW): `otherWindowOpen` while that
   * window has it, `otherWindowClosed` once it let go (「在此窗口继续」), `claiming` while this window takes it.
   */
  readonly phase: 'closed' | 'otherWindowOpen' | 'otherWindowClosed' | 'claiming';
  /** 「在此窗口继续」 enabled. */
  readonly canContinueHere: boolean;
};

export function selectBarredView(snapshot: ExamSnapshot): BarredView {
  const phase = phaseOf(snapshot, 'barred', ['otherWindowOpen', 'otherWindowClosed', 'claiming'] as const) ?? 'closed';
  return { stage: 'barred', reason: snapshot.context.barredReason ?? 'LATE_ENTRY_CLOSED', phase, canContinueHere: phase === 'otherWindowClosed' };
}

export function barredViewStateKeys(view: BarredView): string[] {
  return [view.phase === 'closed' ? 'barred' : `barred:${view.phase}`];
}
