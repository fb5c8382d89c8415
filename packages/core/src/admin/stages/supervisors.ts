/**
 * 监督员: every supervisor, the exams and sittings each watches, and whether they may log in (停用). A new supervisor's
 * one-time password is answered once: shown with a copy button until dismissed or the stage left, never kept
 * elsewhere. USERNAME_TAKEN is shown in the form.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AdminExam, AdminSitting, AdminSupervisor, AdminSupervisorCreated } from '../../ports/admin-api.port.js';
import { actorOutput, adminSetup, passwordRequired, sessionGone, writeInput } from '../admin.setup.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';

export const supervisors = adminSetup.createStateConfig({
  initial: 'loading',
  exit: ['clearEditing', 'clearCreatedSupervisor'],
  states: {
    loading: {
      tags: 'supervisors:loading',
      invoke: {
        src: 'listSupervisors',
        onDone: { target: 'list', actions: { type: 'assignSupervisors', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'supervisors:list',
      on: {
        'user.edit': { actions: 'assignEditing' },
        'user.cancelEdit': { actions: 'clearEditing' },
        'user.save': { guard: { type: 'isWriteOf', params: { stage: 'supervisors' } }, target: 'saving', actions: 'assignWriting' },
        'user.dismissPassword': { actions: 'clearCreatedSupervisor' },
      },
    },
    saving: {
      tags: 'supervisors:saving',
      invoke: {
        src: 'save',
        input: writeInput,
        onDone: { target: 'list', actions: { type: 'assignWriteDone', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignFormError' }],
      },
    },
    failed: {
      tags: 'supervisors:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

export interface AdminSupervisorsView {
  readonly stage: 'supervisors';
  readonly phase: 'loading' | 'list' | 'saving' | 'failed';
  /** By username. */
  readonly supervisors: readonly AdminSupervisor[];
  /** Every exam and its sittings (by start): what a supervisor may be assigned. */
  readonly exams: readonly AdminExam[];
  readonly sittingsByExam: Readonly<Record<string, readonly AdminSitting[]>>;
  /** The supervisor just created and their one-time password, shown once. */
  readonly created: AdminSupervisorCreated | null;
  readonly editing: string | null;
  readonly error: ErrorCode | null;
  readonly formError: ErrorCode | null;
}

export function selectAdminSupervisorsView(snapshot: AdminSnapshot): AdminSupervisorsView {
  const { context } = snapshot;
  return {
    stage: 'supervisors',
    phase: adminPhaseOf(snapshot, 'supervisors', ['loading', 'list', 'saving', 'failed'] as const) ?? 'loading',
    supervisors: [...context.supervisors].sort((a, b) => a.username.localeCompare(b.username)),
    exams: context.exams,
    sittingsByExam: context.sittingsByExam,
    created: context.createdSupervisor,
    editing: context.editing,
    error: context.error,
    formError: context.formError,
  };
}
