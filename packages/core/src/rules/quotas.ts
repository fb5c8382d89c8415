/**
 * What a candidate may ask of the server's storage and attention: recordings only before finishing, bytes per
 * recording bounded by its duration, help messages and incidents at a human pace. Pure functions answering a
 * Refusal or null, called by the reference server's domain and core's in-memory backend alike.
 */
import { ErrorCode } from '../errors/error-codes.js';
import type { Refusal } from './access.js';

// ---- recordings ----

/**
 * R14, R30: a new recording (part) is made only before the candidate finished; a phone may still start its
 * evidence recording after that, until it reported the recording stopped. What was recorded before keeps uploading.
 */
export function newRecordingRefusal(finished: boolean): Refusal | null {
  return finished ? { code: ErrorCode.EXAM_FINISHED } : null;
}

/** At most one recording per kind and candidate is open (neither completed nor abandoned): RECORDING_ALREADY_OPEN names it. */
export function openRecordingRefusal(open: { readonly id: string } | undefined): Refusal | null {
  return open ? { code: ErrorCode.RECORDING_ALREADY_OPEN, details: { recordingId: open.id } } : null;
}

/**
 * Bytes a recording may hold before its duration counts: a WebM header and the first chunk, which a recorder may
 * hand over at once, with a wide margin.
 */
export const RECORDING_HEADER_ALLOWANCE_BYTES = 4 * 1024 * 1024;

/** The most bytes a recording may hold `elapsedMs` after it was created, at `maxBitrateBps` (the exam's policy). */
export function recordingByteQuota(elapsedMs: number, maxBitrateBps: number): number {
  return RECORDING_HEADER_ALLOWANCE_BYTES + Math.floor((Math.max(0, elapsedMs) * maxBitrateBps) / 8000);
}

/** An upload that would end at byte `end` beyond its quota is refused before anything is written (RECORDING_TOO_LARGE). */
export function recordingSizeRefusal(end: number, quota: number): Refusal | null {
  return end > quota ? { code: ErrorCode.RECORDING_TOO_LARGE } : null;
}

// ---- rate limits ----

/** At most `limit` events in any window of `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Help messages (R27): ten in a minute — more than anyone types to a supervisor, fewer than a loop sends. A refused
 * message is shown to the candidate as not sent.
 */
export const HELP_MESSAGE_RATE: RateLimit = { limit: 10, windowMs: 60_000 };

/**
 * Incidents: 120 in a minute. A candidate's page raises a few per focus change or network blip, far fewer than
 * that; a refused incident is sent again later by the page (incidents are idempotent by id), so nothing is lost.
 */
export const INCIDENT_RATE: RateLimit = { limit: 120, windowMs: 60_000 };

/**
 * RATE_LIMITED, with the seconds until one more is allowed, when `limit` of `times` (server times of the earlier
 * events, any order) fall in the window ending at `now`; null otherwise. A sliding window over the stored events
 * themselves, so it needs no state of its own and survives a restart.
 */
export function rateLimitRefusal(times: readonly number[], now: number, rate: RateLimit): Refusal | null {
  const recent = times.filter((t) => t > now - rate.windowMs && t <= now).sort((a, b) => a - b);
  if (recent.length < rate.limit) return null;
  // One more is allowed once all but limit − 1 of them have left the window.
  const leaves = recent[recent.length - rate.limit]! + rate.windowMs;
  return { code: ErrorCode.RATE_LIMITED, details: { retryAfterSeconds: Math.max(1, Math.ceil((leaves - now) / 1000)) } };
}
