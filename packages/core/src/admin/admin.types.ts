/** The types of adminMachine, the administrator's console (考试, 场次, 面试题目, 监督员, 操作日志). */
import type { ErrorCode } from '../errors/error-codes.js';
import type {
  AdminExam,
  AdminExamInput,
  AdminMe,
  AdminQuestionSet,
  AdminQuestionSetInput,
  AdminSitting,
  AdminSittingInput,
  AdminSupervisor,
  AdminSupervisorCreated,
  AuditEntry,
} from '../ports/admin-api.port.js';

/** The console's top-level sections, one a tab of its navigation. */
export type AdminSection = 'exams' | 'supervisors' | 'audit';
export const ADMIN_SECTIONS = ['exams', 'supervisors', 'audit'] as const satisfies readonly AdminSection[];

/**
 * The tabs of one exam. The roster (考生名单) and the results' exports join this list as tabs of their own, each a
 * stage beside these two.
 */
export type AdminExamTab = 'sittings' | 'questionSets';
export const ADMIN_EXAM_TABS = ['sittings', 'questionSets'] as const satisfies readonly AdminExamTab[];

/**
 * A new password's length at least: the server's ADMIN_PASSWORD_MIN_LENGTH (POST /admin/password answers
 * VALIDATION_FAILED below it); the console says so before sending.
 */
export const NEW_PASSWORD_MIN_LENGTH = 12;

/** Why the console did not send a new password: the server would refuse it, or the two fields differ. */
export type PasswordProblem = 'tooShort' | 'mismatch' | 'sameAsCurrent';

/** What the administrator saves or deletes, one at a time, from the stage's forms. */
export type AdminWrite =
  | { readonly kind: 'exam'; readonly examId: string | null; readonly exam: AdminExamInput }
  | { readonly kind: 'sitting'; readonly sittingId: string | null; readonly sitting: AdminSittingInput }
  | { readonly kind: 'deleteSitting'; readonly sittingId: string }
  | { readonly kind: 'questionSet'; readonly setId: string | null; readonly set: AdminQuestionSetInput }
  | { readonly kind: 'deleteQuestionSet'; readonly setId: string }
  | {
      readonly kind: 'supervisor';
      /** null: a new supervisor, whose one-time password the console shows once. */
      readonly supervisorId: string | null;
      readonly username: string;
      readonly examIds: readonly string[];
      readonly sittingIds: readonly string[];
      readonly disabled: boolean;
    };

/** What a write answered. */
export type AdminWriteDone =
  | { readonly kind: 'exam'; readonly exam: AdminExam }
  | { readonly kind: 'sitting'; readonly sitting: AdminSitting; readonly created: boolean }
  | { readonly kind: 'deleteSitting'; readonly sittingId: string }
  | { readonly kind: 'questionSet'; readonly set: AdminQuestionSet }
  | { readonly kind: 'deleteQuestionSet'; readonly setId: string }
  | { readonly kind: 'supervisor'; readonly supervisor: AdminSupervisor; readonly created: AdminSupervisorCreated | null };

/** The audit log's filters: one actor (by id), one action (e.g. exam.create). */
export interface AuditFilter {
  readonly actorId?: string;
  readonly action?: string;
}

export interface AdminContext {
  /** The username tried last, to show in the field again. */
  readonly username: string;
  /** Who is logged in, once known. */
  readonly me: AdminMe | null;
  readonly passwordProblem: PasswordProblem | null;
  readonly exams: readonly AdminExam[];
  /** The exam open (its sittings and question sets). */
  readonly examId: string | null;
  /** The open exam's sittings, by start. */
  readonly sittings: readonly AdminSitting[];
  readonly questionSets: readonly AdminQuestionSet[];
  readonly supervisors: readonly AdminSupervisor[];
  /** Every exam's sittings, by exam id: what a supervisor may be assigned. */
  readonly sittingsByExam: Readonly<Record<string, readonly AdminSitting[]>>;
  /** The supervisor just created and their one-time password, shown until dismissed or the section left. */
  readonly createdSupervisor: AdminSupervisorCreated | null;
  readonly audit: readonly AuditEntry[];
  readonly auditNext: string | null;
  readonly auditFilter: AuditFilter;
  /** The record whose form is open: its id, 'new' for a new one, null for none. */
  readonly editing: string | null;
  /** The write being sent. */
  readonly writing: AdminWrite | null;
  /** A failed read, the login's refusal, or the reason the session ended. */
  readonly error: ErrorCode | null;
  /** The server's refusal of the last write, shown in its form (which keeps what was typed). */
  readonly formError: ErrorCode | null;
}

export type AdminEvent =
  | { readonly type: 'user.login'; readonly username: string; readonly password: string }
  /** 设置新密码: the one-time (or current) password, the new one and its confirmation. */
  | { readonly type: 'user.changePassword'; readonly currentPassword: string; readonly newPassword: string; readonly confirmation: string }
  | { readonly type: 'user.logout' }
  | { readonly type: 'user.retry' }
  | { readonly type: 'user.navigate'; readonly section: AdminSection }
  | { readonly type: 'user.openExam'; readonly examId: string }
  | { readonly type: 'user.openTab'; readonly tab: AdminExamTab }
  /** Opens a record's form: its id, or 'new'. */
  | { readonly type: 'user.edit'; readonly id: string }
  | { readonly type: 'user.cancelEdit' }
  /** A deletion waits for user.confirm (or user.cancel); the rest go at once. */
  | { readonly type: 'user.save'; readonly write: AdminWrite }
  | { readonly type: 'user.confirm' }
  | { readonly type: 'user.cancel' }
  /** Hides a new supervisor's one-time password (after it was copied). */
  | { readonly type: 'user.dismissPassword' }
  | { readonly type: 'user.filterAudit'; readonly filter: AuditFilter }
  | { readonly type: 'user.moreAudit' };

/** The view states, one tag each (`<stage>:<phase>`). */
export type AdminTag =
  | 'login:starting'
  | 'login:entering'
  | 'login:submitting'
  | 'login:passwordRequired'
  | 'login:changingPassword'
  | 'exams:loading'
  | 'exams:list'
  | 'exams:saving'
  | 'exams:failed'
  | 'sittings:loading'
  | 'sittings:list'
  | 'sittings:saving'
  | 'sittings:confirming'
  | 'sittings:failed'
  | 'questionSets:loading'
  | 'questionSets:list'
  | 'questionSets:saving'
  | 'questionSets:confirming'
  | 'questionSets:failed'
  | 'supervisors:loading'
  | 'supervisors:list'
  | 'supervisors:saving'
  | 'supervisors:failed'
  | 'audit:loading'
  | 'audit:list'
  | 'audit:loadingMore'
  | 'audit:failed';
