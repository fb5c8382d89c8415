/**
 * The reference server as a Fastify instance: every route of the contract handed to the domain's dispatcher, tus
 * uploads, the live-events WebSocket, security headers and error bodies that never leak internals.
 */
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import websocket from '@fastify/websocket';
import {
  API_PREFIX,
  ASYNCAPI_PATH,
  UPLOADS_PATH,
  createAsyncApiDocument,
  createOpenApiDocument,
  errorBodyOf,
  routes,
  type RouteDefinition,
  type RouteName,
} from '@examroom/adapters/rest';
import {
  demoAccountsNow,
  applyDemoExam,
  createDispatcher,
  createExamDomain,
  type DemoAccounts,
  type DomainCrypto,
  type ExamDomain,
  type FaceVerifier,
  type LiveViewSettings,
  type Repository,
} from '@examroom/domain';
import pLimit from 'p-limit';
import { bearerToken } from './http-errors.js';
import { registerLiveEvents, type LiveEvents } from './live-events.js';
import { openClusterLive } from './cluster-bus.js';
import { registerRecordingFiles } from './recording-review.js';
import { registerAdminExports } from './admin-exports.js';
import { createNodeCrypto } from './node-crypto.js';
import { registerCors } from './cors.js';
import { registerElementsAssets } from './elements-assets.js';
import { registerFaceModelAssets } from './face-models-assets.js';
import { PHONE_CSS, PHONE_CSS_PATH, PHONE_PAGE_PATH, phonePage } from './phone-page.js';
import { PROCTOR_CSS, PROCTOR_CSS_PATH, PROCTOR_PAGE_PATH, proctorPage } from './proctor-page.js';
import { ADMIN_CSS, ADMIN_CSS_PATH, ADMIN_PAGE_PATH, adminPage } from './admin-page.js';
import { PORTAL_CSS, PORTAL_CSS_PATH, portalLocale, portalPage } from './portal.js';
import { createServerClock, type ServerClock } from './server-clock.js';
import { openRepository, type ServerRepository } from './open-repository.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import { idNumberKey } from './id-number-key.js';
import { createPhotoStorage, serverRosterFiles } from './roster-files.js';
import { createTusUploads, registerUploadRoutes, type TusUploads, type UploadFastPath } from './uploads.js';
import { createPgUploadLocker } from './pg-upload-locker.js';
import { createUploadProgress, flushReportedUploads, flushUploadProgress } from './upload-progress.js';
import { MAX_RUNNING } from './recording-finaliser.js';
import { registerOperations } from './operations.js';
import { createUploadTurns, isUploadChunk, takesUploadTurns } from './upload-turns.js';

