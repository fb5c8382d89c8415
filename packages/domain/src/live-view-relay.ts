/**
 * 实时画面's signalling, for every front's live-events socket (the server's, the MSW handlers'): the candidate's page
 * and the phone publish, a supervisor asks to watch, and the peers' signals are relayed between the two ends of one
 * view only. The server is the authority: the domain says who may watch whom (`liveViewTarget`: the candidate of a
 * sitting the supervisor watches, not finished), this relay holds the views in memory (a restart ends them all; the
 * pages ask again), caps the views per candidate, ends a view when one of its ends goes (its socket closed) or the
 * candidate finishes, and answers every refused message with `live.error` (nothing relayed). The messages are the
 * contract's LiveViewClientMessage and LiveViewServerMessage, documented in docs/architecture.md ("The live events").
 */
import { Value } from '@sinclair/typebox/value';
import { ErrorCode, errorCodeOf, type LiveViewEndReason, type LiveViewPeer } from '@examroom/core';
import { errorBodyOf, LiveViewClientMessage, type IceServer, type LiveEvent, type LiveViewServerMessage } from '@examroom/adapters/rest';
import type { Principal } from './dispatcher.types.js';
import type { ExamDomain } from './exam-domain.types.js';
import { watchesSitting } from './exam-domain/context.js';
import type { Repository } from './repository.js';

export interface LiveViewSettings {
  /** Given to both ends of every view (EXAMROOM_ICE_SERVERS); none by default: one host, or one LAN, needs none. */
  readonly iceServers: readonly IceServer[];
  /** The most each video track of a view may send, applied by the publishing page (EXAMROOM_LIVE_VIEW_BITRATE_BPS). */
  readonly maxBitrateBps: number;
  /** The most views of one candidate open at once (EXAMROOM_LIVE_VIEWS_PER_CANDIDATE). */
  readonly viewsPerCandidate: number;
}

export const LIVE_VIEW_DEFAULTS: LiveViewSettings = { iceServers: [], maxBitrateBps: 500_000, viewsPerCandidate: 3 };

/** Signalling messages are small (an SDP is a few kB); anything longer is refused unread. */
export const LIVE_MESSAGE_MAX_CHARS = 64 * 1024;

/** One authenticated socket as the relay sees it. */
export interface LiveViewConnection {
  /** A message the socket received after its auth; answers false when it is not a live-view message (`live.*`). */
  receive(text: string): boolean;
  /** The socket closed: its views end, its publication goes. */
  close(): void;
}

export interface LiveViewRelay {
  connect(principal: Principal, send: (message: LiveViewServerMessage) => void, acceptLanguage?: string | null): LiveViewConnection;
  /** The views open now. */
  readonly views: number;
  /** Stops following the domain's events (the front closes). */
  dispose(): void;
}

export interface LiveViewRelayOptions {
  readonly domain: Pick<ExamDomain, 'liveViewTarget' | 'subscribe'>;
  readonly repo: Pick<Repository, 'getCandidate' | 'getSupervisor'>;
  readonly settings?: Partial<LiveViewSettings>;
}

interface Socket {
  readonly principal: Principal;
  readonly send: (message: LiveViewServerMessage) => void;
  readonly acceptLanguage: string | null | undefined;
}

interface View {
  readonly viewId: string;
  readonly candidateId: string;
  readonly supervisor: Socket;
  /** The publishing ends asked to connect to this view, by peer. */
  readonly ends: Map<LiveViewPeer, Socket>;
}

type ServerEndReason = Exclude<LiveViewEndReason, 'failed'>;

