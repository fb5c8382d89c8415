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
import { assertRole, fail, type DomainContext, type DomainServices } from './context.js';
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
    const administrator = ctx.repo.getAdministrator(principal.subjectId) ?? fail(ErrorCode.UNAUTHENTICATED);
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

const entered = (repo: Repository, sittingId: string) => repo.listCandidates(sittingId).filter((c) => c.enteredAt !== null).length;

export function adminExamBody(repo: Repository, exam: ExamRow): C.AdminExamBody {
  return {
    id: exam.id,
    title: exam.title,
    timeZone: exam.timeZone,
    policy: defined(exam.policy),
    sittings: repo.listSittings(exam.id).length,
    questions: repo.listQuestions(exam.id).length,
  };
}

export function adminSittingBody(repo: Repository, sitting: SittingRow): C.AdminSittingBody {
  return {
    id: sitting.id,
    examId: sitting.examId,
    name: sitting.name,
    startsAt: sitting.startsAt,
    ...(sitting.entryOpensAt !== null ? { entryOpensAt: sitting.entryOpensAt } : {}),
    policy: defined(sitting.policy),
    candidates: repo.listCandidates(sitting.id).length,
    entered: entered(repo, sitting.id),
  };
}

export const examOf = (ctx: DomainContext, examId: string): ExamRow => ctx.repo.getExam(examId) ?? fail(ErrorCode.EXAM_NOT_FOUND);
export const sittingOf = (ctx: DomainContext, sittingId: string): SittingRow => ctx.repo.getSitting(sittingId) ?? fail(ErrorCode.NOT_FOUND);

