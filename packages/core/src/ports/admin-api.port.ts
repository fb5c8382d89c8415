/**
 * The backend as the administrator's console (<exam-admin-console>) sees it. The REST adapter implements it over
 * exactly the contract's /admin routes (adminLogin, changeAdminPassword, adminLogout, getAdminMe, the exams', sittings',
 * question sets' and supervisors' routes, adminListAudit). Every method rejects with an ExamError; while the password
 * is the one-time one, every method but `me`, `changePassword` and `logout` rejects PASSWORD_CHANGE_REQUIRED.
 */
import type { ExamPolicy } from '../rules/schedule.js';
import type { Question } from './exam-api.port.js';

/** The policy fields an administrator sets; any left out take the server's defaults (DEFAULT_POLICY). */
export type AdminPolicy = Partial<ExamPolicy>;

/** Who is logged in, and whether they must replace the one-time password before anything else. */
export interface AdminMe {
  readonly id: string;
  readonly username: string;
  readonly mustChangePassword: boolean;
}

export interface AdminExam {
  readonly id: string;
  readonly title: string;
  /** An IANA zone: the exam's times are entered and shown in it. */
  readonly timeZone: string;
  readonly policy: AdminPolicy;
  /** How many sittings it has. */
  readonly sittings: number;
}

export interface AdminExamInput {
  readonly title: string;
  readonly timeZone: string;
  readonly policy?: AdminPolicy;
}

export interface AdminSitting {
  readonly id: string;
  readonly examId: string;
  readonly name: string;
  readonly startsAt: number;
  readonly entryOpensAt?: number;
  /** The sitting's own overrides of the exam's policy. */
  readonly policy: AdminPolicy;
  readonly candidates: number;
  /** How many of its candidates entered: from the first on it cannot be moved (SITTING_IN_USE). */
  readonly entered: number;
}

export interface AdminSittingInput {
  readonly name: string;
  readonly startsAt: number;
  readonly entryOpensAt?: number;
  readonly policy?: AdminPolicy;
}

/** A set of interview questions, of the exam's (no sittingId) or of one sitting's. */
export interface AdminQuestionSet {
  readonly id: string;
  readonly examId: string;
  readonly sittingId?: string;
  readonly name: string;
  readonly questions: readonly Question[];
}

export interface AdminQuestionSetInput {
  readonly name: string;
  readonly sittingId?: string;
  /** The questions' texts in order (1–50). */
  readonly questions: readonly string[];
}

export interface AdminSupervisor {
  readonly id: string;
  readonly username: string;
  readonly examIds: readonly string[];
  readonly sittingIds: readonly string[];
  readonly disabled: boolean;
}

export interface AdminSupervisorInput {
  readonly username: string;
  readonly examIds?: readonly string[];
  readonly sittingIds?: readonly string[];
}

export interface AdminSupervisorUpdate {
  readonly examIds: readonly string[];
  readonly sittingIds: readonly string[];
  readonly disabled: boolean;
}

/** A new supervisor and their one-time password, answered this once. */
export interface AdminSupervisorCreated {
  readonly supervisor: AdminSupervisor;
  readonly password: string;
}

/** One administrator's or supervisor's action, as the audit log keeps it. */
export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly actorRole: 'administrator' | 'supervisor';
  readonly actorId: string;
  /** The username at the time. */
  readonly actorName: string;
  /** e.g. exam.create, sitting.update, supervisor.update, candidate.verdict. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditQuery {
  readonly actorId?: string;
  readonly action?: string;
  /** The `nextBefore` of the previous page. */
  readonly before?: string;
  /** Entries per page, 1–200 (the server's default 50). */
  readonly limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** Present when there may be more: pass it as `before`. */
  readonly nextBefore?: string;
}

export interface AdminApi {
  /** Rejects INVALID_CREDENTIALS, or TOO_MANY_ATTEMPTS. Answers the session's token. */
  login(username: string, password: string): Promise<{ readonly token: string }>;
  me(): Promise<AdminMe>;
  /** At least 12 characters, not the current one (VALIDATION_FAILED); rejects WRONG_PASSWORD. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  logout(): Promise<void>;
  listExams(): Promise<readonly AdminExam[]>;
  createExam(exam: AdminExamInput): Promise<AdminExam>;
  /** Rejects TIME_ZONE_INVALID, EXAM_IN_USE (a policy change once a candidate entered). */
  updateExam(examId: string, exam: AdminExamInput): Promise<AdminExam>;
  listSittings(examId: string): Promise<readonly AdminSitting[]>;
  /** Rejects SITTING_IN_PAST. */
  createSitting(examId: string, sitting: AdminSittingInput): Promise<AdminSitting>;
  /** Rejects SITTING_IN_PAST, SITTING_IN_USE. */
  updateSitting(sittingId: string, sitting: AdminSittingInput): Promise<AdminSitting>;
  /** Rejects SITTING_IN_USE (it has candidates). */
  deleteSitting(sittingId: string): Promise<void>;
  listQuestionSets(examId: string): Promise<readonly AdminQuestionSet[]>;
  createQuestionSet(examId: string, set: AdminQuestionSetInput): Promise<AdminQuestionSet>;
  /** Rejects SITTING_IN_USE once a candidate who may get the set entered. */
  updateQuestionSet(setId: string, set: AdminQuestionSetInput): Promise<AdminQuestionSet>;
  deleteQuestionSet(setId: string): Promise<void>;
  listSupervisors(): Promise<readonly AdminSupervisor[]>;
  /** Rejects USERNAME_TAKEN. */
  createSupervisor(supervisor: AdminSupervisorInput): Promise<AdminSupervisorCreated>;
  updateSupervisor(supervisorId: string, update: AdminSupervisorUpdate): Promise<AdminSupervisor>;
  listAudit(query: AuditQuery): Promise<AuditPage>;
}

/** The administrator's session kept across reloads (localStorage in the browser). */
export interface KeptAdminSession {
  readonly token: string;
}

export interface AdminSessionStore {
  /** The kept session, or null before login and after logout. */
  load(): KeptAdminSession | null;
  save(session: KeptAdminSession): void;
  clear(): void;
}
