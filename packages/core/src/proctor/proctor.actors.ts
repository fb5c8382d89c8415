/**
 * Every side effect of proctorMachine, built from the console's ports: the actors it invokes, and the effects on the
 * kept session it runs as actions. The machine names these in proctor.setup.ts;
 * createProctorActor provides them with real ports, tests with fakes. Ports are read only when an actor runs.
 */
import { fromCallback, fromPromise } from 'xstate';
import { ErrorCode } from '../errors/error-codes.js';
import type { HelpMessage } from '../ports/exam-api.port.js';
import type { ProctorPorts } from '../ports/index.js';
import type { CandidateStatus, InterventionResult, KeptProctorSession, NoticeSent, RecordingLink, SittingSummary, Timeline, VerdictState } from '../ports/proctor-api.port.js';
import { playableParts } from './review-timeline.js';
import type { CandidateAction, CandidateRecord, ProctorContext, ProctorEvent } from './proctor.types.js';

/** What an action on a candidate answered: an intervention's result, or the verdict with its history. */
export type CandidateActionDone = { readonly kind: 'intervention'; readonly result: InterventionResult } | { readonly kind: 'verdict'; readonly state: VerdictState };

/** The grid reads the clock this often, so that a passing evidence due time shows without a push. */
export const GRID_TICK_MS = 15_000;

/** The upload-health view reads again this often while open (the server keeps about one sample per 10 s). */
export const UPLOAD_HEALTH_REFRESH_MS = 10_000;

export function createProctorActors(ports: ProctorPorts) {
  return {
    loadKeptSession: fromPromise<{ kept: KeptProctorSession | null; quickReplies: readonly string[] | null }>(async () => ({
      kept: ports.session.load(),
      quickReplies: ports.session.loadQuickReplies(),
    })),

    /** Logs in and keeps the session, so that a reload skips the login. */
    login: fromPromise<void, { username: string; password: string }>(async ({ input }) => {
      const session = await ports.api.login(input.username, input.password);
      ports.session.save({ token: session.token });
    }),

    listSittings: fromPromise<readonly SittingSummary[]>(() => ports.api.listSittings()),

    listCandidates: fromPromise<readonly CandidateStatus[], { sittingId: string }>(({ input }) => ports.api.listCandidates(input.sittingId)),

    getCandidateHelp: fromPromise<readonly HelpMessage[], { candidateId: string }>(({ input }) => ports.api.getCandidateHelp(input.candidateId)),

    replyHelp: fromPromise<HelpMessage, { candidateId: string; text: string }>(({ input }) =>
      ports.api.replyHelp(input.candidateId, { id: globalThis.crypto.randomUUID(), text: input.text }),
    ),

    /** A notice to every candidate of the sitting; one id per attempt, so that a retried request is not sent twice. */
    sendNotice: fromPromise<NoticeSent, { sittingId: string; text: string }>(({ input }) =>
      ports.api.sendNotice(input.sittingId, { id: globalThis.crypto.randomUUID(), text: input.text }),
    ),

    /** The open candidate's interventions and verdict, read together. */
    loadCandidateRecord: fromPromise<CandidateRecord, { candidateId: string }>(async ({ input }) => {
      const [interventions, verdict] = await Promise.all([ports.api.listInterventions(input.candidateId), ports.api.getVerdict(input.candidateId)]);
      return { interventions, verdict };
    }),

    actOnCandidate: fromPromise<CandidateActionDone, { candidateId: string; action: CandidateAction }>(async ({ input: { candidateId, action } }) => {
      switch (action.kind) {
        case 'extraTime':
          return { kind: 'intervention', result: await ports.api.giveExtraTime(candidateId, action.minutes) };
        case 'endInterview':
          return { kind: 'intervention', result: await ports.api.endInterview(candidateId, action.reason) };
        case 'lateEntry':
          return { kind: 'intervention', result: await ports.api.allowLateEntry(candidateId, action.reason) };
        case 'verdict':
          return { kind: 'verdict', state: await ports.api.setVerdict(candidateId, { verdict: action.verdict, comment: action.comment }) };
        case 'virtualCameraWaiver':
          return { kind: 'intervention', result: await ports.api.waiveVirtualCamera(candidateId, action.reason) };
      }
    }),

    /** The server's pushes about the sitting's candidates, and each (re)connection of the socket. */
    liveEvents: fromCallback<ProctorEvent>(({ sendBack }) => {
      const subscription = ports.api.liveEvents().subscribe({
        next: (event) => {
          switch (event.type) {
            case 'candidate.status':
              return sendBack({ type: 'api.candidateStatus', status: event.status });
            case 'help.message':
              return sendBack({ type: 'api.helpMessage', candidateId: event.candidateId, message: event.message });
            case 'evidence.status':
              return sendBack({ type: 'api.evidenceStatus', candidateId: event.candidateId, status: event.status });
            case 'connected':
              return sendBack({ type: 'api.connected' });
          }
        },
      });
      return () => subscription.unsubscribe();
    }),

    /**
     * 上传状况: the candidate's upload health (or the sitting's, without a candidate) now and every
     * UPLOAD_HEALTH_REFRESH_MS while the view is open, as the server samples about that often. A failed read is
     * said and the next turn tries again.
     */
    watchUploadHealth: fromCallback<ProctorEvent, { sittingId: string; candidateId: string | null }>(({ sendBack, input }) => {
      let timer: unknown;
      let stopped = false;
      const read = () => {
        if (stopped) return;
        const reading = input.candidateId === null ? ports.api.getSittingUploadHealth(input.sittingId) : ports.api.getCandidateUploadHealth(input.candidateId);
        reading.then(
          (health) => {
            if (!stopped) sendBack({ type: 'api.uploadHealth', health });
          },
          (error: unknown) => {
            if (!stopped) sendBack({ type: 'api.uploadHealthFailed', error });
          },
        );
        timer = ports.clock.setTimeout(read, UPLOAD_HEALTH_REFRESH_MS);
      };
      read();
      return () => {
        stopped = true;
        if (timer !== undefined) ports.clock.clearTimeout(timer);
      };
    }),

    /**
     * 实时画面 of one candidate: the LiveViewer's channel while the view is open; `ask` (from the stage's states) asks
     * for a new view, whose events come back as live.*. Without the port the view is refused as unavailable.
     */
    liveViewer: fromCallback<{ type: 'ask' }, { candidateId: string }, ProctorEvent>(({ input, receive, sendBack }) => {
      const viewer = ports.liveView;
      if (!viewer) {
        receive(() => sendBack({ type: 'live.refused', code: ErrorCode.LIVE_VIEW_UNAVAILABLE }));
        return () => undefined;
      }
      const channel = viewer.open(input.candidateId, (event) => {
        switch (event.type) {
          case 'accepted':
            return sendBack({ type: 'live.accepted' });
          case 'stream':
            return sendBack({ type: 'live.stream', source: event.source, stream: event.stream });
          case 'connected':
            return sendBack({ type: 'live.connected', peer: event.peer });
          case 'ended':
            return sendBack(event.peer ? { type: 'live.ended', reason: event.reason, peer: event.peer } : { type: 'live.ended', reason: event.reason });
          case 'refused':
            return sendBack({ type: 'live.refused', code: event.code });
          case 'available':
            return sendBack({ type: 'live.available' });
        }
      });
      receive(() => channel.ask());
      return () => channel.close();
    }),

    /** Server time now and every GRID_TICK_MS. */
    ticker: fromCallback<ProctorEvent>(({ sendBack }) => {
      let timer: unknown;
      let stopped = false;
      const tick = () => {
        if (stopped) return;
        sendBack({ type: 'clock.tick', now: ports.clock.now() });
        timer = ports.clock.setTimeout(tick, GRID_TICK_MS);
      };
      tick();
      return () => {
        stopped = true;
        if (timer !== undefined) ports.clock.clearTimeout(timer);
      };
    }),

    /** The review's timeline, and a link to the file of each part that has one (the complete ones). */
    loadReview: fromPromise<{ timeline: Timeline; links: Record<string, RecordingLink> }, { candidateId: string }>(async ({ input }) => {
      const timeline = await ports.api.getTimeline(input.candidateId);
      return { timeline, links: await linksTo(ports, timeline) };
    }),

    /** Fresh links to every part's file: before the old ones expire, or after a file did not load. */
    renewRecordingLinks: fromPromise<Record<string, RecordingLink>, { timeline: Timeline | null }>(({ input }) =>
      input.timeline === null ? Promise.resolve({}) : linksTo(ports, input.timeline),
    ),
  };
}