/** Whether any candidate of the exam entered (its policy and its exam-wide question sets are then fixed). */
export const examEntered = (repo: Repository, examId: string): boolean => repo.listSittings(examId).some((s) => entered(repo, s.id) > 0);

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
      asAdministrator(ctx, principal, ({ administrator }, ctx) => ({ id: administrator.id, username: administrator.username, mustChangePassword: administrator.mustChangePassword }), {
        beforePasswordChange: true,
      }),

    async changeAdminPassword(principal, body) {
      const administrator = asAdministrator(ctx, principal, (admin, ctx) => admin.administrator, { beforePasswordChange: true });
      if (!(await crypto.verifyPassword(body.currentPassword, administrator.passwordHash))) fail(ErrorCode.WRONG_PASSWORD, { field: '/currentPassword' });
      if (body.newPassword === body.currentPassword) fail(ErrorCode.VALIDATION_FAILED, { field: '/newPassword' });
      const passwordHash = await crypto.hashPassword(body.newPassword);
      asAdministrator(
        ctx,
        principal,
        ({ administrator: current, actor }, ctx) => {
          ctx.repo.updateAdministrator({ ...current, passwordHash, mustChangePassword: false });
          recordAudit(ctx, actor, 'administrator.changePassword', { type: 'administrator', id: current.id }, { wasOneTime: current.mustChangePassword });
        },
        { beforePasswordChange: true },
      );
    },

    adminLogout: (principal) =>
      asAdministrator(
        ctx,
        principal,
        ({ administrator, actor, now }, ctx) => {
          const session = ctx.repo.listSessions('administrator', administrator.id).find((s) => s.id === principal.sessionId);
          if (!session || session.revokedAt !== null) return;
          revoke(ctx, session, now);
          recordAudit(ctx, actor, 'administrator.logout', { type: 'administrator', id: administrator.id });
        },
        { beforePasswordChange: true },
      ),

    adminListExams: (principal) => asAdministrator(ctx, principal, (_, ctx) => ctx.repo.listExams().map((exam) => adminExamBody(ctx.repo, exam))),

    adminCreateExam: (principal, body) =>
      asAdministrator(ctx, principal, ({ actor }, ctx) => {
        const exam: ExamRow = { id: crypto.randomId('exam'), title: body.title, timeZone: knownTimeZone(body.timeZone), policy: defined(body.policy) };
        ctx.repo.insertExam(exam);
        recordAudit(ctx, actor, 'exam.create', { type: 'exam', id: exam.id }, { title: exam.title, timeZone: exam.timeZone, policy: exam.policy });
        return adminExamBody(ctx.repo, exam);
      }),

    adminGetExam: (principal, examId) => asAdministrator(ctx, principal, (_, ctx) => adminExamBody(ctx.repo, examOf(ctx, examId))),

    adminUpdateExam: (principal, examId, body) =>
      asAdministrator(ctx, principal, ({ actor }, ctx) => {
        const before = examOf(ctx, examId);
        const policy = defined(body.policy);
        const timeZone = knownTimeZone(body.timeZone);
        if (!samePolicy(before.policy, policy) && examEntered(ctx.repo, before.id)) fail(ErrorCode.EXAM_IN_USE);
        const exam: ExamRow = { ...before, title: body.title, timeZone, policy };
        ctx.repo.updateExam(exam);
        recordAudit(ctx, actor, 'exam.update', { type: 'exam', id: exam.id }, { title: exam.title, timeZone, policy });
        return adminExamBody(ctx.repo, exam);
      }),

    adminListSittings: (principal, examId) => asAdministrator(ctx, principal, (_, ctx) => ctx.repo.listSittings(examOf(ctx, examId).id).map((s) => adminSittingBody(ctx.repo, s))),

    adminCreateSitting: (principal, examId, body) =>
      asAdministrator(ctx, principal, ({ actor, now }, ctx) => {
        const exam = examOf(ctx, examId);
        checkSchedule(body, now);
        const sitting: SittingRow = {
          id: crypto.randomId('sit'),
          examId: exam.id,
          name: body.name,
          startsAt: body.startsAt,
          entryOpensAt: body.entryOpensAt ?? null,
          policy: defined(body.policy),
        };
        ctx.repo.insertSitting(sitting);
        recordAudit(ctx, actor, 'sitting.create', { type: 'sitting', id: sitting.id }, { examId: exam.id, ...body });
        return adminSittingBody(ctx.repo, sitting);
      }),

    adminUpdateSitting: (principal, sittingId, body) =>
      asAdministrator(ctx, principal, ({ actor, now }, ctx) => {
        const before = sittingOf(ctx, sittingId);
        const sitting: SittingRow = { ...before, name: body.name, startsAt: body.startsAt, entryOpensAt: body.entryOpensAt ?? null, policy: defined(body.policy) };
        const moved = sitting.startsAt !== before.startsAt || sitting.entryOpensAt !== before.entryOpensAt || !samePolicy(before.policy, sitting.policy);
        if (moved) {
          if (entered(ctx.repo, before.id) > 0) fail(ErrorCode.SITTING_IN_USE);
          checkSchedule(body, now);
        }
        ctx.repo.updateSitting(sitting);
        recordAudit(ctx, actor, 'sitting.update', { type: 'sitting', id: sitting.id }, { ...body });
        return adminSittingBody(ctx.repo, sitting);
      }),

    adminDeleteSitting: (principal, sittingId) =>
      asAdministrator(ctx, principal, ({ actor }, ctx) => {
        const sitting = sittingOf(ctx, sittingId);
        if (ctx.repo.listCandidates(sitting.id).length > 0) fail(ErrorCode.SITTING_IN_USE);
        // Supervisors named to it watch it no more; their other sittings stay.
        for (const supervisor of ctx.repo.listSupervisors()) {
          if (!(supervisor.sittingIds ?? []).includes(sitting.id)) continue;
          const sittingIds = (supervisor.sittingIds ?? []).filter((id) => id !== sitting.id);
          const { sittingIds: _old, ...rest } = supervisor;
          ctx.repo.updateSupervisor(sittingIds.length > 0 ? { ...rest, sittingIds } : rest);
        }
        ctx.repo.deleteSitting(sitting.id);
        recordAudit(ctx, actor, 'sitting.delete', { type: 'sitting', id: sitting.id }, { examId: sitting.examId, name: sitting.name, startsAt: sitting.startsAt });
      }),
  };
}
