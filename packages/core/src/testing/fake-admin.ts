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
  AdminExam,
  AdminMe,
  AdminQuestionSet,
  AdminSessionStore,
  AdminSitting,
  AdminSupervisor,
  AuditEntry,
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
  const withCount = (exam: AdminExam): AdminExam => ({ ...exam, sittings: api.sittings.filter((s) => s.examId === exam.id).length });

  const api: FakeAdminApi = {
    exams: [],
    sittings: [],
    questionSets: [],
    supervisors: [],
    auditLog: [],
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
      const exam: AdminExam = { id: id('exam'), title: input.title, timeZone: input.timeZone, policy: input.policy ?? {}, sittings: 0 };
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

export interface FakeAdminPorts {
  readonly ports: AdminPorts;
  readonly api: FakeAdminApi;
  readonly session: FakeAdminSessionStore;
}

/** The console's ports on one fake backend; `from` reuses another's backend and kept session, as a reload does. */
export function createFakeAdminPorts(options: Partial<FakeAdminOptions> & { readonly from?: FakeAdminPorts } = {}): FakeAdminPorts {
  const api = options.from?.api ?? createFakeAdminApi({ now: options.now ?? (() => Date.UTC(2026, 2, 1, 0, 30)), ...(options.mustChangePassword === undefined ? {} : { mustChangePassword: options.mustChangePassword }) });
  const session = createFakeAdminSessionStore(options.from?.session.kept ?? null);
  return { ports: { api, session }, api, session };
}
