/**
 * What every front's live-events socket does with the domain's events (the server's WebSocket, the MSW handlers'):
 * read the first message's token, decide which events go to a session, and when a session's socket closes (its
 * session revoked or expired). The domain decides each event's audience; this decides who in that audience a session is.
 */
import { ErrorCode, errorCodeOf } from '@examroom/core';
import type { LiveEvent } from '@examroom/adapters/rest';
import type { Audience, Principal } from './dispatcher.types.js';
import type { ExamDomain } from './exam-domain.types.js';
import { watchesSitting } from './exam-domain/context.js';
import type { Repository, SittingRow, SupervisorRow } from './repository.js';

/** The token of a live-events socket's first message, `{ "type": "auth", "token": … }` (WsAuthMessage), or null. */
export function liveAuthToken(message: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { type, token } = parsed as { type?: unknown; token?: unknown };
  return type === 'auth' && typeof token === 'string' && token.length <= 200 ? token : null;
}

/** What deciding a session's events needs to look up. */
export interface LiveLookups {
  /** The sitting (and its exam) of a candidate, or undefined when unknown. */
  sittingOf(candidateId: string): Promise<Pick<SittingRow, 'id' | 'examId'> | undefined>;
  /** The (supervisor) session's supervisor, with the exams and sittings they watch. */
  supervisor(): Promise<SupervisorRow | undefined>;
}

/** How long a socket's lookup of its supervisor is kept: an administrator's change of what they watch shows within it. */
export const LIVE_SUPERVISOR_LOOKUP_MS = 5_000;

/**
 * The lookups from the repository, for one session's socket, kept: a candidate never changes sitting (looked up once
 * each), and the supervisor is read again after LIVE_SUPERVISOR_LOOKUP_MS — every event would otherwise read them
 * for every supervisor's socket.
 */
export function liveLookups(repo: Repository, principal: Principal, now: () => number = Date.now): LiveLookups {
  const sittings = new Map<string, Promise<Pick<SittingRow, 'id' | 'examId'> | undefined>>();
  let supervisor: { readonly at: number; readonly row: Promise<SupervisorRow | undefined> } | null = null;
  return {
    sittingOf(candidateId) {
      let sitting = sittings.get(candidateId);
      if (!sitting) {
        sitting = repo.getCandidate(candidateId).then((candidate) => (candidate ? { id: candidate.sittingId, examId: candidate.examId } : undefined));
        sittings.set(candidateId, sitting);
      }
      return sitting;
    },
    supervisor() {
      if (!supervisor || now() - supervisor.at >= LIVE_SUPERVISOR_LOOKUP_MS) supervisor = { at: now(), row: repo.getSupervisor(principal.subjectId) };
      return supervisor.row;
    },
  };
}

/** What a phone's socket carries: its candidate's evidence status and its own end — never the help chat. */
const PHONE_EVENTS: ReadonlySet<LiveEvent['type']> = new Set<LiveEvent['type']>(['evidence.status', 'session.revoked']);

/**
 * Does a live event go to this session? Supervisors get every event meant for supervisors about the sittings they
 * watch (watchesSitting); a candidate's session gets its candidate's events (never candidate.status), a phone's only the evidence
 * status and session.revoked; an event naming one session goes to that session only.
 */
export async function isLiveEventFor(principal: Principal, event: LiveEvent, audience: Audience, lookups: LiveLookups): Promise<boolean> {
  // Administrators watch no candidate live: the console reads what it shows.
  if (principal.role === 'administrator') return false;
  if (principal.role === 'supervisor') {
    if (!audience.supervisors) return false;
    const sitting = await lookups.sittingOf(audience.candidateId);
    const supervisor = await lookups.supervisor();
    return sitting !== undefined && supervisor !== undefined && watchesSitting(supervisor, sitting);
  }
  if (event.type === 'candidate.status') return false;
  if (principal.role === 'phone' && !PHONE_EVENTS.has(event.type)) return false;
  if (audience.candidateId !== principal.subjectId) return false;
  return audience.sessionId === undefined || audience.sessionId === principal.sessionId;
}

/** The close reason of a live socket whose session ended (with close code LIVE_CLOSE_UNAUTHENTICATED). */
export type LiveCloseReason = 'UNAUTHENTICATED' | 'SESSION_REVOKED' | 'SESSION_EXPIRED';

/** The domain's clock as a live socket watches it: the dev control may move it, and says so. */
export interface LiveClock {
  now(): number;
  /** Calls `listener` after each jump of the clock (the dev control); returns the function that stops it. */
  onSet?(listener: () => void): () => void;
}

/** setTimeout's longest delay; a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** When checking a session failed for another reason (the database busy, closing), the next try. */
const RECHECK_AFTER_FAILURE_MS = 60_000;

function closeReasonOf(code: ErrorCode): LiveCloseReason | null {
  if (code === ErrorCode.SESSION_EXPIRED) return 'SESSION_EXPIRED';
  if (code === ErrorCode.UNAUTHENTICATED) return 'UNAUTHENTICATED';
  if (code === ErrorCode.SESSION_REVOKED || code === ErrorCode.PHONE_REPLACED) return 'SESSION_REVOKED';
  return null;
}

/**
 * Watches a live socket's session until it ends, then calls `end` once, with the last event to send (session.revoked
 * with the reason, for a candidate's or a phone's socket; supervisors have no such event) and the close reason. A
 * session ends at once when the domain ends it (logout, another login, a new phone), and when it expires on the
 * domain's clock: a timer waits for its expiry, and every jump of the dev clock checks it again. Returns the function
 * that stops watching (when the socket closes first).
 */
export async function watchLiveSession(
  domain: Pick<ExamDomain, 'checkSession' | 'subscribeSessionEnds'>,
  principal: Principal,
  clock: LiveClock,
  end: (last: LiveEvent | null, reason: LiveCloseReason) => void,
): Promise<() => void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watching = true;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(check, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    // In Node, a socket's expiry timer alone must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  const finish = (code: ErrorCode, reason: LiveCloseReason) => {
    if (!watching) return;
    stop();
    const last: LiveEvent | null = principal.role === 'supervisor' ? null : { type: 'session.revoked', candidateId: principal.subjectId, reason: code };
    end(last, reason);
  };
  async function check(): Promise<void> {
    if (!watching) return;
    try {
      arm((await domain.checkSession(principal)).expiresAt - clock.now());
    } catch (error) {
      const code = errorCodeOf(error);
      const reason = closeReasonOf(code);
      if (reason) finish(code, reason);
      else arm(RECHECK_AFTER_FAILURE_MS);
    }
  }
  const stopEnds = domain.subscribeSessionEnds((ended) => {
    if (ended.sessionId !== principal.sessionId) return;
    finish(ended.reason, closeReasonOf(ended.reason) ?? 'SESSION_REVOKED');
  });
  const stopClock = clock.onSet?.(check);
  function stop(): void {
    watching = false;
    clearTimeout(timer);
    stopEnds();
    stopClock?.();
  }
  await check();
  return stop;
}
