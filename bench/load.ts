/**
 * `npm run bench -- --only load`: many candidates uploading at once. Each simulated candidate sends two 1 Mbit/s
 * streams (camera and screen) as tus PATCHes of one second each (125 000 bytes), one PATCH at a time per stream on
 * a keep-alive connection of its own, for the given duration, against
 *
 * - examroom: the reference server (bench/load-server-examroom.ts, a child process on a temporary data directory).
 *   Every candidate logs in with their password, enters (POST /me/entry), creates its camera and screen recordings
 *   (POST /me/recordings, which answer the tus upload URLs), asks each upload's offset (HEAD) and then PATCHes with
 *   its bearer token, as the page's upload queue does; once a stream's last chunk is acknowledged it completes the
 *   recording as the page does (HEAD, the PATCH declaring the length, POST /recordings/:id/complete with the length
 *   and SHA-256), all streams at about the same moment, like the end of a sitting;
 * - a bare @tus/server with a @tus/file-store on a plain node:http server (bench/load-server-tus.ts, also a child
 *   process), the same load with no authentication (POST creates each upload with its length; its last PATCH
 *   finishes it). Its HEADs carry no Content-Length, so node:http's client drops the connection after each one and
 *   the stream's first PATCH opens a new one; examroom's say Content-Length: 0 and the connection is kept.
 *
 * A chunk becomes due one second after the previous one (as a recorder's timeslice); a stream whose PATCHes are
 * acknowledged late sends the next due chunk at once. The figure is each PATCH's acknowledgement time, from the
 * request's start to its 204. A failed PATCH counts as an error; the stream then asks the offset again (HEAD) after
 * a second and resends from there, as the page does. The candidates' start times are spread over the first second.
 *
 * Every stream sends the same bytes: a live WebM as MediaRecorder writes it (one Cluster per second of 25 blocks,
 * just under 125 000 bytes a second), made once and sent as slices of one buffer, so that completion walks a real
 * WebM and the load generator does no work per byte. The server's peak memory is its process's VmHWM and its CPU
 * time utime + stime (/proc/<pid>/status and stat); the load generator watches its own event loop too, since a late
 * generator would show as slow acknowledgements.
 *
 * `--load-servers 1,2` runs each count also against several servers behind HAProxy (round robin, as
 * deploy/cluster): examroom's on one throwaway PostgreSQL and one data directory, the bare tus servers on one
 * directory; the figures of several servers are their sums (CPU) and their largest (memory, event loop delay).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { API_PREFIX } from '@examroom/adapters/rest';
import { startHaproxy } from '../packages/server/src/test-support/haproxy.js';
import { startPostgres } from '../packages/server/src/test-support/postgres.js';
import { callApi, type SeededExam } from '../packages/server/src/test-support/server.js';
import { longLiveWebm } from '../packages/server/src/test-support/webm.js';
import type { LoadServerReady, LoadServerRequest, LoadServerStats, LoadTarget } from './load-server.js';

/** One second of a 1 Mbit/s stream: what each PATCH carries. */
export const CHUNK_BYTES = 125_000;
/** Blocks per one-second Cluster of the WebM sent, and their size, so that a second is just under CHUNK_BYTES. */
const FPS = 25;
const FRAME_BYTES = 4_990;
/** A request with no answer after this long fails (the page's tus transport waits as long). */
const REQUEST_TIMEOUT_MS = 60_000;
/** After the recording, how long the streams may take to send what is left and complete before they are given up. */
const DRAIN_LIMIT_MS = 180_000;
/** Acknowledgements slower than this are counted by the second of the run they were sent in (when the server stalls). */
const SLOW_ACK_MS = 250;
/** Candidates logging in and entering at the same time while the sitting is set up (not measured). */
const SETUP_CONCURRENCY = 16;
export const TUS_VERSION = '1.0.0';
const WEBM = 'video/webm;codecs=vp8,opus';

