/** View models of one exam's 面试题目 for tests and stories, one per state it can show. */
import type { AdminQuestionSetsView } from '@examroom/core';
import { ADMIN_EXAM_TABS } from '@examroom/core';
import { exam, questionSets, sittings } from './fixtures-data';

const list = { stage: 'questionSets', phase: 'list', exam, tabs: ADMIN_EXAM_TABS, sets: questionSets, sittings, editing: null, deleting: null, error: null, formError: null } satisfies AdminQuestionSetsView;

export const questionSetsViews = {
  loading: { ...list, phase: 'loading', sets: [] },
  list,
  empty: { ...list, sets: [] },
  creating: { ...list, editing: 'new' },
  editing: { ...list, editing: 'set-1' },
  saving: { ...list, phase: 'saving', editing: 'set-1' },
  confirmingDelete: { ...list, phase: 'confirming', deleting: 'set-1' },
  deleting: { ...list, phase: 'saving', deleting: 'set-1' },
  inUse: { ...list, editing: 'set-1', formError: 'SITTING_IN_USE' },
  failed: { ...list, phase: 'failed', sets: [], error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminQuestionSetsView>;
