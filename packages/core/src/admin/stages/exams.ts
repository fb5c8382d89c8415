/**
 * 考试: every exam, created and edited here — title, time zone, and the policy (佐证视频 required, 人脸登录 on or off,
 * answer time, late cutoff, maximum bitrate). TIME_ZONE_INVALID and EXAM_IN_USE (the policy is fixed once a
 * candidate entered) are shown in the form, which keeps what was typed. An exam opens its sittings and question sets.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AdminExam } from '../../ports/admin-api.port.js';
import { actorOutput, adminSetup, passwordRequired, sessionGone, writeInput } from '../admin.setup.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';

export const exams = adminSetup.createStateConfig({
  initial: 'loading',
  exit: 'clearEditing',
  states: {
    loading: {
      tags: 'exams:loading',
      invoke: {
        src: 'listExams',
        onDone: { target: 'list', actions: { type: 'assignExams', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'exams:list',
      on: {
        'user.edit': { actions: 'assignEditing' },
        'user.cancelEdit': { actions: 'clearEditing' },
        'user.save': { guard: { type: 'isWriteOf', params: { stage: 'exams' } }, target: 'saving', actions: 'assignWriting' },
        'user.openExam': { target: '#admin.session.exam', actions: 'assignExamId' },
      },
    },
    saving: {
      tags: 'exams:saving',
      invoke: {
        src: 'save',
        input: writeInput,
        onDone: { target: 'list', actions: { type: 'assignWriteDone', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignFormError' }],
      },
    },
    failed: {
      tags: 'exams:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

export interface AdminExamsView {
  readonly stage: 'exams';
  readonly phase: 'loading' | 'list' | 'saving' | 'failed';
  /** By title. */
  readonly exams: readonly AdminExam[];
  /** The exam whose form is open ('new' for a new one), or null. */
  readonly editing: string | null;
  readonly error: ErrorCode | null;
  readonly formError: ErrorCode | null;
}

export function selectAdminExamsView(snapshot: AdminSnapshot): AdminExamsView {
  const { context } = snapshot;
  return {
    stage: 'exams',
    phase: adminPhaseOf(snapshot, 'exams', ['loading', 'list', 'saving', 'failed'] as const) ?? 'loading',
    exams: [...context.exams].sort((a, b) => a.title.localeCompare(b.title, 'zh-CN')),
    editing: context.editing,
    error: context.error,
    formError: context.formError,
  };
}
