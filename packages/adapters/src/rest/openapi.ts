/**
 * The OpenAPI 3.1 document of the examroom REST contract, generated from `routes` and the TypeBox schemas (which
 * are JSON Schema already). `scripts/write-openapi.mjs` writes it to openapi.json after each build, without the dev
 * routes; a server serves it with them only when they are enabled.
 */
import type { TSchema } from '@sinclair/typebox';
import * as contract from './contract.js';
import type { RouteDefinition } from './contract.js';
import { namedSchemas, pruneComponents, SchemaConverter, type Json, type JsonObject } from './json-schemas.js';

const { API_PREFIX, ASYNCAPI_PATH, LIVE_EVENTS_PATH, RECORDING_FILE_PATH, ADMIN_RESULTS_CSV_PATH, ADMIN_RESULTS_XLSX_PATH, ADMIN_CANDIDATE_ARCHIVE_PATH, ADMIN_RECORDING_FILE_PATH, RECORDING_LINK_TTL_MS, ROUTES_AFTER_FINISH, UPLOADS_PATH, routes, statusOf } = contract;


const TAGS: ReadonlyArray<{ readonly segment: string; readonly name: string; readonly description: string }> = [
  { segment: 'time', name: 'time', description: 'Server time: the only time every rule uses.' },
  { segment: 'exams', name: 'exams', description: 'Public facts of an exam.' },
  { segment: 'sessions', name: 'sessions', description: 'Login (face, password), logout, heartbeat; one active session per candidate.' },
  { segment: 'me', name: 'candidate', description: 'The logged-in candidate: progress, pairing, lottery, entry, questions, incidents, finish, recordings, help.' },
  { segment: 'phone', name: 'phone', description: 'The paired phone: evidence status and recording.' },
  { segment: 'supervisor', name: 'supervisor', description: 'The supervisor console.' },
  { segment: 'admin', name: 'admin', description: 'The administrator: exams, sittings, question sets, supervisors and the audit log.' },
  { segment: 'uploads', name: 'uploads', description: 'Recording uploads over the tus 1.0 resumable-upload protocol.' },
  { segment: 'dev', name: 'dev', description: 'Test controls; exist only when the server runs with EXAMROOM_TEST_CLOCK=1.' },
];

const DEV_NOTE =
  'Test only: this route exists only when the server runs with `EXAMROOM_TEST_CLOCK=1` (MSW handlers: `devRoutes: true`); otherwise it answers 404.';

const SUCCESS_DESCRIPTIONS: Readonly<Record<number, string>> = { 200: 'OK', 201: 'Created', 204: 'No content' };

function openApiPath(path: string): string {
  return `${API_PREFIX}${path.replace(/:(\w+)/g, '{$1}')}`;
}

function tagOf(path: string): string {
  const segment = path.split('/')[1] ?? '';
  return TAGS.find((tag) => tag.segment === segment)?.name ?? segment;
}

function errorCodesOf(route: RouteDefinition, name: string): string[] {
  const codes = new Set<string>();
  if (route.body !== undefined || route.params !== undefined || route.query !== undefined) codes.add('VALIDATION_FAILED');
  if (route.body !== undefined) codes.add('PAYLOAD_TOO_LARGE');
  if (Array.isArray(route.auth)) for (const code of ['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'FORBIDDEN']) codes.add(code);
  const candidateRoute = Array.isArray(route.auth) && (route.auth as readonly string[]).includes('candidate');
  if (candidateRoute && !(ROUTES_AFTER_FINISH as readonly string[]).includes(name)) codes.add('EXAM_FINISHED');
  if (route.params !== undefined || route.auth === 'dev') codes.add('NOT_FOUND');
  for (const code of route.errors ?? []) codes.add(code);
  codes.add('INTERNAL_ERROR');
  return [...codes];
}

/**
 * A body that is not of the route's media type is refused before anything else with 415 and VALIDATION_FAILED (the
 * code every malformed input carries), whatever ERROR_STATUS says for that code elsewhere.
 */
function unsupportedMediaType(mediaType: string): JsonObject {
  return {
    description: `VALIDATION_FAILED: the body is not ${mediaType}.`,
    content: {
      'application/json': {
        schema: { allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { type: 'object', properties: { code: { enum: ['VALIDATION_FAILED'] } } }] },
      },
    },
  };
}

/** Error responses grouped by status; each narrows ErrorBody's code to the codes that status carries here. */
function errorResponses(codes: readonly string[]): JsonObject {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  const responses: JsonObject = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const list = byStatus.get(status) ?? [];
    const response: JsonObject = {
      description: list.join(', '),
      content: {
        'application/json': {
          schema: { allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { type: 'object', properties: { code: { enum: list } } }] },
        },
      },
    };
    if (status === 429) response['headers'] = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
    responses[String(status)] = response;
  }
  return responses;
}

