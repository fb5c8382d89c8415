/**
 * Everything proctorMachine names: its types, actors, guards and actions. The state configs under stages/ refer to
 * these by name only, so every effect and condition of the supervisor's console is listed here once.
 */
import { assertEvent, assign, sendTo, setup } from 'xstate';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { HelpMessage } from '../ports/exam-api.port.js';
import type { ProctorPorts } from '../ports/index.js';
import type { CandidateStatus, KeptProctorSession, NoticeSent, RecordingLink, SittingSummary, Timeline } from '../ports/proctor-api.port.js';
import { createProctorActors, createProctorEffects, type CandidateActionDone } from './proctor.actors.js';
import { EXTRA_TIME_MINUTES, type CandidateAction, type CandidateRecord, type ProctorContext, type ProctorEvent, type ProctorTag } from './proctor.types.js';

/** Ports that throw on use: proctorMachine must be given real ones through createProctorActor or .provide(). */
const unprovidedPorts = new Proxy({} as ProctorPorts, {
  get(_target, port) {
    throw new Error(`proctorMachine: the ${String(port)} port is not provided; use createProctorActor({ ports })`);
  },
});

/** The output of the invoked actor whose onDone runs, as the params of a named action or guard. */
export const actorOutput = <T>({ event }: { readonly event: { readonly output: T } }): T => event.output;

type GuardArgs = { readonly context: ProctorContext; readonly event: ProctorEvent };
const errorOf = (event: unknown): ErrorCode => errorCodeOf((event as { error?: unknown }).error);
/** The answers that say the supervisor's session is over: they must log in again. */
const SESSION_GONE: ReadonlySet<ErrorCode> = new Set([ErrorCode.SESSION_EXPIRED, ErrorCode.SESSION_REVOKED, ErrorCode.UNAUTHENTICATED]);

/** Marks the open conversation's messages seen: unread is what came after. */
/** An action the server would accept the shape of: whole minutes in range, a reason or a verdict's comment of some words. */
export function isCompleteAction(action: CandidateAction): boolean {
  switch (action.kind) {
    case 'extraTime':
      return Number.isInteger(action.minutes) && action.minutes >= EXTRA_TIME_MINUTES.min && action.minutes <= EXTRA_TIME_MINUTES.max;
    case 'endInterview':
    case 'lateEntry':
    case 'virtualCameraWaiver':
      return action.reason.trim() !== '';
    case 'verdict':
      return true;
  }
}

/** The action with its words trimmed, as it is sent and recorded. */
function trimmed(action: CandidateAction): CandidateAction {
  switch (action.kind) {
    case 'extraTime':
      return action;
    case 'endInterview':
    case 'lateEntry':
    case 'virtualCameraWaiver':
      return { ...action, reason: action.reason.trim() };
    case 'verdict':
      return { ...action, comment: action.comment.trim() };
  }
}

function seeConversation(context: ProctorContext, candidateId: string | null, count: number): ProctorContext['seenHelp'] {
  if (candidateId === null || (context.seenHelp[candidateId] ?? 0) >= count) return context.seenHelp;
  return { ...context.seenHelp, [candidateId]: count };
}

/** Adds a message to the open conversation once (a pushed reply may also be the answer to our own request). */
function withMessage(messages: readonly HelpMessage[], message: HelpMessage): readonly HelpMessage[] {
  return messages.some((m) => m.id === message.id) ? messages : [...messages, message].sort((a, b) => a.at - b.at);
}

