/** The types of adminMachine, the administrator's console (考试, 场次, 面试题目, 监督员, 操作日志). */
import type { ErrorCode } from '../errors/error-codes.js';
import type {
  AdminCandidate,
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
  ChosenFile,
  ExportRequest,
  PhotosImported,
  RosterImported,
  RosterReport,
  SittingResults,
} from '../ports/admin-api.port.js';

/** The console's top-level sections, one a tab of its navigation. */
export type AdminSection = 'exams' | 'supervisors' | 'audit';
export const ADMIN_SECTIONS = ['exams', 'supervisors', 'audit'] as const satisfies readonly AdminSection[];

/** The tabs of one exam, each a stage: 场次, 面试题目, 考生名单 (the roster and its import), 结果导出. */
export type AdminExamTab = 'sittings' | 'questionSets' | 'roster' | 'results';
export const ADMIN_EXAM_TABS = ['sittings', 'questionSets', 'roster', 'results'] as const satisfies readonly AdminExamTab[];

/** Candidates the roster's table shows at most: beyond, the administrator narrows them with the search field. */
export const ROSTER_SHOWN_MAX = 200;

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
  /** The open exam's candidates (考生名单), by sitting and 准考证号. */
  readonly candidates: readonly AdminCandidate[];
  /** The roster's search: a name, 准考证号 or the masked 身份证号's digits. */
  readonly rosterFilter: string;
  /** The roster file chosen: previewed, then imported as it is (never another file than the one previewed). */
  readonly rosterFile: ChosenFile | null;
  /** What importing rosterFile would do, every bad row with its line. */
  readonly rosterReport: RosterReport | null;
  /** The last import, with the initial passwords file (answered once: kept until dismissed or the stage left). */
  readonly rosterImported: RosterImported | null;
  readonly photosImported: PhotosImported | null;
  /** The sitting whose results are shown (结果导出). */
  readonly resultsSittingId: string | null;
  readonly results: SittingResults | null;
  /** The file being downloaded. */
  readonly downloading: ExportRequest | null;
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
  /** Hides a new supervisor's one-time password (after it was copied), or a roster import's passwords notice. */
  | { readonly type: 'user.dismissPassword' }
  | { readonly type: 'user.filterAudit'; readonly filter: AuditFilter }
  | { readonly type: 'user.moreAudit' }
  /** 考生名单: a roster file chosen is previewed at once; user.importRoster imports that same file. */
  | { readonly type: 'user.chooseRoster'; readonly file: ChosenFile }
  | { readonly type: 'user.importRoster' }
  | { readonly type: 'user.choosePhotos'; readonly file: ChosenFile }
  /** 下载初始密码文件: the last import's passwords, as the file the server answered. */
  | { readonly type: 'user.savePasswords' }
  | { readonly type: 'user.filterRoster'; readonly text: string }
  /** 结果导出: one sitting's results, and the files. */
  | { readonly type: 'user.openResults'; readonly sittingId: string }
  | { readonly type: 'user.download'; readonly request: ExportRequest };

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
  | 'audit:failed'
  | 'roster:loading'
  | 'roster:list'
  | 'roster:previewing'
  | 'roster:previewed'
  | 'roster:importing'
  | 'roster:uploadingPhotos'
  | 'roster:failed'
  | 'results:loading'
  | 'results:list'
  | 'results:loadingResults'
  | 'results:downloading'
  | 'results:failed';