export interface Percentiles {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface Completion {
  /** Each recording's completion as the page waits for it: HEAD, the PATCH declaring the length, POST …/complete. */
  readonly each: Percentiles;
  /** From the moment the last stream's last chunk was due until every recording was completed. */
  readonly allMs: number;
  readonly failed: number;
}

export interface TargetResult {
  readonly target: LoadTarget;
  readonly candidates: number;
  /** Servers behind HAProxy (1: one server, no proxy); the server figures are their sum (CPU) or largest. */
  readonly servers: number;
  readonly streams: number;
  readonly seconds: number;
  /** Acknowledgement times of the PATCHes answered 204. */
  readonly acks: Percentiles;
  readonly acksOver1s: number;
  /** PATCHes acknowledged after more than SLOW_ACK_MS, by the second of the run they were sent in. */
  readonly slowAcksBySecond: Readonly<Record<number, number>>;
  /** Failed requests (PATCH or HEAD: an error status, a broken connection, no answer in time) and failed completions. */
  readonly errors: number;
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Streams that had not sent everything by the drain limit. */
  readonly unfinishedStreams: number;
  readonly bytesAcknowledged: number;
  readonly bytesSent: number;
  /** examroom only. */
  readonly completion?: Completion;
  /** The server process's resident memory (VmRSS) once set up, before the load. */
  readonly serverStartRssBytes: number;
  /** The server process's peak resident memory (VmHWM) over the whole run, set-up included. */
  readonly serverPeakRssBytes: number;
  /** The server process's CPU time (user + system, all threads) during the load and completion. */
  readonly serverCpuS: number;
  /**
   * The server's CPU time while the streams were sending (from the first chunk to when the last one was due: no
   * set-up, no completion) and the PATCHes acknowledged meanwhile. Their ratio, the CPU one PATCH costs, says how many
   * candidates a core holds, whatever else the machine was doing: the capacity the servers are compared by.
   */
  readonly sending: { readonly serverCpuS: number; readonly patches: number };
  /** The server's event loop delay during the load and completion. */
  readonly serverLoopDelayP99Ms: number;
  readonly serverLoopDelayMaxMs: number;
  /** The load generator's CPU time meanwhile (this process, user + system). */
  readonly generatorCpuS: number;
  /** The load generator's own event loop delay meanwhile: a late generator would show as slow acknowledgements. */
  readonly generatorLoopDelayP99Ms: number;
  readonly generatorLoopDelayMaxMs: number;
}

export interface LoadRun {
  readonly candidates: number;
  /** Servers behind HAProxy (1: one server, no proxy). */
  readonly servers: number;
  readonly examroom: TargetResult;
  readonly tus: TargetResult;
}

export interface LoadResult {
  readonly seconds: number;
  readonly chunkBytes: number;
  /** How the server runs: a child process of the bench. */
  readonly server: string;
  readonly runs: readonly LoadRun[];
}

// ---- HTTP: one request at a time on a stream's own keep-alive connection ----

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Request start → response headers. */
  readonly ms: number;
}

export function send(agent: Agent, url: URL, method: string, headers: OutgoingHttpHeaders, body?: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = httpRequest(url, { agent, method, headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      const ms = performance.now() - started;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString('utf8'), ms }));
      response.on('error', reject);
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

const errorKind = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---- the streams ----

/** What a stream needs to upload: its URL, the headers of every request, and for examroom its completion. */
export interface StreamTarget {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly complete?: (agent: Agent) => Promise<void>;
}

/** Everything measured, shared by the streams of one target. */
class Tally {
  readonly acks: number[] = [];
  acksOver1s = 0;
  readonly slowAcksBySecond: Record<number, number> = {};
  errors = 0;
  readonly errorKinds: Record<string, number> = {};
  bytesAcknowledged = 0;
  bytesSent = 0;
  unfinished = 0;
  readonly completions: number[] = [];
  completionsFailed = 0;
  lastCompletedAt = 0;

  constructor(private readonly begin: number) {}

  ack(ms: number): void {
    this.acks.push(ms);
    if (ms > 1_000) this.acksOver1s += 1;
    if (ms > SLOW_ACK_MS) {
      const second = Math.floor((performance.now() - ms - this.begin) / 1_000);
      this.slowAcksBySecond[second] = (this.slowAcksBySecond[second] ?? 0) + 1;
    }
  }

