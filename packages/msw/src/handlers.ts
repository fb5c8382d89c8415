/**
 * The examroom REST contract in memory, as MSW handlers: every route a thin adapter over the same domain and
 * dispatcher the reference server runs, the live-events WebSocket, and tus uploads. For Storybook, demos in the
 * browser and tests without a server. The transport checks (JSON only, body limits, tus headers) copy the server's.
 */
import { HttpResponse, http, ws, type JsonBodyType, type PathParams, type RequestHandler, type WebSocketHandler } from 'msw';
import { ErrorCode, ExamError, errorCodeOf, localeOfAcceptLanguage } from '@examroom/core';
import {
  API_PREFIX,
  ADMIN_RESULTS_CSV_PATH,
  LIVE_CLOSE_UNAUTHENTICATED,
  LIVE_EVENTS_PATH,
  UPLOADS_PATH,
  errorBodyOf,
  routes,
  statusOf,
  type ErrorBody,
  type RouteDefinition,
  type RouteName,
} from '@examroom/adapters/rest';
import {
  applyDemoExam,
  createDispatcher,
  createExamDomain,
  createMemoryCrypto,
  createMemoryRepository,
  createMovableClock,
  resultsCsv,
  isLiveEventFor,
  liveAuthToken,
  createLiveViewRelay,
  type LiveViewConnection,
  type LiveViewRelay,
  liveLookups,
  watchLiveSession,
  type Dispatch,
  type DispatchResponse,
  type DomainCrypto,
  type ExamDomain,
  type LiveClock,
  type MovableClock,
  type Principal,
  type Repository,
  type UploadStorage,
} from '@examroom/domain';

export interface MswHandlersOptions {
  /** The origin the handlers answer for, e.g. `http://localhost:8080`; '' (the default) is the page's own origin. */
  readonly baseUrl?: string;
  /** Real time (default Date.now): server time until the clock is set (`clock.set`, or POST /dev/clock with devRoutes). */
  readonly now?: () => number;
  /** Answer the dev routes (clock control, seeding), as the server does with EXAMROOM_TEST_CLOCK=1. */
  readonly devRoutes?: boolean;
  /** Writes the initial data; the demo exam (applyDemoExam) by default. Requests wait until it is written. */
  readonly seed?: (repo: Repository, crypto: DomainCrypto, now: number) => unknown;
}

/**
 * A recording's tus upload as the handlers hold it. The bytes are kept in memory, so that completing the recording
 * can check their length and SHA-256 as the server does (a demo's few recordings of some MB each fit).
 */
export interface UploadState {
  offset: number;
  /** The declared total, or null while the length is deferred. */
  length: number | null;
  /** The bytes received, in order; their lengths add up to `offset` for every upload these handlers received. */
  readonly chunks: Uint8Array[];
}

export interface MswExam {
  /** Pass to `setupWorker(...)` or `setupServer(...)`: one http handler per route, the uploads and the WebSocket. */
  readonly handlers: Array<RequestHandler | WebSocketHandler>;
  readonly domain: ExamDomain;
  readonly repo: Repository;
  readonly crypto: DomainCrypto;
  readonly clock: MovableClock;
  readonly uploads: ReadonlyMap<string, UploadState>;
  /** Settles once the initial data is written (password hashing is asynchronous); the handlers wait for it themselves. */
  readonly ready: Promise<void>;
}

