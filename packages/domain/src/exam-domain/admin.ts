/**
 * The administrator's calls: their own session (who they are, the one-time password replaced first, logout) and the
 * exams and sittings they run. Question sets, supervisors and the audit log are in admin-questions.ts and
 * admin-supervisors.ts. Every change is recorded in the audit log inside its own transaction.
 *
 * Rules the server keeps whatever the console sends: a time zone must be a known IANA zone (TIME_ZONE_INVALID); a
 * sitting starts in the future when created or moved (SITTING_IN_PAST) and opens entry before it starts; a sitting
 * whose candidates entered is not moved nor its policy changed, one with candidates not deleted (SITTING_IN_USE);
 * an exam's policy stays once any of its candidates entered (EXAM_IN_USE).
 */
import { ErrorCode } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { ExamDomain } from '../exam-domain.types.js';
import type { AdministratorRow, ExamRow, Repository, SittingRow } from '../repository.js';
import { recordAudit, type AuditActor } from './audit.js';
import { defined } from './bodies.js';
import { assertRole, fail, mapInOrder, type DomainContext, type DomainServices } from './context.js';
import { revoke } from './sessions.js';

export type AdminCalls = Pick<
  ExamDomain,
  | 'changeAdminPassword'
  | 'adminLogout'
  | 'getAdminMe'
  | 'adminListExams'
  | 'adminCreateExam'
  | 'adminGetExam'
  | 'adminUpdateExam'
  | 'adminListSittings'
  | 'adminCreateSitting'
  | 'adminUpdateSitting'
  | 'adminDeleteSitting'
>;

export interface AdminContext {
  readonly administrator: AdministratorRow;
  readonly actor: AuditActor;
  readonly now: number;
}

/**
 * Runs an administrator's call in one transaction. Until the one-time password is replaced only the calls that
 * say `beforePasswordChange` run; every other answers PASSWORD_CHANGE_REQUIRED.
 */
export async function asAdministrator<T>(
  services: DomainServices,
  principal: Principal,
  work: (admin: AdminContext, ctx: DomainContext) => T | Promise<T>,
  options: { beforePasswordChange?: boolean } = {},
): Promise<T> {
  assertRole(principal, 'administrator');
  return services.run(async (ctx) => {
    const administrator = (await ctx.repo.getAdministrator(principal.subjectId)) ?? fail(ErrorCode.UNAUTHENTICATED);
    if (administrator.mustChangePassword && !options.beforePasswordChange) fail(ErrorCode.PASSWORD_CHANGE_REQUIRED);
    return work({ administrator, actor: { role: 'administrator', id: administrator.id, name: administrator.username }, now: ctx.clock.now() }, ctx);
  });
}

/** Whether the runtime knows the IANA time zone (Intl throws a RangeError for an unknown one). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function knownTimeZone(timeZone: string): string {
  if (!isKnownTimeZone(timeZone)) fail(ErrorCode.TIME_ZONE_INVALID, { field: '/timeZone' });
  return timeZone;
}

const entered = async (repo: Repository, sittingId: string) => (await repo.listCandidates(sittingId)).filter((c) => c.enteredAt !== null).length;

export async function adminExamBody(repo: Repository, exam: ExamRow): Promise<C.AdminExamBody> {
  return {
    id: exam.id,
    title: exam.title,
    timeZone: exam.timeZone,
    policy: defined(exam.policy),
    sittings: (await repo.listSittings(exam.id)).length,
    questions: (await repo.listQuestions(exam.id)).length,
  };
}

export async function adminSittingBody(repo: Repository, sitting: SittingRow): Promise<C.AdminSittingBody> {
  return {
    id: sitting.id,
    examId: sitting.examId,
    name: sitting.name,
    startsAt: sitting.startsAt,
    ...(sitting.entryOpensAt !== null ? { entryOpensAt: sitting.entryOpensAt } : {}),
    policy: defined(sitting.policy),
    candidates: (await repo.listCandidates(sitting.id)).length,
    entered: await entered(repo, sitting.id),
  };
}

export const examOf = async (ctx: DomainContext, examId: string): Promise<ExamRow> => (await ctx.repo.getExam(examId)) ?? fail(ErrorCode.EXAM_NOT_FOUND);
export const sittingOf = async (ctx: DomainContext, sittingId: string): Promise<SittingRow> => (await ctx.repo.getSitting(sittingId)) ?? fail(ErrorCode.NOT_FOUND);

/** Whether any candidate of the exam entered (its policy and its exam-wide question sets are then fixed). */
export const examEntered = async (repo: Repository, examId: string): Promise<boolean> => {
  for (const sitting of await repo.listSittings(examId)) if ((await entered(repo, sitting.id)) > 0) return true;
  return false;
};

const samePolicy = (a: object, b: object) => JSON.stringify(Object.entries(defined(a)).sort()) === JSON.stringify(Object.entries(defined(b)).sort());

/** A sitting's schedule as given: it starts in the future (SITTING_IN_PAST) and entry opens no later than the start. */
function checkSchedule(body: C.SittingInputBody, now: number): void {
  if (body.startsAt <= now) fail(ErrorCode.SITTING_IN_PAST, { field: '/startsAt' });
  if (body.entryOpensAt !== undefined && body.entryOpensAt > body.startsAt) fail(ErrorCode.VALIDATION_FAILED, { field: '/entryOpensAt' });
}

