/**
 * The phone's incidents for the supervisor (R10): `evidenceStopped` when the phone stops recording while the
 * interview still goes on, `evidenceSilent` when a recording phone has not been heard from (heartbeat, report,
 * upload) for PHONE_SILENT_AFTER_MS while the candidate is in the interview.
 *
 * A silence is found on the server's clock three ways, all raising the same incident (its id names the phone
 * session and the last time it was heard, so one silence is one incident and a new silence after the phone was heard
 * again is a new one): by the server's sweep on a timer (`sweepSilentPhones`, so that the supervisor learns it live),
 * lazily by any read of the candidate (like evidenceLate: a restart loses nothing), and by the phone's own next
 * request (just before it ends the silence).
 */
import { ErrorCode, PHONE_SILENT_AFTER_MS, type Schedule } from '@examroom/core';
import type { CandidateRow, SessionRow } from '../repository.js';
import { contextOf, type DomainContext, type DomainServices } from './context.js';

/** The instant the candidate's interview ends: when they finished, or else the deadline. */
const interviewEndsAt = (candidate: CandidateRow, schedule: Schedule) => candidate.finishedAt ?? schedule.deadline;

/** The phone session that records for the candidate now: the newest one, unless it ended. */
export async function livePhoneSession(ctx: DomainContext, candidateId: string): Promise<SessionRow | undefined> {
  const newest = (await ctx.repo.listSessions('phone', candidateId)).at(-1);
  return newest && newest.revokedAt === null ? newest : undefined;
}

/** The phone reported `stopped` at `now`: an incident when the candidate is in the interview (entered, not finished, before the deadline). */
export async function phoneStopped(ctx: DomainContext, candidate: CandidateRow, schedule: Schedule, now: number): Promise<void> {
  if (candidate.enteredAt === null || now >= interviewEndsAt(candidate, schedule)) return;
  const row = { id: ctx.crypto.randomId('stop'), candidateId: candidate.id, kind: 'evidenceStopped' as const, at: now, detail: null, receivedAt: now };
  if (await ctx.repo.insertIncidentIfAbsent(row)) ctx.tx.statusChanged(candidate.id);
}

/**
 * The candidate's recording phone silent for PHONE_SILENT_AFTER_MS at `now`: an `evidenceSilent` incident when some
 * of the silence fell in the interview, dated from when the silence (within the interview) reached the limit.
 * Runs inside the caller's transaction, before the phone's own request refreshes its lastSeenAt.
 */
export async function settlePhoneSilence(ctx: DomainContext, candidate: CandidateRow, schedule: Schedule, now: number): Promise<void> {
  if (candidate.evidenceState !== 'recording' || candidate.enteredAt === null) return;
  const phone = await livePhoneSession(ctx, candidate.id);
  if (!phone) return;
  const silentAt = Math.max(phone.lastSeenAt + PHONE_SILENT_AFTER_MS, candidate.enteredAt);
  if (silentAt > now || silentAt >= interviewEndsAt(candidate, schedule)) return;
  const id = `silent_${phone.id}_${phone.lastSeenAt}`;
  const row = { id, candidateId: candidate.id, kind: 'evidenceSilent' as const, at: silentAt, detail: null, receivedAt: now };
  if (await ctx.repo.insertIncidentIfAbsent(row)) ctx.tx.statusChanged(candidate.id);
}

/**
 * The sweep the server runs on a timer (every few seconds, on its clock): settles the silence of every recording
 * phone not heard from for PHONE_SILENT_AFTER_MS, so that the supervisor is told live (candidate.status after the
 * commit) even when nobody reads the candidate. Only silent phones' candidates are read in full.
 */
export async function sweepSilentPhones(ctx: DomainServices): Promise<void> {
  const now = ctx.clock.now();
  for (const { id } of await ctx.run((ctx) => ctx.repo.listCandidatesByEvidenceState('recording'))) {
    try {
      // contextOf settles the candidate (their sitting's deadline, the silence), each in a transaction of its own.
      await ctx.run(async (ctx) => {
        const phone = await livePhoneSession(ctx, id);
        if (phone && phone.lastSeenAt + PHONE_SILENT_AFTER_MS <= now) await contextOf(ctx, id, ErrorCode.NOT_FOUND);
      });
    } catch (error) {
      // One candidate's broken record must not stop the sweep for the others.
      console.error('examroom: silent-phone sweep failed for a candidate', error);
    }
  }
}
