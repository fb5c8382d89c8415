/**
 * Everything adminMachine names: its types, actors, guards and actions. The state configs under stages/ refer to
 * these by name only, so every effect and condition of the administrator's console is listed here once.
 */
import { and, assertEvent, assign, setup } from 'xstate';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { AdminPorts } from '../ports/index.js';
import type {
  AdminCandidate,
  AdminExam,
  AdminMe,
  AdminQuestionSet,
  AdminSitting,
  AdminSupervisor,
  AuditPage,
  DownloadedFile,
  PhotosImported,
  RosterImported,
  RosterReport,
  SittingResults,
} from '../ports/admin-api.port.js';
import { createAdminActors, createAdminEffects } from './admin.actors.js';
import {
  NEW_PASSWORD_MIN_LENGTH,
  type AdminContext,
  type AdminEvent,
  type AdminExamTab,
  type AdminSection,
  type AdminTag,
  type AdminWrite,
  type AdminWriteDone,
  type PasswordProblem,
} from './admin.types.js';

/** Ports that throw on use: adminMachine must be given real ones through createAdminActor or .provide(). */
const unprovidedPorts = new Proxy({} as AdminPorts, {
  get(_target, port) {
    throw new Error(`adminMachine: the ${String(port)} port is not provided; use createAdminActor({ ports })`);
  },
});

/** The output of the invoked actor whose onDone runs, as the params of a named action or guard. */
export const actorOutput = <T>({ event }: { readonly event: { readonly output: T } }): T => event.output;

type GuardArgs = { readonly context: AdminContext; readonly event: AdminEvent };
const errorOf = (event: unknown): ErrorCode => errorCodeOf((event as { error?: unknown }).error);
/** The answers that say the administrator's session is over: they must log in again. */
const SESSION_GONE: ReadonlySet<ErrorCode> = new Set([ErrorCode.SESSION_EXPIRED, ErrorCode.SESSION_REVOKED, ErrorCode.UNAUTHENTICATED]);

/** The write kinds each stage's forms send. */
const WRITES_OF: Readonly<Record<'exams' | 'sittings' | 'questionSets' | 'supervisors', readonly AdminWrite['kind'][]>> = {
  exams: ['exam'],
  sittings: ['sitting', 'deleteSitting'],
  questionSets: ['questionSet', 'deleteQuestionSet'],
  supervisors: ['supervisor'],
};

/** What is wrong with a new password before the server is asked, or null. */
export function passwordProblemOf(change: { currentPassword: string; newPassword: string; confirmation: string }): PasswordProblem | null {
  if (change.newPassword.length < NEW_PASSWORD_MIN_LENGTH) return 'tooShort';
  if (change.newPassword !== change.confirmation) return 'mismatch';
  if (change.newPassword === change.currentPassword) return 'sameAsCurrent';
  return null;
}

const byStart = (sittings: readonly AdminSitting[]) => [...sittings].sort((a, b) => a.startsAt - b.startsAt);
/** The record replaced by its new version, or added at the end. */
function upsert<T extends { readonly id: string }>(records: readonly T[], record: T): readonly T[] {
  return records.some((r) => r.id === record.id) ? records.map((r) => (r.id === record.id ? record : r)) : [...records, record];
}
/** An exam's count of sittings moved by `delta` (a sitting created or deleted). */
function countSittings(exams: readonly AdminExam[], examId: string | null, delta: number): readonly AdminExam[] {
  return exams.map((exam) => (exam.id === examId ? { ...exam, sittings: Math.max(0, exam.sittings + delta) } : exam));
}

/** An exam's count of questions moved by `delta` (a set created, changed or deleted). */
function countQuestions(exams: readonly AdminExam[], examId: string | null, delta: number): readonly AdminExam[] {
  return exams.map((exam) => (exam.id === examId ? { ...exam, questions: Math.max(0, exam.questions + delta) } : exam));
}