export function createAdminCalls(ctx: DomainServices): AdminCalls {
  const { crypto } = ctx;
  return {
    getAdminMe: (principal) =>
      asAdministrator(ctx, principal, ({ administrator }) => ({ id: administrator.id, username: administrator.username, mustChangePassword: administrator.mustChangePassword }), {
        beforePasswordChange: true,
      }),

    async changeAdminPassword(principal, body) {
      const administrator = await asAdministrator(ctx, principal, (admin) => admin.administrator, { beforePasswordChange: true });
      if (!(await crypto.verifyPassword(body.currentPassword, administrator.passwordHash))) fail(ErrorCode.WRONG_PASSWORD, { field: '/currentPassword' });
      if (body.newPassword === body.currentPassword) fail(ErrorCode.VALIDATION_FAILED, { field: '/newPassword' });
      const passwordHash = await crypto.hashPassword(body.newPassword);
      await asAdministrator(
        ctx,
        principal,
        async ({ administrator: current, actor }, ctx) => {
          await ctx.repo.updateAdministrator({ ...current, passwordHash, mustChangePassword: false });
          await recordAudit(ctx, actor, 'administrator.changePassword', { type: 'administrator', id: current.id }, { wasOneTime: current.mustChangePassword });
        },
        { beforePasswordChange: true },
      );
    },

    adminLogout: (principal) =>
      asAdministrator(
        ctx,
        principal,
        async ({ administrator, actor, now }, ctx) => {
          const session = (await ctx.repo.listSessions('administrator', administrator.id)).find((s) => s.id === principal.sessionId);
          if (!session || session.revokedAt !== null) return;
          await revoke(ctx, session, now);
          await recordAudit(ctx, actor, 'administrator.logout', { type: 'administrator', id: administrator.id });
        },
        { beforePasswordChange: true },
      ),

    adminListExams: (principal) => asAdministrator(ctx, principal, async (_, ctx) => mapInOrder(await ctx.repo.listExams(), (exam) => adminExamBody(ctx.repo, exam))),

    adminCreateExam: (principal, body) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const exam: ExamRow = { id: crypto.randomId('exam'), title: body.title, timeZone: knownTimeZone(body.timeZone), policy: defined(body.policy) };
        await ctx.repo.insertExam(exam);
        await recordAudit(ctx, actor, 'exam.create', { type: 'exam', id: exam.id }, { title: exam.title, timeZone: exam.timeZone, policy: exam.policy });
        return adminExamBody(ctx.repo, exam);
      }),

    adminGetExam: (principal, examId) => asAdministrator(ctx, principal, async (_, ctx) => adminExamBody(ctx.repo, await examOf(ctx, examId))),

    adminUpdateExam: (principal, examId, body) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const before = await examOf(ctx, examId);
        const policy = defined(body.policy);
        const timeZone = knownTimeZone(body.timeZone);
        if (!samePolicy(before.policy, policy) && await examEntered(ctx.repo, before.id)) fail(ErrorCode.EXAM_IN_USE);
        const exam: ExamRow = { ...before, title: body.title, timeZone, policy };
        await ctx.repo.updateExam(exam);
        await recordAudit(ctx, actor, 'exam.update', { type: 'exam', id: exam.id }, { title: exam.title, timeZone, policy });
        return adminExamBody(ctx.repo, exam);
      }),

    adminListSittings: (principal, examId) => asAdministrator(ctx, principal, async (_, ctx) => mapInOrder(await ctx.repo.listSittings((await examOf(ctx, examId)).id), (s) => adminSittingBody(ctx.repo, s))),

    adminCreateSitting: (principal, examId, body) =>
      asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const exam = await examOf(ctx, examId);
        checkSchedule(body, now);
        const sitting: SittingRow = {
          id: crypto.randomId('sit'),
          examId: exam.id,
          name: body.name,
          startsAt: body.startsAt,
          entryOpensAt: body.entryOpensAt ?? null,
          policy: defined(body.policy),
        };
        await ctx.repo.insertSitting(sitting);
        await recordAudit(ctx, actor, 'sitting.create', { type: 'sitting', id: sitting.id }, { examId: exam.id, ...body });
        return adminSittingBody(ctx.repo, sitting);
      }),

    adminUpdateSitting: (principal, sittingId, body) =>
      asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const before = await sittingOf(ctx, sittingId);
        const sitting: SittingRow = { ...before, name: body.name, startsAt: body.startsAt, entryOpensAt: body.entryOpensAt ?? null, policy: defined(body.policy) };
        const moved = sitting.startsAt !== before.startsAt || sitting.entryOpensAt !== before.entryOpensAt || !samePolicy(before.policy, sitting.policy);
        if (moved) {
          if (await entered(ctx.repo, before.id) > 0) fail(ErrorCode.SITTING_IN_USE);
          checkSchedule(body, now);
        }
        await ctx.repo.updateSitting(sitting);
        await recordAudit(ctx, actor, 'sitting.update', { type: 'sitting', id: sitting.id }, { ...body });
        return adminSittingBody(ctx.repo, sitting);
      }),

    adminDeleteSitting: (principal, sittingId) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const sitting = await sittingOf(ctx, sittingId);
        if ((await ctx.repo.listCandidates(sitting.id)).length > 0) fail(ErrorCode.SITTING_IN_USE);
        // Supervisors named to it watch it no more; their other sittings stay.
        for (const supervisor of await ctx.repo.listSupervisors()) {
          if (!(supervisor.sittingIds ?? []).includes(sitting.id)) continue;
          const sittingIds = (supervisor.sittingIds ?? []).filter((id) => id !== sitting.id);
          const { sittingIds: _old, ...rest } = supervisor;
          await ctx.repo.updateSupervisor(sittingIds.length > 0 ? { ...rest, sittingIds } : rest);
        }
        await ctx.repo.deleteSitting(sitting.id);
        await recordAudit(ctx, actor, 'sitting.delete', { type: 'sitting', id: sitting.id }, { examId: sitting.examId, name: sitting.name, startsAt: sitting.startsAt });
      }),
  };
}
