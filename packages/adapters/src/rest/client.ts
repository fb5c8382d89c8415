/**
 * core's ExamApi over the examroom REST contract: fetch for the routes, one WebSocket for live events. Paths,
 * methods and body shapes all come from `routes` in contract.ts, so the client cannot drift from the server.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import {
  ErrorCode,
  ExamError,
  isErrorCode,
  type ErrorDetails,
  type ExamApi,
  type LiveEvent,
  type PortObserver,
  type Subscribable,
} from '@examroom/core';
import { API_PREFIX, LIVE_CLOSE_UNAUTHENTICATED, LIVE_EVENTS_PATH, routes, type RouteName } from './contract.js';

/** Where the client keeps the bearer token. */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

/** Events of the WebSocket API the client listens to (as much of them as it reads). */
export interface LiveSocketEvents {
  open: unknown;
  message: { readonly data: unknown };
  close: { readonly code: number };
  error: unknown;
}

/** The part of the WebSocket API the client uses; the browser's WebSocket and the `ws` package's both fit. */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener<K extends keyof LiveSocketEvents>(type: K, listener: (event: LiveSocketEvents[K]) => void): void;
}

export type LiveSocketConstructor = new (url: string) => LiveSocket;

export interface RestExamApiOptions {
  /** Where the examroom server is, e.g. `https://exam.example.edu`; '' for the page's own origin. */
  readonly baseUrl: string;
  /** Defaults to the global fetch, looked up at each request (so test interceptors installed later still apply). */
  readonly fetch?: typeof fetch;
  /** WebSocket constructor for live events; defaults to the global one. Node tests pass the `ws` package's. */
  readonly WebSocket?: LiveSocketConstructor;
  /**
   * Where the bearer token lives; in memory by default. A browser page may pass `createStorageTokenStore(localStorage)`
   * so that a reload or a browser restart keeps the session (and the candidate resumes where they were), or
   * `createStorageTokenStore(sessionStorage)` so that only a reload does.
   */
  readonly tokenStore?: TokenStore;
  /** Sent as Accept-Language: the language of the error messages (zh-CN when absent). */
  readonly acceptLanguage?: string;
}

/** The REST adapter: the port plus the current token (for the tus transport's Authorization header). */
export type RestExamApi = ExamApi & { readonly token: string | null };

/** Live-events reconnection: 1 s, doubling up to 30 s, each delay jittered to 50–100 % of its step. */
const RECONNECT_INITIAL_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;
/** A connection that stayed open this long resets the backoff. */
const STABLE_CONNECTION_MS = 10_000;
/** Close codes after which reconnecting cannot help: the token is not (or no longer) accepted. */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([LIVE_CLOSE_UNAUTHENTICATED, 4403]);

type Routes = typeof routes;
export type ResponseOf<N extends RouteName> = Routes[N]['response'] extends infer R extends TSchema ? Static<R> : void;
export type BodyOf<N extends RouteName> = Routes[N] extends { readonly body: infer B extends TSchema } ? Static<B> : undefined;

export interface RequestInput<N extends RouteName> {
  readonly params?: Readonly<Record<string, string>>;
  /** The query string's parameters (routes with a `query` schema, e.g. the audit log's filters). */
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: BodyOf<N>;
  /** An upload route's file (RouteDefinition.upload): sent as the body as it is, with its media type. */
  readonly upload?: { readonly blob: Blob; readonly mediaType: string };
}

export function createMemoryTokenStore(initial: string | null = null): TokenStore {
  let token = initial;
  return {
    get: () => token,
    set: (next) => {
      token = next;
    },
  };
}

/**
 * A token store over Web Storage (localStorage: survives a reload and a browser restart; sessionStorage: a reload
 * only). Storage errors count as no token.
 */
export function createStorageTokenStore(storage: Storage, key = 'examroom.token'): TokenStore {
  return {
    get() {
      try {
        return storage.getItem(key);
      } catch {
        return null;
      }
    },
    set(token) {
      try {
        if (token === null) storage.removeItem(key);
        else storage.setItem(key, token);
      } catch {
        // Private mode or a full quota: the session then lasts as long as the page.
      }
    },
  };
}

/** What the candidate's and the phone's REST adapters share: where the server is, and how a token is read. */
export interface RestCallerOptions {
  /** Where the examroom server is; '' for the page's own origin. */
  readonly baseUrl: string;
  /** Defaults to the global fetch, looked up at each request. */
  readonly fetch?: typeof fetch;
  /** WebSocket constructor for live events; defaults to the global one. */
  readonly WebSocket?: LiveSocketConstructor;
  /** Sent as Accept-Language: the language of the error messages (zh-CN when absent). */
  readonly acceptLanguage?: string;
  /** The bearer token, read at each request and each (re)connection of the live socket. */
  readonly token: () => string | null;
}

