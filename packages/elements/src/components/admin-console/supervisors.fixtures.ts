/** View models of 监督员 for tests and stories, one per state it can show. */
import type { AdminSupervisorsView } from '@examroom/core';
import { exam, otherExam, sittings, supervisors } from './fixtures-data';

const list = {
  stage: 'supervisors',
  phase: 'list',
  supervisors,
  exams: [exam, otherExam],
  sittingsByExam: { [exam.id]: sittings, [otherExam.id]: [] },
  created: null,
  editing: null,
  error: null,
  formError: null,
} satisfies AdminSupervisorsView;

export const supervisorsViews = {
  loading: { ...list, phase: 'loading', supervisors: [], exams: [], sittingsByExam: {} },
  list,
  empty: { ...list, supervisors: [] },
  creating: { ...list, editing: 'new' },
  assigning: { ...list, editing: 'supervisor-2' },
  saving: { ...list, phase: 'saving', editing: 'new' },
  created: { ...list, created: { supervisor: supervisors[1]!, password: 'Xq7-pL2m-9RtA-b4Kd' } },
  usernameTaken: { ...list, editing: 'new', formError: 'USERNAME_TAKEN' },
  failed: { ...list, phase: 'failed', supervisors: [], exams: [], sittingsByExam: {}, error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminSupervisorsView>;
