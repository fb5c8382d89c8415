/**
 * The login burst: does a burst of concurrent password logins stall the server? Probes
 * `GET /api/v1/time` at a steady rate, at rest and while every candidate of a sitting logs in at once, and reports
 * the latency percentiles of the probes. The same burst is then repeated with the password check made synchronous
 * (scryptSync, as the server hashed before), the baseline.
 *
 * The load comes from a worker thread with its own event loop, so that the probes' timers and the 300 requests do
 * not run on the server's loop they measure. The probes are sent open-loop (one every PROBE_INTERVAL_MS whatever
 * is outstanding), so a stalled server shows as the time each probe waited, not as fewer probes.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { seedExam, type SeededExam } from '../packages/server/src/test-support/server.js';
import type { BenchServer } from './server.js';

const PROBE_INTERVAL_MS = 20;
const REST_MS = 5_000;

export interface LatencySummary {
  readonly count: number;
  /** Probes that got no answer (counted apart, not in the percentiles). */
  readonly failed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface BurstResult {
  /** The probes while every login was outstanding. */
  readonly probes: LatencySummary;
  /** From the first login sent until the last one answered. */
  readonly burstMs: number;
  /** Statuses of the logins, by status. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The server's event loop delay meanwhile (perf_hooks.monitorEventLoopDelay), p99 and max. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
}

export interface LoginsResult {
  readonly logins: number;
  readonly rest: LatencySummary;
  /** examroom: scrypt on libuv's thread pool. */
  readonly asynchronous: BurstResult;
  /** The baseline: the same check with scryptSync on the event loop. */
  readonly synchronous: BurstResult;
}

interface WorkerRequest {
  readonly baseUrl: string;
  readonly mode: 'rest' | 'burst';
  readonly restMs: number;
  readonly intervalMs: number;
  readonly bodies: readonly string[];
}

interface WorkerAnswer {
  readonly latencies: number[];
  readonly failures: string[];
  readonly burstMs: number;
  readonly statuses: Record<string, number>;
}

/** The load generator, run as a worker from source text (the bench is one bundled file). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { baseUrl, mode, restMs, intervalMs, bodies } = workerData;
const latencies = [];
const failures = [];
const pending = new Set();
function probe() {
  const started = performance.now();
  const request = fetch(baseUrl + '/api/v1/time').then((r) => r.arrayBuffer()).then(
    () => latencies.push(performance.now() - started),
    (error) => failures.push(String(error && error.cause ? error.cause.code || error.cause.message : error)),
  );
  pending.add(request);
  request.finally(() => pending.delete(request));
}
(async () => {
  const timer = setInterval(probe, intervalMs);
  let burstMs = 0;
  const statuses = {};
  if (mode === 'rest') {
    await new Promise((resolve) => setTimeout(resolve, restMs));
  } else {
    const started = performance.now();
    await Promise.all(bodies.map(async (body) => {
      const response = await fetch(baseUrl + '/api/v1/sessions/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] || 0) + 1;
    }));
    burstMs = performance.now() - started;
  }
  clearInterval(timer);
  await Promise.all([...pending]);
  parentPort.postMessage({ latencies, failures, burstMs, statuses });
})();
`;

function runWorker(request: WorkerRequest): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: request });
    worker.once('message', (answer: WorkerAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function summary(answer: WorkerAnswer): LatencySummary {
  const sorted = [...answer.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, failed: answer.failures.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] ?? NaN };
}

/** What the server did before: scrypt with the same parameters, synchronously on the event loop. */
function synchronousVerify(password: string, stored: string): Promise<boolean> {
  const [kind, N, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, 'base64');
  const n = Number(N);
  const key = scryptSync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, { N: n, r: Number(r), p: Number(p), maxmem: 256 * n * Number(r) + 1024 * 1024 });
  return Promise.resolve(timingSafeEqual(key, expected));
}

function loginBodies(exam: SeededExam, round: string): string[] {
  return exam.candidates.map((c, i) => JSON.stringify({ examId: exam.examId, idNumber: c.idNumber, password: c.password, deviceKey: `bench-${round}-device-${i}` }));
}

async function burst(server: BenchServer, bodies: readonly string[]): Promise<BurstResult> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const answer = await runWorker({ baseUrl: server.baseUrl, mode: 'burst', restMs: 0, intervalMs: PROBE_INTERVAL_MS, bodies });
  loop.disable();
  if (answer.failures.length > 0) console.error(`  probes without an answer: ${[...new Set(answer.failures)].join(', ')}`);
  return { probes: summary(answer), burstMs: answer.burstMs, statuses: answer.statuses, loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6 };
}

const describeBurst = (what: string, count: number, b: BurstResult) =>
  `  ${what}: ${count} logins in ${(b.burstMs / 1000).toFixed(2)} s ${JSON.stringify(b.statuses)}; ${b.probes.count} probes, p50 ` +
  `${b.probes.p50Ms.toFixed(1)} ms, p99 ${b.probes.p99Ms.toFixed(1)} ms, max ${b.probes.maxMs.toFixed(1)} ms, ${b.probes.failed} unanswered; ` +
  `server event loop delay p99 ${b.loopDelayP99Ms.toFixed(1)} ms, max ${b.loopDelayMaxMs.toFixed(1)} ms`;

export async function loginBurst(server: BenchServer, count: number, log: (message: string) => void): Promise<LoginsResult> {
  log(`logins: ${count} candidates of one sitting log in at once; GET /api/v1/time probed every ${PROBE_INTERVAL_MS} ms`);
  // A sitting of its own for each burst: a candidate still online from the first burst's device would be refused
  // another device (R6).
  const [first, second] = [await seedExam(server, count), await seedExam(server, count)];
  const rest = await runWorker({ baseUrl: server.baseUrl, mode: 'rest', restMs: REST_MS, intervalMs: PROBE_INTERVAL_MS, bodies: [] });
  const atRest = summary(rest);
  log(`  at rest: ${atRest.count} probes, p50 ${atRest.p50Ms.toFixed(1)} ms, p99 ${atRest.p99Ms.toFixed(1)} ms`);

  const asynchronous = await burst(server, loginBodies(first, 'a'));
  log(describeBurst('asynchronous scrypt', count, asynchronous));

  const { crypto } = server.app.examroom;
  const verify = crypto.verifyPassword;
  crypto.verifyPassword = synchronousVerify;
  let synchronous: BurstResult;
  try {
    synchronous = await burst(server, loginBodies(second, 'b'));
  } finally {
    crypto.verifyPassword = verify;
  }
  log(describeBurst('synchronous scrypt', count, synchronous));
  return { logins: count, rest: atRest, asynchronous, synchronous };
}