export const proctorSetup = setup({
  types: {
    context: {} as ProctorContext,
    events: {} as ProctorEvent,
    tags: {} as ProctorTag,
  },
  actors: createProctorActors(unprovidedPorts),
  guards: {
    isSessionKept: (_: GuardArgs, kept: KeptProctorSession | null) => kept !== null,
    /** A request refused because the supervisor's session ended. */
    isSessionGone: ({ event }: GuardArgs) => SESSION_GONE.has(errorOf(event)),
    /** The sitting a reload kept is still one of this supervisor's. */
    reopensKeptSitting: ({ context }: GuardArgs) => context.sittingId !== null && context.sittings.some((s) => s.sitting.id === context.sittingId),
    isOpenConversation: ({ context, event }: GuardArgs) => event.type === 'api.helpMessage' && event.candidateId === context.conversationId,
    /**
     * A push says the open candidate has more (or fewer) interventions or verdicts than their panel shows: another
     * supervisor acted, so the panel is read again. The supervisor's own action answers with its record, which the
     * push then matches.
     */
    isPanelOutdated: ({ context, event }: GuardArgs) => {
      if (event.type !== 'api.candidateStatus' || event.status.candidate.id !== context.conversationId || context.record === null) return false;
      const { interventions, verdicts } = event.status;
      return (
        (interventions !== undefined && interventions !== context.record.interventions.length) ||
        (verdicts !== undefined && verdicts !== context.record.verdict.history.length)
      );
    },
    isReplyText: ({ event }: GuardArgs) => event.type === 'user.reply' && event.text.trim() !== '',
    isNoticeText: ({ event }: GuardArgs) => event.type === 'user.sendNotice' && event.text.trim() !== '',
    /** Ending an interview waits for the supervisor's confirmation; the other actions go at once. */
    needsConfirmation: ({ event }: GuardArgs) => event.type === 'user.act' && event.action.kind === 'endInterview',
    /**
     * A complete action the candidate's state allows: letting in late only one who has not entered (the server also
     * refuses it, ALREADY_ENTERED); the rest are judged by the server alone (it knows the deadline and the finish).
     */
    /** 实时画面: the candidate's computer is connected (the phone alone does not make the view). */
    isComputerConnected: ({ event }: GuardArgs) => event.type === 'live.connected' && event.peer === 'candidate',
    /** The whole view ended, not only the phone's part of it. */
    isViewEnded: ({ event }: GuardArgs) => event.type === 'live.ended' && event.peer === undefined,
    isLiveFinished: ({ event }: GuardArgs) => event.type === 'live.ended' && event.reason === 'finished',
    /** The candidate's page is not publishing now: wait for it (不在线), not an error. */
    isLiveUnavailable: ({ event }: GuardArgs) => event.type === 'live.refused' && event.code === ErrorCode.LIVE_VIEW_UNAVAILABLE,
    isActionAllowed: ({ context, event }: GuardArgs) => {
      if (event.type !== 'user.act' || !isCompleteAction(event.action)) return false;
      if (event.action.kind !== 'lateEntry') return true;
      const status = context.conversationId === null ? undefined : context.candidates[context.conversationId];
      return status?.progress.enteredAt === null;
    },
    /** The review opens for the candidate whose panel is open. */
    hasOpenCandidate: ({ context }: GuardArgs) => context.conversationId !== null,
  },
  actions: {
    ...createProctorEffects(unprovidedPorts),
    clearError: assign({ error: null }),
    assignError: assign(({ event }) => ({ error: errorOf(event) })),
    assignErrorCode: assign((_, params: { code: ErrorCode }) => ({ error: params.code })),
    assignKept: assign((_, loaded: { kept: KeptProctorSession | null; quickReplies: readonly string[] | null }) => ({
      kept: loaded.kept,
      sittingId: loaded.kept?.sittingId ?? null,
      seenHelp: loaded.kept?.seenHelp ?? {},
      quickReplies: loaded.quickReplies,
    })),
    assignQuickReplies: assign((_, loaded: { quickReplies: readonly string[] | null }) => ({ quickReplies: loaded.quickReplies })),
    assignUsername: assign(({ event }) => {
      assertEvent(event, 'user.login');
      return { username: event.username.trim() };
    }),
    /** Everything of the session left behind: a new login starts afresh (the quick replies stay, they are the browser's). */
    resetSession: assign({
      kept: null, sittings: [], sittingId: null, candidates: {}, seenHelp: {}, conversationId: null, messages: [], draft: '',
      noticeDraft: '', noticeSent: null, noticeError: null, record: null, action: null, actionError: null,
    }),
    assignSittings: assign((_, sittings: readonly SittingSummary[]) => ({ sittings })),
    assignSittingId: assign(({ event }) => {
      assertEvent(event, 'user.chooseSitting');
      return { sittingId: event.sittingId, candidates: {}, filter: 'all' as const, conversationId: null, messages: [] };
    }),
    leaveSitting: assign({
      sittingId: null, candidates: {}, conversationId: null, messages: [], draft: '',
      noticeDraft: '', noticeSent: null, noticeError: null, record: null, action: null, actionError: null,
    }),
    assignCandidates: assign(({ context }, statuses: readonly CandidateStatus[]) => {
      const candidates = Object.fromEntries(statuses.map((status) => [status.candidate.id, status]));
      const open = context.conversationId === null ? undefined : candidates[context.conversationId];
      return { candidates, seenHelp: open ? seeConversation(context, open.candidate.id, open.helpMessages) : context.seenHelp };
    }),
    assignPushedStatus: assign(({ context, event }) => {
      assertEvent(event, 'api.candidateStatus');
      const { status } = event;
      // Pushes come for every sitting the supervisor watches; the grid holds its own sitting's candidates.
      if (status.sittingId !== context.sittingId) return {};
      const seenHelp = status.candidate.id === context.conversationId ? seeConversation(context, status.candidate.id, status.helpMessages) : context.seenHelp;
      return { candidates: { ...context.candidates, [status.candidate.id]: status }, seenHelp };
    }),
    assignPushedEvidence: assign(({ context, event }) => {
      assertEvent(event, 'api.evidenceStatus');
      const current = context.candidates[event.candidateId];
      return current ? { candidates: { ...context.candidates, [event.candidateId]: { ...current, evidence: event.status } } } : {};
    }),
    assignFilter: assign(({ event }) => {
      assertEvent(event, 'user.filter');
      return { filter: event.filter };
    }),
    assignSort: assign(({ event }) => {
      assertEvent(event, 'user.sort');
      return { sort: event.sort };
    }),
    assignNow: assign(({ event }) => {
      assertEvent(event, 'clock.tick');
      return { now: event.now };
    }),
    assignConversationId: assign(({ context, event }) => {
      assertEvent(event, 'user.openConversation');
      return { conversationId: event.candidateId, messages: [], draft: context.conversationId === event.candidateId ? context.draft : '', conversationError: null };
    }),
    closeConversation: assign({ conversationId: null, messages: [], draft: '', conversationError: null }),
    /** The history as read; everything in it, and whatever the grid counts, is now seen. */
    assignMessages: assign(({ context }, messages: readonly HelpMessage[]) => {
      const status = context.conversationId === null ? undefined : context.candidates[context.conversationId];
      return { messages, seenHelp: seeConversation(context, context.conversationId, Math.max(messages.length, status?.helpMessages ?? 0)) };
    }),
    appendPushedMessage: assign(({ context, event }) => {
      assertEvent(event, 'api.helpMessage');
      const messages = withMessage(context.messages, event.message);
      return { messages, seenHelp: seeConversation(context, context.conversationId, messages.length) };
    }),
    assignDraft: assign(({ event }) => {
      assertEvent(event, 'user.reply');
      return { draft: event.text, conversationError: null };
    }),
    assignSentReply: assign(({ context }, message: HelpMessage) => {
      const messages = withMessage(context.messages, message);
      return { messages, draft: '', seenHelp: seeConversation(context, context.conversationId, messages.length) };
    }),
    assignConversationError: assign(({ event }) => ({ conversationError: errorOf(event) })),
    assignNoticeDraft: assign(({ event }) => {
      assertEvent(event, 'user.sendNotice');
      return { noticeDraft: event.text, noticeError: null };
    }),
    /** Sent: the field empties and the console says how many candidates got it. */
    assignNoticeSent: assign((_, sent: NoticeSent) => ({ noticeSent: sent, noticeDraft: '' })),
    assignNoticeError: assign(({ event }) => ({ noticeError: errorOf(event) })),
    clearCandidateRecord: assign({ record: null, action: null, actionError: null }),
    assignCandidateRecord: assign((_, record: CandidateRecord) => ({ record })),
    assignAction: assign(({ event }) => {
      assertEvent(event, 'user.act');
      return { action: trimmed(event.action), actionError: null };
    }),
    clearAction: assign({ action: null }),
    /** The action done: its record joins the panel's, and the grid shows the candidate's progress after it. */
    assignActionDone: assign(({ context }, done: CandidateActionDone) => {
      const record = context.record ?? { interventions: [], verdict: { current: null, history: [] } };
      if (done.kind === 'verdict') return { action: null, record: { ...record, verdict: done.state } };
      const { intervention, progress } = done.result;
      const status = context.candidates[intervention.candidateId];
      return {
        action: null,
        record: { ...record, interventions: [...record.interventions.filter((i) => i.id !== intervention.id), intervention] },
        candidates: status ? { ...context.candidates, [intervention.candidateId]: { ...status, progress } } : context.candidates,
      };
    }),
    /** Refused or failed: the refusal is shown (the element keeps what was typed in its fields). */
    assignActionError: assign(({ event }) => ({ actionError: errorOf(event) })),
    assignQuickRepliesEdited: assign(({ event }) => {
      assertEvent(event, 'user.editQuickReplies');
      return { quickReplies: event.replies.map((reply) => reply.trim()).filter((reply) => reply !== '') };
    }),
    assignUploadHealthOf: assign(({ event }) => {
      assertEvent(event, 'user.openUploadHealth');
      return { uploadHealthOf: event.candidateId ?? null, uploadHealth: null, uploadHealthError: null };
    }),
    assignUploadHealth: assign(({ event }) => {
      assertEvent(event, 'api.uploadHealth');
      return { uploadHealth: event.health, uploadHealthError: null };
    }),
    assignUploadHealthError: assign(({ event }) => ({ uploadHealthError: errorOf(event) })),
    clearUploadHealth: assign({ uploadHealthOf: null, uploadHealth: null, uploadHealthError: null }),
    askLiveView: sendTo('liveViewer', { type: 'ask' as const }),
    assignLiveStream: assign(({ context, event }) => {
      assertEvent(event, 'live.stream');
      return { liveStreams: { ...context.liveStreams, [event.source]: event.stream } };
    }),
    /** The phone's part of the view ended: its picture goes, the computer's stays. */
    dropPeerStreams: assign(({ context, event }) => {
      assertEvent(event, 'live.ended');
      if (event.peer !== 'phone') return {};
      const { phone: _gone, ...rest } = context.liveStreams;
      return { liveStreams: rest };
    }),
    clearLiveStreams: assign({ liveStreams: {} }),
    clearLiveView: assign({ liveStreams: {}, liveError: null }),
    assignLiveError: assign(({ event }) => {
      assertEvent(event, 'live.refused');
      return { liveError: event.code };
    }),
    assignLiveFinished: assign({ liveError: ErrorCode.CANDIDATE_FINISHED }),
    openReview: assign(({ context }) => ({ review: { candidateId: context.conversationId ?? '', timeline: null, links: {}, seek: null, error: null } })),
    assignReview: assign(({ context }, loaded: { timeline: Timeline; links: Record<string, RecordingLink> }) =>
      context.review ? { review: { ...context.review, timeline: loaded.timeline, links: loaded.links, error: null } } : {},
    ),
    assignReviewLinks: assign(({ context }, links: Record<string, RecordingLink>) => (context.review ? { review: { ...context.review, links } } : {})),
    assignReviewError: assign(({ context, event }) => (context.review ? { review: { ...context.review, error: errorOf(event) } } : {})),
    assignSeek: assign(({ context, event }) => {
      assertEvent(event, 'user.seek');
      if (!context.review) return {};
      return { review: { ...context.review, seek: { at: event.at, seq: (context.review.seek?.seq ?? 0) + 1 } } };
    }),
    closeReview: assign({ review: null }),
  },
});

export function initialProctorContext(): ProctorContext {
  return {
    kept: null,
    username: '',
    sittings: [],
    sittingId: null,
    candidates: {},
    seenHelp: {},
    filter: 'all',
    sort: 'name',
    now: 0,
    conversationId: null,
    messages: [],
    draft: '',
    quickReplies: null,
    noticeDraft: '',
    noticeSent: null,
    noticeError: null,
    record: null,
    action: null,
    actionError: null,
    error: null,
    conversationError: null,
    uploadHealthOf: null,
    uploadHealth: null,
    uploadHealthError: null,
    liveStreams: {},
    liveError: null,
    review: null,
  };
}

/**
 * The transition of every request's onError that comes first: a session the server ended (expired, revoked, unknown)
 * goes back to the login with the reason shown, and is forgotten so that a reload does not try it again.
 */
export const sessionGone = { guard: 'isSessionGone', target: '#proctor.login', actions: ['forgetSession', 'resetSession', 'assignError'] } as const;
