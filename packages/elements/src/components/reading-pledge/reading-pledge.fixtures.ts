/** View models of 阅读承诺书和须知 for tests and stories, one per state the stage can show. */
import type { ReadingPledgeView } from '@examroom/core';

export const readingPledgeViews = {
  unread: { stage: 'readingPledge', pledgeAccepted: false, noticeAccepted: false, canContinue: false },
  pledgeAccepted: { stage: 'readingPledge', pledgeAccepted: true, noticeAccepted: false, canContinue: false },
  bothAccepted: { stage: 'readingPledge', pledgeAccepted: true, noticeAccepted: true, canContinue: true },
} satisfies Record<string, ReadingPledgeView>;
