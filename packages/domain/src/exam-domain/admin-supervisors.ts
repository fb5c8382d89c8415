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
import { fail, type DomainContext, type DomainServices } from './context.js';
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
function assignment(repo: Repository, examIds: readonly string[], sittingIds: readonly string[]): Pick<SupervisorRow, 'examIds' | 'sittingIds'> {
  examIds.forEach((id, i) => repo.getExam(id) ?? fail(ErrorCode.VALIDATION_FAILED, { field: `/examIds/${i}` }));
  sittingIds.forEach((id, i) => repo.getSitting(id) ?? fail(ErrorCode.VALIDATION_FAILED, { field: `/sittingIds/${i}` }));
  const sittings = [...new Set(sittingIds)];
  return { examIds: [...new Set(examIds)], ...(sittings.length > 0 ? { sittingIds: sittings } : {}) };
}

export function createAdminSupervisorCalls(ctx: DomainServices): AdminSupervisorCalls {
  const { crypto } = ctx;
  return {
    adminListSupervisors: (principal) => asAdministrator(ctx, principal, (_, ctx) => ctx.repo.listSupervisors().map(supervisorBody)),

    async adminCreateSupervisor(principal, body) {
      // Checked before the slow hash, and again in the transaction that writes.
      asAdministrator(ctx, principal, (_, ctx) => {
        if (ctx.repo.findSupervisorByUsername(body.username)) fail(ErrorCode.USERNAME_TAKEN, { field: '/username' });
        assignment(ctx.repo, body.examIds ?? [], body.sittingIds ?? []);
      });
      const password = crypto.randomToken();
      const passwordHash = await crypto.hashPassword(password);
      return asAdministrator(ctx, principal, ({ actor }, ctx) => {
        if (ctx.repo.findSupervisorByUsername(body.username)) fail(ErrorCode.USERNAME_TAKEN, { field: '/username' });
        const row: SupervisorRow = { id: crypto.randomId('sup'), username: body.username, passwordHash, ...assignment(ctx.repo, body.examIds ?? [], body.sittingIds ?? []) };
        ctx.repo.insertSupervisor(row);
        recordAudit(ctx, actor, 'supervisor.create', { type: 'supervisor', id: row.id }, { username: row.username, examIds: row.examIds, sittingIds: row.sittingIds ?? [] });
        return { supervisor: supervisorBody(row), password };
      });
    },

    adminUpdateSupervisor: (principal, supervisorId, body) =>
      asAdministrator(ctx, principal, ({ actor, now }, ctx) => {
        const before = ctx.repo.getSupervisor(supervisorId) ?? fail(ErrorCode.NOT_FOUND);
        const { sittingIds: _sittings, disabledAt: _disabled, ...rest } = before;
        const disabledAt = body.disabled ? (before.disabledAt ?? now) : undefined;
        const row: SupervisorRow = { ...rest, ...assignment(ctx.repo, body.examIds, body.sittingIds), ...(disabledAt !== undefined ? { disabledAt } : {}) };
        ctx.repo.updateSupervisor(row);
        // Disabled: every open session ends now, its live sockets close.
        if (before.disabledAt === undefined && disabledAt !== undefined) {
          for (const session of ctx.repo.listSessions('supervisor', row.id)) if (session.revokedAt === null) revoke(ctx, session, now);
        }
        recordAudit(ctx, actor, 'supervisor.update', { type: 'supervisor', id: row.id }, { examIds: row.examIds, sittingIds: row.sittingIds ?? [], disabled: body.disabled });
        return supervisorBody(row);
      }),

    adminListAudit: (principal, query) => asAdministrator(ctx, principal, (_, ctx) => auditPage(ctx, query)),
  };
}
