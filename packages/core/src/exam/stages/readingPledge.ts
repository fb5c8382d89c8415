/** 考试承诺书 and 考试须知 (R17): both accepted before going on. */
import type { ErrorCode } from '../../errors/error-codes.js';
import { PLEDGE_VERSION } from '../../i18n/zh-CN.js';
import { pledgeAndNoticeAccepted } from '../exam.guards.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const readingPledge = examSetup.createStateConfig({
  tags: 'readingPledge',
  entry: { type: 'emitStage', params: { stage: 'readingPledge' } },
  invoke: saveProgress('readingPledge'),
  initial: 'idle',
  states: {
    idle: {
      on: {
        'user.setPledgeAccepted': { actions: 'setPledgeAccepted' },
        'user.setNoticeAccepted': { actions: 'setNoticeAccepted' },
        'user.continue': { guard: 'pledgeAndNoticeAccepted', target: 'confirming', actions: 'clearError' },
      },
    },
    // The server records the pledge, with the version of the text shown, and its time (R17, R24) before the
    // countdown; a failure shows and may be retried.
    confirming: {
      invoke: {
        src: 'confirm',
        input: { kind: 'pledge', pledgeVersion: PLEDGE_VERSION },
        onDone: { target: '#exam.countdown', actions: { type: 'assignProgress', params: actorOutput } },
        onError: { target: 'idle', actions: 'assignError' },
      },
    },
  },
});

export type ReadingPledgeView = {
  /** Which stage this view is of. */
  readonly stage: 'readingPledge';
  /** 考试承诺书 ticked. */
  readonly pledgeAccepted: boolean;
  /** 考试须知 ticked. */
  readonly noticeAccepted: boolean;
  /** Both are ticked. */
  readonly canContinue: boolean;
  /** Why recording the pledge failed. */
  readonly error: ErrorCode | null;
};

export function selectReadingPledgeView({ context }: ExamSnapshot): ReadingPledgeView {
  return {
    stage: 'readingPledge',
    pledgeAccepted: context.pledgeAccepted,
    noticeAccepted: context.noticeAccepted,
    canContinue: pledgeAndNoticeAccepted({ context }),
    error: context.error,
  };
}
