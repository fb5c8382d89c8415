/** View models of 操作日志 for tests and stories, one per state it can show. */
import type { AdminAuditView } from '@examroom/core';
import { auditEntries } from './fixtures-data';

const list = { stage: 'audit', phase: 'list', entries: auditEntries, filter: {}, hasMore: true, error: null } satisfies AdminAuditView;

export const auditViews = {
  loading: { ...list, phase: 'loading', entries: [], hasMore: false },
  list,
  lastPage: { ...list, hasMore: false },
  filtered: { ...list, entries: auditEntries.filter((e) => e.action === 'exam.create'), filter: { action: 'exam.create' }, hasMore: false },
  empty: { ...list, entries: [], filter: { actorId: 'supervisor-3' }, hasMore: false },
  loadingMore: { ...list, phase: 'loadingMore' },
  moreFailed: { ...list, error: 'NETWORK_ERROR' },
  failed: { ...list, phase: 'failed', entries: [], hasMore: false, error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminAuditView>;
