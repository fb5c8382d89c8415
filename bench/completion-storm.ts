/**
 * `npm run bench -- --only load --completion-storm 400`: the end of a sitting, when every recording completes at
 * once. The examroom server (the load scenario's child process, bench/load-server-examroom.ts) gets 200 candidates'
 * camera and screen recordings (a live WebM of `seconds` one-second Clusters each, uploaded whole beforehand, not
 * measured); then all 400 streams complete at the same moment as the page does (HEAD, the PATCH declaring the length,
 * POST /recordings/:id/complete), while `GET /api/v1/time` is probed every PROBE_INTERVAL_MS from a process of its
 * own (open-loop: a stalled server shows as the time each probe waited). The figures: the probes' p99 and
 * longest wait during the storm, how long the completions took, and the server's peak memory (VmHWM).
 */
import { Agent } from 'node:http';
import { spawn } from 'node:child_process';
import {
  TUS_VERSION,
  examroomStreams,
  loadRecording,
  percentiles,
  procStatusBytes,
  send,
  startServerProcess,
  type LoadServers,
  type Percentiles,
  type StreamTarget,
} from './load.js';

const PROBE_INTERVAL_MS = 20;
/** Each recording goes up in PATCHes of this size, this many uploads at a time (the set-up, not measured). */
const SETUP_PATCH_BYTES = 1024 * 1024;
const SETUP_CONCURRENCY = 16;

export interface CompletionStormResult {
  readonly recordings: number;
  readonly seconds: number;
  readonly recordingBytes: number;
  /** GET /api/v1/time while the completions ran. */
  readonly probes: Percentiles & { readonly unanswered: number };
  /** The same probes, at the same moments, to an HTTP server that does nothing else (a process of its own). */
  readonly controlProbes: Percentiles;
  readonly proberLoopMaxMs: number;
  /** Each completion as the page waits for it, and from the first sent until the last answered. */
  readonly each: Percentiles;
  readonly allMs: number;
  readonly failed: number;
  readonly serverRssBeforeBytes: number;
  readonly serverPeakRssBytes: number;
  /** The server's own event loop delay meanwhile: what the probes waited for on the server, not on the machine. */
  readonly serverLoopDelayP99Ms: number;
  readonly serverLoopDelayMaxMs: number;
  /** GET /time inside the server: from its request parsed to its response sent (what of the probes' wait is the server's). */
  readonly serverTimeAnsweredP99Ms: number;
  readonly serverTimeAnsweredMaxMs: number;
}

/**
 * The prober, a process of its own run from source text (the bench is one bundled file): its timers and its waits
 * share neither an event loop nor a process with the load generator, which drives hundreds of completions meanwhile.
 * Probes until told to stop, then answers what it measured.
 */
const PROBER_SOURCE = `
const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const urls = [process.env.PROBE_URL, process.env.CONTROL_URL];
// As a page's requests: kept-alive connections, at most six to a server (a browser's limit for HTTP/1.1).
const agents = urls.map(() => new http.Agent({ keepAlive: true, maxSockets: 6 }));
const latencies = [[], []];
let unanswered = 0;
const pending = new Set();
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
function probe(i) {
  const started = performance.now();
  const request = new Promise((resolve) => {
    const req = http.get(urls[i], { agent: agents[i] }, (response) => {
      response.resume();
      response.on('end', () => {
        const ms = performance.now() - started;
        latencies[i].push(ms);
        resolve();
      });
    });
    req.on('error', () => { unanswered++; resolve(); });
  });
  pending.add(request);
  request.finally(() => pending.delete(request));
}
const timer = setInterval(() => urls.forEach((url, i) => probe(i)), Number(process.env.PROBE_INTERVAL_MS));
process.once('message', async () => {
  clearInterval(timer);
  await Promise.all([...pending]);
  loop.disable();
  process.send({ latencies: latencies[0], control: latencies[1], unanswered, loopMaxMs: loop.max / 1e6 }, () => process.exit(0));
});
`;

