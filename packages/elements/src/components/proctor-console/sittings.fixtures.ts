/** View models of the supervisor's sittings (我的场次) for tests and stories, one per state it can show. */
import type { SittingsView, SittingSummary } from '@examroom/core';

export const FIXTURE_SITTINGS: readonly SittingSummary[] = [
  { examId: 'exam-1', examTitle: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', sitting: { id: 'sitting-1', name: '第一场', startsAt: Date.UTC(2026, 2, 1, 1, 0) }, candidates: 30 },
  { examId: 'exam-1', examTitle: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', sitting: { id: 'sitting-2', name: '第二场', startsAt: Date.UTC(2026, 2, 1, 6, 0) }, candidates: 28 },
];

const list = { stage: 'sittings', phase: 'list', sittings: FIXTURE_SITTINGS, error: null } satisfies SittingsView;

export const sittingsViews = {
  loading: { ...list, phase: 'loading', sittings: [] },
  list,
  empty: { ...list, sittings: [] },
  failed: { ...list, phase: 'failed', sittings: [], error: 'NETWORK_ERROR' },
} satisfies Record<string, SittingsView>;