export interface AppOptions {
  /**
   * Where the SQLite file (`examroom.sqlite`), the uploads as received (`uploads/`) and the finalised recordings
   * (`recordings/`) live; created when missing.
   */
  readonly dataDir: string;
  /**
   * A PostgreSQL database (EXAMROOM_DATABASE_URL) instead of the data directory's SQLite file: several servers share
   * it (and a data directory on a volume they all mount, for the uploads and recordings).
   */
  readonly databaseUrl?: string | undefined;
  /** Enables the dev-only routes (clock control, sitting seeding): EXAMROOM_TEST_CLOCK=1. */
  readonly testClock?: boolean;
  /** Fastify's logger: true for info, or a level. Off by default. */
  readonly logger?: boolean | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /**
   * Origin the server is reached at, e.g. `https://exam.example.edu`, for absolute upload and phone URLs. By default
   * the address the server listens on.
   */
  readonly publicUrl?: string;
  /** Recognises faces for face login; without one, face login answers FACE_LOGIN_UNAVAILABLE. */
  readonly faceVerifier?: FaceVerifier;
  /**
   * Seeds the demo exam and its published accounts (idempotent: an existing one is left alone), and keeps it takeable
   * (a demo candidate who comes after their sitting closed is moved to a later one). Off by default: a real
   * deployment starts empty; `npm start` and `examroom-server --demo` turn it on.
   */
  readonly demo?: boolean;
  /**
   * Origins (e.g. `https://portal.example.edu`) whose pages may use the API, the uploads and the elements from another
   * origin (EXAMROOM_CORS_ORIGINS). None by default: no CORS headers at all.
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Which proxies in front of the server to believe about the client's address (X-Forwarded-For), as Fastify's
   * `trustProxy`: off by default (the socket's address; a forged header is ignored); the addresses and CIDRs of the
   * proxies (or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`); or true (every hop: only when nothing but
   * the proxy can reach the server). Login throttling counts per client address, so behind the university's reverse
   * proxy this must name the proxy, or every candidate shares the proxy's address. EXAMROOM_TRUST_PROXY
   * (parseTrustProxy). Fastify 5.12 trusts no hop for a hop count (it cannot check the peer), so none is offered.
   */
  readonly trustProxy?: TrustProxy;
  /**
   * How often the server looks for silent phones (a recording phone not heard from for PHONE_SILENT_AFTER_MS during
   * the interview is an evidenceSilent incident, told live to the supervisors): 10 s by default.
   */
  readonly silentPhoneSweepMs?: number;
  /**
   * Serve HTTPS with this certificate and key (PEM), e.g. for phones on the LAN: a phone's browser gives a page the
   * camera only over HTTPS (or on localhost). EXAMROOM_TLS_CERT and EXAMROOM_TLS_KEY name the files. Behind a reverse
   * proxy that ends TLS, leave it off.
   */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /**
   * 实时画面 (a supervisor's live view of a candidate): the ICE servers given to both ends (EXAMROOM_ICE_SERVERS, none by
   * default), the most each video track sends (EXAMROOM_LIVE_VIEW_BITRATE_BPS, 500 kbit/s) and the views of one
   * candidate open at once (EXAMROOM_LIVE_VIEWS_PER_CANDIDATE, 3).
   */
  readonly liveView?: Partial<LiveViewSettings>;
  /**
   * The key of the ID numbers' keyed hash (HMAC-SHA-256), EXAMROOM_ID_KEY, at least 32 characters. Without it the
   * data directory's `id-number.key` (made once, mode 0600). Keep it with the database: see id-number-key.ts.
   */
  readonly idNumberKey?: string;
  /** Where the log goes (default: standard output); tests read it. */
  readonly logStream?: { write(line: string): void };
  /** EXAMROOM_METRICS_TOKEN: `/metrics` then answers only this bearer token; open without it. */
  readonly metricsToken?: string;
  /**
   * The face checks while answering (EXAMROOM_FACE_CHECK_INTERVAL_S): at most one camera frame per candidate this
   * many seconds apart, judged by `faceVerifier`; 20 by default, 0 turns them off. Tests set it short.
   */
  readonly faceCheckIntervalSeconds?: number;
  /**
   * The longest a recording's received byte count waits in memory before it is written (upload-progress.ts): 2 s by
   * default. Tests set it long to see what a server that stops without closing leaves behind.
   */
  readonly uploadProgressWriteMs?: number;
}

/**
 * Log paths redacted wherever they appear: a 身份证号 (idNumber) and passwords never reach the log, whatever a future
 * log line includes (the request log itself carries no bodies).
 */
const LOG_REDACT = ['idNumber', '*.idNumber', '*.*.idNumber', 'body.candidates[*].idNumber', 'password', '*.password', '*.*.password', 'req.headers.authorization'];

/**
 * A request as the log shows it: its method, the route's pattern and the path with every query value hidden (a
 * recording link's `link=` is a credential); no client address, port or headers, which would say who sent it. Fastify
 * logs it once per request at info level.
 */
export function logRequest(request: FastifyRequest): { method: string; route: string | undefined; url: string } {
  const [path, query] = request.url.split('?', 2) as [string, string | undefined];
  const names = query === undefined ? [] : [...new URLSearchParams(query).keys()];
  return { method: request.method, route: request.routeOptions.url, url: names.length === 0 ? path : `${path}?${names.map((name) => `${name}=…`).join('&')}` };
}

/** The default interval of the silent-phone sweep: an incident at most 10 s after the minute of silence. */
export const SILENT_PHONE_SWEEP_MS = 10_000;

/** The forms of `trustProxy` the server takes: off, every hop, or the proxies' addresses and CIDRs. */
export type TrustProxy = boolean | readonly string[];

