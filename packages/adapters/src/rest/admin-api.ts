/**
 * core's AdminApi over the examroom REST contract: exactly the /admin routes (adminLogin, changeAdminPassword,
 * adminLogout, getAdminMe, the exams', sittings', question sets' and supervisors' routes, adminListAudit), on the same
 * request code as the other clients (createRestCaller), so errors map alike.
 */
import type { AdminApi, AdminSessionStore, AuditQuery, ChosenFile, ExportRequest } from '@examroom/core';
import { createRestCaller } from './client.js';
import { ADMIN_CANDIDATE_ARCHIVE_PATH, ADMIN_RESULTS_CSV_PATH, ADMIN_RESULTS_XLSX_PATH } from './contract.js';

export interface RestAdminApiOptions {
  /** Where the examroom server is, e.g. `https://exam.example.edu`; '' for the page's own origin. */
  readonly baseUrl: string;
  /** The kept administrator session: its token is the bearer token of every call, read at each request. */
  readonly sessionStore: AdminSessionStore;
  /** Sent as Accept-Language: the language of the error messages (zh-CN when absent). */
  readonly acceptLanguage?: string;
  /** Defaults to the global fetch, looked up at each request. */
  readonly fetch?: typeof fetch;
}

export function createRestAdminApi(options: RestAdminApiOptions): AdminApi {
  const { request, download } = createRestCaller({
    baseUrl: options.baseUrl,
    token: () => options.sessionStore.load()?.token ?? null,
    ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    async login(username, password) {
      const created = await request('adminLogin', { body: { username, password } });
      return { token: created.token };
    },
    me: () => request('getAdminMe'),
    changePassword: (currentPassword, newPassword) => request('changeAdminPassword', { body: { currentPassword, newPassword } }),
    logout: () => request('adminLogout'),
    listExams: () => request('adminListExams'),
    createExam: (exam) => request('adminCreateExam', { body: { ...exam } }),
    updateExam: (examId, exam) => request('adminUpdateExam', { params: { examId }, body: { ...exam } }),
    listSittings: (examId) => request('adminListSittings', { params: { examId } }),
    createSitting: (examId, sitting) => request('adminCreateSitting', { params: { examId }, body: { ...sitting } }),
    updateSitting: (sittingId, sitting) => request('adminUpdateSitting', { params: { sittingId }, body: { ...sitting } }),
    deleteSitting: (sittingId) => request('adminDeleteSitting', { params: { sittingId } }),
    listQuestionSets: (examId) => request('adminListQuestionSets', { params: { examId } }),
    createQuestionSet: (examId, set) => request('adminCreateQuestionSet', { params: { examId }, body: { ...set, questions: [...set.questions] } }),
    updateQuestionSet: (setId, set) => request('adminUpdateQuestionSet', { params: { setId }, body: { ...set, questions: [...set.questions] } }),
    deleteQuestionSet: (setId) => request('adminDeleteQuestionSet', { params: { setId } }),
    listSupervisors: () => request('adminListSupervisors'),
    createSupervisor: (supervisor) =>
      request('adminCreateSupervisor', {
        body: {
          username: supervisor.username,
          ...(supervisor.examIds ? { examIds: [...supervisor.examIds] } : {}),
          ...(supervisor.sittingIds ? { sittingIds: [...supervisor.sittingIds] } : {}),
        },
      }),
    updateSupervisor: (supervisorId, update) =>
      request('adminUpdateSupervisor', { params: { supervisorId }, body: { examIds: [...update.examIds], sittingIds: [...update.sittingIds], disabled: update.disabled } }),
    listAudit: (query) => request('adminListAudit', { query: auditQueryString(query) }),
    listCandidates: (examId) => request('adminListCandidates', { params: { examId } }),
    previewRoster: (examId, file) => request('adminPreviewRoster', { params: { examId }, upload: rosterUpload(file) }),
    importRoster: (examId, file) => request('adminImportRoster', { params: { examId }, upload: rosterUpload(file) }),
    importPhotos: (examId, file) => request('adminImportPhotos', { params: { examId }, upload: { blob: file.blob, mediaType: 'application/zip' } }),
    sittingResults: (sittingId) => request('adminSittingResults', { params: { sittingId } }),
    download: (exported: ExportRequest) =>
      exported.kind === 'archive'
        ? download(ADMIN_CANDIDATE_ARCHIVE_PATH, { candidateId: exported.candidateId })
        : download(exported.format === 'csv' ? ADMIN_RESULTS_CSV_PATH : ADMIN_RESULTS_XLSX_PATH, { sittingId: exported.sittingId }),
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A roster file with the media type the server reads it by. Browsers name a .csv file differently (text/csv, Windows'
 * application/vnd.ms-excel, or nothing), so the file's extension decides; a file neither .csv nor .xlsx goes with its
 * own type, for the server to refuse (FILE_TYPE_UNSUPPORTED).
 */
function rosterUpload(file: ChosenFile): { blob: Blob; mediaType: string } {
  const name = file.name.toLowerCase();
  const mediaType = name.endsWith('.csv') ? 'text/csv' : name.endsWith('.xlsx') ? XLSX : file.blob.type || 'application/octet-stream';
  return { blob: file.blob, mediaType };
}

/** The audit log's filters and page as the route's query string (every value a string). */
function auditQueryString(query: AuditQuery): Record<string, string> {
  return {
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.before ? { before: query.before } : {}),
    ...(query.limit === undefined ? {} : { limit: String(query.limit) }),
  };
}
