/**
 * The phone's calls (R9, R10): pairing by the candidate's code, then reporting the evidence recording's status. A code
 * pairs one phone, once; the phone it pairs replaces any phone paired before, whose session ends (PHONE_REPLACED).
 */
import { ErrorCode, type EvidenceState } from '@examroom/core';
import type { ExamDomain } from '../exam-domain.types.js';
import { ATTEMPT_LIMITS } from './attempts.js';
import { evidenceBody } from './bodies.js';
import { asPhone, fail, setEvidence, type DomainContext } from './context.js';
import { newSession, revoke } from './sessions.js';

export type PhoneCalls = Pick<ExamDomain, 'pairPhone' | 'setEvidenceStatus'>;

/** The evidence states in the only order the phone may report them. */
const EVIDENCE_ORDER: readonly EvidenceState[] = ['waitingForPhone', 'phoneConnected', 'roomScanned', 'recording', 'stopped', 'uploaded'];

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
        const from = EVIDENCE_ORDER.indexOf(candidate.evidenceState);
        const to = EVIDENCE_ORDER.indexOf(body.state);
        if (to === from) return evidenceBody(candidate);
        if (to < from) fail(ErrorCode.STAGE_OUT_OF_ORDER);
        return evidenceBody(setEvidence(ctx, candidate, body.state, now));
      });
    },
  };
}