/** Like the server: JSON bodies up to 64 KB, the face login frame up to 3 MB, recordings up to 8 GiB. */
const JSON_BODY_LIMIT = 64 * 1024;
const FACE_BODY_LIMIT = 3 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
/** How long a live-events socket may stay silent before its auth message (as the server). */
const LIVE_AUTH_TIMEOUT_MS = 5_000;
/** Every request "comes from" here; the domain's per-address login limits then act per browser. */
const CALLER_IP = '127.0.0.1';
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const TUS_VERSION = '1.0.0';
const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export function createMswHandlers(options: MswHandlersOptions = {}): MswExam {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const apiBase = `${baseUrl}${API_PREFIX}`;
  const origin = () => baseUrl || (globalThis.location?.origin ?? '');
  const repo = createMemoryRepository();
  const crypto = createMemoryCrypto();
  const clock = createMovableClock(options.now ?? Date.now);
  const uploads = new Map<string, UploadState>();
  const domain = createExamDomain({
    repo,
    clock,
    crypto,
    uploads: memoryUploadStorage(uploads),
    phoneUrl: (code) => `${origin()}/phone#code=${encodeURIComponent(code)}`,
    uploadUrl: (recordingId) => `${origin()}${API_PREFIX}${UPLOADS_PATH}/${recordingId}`,
  });
  const ready = Promise.resolve((options.seed ?? applyDemoExam)(repo, crypto, clock.now())).then(() => undefined);
  const dispatch = createDispatcher(domain, {
    devRoutes: options.devRoutes === true,
    ...(options.devRoutes ? { setClock: (now: number) => clock.set(now) } : {}),
  });
  return {
    handlers: [liveEventsHandler(baseUrl, domain, repo, clock, createLiveViewRelay({ domain, repo })), ...routeHandlers(apiBase, dispatch, ready), ...uploadHandlers(apiBase, domain, uploads), ...exportHandlers(apiBase, domain, origin, ready), ...fallbackHandlers(apiBase)],
    domain,
    repo,
    crypto,
    clock,
    uploads,
    ready,
  };
}

/** Uploads' bytes in memory, checked at completion as the server checks them, without the seekable rewrite. */
function memoryUploadStorage(uploads: Map<string, UploadState>): UploadStorage {
  return {
    create: async (recording) => {
      uploads.set(recording.id, { offset: 0, length: null, chunks: [] });
    },
    // The final file is the received one (same hash, no duration).
    finalize: async (recording, declared) => {
      const state = uploads.get(recording.id) ?? fail(ErrorCode.UPLOAD_FAILED);
      const received = joined(state.chunks);
      const { totalBytes } = declared;
      if (state.offset !== totalBytes || received.byteLength !== totalBytes || (state.length !== null && state.length !== totalBytes)) {
        fail(ErrorCode.UPLOAD_FAILED);
      }
      const sha256 = await sha256Hex(received);
      // Nothing changes on a mismatch: the bytes stay, the upload stays open (R31).
      if (sha256 !== declared.sha256) fail(ErrorCode.CHECKSUM_MISMATCH);
      // A PATCH that landed while hashing would make the bytes differ from the ones checked.
      if (state.offset !== totalBytes) fail(ErrorCode.UPLOAD_FAILED);
      // From here on no byte can be appended.
      state.length = totalBytes;
      return { serverSha256: sha256, durationMs: null };
    },
  };
}

/** One handler per route of the contract, each handing the request to the dispatcher. */
function routeHandlers(apiBase: string, dispatch: Dispatch, ready: Promise<void>): RequestHandler[] {
  return (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).map(([name, route]) => {
    const method = route.method.toLowerCase() as Lowercase<RouteDefinition['method']>;
    return http[method](`${apiBase}${route.path}`, async ({ request, params }) => {
      const acceptLanguage = request.headers.get('accept-language');
      const body = route.upload ? await readUpload(request, route.upload.maxBytes) : await readJsonBody(request, name === 'loginWithFace' ? FACE_BODY_LIMIT : JSON_BODY_LIMIT);
      if ('refused' in body) return errorResponse(body.refused, acceptLanguage, body.status);
      await ready;
      const response = await dispatch({
        route: name,
        params: stringParams(params),
        query: Object.fromEntries(new URL(request.url).searchParams),
        body: body.value,
        token: bearerToken(request.headers.get('authorization')),
        ip: CALLER_IP,
        acceptLanguage,
      });
      return toHttpResponse(response);
    });
  });
}

// ---- the administrator's exports that are files ----

/**
 * The results as CSV, as the server writes them (resultsCsv, with the byte order mark). The XLSX export, the
 * candidate's archive and the recordings' files need the server's files and libraries: the MSW handlers have none.
 */
