/** View models of 阅读承诺书和须知 for tests and stories, one per state the stage can show. */
import type { ReadingPledgeView } from '@examroom/core';

export const readingPledgeViews = {
  unread: { stage: 'readingPledge', pledgeAccepted: false, noticeAccepted: false, canContinue: false, error: null },
  pledgeAccepted: { stage: 'readingPledge', pledgeAccepted: true, noticeAccepted: false, canContinue: false, error: null },
  bothAccepted: { stage: 'readingPledge', pledgeAccepted: true, noticeAccepted: true, canContinue: true, error: null },
  /** Recording the pledge on the server failed: the candidate may start again. */
  failed: { stage: 'readingPledge', pledgeAccepted: true, noticeAccepted: true, canContinue: true, error: 'NETWORK_ERROR' },
} satisfies Record<string, ReadingPledgeView>;