/** The control: an HTTP server that does nothing else, a process of its own on the same machine, probed beside the server. */
const CONTROL_SOURCE = `
const server = require('node:http').createServer((request, response) => response.end('{}'));
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

interface ProberAnswer {
  readonly latencies: number[];
  /** The same probes to the control server: what the machine alone makes a probe wait. */
  readonly control: number[];
  readonly unanswered: number;
  /** The prober's own longest event-loop stall. */
  readonly loopMaxMs: number;
}

async function startProber(url: string): Promise<() => Promise<ProberAnswer>> {
  const control = spawn(process.execPath, ['-e', CONTROL_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    control.once('message', (answer) => resolve(Number(answer)));
    control.once('error', reject);
  });
  const prober = spawn(process.execPath, ['-e', PROBER_SOURCE], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, PROBE_URL: url, CONTROL_URL: `http://127.0.0.1:${port}/`, PROBE_INTERVAL_MS: String(PROBE_INTERVAL_MS) },
  });
  return () =>
    new Promise<ProberAnswer>((resolve, reject) => {
      prober.once('message', (answer: ProberAnswer) => resolve(answer));
      prober.once('error', reject);
      prober.once('exit', (code) => reject(new Error(`the prober stopped (exit code ${code})`)));
      prober.send('stop');
    }).finally(() => control.kill());
}

