/**
 * The phone's calls (R9, R10): pairing by the candidate's code, then reporting the evidence recording's status. A code
 * pairs one phone, once; the phone it pairs replaces any phone paired before, whose session ends (PHONE_REPLACED).
 * Codes are compared normalised (typed in any case, with spaces or the dash shown), and failed attempts are
 * counted per address so that the 8 characters cannot be guessed.
 */
import { ErrorCode, areEvidencePartsClosed, assertAllowed, evidenceStatusRefusal, isEvidenceUploaded, isPairingCode, normalizePairingCode, recordingByteQuota } from '@examroom/core';
import type { ExamDomain } from '../exam-domain.types.js';
import { ATTEMPT_LIMITS } from './attempts.js';
import { evidenceStatusOf } from './bodies.js';
import { asPhone, fail, realNow, setEvidence, type CandidateContext, type DomainContext, type DomainServices } from './context.js';
import { phoneStopped, sweepSilentPhones } from './phone-incidents.js';
import { evidenceParts } from './recordings.js';
import { newSession, revoke } from './sessions.js';

export type PhoneCalls = Pick<ExamDomain, 'pairPhone' | 'setEvidenceStatus' | 'sweepSilentPhones'>;

export function createPhoneCalls(ctx: DomainServices): PhoneCalls {
  const { crypto, clock, attempts } = ctx;
  return {
    async pairPhone(body, caller) {
      const keys = [[`pairing@${caller.ip}`, ATTEMPT_LIMITS.perAddress]] as const;
      const created = await ctx.run(async (ctx) => {
        await attempts.check(ctx.repo, keys);
        const now = clock.now();
        const code = normalizePairingCode(body.code);
        const pairing = isPairingCode(code) ? await ctx.repo.findPairing(crypto.hashToken(code)) : undefined;
        const usable = pairing && pairing.usedAt === null && pairing.revokedAt === null && now < pairing.expiresAt;
        const candidate = usable ? await ctx.repo.getCandidate(pairing.candidateId) : undefined;
        if (!pairing || !candidate) return null;
        await ctx.repo.updatePairing({ ...pairing, usedAt: now });
        const previous = (await ctx.repo.listSessions('phone', candidate.id)).filter((s) => s.revokedAt === null);
        for (const phone of previous) await revoke(ctx, phone, now, ErrorCode.PHONE_REPLACED);
        const created = await newSession(ctx, 'phone', candidate.id, '', now);
        const replacing = (await ctx.repo.listSessions('phone', candidate.id)).length > 1;
        // A new phone starts over: it films the room and records again; the candidate's page says the phone was replaced.
        if (replacing || candidate.evidenceState === 'waitingForPhone') await setEvidence(ctx, { ...candidate, evidenceBytesExpected: null }, 'phoneConnected', now);
        return created;
      });
      if (created) return created;
      // Counted in a transaction of its own: the failed call's writes roll back, its failure must not.
      await ctx.run((ctx) => attempts.fail(ctx.repo, keys));
      return fail(ErrorCode.PAIRING_FAILED);
    },

    setEvidenceStatus(principal, body) {
      return asPhone(ctx, principal, async (subject, ctx) => {
        const { candidate, schedule, now } = subject;
        // What the phone still holds is told with `stopped` only, and can be no more than the evidence may hold.
        if (body.bytesPending !== undefined && (body.state !== 'stopped' || body.bytesPending > await evidenceRoom(ctx, subject))) {
          fail(ErrorCode.VALIDATION_FAILED, { field: '/bytesPending' });
        }
        // "Uploaded" is the server's to know: every evidence part on the server, finalised with its checksum (R30).
        const parts = await evidenceParts(ctx, candidate.id);
        assertAllowed(evidenceStatusRefusal(candidate.evidenceState, body.state, areEvidencePartsClosed(parts)));
        // A repeated `stopped` (e.g. after a reload) may tell what is still pending anew; other repeats change nothing.
        const expected = body.state === 'stopped' && body.bytesPending !== undefined ? await evidenceBytes(ctx, candidate.id) + body.bytesPending : candidate.evidenceBytesExpected;
        if (body.state === candidate.evidenceState) {
          if (expected === candidate.evidenceBytesExpected) return evidenceStatusOf(ctx.repo, candidate);
          return evidenceStatusOf(ctx.repo, await setEvidence(ctx, { ...candidate, evidenceBytesExpected: expected }, body.state, candidate.evidenceUpdatedAt));
        }
        const row = await setEvidence(ctx, { ...candidate, evidenceBytesExpected: expected }, body.state, now);
        if (body.state !== 'stopped') return evidenceStatusOf(ctx.repo, row);
        await phoneStopped(ctx, row, schedule, now);
        // Stopped with every part already on the server (the last one completed before this report): uploaded now.
        return evidenceStatusOf(ctx.repo, isEvidenceUploaded(row.evidenceState, parts) ? await setEvidence(ctx, row, 'uploaded', now) : row);
      });
    },

    sweepSilentPhones: () => sweepSilentPhones(ctx),
  };
}

/** Bytes received so far over every evidence part of the candidate. */
async function evidenceBytes(ctx: DomainContext, candidateId: string): Promise<number> {
  return (await ctx.repo.listRecordings(candidateId)).reduce((sum, r) => (r.kind === 'evidence' ? sum + r.bytesReceived : sum), 0);
}

/**
 * How many more bytes the candidate's evidence may still come to: what the open evidence part may still take under
 * its byte quota (its duration so far at the policy's maxBitrateBps, see recordingByteQuota). A phone cannot hold
 * more than it may upload, so a larger `bytesPending` is a request the phone would never send.
 */
async function evidenceRoom(ctx: DomainContext, { candidate, schedule, now }: CandidateContext): Promise<number> {
  const real = realNow(ctx);
  return (await ctx.repo
    .listRecordings(candidate.id))
    .filter((r) => r.kind === 'evidence' && !r.complete && r.abandonedAt === null)
    .reduce((sum, r) => sum + Math.max(0, recordingByteQuota(Math.max(now - r.createdAt, real - r.realCreatedAt), schedule.policy.maxBitrateBps) - r.bytesReceived), 0);
}