/** The contract's routes as calls, and the live-events socket: what both REST adapters are built on. */
export interface RestCaller {
  /** One route of the contract; rejects with an ExamError (the server's code, or one by status or NETWORK_ERROR). */
  request<N extends RouteName>(name: N, input?: RequestInput<N>): Promise<ResponseOf<N>>;
  /** Upload URLs the server gives as absolute paths, resolved against baseUrl like every other path. */
  resolveUploadUrl(uploadUrl: string): string;
  /**
   * A file route (not JSON: the exports, an archive) under API_PREFIX, read whole with the bearer token; its name from
   * Content-Disposition, else the path's last segment. Rejects as `request` does.
   */
  download(path: string, params: Readonly<Record<string, string>>): Promise<{ readonly name: string; readonly blob: Blob }>;
  /** The live-events socket: authenticated with the token, reconnected with backoff until its session ends. */
  liveEvents(): Subscribable<LiveEvent>;
  /**
   * The same socket with the caller's own reading of its messages (a supervisor's pushes carry the candidate's id,
   * which the candidate's LiveEvent leaves out): `parse` answers the event or null to drop the message.
   */
  liveMessages<T>(options: LiveMessagesOptions<T>): Subscribable<T>;
  /** Closes every live-events connection (logging out). */
  stopLiveEvents(): void;
  /**
   * A live-events connection of the caller's own that also sends (实时画面's signalling): read as liveMessages reads,
   * `send` writes a message on the open, authenticated socket and answers false while it is down (nothing queued).
   */
  liveChannel<T>(reading: LiveMessagesOptions<T>, observer: PortObserver<T>): LiveChannel;
}

/** A live-events connection that sends too; `stop` closes it for good. */
export interface LiveChannel {
  send(message: object): boolean;
  stop(): void;
}

/** How a caller of RestCaller.liveMessages reads the socket. */
export interface LiveMessagesOptions<T> {
  /** A message's data as the caller's event, or null to drop it. */
  parse(data: unknown): T | null;
  /** Told on every (re)connection, before any message of it: what was pushed while the socket was down is lost. */
  connected?: T;
  /** An event after which the session gets nothing more (reconnecting would only be refused). */
  isFinal?(event: T): boolean;
  /** Told when an open socket closes and will be reconnected: what was said on it (a live view) is over. */
  disconnected?: T;
}