/** A link to the file of every complete part of the timeline, by recording id, asked side by side. */
async function linksTo(ports: ProctorPorts, timeline: Timeline): Promise<Record<string, RecordingLink>> {
  const ids = Object.values(playableParts(timeline.recordings)).flatMap((parts) => parts.map((part) => part.recordingId));
  const links = await Promise.all(ids.map((id) => ports.api.createRecordingLink(id)));
  return Object.fromEntries(ids.map((id, i) => [id, links[i]!]));
}

export type ProctorActors = ReturnType<typeof createProctorActors>;

/**
 * What the console keeps in the session store as it goes, from the machine's context: synchronous writes, run as
 * the machine's named actions.
 */
export function createProctorEffects(ports: ProctorPorts) {
  type Args = { readonly context: ProctorContext };
  /** Changes the kept session, if there is one (a logout in another tab leaves none). */
  const keep = (change: (kept: KeptProctorSession) => KeptProctorSession) => {
    const kept = ports.session.load();
    if (kept) ports.session.save(change(kept));
  };
  return {
    forgetSession: () => ports.session.clear(),
    /** The sitting open, so that a reload opens it again; none after leaving it. */
    keepSitting: ({ context }: Args) =>
      keep(({ sittingId: _left, ...kept }) => (context.sittingId === null ? kept : { ...kept, sittingId: context.sittingId })),
    keepSeenHelp: ({ context }: Args) => keep((kept) => ({ ...kept, seenHelp: context.seenHelp })),
    keepQuickReplies: ({ context }: Args) => {
      if (context.quickReplies) ports.session.saveQuickReplies(context.quickReplies);
    },
  };
}

export type ProctorEffects = ReturnType<typeof createProctorEffects>;