  error(kind: string): void {
    this.errors += 1;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  }
}

/** The server's offset of the upload (HEAD), asked until it answers or the deadline passes. */
async function offsetOf(agent: Agent, target: StreamTarget, tally: Tally, deadline: number): Promise<number | null> {
  while (performance.now() < deadline) {
    try {
      const reply = await send(agent, target.url, 'HEAD', { 'Tus-Resumable': TUS_VERSION, ...target.headers });
      const offset = Number(reply.headers['upload-offset']);
      if (reply.status === 200 && Number.isSafeInteger(offset)) return offset;
      tally.error(`HEAD ${reply.status}`);
    } catch (error) {
      tally.error(`HEAD ${errorKind(error)}`);
    }
    await sleep(1_000);
  }
  return null;
}

/**
 * One stream: chunk k (the recording's bytes up to (k + 1) × CHUNK_BYTES, the last one to its end) is due at
 * `startAt + (k + 1) s`; each is sent as one PATCH once it is due and the previous one was acknowledged.
 */
async function runStream(target: StreamTarget, recording: Buffer, startAt: number, seconds: number, deadline: number, tally: Tally): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await sleep(startAt - performance.now());
    let offset = await offsetOf(agent, target, tally, deadline);
    for (let k = 0; k < seconds && offset !== null; k++) {
      const end = k === seconds - 1 ? recording.length : Math.min(recording.length, (k + 1) * CHUNK_BYTES);
      await sleep(startAt + (k + 1) * 1_000 - performance.now());
      while (offset !== null && offset < end) {
        if (performance.now() > deadline) offset = null;
        else offset = await patch(agent, target, recording.subarray(offset, end), offset, deadline, tally);
      }
    }
    if (offset !== recording.length) {
      tally.unfinished += 1;
      return;
    }
    if (target.complete) {
      const started = performance.now();
      try {
        await target.complete(agent);
        tally.completions.push(performance.now() - started);
        tally.lastCompletedAt = Math.max(tally.lastCompletedAt, performance.now());
      } catch (error) {
        tally.completionsFailed += 1;
        tally.error(`complete: ${errorKind(error)}`);
      }
    }
  } finally {
    agent.destroy();
  }
}

