/**
 * The phone's calls (R9, R10): pairing by the candidate's code, then reporting the evidence recording's status. A code
 * pairs one phone, once; the phone it pairs replaces any phone paired before, whose session ends (PHONE_REPLACED).
 */
import { ErrorCode, assertAllowed, evidenceStatusRefusal } from '@examroom/core';
import type { ExamDomain } from '../exam-domain.types.js';
import { ATTEMPT_LIMITS } from './attempts.js';
import { evidenceBody } from './bodies.js';
import { asPhone, fail, setEvidence, type DomainContext } from './context.js';
import { newSession, revoke } from './sessions.js';

export type PhoneCalls = Pick<ExamDomain, 'pairPhone' | 'setEvidenceStatus'>;

export function createPhoneCalls(ctx: DomainContext): PhoneCalls {
  const { repo, crypto, clock, attempts } = ctx;
  return {
    pairPhone(body, caller) {
      const keys = [[`pairing@${caller.ip}`, ATTEMPT_LIMITS.perAddress]] as const;
      attempts.check(keys);
      return ctx.tx.run(() => {
        const now = clock.now();
        const pairing = repo.findPairing(crypto.hashToken(body.code));
        const usable = pairing && pairing.usedAt === null && pairing.revokedAt === null && now < pairing.expiresAt;
        const candidate = usable ? repo.getCandidate(pairing.candidateId) : undefined;
        if (!pairing || !candidate) {
          attempts.fail(keys);
          fail(ErrorCode.PAIRING_FAILED);
        }
        repo.updatePairing({ ...pairing, usedAt: now });
        const previous = repo.listSessions('phone', candidate.id).filter((s) => s.revokedAt === null);
        for (const phone of previous) revoke(ctx, phone, now, ErrorCode.PHONE_REPLACED);
        const created = newSession(ctx, 'phone', candidate.id, '', now);
        const replacing = repo.listSessions('phone', candidate.id).length > 1;
        // A new phone starts over: it films the room and records again; the candidate's page says the phone was replaced.
        if (replacing || candidate.evidenceState === 'waitingForPhone') setEvidence(ctx, candidate, 'phoneConnected', now);
        return created;
      });
    },

    setEvidenceStatus(principal, body) {
      return asPhone(ctx, principal, ({ candidate, now }) => {
        // "Uploaded" is the server's to know: an evidence recording finalised with the client's checksum (R30).
        const complete = repo.listRecordings(candidate.id).some((r) => r.kind === 'evidence' && r.complete);
        assertAllowed(evidenceStatusRefusal(candidate.evidenceState, body.state, complete));
        if (body.state === candidate.evidenceState) return evidenceBody(candidate);
        return evidenceBody(setEvidence(ctx, candidate, body.state, now));
      });
    },
  };
}
