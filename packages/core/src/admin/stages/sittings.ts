/**
 * 场次 of one exam (a tab of the exam): created, moved, renamed and deleted while empty. The server judges on its own
 * clock: SITTING_IN_PAST (a start not in the future), SITTING_IN_USE (moved once a candidate entered, deleted with
 * candidates) are shown in the form, which keeps what was typed. Each sitting says how many candidates it has and
 * how many entered, so the view offers only what the server would still allow.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AdminExam, AdminSitting } from '../../ports/admin-api.port.js';
import { actorOutput, adminSetup, confirmingOf, passwordRequired, saveOf, sessionGone, writeInput } from '../admin.setup.js';
import { ADMIN_EXAM_TABS, type AdminExamTab } from '../admin.types.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';

export const sittings = adminSetup.createStateConfig({
  initial: 'loading',
  exit: 'clearEditing',
  states: {
    loading: {
      tags: 'sittings:loading',
      invoke: {
        src: 'listSittings',
        input: ({ context }) => ({ examId: context.examId ?? '' }),
        onDone: { target: 'list', actions: { type: 'assignSittings', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'sittings:list',
      on: {
        'user.edit': { actions: 'assignEditing' },
        'user.cancelEdit': { actions: 'clearEditing' },
        'user.save': saveOf('sittings'),
      },
    },
    confirming: confirmingOf('sittings:confirming'), // 确认删除
    saving: {
      tags: 'sittings:saving',
      invoke: {
        src: 'save',
        input: writeInput,
        onDone: { target: 'list', actions: { type: 'assignWriteDone', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignFormError' }],
      },
    },
    failed: {
      tags: 'sittings:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

/** What the tabs of one exam's stages share: the exam, and the tabs to switch to. */
export interface AdminExamHeader {
  /** Null until the exams were read (a reload of the console starts at the exams). */
  readonly exam: AdminExam | null;
  readonly tabs: readonly AdminExamTab[];
}

export function selectExamHeader(snapshot: AdminSnapshot): AdminExamHeader {
  const { context } = snapshot;
  return { exam: context.exams.find((exam) => exam.id === context.examId) ?? null, tabs: ADMIN_EXAM_TABS };
}

export interface AdminSittingsView extends AdminExamHeader {
  readonly stage: 'sittings';
  readonly phase: 'loading' | 'list' | 'confirming' | 'saving' | 'failed';
  /** By start, the earliest first. */
  readonly sittings: readonly AdminSitting[];
  readonly editing: string | null;
  /** The sitting to delete: awaiting 确认删除 (`confirming`), or being deleted (`saving`). */
  readonly deleting: string | null;
  readonly error: ErrorCode | null;
  readonly formError: ErrorCode | null;
}

export function selectAdminSittingsView(snapshot: AdminSnapshot): AdminSittingsView {
  const { context } = snapshot;
  return {
    stage: 'sittings',
    phase: adminPhaseOf(snapshot, 'sittings', ['loading', 'list', 'confirming', 'saving', 'failed'] as const) ?? 'loading',
    ...selectExamHeader(snapshot),
    sittings: context.sittings,
    editing: context.editing,
    deleting: context.writing?.kind === 'deleteSitting' ? context.writing.sittingId : null,
    error: context.error,
    formError: context.formError,
  };
}
