/**
 * 操作日志: every administrator's and supervisor's action, newest first, a page at a time (加载更多 while the server
 * says there may be more), filtered by who acted and by action.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AuditEntry } from '../../ports/admin-api.port.js';
import { adminSetup, passwordRequired, sessionGone } from '../admin.setup.js';
import type { AuditFilter } from '../admin.types.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';

export const audit = adminSetup.createStateConfig({
  initial: 'loading',
  states: {
    loading: {
      tags: 'audit:loading',
      invoke: {
        src: 'listAudit',
        input: ({ context }) => context.auditFilter,
        onDone: { target: 'list', actions: { type: 'assignAudit', params: ({ event }) => ({ page: event.output, append: false }) } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'audit:list',
      on: {
        'user.filterAudit': { target: 'loading', actions: ['assignAuditFilter', 'clearError'] },
        'user.moreAudit': { guard: 'hasMoreAudit', target: 'loadingMore', actions: 'clearError' },
      },
    },
    loadingMore: {
      tags: 'audit:loadingMore',
      invoke: {
        src: 'listAudit',
        input: ({ context }) => ({ ...context.auditFilter, ...(context.auditNext === null ? {} : { before: context.auditNext }) }),
        onDone: { target: 'list', actions: { type: 'assignAudit', params: ({ event }) => ({ page: event.output, append: true }) } },
        // The page shown stays; 加载更多 may be asked again.
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignError' }],
      },
    },
    failed: {
      tags: 'audit:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

export interface AdminAuditView {
  readonly stage: 'audit';
  readonly phase: 'loading' | 'list' | 'loadingMore' | 'failed';
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  readonly filter: AuditFilter;
  /** Whether the server may have older entries (加载更多). */
  readonly hasMore: boolean;
  readonly error: ErrorCode | null;
}

export function selectAdminAuditView(snapshot: AdminSnapshot): AdminAuditView {
  const { context } = snapshot;
  return {
    stage: 'audit',
    phase: adminPhaseOf(snapshot, 'audit', ['loading', 'list', 'loadingMore', 'failed'] as const) ?? 'loading',
    entries: context.audit,
    filter: context.auditFilter,
    hasMore: context.auditNext !== null,
    error: context.error,
  };
}
