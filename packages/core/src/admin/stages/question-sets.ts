/**
 * 面试题目 of one exam (a tab of the exam): its question sets, each the exam's or one sitting's, with the questions'
 * texts in order. A candidate answers one set, named by their lot among their sitting's own sets, else the exam's;
 * SITTING_IN_USE (sets are fixed once a candidate who may get them entered) is shown in the form.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AdminQuestionSet, AdminSitting } from '../../ports/admin-api.port.js';
import { actorOutput, adminSetup, confirmingOf, passwordRequired, saveOf, sessionGone, writeInput } from '../admin.setup.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';
import { selectExamHeader, type AdminExamHeader } from './sittings.js';

export const questionSets = adminSetup.createStateConfig({
  initial: 'loading',
  exit: 'clearEditing',
  states: {
    loading: {
      tags: 'questionSets:loading',
      invoke: {
        src: 'listQuestionSets',
        input: ({ context }) => ({ examId: context.examId ?? '' }),
        onDone: { target: 'list', actions: { type: 'assignQuestionSets', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'questionSets:list',
      on: {
        'user.edit': { actions: 'assignEditing' },
        'user.cancelEdit': { actions: 'clearEditing' },
        'user.save': saveOf('questionSets'),
      },
    },
    confirming: confirmingOf('questionSets:confirming'), // 确认删除
    saving: {
      tags: 'questionSets:saving',
      invoke: {
        src: 'save',
        input: writeInput,
        onDone: { target: 'list', actions: { type: 'assignWriteDone', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignFormError' }],
      },
    },
    failed: {
      tags: 'questionSets:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

export interface AdminQuestionSetsView extends AdminExamHeader {
  readonly stage: 'questionSets';
  readonly phase: 'loading' | 'list' | 'confirming' | 'saving' | 'failed';
  /** The exam's own sets first, then each sitting's in the sittings' order; in order of creation within. */
  readonly sets: readonly AdminQuestionSet[];
  /** The exam's sittings, by start: a set may be one sitting's. */
  readonly sittings: readonly AdminSitting[];
  readonly editing: string | null;
  /** The set to delete: awaiting 确认删除 (`confirming`), or being deleted (`saving`). */
  readonly deleting: string | null;
  readonly error: ErrorCode | null;
  readonly formError: ErrorCode | null;
}

export function selectAdminQuestionSetsView(snapshot: AdminSnapshot): AdminQuestionSetsView {
  const { context } = snapshot;
  const rank = (set: AdminQuestionSet) => (set.sittingId === undefined ? -1 : context.sittings.findIndex((s) => s.id === set.sittingId));
  return {
    stage: 'questionSets',
    phase: adminPhaseOf(snapshot, 'questionSets', ['loading', 'list', 'confirming', 'saving', 'failed'] as const) ?? 'loading',
    ...selectExamHeader(snapshot),
    // A stable sort keeps the order of creation within the exam's and each sitting's sets.
    sets: [...context.questionSets].sort((a, b) => rank(a) - rank(b)),
    sittings: context.sittings,
    editing: context.editing,
    deleting: context.writing?.kind === 'deleteQuestionSet' ? context.writing.setId : null,
    error: context.error,
    formError: context.formError,
  };
}
