/**
 * R30: the phone's evidence is due by the schedule's evidenceDueAt. Uploads are still accepted after that, but the
 * lateness is an incident (`evidenceLate`) the supervisor sees: raised lazily by any read of the candidate after
 * the due time while the evidence is not complete (like lots, without a timer that must survive restarts), or by the
 * completion of a late upload.
 */
import type { Schedule } from '@examroom/core';
import type { CandidateRow } from '../repository.js';
import type { DomainContext } from './context.js';

/** Machine-readable details of the incident. */
export type EvidenceLateDetail = 'notComplete' | 'completedLate';

/** Whether the evidence counts for the candidate at all: required by the policy, and the candidate entered. */
function evidenceDue(candidate: CandidateRow, schedule: Schedule): boolean {
  return schedule.policy.requireEvidence && candidate.enteredAt !== null;
}

/** Stores the candidate's evidenceLate incident unless they have one. */
export async function raiseEvidenceLate(ctx: DomainContext, candidateId: string, schedule: Schedule, now: number, detail: EvidenceLateDetail): Promise<void> {
  if ((await ctx.repo.listIncidents(candidateId)).some((incident) => incident.kind === 'evidenceLate')) return;
  await ctx.repo.insertIncidentIfAbsent({ id: ctx.crypto.randomId('late'), candidateId, kind: 'evidenceLate', at: schedule.evidenceDueAt, detail, receivedAt: now });
  ctx.tx.statusChanged(candidateId);
}

/**
 * After the due time: an incident unless the evidence is complete — some evidence part completed, none left open
 * (abandoned parts do not count). A part that completed after the due time raised it when it completed.
 */
export async function settleEvidenceLate(ctx: DomainContext, candidate: CandidateRow, schedule: Schedule, now: number): Promise<void> {
  if (now < schedule.evidenceDueAt || !evidenceDue(candidate, schedule)) return;
  const evidence = (await ctx.repo.listRecordings(candidate.id)).filter((recording) => recording.kind === 'evidence');
  const complete = evidence.some((r) => r.complete) && evidence.every((r) => r.complete || r.abandonedAt !== null);
  if (!complete) await raiseEvidenceLate(ctx, candidate.id, schedule, now, 'notComplete');
}

/** An evidence part completing at `now`: late when past the due time. */
export async function evidenceCompleted(ctx: DomainContext, candidate: CandidateRow, schedule: Schedule, now: number): Promise<void> {
  if (now >= schedule.evidenceDueAt && evidenceDue(candidate, schedule)) await raiseEvidenceLate(ctx, candidate.id, schedule, now, 'completedLate');
}