/** What the server is made of, for `main.ts` (seeding) and tests. */
export interface ExamroomContext {
  readonly repo: Repository;
  readonly domain: ExamDomain;
  readonly clock: ServerClock;
  readonly crypto: DomainCrypto;
  readonly uploads: TusUploads;
  readonly live: LiveEvents;
  /** The demo exam's accounts, when the demo is on. */
  readonly demo: DemoAccounts | null;
  /** The origin absolute URLs start with (publicUrl, or the listening address). */
  origin(): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    examroom: ExamroomContext;
  }
}

const JSON_BODY_LIMIT = 64 * 1024;
/** Completions whose event-loop steps run at once: the two the finalisation workers run, and two ready behind them. */
const COMPLETIONS_AT_ONCE = MAX_RUNNING + 2;
/** The face login frame: ≤ 2 MB of image as base64 plus the rest of the body. */
const FACE_BODY_LIMIT = 3 * 1024 * 1024;

/**
 * Content-Security-Policy of every response (the portal, the phone page and the console are served from here). The
 * portal loads <exam-room> from this origin (`/elements/`): Stencil's lazy loader fetches its chunks with `import()`
 * (script-src 'self'), the video previews play MediaStreams (srcObject; blob: for any recorded playback) and the
 * machine talks to the API and its WebSocket on this origin (connect-src).
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  // 'wasm-unsafe-eval' lets pages compile WebAssembly (core hashes recordings with hash-wasm) and nothing else: no
  // eval, no inline script.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  // Stencil puts each component's styles into its shadow root as a <style> element where constructable stylesheets
  // are missing, and components set a few style attributes (bar widths); scripts stay strict.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  // ws:/wss: spelled out: older browsers do not count a same-origin WebSocket as 'self'.
  connectSrc: ["'self'", 'ws:', 'wss:'],
  workerSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
};

/** A Content-Type header's media type, without parameters, in lower case. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function errorStatus(error: FastifyError): number {
  const status = error.statusCode ?? 500;
  return status >= 400 && status < 600 ? status : 500;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  mkdirSync(options.dataDir, { recursive: true });
  const crypto = createNodeCrypto({ idNumberKey: idNumberKey(options.dataDir, options.idNumberKey) });
  const repo = await openRepository({ dataDir: options.dataDir, databaseUrl: options.databaseUrl }, crypto);
  // SQLite's checkpoints run in a worker thread (PostgreSQL checkpoints on its own); it logs through the app's logger
  // once there is one.
  const log: { current: Pick<FastifyBaseLogger, 'error'> | null } = { current: null };
  const checkpointer =
    repo.kind === 'sqlite' ? await startSqliteCheckpointer(join(options.dataDir, 'examroom.sqlite'), { error: (object, message) => log.current?.error(object, message) }) : null;
  try {
    const app = await assemble(options, repo, checkpointer, crypto);
    log.current = app.log;
    return app;
  } catch (error) {
    await repo.close();
    await checkpointer?.close();
    throw error;
  }
}

/** Requests answered before Fastify sees them (set once the upload routes exist: uploads.ts, UploadFastPath). */
interface ServerFront {
  handle: UploadFastPath | null;
}

/**
 * The HTTP or HTTPS server for Fastify's handler (the WebSocket upgrade works on either), with the uploads' fast path
 * in front of it: a request it takes (a PATCH or HEAD of an upload already authorised) never reaches Fastify. A chunk
 * (a PATCH with bytes) the fast path takes goes to tus at once; every other upload request and every completion
 * takes turns (upload-turns.ts) before the fast path or Fastify sees it, so that a burst of them leaves the loop free
 * between turns for everything else.
 */
function serverFactory(tls: AppOptions['tls'], front: ServerFront) {
  return (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
    const uploadTurns = createUploadTurns();
    const listener = (request: IncomingMessage, response: ServerResponse) => {
      if (!takesUploadTurns(request)) return handler(request, response);
      if (isUploadChunk(request)) {
        if (!front.handle?.(request, response)) uploadTurns.admit(() => handler(request, response));
        return;
      }
      uploadTurns.admit(() => {
        if (!front.handle?.(request, response)) handler(request, response);
      });
    };
    const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
    // What Fastify sets on a server it makes itself: idle keep-alive connections kept 72 s, and no limit on a
    // request's length (Node's own default cuts one at 300 s, which a slow upload may need).
    server.keepAliveTimeout = 72_000;
    server.requestTimeout = 0;
    return server as unknown as HttpServer;
  };
}

