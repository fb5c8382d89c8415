/** View models of one exam's 场次 for tests and stories, one per state it can show. */
import type { AdminSittingsView } from '@examroom/core';
import { ADMIN_EXAM_TABS } from '@examroom/core';
import { exam, sittings } from './fixtures-data';

const list = { stage: 'sittings', phase: 'list', exam, tabs: ADMIN_EXAM_TABS, sittings, editing: null, deleting: null, error: null, formError: null } satisfies AdminSittingsView;
const entered = sittings.map((s, i) => (i === 0 ? { ...s, entered: 37 } : s));

export const sittingsViews = {
  loading: { ...list, phase: 'loading', sittings: [] },
  list,
  empty: { ...list, sittings: [] },
  creating: { ...list, editing: 'new' },
  editing: { ...list, editing: 'sitting-2' },
  editingInUse: { ...list, sittings: entered, editing: 'sitting-1' },
  saving: { ...list, phase: 'saving', editing: 'new' },
  confirmingDelete: { ...list, phase: 'confirming', deleting: 'sitting-2' },
  deleting: { ...list, phase: 'saving', deleting: 'sitting-2' },
  inPast: { ...list, editing: 'new', formError: 'SITTING_IN_PAST' },
  inUse: { ...list, sittings: entered, editing: 'sitting-1', formError: 'SITTING_IN_USE' },
  noQuestions: { ...list, exam: { ...exam, questions: 0 } },
  failed: { ...list, phase: 'failed', sittings: [], error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminSittingsView>;
