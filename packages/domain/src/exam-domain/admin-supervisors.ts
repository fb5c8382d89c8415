/**
 * The administrator's supervisors — created with a one-time password answered once, assigned the exams and
 * sittings they watch (SupervisorRow.examIds, sittingIds: watchesSitting), disabled — and the audit log's reading.
 * A supervisor is disabled, never deleted: interventions, verdicts and replies keep naming them.
 */
import { ErrorCode } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import type { Repository, SupervisorRow } from '../repository.js';
import { asAdministrator } from './admin.js';
import { auditPage, recordAudit } from './audit.js';
import { fail, type DomainServices } from './context.js';
import { revoke } from './sessions.js';

export type AdminSupervisorCalls = Pick<ExamDomain, 'adminListSupervisors' | 'adminCreateSupervisor' | 'adminUpdateSupervisor' | 'adminListAudit'>;

const supervisorBody = (row: SupervisorRow): C.AdminSupervisorBody => ({
  id: row.id,
  username: row.username,
  examIds: [...row.examIds],
  sittingIds: [...(row.sittingIds ?? [])],
  disabled: row.disabledAt !== undefined,
});

/** Exams and sittings that exist, each once: VALIDATION_FAILED naming the first unknown one. */
async function assignment(repo: Repository, examIds: readonly string[], sittingIds: readonly string[]): Promise<Pick<SupervisorRow, 'examIds' | 'sittingIds'>> {
  for (const [i, id] of examIds.entries()) if (!(await repo.getExam(id))) fail(ErrorCode.VALIDATION_FAILED, { field: `/examIds/${i}` });
  for (const [i, id] of sittingIds.entries()) if (!(await repo.getSitting(id))) fail(ErrorCode.VALIDATION_FAILED, { field: `/sittingIds/${i}` });
  const sittings = [...new Set(sittingIds)];
  return { examIds: [...new Set(examIds)], ...(sittings.length > 0 ? { sittingIds: sittings } : {}) };
}

export function createAdminSupervisorCalls(ctx: DomainServices): AdminSupervisorCalls {
  const { crypto } = ctx;
  return {
    adminListSupervisors: (principal) => asAdministrator(ctx, principal, async (_, ctx) => (await ctx.repo.listSupervisors()).map(supervisorBody)),

    async adminCreateSupervisor(principal, body) {
      // Checked before the slow hash, and again in the transaction that writes.
      await asAdministrator(ctx, principal, async (_, ctx) => {
        if (await ctx.repo.findSupervisorByUsername(body.username)) fail(ErrorCode.USERNAME_TAKEN, { field: '/username' });
        await assignment(ctx.repo, body.examIds ?? [], body.sittingIds ?? []);
      });
      const password = crypto.randomToken();
      const passwordHash = await crypto.hashPassword(password);
      return asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        if (await ctx.repo.findSupervisorByUsername(body.username)) fail(ErrorCode.USERNAME_TAKEN, { field: '/username' });
        const row: SupervisorRow = { id: crypto.randomId('sup'), username: body.username, passwordHash, ...(await assignment(ctx.repo, body.examIds ?? [], body.sittingIds ?? [])) };
        await ctx.repo.insertSupervisor(row);
        await recordAudit(ctx, actor, 'supervisor.create', { type: 'supervisor', id: row.id }, { username: row.username, examIds: row.examIds, sittingIds: row.sittingIds ?? [] });
        return { supervisor: supervisorBody(row), password };
      });
    },

    adminUpdateSupervisor: (principal, supervisorId, body) =>
      asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const before = (await ctx.repo.getSupervisor(supervisorId)) ?? fail(ErrorCode.NOT_FOUND);
        const { sittingIds: _sittings, disabledAt: _disabled, ...rest } = before;
        const disabledAt = body.disabled ? (before.disabledAt ?? now) : undefined;
        const row: SupervisorRow = { ...rest, ...(await assignment(ctx.repo, body.examIds, body.sittingIds)), ...(disabledAt !== undefined ? { disabledAt } : {}) };
        await ctx.repo.updateSupervisor(row);
        // Disabled: every open session ends now, its live sockets close.
        if (before.disabledAt === undefined && disabledAt !== undefined) {
          for (const session of await ctx.repo.listSessions('supervisor', row.id)) if (session.revokedAt === null) await revoke(ctx, session, now);
        }
        await recordAudit(ctx, actor, 'supervisor.update', { type: 'supervisor', id: row.id }, { examIds: row.examIds, sittingIds: row.sittingIds ?? [], disabled: body.disabled });
        return supervisorBody(row);
      }),

    adminListAudit: (principal, query) => asAdministrator(ctx, principal, (_, ctx) => auditPage(ctx, query)),
  };
}
