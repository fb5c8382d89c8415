/** The console's view models: which stage the snapshot is in and what its view shows. */
import type { ProctorTag } from './proctor.types.js';
import type { ProctorSnapshot, ProctorStage } from './proctor.view.js';
import { selectLoginView, type ProctorLoginView } from './stages/login.js';
import { selectSittingView, type SittingView } from './stages/sitting.js';
import { selectSittingsView, type SittingsView } from './stages/sittings.js';
import { selectUploadHealthView, type UploadHealthView } from './stages/upload-health.js';
import { selectReviewView, type ReviewView } from './stages/review.js';

export type { CandidatePanelView } from './stages/candidate.js';
export type { ConversationView } from './stages/conversation.js';
export type { NoticeView } from './stages/notice.js';
export type { LiveViewView } from './stages/live-view.js';
export { selectLiveStreams, LIVE_VIEW_RETRY_MS, LIVE_VIEW_CONNECT_TIMEOUT_MS } from './stages/live-view.js';
export type { ProctorLoginView, SittingView, SittingsView, UploadHealthView, ReviewView };
export type { ProctorSnapshot, ProctorStage };
export * from './grid.js';
export * from './upload-health.js';
export * from './review-timeline.js';

export type ProctorView = ProctorLoginView | SittingsView | SittingView | UploadHealthView | ReviewView;

/** The page shown; the conversation is part of the sitting's page. `starting` shows as the login's wait. */
export function selectProctorStage(snapshot: ProctorSnapshot): Exclude<ProctorStage, 'conversation' | 'candidate' | 'notice' | 'liveView'> {
  // The review (回放) and 上传状况 show over the sitting's grid, which goes on underneath.
  if (snapshot.context.review !== null && snapshot.matches({ session: 'sitting' })) return 'review';
  if (snapshot.matches({ session: { sitting: { uploadHealth: 'open' } } })) return 'uploadHealth';
  if (snapshot.matches({ session: 'sitting' })) return 'sitting';
  if (snapshot.matches({ session: 'sittings' })) return 'sittings';
  return 'login';
}

export function selectProctorView(snapshot: ProctorSnapshot): ProctorView {
  switch (selectProctorStage(snapshot)) {
    case 'review':
      return selectReviewView(snapshot) ?? selectSittingView(snapshot);
    case 'sitting':
      return selectSittingView(snapshot);
    case 'sittings':
      return selectSittingsView(snapshot);
    case 'uploadHealth':
      return selectUploadHealthView(snapshot);
    default:
      return selectLoginView(snapshot);
  }
}

/**
 * Every view state of the console, one tag each: what the elements need a fixture and a story for. The test walks
 * the machine and proves these are exactly its tags.
 */
export const PROCTOR_VIEW_STATES = [
  'login:starting',
  'login:entering',
  'login:submitting',
  'sittings:loading',
  'sittings:list',
  'sittings:failed',
  'sitting:loading',
  'sitting:grid',
  'sitting:failed',
  'conversation:loading',
  'conversation:open',
  'conversation:sending',
  'conversation:failed',
  'notice:sending',
  'notice:sent',
  'notice:failed',
  'candidate:loading',
  'candidate:shown',
  'candidate:confirming',
  'candidate:acting',
  'candidate:failed',
  'uploadHealth:loading',
  'uploadHealth:shown',
  'uploadHealth:failed',
  'liveView:connecting',
  'liveView:connected',
  'liveView:reconnecting',
  'liveView:offline',
  'liveView:failed',
  'review:loading',
  'review:shown',
  'review:failed',
] as const satisfies readonly ProctorTag[];