/** Uploads the whole recording to one stream's upload (not measured), on the connection it then completes on. */
async function uploadWhole(stream: StreamTarget, agent: Agent, recording: Buffer): Promise<void> {
  for (let offset = 0; offset < recording.length; ) {
    const end = Math.min(recording.length, offset + SETUP_PATCH_BYTES);
    const reply = await send(
      agent,
      stream.url,
      'PATCH',
      { 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', ...stream.headers },
      recording.subarray(offset, end),
    );
    if (reply.status !== 204) throw new Error(`set-up PATCH ${reply.status} ${reply.body.slice(0, 200)}`);
    offset = end;
  }
}

export async function completionStorm(scripts: LoadServers, recordings: number, seconds: number, log: (message: string) => void): Promise<CompletionStormResult> {
  const candidates = Math.ceil(recordings / 2);
  const recording = loadRecording(seconds);
  log(`completion storm: ${candidates * 2} recordings of ${seconds} s (${(recording.length / 1e6).toFixed(1)} MB each) completed at once; GET /api/v1/time probed every ${PROBE_INTERVAL_MS} ms`);
  const setupStarted = performance.now();
  const server = await startServerProcess(scripts.examroom, 'examroom', candidates);
  try {
    const streams = await examroomStreams(server.ready.baseUrl, server.ready.exam!, recording);
    // Each stream keeps its connection from its upload to its completion, as a page does: at a sitting's end the
    // completions come on connections open since the recording began. (node:http's client keeps it after the HEAD
    // only because examroom's HEADs say Content-Length: 0; the bare tus server's do not, and there it reconnects.)
    const agents = streams.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
    for (let first = 0; first < streams.length; first += SETUP_CONCURRENCY) {
      await Promise.all(streams.slice(first, first + SETUP_CONCURRENCY).map((stream, i) => uploadWhole(stream, agents[first + i]!, recording)));
    }
    log(`  set up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (seeded, logged in, entered, ${streams.length} recordings uploaded)`);
    const pid = server.child.pid!;
    const rssBefore = procStatusBytes(pid, 'VmRSS');
    server.tell({ type: 'measure' });
    const stopProbing = await startProber(`${server.ready.baseUrl}/api/v1/time`);
    // A moment of probes at rest first, then every completion at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const each: number[] = [];
    let failed = 0;
    const stormStarted = performance.now();
    await Promise.all(
      streams.map(async (stream, i) => {
        const agent = agents[i]!;
        const started = performance.now();
        try {
          await stream.complete!(agent);
          each.push(performance.now() - started);
        } catch (error) {
          failed += 1;
          if (failed <= 3) log(`  completion failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          agent.destroy();
        }
      }),
    );
    const allMs = performance.now() - stormStarted;
    const probes = await stopProbing();
    const stats = await server.stats();
    const result: CompletionStormResult = {
      recordings: streams.length,
      seconds,
      recordingBytes: recording.length,
      probes: { ...percentiles(probes.latencies), unanswered: probes.unanswered },
      controlProbes: percentiles(probes.control),
      proberLoopMaxMs: probes.loopMaxMs,
      each: percentiles(each),
      allMs,
      failed,
      serverRssBeforeBytes: rssBefore,
      serverPeakRssBytes: procStatusBytes(pid, 'VmHWM'),
      serverLoopDelayP99Ms: stats.loopDelayP99Ms,
      serverLoopDelayMaxMs: stats.loopDelayMaxMs,
      serverTimeAnsweredP99Ms: stats.timeAnsweredP99Ms,
      serverTimeAnsweredMaxMs: stats.timeAnsweredMaxMs,
    };
    log(
      `  ${result.recordings} completions answered in ${(allMs / 1000).toFixed(1)} s (each p50 ${(result.each.p50Ms / 1000).toFixed(1)} s, max ${(result.each.maxMs / 1000).toFixed(1)} s)` +
        `${failed > 0 ? `, ${failed} failed` : ''}; GET /time ${result.probes.count} probes p50 ${result.probes.p50Ms.toFixed(1)} ms, p99 ${result.probes.p99Ms.toFixed(1)} ms, ` +
        `max ${result.probes.maxMs.toFixed(1)} ms, ${result.probes.unanswered} unanswered (an idle HTTP server beside it: p99 ${result.controlProbes.p99Ms.toFixed(1)} ms, max ${result.controlProbes.maxMs.toFixed(1)} ms; the prober's own longest stall ${result.proberLoopMaxMs.toFixed(0)} ms); server RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(result.serverPeakRssBytes / 1e6).toFixed(0)} MB; ` +
        `event loop delay p99 ${result.serverLoopDelayP99Ms.toFixed(0)} ms, longest stall ${result.serverLoopDelayMaxMs.toFixed(0)} ms; ` +
        `GET /time inside the server (parsed → answered) p99 ${result.serverTimeAnsweredP99Ms.toFixed(1)} ms, max ${result.serverTimeAnsweredMaxMs.toFixed(1)} ms`,
    );
    return result;
  } finally {
    await server.close();
  }
}

/** The storm's rows for the bench's table. */
export function completionStormRows(r: CompletionStormResult): string[][] {
  const what = `completion storm: ${r.recordings} recordings of ${r.seconds} s completed at once`;
  return [
    [`${what}: GET /time p99 / max meanwhile`, `${r.probes.p99Ms.toFixed(0)} ms / ${r.probes.maxMs.toFixed(0)} ms${r.probes.unanswered > 0 ? ` (${r.probes.unanswered} unanswered)` : ''}`, '< 100 ms p99 target', `an idle HTTP server beside it: ${r.controlProbes.p99Ms.toFixed(0)} ms / ${r.controlProbes.maxMs.toFixed(0)} ms`],
    [`${what}: all answered after (each p50 / max)`, `${(r.allMs / 1000).toFixed(1)} s (${(r.each.p50Ms / 1000).toFixed(1)} s / ${(r.each.maxMs / 1000).toFixed(1)} s)${r.failed > 0 ? `, ${r.failed} failed` : ''}`, '', ''],
    [`${what}: server event loop delay p99 / max`, `${r.serverLoopDelayP99Ms.toFixed(0)} ms / ${r.serverLoopDelayMaxMs.toFixed(0)} ms`, '', ''],
    [`${what}: GET /time inside the server p99 / max`, `${r.serverTimeAnsweredP99Ms.toFixed(1)} ms / ${r.serverTimeAnsweredMaxMs.toFixed(1)} ms`, '', ''],
    [`${what}: server RSS before / peak`, `${(r.serverRssBeforeBytes / 1e6).toFixed(0)} MB / ${(r.serverPeakRssBytes / 1e6).toFixed(0)} MB`, '', ''],
  ];
}
