/** View models of 考试 for tests and stories, one per state it can show. */
import type { AdminExamsView } from '@examroom/core';
import { exam, otherExam } from './fixtures-data';

const list = { stage: 'exams', phase: 'list', exams: [otherExam, exam], editing: null, error: null, formError: null } satisfies AdminExamsView;

export const examsViews = {
  loading: { ...list, phase: 'loading', exams: [] },
  list,
  empty: { ...list, exams: [] },
  creating: { ...list, editing: 'new' },
  editing: { ...list, editing: exam.id },
  saving: { ...list, phase: 'saving', editing: exam.id },
  timeZoneInvalid: { ...list, editing: 'new', formError: 'TIME_ZONE_INVALID' },
  examInUse: { ...list, editing: exam.id, formError: 'EXAM_IN_USE' },
  failed: { ...list, phase: 'failed', exams: [], error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminExamsView>;
