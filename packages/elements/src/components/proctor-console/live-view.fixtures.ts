/**
 * View models of 实时画面 beside the open candidate's panel, for tests and stories: each state of the view. The
 * pictures themselves are MediaStreams, not view data: the stories give the element their own (a canvas's stream).
 */
import type { LiveViewView, SittingView } from '@examroom/core';
import { candidateViews } from './candidate.fixtures';

const base = candidateViews.shown;
const live = (liveView: Omit<LiveViewView, 'stage' | 'candidateId'>): SittingView => ({
  ...base,
  liveView: { stage: 'liveView', candidateId: base.candidatePanel!.candidateId, ...liveView },
});

export const liveViewViews = {
  closed: base,
  connecting: live({ phase: 'connecting', sources: [], error: null }),
  connected: live({ phase: 'connected', sources: ['camera', 'screen'], error: null }),
  withPhone: live({ phase: 'connected', sources: ['camera', 'screen', 'phone'], error: null }),
  reconnecting: live({ phase: 'reconnecting', sources: [], error: null }),
  offline: live({ phase: 'offline', sources: [], error: null }),
  exhausted: live({ phase: 'failed', sources: [], error: 'LIVE_VIEWS_EXHAUSTED' }),
  forbidden: live({ phase: 'failed', sources: [], error: 'FORBIDDEN' }),
} satisfies Record<string, SittingView>;
