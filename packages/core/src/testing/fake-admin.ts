/**
 * Fakes of the administrator console's ports for adminMachine's tests and the elements' tests: a small
 * administration backend with the server's rules in small (a one-time password to replace first, sittings only in
 * the future on its clock and fixed once a candidate entered, question sets, supervisors with one-time passwords, an
 * audit log of every write, newest first and paged), and the kept session in memory.
 */
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { AdminPorts } from '../ports/index.js';
import type {
  AdminApi,
  AdminCandidate,
  DownloadedFile,
  FileSaver,
  RosterProblemReport,
  AdminExam,
  AdminMe,
  AdminQuestionSet,
  AdminSessionStore,
  AdminSitting,
  AdminSupervisor,
  AuditEntry,
  ChosenFile,
  KeptAdminSession,
} from '../ports/admin-api.port.js';

export const FAKE_ADMIN = { username: 'admin', password: 'one-time-password' } as const;

export interface FakeAdminOptions {
  /** Server time (epoch ms): sittings must start after it. */
  readonly now: () => number;
  /** Whether the administrator logs in with a one-time password (true by default). */
  readonly mustChangePassword?: boolean;
}

export interface FakeAdminApi extends AdminApi {
  readonly exams: AdminExam[];
  readonly sittings: AdminSitting[];
  readonly questionSets: AdminQuestionSet[];
  readonly supervisors: AdminSupervisor[];
  /** Oldest first, as recorded. */
  readonly auditLog: AuditEntry[];
  /** The exams' candidates, as imported (the fake keeps the 身份证号 only to match a re-import). */
  readonly candidates: (AdminCandidate & { readonly idNumber: string })[];
  /** The administrator's password now. */
  readonly password: string;
  readonly mustChangePassword: boolean;
  /** Gives a sitting candidates (and entered ones), as a roster import and the interview would. */
  setCandidates(sittingId: string, candidates: number, entered?: number): void;
  /** The next `count` calls of `method` reject with `code`. */
  failNext(method: keyof AdminApi, code: ErrorCode, count?: number): void;
  /** Ends the session: every later call rejects with UNAUTHENTICATED. */
  endSession(): void;
  /** A new one-time password, as `examroom-server admin reset-password` gives: its routes are refused until replaced. */
  resetPassword(password: string): void;
}

