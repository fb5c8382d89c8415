/**
 * 实时画面: the open candidate's camera and screen (and phone, while it records) live, beside their panel. The view is
 * asked of the server through the LiveViewer port; the server may refuse it (FORBIDDEN, NOT_FOUND, CANDIDATE_FINISHED,
 * LIVE_VIEWS_EXHAUSTED: `failed`) or find the candidate's page not publishing (LIVE_VIEW_UNAVAILABLE: `offline`,
 * 不在线, asked again when the page is back or every LIVE_VIEW_RETRY_MS). A connected view that drops — the candidate's
 * socket gone (candidateOffline), a peer whose ICE failed (simple-peer has no ICE restart) — is `reconnecting`
 * (重新连接中): a new view with new peer connections is asked as soon as the candidate's page publishes again, and
 * every LIVE_VIEW_RETRY_MS meanwhile. A view that does not connect within LIVE_VIEW_CONNECT_TIMEOUT_MS is asked anew.
 * The streams stay in the context; the element hands them to its <video>s by reference, never through the view.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { LiveViewSource } from '../../ports/live-view.port.js';
import { proctorSetup } from '../proctor.setup.js';
import type { ProctorContext } from '../proctor.types.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';

/** How long a dropped or refused view waits before it is asked again (sooner when the page says it is back). */
export const LIVE_VIEW_RETRY_MS = 3_000;
/** A view whose computer peer has not connected by then is given up and asked anew. */
export const LIVE_VIEW_CONNECT_TIMEOUT_MS = 20_000;

/** What ends a view while it is asked or connected: the candidate finished (final), or anything else (ask again). */
const ended = (again: string) => [
  { guard: 'isLiveFinished' as const, target: '#liveViewFailed', actions: 'assignLiveFinished' as const },
  { guard: 'isViewEnded' as const, target: again },
];

/** Waiting to ask again (重新连接中, 不在线): at the page's return or after LIVE_VIEW_RETRY_MS, then asking. */
const waitingToAsk = (tag: 'liveView:reconnecting' | 'liveView:offline') =>
  proctorSetup.createStateConfig({
    tags: tag,
    entry: 'clearLiveStreams',
    initial: 'waiting',
    states: {
      waiting: {
        after: { [LIVE_VIEW_RETRY_MS]: 'asking' },
        on: { 'live.available': 'asking' },
      },
      asking: {
        entry: 'askLiveView',
        after: { [LIVE_VIEW_CONNECT_TIMEOUT_MS]: 'waiting' },
        on: {
          'live.connected': { guard: 'isComputerConnected', target: '#liveViewConnected' },
          'live.ended': ended('waiting'),
          'live.refused': [{ guard: 'isLiveUnavailable', target: 'waiting' }, { target: '#liveViewFailed', actions: 'assignLiveError' }],
        },
      },
    },
  });

export const liveView = proctorSetup.createStateConfig({
  initial: 'closed',
  on: {
    'user.openConversation': { target: '.closed' },
    'user.closeConversation': { target: '.closed' },
  },
  states: {
    closed: {
      id: 'liveViewClosed',
      on: { 'user.watchLive': 'open' },
    },
    open: {
      invoke: { id: 'liveViewer', src: 'liveViewer', input: ({ context }) => ({ candidateId: context.conversationId ?? '' }) },
      exit: 'clearLiveView',
      on: {
        'user.stopLive': '#liveViewClosed',
        'live.stream': { actions: 'assignLiveStream' },
        // The phone's part alone ended: the computer's pictures stay.
        'live.ended': { actions: 'dropPeerStreams' },
      },
      initial: 'connecting',
      states: {
        connecting: {
          tags: 'liveView:connecting',
          entry: 'askLiveView',
          after: { [LIVE_VIEW_CONNECT_TIMEOUT_MS]: 'reconnecting' },
          on: {
            'live.connected': { guard: 'isComputerConnected', target: 'connected' },
            'live.ended': ended('reconnecting'),
            'live.refused': [{ guard: 'isLiveUnavailable', target: 'offline' }, { target: 'failed', actions: 'assignLiveError' }],
          },
        },
        connected: {
          id: 'liveViewConnected',
          tags: 'liveView:connected',
          on: { 'live.ended': ended('reconnecting') },
        },
        reconnecting: waitingToAsk('liveView:reconnecting'),
        offline: waitingToAsk('liveView:offline'),
        failed: {
          id: 'liveViewFailed',
          tags: 'liveView:failed',
          entry: 'clearLiveStreams',
          on: { 'user.watchLive': { target: 'connecting', actions: 'clearLiveView' } },
        },
      },
    },
  },
});

export interface LiveViewView {
  readonly stage: 'liveView';
  /** 连接中, 已连接, 重新连接中, 不在线, or refused (`error` says why). */
  readonly phase: 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'failed';
  readonly candidateId: string;
  /** The sources with a picture now, in the order shown (camera, screen, phone). */
  readonly sources: readonly LiveViewSource[];
  readonly error: ErrorCode | null;
}

export function selectLiveViewView(snapshot: ProctorSnapshot): LiveViewView | null {
  const { context } = snapshot;
  const phase = proctorPhaseOf(snapshot, 'liveView', ['connecting', 'connected', 'reconnecting', 'offline', 'failed'] as const);
  if (phase === undefined || context.conversationId === null) return null;
  return {
    stage: 'liveView',
    phase,
    candidateId: context.conversationId,
    sources: (['camera', 'screen', 'phone'] as const).filter((source) => context.liveStreams[source] !== undefined),
    error: context.liveError,
  };
}

/** The live view's streams by source, for the element's <video> refs (MediaStreams are not view data). */
export function selectLiveStreams(snapshot: { readonly context: Pick<ProctorContext, 'liveStreams'> }): ProctorContext['liveStreams'] {
  return snapshot.context.liveStreams;
}