function operation(name: string, route: RouteDefinition, schemas: SchemaConverter): JsonObject {
  const parameters: Json[] = [];
  if (route.params !== undefined) {
    const params = route.params as TSchema & { properties: Record<string, TSchema> };
    for (const [param, schema] of Object.entries(params.properties)) {
      parameters.push({ name: param, in: 'path', required: true, schema: schemas.convert(schema) });
    }
  }
  if (route.query !== undefined) {
    const query = route.query as TSchema & { properties: Record<string, TSchema>; required?: string[] };
    for (const [param, schema] of Object.entries(query.properties)) {
      parameters.push({ name: param, in: 'query', required: query.required?.includes(param) ?? false, schema: schemas.convert(schema) });
    }
  }
  parameters.push({ $ref: '#/components/parameters/AcceptLanguage' });

  const roles = Array.isArray(route.auth) ? (route.auth as readonly string[]) : null;
  const description = roles ? `Roles: ${roles.join(', ')}.` : route.auth === 'public' ? 'Public: no token.' : DEV_NOTE;
  const success: JsonObject = { description: SUCCESS_DESCRIPTIONS[route.status] ?? 'OK' };
  if (route.response !== null) success['content'] = { 'application/json': { schema: schemas.convert(route.response) } };

  const op: JsonObject = {
    operationId: name,
    summary: route.summary,
    description,
    tags: [tagOf(route.path)],
    security: roles ? [{ bearerAuth: [] }] : [],
    parameters,
  };
  if (roles) op['x-examroom-roles'] = [...roles];
  if (route.body !== undefined) {
    op['requestBody'] = { required: route.bodyOptional !== true, content: { 'application/json': { schema: schemas.convert(route.body) } } };
  }
  if (route.upload !== undefined) {
    const file = { type: 'string', format: 'binary', maxLength: route.upload.maxBytes };
    op['requestBody'] = { required: true, content: Object.fromEntries(route.upload.mediaTypes.map((type) => [type, { schema: file }])) };
  }
  const errors = errorResponses(errorCodesOf(route, name));
  if (route.body !== undefined) errors['415'] = unsupportedMediaType('application/json');
  op['responses'] = { [String(route.status)]: success, ...sortedByStatus(errors) };
  return op;
}

function sortedByStatus(responses: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}