async function assemble(options: AppOptions, repo: ServerRepository, checkpointer: SqliteCheckpointer | null, crypto: DomainCrypto): Promise<FastifyInstance> {
  const uploadsDir = join(options.dataDir, 'uploads');
  const recordingsDir = join(options.dataDir, 'recordings');
  mkdirSync(uploadsDir, { recursive: true });
  mkdirSync(recordingsDir, { recursive: true });

  const front: ServerFront = { handle: null };
  const app = Fastify({
    logger: options.logger
      ? {
          level: options.logger === true ? 'info' : options.logger,
          redact: LOG_REDACT,
          serializers: { req: logRequest },
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    bodyLimit: JSON_BODY_LIMIT,
    // Ids and paths are short; anything longer is noise or an attack.
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // request.ip: the client behind the trusted proxies; the domain's CallerInfo.ip comes from it.
    trustProxy: typeof options.trustProxy === 'boolean' ? options.trustProxy : options.trustProxy ? [...options.trustProxy] : false,
    // Our own server (HTTP or HTTPS: the instance keeps one type either way), with the uploads' fast path in front.
    serverFactory: serverFactory(options.tls, front),
  });

  app.addHook('onClose', async () => {
    await repo.close();
    // After the main connection: the checkpointer's last checkpoint then waits for no one.
    await checkpointer?.close();
  });

  const origin = () => {
    if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '');
    const address = app.server.address() as AddressInfo | string | null;
    if (address === null || typeof address === 'string') return '';
    const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
    return `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  };

  const clock = createServerClock();
  // Several servers share a PostgreSQL database and the data directory: their upload locks are PostgreSQL's.
  const uploadLocker = options.databaseUrl ? createPgUploadLocker({ connectionString: options.databaseUrl, log: app.log }) : undefined;
  if (uploadLocker) app.addHook('onClose', async () => uploadLocker.close());
  const uploads = createTusUploads(uploadsDir, recordingsDir, app.log, uploadLocker);
  const domain = createExamDomain({
    repo,
    clock,
    crypto,
    uploads: uploads.storage,
    ...(options.faceVerifier ? { faceVerifier: options.faceVerifier } : {}),
    phoneUrl: (code) => `${origin()}/phone#code=${encodeURIComponent(code)}`,
    uploadUrl: (recordingId) => `${origin()}${API_PREFIX}${UPLOADS_PATH}/${recordingId}`,
    demo: options.demo === true,
    rosterFiles: serverRosterFiles,
    photos: createPhotoStorage(join(options.dataDir, 'photos')),
    ...(options.faceCheckIntervalSeconds !== undefined ? { faceCheckIntervalMs: options.faceCheckIntervalSeconds * 1000 } : {}),
  });
  // On the server's clock: the sweep reads clock.now(), so the dev control's moves are seen at the next tick.
  // One sweep at a time: a slow one is not overtaken by the next tick.
  let sweeping: Promise<void> | null = null;
  const sweep = setInterval(() => {
    sweeping ??= domain
      .sweepSilentPhones()
      .catch((error: unknown) => app.log.error({ err: error }, 'silent-phone sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  }, options.silentPhoneSweepMs ?? SILENT_PHONE_SWEEP_MS);
  sweep.unref();
  // Before the repository closes (onClose): no sweep may run on a closed database.
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    await sweeping;
  });
  // Received byte counts: written together every 2 s, and from the file's offset before completion or abandon,
  // which read them (upload-progress.ts).
  const uploadProgress = createUploadProgress({
    record: async (reports) => {
      await domain.recordUploadsProgress(reports);
    },
    offsetOf: (recordingId) => uploads.offsetOf(recordingId),
    log: app.log,
    ...(options.uploadProgressWriteMs !== undefined ? { intervalMs: options.uploadProgressWriteMs } : {}),
  });
  const dispatch = createDispatcher(domain, {
    devRoutes: options.testClock === true,
    setClock: (now) => clock.set(now),
    onInternalError: (error, route) => app.log.error({ err: error, route }, 'domain call failed'),
  });

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await registerCors(app, options.corsOrigins ?? []);
  app.addHook('onSend', async (request, reply, payload) => {
    // The camera, microphone and screen are for this origin's pages only.
    reply.header('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self), geolocation=()');
    if (request.url.startsWith(API_PREFIX)) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  // JSON only. An empty body counts as none (POST /me/lot carries nothing); prototype poisoning is refused.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    void parseJson(request, text, done);
  });

  // An upload route's file (RouteDefinition.upload) as bytes, only on that route and only of its media types.
  const uploadRoutes = new Map<string, NonNullable<RouteDefinition['upload']>>(
    (Object.values(routes) as RouteDefinition[]).flatMap((definition) => (definition.upload ? [[`${API_PREFIX}${definition.path}`, definition.upload] as const] : [])),
  );
  const uploadMediaTypes = [...new Set([...uploadRoutes.values()].flatMap((upload) => upload.mediaTypes))];
  app.addContentTypeParser(uploadMediaTypes, { parseAs: 'buffer' }, (request, body, done) => {
    const upload = uploadRoutes.get(request.routeOptions.url ?? '');
    const type = mediaTypeOf(request.headers['content-type']);
    if (!upload || !upload.mediaTypes.includes(type)) {
      const error = new Error('unsupported media type') as Error & { statusCode: number };
      error.statusCode = 415;
      return done(error, undefined);
    }
    done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const language = request.headers['accept-language'];
    const status = errorStatus(error);
    // A file of another type than an upload route takes (or none): said as such, not as malformed input.
    if (status === 415 && uploadRoutes.has(request.routeOptions.url ?? '')) return reply.code(415).send(errorBodyOf('FILE_TYPE_UNSUPPORTED', language));
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(errorBodyOf('INTERNAL_ERROR', language));
    }
    if (status === 413) return reply.code(413).send(errorBodyOf('PAYLOAD_TOO_LARGE', language));
    if (status === 404) return reply.code(404).send(errorBodyOf('NOT_FOUND', language));
    if (status === 429) return reply.code(429).send(errorBodyOf('RATE_LIMITED', language));
    // 415 (not JSON), malformed JSON, bad Content-Length…: the input is wrong.
    return reply.code(status).send(errorBodyOf('VALIDATION_FAILED', language));
  });

  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBodyOf('NOT_FOUND', request.headers['accept-language'])));

  // At the end of a sitting every recording completes at once. Each completion's steps on the event loop (its count
  // written from the file's offset, the domain's transactions, tus's state) run a few at a time, so that the last
  // PATCHes of the uploads still sending do not queue behind hundreds of them; the files are finalised two at a time
  // anyway (recording-finaliser.ts), and the others wait holding nothing.
  const completions = pLimit(COMPLETIONS_AT_ONCE);
  const flushCompletion = flushUploadProgress(uploadProgress);

  // ---- the contract's routes ----
  for (const [name, definition] of Object.entries(routes) as [RouteName, RouteDefinition][]) {
    if (definition.auth === 'dev' && options.testClock !== true) continue;
    app.route({
      method: definition.method,
      url: `${API_PREFIX}${definition.path}`,
      bodyLimit: definition.upload ? definition.upload.maxBytes : name === 'loginWithFace' ? FACE_BODY_LIMIT : JSON_BODY_LIMIT,
      ...(name === 'abandonRecording' ? { preHandler: flushUploadProgress(uploadProgress) } : {}),
      ...(name === 'heartbeat' ? { preHandler: flushReportedUploads(uploadProgress) } : {}),
      handler: async (request, reply) => {
        const answer = () => dispatch({
          route: name,
          params: (request.params ?? {}) as Record<string, string>,
          query: (request.query ?? {}) as Record<string, string>,
          // An upload route's bytes go with their media type; anything else (JSON) as parsed, for the domain to refuse.
          body: definition.upload && Buffer.isBuffer(request.body) ? { mediaType: mediaTypeOf(request.headers['content-type']), bytes: request.body } : request.body,
          token: bearerToken(request.headers.authorization),
          ip: request.ip,
          acceptLanguage: request.headers['accept-language'] ?? null,
        });
        const response =
          name === 'completeRecording'
            ? await completions(async () => {
                await flushCompletion(request);
                return answer();
              })
            : await answer();
        reply.code(response.status);
        if (response.headers) reply.headers(response.headers);
        return response.body === undefined ? reply.send() : reply.type('application/json; charset=utf-8').send(JSON.stringify(response.body));
      },
    });
  }

  // The dev routes are listed only where they exist (EXAMROOM_TEST_CLOCK=1); the committed openapi.json has none.
  const openApiDocument = JSON.stringify(createOpenApiDocument({ devRoutes: options.testClock === true }));
  app.get(`${API_PREFIX}/openapi.json`, async (_request, reply) => reply.type('application/json; charset=utf-8').send(openApiDocument));
  // The live-events socket's document, as committed (its `local` server names the reference server's default address).
  const asyncApiDocument = JSON.stringify(createAsyncApiDocument());
  app.get(`${API_PREFIX}${ASYNCAPI_PATH}`, async (_request, reply) => reply.type('application/json; charset=utf-8').send(asyncApiDocument));

  // ---- uploads and live events ----
  const uploadFastPath = registerUploadRoutes(app, uploads, domain, uploadProgress, options.corsOrigins ?? []);
  registerRecordingFiles(app, domain, uploads);
  registerAdminExports(app, domain, uploads, origin);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // On PostgreSQL, several servers: live events and 实时画面 signalling cross them (cluster-bus.ts).
  const cluster =
    repo.kind === 'postgresql' && options.databaseUrl
      ? await openClusterLive({ connectionString: options.databaseUrl, domain, onError: (error, what) => app.log.warn({ err: error }, `${what} failed`) })
      : null;
  if (cluster) app.addHook('preClose', async () => cluster.close());
  const live = registerLiveEvents(app, { domain, repo, clock, ...(options.liveView ? { liveView: options.liveView } : {}), ...(cluster ? { cluster } : {}) });

  // ---- pages: the demo portal (embedding the built @examroom/elements), the phone's evidence recorder, the supervisor's console ----
  const elementsAvailable = await registerElementsAssets(app);
  registerFaceModelAssets(app);
  const demo = options.demo === true ? await applyDemoExam(repo, crypto, clock.now()) : null;
  app.get<{ Querystring: { lang?: string; exam?: string } }>('/', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(
        portalPage({
          locale: portalLocale(request.query.lang),
          // `?exam=` shows another exam of this server (an administrator trying theirs); else the demo's, if any.
          examId: request.query.exam || demo?.examId || null,
          // The demo as it stands: it adds a sitting when a newcomer comes after theirs closed.
          demo: demo && (await demoAccountsNow(repo, demo)),
          elementsAvailable,
        }),
      ),
  );
  app.get(PORTAL_CSS_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(PORTAL_CSS));
  // The code is in the fragment, which never reaches the server; still, a page that was opened with one is not kept.
  app.get<{ Querystring: { lang?: string } }>(PHONE_PAGE_PATH, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(phonePage({ locale: portalLocale(request.query.lang), elementsAvailable })),
  );
  app.get(PHONE_CSS_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(PHONE_CSS));
  app.get<{ Querystring: { lang?: string } }>(PROCTOR_PAGE_PATH, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(proctorPage({ locale: portalLocale(request.query.lang), elementsAvailable })),
  );
  app.get(PROCTOR_CSS_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(PROCTOR_CSS));
  app.get<{ Querystring: { lang?: string } }>(ADMIN_PAGE_PATH, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(adminPage({ locale: portalLocale(request.query.lang), elementsAvailable })),
  );
  app.get(ADMIN_CSS_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(ADMIN_CSS));

  // ---- operations: health, readiness, metrics ----
  const observeRequest = registerOperations(app, {
    repo,
    now: () => clock.now(),
    writableDirs: [uploadsDir, recordingsDir],
    live: () => ({ connections: live.connections, liveViews: live.liveViews }),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });

  // The uploads' fast path in front of Fastify, its requests counted as Fastify's route counts them.
  const uploadRoute = `${API_PREFIX}${UPLOADS_PATH}/:recordingId`;
  front.handle = (request, response) => {
    const started = performance.now();
    if (!uploadFastPath(request, response)) return false;
    response.once('finish', () => observeRequest(request, uploadRoute, response.statusCode, (performance.now() - started) / 1000));
    return true;
  };

  app.decorate('examroom', { repo, domain, clock, crypto, uploads, live, demo, origin } satisfies ExamroomContext);

  return app;
}