export function createLiveViewRelay(options: LiveViewRelayOptions): LiveViewRelay {
  const settings: LiveViewSettings = { ...LIVE_VIEW_DEFAULTS, ...options.settings };
  const { domain, repo } = options;
  const iceServers = [...settings.iceServers];
  /** Per candidate, the socket publishing as each peer. */
  const publishers = new Map<string, Map<LiveViewPeer, Socket>>();
  const views = new Map<string, View>();
  const supervisors = new Set<Socket>();

  const refuse = (socket: Socket, code: ErrorCode, viewId?: string) =>
    socket.send({ type: 'live.error', ...(viewId !== undefined ? { viewId } : {}), code, message: errorBodyOf(code, socket.acceptLanguage).message });

  const viewsOf = (candidateId: string) => [...views.values()].filter((view) => view.candidateId === candidateId);

  /** Ends a view: every end and the supervisor are told, except `quiet` (the one that ended it, or that is gone). */
  const endView = (view: View, reason: ServerEndReason, quiet?: Socket) => {
    if (!views.delete(view.viewId)) return;
    const ended: LiveViewServerMessage = { type: 'live.ended', viewId: view.viewId, reason };
    for (const end of view.ends.values()) if (end !== quiet) end.send(ended);
    if (view.supervisor !== quiet) view.supervisor.send(ended);
  };

  const request = (view: View, end: Socket) =>
    end.send({ type: 'live.request', viewId: view.viewId, iceServers, maxBitrateBps: settings.maxBitrateBps });

  /** Tells the supervisors of the candidate's sitting who publishes now, so that a console waiting to reconnect asks again. */
  const announce = async (candidateId: string) => {
    const candidate = await repo.getCandidate(candidateId);
    if (!candidate) return;
    const peers = [...(publishers.get(candidateId)?.keys() ?? [])];
    for (const socket of supervisors) {
      const supervisor = await repo.getSupervisor(socket.principal.subjectId);
      if (supervisor && watchesSitting(supervisor, { id: candidate.sittingId, examId: candidate.examId })) {
        socket.send({ type: 'live.available', candidateId, peers });
      }
    }
  };

  /** A publishing socket goes (closed, or replaced by the page's new one): its views end, or lose the phone. */
  const unpublish = (socket: Socket, peer: LiveViewPeer) => {
    const candidateId = socket.principal.subjectId;
    const own = publishers.get(candidateId);
    if (own?.get(peer) === socket) {
      own.delete(peer);
      if (own.size === 0) publishers.delete(candidateId);
    }
    for (const view of viewsOf(candidateId)) {
      if (view.ends.get(peer) !== socket) continue;
      if (peer === 'candidate') {
        endView(view, 'candidateOffline', socket);
      } else {
        view.ends.delete(peer);
        view.supervisor.send({ type: 'live.ended', viewId: view.viewId, reason: 'phoneOffline', peer });
      }
    }
  };

  const publish = async (socket: Socket) => {
    const { role, subjectId: candidateId } = socket.principal;
    // Only the candidate's page and their phone publish.
    if (role !== 'candidate' && role !== 'phone') return refuse(socket, ErrorCode.FORBIDDEN);
    const peer: LiveViewPeer = role;
    const previous = publishers.get(candidateId)?.get(peer);
    if (previous && previous !== socket) unpublish(previous, peer);
    const own = publishers.get(candidateId) ?? new Map<LiveViewPeer, Socket>();
    own.set(peer, socket);
    publishers.set(candidateId, own);
    // A phone that comes (back) joins the views already open; the computer's page is asked again by the consoles.
    if (peer === 'phone') {
      for (const view of viewsOf(candidateId)) {
        if (view.ends.has('phone')) continue;
        view.ends.set('phone', socket);
        request(view, socket);
      }
    }
    await announce(candidateId);
  };

  const watch = async (socket: Socket, viewId: string, candidateId: string) => {
    if (views.has(viewId)) return refuse(socket, ErrorCode.VALIDATION_FAILED, viewId);
    try {
      await domain.liveViewTarget(socket.principal, candidateId);
    } catch (error) {
      return refuse(socket, errorCodeOf(error), viewId);
    }
    const own = publishers.get(candidateId);
    const computer = own?.get('candidate');
    if (!own || !computer) return refuse(socket, ErrorCode.LIVE_VIEW_UNAVAILABLE, viewId);
    if (viewsOf(candidateId).length >= settings.viewsPerCandidate) return refuse(socket, ErrorCode.LIVE_VIEWS_EXHAUSTED, viewId);
    const view: View = { viewId, candidateId, supervisor: socket, ends: new Map(own) };
    views.set(viewId, view);
    socket.send({ type: 'live.accepted', viewId, candidateId, iceServers, peers: [...view.ends.keys()] });
    for (const end of view.ends.values()) request(view, end);
  };

  const signal = (socket: Socket, viewId: string, peer: LiveViewPeer | undefined, payload: Record<string, unknown>) => {
    const view = views.get(viewId);
    if (view && view.supervisor === socket) {
      const end = view.ends.get(peer ?? 'candidate');
      if (end) return end.send({ type: 'live.signal', viewId, peer: peer ?? 'candidate', signal: payload });
    } else if (view) {
      const from = [...view.ends].find(([, end]) => end === socket)?.[0];
      if (from) return view.supervisor.send({ type: 'live.signal', viewId, peer: from, signal: payload });
    }
    // Not an end of this view (or no such view, or it ended meanwhile): nothing is relayed.
    refuse(socket, ErrorCode.NOT_FOUND, viewId);
  };

  const stop = (socket: Socket, viewId: string) => {
    const view = views.get(viewId);
    if (!view || view.supervisor !== socket) return refuse(socket, ErrorCode.NOT_FOUND, viewId);
    endView(view, 'stopped', socket);
  };

  // A finished interview (the page's finish, a supervisor's end, the deadline's timeUp as a read settles it) ends its views.
  const unsubscribe = domain.subscribe((event: LiveEvent) => {
    const candidateId = event.type === 'exam.finished' ? event.candidateId : event.type === 'candidate.status' && event.status.progress.finishedAt !== null ? event.status.candidate.id : null;
    if (candidateId === null) return;
    for (const view of viewsOf(candidateId)) endView(view, 'finished');
  });

  return {
    connect(principal, send, acceptLanguage) {
      const socket: Socket = { principal, send, acceptLanguage };
      if (principal.role === 'supervisor') supervisors.add(socket);
      let published = false;
      // A socket's messages are handled one after another, in the order they came (a watch reads the repository).
      let handled: Promise<void> = Promise.resolve();
      const handle = async (message: LiveViewClientMessage) => {
        switch (message.type) {
          case 'live.publish':
            await publish(socket);
            published = principal.role !== 'supervisor';
            break;
          case 'live.watch':
            if (principal.role !== 'supervisor') refuse(socket, ErrorCode.FORBIDDEN, message.viewId);
            else await watch(socket, message.viewId, message.candidateId);
            break;
          case 'live.signal':
            signal(socket, message.viewId, message.peer, message.signal);
            break;
          case 'live.stop':
            stop(socket, message.viewId);
            break;
        }
      };
      return {
        receive(text) {
          if (text.length > LIVE_MESSAGE_MAX_CHARS) {
            refuse(socket, ErrorCode.PAYLOAD_TOO_LARGE);
            return true;
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            return false;
          }
          const type = typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
          if (typeof type !== 'string' || !type.startsWith('live.')) return false;
          if (!Value.Check(LiveViewClientMessage, parsed)) {
            const viewId = (parsed as { viewId?: unknown }).viewId;
            refuse(socket, ErrorCode.VALIDATION_FAILED, typeof viewId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(viewId) ? viewId : undefined);
            return true;
          }
          const message = parsed as LiveViewClientMessage;
          handled = handled.then(() => handle(message)).catch((error: unknown) => console.error('examroom: live view message failed', error));
          return true;
        },
        close() {
          supervisors.delete(socket);
          for (const view of [...views.values()]) if (view.supervisor === socket) endView(view, 'stopped', socket);
          if (published && (principal.role === 'candidate' || principal.role === 'phone')) unpublish(socket, principal.role);
        },
      };
    },
    get views() {
      return views.size;
    },
    dispose: unsubscribe,
  };
}