/** The tus endpoints: not JSON routes, but part of the contract every backend implements. */
function uploadPaths(): JsonObject {
  const id = { name: 'recordingId', in: 'path', required: true, schema: { type: 'string' } };
  const tusResumable = { name: 'Tus-Resumable', in: 'header', required: true, schema: { const: '1.0.0' } };
  const offsetHeader = { description: 'Bytes the server holds.', schema: { type: 'integer', minimum: 0 } };
  const errors = errorResponses(['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL_ERROR']);
  return {
    [`${API_PREFIX}${UPLOADS_PATH}/{recordingId}`]: {
      head: {
        operationId: 'getUploadOffset',
        summary: 'tus: how many bytes of the recording the server holds',
        description: 'Roles: the candidate (camera, screen) or phone (evidence) session that created the recording.',
        tags: ['uploads'],
        security: [{ bearerAuth: [] }],
        parameters: [id, tusResumable],
        responses: {
          '200': {
            description: 'The upload’s state (no body).',
            headers: {
              'Upload-Offset': offsetHeader,
              'Upload-Length': { description: 'The total, once declared.', schema: { type: 'integer', minimum: 0 } },
              'Upload-Defer-Length': { description: '1 while the total is not yet declared.', schema: { const: '1' } },
              'Content-Length': { description: 'Always 0: the upload’s state is in these headers, so a client may keep the connection.', schema: { const: '0' } },
            },
          },
          ...errors,
        },
      },
      patch: {
        operationId: 'appendUpload',
        summary: 'tus: append bytes at Upload-Offset',
        description:
          'The recording length is deferred while recording; the client declares Upload-Length with a later PATCH. ' +
          'A PATCH whose Upload-Offset is not the server’s offset is refused with 409; re-read the offset with HEAD. ' +
          'A recording holds at most its duration since creation times the policy’s maxBitrateBps, plus a fixed header ' +
          'allowance: a PATCH that would end beyond it is refused with 413 RECORDING_TOO_LARGE and nothing is written ' +
          '(the allowance grows with time, so the same PATCH may succeed later).',
        tags: ['uploads'],
        security: [{ bearerAuth: [] }],
        parameters: [
          id,
          tusResumable,
          { name: 'Upload-Offset', in: 'header', required: true, schema: { type: 'integer', minimum: 0 } },
          { name: 'Upload-Length', in: 'header', required: false, schema: { type: 'integer', minimum: 0 } },
        ],
        requestBody: { required: true, content: { 'application/offset+octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
        responses: sortedByStatus({
          '204': { description: 'Stored.', headers: { 'Upload-Offset': offsetHeader } },
          '409': { description: 'Upload-Offset does not match the server’s offset.' },
          '415': unsupportedMediaType('application/offset+octet-stream'),
          ...errors,
          ...errorResponses(['RECORDING_TOO_LARGE']),
        }),
      },
    },
  };
}

/** A recording's final file for supervisors: not a JSON route, answered with the file's bytes and range requests. */
function recordingFilePaths(): JsonObject {
  return {
    [openApiPath(RECORDING_FILE_PATH)]: {
      get: {
        operationId: 'getRecordingFile',
        summary: 'A recording’s finalised file, seekable with HTTP range requests',
        description:
          'For supervisors who watch the sitting of the recording’s candidate. Authorised by `Authorization: Bearer` or, ' +
          `for a <video src> (which cannot send headers), by the \`link\` query parameter from createRecordingLink (valid ${RECORDING_LINK_TTL_MS / 60_000} minutes, ` +
          'and only while the supervisor session that made it lives). Honours `Range` (one range: `bytes=a-b`, `bytes=a-`, `bytes=-n`) ' +
          'with 206 and Content-Range; answers Accept-Ranges, ETag, Last-Modified and the type of the final file (video/webm, video/mp4). ' +
          'NOT_FOUND until the part is complete (finalised).',
        tags: ['supervisor'],
        security: [{ bearerAuth: [] }, {}],
        parameters: [
          { name: 'recordingId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'link', in: 'query', required: false, description: 'The token of a createRecordingLink URL.', schema: { type: 'string' } },
          { name: 'Range', in: 'header', required: false, schema: { type: 'string' } },
        ],
        responses: sortedByStatus({
          '200': { description: 'The whole file.', content: { 'video/webm': {}, 'video/mp4': {} } },
          '206': {
            description: 'The range asked for.',
            headers: { 'Content-Range': { description: '`bytes first-last/size`.', schema: { type: 'string' } } },
            content: { 'video/webm': {}, 'video/mp4': {} },
          },
          ...errorResponses(['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'FORBIDDEN', 'RECORDING_LINK_INVALID', 'NOT_FOUND', 'RANGE_NOT_SATISFIABLE', 'INTERNAL_ERROR']),
        }),
      },
    },
  };
}

/** The administrator's exports that are files: the results as CSV and XLSX, a candidate's archive, a recording's file. */
function adminExportPaths(): JsonObject {
  const security = [{ bearerAuth: [] }];
  const refusals = ['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'NOT_FOUND', 'INTERNAL_ERROR'];
  const sittingId = { name: 'sittingId', in: 'path', required: true, schema: { type: 'string' } };
  const file = (operationId: string, summary: string, description: string, parameters: JsonObject[], contentType: string, extra: string[] = []) => ({
    get: {
      operationId,
      summary,
      description,
      tags: ['admin'],
      security,
      parameters,
      responses: sortedByStatus({
        '200': { description: 'The file, as an attachment (Content-Disposition).', content: { [contentType]: {} } },
        ...errorResponses([...refusals, ...extra]),
      }),
    },
  });
  return {
    [openApiPath(ADMIN_RESULTS_CSV_PATH)]: file(
      'adminSittingResultsCsv',
      'A sitting’s results as CSV',
      'The rows of adminSittingResults with Chinese headings (English with Accept-Language: en), UTF-8 with a byte order mark so that Excel reads it; times ISO 8601 with the exam’s time zone’s offset. Recorded in the audit log (results.export).',
      [sittingId],
      'text/csv',
    ),
    [openApiPath(ADMIN_RESULTS_XLSX_PATH)]: file('adminSittingResultsXlsx', 'A sitting’s results as an Excel workbook', 'The same rows as the CSV, one sheet. Recorded in the audit log (results.export).', [sittingId], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    [openApiPath(ADMIN_CANDIDATE_ARCHIVE_PATH)]: file(
      'adminCandidateArchive',
      'One candidate’s archive: a zip of their final recording files and timeline.json',
      'Streamed as it is written (the files are read as they go into it, never whole into memory). timeline.json holds the timeline as the supervisors’ getTimeline gives it, with the interventions, the verdict history, the incidents, the help messages and the list of files. Recorded in the audit log (candidate.archive).',
      [{ name: 'candidateId', in: 'path', required: true, schema: { type: 'string' } }],
      'application/zip',
    ),
    [openApiPath(ADMIN_RECORDING_FILE_PATH)]: {
      get: {
        ...file(
          'getAdminRecordingFile',
          'A recording’s finalised file for administrators, seekable with HTTP range requests',
          'The url of a ResultRecording. Like getRecordingFile, but authorised by the administrator’s role (bearer token only: no link). A request from the file’s first byte is recorded in the audit log (recording.download). NOT_FOUND until the part is complete, or once retention deleted it.',
          [
            { name: 'recordingId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Range', in: 'header', required: false, schema: { type: 'string' } },
          ],
          'video/webm',
          ['RANGE_NOT_SATISFIABLE'],
        ).get,
        responses: sortedByStatus({
          '200': { description: 'The whole file.', content: { 'video/webm': {}, 'video/mp4': {} } },
          '206': { description: 'The range asked for.', headers: { 'Content-Range': { description: '`bytes first-last/size`.', schema: { type: 'string' } } }, content: { 'video/webm': {}, 'video/mp4': {} } },
          ...errorResponses([...refusals, 'RANGE_NOT_SATISFIABLE']),
        }),
      },
    },
  };
}

export interface OpenApiOptions {
  /**
   * Include the test-only routes (`auth: 'dev'`): only where they exist, i.e. a server running with
   * EXAMROOM_TEST_CLOCK=1. Off by default, as in the committed openapi.json.
   */
  readonly devRoutes?: boolean;
}

export function createOpenApiDocument(options: OpenApiOptions = {}): object {
  const schemas = new SchemaConverter(namedSchemas());
  const paths: Record<string, JsonObject> = {};
  const all = Object.entries(routes) as Array<[string, RouteDefinition]>;
  const served = all.filter(([, r]) => r.auth !== 'dev' || options.devRoutes === true);
  for (const [name, route] of served) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(name, route, schemas) };
  }
  const allPaths = { ...paths, ...uploadPaths(), ...recordingFilePaths(), ...adminExportPaths() };
  const document = {
    openapi: '3.1.0',
    servers: [
      {
        url: '{origin}',
        description: 'An examroom server; every path begins with /api/v1.',
        variables: { origin: { default: 'http://127.0.0.1:8080', description: 'Where the server is reached (npm start: http://127.0.0.1:8080).' } },
      },
    ],
    info: {
      title: 'examroom REST API',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description: [
        'The contract between the examroom candidate page, phone page and supervisor console and any backend.',
        'Times are server epoch milliseconds. Errors are `{ code, message }` (ErrorBody) with stable codes; `message` is in',
        'the language of Accept-Language (zh-CN by default).',
        '',
        `Live events: a WebSocket at \`${API_PREFIX}${LIVE_EVENTS_PATH}\`, described by its own AsyncAPI 3 document`,
        `(\`${API_PREFIX}${ASYNCAPI_PATH}\`, committed as packages/adapters/asyncapi.json): the auth message, every event`,
        'and who gets it, the live-view signalling, and the close codes.',
        '',
        `Uploads: \`${API_PREFIX}${UPLOADS_PATH}/{recordingId}\` speaks tus 1.0 with deferred length; createRecording and`,
        'createEvidenceRecording create the upload and answer its URL.',
      ].join('\n'),
    },
    tags: TAGS.filter(({ name }) => name !== 'dev' || options.devRoutes === true).map(({ name, description }) => ({ name, description })),
    paths: allPaths,
    components: {
      // Only what the routes use: the live-events socket's messages are the AsyncAPI document's.
      schemas: pruneComponents(schemas.components, allPaths),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'The opaque token from a login route (SessionCreated.token).' },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'The language of error messages: zh-CN (default) or en.',
          schema: { type: 'string' },
        },
      },
      headers: {
        RetryAfter: { description: 'Seconds until the request may be retried.', schema: { type: 'integer', minimum: 0 } },
      },
    },
  };
  // A JSON round trip leaves exactly what openapi.json holds.
  return JSON.parse(JSON.stringify(document)) as object;
}