export const adminSetup = setup({
  types: {
    context: {} as AdminContext,
    events: {} as AdminEvent,
    tags: {} as AdminTag,
  },
  actors: createAdminActors(unprovidedPorts),
  guards: {
    isSessionKept: (_: GuardArgs, kept: boolean) => kept,
    mustChangePassword: (_: GuardArgs, me: AdminMe) => me.mustChangePassword,
    /** A request refused because the administrator's session ended. */
    isSessionGone: ({ event }: GuardArgs) => SESSION_GONE.has(errorOf(event)),
    /** A request refused until the one-time password is replaced. */
    isPasswordChangeRequired: ({ event }: GuardArgs) => errorOf(event) === ErrorCode.PASSWORD_CHANGE_REQUIRED,
    isPasswordAcceptable: ({ event }: GuardArgs) => event.type === 'user.changePassword' && passwordProblemOf(event) === null,
    isSection: ({ event }: GuardArgs, params: { section: AdminSection }) => event.type === 'user.navigate' && event.section === params.section,
    isTab: ({ event }: GuardArgs, params: { tab: AdminExamTab }) => event.type === 'user.openTab' && event.tab === params.tab,
    /** A write the stage's forms send (a stage never sends another's). */
    isWriteOf: ({ event }: GuardArgs, params: { stage: keyof typeof WRITES_OF }) => event.type === 'user.save' && WRITES_OF[params.stage].includes(event.write.kind),
    /** Deleting waits for the administrator's confirmation. */
    isDeletion: ({ event }: GuardArgs) => event.type === 'user.save' && (event.write.kind === 'deleteSitting' || event.write.kind === 'deleteQuestionSet'),
    hasMoreAudit: ({ context }: GuardArgs) => context.auditNext !== null,
    /** A roster is imported only as previewed without a problem (the server checks it again). */
    isRosterValid: ({ context }: GuardArgs) => context.rosterReport?.valid === true,
  },
  actions: {
    ...createAdminEffects(unprovidedPorts),
    clearError: assign({ error: null }),
    assignError: assign(({ event }) => ({ error: errorOf(event) })),
    assignUsername: assign(({ event }) => {
      assertEvent(event, 'user.login');
      return { username: event.username.trim() };
    }),
    assignMe: assign((_, me: AdminMe) => ({ me })),
    assignPasswordChanged: assign(({ context }) => ({ me: context.me ? { ...context.me, mustChangePassword: false } : null, passwordProblem: null, error: null })),
    assignPasswordProblem: assign(({ event }) => {
      assertEvent(event, 'user.changePassword');
      return { passwordProblem: passwordProblemOf(event), error: null };
    }),
    clearPasswordProblem: assign({ passwordProblem: null, error: null }),
    /** Everything of the session left behind: a new login starts afresh. */
    resetSession: assign({
      me: null, passwordProblem: null, exams: [], examId: null, sittings: [], questionSets: [], supervisors: [], sittingsByExam: {},
      createdSupervisor: null, audit: [], auditNext: null, auditFilter: {}, editing: null, writing: null, formError: null,
      candidates: [], rosterFilter: '', rosterFile: null, rosterReport: null, rosterImported: null, photosImported: null,
      resultsSittingId: null, results: null, downloading: null,
    }),
    assignExams: assign((_, exams: readonly AdminExam[]) => ({ exams })),
    assignExamId: assign(({ event }) => {
      assertEvent(event, 'user.openExam');
      return { examId: event.examId, sittings: [], questionSets: [], candidates: [], rosterFilter: '', resultsSittingId: null, results: null };
    }),
    assignSittings: assign((_, sittings: readonly AdminSitting[]) => ({ sittings: byStart(sittings) })),
    assignQuestionSets: assign((_, loaded: { sets: readonly AdminQuestionSet[]; sittings: readonly AdminSitting[] }) => ({
      questionSets: loaded.sets,
      sittings: byStart(loaded.sittings),
    })),
    assignSupervisors: assign(
      (_, loaded: { supervisors: readonly AdminSupervisor[]; exams: readonly AdminExam[]; sittingsByExam: Record<string, readonly AdminSitting[]> }) => ({
        supervisors: loaded.supervisors,
        exams: loaded.exams,
        sittingsByExam: Object.fromEntries(Object.entries(loaded.sittingsByExam).map(([examId, sittings]) => [examId, byStart(sittings)])),
      }),
    ),
    /** A new page of the audit log: the first replaces what was shown, a further one is added below. */
    assignAudit: assign(({ context }, params: { page: AuditPage; append: boolean }) => ({
      audit: params.append ? [...context.audit, ...params.page.entries.filter((e) => !context.audit.some((shown) => shown.id === e.id))] : params.page.entries,
      auditNext: params.page.nextBefore ?? null,
    })),
    assignAuditFilter: assign(({ event }) => {
      assertEvent(event, 'user.filterAudit');
      const actorId = event.filter.actorId?.trim();
      const action = event.filter.action?.trim();
      return { auditFilter: { ...(actorId ? { actorId } : {}), ...(action ? { action } : {}) }, audit: [], auditNext: null };
    }),
    assignEditing: assign(({ event }) => {
      assertEvent(event, 'user.edit');
      return { editing: event.id, formError: null };
    }),
    /** Leaving a form or a stage: nothing is being edited, no refusal stays on screen. */
    clearEditing: assign({ editing: null, writing: null, formError: null }),
    assignWriting: assign(({ event }) => {
      assertEvent(event, 'user.save');
      return { writing: event.write, formError: null };
    }),
    clearWriting: assign({ writing: null }),
    /** Refused or failed: the refusal is shown in the form, which stays open with what was typed. */
    assignFormError: assign(({ event }) => ({ formError: errorOf(event), writing: null })),
    /** The write recorded: the list shows what the server answered and the form closes. */
    assignWriteDone: assign(({ context }, done: AdminWriteDone) => {
      const closed = { editing: null, writing: null, formError: null };
      switch (done.kind) {
        case 'exam':
          return { ...closed, exams: upsert(context.exams, done.exam) };
        case 'sitting':
          return {
            ...closed,
            sittings: byStart(upsert(context.sittings, done.sitting)),
            exams: done.created ? countSittings(context.exams, done.sitting.examId, 1) : context.exams,
          };
        case 'deleteSitting':
          return {
            ...closed,
            sittings: context.sittings.filter((s) => s.id !== done.sittingId),
            questionSets: context.questionSets.filter((set) => set.sittingId !== done.sittingId),
            exams: countSittings(context.exams, context.examId, -1),
          };
        case 'questionSet': {
          const before = context.questionSets.find((set) => set.id === done.set.id)?.questions.length ?? 0;
          return { ...closed, questionSets: upsert(context.questionSets, done.set), exams: countQuestions(context.exams, done.set.examId, done.set.questions.length - before) };
        }
        case 'deleteQuestionSet': {
          const deleted = context.questionSets.find((set) => set.id === done.setId)?.questions.length ?? 0;
          return { ...closed, questionSets: context.questionSets.filter((set) => set.id !== done.setId), exams: countQuestions(context.exams, context.examId, -deleted) };
        }
        case 'supervisor':
          return { ...closed, supervisors: upsert(context.supervisors, done.supervisor), createdSupervisor: done.created };
      }
    }),
    clearCreatedSupervisor: assign({ createdSupervisor: null }),
    assignRoster: assign((_, loaded: { candidates: readonly AdminCandidate[]; sittings: readonly AdminSitting[] }) => ({
      candidates: loaded.candidates,
      sittings: byStart(loaded.sittings),
    })),
    assignRosterFilter: assign(({ event }) => {
      assertEvent(event, 'user.filterRoster');
      return { rosterFilter: event.text };
    }),
    /** A new file chosen: its preview replaces the last one's, and the last import's notices go. */
    assignRosterFile: assign(({ event }) => {
      assertEvent(event, 'user.chooseRoster');
      return { rosterFile: event.file, rosterReport: null, rosterImported: null, photosImported: null, formError: null };
    }),
    assignRosterReport: assign((_, report: RosterReport) => ({ rosterReport: report })),
    /** Imported: the preview is done with; the passwords stay until dismissed. */
    assignRosterImported: assign((_, imported: RosterImported) => ({ rosterImported: imported, rosterFile: null, rosterReport: null, formError: null })),
    clearRosterPreview: assign({ rosterFile: null, rosterReport: null, formError: null }),
    /** A zip chosen: the last import's notices go. */
    clearRosterNotices: assign({ rosterImported: null, photosImported: null, formError: null }),
    assignPhotosImported: assign((_, imported: PhotosImported) => ({ photosImported: imported })),
    /** Leaving 考生名单: the chosen file, its report and the passwords (answered once) are not kept. */
    clearRoster: assign({ rosterFile: null, rosterReport: null, rosterImported: null, photosImported: null, formError: null }),
    assignResultsSittingId: assign(({ event }) => {
      assertEvent(event, 'user.openResults');
      return { resultsSittingId: event.sittingId, results: null, formError: null };
    }),
    assignResults: assign((_, results: SittingResults) => ({ results })),
    assignResultsSittings: assign((_, sittings: readonly AdminSitting[]) => ({ sittings: byStart(sittings) })),
    assignDownloading: assign(({ event }) => {
      assertEvent(event, 'user.download');
      return { downloading: event.request, formError: null };
    }),
    /** The download done (or refused, its reason in formError). */
    assignDownloaded: assign((_, _file: DownloadedFile) => ({ downloading: null })),
    assignDownloadFailed: assign(({ event }) => ({ downloading: null, formError: errorOf(event) })),
  },
});