/** One PATCH of `bytes` at `offset`: the new offset, or after a failure the server's (asked again after a second). */
async function patch(agent: Agent, target: StreamTarget, bytes: Buffer, offset: number, deadline: number, tally: Tally): Promise<number | null> {
  tally.bytesSent += bytes.length;
  try {
    const reply = await send(
      agent,
      target.url,
      'PATCH',
      { 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', ...target.headers },
      bytes,
    );
    const next = Number(reply.headers['upload-offset']);
    if (reply.status === 204 && Number.isSafeInteger(next)) {
      tally.ack(reply.ms);
      tally.bytesAcknowledged += next - offset;
      return next;
    }
    tally.error(`PATCH ${reply.status}`);
  } catch (error) {
    tally.error(`PATCH ${errorKind(error)}`);
  }
  await sleep(1_000);
  return offsetOf(agent, target, tally, deadline);
}

// ---- the targets ----

/** The sitting's candidates log in, enter and create their two recordings each (not measured). */
export async function examroomStreams(baseUrl: string, exam: SeededExam, recording: Buffer): Promise<StreamTarget[]> {
  const sha256 = createHash('sha256').update(recording).digest('hex');
  const totalBytes = recording.length;
  const streams: StreamTarget[] = [];
  const candidateStreams = async (index: number): Promise<StreamTarget[]> => {
    const candidate = exam.candidates[index]!;
    const { token } = await callApi<{ token: string }>(baseUrl, 'POST', '/sessions/password', {
      body: { examId: exam.examId, idNumber: candidate.idNumber, password: candidate.password, deviceKey: `load-device-${index}` },
    });
    await callApi(baseUrl, 'POST', '/me/entry', { token });
    const headers = { Authorization: `Bearer ${token}` };
    return Promise.all(
      (['camera', 'screen'] as const).map(async (kind) => {
        const { recordingId, uploadUrl } = await callApi<{ recordingId: string; uploadUrl: string }>(baseUrl, 'POST', '/me/recordings', {
          token,
          body: { kind, mimeType: WEBM },
        });
        const url = new URL(uploadUrl);
        const complete = async (agent: Agent) => {
          // As the page's tus transport finishes: the offset, the length declared, then the completion.
          const state = await send(agent, url, 'HEAD', { 'Tus-Resumable': TUS_VERSION, ...headers });
          if (Number(state.headers['upload-offset']) !== totalBytes) throw new Error(`HEAD ${state.status}: offset ${state.headers['upload-offset']}`);
          const declared = await send(
            agent,
            url,
            'PATCH',
            { 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(totalBytes), 'Upload-Length': String(totalBytes), 'Content-Type': 'application/offset+octet-stream', ...headers },
            Buffer.alloc(0),
          );
          if (declared.status !== 204) throw new Error(`declaring the length: ${declared.status}`);
          const completed = await send(
            agent,
            new URL(`${API_PREFIX}/recordings/${recordingId}/complete`, baseUrl),
            'POST',
            { 'Content-Type': 'application/json', ...headers },
            JSON.stringify({ totalBytes, sha256 }),
          );
          if (completed.status !== 200) throw new Error(`POST complete ${completed.status} ${completed.body.slice(0, 200)}`);
        };
        return { url, headers, complete };
      }),
    );
  };
  for (let first = 0; first < exam.candidates.length; first += SETUP_CONCURRENCY) {
    const batch = exam.candidates.slice(first, first + SETUP_CONCURRENCY).map((_, i) => candidateStreams(first + i));
    for (const pair of await Promise.all(batch)) streams.push(...pair);
  }
  return streams;
}

/** One upload per stream on the bare tus server, created with its length (not measured). */
async function bareTusStreams(creationUrl: string, candidates: number, recording: Buffer): Promise<StreamTarget[]> {
  const agent = new Agent({ keepAlive: true });
  try {
    return await Promise.all(
      Array.from({ length: candidates * 2 }, async () => {
        const reply = await send(agent, new URL(creationUrl), 'POST', { 'Tus-Resumable': TUS_VERSION, 'Upload-Length': String(recording.length) });
        if (reply.status !== 201 || typeof reply.headers.location !== 'string') throw new Error(`tus creation: ${reply.status}`);
        return { url: new URL(reply.headers.location, creationUrl), headers: {} };
      }),
    );
  } finally {
    agent.destroy();
  }
}

// ---- the server process ----

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly ready: LoadServerReady;
  tell(request: LoadServerRequest): void;
  stats(): Promise<LoadServerStats>;
  close(): Promise<void>;
}

/** The bundled server entries (bench/load-server-examroom.ts and bench/load-server-tus.ts). */
export type LoadServers = Readonly<Record<LoadTarget, string>>;

export async function startServerProcess(script: string, target: LoadTarget, candidates: number, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = fork(script, [String(candidates)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<LoadServerReady>((resolve, reject) => {
    child.once('message', (message: LoadServerReady) => resolve(message));
    child.once('exit', (code) => reject(new Error(`the ${target} server stopped before it was ready (exit code ${code})`)));
  });
  const tell = (request: LoadServerRequest) => void child.send(request);
  return {
    child,
    ready,
    tell,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (message: LoadServerStats) => resolve(message));
        tell({ type: 'stats' });
      }),
    async close() {
      if (child.exitCode === null) tell({ type: 'close' });
      await exited;
    },
  };
}

/** A field of /proc/<pid>/status in bytes (they are given in kB). */
export function procStatusBytes(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : Number.NaN;
}

/** utime + stime of /proc/<pid>/stat, in seconds (clock ticks of 1/100 s, Linux's USER_HZ). */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line; after the command's ')' comes field 3 (the state).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

/** The recording every stream sends: a live WebM of `seconds` one-second Clusters, each just under CHUNK_BYTES. */
export function loadRecording(seconds: number): Buffer {
  const recording = longLiveWebm(seconds, FPS, FRAME_BYTES);
  if (recording.length > seconds * CHUNK_BYTES) throw new Error(`the recording is ${recording.length} B, more than ${seconds} chunks`);
  return recording;
}

