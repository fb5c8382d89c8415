/**
 * Turns one request of the contract into one domain call: the route's auth, role and schemas are checked here, the
 * rules in the domain; errors become `{ code, message }` bodies in the caller's language.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { ErrorCode, ExamError, type ErrorDetails } from '@examroom/core';
import { errorBodyOf, routes, statusOf, type RouteDefinition, type RouteName, type UploadedFile } from '@examroom/adapters/rest';
import type { DispatchRequest, DispatchResponse, Principal } from './dispatcher.types.js';
import type { CallerInfo, ExamDomain } from './exam-domain.types.js';

export interface DispatcherOptions {
  /** Answer the `dev` routes (clock control, seeding); off unless the server runs with EXAMROOM_TEST_CLOCK=1. */
  readonly devRoutes?: boolean;
  /** Moves the front's clock (the `setClock` dev route); without it that route answers 404. */
  readonly setClock?: (now: number) => void;
  /** Told about every unexpected error, which the caller only sees as INTERNAL_ERROR. */
  readonly onInternalError?: (error: unknown, route: RouteName) => void;
}

export type Dispatch = (request: DispatchRequest) => Promise<DispatchResponse>;

type Route<K extends RouteName> = (typeof routes)[K];
type ParamsOf<K extends RouteName> = Route<K> extends { readonly params: infer S extends TSchema } ? Static<S> : Record<string, never>;
type BodyOf<K extends RouteName> = Route<K> extends { readonly body: infer S extends TSchema } ? Static<S> : Route<K> extends { readonly upload: object } ? UploadedFile : undefined;
type QueryOf<K extends RouteName> = Route<K> extends { readonly query: infer S extends TSchema } ? Static<S> : Record<string, never>;
type PrincipalOf<K extends RouteName> = Route<K>['auth'] extends 'public' | 'dev' ? null : Principal;

interface Call<K extends RouteName> {
  readonly params: ParamsOf<K>;
  readonly body: BodyOf<K>;
  readonly query: QueryOf<K>;
  readonly principal: PrincipalOf<K>;
  readonly caller: CallerInfo;
}

type Handlers = { readonly [K in RouteName]: (call: Call<K>) => unknown };

interface Validator {
  check(value: unknown): boolean;
  /** The JSON pointer of the first problem. */
  firstErrorPath(value: unknown): string;
}

/**
 * Request bodies are closed: an object schema that leaves additional properties open (one shared with responses,
 * like Incident) refuses unknown properties here all the same, so that nothing unvalidated reaches the domain.
 */
function closed(schema: TSchema): TSchema {
  return schema.type === 'object' && schema.additionalProperties === undefined ? { ...schema, additionalProperties: false } : schema;
}

/** Compiled once per schema; where code generation is forbidden (a strict CSP), the interpreting checker. */
function validator(schema: TSchema): Validator {
  try {
    const compiled = TypeCompiler.Compile(schema);
    return { check: (v) => compiled.Check(v), firstErrorPath: (v) => compiled.Errors(v).First()?.path ?? '' };
  } catch {
    return { check: (v) => Value.Check(schema, v), firstErrorPath: (v) => Value.Errors(schema, v).First()?.path ?? '' };
  }
}

function errorResponse(code: ErrorCode, details: ErrorDetails, acceptLanguage: string | null): DispatchResponse {
  const headers = code === ErrorCode.TOO_MANY_ATTEMPTS || code === ErrorCode.RATE_LIMITED ? { 'Retry-After': String(details.retryAfterSeconds ?? 60) } : undefined;
  return { status: statusOf(code), body: errorBodyOf(code, acceptLanguage, details), ...(headers ? { headers } : {}) };
}

/** Checks a route's params or body against its schema: VALIDATION_FAILED with the first offending field. */
function routeValidator(): (schema: TSchema | undefined, value: unknown, where: 'params' | 'body' | 'query') => unknown {
  const validators = new Map<TSchema, Validator>();
  for (const def of Object.values(routes) as { params?: TSchema; body?: TSchema; query?: TSchema }[]) {
    if (def.params && !validators.has(def.params)) validators.set(def.params, validator(def.params));
    if (def.query && !validators.has(def.query)) validators.set(def.query, validator(def.query));
    if (def.body && !validators.has(def.body)) validators.set(def.body, validator(closed(def.body)));
  }
  return (schema, value, where) => {
    if (!schema) return where === 'body' ? undefined : {};
    const v = validators.get(schema)!;
    if (!v.check(value)) throw new ExamError(ErrorCode.VALIDATION_FAILED, `invalid ${where}`, { field: v.firstErrorPath(value) || '/' });
    return value;
  };
}

/**
 * An upload route's file as the front handed it: of one of the route's media types (FILE_TYPE_UNSUPPORTED), within
 * its size (PAYLOAD_TOO_LARGE), not empty (FILE_UNREADABLE). Checked after who is asking, like any body.
 */
