/**
 * What every HTTP front (the Fastify server, the MSW handlers) hands the domain, and what it gets back. Fronts are
 * thin: they parse the transport, call `dispatch`, and write the result; validation, authorisation, rules and
 * error bodies all happen behind it.
 */
import type { ErrorCode } from '@examroom/core';
import type { LiveEvent, RouteName, Role } from '@examroom/adapters/rest';

export interface DispatchRequest {
  readonly route: RouteName;
  /** Path parameters as strings, unvalidated. */
  readonly params: Readonly<Record<string, string>>;
  /** The query string's parameters as strings, unvalidated (absent: none). */
  readonly query?: Readonly<Record<string, string>>;
  /** The parsed JSON body (anything), or undefined; for an upload route (RouteDefinition.upload), an UploadedFile. */
  readonly body: unknown;
  /** The bearer token from `Authorization: Bearer …`, if any. */
  readonly token: string | null;
  /** The caller's address, for rate limits. */
  readonly ip: string;
  /** The Accept-Language header, for the error message's language. */
  readonly acceptLanguage: string | null;
}

export interface DispatchResponse {
  readonly status: number;
  /** JSON body; undefined for 204. Errors are `{ code, message, … }` (ErrorBody). */
  readonly body?: unknown;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Who a token belongs to, once authenticated. */
export interface Principal {
  readonly role: Role;
  readonly sessionId: string;
  /** Candidate id for candidate and phone sessions, supervisor id for supervisors, administrator id for administrators. */
  readonly subjectId: string;
}

/** Who should receive a live event. */
export interface Audience {
  /** Every live session of this candidate (browser and phone). */
  readonly candidateId: string;
  /** Also every supervisor watching the candidate's exam. */
  readonly supervisors: boolean;
  /** Only this session (e.g. the revoked one), instead of all of the candidate's. */
  readonly sessionId?: string;
}

/** A session that ended before its time (revoked: another login, a new phone, logout), told to the live sockets. */
export interface SessionEnd {
  readonly sessionId: string;
  readonly role: Role;
  /** Candidate id for candidate and phone sessions, supervisor id for supervisors. */
  readonly subjectId: string;
  /** SESSION_REVOKED, or PHONE_REPLACED for a phone that another phone replaced. */
  readonly reason: ErrorCode;
}

export interface LiveEventBus {
  /** Delivers every event with its audience; returns an unsubscribe function. */
  subscribe(listener: (event: LiveEvent, audience: Audience) => void): () => void;
  /** Tells every session that ended, after its transaction committed; returns an unsubscribe function. */
  subscribeSessionEnds(listener: (end: SessionEnd) => void): () => void;
}

/** The server clock as the domain sees it; tests move it through the dev control. */
export interface DomainClock {
  now(): number;
  /**
   * The machine's own clock, which the dev control does not move (default: now). Durations that pass only in real
   * time — a recorder filling a recording — are also measured on it, so that a test holding server time still records.
   */
  realNow?(): number;
}
