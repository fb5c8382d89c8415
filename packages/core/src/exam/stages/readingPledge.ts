/** 考试承诺书 and 考试须知 (R17): both accepted before going on. */
import { pledgeAndNoticeAccepted } from '../exam.guards.js';
import { examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const readingPledge = examSetup.createStateConfig({
  tags: 'readingPledge',
  entry: { type: 'emitStage', params: { stage: 'readingPledge' } },
  invoke: saveProgress('readingPledge'),
  on: {
    'user.setPledgeAccepted': { actions: 'setPledgeAccepted' },
    'user.setNoticeAccepted': { actions: 'setNoticeAccepted' },
    'user.continue': { guard: 'pledgeAndNoticeAccepted', target: 'countdown' },
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
};

export function selectReadingPledgeView({ context }: ExamSnapshot): ReadingPledgeView {
  return {
    stage: 'readingPledge',
    pledgeAccepted: context.pledgeAccepted,
    noticeAccepted: context.noticeAccepted,
    canContinue: pledgeAndNoticeAccepted({ context }),
  };
}
