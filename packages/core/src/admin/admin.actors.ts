/**
 * Every side effect of adminMachine, built from the console's ports: the actors it invokes and the session store's
 * writes it runs as actions. The machine names these in admin.setup.ts; createAdminActor provides them with real
 * ports, tests with fakes. Ports are read only when an actor runs.
 */
import { fromPromise } from 'xstate';
import type { AdminPorts } from '../ports/index.js';
import type {
  AdminCandidate,
  AdminExam,
  AdminMe,
  AdminQuestionSet,
  AdminSitting,
  AdminSupervisor,
  AuditPage,
  AuditQuery,
  ChosenFile,
  DownloadedFile,
  ExportRequest,
  PhotosImported,
  RosterImported,
  RosterReport,
  SittingResults,
} from '../ports/admin-api.port.js';
import type { AdminContext, AdminWrite, AdminWriteDone } from './admin.types.js';

/** Audit entries read per page. */
export const AUDIT_PAGE_SIZE = 50;

export function createAdminActors(ports: AdminPorts) {
  return {
    /** The kept session, if any: a reload skips the login. */
    loadKeptSession: fromPromise<boolean>(async () => ports.session.load() !== null),

    /** Who the kept (or just created) session is, and whether the password must be changed first. */
    readMe: fromPromise<AdminMe>(() => ports.api.me()),

    /** Logs in, keeps the session, and reads who it is (a one-time password must be replaced first). */
    login: fromPromise<AdminMe, { username: string; password: string }>(async ({ input }) => {
      const session = await ports.api.login(input.username, input.password);
      ports.session.save({ token: session.token });
      return ports.api.me();
    }),

    changePassword: fromPromise<void, { currentPassword: string; newPassword: string }>(({ input }) =>
      ports.api.changePassword(input.currentPassword, input.newPassword),
    ),

    /** Ends the session on the server; forgotten here whatever the answer (an unreachable server keeps it 12 h at most). */
    logout: fromPromise<void>(async () => {
      try {
        await ports.api.logout();
      } finally {
        ports.session.clear();
      }
    }),

    listExams: fromPromise<readonly AdminExam[]>(() => ports.api.listExams()),

    listSittings: fromPromise<readonly AdminSitting[], { examId: string }>(({ input }) => ports.api.listSittings(input.examId)),

    /** The exam's question sets, with its sittings (a set may be one sitting's). */
    listQuestionSets: fromPromise<{ sets: readonly AdminQuestionSet[]; sittings: readonly AdminSitting[] }, { examId: string }>(async ({ input }) => {
      const [sets, sittings] = await Promise.all([ports.api.listQuestionSets(input.examId), ports.api.listSittings(input.examId)]);
      return { sets, sittings };
    }),

    /** The supervisors, with every exam and its sittings: what each may be assigned. */
    listSupervisors: fromPromise<{ supervisors: readonly AdminSupervisor[]; exams: readonly AdminExam[]; sittingsByExam: Record<string, readonly AdminSitting[]> }>(
      async () => {
        const [supervisors, exams] = await Promise.all([ports.api.listSupervisors(), ports.api.listExams()]);
        const sittings = await Promise.all(exams.map((exam) => ports.api.listSittings(exam.id)));
        return { supervisors, exams, sittingsByExam: Object.fromEntries(exams.map((exam, i) => [exam.id, sittings[i] ?? []])) };
      },
    ),

    listAudit: fromPromise<AuditPage, AuditQuery>(({ input }) => ports.api.listAudit({ ...input, limit: AUDIT_PAGE_SIZE })),

    /** The exam's candidates, with its sittings (the roster names a candidate's sitting). */
    listRoster: fromPromise<{ candidates: readonly AdminCandidate[]; sittings: readonly AdminSitting[] }, { examId: string }>(async ({ input }) => {
      const [candidates, sittings] = await Promise.all([ports.api.listCandidates(input.examId), ports.api.listSittings(input.examId)]);
      return { candidates, sittings };
    }),

    previewRoster: fromPromise<RosterReport, { examId: string; file: ChosenFile }>(({ input }) => ports.api.previewRoster(input.examId, input.file)),

    importRoster: fromPromise<RosterImported, { examId: string; file: ChosenFile }>(({ input }) => ports.api.importRoster(input.examId, input.file)),

    importPhotos: fromPromise<PhotosImported, { examId: string; file: ChosenFile }>(({ input }) => ports.api.importPhotos(input.examId, input.file)),

    readResults: fromPromise<SittingResults, { sittingId: string }>(({ input }) => ports.api.sittingResults(input.sittingId)),

    /** A results file or an archive, read whole, then handed to the browser to save. */
    download: fromPromise<DownloadedFile, ExportRequest>(({ input }) => ports.api.download(input)),

    /** Saves or deletes one record, answering what the server recorded; a new sitting or set goes to the exam open. */
    save: fromPromise<AdminWriteDone, { write: AdminWrite; examId: string }>(async ({ input: { write, examId } }) => {
      switch (write.kind) {
        case 'exam':
          return { kind: 'exam', exam: write.examId === null ? await ports.api.createExam(write.exam) : await ports.api.updateExam(write.examId, write.exam) };
        case 'sitting':
          return write.sittingId === null
            ? { kind: 'sitting', created: true, sitting: await ports.api.createSitting(examId, write.sitting) }
            : { kind: 'sitting', created: false, sitting: await ports.api.updateSitting(write.sittingId, write.sitting) };
        case 'deleteSitting':
          await ports.api.deleteSitting(write.sittingId);
          return { kind: 'deleteSitting', sittingId: write.sittingId };
        case 'questionSet':
          return {
            kind: 'questionSet',
            set: write.setId === null ? await ports.api.createQuestionSet(examId, write.set) : await ports.api.updateQuestionSet(write.setId, write.set),
          };
        case 'deleteQuestionSet':
          await ports.api.deleteQuestionSet(write.setId);
          return { kind: 'deleteQuestionSet', setId: write.setId };
        case 'supervisor': {
          const assigned = { examIds: write.examIds, sittingIds: write.sittingIds };
          if (write.supervisorId !== null) {
            return { kind: 'supervisor', created: null, supervisor: await ports.api.updateSupervisor(write.supervisorId, { ...assigned, disabled: write.disabled }) };
          }
          const created = await ports.api.createSupervisor({ username: write.username, ...assigned });
          return { kind: 'supervisor', created, supervisor: created.supervisor };
        }
      }
    }),
  };
}

/** The kept session's writes, run as named actions. */
export function createAdminEffects(ports: AdminPorts) {
  return {
    /** The kept session is no longer good (ended, or refused on reading it): a reload asks for the login. */
    forgetSession: () => ports.session.clear(),
    /** A downloaded file handed to the browser. */
    saveFile: (_: unknown, file: DownloadedFile) => ports.files.save(file),
    /** 下载初始密码文件: the passwords the last import set, as the server wrote them (UTF-8 with a BOM, for Excel). */
    savePasswords: ({ context }: { readonly context: AdminContext }) => {
      const imported = context.rosterImported;
      if (imported) ports.files.save({ name: imported.passwordsFileName, blob: new Blob([imported.passwordsCsv], { type: 'text/csv;charset=utf-8' }) });
    },
  };
}

export type AdminEffects = ReturnType<typeof createAdminEffects>;
export type AdminActors = ReturnType<typeof createAdminActors>;