function uploaded(upload: NonNullable<RouteDefinition['upload']>, body: unknown): UploadedFile {
  const file = body as Partial<UploadedFile> | undefined;
  if (typeof file?.mediaType !== 'string' || !upload.mediaTypes.includes(file.mediaType)) throw new ExamError(ErrorCode.FILE_TYPE_UNSUPPORTED);
  if (!(file.bytes instanceof Uint8Array) || file.bytes.byteLength === 0) throw new ExamError(ErrorCode.FILE_UNREADABLE);
  if (file.bytes.byteLength > upload.maxBytes) throw new ExamError(ErrorCode.PAYLOAD_TOO_LARGE);
  return { mediaType: file.mediaType, bytes: file.bytes };
}

/** One domain call per route, given its checked input. */
function handlersFor(domain: ExamDomain, options: DispatcherOptions): Handlers {
  return {
    getTime: () => domain.getTime(),
    getExam: ({ params }) => domain.getExam(params.examId),
    loginWithPassword: ({ body, caller }) => domain.loginWithPassword(body, caller),
    loginWithFace: ({ body, caller }) => domain.loginWithFace(body, caller),
    faceChallenge: ({ body, caller }) => domain.faceChallenge(body, caller),
    logout: ({ principal }) => domain.logout(principal),
    heartbeat: ({ principal, body }) => domain.heartbeat(principal, body),

    getMe: ({ principal }) => domain.getMe(principal),
    saveProgress: ({ principal, body }) => domain.saveProgress(principal, body),
    createPairing: ({ principal }) => domain.createPairing(principal),
    getEvidenceStatus: ({ principal }) => domain.getEvidenceStatus(principal),
    drawLot: ({ principal }) => domain.drawLot(principal),
    enter: ({ principal }) => domain.enter(principal),
    confirm: ({ principal, body }) => domain.confirm(principal, body),
    getQuestions: ({ principal }) => domain.getQuestions(principal),
    reportIncident: ({ principal, body }) => domain.reportIncident(principal, body),
    finish: ({ principal, body }) => domain.finish(principal, body),
    createRecording: ({ principal, body }) => domain.createRecording(principal, body),
    completeRecording: ({ principal, params, body }) => domain.completeRecording(principal, params.recordingId, body),
    abandonRecording: ({ principal, params }) => domain.abandonRecording(principal, params.recordingId),
    getHelpMessages: ({ principal }) => domain.getHelpMessages(principal),
    sendHelpMessage: ({ principal, body }) => domain.sendHelpMessage(principal, body),

    pairPhone: ({ body, caller }) => domain.pairPhone(body, caller),
    setEvidenceStatus: ({ principal, body }) => domain.setEvidenceStatus(principal, body),
    createEvidenceRecording: ({ principal, body }) => domain.createEvidenceRecording(principal, body),

    supervisorLogin: ({ body, caller }) => domain.supervisorLogin(body, caller),
    listSittings: ({ principal }) => domain.listSittings(principal),
    listCandidates: ({ principal, params }) => domain.listCandidates(principal, params.sittingId),
    getCandidateHelp: ({ principal, params }) => domain.getCandidateHelp(principal, params.candidateId),
    replyHelp: ({ principal, params, body }) => domain.replyHelp(principal, params.candidateId, body),
    listIncidents: ({ principal, params }) => domain.listIncidents(principal, params.candidateId),
    listRecordings: ({ principal, params }) => domain.listRecordings(principal, params.candidateId),
    sendNotice: ({ principal, params, body }) => domain.sendNotice(principal, params.sittingId, body),
    grantExtraTime: ({ principal, params, body }) => domain.grantExtraTime(principal, params.candidateId, body),
    endInterview: ({ principal, params, body }) => domain.endInterview(principal, params.candidateId, body),
    allowLateEntry: ({ principal, params, body }) => domain.allowLateEntry(principal, params.candidateId, body),
    listInterventions: ({ principal, params }) => domain.listInterventions(principal, params.candidateId),
    getVerdict: ({ principal, params }) => domain.getVerdict(principal, params.candidateId),
    setVerdict: ({ principal, params, body }) => domain.setVerdict(principal, params.candidateId, body),
    getTimeline: ({ principal, params }) => domain.getTimeline(principal, params.candidateId),
    createRecordingLink: ({ principal, params }) => domain.createRecordingLink(principal, params.recordingId),
    getCandidateUploadHealth: ({ principal, params }) => domain.getCandidateUploadHealth(principal, params.candidateId),
    getSittingUploadHealth: ({ principal, params }) => domain.getSittingUploadHealth(principal, params.sittingId),
    waiveVirtualCamera: ({ principal, params, body }) => domain.waiveVirtualCamera(principal, params.candidateId, body),

    setClock: ({ body }) => {
      if (!options.setClock) throw new ExamError(ErrorCode.NOT_FOUND);
      options.setClock(body.now);
      return domain.getTime();
    },
    seedSitting: ({ body }) => domain.seedSitting(body),
    seedAdministrator: ({ body }) => domain.seedAdministrator(body),

    adminLogin: ({ body, caller }) => domain.adminLogin(body, caller),
    changeAdminPassword: ({ principal, body }) => domain.changeAdminPassword(principal, body),
    adminLogout: ({ principal }) => domain.adminLogout(principal),
    getAdminMe: ({ principal }) => domain.getAdminMe(principal),
    adminListExams: ({ principal }) => domain.adminListExams(principal),
    adminCreateExam: ({ principal, body }) => domain.adminCreateExam(principal, body),
    adminGetExam: ({ principal, params }) => domain.adminGetExam(principal, params.examId),
    adminUpdateExam: ({ principal, params, body }) => domain.adminUpdateExam(principal, params.examId, body),
    adminListSittings: ({ principal, params }) => domain.adminListSittings(principal, params.examId),
    adminCreateSitting: ({ principal, params, body }) => domain.adminCreateSitting(principal, params.examId, body),
    adminUpdateSitting: ({ principal, params, body }) => domain.adminUpdateSitting(principal, params.sittingId, body),
    adminDeleteSitting: ({ principal, params }) => domain.adminDeleteSitting(principal, params.sittingId),
    adminListQuestionSets: ({ principal, params }) => domain.adminListQuestionSets(principal, params.examId),
    adminCreateQuestionSet: ({ principal, params, body }) => domain.adminCreateQuestionSet(principal, params.examId, body),
    adminUpdateQuestionSet: ({ principal, params, body }) => domain.adminUpdateQuestionSet(principal, params.setId, body),
    adminDeleteQuestionSet: ({ principal, params }) => domain.adminDeleteQuestionSet(principal, params.setId),
    adminListSupervisors: ({ principal }) => domain.adminListSupervisors(principal),
    adminCreateSupervisor: ({ principal, body }) => domain.adminCreateSupervisor(principal, body),
    adminUpdateSupervisor: ({ principal, params, body }) => domain.adminUpdateSupervisor(principal, params.supervisorId, body),
    adminListAudit: ({ principal, query }) => domain.adminListAudit(principal, query),
    adminSittingResults: ({ principal, params }) => domain.adminSittingResults(principal, params.sittingId),
    adminListCandidates: ({ principal, params }) => domain.adminListCandidates(principal, params.examId),
    adminPreviewRoster: ({ principal, params, body, caller }) => domain.adminPreviewRoster(principal, params.examId, body, caller),
    adminImportRoster: ({ principal, params, body }) => domain.adminImportRoster(principal, params.examId, body),
    adminImportPhotos: ({ principal, params, body }) => domain.adminImportPhotos(principal, params.examId, body),
    adminUploadCandidatePhoto: ({ principal, params, body }) => domain.adminUploadCandidatePhoto(principal, params.candidateId, body),
    sendFaceCheck: ({ principal, body }) => domain.sendFaceCheck(principal, body),
  };
}

