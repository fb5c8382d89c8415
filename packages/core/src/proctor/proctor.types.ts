/** The types of proctorMachine, the supervisor's console (监督员: the sitting's live grid and the 求助 conversations). */
import type { ErrorCode } from '../errors/error-codes.js';
import type { EvidenceStatus, HelpMessage } from '../ports/exam-api.port.js';
import type { CandidateUploadHealth, SittingUploadHealth } from '../ports/proctor-api.port.js';
import type { CandidateStatus, Intervention, KeptProctorSession, NoticeSent, RecordingLink, SittingSummary, Timeline, VerdictKind, VerdictState } from '../ports/proctor-api.port.js';
import type { LiveViewEndReason, LiveViewPeer, LiveViewSource } from '../ports/live-view.port.js';
import type { GridFilter, GridSort } from './grid.js';

export interface ProctorContext {
  /** The session a reload kept, read at start. */
  readonly kept: KeptProctorSession | null;
  /** The username tried last, to show in the field again. */
  readonly username: string;
  readonly sittings: readonly SittingSummary[];
  /** The sitting open in the grid. */
  readonly sittingId: string | null;
  /** The sitting's candidates by id, as last read or pushed. */
  readonly candidates: Readonly<Record<string, CandidateStatus>>;
  /** Per candidate, how many help messages the supervisor has seen; the rest of `helpMessages` are unread. */
  readonly seenHelp: Readonly<Record<string, number>>;
  readonly filter: GridFilter;
  readonly sort: GridSort;
  /** Server time, read again every GRID_TICK_MS while the grid is open (evidence due times pass). */
  readonly now: number;
  /** The candidate whose conversation is open beside the grid. */
  readonly conversationId: string | null;
  readonly messages: readonly HelpMessage[];
  /** The reply being sent, or kept after it failed so that nothing typed is lost. */
  readonly draft: string;
  /** The supervisor's own quick replies, or null for the console's defaults (the words of the page's language). */
  readonly quickReplies: readonly string[] | null;
  /** The sitting-wide notice being sent, or kept after it failed. */
  readonly noticeDraft: string;
  /** The last notice sent: the console shows how many candidates got it. */
  readonly noticeSent: NoticeSent | null;
  readonly noticeError: ErrorCode | null;
  /** The open candidate's interventions and verdict (read when the panel opens beside the conversation). */
  readonly record: CandidateRecord | null;
  /** The action being sent, or awaiting the supervisor's confirmation (ending an interview). */
  readonly action: CandidateAction | null;
  /** The server's refusal of the last action, or a failed read of the record. */
  readonly actionError: ErrorCode | null;
  readonly error: ErrorCode | null;
  /** An error of the open conversation (a reply not sent), shown in the panel rather than over the grid. */
  readonly conversationError: ErrorCode | null;
  /** 上传状况: the candidate whose upload health is open, or null for the sitting's (while the view is open). */
  readonly uploadHealthOf: string | null;
  /** The upload health last read for the open view; null until read. */
  readonly uploadHealth: CandidateUploadHealth | SittingUploadHealth | null;
  readonly uploadHealthError: ErrorCode | null;
  /** 实时画面 of the open candidate: the streams of the view connected now, by source (never shown in a view object). */
  readonly liveStreams: Readonly<Partial<Record<LiveViewSource, MediaStream>>>;
  /** Why the live view could not be had (FORBIDDEN, LIVE_VIEWS_EXHAUSTED, CANDIDATE_FINISHED…). */
  readonly liveError: ErrorCode | null;
  /** The review open over the grid (回放), of the open candidate; null when closed. */
  readonly review: ReviewState | null;
}

/** One candidate's review: their timeline, links to the recordings' files, and the instant the supervisor chose. */
export interface ReviewState {
  readonly candidateId: string;
  /** Null until read. */
  readonly timeline: Timeline | null;
  /** A link per complete recording part, by recording id, renewed before it expires. */
  readonly links: Readonly<Record<string, RecordingLink>>;
  /** The instant chosen on the timeline; `seq` counts the choices, so that choosing the same instant again seeks again. */
  readonly seek: { readonly at: number; readonly seq: number } | null;
  readonly error: ErrorCode | null;
}

/** One candidate's interventions (who, when, what) and verdict with its history. */
export interface CandidateRecord {
  readonly interventions: readonly Intervention[];
  readonly verdict: VerdictState;
}

