/** View models of the end of the phone's flow for tests and stories, one per way it ends. */
import type { EndedView } from '@examroom/core';

export const endedViews = {
  done: { stage: 'ended', phase: 'done' },
  replaced: { stage: 'ended', phase: 'replaced' },
  expired: { stage: 'ended', phase: 'expired' },
} satisfies Record<string, EndedView>;
