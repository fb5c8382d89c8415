/**
 * A supervisor's interventions on one candidate, each enforced on the server's clock and recorded with
 * who and when in the interventions table: extra answer time (before or during the interview, moving the
 * candidate's deadline and all that follows it), ending the interview with a reason, and letting a candidate in
 * after the late cutoff (R21).
 */
import { ErrorCode, isPastDeadline } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import type { InterventionRow, Repository } from '../repository.js';
import { candidateScheduleBody, progressBody, supervisorNameOf } from './bodies.js';
import { detailText, recordAudit, supervisorActor } from './audit.js';
import { asSupervisor, fail, mapInOrder, scheduleFor, updateCandidate, watched, type CandidateContext, type DomainContext, type DomainServices } from './context.js';

export type InterventionCalls = Pick<ExamDomain, 'grantExtraTime' | 'endInterview' | 'allowLateEntry' | 'listInterventions'>;

export const interventionBody = async (repo: Repository, row: InterventionRow): Promise<C.InterventionBody> => ({
  id: row.id,
  candidateId: row.candidateId,
  kind: row.kind,
  supervisorId: row.supervisorId,
  supervisorName: await supervisorNameOf(repo, row.supervisorId),
  at: row.at,
  ...(row.minutes !== null ? { minutes: row.minutes } : {}),
  ...(row.reason !== null ? { reason: row.reason } : {}),
});

export function createInterventionCalls(ctx: DomainServices): InterventionCalls {
  const { crypto } = ctx;

  /** Records the intervention and answers it with the candidate's schedule and progress as they now stand. */
  const record = async (ctx: DomainContext, subject: CandidateContext, supervisorId: string, kind: InterventionRow['kind'], fields: Pick<InterventionRow, 'minutes' | 'reason'>): Promise<C.InterventionResultBody> => {
    const row: InterventionRow = { id: crypto.randomId('int'), candidateId: subject.candidate.id, supervisorId, kind, at: subject.now, ...fields };
    await ctx.repo.insertIntervention(row);
    const supervisor = (await ctx.repo.getSupervisor(supervisorId)) ?? fail(ErrorCode.UNAUTHENTICATED);
    await recordAudit(ctx, supervisorActor(supervisor), `candidate.${kind}`, { type: 'candidate', id: subject.candidate.id }, {
      interventionId: row.id,
      ...(fields.minutes !== null ? { minutes: fields.minutes } : {}),
      ...(fields.reason !== null ? { reason: detailText(fields.reason) } : {}),
    });
    const candidate = (await ctx.repo.getCandidate(subject.candidate.id)) ?? fail(ErrorCode.NOT_FOUND);
    const schedule = scheduleFor(subject.exam, subject.sitting, candidate);
    return { intervention: await interventionBody(ctx.repo, row), schedule: candidateScheduleBody(schedule, candidate), progress: progressBody(candidate) };
  };

  /** The candidate's new schedule, to their page and the supervisors, after the commit. */
  const emitSchedule = (ctx: DomainContext, result: C.InterventionResultBody) =>
    ctx.tx.emit({ type: 'schedule.changed', candidateId: result.intervention.candidateId, schedule: result.schedule }, { candidateId: result.intervention.candidateId, supervisors: true });

  return {
    grantExtraTime: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const subject = await watched(ctx, supervisor, candidateId);
        // Finished (by the page, a supervisor, or as timeUp at the deadline, settled by watched()): too late.
        if (subject.candidate.finishedAt !== null) fail(ErrorCode.CANDIDATE_FINISHED);
        await updateCandidate(ctx, { ...subject.candidate, extraTimeMs: subject.candidate.extraTimeMs + body.minutes * 60_000 });
        const result = await record(ctx, subject, supervisor.id, 'extraTime', { minutes: body.minutes, reason: null });
        emitSchedule(ctx, result);
        return result;
      }),

    endInterview: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const subject = await watched(ctx, supervisor, candidateId);
        const { candidate, now } = subject;
        if (candidate.enteredAt === null) fail(ErrorCode.NOT_ENTERED);
        if (candidate.finishedAt !== null) fail(ErrorCode.CANDIDATE_FINISHED);
        // From here the candidate's token keeps only ROUTES_AFTER_FINISH, as after the page's own finish.
        await updateCandidate(ctx, { ...candidate, stage: 'finished', finishedAt: now, finishReason: 'endedBySupervisor' });
        const result = await record(ctx, subject, supervisor.id, 'endInterview', { minutes: null, reason: body.reason });
        ctx.tx.emit({ type: 'exam.finished', candidateId: candidate.id, progress: result.progress }, { candidateId: candidate.id, supervisors: true });
        return result;
      }),

    allowLateEntry: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const subject = await watched(ctx, supervisor, candidateId);
        const { candidate, schedule, now } = subject;
        if (candidate.enteredAt !== null) fail(ErrorCode.ALREADY_ENTERED);
        // Nothing is left to enter after the candidate's deadline.
        if (isPastDeadline(schedule, now)) fail(ErrorCode.EXAM_OVER);
        if (candidate.lateEntryAllowedAt === null) await updateCandidate(ctx, { ...candidate, lateEntryAllowedAt: now });
        const result = await record(ctx, subject, supervisor.id, 'lateEntry', { minutes: null, reason: body.reason });
        emitSchedule(ctx, result);
        return result;
      }),

    listInterventions: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => mapInOrder(await ctx.repo.listInterventions((await watched(ctx, supervisor, candidateId)).candidate.id), (row) => interventionBody(ctx.repo, row))),
  };
}