export function initialAdminContext(): AdminContext {
  return {
    username: '',
    me: null,
    passwordProblem: null,
    exams: [],
    examId: null,
    sittings: [],
    questionSets: [],
    supervisors: [],
    sittingsByExam: {},
    createdSupervisor: null,
    audit: [],
    auditNext: null,
    auditFilter: {},
    editing: null,
    writing: null,
    error: null,
    formError: null,
    candidates: [],
    rosterFilter: '',
    rosterFile: null,
    rosterReport: null,
    rosterImported: null,
    photosImported: null,
    resultsSittingId: null,
    results: null,
    downloading: null,
  };
}

/**
 * The transitions every request's onError tries first: a session the server ended goes back to the login with the
 * reason shown (and is forgotten, so that a reload does not try it again); a one-time password not yet replaced
 * opens 设置新密码.
 */
export const sessionGone = { guard: 'isSessionGone', target: '#admin.login', actions: ['forgetSession', 'resetSession', 'assignError'] } as const;
/** A stage's user.save: a deletion of its own kinds waits in `confirming`, any other of its writes is sent. */
export const saveOf = (stage: 'sittings' | 'questionSets') =>
  [
    { guard: and([{ type: 'isWriteOf', params: { stage } }, 'isDeletion']), target: 'confirming', actions: 'assignWriting' },
    { guard: { type: 'isWriteOf', params: { stage } }, target: 'saving', actions: 'assignWriting' },
  ] as const;

/** Waiting for 确认删除: confirmed, it is sent; cancelled, nothing is. */
export const confirmingOf = (tag: 'sittings:confirming' | 'questionSets:confirming') =>
  ({
    tags: tag,
    on: { 'user.confirm': 'saving', 'user.cancel': { target: 'list', actions: 'clearWriting' } },
  }) as const;

export const passwordRequired = { guard: 'isPasswordChangeRequired', target: '#admin.login.passwordRequired', actions: 'clearEditing' } as const;

/**
 * The save actor's input: the write the form sent (or, after user.confirm, the deletion it confirms), and the exam
 * open (where a new sitting or set goes).
 */
export const writeInput = ({ context, event }: { readonly context: AdminContext; readonly event: AdminEvent }) => {
  const write = event.type === 'user.save' ? event.write : context.writing;
  if (write === null) throw new Error('adminMachine: saving with nothing to save');
  return { write, examId: context.examId ?? '' };
};