function exportHandlers(apiBase: string, domain: ExamDomain, origin: () => string, ready: Promise<void>): RequestHandler[] {
  return [
    http.get(`${apiBase}${ADMIN_RESULTS_CSV_PATH}`, async ({ request, params }) => {
      const acceptLanguage = request.headers.get('accept-language');
      await ready;
      try {
        const principal = await domain.authenticate(bearerToken(request.headers.get('authorization')));
        const results = await domain.adminSittingResults(principal, stringParams(params)['sittingId'] ?? '', 'csv');
        return new HttpResponse(resultsCsv(results, { locale: localeOfAcceptLanguage(acceptLanguage), origin: origin() }), {
          status: 200,
          headers: { ...NO_STORE, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="results-${results.sittingId}.csv"` },
        });
      } catch (error) {
        return errorResponse(error instanceof ExamError ? error.code : ErrorCode.INTERNAL_ERROR, acceptLanguage);
      }
    }),
  ];
}

// ---- tus uploads: HEAD and PATCH, in memory ----

/** The upload a request may touch, or the response refusing it. */
async function authorizedUpload(request: Request, params: PathParams, domain: ExamDomain, uploads: Map<string, UploadState>, uploadEnd?: number): Promise<UploadState | Response> {
  const acceptLanguage = request.headers.get('accept-language');
  const id = stringParams(params)['recordingId'] ?? '';
  if (!ID_PATTERN.test(id)) return errorResponse(ErrorCode.NOT_FOUND, acceptLanguage);
  let recording;
  try {
    ({ recording } = await domain.authorizeUpload(bearerToken(request.headers.get('authorization')), id, uploadEnd));
  } catch (error) {
    const code = error instanceof ExamError ? error.code : ErrorCode.INTERNAL_ERROR;
    return errorResponse(code, acceptLanguage);
  }
  if (request.headers.get('tus-resumable') === null) return tusResponse(412, 'Tus-Resumable Required\n', { 'Tus-Version': TUS_VERSION });
  let state = uploads.get(id);
  if (state === undefined) {
    // A recording written to the repository directly (not uploaded here): its bytes are unknown.
    state = { offset: recording.bytesReceived, length: recording.complete ? recording.bytesReceived : null, chunks: [] };
    uploads.set(id, state);
  }
  return state;
}

/** Appends a PATCH's bytes at the upload's offset, as tus does; the declared length may come with any PATCH. */
async function appendPatch(request: Request, state: UploadState): Promise<Response | null> {
  if (mediaType(request) !== 'application/offset+octet-stream') {
    return errorResponse(ErrorCode.VALIDATION_FAILED, request.headers.get('accept-language'), 415);
  }
  const offsetHeader = request.headers.get('upload-offset');
  if (offsetHeader === null) return tusResponse(403, 'Upload-Offset header required\n');
  const offset = Number.parseInt(offsetHeader, 10);
  if (offset !== state.offset) return tusResponse(409, 'Upload-Offset conflict\n');
  const lengthHeader = request.headers.get('upload-length');
  let declared = state.length;
  if (lengthHeader !== null) {
    const length = Number.parseInt(lengthHeader, 10);
    if (state.length !== null || !Number.isSafeInteger(length) || length < state.offset) {
      return tusResponse(400, 'Upload-Length or Upload-Defer-Length header required\n');
    }
    if (length > MAX_UPLOAD_BYTES) return tusResponse(413, 'Maximum size exceeded\n');
    declared = length;
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  // Another PATCH (or the completion) may have landed while this body was read: check the upload again.
  if (offset !== state.offset) return tusResponse(409, 'Upload-Offset conflict\n');
  if (lengthHeader !== null && state.length !== null) return tusResponse(400, 'Upload-Length or Upload-Defer-Length header required\n');
  declared = state.length ?? declared;
  if (state.offset + bytes.byteLength > (declared ?? MAX_UPLOAD_BYTES)) return tusResponse(413, "upload's size exceeded\n");
  state.length = declared;
  if (bytes.byteLength > 0) state.chunks.push(bytes);
  state.offset += bytes.byteLength;
  return null;
}

function uploadHandlers(apiBase: string, domain: ExamDomain, uploads: Map<string, UploadState>): RequestHandler[] {
  const uploadPath = `${apiBase}${UPLOADS_PATH}/:recordingId`;
  return [
    http.head(uploadPath, async ({ request, params }) => {
      const state = await authorizedUpload(request, params, domain, uploads);
      if (state instanceof Response) return new HttpResponse(null, { status: state.status, headers: state.headers });
      const headers: Record<string, string> = { ...NO_STORE, 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(state.offset) };
      if (state.length === null) headers['Upload-Defer-Length'] = '1';
      else headers['Upload-Length'] = String(state.length);
      return new HttpResponse(null, { status: 200, headers });
    }),

    http.patch(uploadPath, async ({ request, params }) => {
      // As the server does: a PATCH that would end beyond the recording's quota is refused before anything is stored.
      const offset = Number(request.headers.get('upload-offset'));
      const length = (await request.clone().arrayBuffer()).byteLength;
      const state = await authorizedUpload(request, params, domain, uploads, Number.isSafeInteger(offset) ? offset + length : undefined);
      if (state instanceof Response) return state;
      const refused = await appendPatch(request, state);
      if (refused) return refused;
      await domain.recordUploadProgress(stringParams(params)['recordingId'] ?? '', state.offset);
      return new HttpResponse(null, { status: 204, headers: { ...NO_STORE, 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(state.offset) } });
    }),
  ];
}

// ---- live events: first-message auth, then the domain's events for this session ----

/**
 * The live-events socket as the server's: the domain's events for the session, and 实时画面's signalling relayed
 * between the sockets of one view (the page's own, in a demo or a story: the candidate's and the console's pages on one
 * MSW worker each see only their own sockets, so a view connects only where both ends share the handlers).
 */
function liveEventsHandler(baseUrl: string, domain: ExamDomain, repo: Repository, clock: LiveClock, relay: LiveViewRelay): WebSocketHandler {
  const liveUrl = baseUrl ? `${baseUrl.replace(/^http/, 'ws')}${API_PREFIX}${LIVE_EVENTS_PATH}` : `*${API_PREFIX}${LIVE_EVENTS_PATH}`;
  return ws.link(liveUrl).addEventListener('connection', ({ client }) => {
    let principal: Principal | null = null;
    let unsubscribe: (() => void) | null = null;
    let stopWatching: (() => void) | null = null;
    let liveView: LiveViewConnection | null = null;
    const close = (code: number, reason: string) => {
      liveView?.close();
      liveView = null;
      unsubscribe?.();
      unsubscribe = null;
      stopWatching?.();
      stopWatching = null;
      client.close(code, reason);
    };
    const authTimer = setTimeout(() => close(LIVE_CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED'), LIVE_AUTH_TIMEOUT_MS);
    // Messages that come while the first one's token is checked wait for it.
    let authenticating: string[] | null = null;

    client.addEventListener('message', (event) => {
      if (principal !== null) {
        if (typeof event.data === 'string') liveView?.receive(event.data);
        return;
      }
      clearTimeout(authTimer);
      const token = typeof event.data === 'string' ? liveAuthToken(event.data) : null;
      if (token === null) return close(LIVE_CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED');
      if (authenticating) {
        if (typeof event.data === 'string') authenticating.push(event.data);
        return;
      }
      authenticating = [];
      domain.authenticate(token).then(
        (who) => {
          const waiting = authenticating ?? [];
          authenticating = null;
          start(who);
          for (const text of waiting) liveView?.receive(text);
        },
        (error: unknown) => {
          const code = errorCodeOf(error);
          close(LIVE_CLOSE_UNAUTHENTICATED, code === ErrorCode.SESSION_REVOKED || code === ErrorCode.SESSION_EXPIRED ? code : 'UNAUTHENTICATED');
        },
      );
    });

    const start = (who: Principal) => {
      principal = who;
      liveView = relay.connect(who, (message) => client.send(JSON.stringify(message)));
      const lookups = liveLookups(repo, who);
      // Decided one after another, so that events go out in the order they were published.
      let delivered: Promise<void> = Promise.resolve();
      unsubscribe = domain.subscribe((live, audience) => {
        delivered = delivered
          .then(async () => {
            if (await isLiveEventFor(who, live, audience, lookups)) client.send(JSON.stringify(live));
          })
          .catch((error: unknown) => console.error('examroom: live event delivery failed', error));
      });
      // Its session ended (logout, another login, a new phone, expiry): the last word, then the close.
      // After the events already on their way (the new phone's evidence status comes before the old phone's end).
      const watching = watchLiveSession(domain, who, clock, (last, reason) => {
        unsubscribe?.();
        unsubscribe = null;
        delivered = delivered.then(() => {
          if (last) client.send(JSON.stringify(last));
          // MSW drops a message still queued when the socket starts closing: close after it is delivered.
          setTimeout(() => close(LIVE_CLOSE_UNAUTHENTICATED, reason), 0);
        });
      });
      stopWatching = () => void watching.then((stop) => stop());
    };

    client.addEventListener('close', () => {
      clearTimeout(authTimer);
      liveView?.close();
      liveView = null;
      unsubscribe?.();
      unsubscribe = null;
      stopWatching?.();
      stopWatching = null;
    });
  });
}

function fallbackHandlers(apiBase: string): RequestHandler[] {
  return [
    // A plain GET (no upgrade) of the WebSocket path gets a JSON answer, like the server's.
    http.get(`${apiBase}${LIVE_EVENTS_PATH}`, () =>
      HttpResponse.json({ code: ErrorCode.VALIDATION_FAILED, message: 'This endpoint speaks WebSocket only.' } satisfies ErrorBody, {
        status: 426,
        headers: { ...NO_STORE, Upgrade: 'websocket' },
      }),
    ),
    http.all(`${apiBase}/*`, ({ request }) => errorResponse(ErrorCode.NOT_FOUND, request.headers.get('accept-language'))),
  ];
}

function fail(code: ErrorCode): never {
  throw new ExamError(code);
}

function joined(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    result.set(chunk, at);
    at += chunk.byteLength;
  }
  return result;
}

/** Lower-case hex SHA-256 with WebCrypto (browsers, Node 20). */
async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function bearerToken(header: string | null): string | null {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1] ?? null;
}

function stringParams(params: PathParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') result[key] = value;
  return result;
}

function mediaType(request: Request): string | undefined {
  return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
}

function errorResponse(code: ErrorCode, acceptLanguage: string | null, status = statusOf(code)): Response {
  return HttpResponse.json(errorBodyOf(code, acceptLanguage), { status, headers: NO_STORE });
}

function tusResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new HttpResponse(text, { status, headers: { ...NO_STORE, 'Tus-Resumable': TUS_VERSION, 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
}

function toHttpResponse(response: DispatchResponse): Response {
  const headers = { ...NO_STORE, ...response.headers };
  if (response.body === undefined) return new HttpResponse(null, { status: response.status, headers });
  return HttpResponse.json(response.body as JsonBodyType, { status: response.status, headers });
}

type BodyResult = { readonly value: unknown } | { readonly refused: ErrorCode; readonly status: number };

/**
 * An upload route's file with its media type, for the dispatcher to check (RouteDefinition.upload); 413 over the
 * route's size, as the server's body limit. These handlers read CSV rosters only: XLSX and zips of photos need the
 * server's Node-only readers (exceljs, yauzl) and answer FILE_TYPE_UNSUPPORTED here.
 */
async function readUpload(request: Request, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return { refused: ErrorCode.PAYLOAD_TOO_LARGE, status: 413 };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limit) return { refused: ErrorCode.PAYLOAD_TOO_LARGE, status: 413 };
  return { value: { mediaType: mediaType(request) ?? '', bytes } };
}

/**
 * The JSON body as the server's parser sees it: none when empty; 415 when not JSON, 413 over the limit, 400 when
 * malformed or carrying prototype keys. Refused before any authentication, as the server's parser does.
 */
async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  if (request.method === 'GET' || request.method === 'HEAD') return { value: undefined };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength === 0) return { value: undefined };
  if (mediaType(request) !== 'application/json') return { refused: ErrorCode.VALIDATION_FAILED, status: 415 };
  if (bytes.byteLength > limit) return { refused: ErrorCode.PAYLOAD_TOO_LARGE, status: 413 };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return {
      value: JSON.parse(text, (key, value: unknown) => {
        if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype'))) {
          throw new SyntaxError('prototype poisoning');
        }
        return value;
      }),
    };
  } catch {
    return { refused: ErrorCode.VALIDATION_FAILED, status: 400 };
  }
}