export function createFakeAdminApi(options: FakeAdminOptions): FakeAdminApi {
  const failures = new Map<keyof AdminApi, { code: ErrorCode; count: number }>();
  const me: AdminMe & { mustChangePassword: boolean } = { id: 'admin-1', username: FAKE_ADMIN.username, mustChangePassword: options.mustChangePassword ?? true };
  let password: string = FAKE_ADMIN.password;
  let loggedIn = false;
  let nextId = 1;
  const id = (prefix: string) => `${prefix}-${nextId++}`;
  const fail = (method: keyof AdminApi) => {
    const failure = failures.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      throw new ExamError(failure.code);
    }
  };
  /** Every route: a live session; all but me, changePassword and logout refused until the password is replaced. */
  const guard = (method: keyof AdminApi, allowedBeforeChange = false) => {
    fail(method);
    if (!loggedIn) throw new ExamError(ErrorCode.UNAUTHENTICATED);
    if (me.mustChangePassword && !allowedBeforeChange) throw new ExamError(ErrorCode.PASSWORD_CHANGE_REQUIRED);
  };
  const audit = (action: string, targetType: string, targetId: string, detail: Record<string, unknown> = {}) => {
    api.auditLog.push({ id: `audit-${String(nextId++).padStart(6, '0')}`, at: options.now(), actorRole: 'administrator', actorId: me.id, actorName: me.username, action, targetType, targetId, detail });
  };
  const examOf = (examId: string) => {
    const exam = api.exams.find((e) => e.id === examId);
    if (!exam) throw new ExamError(ErrorCode.EXAM_NOT_FOUND);
    return exam;
  };
  const sittingOf = (sittingId: string) => {
    const sitting = api.sittings.find((s) => s.id === sittingId);
    if (!sitting) throw new ExamError(ErrorCode.NOT_FOUND);
    return sitting;
  };
  const replace = <T extends { id: string }>(list: T[], record: T) => list.splice(list.findIndex((r) => r.id === record.id), 1, record);
  const withCount = (exam: AdminExam): AdminExam => ({
    ...exam,
    sittings: api.sittings.filter((s) => s.examId === exam.id).length,
    questions: api.questionSets.filter((set) => set.examId === exam.id).reduce((sum, set) => sum + set.questions.length, 0),
  });

  const api: FakeAdminApi = {
    exams: [],
    sittings: [],
    questionSets: [],
    supervisors: [],
    auditLog: [],
    candidates: [],
    get password() {
      return password;
    },
    get mustChangePassword() {
      return me.mustChangePassword;
    },
    async login(username, given) {
      fail('login');
      if (username !== me.username || given !== password) throw new ExamError(ErrorCode.INVALID_CREDENTIALS);
      loggedIn = true;
      audit('administrator.login', 'administrator', me.id);
      return { token: `admin-token-${nextId++}` };
    },
    async me() {
      guard('me', true);
      return { ...me };
    },
    async changePassword(current, next) {
      guard('changePassword', true);
      if (next.length < 12 || next === current) throw new ExamError(ErrorCode.VALIDATION_FAILED);
      if (current !== password) throw new ExamError(ErrorCode.WRONG_PASSWORD);
      password = next;
      me.mustChangePassword = false;
      audit('administrator.changePassword', 'administrator', me.id);
    },
    async logout() {
      guard('logout', true);
      loggedIn = false;
    },
    async listExams() {
      guard('listExams');
      return api.exams.map(withCount);
    },
    async createExam(input) {
      guard('createExam');
      if (!isKnownZone(input.timeZone)) throw new ExamError(ErrorCode.TIME_ZONE_INVALID);
      const exam: AdminExam = { id: id('exam'), title: input.title, timeZone: input.timeZone, policy: input.policy ?? {}, sittings: 0, questions: 0 };
      api.exams.push(exam);
      audit('exam.create', 'exam', exam.id, { title: exam.title });
      return exam;
    },
    async updateExam(examId, input) {
      guard('updateExam');
      const exam = examOf(examId);
      if (!isKnownZone(input.timeZone)) throw new ExamError(ErrorCode.TIME_ZONE_INVALID);
      const policy = input.policy ?? exam.policy;
      const entered = api.sittings.some((s) => s.examId === examId && s.entered > 0);
      if (entered && JSON.stringify(policy) !== JSON.stringify(exam.policy)) throw new ExamError(ErrorCode.EXAM_IN_USE);
      const updated = withCount({ ...exam, title: input.title, timeZone: input.timeZone, policy });
      replace(api.exams, updated);
      audit('exam.update', 'exam', examId, { title: updated.title });
      return updated;
    },
    async listSittings(examId) {
      guard('listSittings');
      examOf(examId);
      return api.sittings.filter((s) => s.examId === examId).sort((a, b) => a.startsAt - b.startsAt);
    },
    async createSitting(examId, input) {
      guard('createSitting');
      examOf(examId);
      if (input.startsAt <= options.now()) throw new ExamError(ErrorCode.SITTING_IN_PAST);
      const sitting: AdminSitting = { id: id('sitting'), examId, name: input.name, startsAt: input.startsAt, ...(input.entryOpensAt === undefined ? {} : { entryOpensAt: input.entryOpensAt }), policy: input.policy ?? {}, candidates: 0, entered: 0 };
      api.sittings.push(sitting);
      audit('sitting.create', 'sitting', sitting.id, { name: sitting.name });
      return sitting;
    },
    async updateSitting(sittingId, input) {
      guard('updateSitting');
      const sitting = sittingOf(sittingId);
      const moved = input.startsAt !== sitting.startsAt || input.entryOpensAt !== sitting.entryOpensAt || JSON.stringify(input.policy ?? {}) !== JSON.stringify(sitting.policy);
      if (moved && sitting.entered > 0) throw new ExamError(ErrorCode.SITTING_IN_USE);
      if (moved && input.startsAt <= options.now()) throw new ExamError(ErrorCode.SITTING_IN_PAST);
      const { entryOpensAt: _old, ...rest } = sitting;
      const updated: AdminSitting = { ...rest, name: input.name, startsAt: input.startsAt, ...(input.entryOpensAt === undefined ? {} : { entryOpensAt: input.entryOpensAt }), policy: input.policy ?? {} };
      replace(api.sittings, updated);
      audit('sitting.update', 'sitting', sittingId, { name: updated.name });
      return updated;
    },
    async deleteSitting(sittingId) {
      guard('deleteSitting');
      const sitting = sittingOf(sittingId);
      if (sitting.candidates > 0) throw new ExamError(ErrorCode.SITTING_IN_USE);
      api.sittings.splice(api.sittings.indexOf(sitting), 1);
      for (const set of api.questionSets.filter((s) => s.sittingId === sittingId)) api.questionSets.splice(api.questionSets.indexOf(set), 1);
      audit('sitting.delete', 'sitting', sittingId, { name: sitting.name });
    },
    async listQuestionSets(examId) {
      guard('listQuestionSets');
      examOf(examId);
      return api.questionSets.filter((set) => set.examId === examId);
    },
    async createQuestionSet(examId, input) {
      guard('createQuestionSet');
      examOf(examId);
      const setId = id('set');
      const set: AdminQuestionSet = {
        id: setId,
        examId,
        ...(input.sittingId === undefined ? {} : { sittingId: input.sittingId }),
        name: input.name,
        questions: input.questions.map((text, i) => ({ id: `${setId}-q${i + 1}`, order: i + 1, text })),
      };
      api.questionSets.push(set);
      audit('questionSet.create', 'questionSet', set.id, { name: set.name });
      return set;
    },
    async updateQuestionSet(setId, input) {
      guard('updateQuestionSet');
      const set = api.questionSets.find((s) => s.id === setId);
      if (!set) throw new ExamError(ErrorCode.NOT_FOUND);
      const entered = api.sittings.some((s) => s.examId === set.examId && (set.sittingId === undefined || s.id === set.sittingId) && s.entered > 0);
      if (entered) throw new ExamError(ErrorCode.SITTING_IN_USE);
      const updated: AdminQuestionSet = { ...set, name: input.name, questions: input.questions.map((text, i) => ({ id: `${setId}-q${i + 1}`, order: i + 1, text })) };
      replace(api.questionSets, updated);
      audit('questionSet.update', 'questionSet', setId, { name: updated.name });
      return updated;
    },
    async deleteQuestionSet(setId) {
      guard('deleteQuestionSet');
      const index = api.questionSets.findIndex((s) => s.id === setId);
      if (index < 0) throw new ExamError(ErrorCode.NOT_FOUND);
      api.questionSets.splice(index, 1);
      audit('questionSet.delete', 'questionSet', setId);
    },
    async listSupervisors() {
      guard('listSupervisors');
      return [...api.supervisors];
    },
    async createSupervisor(input) {
      guard('createSupervisor');
      if (api.supervisors.some((s) => s.username === input.username)) throw new ExamError(ErrorCode.USERNAME_TAKEN);
      const supervisor: AdminSupervisor = { id: id('supervisor'), username: input.username, examIds: input.examIds ?? [], sittingIds: input.sittingIds ?? [], disabled: false };
      api.supervisors.push(supervisor);
      audit('supervisor.create', 'supervisor', supervisor.id, { username: supervisor.username });
      return { supervisor, password: `one-time-${supervisor.id}` };
    },
    async updateSupervisor(supervisorId, update) {
      guard('updateSupervisor');
      const supervisor = api.supervisors.find((s) => s.id === supervisorId);
      if (!supervisor) throw new ExamError(ErrorCode.NOT_FOUND);
      const updated: AdminSupervisor = { ...supervisor, examIds: update.examIds, sittingIds: update.sittingIds, disabled: update.disabled };
      replace(api.supervisors, updated);
      audit('supervisor.update', 'supervisor', supervisorId, { examIds: update.examIds, sittingIds: update.sittingIds, disabled: update.disabled });
      return updated;
    },
    async listAudit(query) {
      guard('listAudit');
      const matching = api.auditLog.filter((e) => (query.actorId === undefined || e.actorId === query.actorId) && (query.action === undefined || e.action === query.action)).reverse();
      const from = query.before === undefined ? 0 : matching.findIndex((e) => e.id === query.before) + 1;
      const limit = query.limit ?? 50;
      const entries = matching.slice(from, from + limit);
      const last = entries.at(-1);
      return { entries, ...(from + limit < matching.length && last ? { nextBefore: last.id } : {}) };
    },
    async listCandidates(examId) {
      guard('listCandidates');
      examOf(examId);
      return api.candidates.filter((c) => api.sittings.some((s) => s.id === c.sittingId && s.examId === examId)).map(({ idNumber: _, ...candidate }) => candidate);
    },
    async previewRoster(examId, file) {
      guard('previewRoster');
      return reportOf(await readRoster(examId, file));
    },
    async importRoster(examId, file) {
      guard('importRoster');
      const read = await readRoster(examId, file);
      if (read.problems.length > 0) throw new ExamError(ErrorCode.ROSTER_INVALID);
      const passwords: string[] = [];
      let created = 0;
      let updated = 0;
      for (const row of read.rows) {
        const existing = api.candidates.find((c) => c.idNumber === row.idNumber);
        const record = { name: row.name, idNumber: row.idNumber, idNumberMasked: `${row.idNumber.slice(0, 4)}**********${row.idNumber.slice(-4)}`, admissionNumber: row.admissionNumber, sittingId: row.sittingId };
        if (existing === undefined) {
          api.candidates.push({ id: id('candidate'), photo: false, entered: false, ...record });
          passwords.push(`${row.name},${row.admissionNumber},P${nextId++}`);
          created += 1;
        } else if (existing.name !== row.name || existing.sittingId !== row.sittingId || existing.admissionNumber !== row.admissionNumber) {
          replace(api.candidates, { ...existing, ...record });
          updated += 1;
        }
      }
      for (const sitting of api.sittings.filter((s) => s.examId === examId)) replace(api.sittings, { ...sitting, candidates: api.candidates.filter((c) => c.sittingId === sitting.id).length });
      audit('roster.import', 'exam', examId, { rows: read.rows.length, created, updated });
      return {
        rows: read.rows.length,
        created,
        updated,
        unchanged: read.rows.length - created - updated,
        passwords: passwords.length,
        passwordsCsv: `\uFEFF姓名,准考证号,密码\n${passwords.join('\n')}\n`,
        passwordsFileName: `passwords-${examId}.csv`,
      };
    },
    async importPhotos(examId, file) {
      guard('importPhotos');
      examOf(examId);
      if (!file.name.toLowerCase().endsWith('.zip')) throw new ExamError(ErrorCode.FILE_TYPE_UNSUPPORTED);
      // The fake's "zip" is a list of file names, one a line: each named after a 准考证号 is that candidate's photo.
      const names = (await file.blob.text()).split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const matched: { file: string; candidateId: string; admissionNumber: string }[] = [];
      const unmatched: { file: string; reason: 'NO_CANDIDATE' }[] = [];
      for (const name of names) {
        const candidate = api.candidates.find((c) => name.replace(/\.(jpe?g|png)$/i, '') === c.admissionNumber);
        if (candidate === undefined) unmatched.push({ file: name, reason: 'NO_CANDIDATE' });
        else {
          replace(api.candidates, { ...candidate, photo: true });
          matched.push({ file: name, candidateId: candidate.id, admissionNumber: candidate.admissionNumber });
        }
      }
      return { matched, unmatched };
    },
    async sittingResults(sittingId) {
      guard('sittingResults');
      const sitting = sittingOf(sittingId);
      const exam = examOf(sitting.examId);
      return {
        examId: exam.id,
        examTitle: exam.title,
        timeZone: exam.timeZone,
        sittingId,
        sittingName: sitting.name,
        startsAt: sitting.startsAt,
        generatedAt: options.now(),
        rows: api.candidates
          .filter((c) => c.sittingId === sittingId)
          .sort((a, b) => a.admissionNumber.localeCompare(b.admissionNumber))
          .map((c) => ({
            candidateId: c.id, name: c.name, idNumberMasked: c.idNumberMasked, admissionNumber: c.admissionNumber, attended: c.entered, firstLoginAt: null,
            enteredAt: null, finishedAt: null, finishReason: null, lot: null, incidents: [], evidence: 'notEntered' as const, evidenceDueAt: sitting.startsAt, verdict: null, recordings: [],
          })),
      };
    },
    async download(request) {
      guard('download');
      if (request.kind === 'archive') {
        if (!api.candidates.some((c) => c.id === request.candidateId)) throw new ExamError(ErrorCode.NOT_FOUND);
        return { name: `candidate-${request.candidateId}.zip`, blob: new Blob(['zip'], { type: 'application/zip' }) };
      }
      sittingOf(request.sittingId);
      return { name: `results-${request.sittingId}.${request.format}`, blob: new Blob(['results'], { type: request.format === 'csv' ? 'text/csv' : 'application/octet-stream' }) };
    },
    setCandidates(sittingId, candidates, entered = 0) {
      replace(api.sittings, { ...sittingOf(sittingId), candidates, entered });
    },
    failNext(method, code, count = 1) {
      failures.set(method, { code, count });
    },
    endSession() {
      loggedIn = false;
    },
    resetPassword(next) {
      password = next;
      me.mustChangePassword = true;
    },
  };
  /**
   * A roster as the fake reads it: CSV of 姓名,身份证号,准考证号,场次 after a header line, without quoting (the server's
   * reader is csv-parse and exceljs); the problems the console must show, each with its line.
   */
  async function readRoster(examId: string, file: ChosenFile) {
    examOf(examId);
    if (!file.name.toLowerCase().endsWith('.csv')) throw new ExamError(ErrorCode.FILE_TYPE_UNSUPPORTED);
    const lines = (await file.blob.text()).replace(/^\uFEFF/, '').split(/\r?\n/);
    const rows: { line: number; name: string; idNumber: string; admissionNumber: string; sittingId: string }[] = [];
    const problems: RosterProblemReport[] = [];
    const seen = new Map<string, number>();
    lines.slice(1).forEach((text, index) => {
      if (text.trim() === '') return;
      const line = index + 2;
      const [name = '', idNumber = '', admissionNumber = '', sittingName = ''] = text.split(',').map((field) => field.trim());
      const sitting = api.sittings.find((s) => s.examId === examId && (s.name === sittingName || s.id === sittingName));
      if (name === '') problems.push({ line, column: 'name', code: 'NAME_MISSING', message: '姓名为空。' });
      if (sitting === undefined) problems.push({ line, column: 'sitting', code: 'SITTING_UNKNOWN', message: '本考试没有这个场次。' });
      const first = seen.get(admissionNumber);
      if (first !== undefined) problems.push({ line, column: 'admissionNumber', code: 'ADMISSION_NUMBER_DUPLICATE', message: `准考证号与第 ${first} 行相同。` });
      seen.set(admissionNumber, first ?? line);
      rows.push({ line, name, idNumber, admissionNumber, sittingId: sitting?.id ?? '' });
    });
    return { rows, problems: problems.sort((a, b) => a.line - b.line) };
  }

  function reportOf(read: Awaited<ReturnType<typeof readRoster>>) {
    const create = read.rows.filter((row) => !api.candidates.some((c) => c.idNumber === row.idNumber)).length;
    const update = read.rows.filter((row) => api.candidates.some((c) => c.idNumber === row.idNumber && (c.name !== row.name || c.sittingId !== row.sittingId))).length;
    return { rows: read.rows.length, valid: read.problems.length === 0, create, update, unchanged: read.rows.length - create - update, problems: read.problems };
  }

  return api;
}

