/**
 * The review (回放) of the candidate whose panel is open, over the grid: the camera, screen and phone evidence
 * recordings side by side on one timeline of the interview, with markers for what happened (entry, the
 * confirmations, incidents, help messages and notices, interventions, verdicts, the finish). The timeline and a link
 * to each recording part's file are read when it opens; the links (valid 5 minutes on the server) are asked again
 * every RECORDING_LINK_RENEW_MS and whenever a file did not load. The supervisor picks an instant (user.seek); the
 * view seeks its videos there and plays them (the DOM's business), by core's review-timeline functions. The verdict
 * is the candidate panel's (user.act), which stays open beside the review.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { RecordingLink } from '../../ports/proctor-api.port.js';
import { candidateRow, type CandidateRow } from '../grid.js';
import { actorOutput, proctorSetup, sessionGone } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';
import { playableParts, positionMarkers, RECORDING_LINK_RENEW_MS, reviewSpan, seekPlan, withVerdicts, type PartAt, type PartsByKind, type PositionedMarker, type ReviewSpan } from '../review-timeline.js';
import type { RecordingKind } from '../../ports/recorder.port.js';
import { selectCandidatePanelView, type CandidatePanelView } from './candidate.js';

export const review = proctorSetup.createStateConfig({
  initial: 'closed',
  // Leaving the sitting (or logging out) closes the review.
  exit: 'closeReview',
  on: {
    'user.closeReview': { target: '.closed', actions: 'closeReview' },
    // One page at a time over the grid: 上传状况 takes its place.
    'user.openUploadHealth': { target: '.closed', actions: 'closeReview' },
    // The review is of the open candidate: another candidate's conversation, or none, closes it.
    'user.openConversation': { target: '.closed', actions: 'closeReview' },
    'user.closeConversation': { target: '.closed', actions: 'closeReview' },
  },
  states: {
    closed: {
      on: { 'user.openReview': { guard: 'hasOpenCandidate', target: 'loading', actions: 'openReview' } },
    },
    loading: {
      tags: 'review:loading',
      invoke: {
        src: 'loadReview',
        input: ({ context }) => ({ candidateId: context.review?.candidateId ?? '' }),
        onDone: { target: 'shown', actions: { type: 'assignReview', params: actorOutput } },
        onError: [sessionGone, { target: 'failed', actions: 'assignReviewError' }],
      },
    },
    failed: {
      tags: 'review:failed',
      on: { 'user.retry': { target: 'loading', actions: 'openReview' } },
    },
    shown: {
      tags: 'review:shown',
      on: { 'user.seek': { actions: 'assignSeek' } },
      initial: 'fresh',
      states: {
        // A link opens its file for 5 minutes: fresh ones are asked a minute before, so that a video never starts
        // on an expired link; one that still fails (a file served after the link died) asks at once.
        fresh: {
          after: { [RECORDING_LINK_RENEW_MS]: 'renewing' },
          on: { 'user.renewLinks': 'renewing' },
        },
        renewing: {
          invoke: {
            src: 'renewRecordingLinks',
            input: ({ context }) => ({ timeline: context.review?.timeline ?? null }),
            onDone: { target: 'fresh', actions: { type: 'assignReviewLinks', params: actorOutput } },
            // The old links stay; the view shows a recording it cannot load as unavailable, and the next renewal tries again.
            onError: [sessionGone, { target: 'fresh', actions: 'assignReviewError' }],
          },
        },
      },
    },
  },
});

export interface ReviewView {
  readonly stage: 'review';
  readonly phase: 'loading' | 'shown' | 'failed';
  readonly candidateId: string;
  /** The candidate's row (name, 准考证号, stage); null if they are not in the grid. */
  readonly candidate: CandidateRow | null;
  /** The stretch of the interview the timeline shows; null until read. */
  readonly span: ReviewSpan | null;
  /** Everything that happened, placed on the span, in order of time. */
  readonly markers: readonly PositionedMarker[];
  /** The complete parts of each recording kind. */
  readonly parts: PartsByKind;
  /** A link to each part's file, by recording id. */
  readonly links: Readonly<Record<string, RecordingLink>>;
  /** Fresh links are being asked. */
  readonly renewing: boolean;
  /** The instant chosen (seq counts the choices) and, for every kind, the part and offset to show there. */
  readonly seek: { readonly at: number; readonly seq: number; readonly plan: Readonly<Record<RecordingKind, PartAt | null>> } | null;
  /** The candidate's panel beside the review: the verdict and its history are given there. */
  readonly candidatePanel: CandidatePanelView | null;
  readonly error: ErrorCode | null;
}

const NO_PARTS: PartsByKind = { camera: [], screen: [], evidence: [] };

export function selectReviewView(snapshot: ProctorSnapshot): ReviewView | null {
  const { context } = snapshot;
  const { review } = context;
  if (review === null) return null;
  const status = context.candidates[review.candidateId];
  const summary = context.sittings.find((s) => s.sitting.id === context.sittingId)?.sitting ?? { startsAt: 0 };
  const row = status ? candidateRow(status, summary, context.seenHelp[review.candidateId] ?? 0, context.now) : null;
  const timeline = review.timeline;
  const span = timeline ? reviewSpan(timeline) : null;
  const parts = timeline ? playableParts(timeline.recordings) : NO_PARTS;
  const markers = timeline && span ? positionMarkers(withVerdicts(timeline.markers, context.record?.verdict.history ?? null), span) : [];
  return {
    stage: 'review',
    phase: proctorPhaseOf(snapshot, 'review', ['loading', 'shown', 'failed'] as const) ?? 'loading',
    candidateId: review.candidateId,
    candidate: row,
    span,
    markers,
    parts,
    links: review.links,
    renewing: snapshot.matches({ session: { sitting: { review: { shown: 'renewing' } } } }),
    seek: review.seek ? { ...review.seek, plan: seekPlan(parts, review.seek.at) } : null,
    candidatePanel: selectCandidatePanelView(snapshot, row),
    error: review.error,
  };
}