/** The server(s) a run loads: one process, or several behind HAProxy sharing a database and a directory. */
interface Deployment {
  readonly ready: LoadServerReady;
  readonly pids: readonly number[];
  tell(request: LoadServerRequest): void;
  stats(): Promise<LoadServerStats>;
  close(): Promise<void>;
}

async function deploy(scripts: LoadServers, target: LoadTarget, candidates: number, servers: number): Promise<Deployment> {
  if (servers === 1) {
    const server = await startServerProcess(scripts[target], target, candidates);
    return { ready: server.ready, pids: [server.child.pid!], tell: server.tell, stats: () => server.stats(), close: () => server.close() };
  }
  const directory = mkdtempSync(join(tmpdir(), 'examroom-load-cluster-'));
  const postgres = target === 'examroom' ? await startPostgres() : null;
  const env: NodeJS.ProcessEnv = { EXAMROOM_LOAD_DIR: directory, ...(postgres ? { EXAMROOM_DATABASE_URL: await postgres.freshSchema() } : {}) };
  const started: ServerProcess[] = [];
  try {
    // The first seeds the exam (on the shared database); the others find it.
    for (let i = 0; i < servers; i += 1) started.push(await startServerProcess(scripts[target], target, i === 0 ? candidates : 0, env));
    const proxy = await startHaproxy(
      started.map((server) => ({ host: '127.0.0.1', port: Number(new URL(server.ready.baseUrl).port) })),
      { checkIntervalMs: 1_000 },
    );
    const first = started[0]!.ready;
    return {
      ready: { ...first, baseUrl: proxy.url, ...(first.creationUrl ? { creationUrl: `${proxy.url}${new URL(first.creationUrl).pathname}` } : {}) },
      pids: started.map((server) => server.child.pid!),
      tell: (request) => started.forEach((server) => server.tell(request)),
      async stats() {
        const all = await Promise.all(started.map((server) => server.stats()));
        const largest = (field: Exclude<keyof LoadServerStats, 'type'>) => Math.max(...all.map((s) => s[field]));
        return {
          type: 'stats',
          loopDelayP99Ms: largest('loopDelayP99Ms'),
          loopDelayMaxMs: largest('loopDelayMaxMs'),
          timeAnsweredP99Ms: largest('timeAnsweredP99Ms'),
          timeAnsweredMaxMs: largest('timeAnsweredMaxMs'),
        };
      },
      async close() {
        await proxy.stop();
        await Promise.all(started.map((server) => server.close()));
        await postgres?.stop();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    await postgres?.stop();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

async function runTarget(
  scripts: LoadServers,
  target: LoadTarget,
  candidates: number,
  servers: number,
  seconds: number,
  recording: Buffer,
  log: (message: string) => void,
): Promise<TargetResult> {
  // What the previous run left for the kernel to write back would otherwise be written during this one.
  execFileSync('sync');
  const setupStarted = performance.now();
  const server = await deploy(scripts, target, candidates, servers);
  try {
    const { ready } = server;
    const streams =
      target === 'examroom' ? await examroomStreams(ready.baseUrl, ready.exam!, recording) : await bareTusStreams(ready.creationUrl!, candidates, recording);
    const name = servers === 1 ? target : `${servers} ${target} servers behind HAProxy`;
    log(`  ${name}, ${candidates} candidates: set up in ${secs(performance.now() - setupStarted)}${target === 'examroom' ? ' (seeded, logged in, entered, recordings created)' : ''}`);
    const largest = (field: string) => Math.max(...server.pids.map((pid) => procStatusBytes(pid, field)));
    const cpuOf = () => server.pids.reduce((sum, pid) => sum + procCpuSeconds(pid), 0);
    const startRss = largest('VmRSS');
    const begin = performance.now() + 100;
    const tally = new Tally(begin);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    server.tell({ type: 'measure' });
    loop.enable();
    const cpuBefore = cpuOf();
    const generatorCpuBefore = process.cpuUsage();
    const deadline = begin + 1_000 + seconds * 1_000 + DRAIN_LIMIT_MS;
    // The streams' starts spread evenly over the first second.
    const startAt = (i: number) => begin + (i * 1_000) / streams.length;
    const lastDue = startAt(streams.length - 1) + seconds * 1_000;
    let sending: TargetResult['sending'] | undefined;
    const sendingEnds = setTimeout(() => {
      sending = { serverCpuS: cpuOf() - cpuBefore, patches: tally.acks.length };
    }, lastDue - performance.now());
    const progress = setInterval(() => {
      const elapsed = Math.round((performance.now() - begin) / 1_000);
      if (elapsed <= seconds) log(`  ${target} ${elapsed}/${seconds} s: ${tally.acks.length} PATCHes acknowledged, ${tally.acksOver1s} over 1 s, ${tally.errors} errors`);
    }, 10_000);
    try {
      await Promise.all(streams.map((stream, i) => runStream(stream, recording, startAt(i), seconds, deadline, tally)));
    } finally {
      clearInterval(progress);
      clearTimeout(sendingEnds);
      loop.disable();
    }
    const cpu = cpuOf() - cpuBefore;
    // Streams that ended before the last chunk was due (a very short run) stop the count there.
    sending ??= { serverCpuS: cpu, patches: tally.acks.length };
    const generatorCpu = process.cpuUsage(generatorCpuBefore);
    const serverLoop = await server.stats();
    const peakRss = largest('VmHWM');
    const result: TargetResult = {
      target,
      candidates,
      servers,
      streams: streams.length,
      seconds,
      acks: percentiles(tally.acks),
      acksOver1s: tally.acksOver1s,
      slowAcksBySecond: tally.slowAcksBySecond,
      errors: tally.errors,
      errorKinds: tally.errorKinds,
      unfinishedStreams: tally.unfinished,
      bytesAcknowledged: tally.bytesAcknowledged,
      bytesSent: tally.bytesSent,
      ...(target === 'examroom'
        ? { completion: { each: percentiles(tally.completions), allMs: tally.lastCompletedAt - lastDue, failed: tally.completionsFailed } }
        : {}),
      serverStartRssBytes: startRss,
      serverPeakRssBytes: peakRss,
      serverCpuS: cpu,
      sending,
      serverLoopDelayP99Ms: serverLoop.loopDelayP99Ms,
      serverLoopDelayMaxMs: serverLoop.loopDelayMaxMs,
      generatorCpuS: (generatorCpu.user + generatorCpu.system) / 1e6,
      generatorLoopDelayP99Ms: loop.percentile(99) / 1e6,
      generatorLoopDelayMaxMs: loop.max / 1e6,
    };
    log(describe(result));
    return result;
  } finally {
    await server.close();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '—');
/** Milliseconds under a second, seconds above. */
const secs = (value: number) => (!Number.isFinite(value) ? '—' : value < 1_000 ? ms(value) : `${(value / 1000).toFixed(1)} s`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

function describe(r: TargetResult): string {
  const kinds = Object.entries(r.errorKinds).map(([kind, count]) => `${count}× ${kind}`);
  const lines = [
    `  ${r.target}${r.servers > 1 ? ` × ${r.servers} behind HAProxy` : ''}, ${r.candidates} candidates (${r.streams} streams, ${r.seconds} s): ${r.acks.count} PATCHes acknowledged, p50 ${ms(r.acks.p50Ms)}, ` +
      `p95 ${ms(r.acks.p95Ms)}, p99 ${ms(r.acks.p99Ms)}, max ${ms(r.acks.maxMs)}; ${r.acksOver1s} over 1 s; ${r.errors} errors${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}` +
      `${r.unfinishedStreams > 0 ? `; ${r.unfinishedStreams} streams unfinished` : ''}`,
  ];
  const slow = Object.entries(r.slowAcksBySecond);
  if (slow.length > 0) lines.push(`    acknowledgements over ${SLOW_ACK_MS} ms by second of the run: ${slow.map(([second, count]) => `${second} s: ${count}`).join(', ')}`);
  if (r.completion) {
    const c = r.completion;
    lines.push(
      `    completion of ${c.each.count} recordings: p50 ${secs(c.each.p50Ms)}, p99 ${secs(c.each.p99Ms)}, max ${secs(c.each.maxMs)}; ` +
        `all completed ${secs(c.allMs)} after the last chunk was due${c.failed > 0 ? `; ${c.failed} failed` : ''}`,
    );
  }
  lines.push(
    `    server: RSS ${mb(r.serverStartRssBytes)} before the load, peak ${mb(r.serverPeakRssBytes)}; CPU ${r.serverCpuS.toFixed(1)} s (${r.sending.serverCpuS.toFixed(1)} s while sending: ${cpuPerPatch(r).toFixed(2)} ms per PATCH), event loop delay p99 ${ms(r.serverLoopDelayP99Ms)}, max ${ms(r.serverLoopDelayMaxMs)}; ` +
      `load generator: CPU ${r.generatorCpuS.toFixed(1)} s, event loop delay p99 ${ms(r.generatorLoopDelayP99Ms)}, max ${ms(r.generatorLoopDelayMaxMs)}`,
  );
  return lines.join('\n');
}

/**
 * For each count of candidates, examroom then the bare tus server on the same load, each in a fresh server process
 * on a fresh directory, after a sync(1).
 */
export async function load(scripts: LoadServers, counts: readonly number[], seconds: number, log: (message: string) => void, servers: readonly number[] = [1]): Promise<LoadResult> {
  log(
    `load: ${counts.join(', ')} candidates × 2 streams × 1 Mbit/s (${CHUNK_BYTES} B PATCHes every second) for ${seconds} s, examroom then a bare tus server` +
      `${servers.some((n) => n > 1) ? `, on ${servers.join(' and ')} server(s) (several: behind HAProxy)` : ''}`,
  );
  const recording = loadRecording(seconds);
  const runs: LoadRun[] = [];
  for (const candidates of counts) {
    for (const count of servers) {
      const examroom = await runTarget(scripts, 'examroom', candidates, count, seconds, recording, log);
      const tus = await runTarget(scripts, 'tus', candidates, count, seconds, recording, log);
      runs.push({ candidates, servers: count, examroom, tus });
    }
  }
  return { seconds, chunkBytes: CHUNK_BYTES, server: 'child processes of the bench (each its own event loop; peak RSS from /proc/<pid>/status VmHWM)', runs };
}

const withOver = (r: TargetResult) => `${ms(r.acks.p99Ms)}${r.acksOver1s > 0 ? ` (${r.acksOver1s} over 1 s)` : ''}`;
const errorsOf = (r: TargetResult) => String(r.errors + r.unfinishedStreams);
/** The server's CPU milliseconds per PATCH acknowledged while the streams were sending. */
export const cpuPerPatch = (r: TargetResult) => (r.sending.serverCpuS * 1_000) / Math.max(1, r.sending.patches);

/** The side-by-side table: one row per count of candidates. */
export function loadRows(result: LoadResult): string[][] {
  const rows = [
    [
      'candidates',
      'servers',
      `examroom p99 ack`,
      `bare tus p99 ack`,
      'examroom ÷ bare tus',
      'CPU per PATCH examroom / bare tus',
      'capacity vs bare tus',
      'examroom completion p99 / max',
      'errors examroom / bare tus',
      'peak RSS examroom / bare tus',
    ],
  ];
  for (const run of result.runs) {
    const { examroom: e, tus: t } = run;
    rows.push([
      String(run.candidates),
      run.servers === 1 ? '1' : `${run.servers} + HAProxy`,
      withOver(e),
      withOver(t),
      `${(e.acks.p99Ms / t.acks.p99Ms).toFixed(1)}×`,
      `${cpuPerPatch(e).toFixed(2)} / ${cpuPerPatch(t).toFixed(2)} ms`,
      `${Math.round((100 * cpuPerPatch(t)) / cpuPerPatch(e))} %`,
      e.completion ? `${secs(e.completion.each.p99Ms)} / ${secs(e.completion.each.maxMs)}` : '',
      `${errorsOf(e)} / ${errorsOf(t)}`,
      `${mb(e.serverPeakRssBytes)} / ${mb(t.serverPeakRssBytes)}`,
    ]);
  }
  return rows;
}