/** What a supervisor does to one candidate from their panel. */
export type CandidateAction =
  | { readonly kind: 'extraTime'; readonly minutes: number }
  | { readonly kind: 'endInterview'; readonly reason: string }
  | { readonly kind: 'lateEntry'; readonly reason: string }
  | { readonly kind: 'verdict'; readonly verdict: VerdictKind; readonly comment: string }
  /** R7: 豁免 the candidate's virtual or filter camera, with a reason. */
  | { readonly kind: 'virtualCameraWaiver'; readonly reason: string };

/** Extra time a supervisor may give at once (the server's ExtraTimeBody). */
export const EXTRA_TIME_MINUTES = { min: 1, max: 120 } as const;

export type ProctorEvent =
  // ---- the views ----
  | { readonly type: 'user.login'; readonly username: string; readonly password: string }
  | { readonly type: 'user.logout' }
  | { readonly type: 'user.retry' }
  | { readonly type: 'user.chooseSitting'; readonly sittingId: string }
  | { readonly type: 'user.leaveSitting' }
  | { readonly type: 'user.filter'; readonly filter: GridFilter }
  | { readonly type: 'user.sort'; readonly sort: GridSort }
  | { readonly type: 'user.openConversation'; readonly candidateId: string }
  | { readonly type: 'user.closeConversation' }
  | { readonly type: 'user.reply'; readonly text: string }
  | { readonly type: 'user.editQuickReplies'; readonly replies: readonly string[] }
  | { readonly type: 'user.sendNotice'; readonly text: string }
  /** An action on the open candidate; endInterview waits for user.confirm. */
  | { readonly type: 'user.act'; readonly action: CandidateAction }
  | { readonly type: 'user.confirm' }
  | { readonly type: 'user.cancel' }
  // ---- time ----
  | { readonly type: 'clock.tick'; readonly now: number }
  // ---- the server ----
  | { readonly type: 'api.candidateStatus'; readonly status: CandidateStatus }
  | { readonly type: 'api.helpMessage'; readonly candidateId: string; readonly message: HelpMessage }
  | { readonly type: 'api.evidenceStatus'; readonly candidateId: string; readonly status: EvidenceStatus }
  | { readonly type: 'api.connected' }
  // ---- upload health (上传状况) ----
  /** Opens the upload-health view: a candidate's (from their panel), or the sitting's without a candidateId. */
  | { readonly type: 'user.openUploadHealth'; readonly candidateId?: string }
  | { readonly type: 'user.closeUploadHealth' }
  | { readonly type: 'api.uploadHealth'; readonly health: CandidateUploadHealth | SittingUploadHealth }
  | { readonly type: 'api.uploadHealthFailed'; readonly error: unknown }
  // ---- 实时画面 (the LiveViewer port) ----
  | { readonly type: 'user.watchLive' }
  | { readonly type: 'user.stopLive' }
  | { readonly type: 'live.accepted' }
  | { readonly type: 'live.stream'; readonly source: LiveViewSource; readonly stream: MediaStream }
  | { readonly type: 'live.connected'; readonly peer: LiveViewPeer }
  | { readonly type: 'live.ended'; readonly reason: LiveViewEndReason; readonly peer?: LiveViewPeer }
  | { readonly type: 'live.refused'; readonly code: ErrorCode }
  | { readonly type: 'live.available' }
  // ---- the review (回放) ----
  /** Opens the review of the candidate whose panel is open. */
  | { readonly type: 'user.openReview' }
  | { readonly type: 'user.closeReview' }
  /** Seeks every recording to this instant of the interview (server time). */
  | { readonly type: 'user.seek'; readonly at: number }
  /** A recording's file did not load (its link may have expired): ask fresh links. */
  | { readonly type: 'user.renewLinks' };

/** The view states, one tag each (`<stage>:<phase>`); the conversation's tags come beside `sitting:grid`. */
export type ProctorTag =
  | 'login:starting'
  | 'login:entering'
  | 'login:submitting'
  | 'sittings:loading'
  | 'sittings:list'
  | 'sittings:failed'
  | 'sitting:loading'
  | 'sitting:grid'
  | 'sitting:failed'
  | 'conversation:loading'
  | 'conversation:open'
  | 'conversation:sending'
  | 'conversation:failed'
  | 'notice:sending'
  | 'notice:sent'
  | 'notice:failed'
  | 'candidate:loading'
  | 'candidate:shown'
  | 'candidate:confirming'
  | 'candidate:acting'
  | 'candidate:failed'
  | 'uploadHealth:loading'
  | 'uploadHealth:shown'
  | 'uploadHealth:failed'
  | 'liveView:connecting'
  | 'liveView:connected'
  | 'liveView:reconnecting'
  | 'liveView:offline'
  | 'liveView:failed'
  | 'review:loading'
  | 'review:shown'
  | 'review:failed';
