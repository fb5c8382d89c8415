/**
 * What every front's live-events socket does with the domain's events (the server's WebSocket, the MSW handlers'):
 * read the first message's token, decide which events go to a session, and when a session's socket closes. The
 * domain decides each event's audience; this decides who in that audience a session is.
 */
import type { LiveEvent } from '@examroom/adapters/rest';
import type { Audience, Principal } from './dispatcher.types.js';
import type { Repository } from './repository.js';

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

/** What deciding a session's events needs to look up; a front may cache these. */
export interface LiveLookups {
  /** The exam of a candidate, or undefined when unknown. */
  examIdOf(candidateId: string): string | undefined;
  /** The exams the (supervisor) session watches. */
  supervisedExams(): readonly string[];
}

/** The lookups straight from the repository, for a session. */
export function liveLookups(repo: Repository, principal: Principal): LiveLookups {
  return {
    examIdOf: (candidateId) => repo.getCandidate(candidateId)?.examId,
    supervisedExams: () => repo.getSupervisor(principal.subjectId)?.examIds ?? [],
  };
}

/**
 * Does a live event go to this session? Supervisors get every event meant for supervisors about the exams they
 * watch; a candidate's and a phone's sessions get their candidate's events (never candidate.status), or only the
 * one session an event names.
 */
export function isLiveEventFor(principal: Principal, event: LiveEvent, audience: Audience, lookups: LiveLookups): boolean {
  if (principal.role === 'supervisor') {
    if (!audience.supervisors) return false;
    const examId = lookups.examIdOf(audience.candidateId);
    return examId !== undefined && lookups.supervisedExams().includes(examId);
  }
  if (event.type === 'candidate.status') return false;
  if (audience.candidateId !== principal.subjectId) return false;
  return audience.sessionId === undefined || audience.sessionId === principal.sessionId;
}

/** After delivering `event`, the session's socket closes: it told this session that it was revoked. */
export function closesLiveSession(principal: Principal, event: LiveEvent, audience: Audience, repo: Repository): boolean {
  if (event.type !== 'session.revoked' || principal.role === 'supervisor') return false;
  const revoked = () => repo.listSessions(principal.role, principal.subjectId).some((s) => s.id === principal.sessionId && s.revokedAt !== null);
  return audience.sessionId === principal.sessionId || revoked();
}