function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export interface FakeAdminSessionStore extends AdminSessionStore {
  readonly kept: KeptAdminSession | null;
}

export function createFakeAdminSessionStore(initial: KeptAdminSession | null = null): FakeAdminSessionStore {
  let kept = initial;
  return {
    get kept() {
      return kept;
    },
    load: () => kept,
    save: (session) => void (kept = session),
    clear: () => void (kept = null),
  };
}

/** A file saver that keeps what the console saved, in order. */
export interface FakeFileSaver extends FileSaver {
  readonly saved: DownloadedFile[];
}

export function createFakeFileSaver(): FakeFileSaver {
  const saved: DownloadedFile[] = [];
  return { saved, save: (file) => void saved.push(file) };
}

export interface FakeAdminPorts {
  readonly ports: AdminPorts;
  readonly api: FakeAdminApi;
  readonly session: FakeAdminSessionStore;
  readonly files: FakeFileSaver;
}

/** The console's ports on one fake backend; `from` reuses another's backend and kept session, as a reload does. */
export function createFakeAdminPorts(options: Partial<FakeAdminOptions> & { readonly from?: FakeAdminPorts } = {}): FakeAdminPorts {
  const api = options.from?.api ?? createFakeAdminApi({ now: options.now ?? (() => Date.UTC(2026, 2, 1, 0, 30)), ...(options.mustChangePassword === undefined ? {} : { mustChangePassword: options.mustChangePassword }) });
  const session = createFakeAdminSessionStore(options.from?.session.kept ?? null);
  const files = createFakeFileSaver();
  return { ports: { api, session, files }, api, session, files };
}