export function createRestCaller(options: RestCallerOptions): RestCaller {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const liveConnections = new Set<{ stop(): void }>();

  /**
   * Sends a request to `path` under API_PREFIX, with the bearer token (when `authorized`) and Accept-Language, and
   * answers the response if it is OK; rejects with NETWORK_ERROR, or with the server's error.
   */
  async function send(path: string, init: RequestInit & { headers: Record<string, string> }, authorized: boolean): Promise<Response> {
    const token = options.token();
    if (token !== null && authorized) init.headers['Authorization'] = `Bearer ${token}`;
    if (options.acceptLanguage) init.headers['Accept-Language'] = options.acceptLanguage;
    const doFetch = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${API_PREFIX}${path}`, init);
    } catch (error) {
      throw networkError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function request<N extends RouteName>(name: N, input: RequestInput<N> = {}): Promise<ResponseOf<N>> {
    const route: Routes[RouteName] = routes[name];
    const headers: Record<string, string> = { Accept: 'application/json' };
    const init: RequestInit & { headers: Record<string, string> } = { method: route.method, headers };
    if (input.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(input.body);
    } else if (input.upload !== undefined) {
      headers['Content-Type'] = input.upload.mediaType;
      init.body = input.upload.blob;
    }
    const search = input.query && Object.keys(input.query).length > 0 ? `?${new URLSearchParams(input.query as Record<string, string>).toString()}` : '';
    const response = await send(`${fillPath(route.path, input.params ?? {})}${search}`, init, Array.isArray(route.auth));
    if (route.response === null || response.status === 204) return undefined as ResponseOf<N>;
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw networkError(error);
    }
    try {
      return JSON.parse(text) as ResponseOf<N>;
    } catch {
      throw new ExamError(ErrorCode.INTERNAL_ERROR, `${route.method} ${route.path}: the response is not JSON`);
    }
  }

  async function download(path: string, params: Readonly<Record<string, string>>): Promise<{ readonly name: string; readonly blob: Blob }> {
    const filled = fillPath(path, params);
    const response = await send(filled, { method: 'GET', headers: {} }, true);
    try {
      const blob = await response.blob();
      return { name: fileNameOf(response.headers.get('Content-Disposition')) ?? decodeURIComponent(filled.split('/').pop() ?? 'download'), blob };
    } catch (error) {
      throw networkError(error);
    }
  }

  function resolveUploadUrl(uploadUrl: string): string {
    return uploadUrl.startsWith('/') && !uploadUrl.startsWith('//') ? `${baseUrl}${uploadUrl}` : uploadUrl;
  }

  function liveUrl(): string {
    const path = `${baseUrl}${API_PREFIX}${LIVE_EVENTS_PATH}`;
    const url = new URL(path, globalThis.location?.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
    return url.href;
  }

  function openLiveConnection<T>(observer: PortObserver<T>, reading: LiveMessagesOptions<T>): LiveChannel {
    let stopped = false;
    let socket: LiveSocket | null = null;
    let authenticated: LiveSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;

    const connection = {
      send(message: object): boolean {
        if (stopped || authenticated === null || authenticated !== socket) return false;
        authenticated.send(JSON.stringify(message));
        return true;
      },
      stop() {
        if (stopped) return;
        stopped = true;
        liveConnections.delete(connection);
        clearTimeout(timer);
        const current = socket;
        socket = null;
        current?.close(1000, 'unsubscribed');
      },
    };

    const scheduleReconnect = () => {
      const step = Math.min(RECONNECT_MAX_MS, RECONNECT_INITIAL_MS * 2 ** attempt);
      attempt += 1;
      timer = setTimeout(connect, step * (0.5 + Math.random() * 0.5));
    };

    function connect(): void {
      if (stopped) return;
      const token = options.token();
      const Socket = options.WebSocket ?? (globalThis.WebSocket as LiveSocketConstructor | undefined);
      // Logged out, or no WebSocket in this environment: there is nothing to listen to.
      if (token === null || Socket === undefined) return connection.stop();
      let url: string;
      try {
        url = liveUrl();
      } catch {
        // A relative baseUrl without a page to resolve it against: no URL will ever work.
        return connection.stop();
      }
      let current: LiveSocket;
      try {
        current = new Socket(url);
      } catch {
        return scheduleReconnect();
      }
      socket = current;
      let openedAt: number | null = null;
      current.addEventListener('open', () => {
        openedAt = Date.now();
        current.send(JSON.stringify({ type: 'auth', token }));
        authenticated = current;
        if (reading.connected !== undefined && socket === current) observer.next?.(reading.connected);
      });
      current.addEventListener('message', (event) => {
        if (socket !== current) return;
        const live = reading.parse(event.data);
        if (live === null) return;
        observer.next?.(live);
        if (reading.isFinal?.(live)) connection.stop();
      });
      // Every failure also ends in 'close'; the listener keeps `ws` from throwing an unhandled 'error'.
      current.addEventListener('error', () => undefined);
      current.addEventListener('close', (event) => {
        if (socket !== current) return;
        socket = null;
        if (FINAL_CLOSE_CODES.has(event.code)) return connection.stop();
        if (openedAt !== null && reading.disconnected !== undefined) observer.next?.(reading.disconnected);
        if (openedAt !== null && Date.now() - openedAt >= STABLE_CONNECTION_MS) attempt = 0;
        scheduleReconnect();
      });
    }

    liveConnections.add(connection);
    connect();
    return connection;
  }

  function liveMessages<T>(reading: LiveMessagesOptions<T>): Subscribable<T> {
    return {
      subscribe(observer) {
        const connection = openLiveConnection(observer, reading);
        return { unsubscribe: () => connection.stop() };
      },
    };
  }

  return {
    request,
    resolveUploadUrl,
    download,
    liveEvents() {
      // A revoked session gets nothing more; reconnecting would only be refused.
      return liveMessages<LiveEvent>({ parse: toCoreLiveEvent, isFinal: (event) => event.type === 'session.revoked' });
    },
    liveMessages,
    stopLiveEvents() {
      for (const connection of [...liveConnections]) connection.stop();
    },
    liveChannel: (reading, observer) => openLiveConnection(observer, reading),
  };
}

export function createRestExamApi(options: RestExamApiOptions): RestExamApi {
  const tokenStore = options.tokenStore ?? createMemoryTokenStore();
  const { request, resolveUploadUrl, liveEvents, stopLiveEvents } = createRestCaller({ ...options, token: () => tokenStore.get() });

  function storeSession(created: { readonly token: string }): void {
    tokenStore.set(created.token);
  }

  const api: RestExamApi = {
    get token() {
      return tokenStore.get();
    },

    async getServerTime() {
      return (await request('getTime')).serverTime;
    },

    getExam: (examId) => request('getExam', { params: { examId } }),

    createFaceChallenge: (examId) => request('faceChallenge', { body: { examId } }),

    async loginWithFace({ examId, deviceKey, image, idNumber, challengeId, frames }) {
      const body = {
        examId,
        deviceKey,
        ...(image ? { image: await blobToBase64(image) } : {}),
        ...(idNumber !== undefined ? { idNumber } : {}),
        ...(challengeId !== undefined ? { challengeId } : {}),
        ...(frames ? { frames: await Promise.all(frames.map(blobToBase64)) } : {}),
      };
      storeSession(await request('loginWithFace', { body }));
    },

    async loginWithPassword({ examId, idNumber, password, deviceKey }) {
      storeSession(await request('loginWithPassword', { body: { examId, idNumber, password, deviceKey } }));
    },

    async logout() {
      stopLiveEvents();
      try {
        await request('logout');
      } catch (error) {
        // Already logged out on the server is as good as logging out now.
        const gone = ['UNAUTHENTICATED', 'SESSION_REVOKED', 'SESSION_EXPIRED'];
        if (!(error instanceof ExamError && gone.includes(error.code))) throw error;
      } finally {
        tokenStore.set(null);
      }
    },

    heartbeat: (report) => request('heartbeat', report ? { body: { recordings: report.recordings.map(({ id, bytesRecorded }) => ({ id, bytesRecorded })) } } : {}),
    getMe: () => request('getMe'),
    saveProgress: (stage) => request('saveProgress', { body: { stage } }),
    createPairing: () => request('createPairing'),
    getEvidenceStatus: () => request('getEvidenceStatus'),
    drawLot: () => request('drawLot'),
    enter: () => request('enter'),
    confirm: (confirmation) =>
      request('confirm', {
        body:
          confirmation.kind === 'pledge'
            ? { kind: 'pledge', pledgeVersion: confirmation.pledgeVersion }
            : // R7: 设备确认 names the camera chosen, for the server to judge.
              { kind: confirmation.kind, ...(confirmation.cameraLabel !== undefined ? { cameraLabel: confirmation.cameraLabel } : {}) },
      }),
    getQuestions: () => request('getQuestions'),

    reportIncident: ({ id, kind, at, detail }) =>
      request('reportIncident', { body: detail === undefined ? { id, kind, at } : { id, kind, at, detail } }),

    // endedBySupervisor is the supervisor's to give; the server's schema would refuse it from the page anyway.
    finish: (reason) => (reason === 'endedBySupervisor' ? Promise.reject(new ExamError(ErrorCode.FINISH_REASON_INVALID)) : request('finish', { body: { reason } })),

    async createRecording({ kind, mimeType }) {
      // The evidence recording belongs to the phone's session and has its own route.
      const target =
        kind === 'evidence'
          ? await request('createEvidenceRecording', { body: { mimeType } })
          : await request('createRecording', { body: { kind, mimeType } });
      return { recordingId: target.recordingId, uploadUrl: resolveUploadUrl(target.uploadUrl) };
    },

    async abandonRecording(recordingId) {
      await request('abandonRecording', { params: { recordingId } });
    },

    getHelpMessages: () => request('getHelpMessages'),
    sendHelpMessage: ({ id, text }) => request('sendHelpMessage', { body: { id, text } }),
    sendFaceCheck: (frame) => request('sendFaceCheck', { upload: { blob: frame, mediaType: 'image/jpeg' } }),

    liveEvents,
  };
  return api;
}

function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

/**
 * The file name a Content-Disposition header gives: the UTF-8 `filename*` (RFC 6266; how the server names a file with
 * Chinese in it) when present, else the plain `filename`; null without either.
 */
export function fileNameOf(disposition: string | null): string | null {
  if (disposition === null) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: the plain name below will do.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(disposition);
  return plain?.[1] ?? plain?.[2] ?? null;
}

function networkError(error: unknown): ExamError {
  if (error instanceof ExamError) return error;
  return new ExamError(ErrorCode.NETWORK_ERROR, error instanceof Error ? error.message : 'The request failed');
}

/** An error response as an ExamError: the body's code and details when it is an ErrorBody, else a code by status. */
async function errorFromResponse(response: Response): Promise<ExamError> {
  let body: unknown = null;
  try {
    body = JSON.parse(await response.text());
  } catch {
    // Not JSON (a proxy's error page, an empty body): the status has to do.
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const details: { opensAt?: number; retryAfterSeconds?: number; field?: string; recordingId?: string } = {};
  if (Number.isFinite(retryAfter) && retryAfter >= 0) details.retryAfterSeconds = retryAfter;
  if (typeof body === 'object' && body !== null && 'code' in body && isErrorCode(body.code)) {
    const error = body as { code: ErrorCode; message?: unknown; opensAt?: unknown; retryAfterSeconds?: unknown; field?: unknown; recordingId?: unknown };
    if (typeof error.opensAt === 'number') details.opensAt = error.opensAt;
    if (typeof error.retryAfterSeconds === 'number') details.retryAfterSeconds = error.retryAfterSeconds;
    if (typeof error.field === 'string') details.field = error.field;
    if (typeof error.recordingId === 'string') details.recordingId = error.recordingId;
    return new ExamError(error.code, typeof error.message === 'string' ? error.message : error.code, details satisfies ErrorDetails);
  }
  return new ExamError(codeForStatus(response.status), `HTTP ${response.status}`, details);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return ErrorCode.VALIDATION_FAILED;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    default:
      return ErrorCode.INTERNAL_ERROR;
  }
}

/** A socket message's JSON object with a `type`, or null for anything else. */
export function socketMessage(data: unknown): { readonly type: unknown; readonly [field: string]: unknown } | null {
  let event: unknown;
  try {
    event = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer | Uint8Array));
  } catch {
    return null;
  }
  return typeof event === 'object' && event !== null && 'type' in event ? (event as { type: unknown }) : null;
}

/** A server LiveEvent as core's, or null for anything the candidate's page does not use (candidate.status, junk). */
function toCoreLiveEvent(data: unknown): LiveEvent | null {
  const message = socketMessage(data);
  if (message === null) return null;
  const value = message as { type: unknown; message?: unknown; status?: unknown; reason?: unknown; schedule?: unknown; progress?: unknown };
  switch (value.type) {
    case 'help.message':
      return isObject(value.message) ? { type: 'help.message', message: value.message as Extract<LiveEvent, { type: 'help.message' }>['message'] } : null;
    case 'evidence.status':
      return isObject(value.status) ? { type: 'evidence.status', status: value.status as Extract<LiveEvent, { type: 'evidence.status' }>['status'] } : null;
    case 'session.revoked':
      return { type: 'session.revoked', reason: isErrorCode(value.reason) ? value.reason : ErrorCode.SESSION_REVOKED };
    case 'schedule.changed':
      return isObject(value.schedule) ? { type: 'schedule.changed', schedule: value.schedule as Extract<LiveEvent, { type: 'schedule.changed' }>['schedule'] } : null;
    case 'exam.finished':
      return isObject(value.progress) ? { type: 'exam.finished', progress: value.progress as Extract<LiveEvent, { type: 'exam.finished' }>['progress'] } : null;
    case 'virtualCamera.waived':
      return { type: 'virtualCamera.waived' };
    default:
      return null;
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface RecordingCompleterOptions {
  /** Where the examroom server is; '' for the page's own origin. */
  readonly baseUrl: string;
  /** Defaults to the global fetch, looked up at each request. */
  readonly fetch?: typeof fetch;
  /** The bearer token of the candidate's (or phone's) session, read at each call. */
  readonly token: () => string | null;
}

/**
 * The `complete` function of the tus transport: POST /recordings/:recordingId/complete declares a finished upload's
 * length and SHA-256, and the server checks them and finalises the file. The recording id is the upload URL's last
 * path segment (`${UPLOADS_PATH}/<recordingId>`).
 */
export function createRecordingCompleter(
  options: RecordingCompleterOptions,
): (uploadUrl: string, totalBytes: number, sha256: string) => Promise<void> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return async (uploadUrl, totalBytes, sha256) => {
    const recordingId = decodeURIComponent(uploadUrl.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '');
    if (recordingId === '') throw new ExamError(ErrorCode.VALIDATION_FAILED, `No recording id in ${uploadUrl}`);
    const route = routes.completeRecording;
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const token = options.token();
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    const doFetch = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${API_PREFIX}${fillPath(route.path, { recordingId })}`, {
        method: route.method,
        headers,
        body: JSON.stringify({ totalBytes, sha256 }),
      });
    } catch (error) {
      throw networkError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    // The finalised recording is of no use here; the body is released rather than read.
    await response.body?.cancel().catch(() => undefined);
  };
}
