/**
 * The sitting's live grid: every candidate's stage, online or not, phone evidence and its due time, lot, incidents
 * and unread help, with the filters and the counts per stage. Read when opened, then kept current by the server's
 * pushes (candidate.status, evidence.status, help.message); read again on every reconnection of the socket, since
 * pushes sent while it was down are lost. The conversation and the candidate's panel (interventions, verdict) open
 * beside it; a notice goes to every candidate of the sitting.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { SittingSummary } from '../../ports/proctor-api.port.js';
import type { ProgressStage } from '../../rules/stages.js';
import { candidateRow, filterCounts, matchesFilter, sortRows, stageCounts, type CandidateRow, type FilterCounts, type GridFilter, type GridSort } from '../grid.js';
import { actorOutput, proctorSetup, sessionGone } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';
import { candidate, selectCandidatePanelView, type CandidatePanelView } from './candidate.js';
import { conversation, selectConversationView, type ConversationView } from './conversation.js';
import { notice, selectNoticeView, type NoticeView } from './notice.js';
import { uploadHealth } from './upload-health.js';
import { liveView, selectLiveViewView, type LiveViewView } from './live-view.js';
import { review } from './review.js';

const readCandidates = (target: string) => ({
  src: 'listCandidates' as const,
  input: ({ context }: { context: { sittingId: string | null } }) => ({ sittingId: context.sittingId ?? '' }),
  onDone: { target, actions: { type: 'assignCandidates' as const, params: actorOutput } },
});

export const sitting = proctorSetup.createStateConfig({
  type: 'parallel',
  invoke: [{ src: 'liveEvents' }, { src: 'ticker' }],
  on: {
    'api.candidateStatus': { actions: ['assignPushedStatus', 'keepSeenHelp'] },
    'api.evidenceStatus': { actions: 'assignPushedEvidence' },
    'clock.tick': { actions: 'assignNow' },
    'user.filter': { actions: 'assignFilter' },
    'user.sort': { actions: 'assignSort' },
    'user.editQuickReplies': { actions: ['assignQuickRepliesEdited', 'keepQuickReplies'] },
    'user.leaveSitting': { target: '#proctor.session.sittings', actions: ['leaveSitting', 'keepSitting'] },
  },
  states: {
    grid: {
      initial: 'loading',
      states: {
        loading: {
          tags: 'sitting:loading',
          invoke: { ...readCandidates('shown'), onError: [sessionGone, { target: 'failed', actions: 'assignError' }] },
          on: { 'api.connected': { target: 'loading', reenter: true } },
        },
        shown: {
          tags: 'sitting:grid',
          on: { 'api.connected': 'refreshing' },
        },
        // The grid stays on screen while it is read again; a failed re-read keeps it (the next reconnection tries again).
        refreshing: {
          tags: 'sitting:grid',
          invoke: { ...readCandidates('shown'), onError: [sessionGone, { target: 'shown' }] },
          on: { 'api.connected': { target: 'refreshing', reenter: true } },
        },
        failed: {
          tags: 'sitting:failed',
          on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
        },
      },
    },
    conversation,
    candidate,
    notice,
    uploadHealth,
    liveView, // 实时画面
    review,
  },
});

export interface SittingView {
  readonly stage: 'sitting';
  readonly phase: 'loading' | 'grid' | 'failed';
  /** The sitting and its exam; null only if the sitting left the supervisor's list meanwhile. */
  readonly sitting: SittingSummary | null;
  /** The rows the filter lets through, in the order chosen. */
  readonly rows: readonly CandidateRow[];
  /** Every candidate of the sitting. */
  readonly total: number;
  readonly filter: GridFilter;
  readonly sort: GridSort;
  /** How many rows each filter would show. */
  readonly filterCounts: FilterCounts;
  /** How many candidates are at each stage, in the guide's order. */
  readonly stageCounts: readonly { readonly stage: ProgressStage; readonly count: number }[];
  /** Server time the rows were judged at. */
  readonly now: number;
  /** The conversation open beside the grid, if any. */
  readonly conversation: ConversationView | null;
  /** The open candidate's interventions and verdict, beside their conversation. */
  readonly candidatePanel: CandidatePanelView | null;
  /** The notice to every candidate of the sitting. */
  readonly notice: NoticeView;
  readonly error: ErrorCode | null;
  /** 实时画面 of the open candidate, while open. */
  readonly liveView: LiveViewView | null;
}

export function selectSittingView(snapshot: ProctorSnapshot): SittingView {
  const { context } = snapshot;
  const summary = context.sittings.find((s) => s.sitting.id === context.sittingId) ?? null;
  const schedule = summary?.sitting ?? { startsAt: 0 };
  const all = Object.values(context.candidates).map((status) => candidateRow(status, schedule, context.seenHelp[status.candidate.id] ?? 0, context.now));
  const open = all.find((row) => row.candidateId === context.conversationId) ?? null;
  return {
    stage: 'sitting',
    phase: proctorPhaseOf(snapshot, 'sitting', ['loading', 'grid', 'failed'] as const) ?? 'loading',
    sitting: summary,
    rows: sortRows(
      all.filter((row) => matchesFilter(row, context.filter)),
      context.sort,
    ),
    total: all.length,
    filter: context.filter,
    sort: context.sort,
    filterCounts: filterCounts(all),
    stageCounts: stageCounts(all),
    now: context.now,
    conversation: selectConversationView(snapshot, open),
    candidatePanel: selectCandidatePanelView(snapshot, open),
    notice: selectNoticeView(snapshot),
    error: context.error,
    liveView: selectLiveViewView(snapshot),
  };
}
