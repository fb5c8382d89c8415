/**
 * The audit log: who (an administrator or a supervisor), what, on which target, when, with a small JSON detail.
 * Recorded by the call that acts, inside its transaction, so that an action is logged exactly when it happened: a
 * refused or rolled-back call leaves no entry. Details never hold an ID number nor a password.
 */
import type * as C from '@examroom/adapters/rest';
import type { AuditRow } from '../repository.js';
import type { DomainContext } from './context.js';

export interface AuditActor {
  readonly role: AuditRow['actorRole'];
  readonly id: string;
  readonly name: string;
}

export interface AuditTarget {
  readonly type: string;
  readonly id: string;
}

/** The longest text an entry's detail keeps of a message, a reason or a comment. */
const DETAIL_TEXT_MAX = 200;

/** A message's or reason's text as the detail keeps it: its start only, so that the log stays small. */
export function detailText(text: string): string {
  return text.length > DETAIL_TEXT_MAX ? `${text.slice(0, DETAIL_TEXT_MAX)}…` : text;
}

/** Records one action; call it inside the acting call's transaction. */
export async function recordAudit(ctx: DomainContext, actor: AuditActor, action: string, target: AuditTarget, detail: Record<string, unknown> = {}): Promise<void> {
  await ctx.repo.insertAudit({
    id: ctx.crypto.randomId('aud'),
    at: ctx.clock.now(),
    actorRole: actor.role,
    actorId: actor.id,
    actorName: actor.name,
    action,
    targetType: target.type,
    targetId: target.id,
    detail,
  });
}

/** A supervisor as the audit log names them. */
export const supervisorActor = (supervisor: { readonly id: string; readonly username: string }): AuditActor => ({ role: 'supervisor', id: supervisor.id, name: supervisor.username });

/** The default and the largest page of GET /admin/audit. */
export const AUDIT_PAGE = { default: 50, max: 200 } as const;

/** One page of the log, newest first; `nextBefore` when there may be more. */
export async function auditPage(ctx: DomainContext, query: C.AuditQueryParams): Promise<C.AuditPageBody> {
  const limit = query.limit === undefined ? AUDIT_PAGE.default : Math.min(Number(query.limit), AUDIT_PAGE.max);
  const rows = await ctx.repo.listAudit({
    limit,
    ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.before !== undefined ? { before: query.before } : {}),
  });
  const entries = rows.map((row) => ({ ...row, detail: { ...row.detail } }));
  return rows.length === limit ? { entries, nextBefore: rows[rows.length - 1]!.id } : { entries };
}
