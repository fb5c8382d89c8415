/**
 * The backend as the administrator's console (<exam-admin-console>) sees it. The REST adapter implements it over
 * exactly the contract's /admin routes (adminLogin, changeAdminPassword, adminLogout, getAdminMe, the exams', sittings',
 * question sets' and supervisors' routes, adminListAudit). Every method rejects with an ExamError; while the password
 * is the one-time one, every method but `me`, `changePassword` and `logout` rejects PASSWORD_CHANGE_REQUIRED.
 */
import type { RosterColumn, RosterProblem } from '../rules/roster.js';
import type { ExamPolicy } from '../rules/schedule.js';
import type { FinishReason } from '../rules/stages.js';
import type { IncidentKind, Question } from './exam-api.port.js';
import type { Verdict } from './proctor-api.port.js';
import type { RecordingKind } from './recorder.port.js';

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
  /** How many interview questions it has, its own and in its sets: with none, a candidate has nothing to answer. */
  readonly questions: number;
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

/** One of an exam's candidates as the roster shows them: never the full 身份证号. */
export interface AdminCandidate {
  readonly id: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly admissionNumber: string;
  readonly sittingId: string;
  /** Whether a photo (for face login) is stored. */
  readonly photo: boolean;
  readonly entered: boolean;
}

/** A file the administrator chose (a roster, a zip of photos): its name tells its type when the browser does not. */
export interface ChosenFile {
  readonly name: string;
  readonly blob: Blob;
}

/** A file the server answered (a results export, an archive, the initial passwords), to be saved by the browser. */
export interface DownloadedFile {
  readonly name: string;
  readonly blob: Blob;
}

/** One problem of one roster row: the line of the file (the header is line 1), the column, why. */
export interface RosterProblemReport {
  readonly line: number;
  readonly column?: RosterColumn;
  readonly code: RosterProblem;
  /** Why, in the administrator's language. */
  readonly message: string;
}

/** What importing a roster would do: written nothing. `valid` when it has no problem. */
export interface RosterReport {
  readonly rows: number;
  readonly valid: boolean;
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly problems: readonly RosterProblemReport[];
}

/** What an import did, and the passwords it set, answered this once as a CSV file. */
export interface RosterImported {
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly passwords: number;
  readonly passwordsCsv: string;
  readonly passwordsFileName: string;
}

export interface PhotosImported {
  readonly matched: readonly { readonly file: string; readonly candidateId: string; readonly admissionNumber: string }[];
  readonly unmatched: readonly { readonly file: string; readonly reason: 'NO_CANDIDATE' | 'NOT_AN_IMAGE' | 'TOO_LARGE' | 'DUPLICATE' }[];
}

/** How a candidate's phone evidence stood against its due time. */
export type EvidenceTiming = 'onTime' | 'late' | 'pending' | 'notRequired' | 'notEntered';

export interface ResultRecording {
  readonly id: string;
  readonly kind: RecordingKind;
  readonly part: number;
  readonly complete: boolean;
  readonly bytes: number;
  readonly durationMs: number | null;
  readonly url: string | null;
}

/** One candidate of a sitting, as the results export lists them. */
export interface ResultRow {
  readonly candidateId: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly admissionNumber: string;
  readonly attended: boolean;
  readonly firstLoginAt: number | null;
  readonly enteredAt: number | null;
  readonly finishedAt: number | null;
  readonly finishReason: FinishReason | null;
  readonly lot: number | null;
  readonly incidents: readonly { readonly kind: IncidentKind; readonly count: number }[];
  readonly evidence: EvidenceTiming;
  readonly evidenceDueAt: number;
  readonly verdict: Verdict | null;
  readonly recordings: readonly ResultRecording[];
}

export interface SittingResults {
  readonly examId: string;
  readonly examTitle: string;
  readonly timeZone: string;
  readonly sittingId: string;
  readonly sittingName: string;
  readonly startsAt: number;
  readonly generatedAt: number;
  /** By admission number. */
  readonly rows: readonly ResultRow[];
}

/** The files the results stage downloads: a sitting's results (CSV or XLSX), or one candidate's archive (zip). */
export type ExportRequest =
  | { readonly kind: 'results'; readonly sittingId: string; readonly format: 'csv' | 'xlsx' }
  | { readonly kind: 'archive'; readonly candidateId: string };

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
  /** An exam's candidates, by sitting and 准考证号. */
  listCandidates(examId: string): Promise<readonly AdminCandidate[]>;
  /** Reads a roster (CSV or XLSX) row by row and writes nothing. Rejects FILE_TYPE_UNSUPPORTED, FILE_UNREADABLE, PAYLOAD_TOO_LARGE. */
  previewRoster(examId: string, file: ChosenFile): Promise<RosterReport>;
  /** Imports every row or none: also rejects ROSTER_INVALID (a row has a problem). */
  importRoster(examId: string, file: ChosenFile): Promise<RosterImported>;
  /** A zip of candidates' photos, matched by the 照片 column, 身份证号 or 准考证号. */
  importPhotos(examId: string, file: ChosenFile): Promise<PhotosImported>;
  sittingResults(sittingId: string): Promise<SittingResults>;
  /** A results file or an archive, read whole (it takes the administrator's token, which a plain link cannot send). */
  download(request: ExportRequest): Promise<DownloadedFile>;
}

/** Hands a file to the user (the browser's download). */
export interface FileSaver {
  save(file: DownloadedFile): void;
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
