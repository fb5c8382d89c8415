/**
 * The tus front's authorisation, asked of the domain once per upload and session every AUTHORIZATION_TTL_MS or so
 * instead of on every PATCH and HEAD.
 *
 * The domain's check (authorizeUpload: the bearer token's session, its candidate, the recording's owner and kind,
 * the byte quota, in one transaction) reads five rows and writes the session's lastSeenAt; for a stream that sends a
 * chunk a second it answers the same every time. So an answer is kept, keyed by token and recording, with the quota
 * it allowed then. The quota only grows with the recording's duration, so a PATCH that ends within the kept quota is
 * within the current one; one that ends beyond it asks the domain again (which refuses it, or allows it with the
 * larger quota). A revoked or expired session is refused at the first request after its kept answer expires:
 * uploading stops within AUTHORIZATION_TTL_MS (a PATCH already running finishes). The session's lastSeenAt is written
 * by the domain's check, so at most once per AUTHORIZATION_TTL_MS / 2 for an upload.
 *
 * Each answer is kept for a random time between half the TTL and the TTL: the uploads of a sitting all start within
 * a second or two, and answers that all expired together would have all of them ask the domain in the same moment,
 * every few seconds, hundreds of transactions at once in front of the PATCHes waiting for them.
 */
import type { ExamDomain } from '@examroom/domain';

/** How long an allowed upload stays allowed without asking the domain again. */
export const AUTHORIZATION_TTL_MS = 5_000;

interface Allowed {
  /** Monotonic ms after which the domain is asked again. */
  readonly until: number;
  /** The recording's byte quota when the domain allowed it. */
  readonly quota: number;
}

export interface UploadAuthorization {
  /** Throws the domain's error when the token may not upload `uploadEnd` bytes (or read the offset) of the recording. */
  authorize(token: string | null, recordingId: string, uploadEnd: number | undefined): Promise<void>;
  /** Whether a kept answer allows it now, without asking the domain (false: `authorize` must ask). */
  allowedNow(token: string | null, recordingId: string, uploadEnd: number | undefined): boolean;
  /** The recording's quota, as last allowed when still fresh, else the domain's. */
  quotaOf(recordingId: string): Promise<number>;
}

export function createUploadAuthorization(domain: Pick<ExamDomain, 'authorizeUpload' | 'recordingQuota'>, ttlMs = AUTHORIZATION_TTL_MS): UploadAuthorization {
  const allowed = new Map<string, Allowed>();
  /** The freshest quota of each recording the domain allowed, for tus's body limit. */
  const quotas = new Map<string, Allowed>();

  const forgetExpired = (now: number) => {
    for (const map of [allowed, quotas]) if (map.size > 10_000) for (const [key, entry] of map) if (entry.until <= now) map.delete(key);
  };

  const allowedNow = (token: string | null, recordingId: string, uploadEnd: number | undefined): boolean => {
    if (token === null) return false;
    const kept = allowed.get(`${recordingId} ${token}`);
    return kept !== undefined && performance.now() < kept.until && (uploadEnd === undefined || uploadEnd <= kept.quota);
  };

  return {
    allowedNow,

    async authorize(token, recordingId, uploadEnd) {
      if (allowedNow(token, recordingId, uploadEnd)) return;
      const key = `${recordingId} ${token ?? ''}`;
      const now = performance.now();
      allowed.delete(key);
      const { quota } = await domain.authorizeUpload(token, recordingId, uploadEnd);
      const entry = { until: now + ttlMs * (0.5 + Math.random() / 2), quota };
      allowed.set(key, entry);
      quotas.set(recordingId, entry);
      forgetExpired(now);
    },

    async quotaOf(recordingId) {
      const kept = quotas.get(recordingId);
      if (kept !== undefined && performance.now() < kept.until) return kept.quota;
      return await domain.recordingQuota(recordingId);
    },
  };
}
