/**
 * What operators watch, outside the API (`/api/v1`): `/healthz` (the process answers), `/readyz` (it can serve:
 * the database answers and the data directory is writable; 503 while it is not, or while it shuts down) and
 * `/metrics` (Prometheus text, prom-client): the requests, the candidates active by stage, the upload bytes and lag,
 * the time recordings take to finalise, the live-event connections, and Node's own figures. None of it names a
 * person. `/metrics` is open unless EXAMROOM_METRICS_TOKEN is set, then it takes that bearer token.
 *
 * Each app has its own registry (tests run several in one process); the finalisations are heard on the
 * `examroom:recording-finalised` diagnostics channel the finaliser publishes to.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { access, constants } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PROGRESS_STAGES, SESSION_STALE_MS } from '@examroom/core';
import { API_PREFIX, UPLOADS_PATH, errorBodyOf } from '@examroom/adapters/rest';
import type { Repository } from '@examroom/domain';
import { bearerToken } from './http-errors.js';
import { RECORDING_FINALISED_CHANNEL, type RecordingFinalisedMessage } from './recording-finaliser.js';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

export interface OperationsOptions {
  readonly repo: Repository;
  /** Server time (the dev clock in tests): sessions count as active by it. */
  readonly now: () => number;
  /** The directories uploads and recordings are written to: the server is ready only while it can write there. */
  readonly writableDirs: readonly string[];
  /** Live-event connections and views open right now. */
  readonly live: () => { readonly connections: number; readonly liveViews: number };
  /** EXAMROOM_METRICS_TOKEN: when set, `/metrics` answers only `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
}

const UPLOAD_KINDS = ['camera', 'screen', 'phone'] as const;

/**
 * Counts a request answered outside Fastify (the uploads' fast path, uploads.ts) as the onResponse hook counts the
 * others: by method, route pattern and status, its duration, and a PATCH's acknowledged bytes.
 */
export type ObserveRequest = (request: IncomingMessage, route: string, status: number, seconds: number) => void;

export function registerOperations(app: FastifyInstance, options: OperationsOptions): ObserveRequest {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'examroom_' });

  const requests = new Counter({
    name: 'examroom_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'examroom_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const uploadBytes = new Counter({
    name: 'examroom_upload_bytes_total',
    help: 'Recording bytes received by tus PATCH requests that were acknowledged.',
    registers: [registry],
  });
  const finalisation = new Histogram({
    name: 'examroom_recording_finalisation_seconds',
    help: 'Time to finalise a completed recording (hash check, seekable copy), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  new Gauge({
    name: 'examroom_active_candidates',
    help: 'Candidates with a live session (seen within the last 30 s), by stage of the interview.',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      const counts = await options.repo.countActiveCandidatesByStage(options.now() - SESSION_STALE_MS);
      for (const stage of PROGRESS_STAGES) this.set({ stage }, counts[stage] ?? 0);
    },
  });
  new Gauge({
    name: 'examroom_upload_lag_bytes',
    help: 'Bytes recorded but not yet acknowledged, by kind, summed over the latest heartbeat of each candidate (last 30 s).',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const lag = await options.repo.uploadLagByKind(options.now() - SESSION_STALE_MS);
      for (const kind of UPLOAD_KINDS) this.set({ kind }, lag[kind] ?? 0);
    },
  });
  new Gauge({
    name: 'examroom_live_connections',
    help: 'Authenticated live-event WebSocket connections open.',
    registers: [registry],
    collect() {
      this.set(options.live().connections);
    },
  });
  new Gauge({
    name: 'examroom_live_views',
    help: 'Supervisors’ live views (实时画面) open.',
    registers: [registry],
    collect() {
      this.set(options.live().liveViews);
    },
  });

  const uploadPrefix = `${API_PREFIX}${UPLOADS_PATH}/`;
  const observe: ObserveRequest = (request, route, status, seconds) => {
    // The operators' own endpoints are not the service's traffic.
    if (route === METRICS_PATH || route === HEALTH_PATH || route === READY_PATH) return;
    const method = request.method ?? '';
    requests.inc({ method, route, status: String(status) });
    requestSeconds.observe({ method, route }, seconds);
    if (method === 'PATCH' && status === 204 && (request.url ?? '').startsWith(uploadPrefix)) {
      const bytes = Number(request.headers['content-length'] ?? 0);
      if (Number.isFinite(bytes) && bytes > 0) uploadBytes.inc(bytes);
    }
  };
  app.addHook('onResponse', async (request, reply) => observe(request.raw, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000));

  const onFinalised = (message: unknown) => {
    const { seconds, ok } = message as RecordingFinalisedMessage;
    finalisation.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
  };
  subscribe(RECORDING_FINALISED_CHANNEL, onFinalised);
  app.addHook('onClose', async () => void unsubscribe(RECORDING_FINALISED_CHANNEL, onFinalised));

  let closing = false;
  app.addHook('preClose', async () => void (closing = true));

  app.get(HEALTH_PATH, async (_request, reply) => reply.header('Cache-Control', 'no-store').send({ status: 'ok' }));

  app.get(READY_PATH, async (_request, reply) => {
    const checks = { database: await check(() => void options.repo.listExams()), storage: await check(() => Promise.all(options.writableDirs.map((dir) => access(dir, constants.W_OK)))) };
    const ready = !closing && checks.database === 'ok' && checks.storage === 'ok';
    return reply
      .code(ready ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: ready ? 'ready' : 'unavailable', ...(closing ? { closing: true } : {}), checks });
  });

  app.get(METRICS_PATH, async (request, reply) => {
    if (options.metricsToken && bearerToken(request.headers.authorization) !== options.metricsToken) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send(errorBodyOf('UNAUTHENTICATED', request.headers['accept-language']));
    }
    return reply.header('Cache-Control', 'no-store').type(registry.contentType).send(await registry.metrics());
  });

  return observe;
}

async function check(probe: () => unknown): Promise<'ok' | 'failed'> {
  try {
    await probe();
    return 'ok';
  } catch {
    return 'failed';
  }
}