export function createDispatcher(domain: ExamDomain, options: DispatcherOptions = {}): Dispatch {
  const validated = routeValidator();
  const handlers = handlersFor(domain, options);
  return async (request) => {
    const name = request.route;
    try {
      if (!Object.hasOwn(routes, name)) throw new ExamError(ErrorCode.NOT_FOUND);
      const def: Pick<RouteDefinition, 'auth' | 'params' | 'body' | 'query' | 'status' | 'bodyOptional' | 'upload'> = routes[name];
      if (def.auth === 'dev' && !options.devRoutes) throw new ExamError(ErrorCode.NOT_FOUND);
      // Who is asking comes first: without a valid token every protected route answers 401, whatever the input.
      let principal: Principal | null = null;
      if (typeof def.auth !== 'string') {
        // A finished candidate's calls outside ROUTES_AFTER_FINISH answer EXAM_FINISHED from here.
        principal = await domain.authenticate(request.token, name);
        if (!def.auth.includes(principal.role)) throw new ExamError(ErrorCode.FORBIDDEN);
      }
      const params = validated(def.params, request.params, 'params');
      // A route whose body may be left out (the heartbeat) takes an absent one as empty.
      const given = request.body === undefined && def.bodyOptional === true ? {} : request.body;
      const body = def.upload ? uploaded(def.upload, request.body) : validated(def.body, given, 'body');
      const query = validated(def.query, request.query ?? {}, 'query');
      const handler = handlers[name] as (call: Call<RouteName>) => unknown;
      const result = await handler({ params, body, query, principal, caller: { ip: request.ip, acceptLanguage: request.acceptLanguage } } as Call<RouteName>);
      return def.status === 204 || result === undefined ? { status: def.status } : { status: def.status, body: result };
    } catch (error) {
      if (error instanceof ExamError) return errorResponse(error.code, error.details, request.acceptLanguage);
      options.onInternalError?.(error, name);
      return errorResponse(ErrorCode.INTERNAL_ERROR, {}, request.acceptLanguage);
    }
  };
}
