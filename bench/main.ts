/**
 * The recording and upload benchmark, run by `npm run bench` (bench/run.mjs compiles this file). Every
 * figure is a ratio of two things measured side by side in the same run, on the same machine, against the real
 * server and headless Chromium with the fake camera and microphone:
 *
 * 1. tail — time from stop until the server acknowledged everything: examroom's streaming upload against
 *    record-then-upload of the same bytes, both on the same throttled uplink;
 * 2. offline — bytes the server received / bytes recorded, with five offline windows during the recording;
 * 3. heap — memory growth over a long recording: examroom's pipeline against a naive recorder that keeps every chunk,
 *    both recording at the same time in browsers of their own;
 * 4. logins — the p99 latency of `GET /api/v1/time` during a burst of 300 concurrent password logins, next to the same
 *    figure at rest and during the same burst with synchronous scrypt (bench/logins.ts).
 * 5. finalise (bench/finalise.ts, no browser) — completing a recording of the tail's length and a crafted upload:
 *    time to complete and what GET /api/v1/time waits meanwhile, against ts-ebml on the main thread.
 * 6. face (bench/face.ts, no browser) — the face verifier: cold start and warm verification times, the event loop's
 *    longest stall meanwhile, and the false-accept and false-reject rates on the face test set.
 * 7. load (bench/load.ts, no browser) — simulated candidates each sending two 1 Mbit/s streams as 1 s tus PATCHes:
 *    the p99 acknowledgement, errors, completion times and peak memory of examroom's server next to a bare
 *    @tus/server with a file store on the same load, for several counts of candidates.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { StreamingStopped, WholeUpload } from './page-api.js';
import { chromiumVersion, openBenchBrowser, sampleMemory, setOffline, throttle, type BenchBrowser, type MemorySample, type Throttle } from './browser.js';
import { finalise, finaliseRows, type FinaliseResult } from './finalise.js';
import { loginBurst, type LoginsResult } from './logins.js';
import { startBenchServer, type BenchServer } from './server.js';
import { faceBench, faceRows, type FaceResult } from './face.js';
import { load, loadRows, type LoadResult, type LoadServers } from './load.js';
import { completionStorm, completionStormRows, type CompletionStormResult } from './completion-storm.js';

const SCENARIOS = ['tail', 'offline', 'heap', 'logins', 'finalise', 'face', 'load'] as const;
/** The scenarios that need the in-process server with the bench page (the others start what they need). */
const ON_BENCH_SERVER: readonly Scenario[] = ['tail', 'offline', 'heap', 'logins', 'finalise'];
type Scenario = (typeof SCENARIOS)[number];

interface Options {
  readonly tailS: number;
  readonly offlineS: number;
  readonly heapS: number;
  readonly logins: number;
  /** The load scenario: counts of candidates, and how long each run sends. */
  readonly loadCandidates: readonly number[];
  readonly loadS: number;
  /** The load scenario: how many servers each count runs against (several: behind HAProxy, on PostgreSQL). */
  readonly loadServers: readonly number[];
  /** The load scenario's completion storm: how many recordings complete at once (0: none), and their length. */
  readonly stormRecordings: number;
  readonly stormS: number;
  readonly only: ReadonlySet<Scenario>;
  readonly link: Throttle;
  readonly json?: string;
}

const USAGE = `npm run bench [-- options]

  --short            every scenario ~30 s (a quick check; the figures are not the ones in the README)
  --tail <s>         length of the tail recording, default 300 (the issue's 5 minutes)
  --offline <s>      length of the recording with five offline windows, default 180
  --heap <s>         length of the memory recording, default 600 (the issue's 10 minutes)
  --logins <n>       candidates logging in at once in the logins scenario, default 300
  --load <list>      load scenario: comma-separated counts of simulated candidates (2 streams × 1 Mbit/s each),
                     each run against examroom's server and then a bare @tus/server; default 50,100,200 (--short 20,50)
  --load-seconds <s> how long each load run sends, default 60 (--short 15)
  --load-servers <list>  load scenario: comma-separated counts of servers each run is made against, default 1,2
                     (several: examroom's on one PostgreSQL and data directory, and as many bare tus servers on one
                     directory, each behind HAProxy)
  --completion-storm <n>  load scenario: also n recordings (two per candidate) completed at once while
                     GET /api/v1/time is probed; default none
  --storm-seconds <s> the length of each storm recording, default 30
  --only <list>      comma-separated subset of: ${SCENARIOS.join(',')}
  --uplink <B/s>     throttled upload rate (tail and offline scenarios), default 500000 (4 Mbit/s)
  --latency <ms>     latency the throttled link adds to every request, default 40
  --json <file>      also write every measurement to this file
  --help`;

function parseOptions(argv: readonly string[]): Options | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      short: { type: 'boolean', default: false },
      tail: { type: 'string' },
      offline: { type: 'string' },
      heap: { type: 'string' },
      logins: { type: 'string', default: '300' },
      load: { type: 'string' },
      'load-seconds': { type: 'string' },
      'load-servers': { type: 'string' },
      'completion-storm': { type: 'string' },
      'storm-seconds': { type: 'string' },
      only: { type: 'string' },
      uplink: { type: 'string', default: '500000' },
      latency: { type: 'string', default: '40' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const seconds = (value: string | undefined, long: number, name: string) => {
    if (value === undefined) return values.short ? 30 : long;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 10) throw new Error(`--${name} wants a number of seconds ≥ 10, got ${value}`);
    return parsed;
  };
  const only = new Set<Scenario>();
  for (const name of (values.only ?? SCENARIOS.join(',')).split(',')) {
    const scenario = SCENARIOS.find((candidate) => candidate === name.trim());
    if (!scenario) throw new Error(`--only: unknown scenario ${name}; known: ${SCENARIOS.join(', ')}`);
    only.add(scenario);
  }
  const uploadBytesPerSecond = Number(values.uplink);
  const latencyMs = Number(values.latency);
  if (!(uploadBytesPerSecond > 0) || !(latencyMs >= 0)) throw new Error('--uplink wants bytes per second > 0, --latency ms ≥ 0');
  const logins = Number(values.logins);
  if (!Number.isInteger(logins) || logins < 1) throw new Error(`--logins wants a number of candidates ≥ 1, got ${values.logins}`);
  const loadCandidates = (values.load ?? (values.short ? '20,50' : '50,100,200')).split(',').map((count) => Number(count.trim()));
  if (!loadCandidates.every((count) => Number.isInteger(count) && count >= 1)) throw new Error(`--load wants counts of candidates ≥ 1, got ${values.load}`);
  const loadS = Number(values['load-seconds'] ?? (values.short ? 15 : 60));
  if (!Number.isInteger(loadS) || loadS < 2) throw new Error(`--load-seconds wants whole seconds ≥ 2, got ${values['load-seconds']}`);
  const loadServers = (values['load-servers'] ?? '1,2').split(',').map((count) => Number(count.trim()));
  if (!loadServers.every((count) => Number.isInteger(count) && count >= 1 && count <= 8)) throw new Error(`--load-servers wants counts of servers from 1 to 8, got ${values['load-servers']}`);
  const stormRecordings = Number(values['completion-storm'] ?? 0);
  const stormS = Number(values['storm-seconds'] ?? 30);
  if (!Number.isInteger(stormRecordings) || stormRecordings < 0) throw new Error(`--completion-storm wants a count of recordings, got ${values['completion-storm']}`);
  if (!Number.isInteger(stormS) || stormS < 2) throw new Error(`--storm-seconds wants whole seconds ≥ 2, got ${values['storm-seconds']}`);
  return {
    tailS: seconds(values.tail, 300, 'tail'),
    offlineS: seconds(values.offline, 180, 'offline'),
    heapS: seconds(values.heap, 600, 'heap'),
    logins,
    loadCandidates,
    loadS,
    loadServers,
    stormRecordings,
    stormS,
    only,
    link: { uploadBytesPerSecond, latencyMs },
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

// ---- helpers ----

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1e6).toFixed(2)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const length = (s: number) => (s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/** Records for `seconds`, logging progress now and then. */
async function recordFor(browser: BenchBrowser, seconds: number, what: string): Promise<void> {
  const every = seconds >= 120 ? 60 : 10;
  for (let elapsed = 0; elapsed < seconds; ) {
    const step = Math.min(every, seconds - elapsed);
    await sleep(step * 1000);
    elapsed += step;
    const p = await browser.page.evaluate(() => window.examroomBench.progress());
    log(`  ${what} ${elapsed}/${seconds} s: recorded ${mb(p.bytesRecorded)}, acknowledged ${mb(p.bytesAcknowledged)} (${p.state})`);
  }
}

// ---- 1. tail ----

interface TailResult {
  readonly seconds: number;
  readonly link: Throttle;
  readonly streaming: StreamingStopped;
  readonly whole: WholeUpload;
  /** Record-then-upload's tail: the same recorder stop, then the whole file and its completion. */
  readonly wholeTailMs: number;
  /** Record-then-upload: the same recorder stop, then the whole file until its PATCH was answered. */
  readonly wholeAcknowledgedMs: number;
}

async function tail(server: BenchServer, seconds: number, link: Throttle): Promise<TailResult> {
  log(`tail: ${length(seconds)} camera+mic recording, uplink ${(link.uploadBytesPerSecond * 8) / 1e6} Mbit/s, +${link.latencyMs} ms latency`);
  const browser = await openBenchBrowser(server.pageUrl);
  try {
    await throttle(browser.cdp, link);
    const token = await server.candidateToken();
    await browser.page.evaluate(() => window.examroomBench.openCamera());
    await browser.page.evaluate((setup) => window.examroomBench.startStreaming(setup), { token, dbName: 'bench-tail', keepCopy: true });
    await recordFor(browser, seconds, 'tail');
    const streaming = await browser.page.evaluate(() => window.examroomBench.stopStreaming());
    log(
      `  streaming: recorder's last chunk ${secs(streaming.recorderStopMs)} after stop, every byte acknowledged after ` +
        `${secs(streaming.acknowledgedMs)}, completed after ${secs(streaming.tailMs)} (completion ${secs(streaming.completionMs)})`,
    );
    // The same bytes once more as record-then-upload would send them: one upload, started when the recorder stopped.
    const whole = await browser.page.evaluate((t) => window.examroomBench.uploadWhole(t), token);
    log(
      `  record-then-upload: ${mb(whole.bytes)} acknowledged after ${secs(whole.acknowledgedMs)} ` +
        `(${((whole.bytes * 8) / whole.acknowledgedMs / 1e3).toFixed(2)} Mbit/s), completed after ${secs(whole.uploadMs)} ` +
        `(completion ${secs(whole.completionMs)})`,
    );
    return {
      seconds,
      link,
      streaming,
      whole,
      wholeTailMs: streaming.recorderStopMs + whole.uploadMs,
      wholeAcknowledgedMs: streaming.recorderStopMs + whole.acknowledgedMs,
    };
  } finally {
    await browser.close();
  }
}

// ---- 2. offline windows ----

interface OfflineResult {
  readonly seconds: number;
  readonly windows: readonly { readonly atS: number; readonly forS: number }[];
  readonly streaming: StreamingStopped;
  readonly bytesReceived: number;
  readonly receivedRatio: number;
  readonly attemptedRatio: number;
}

async function offline(server: BenchServer, seconds: number, link: Throttle): Promise<OfflineResult> {
  // Five windows spread over the recording, each up to 10 s (the issue's tests use 5–10 s).
  const period = seconds / 6;
  const forS = Math.min(10, period / 2);
  const windows = [1, 2, 3, 4, 5].map((k) => ({ atS: k * period, forS }));
  log(`offline: ${length(seconds)} recording on the same uplink, five offline windows of ${forS} s`);
  const browser = await openBenchBrowser(server.pageUrl);
  try {
    await throttle(browser.cdp, link);
    const token = await server.candidateToken();
    await browser.page.evaluate(() => window.examroomBench.openCamera());
    const { recordingId } = await browser.page.evaluate(
      (setup) => window.examroomBench.startStreaming(setup),
      { token, dbName: 'bench-offline', keepCopy: false },
    );
    const startedAt = Date.now();
    for (const spell of windows) {
      await sleep(startedAt + spell.atS * 1000 - Date.now());
      await setOffline(browser.cdp, true, link);
      await sleep(spell.forS * 1000);
      const held = await browser.page.evaluate(() => window.examroomBench.progress());
      await setOffline(browser.cdp, false, link);
      log(
        `  offline from ${spell.atS.toFixed(0)} s for ${spell.forS} s: recorder ${mb(held.chunkBytes)}, acknowledged ` +
          `${mb(held.bytesAcknowledged)}; the queue reports ${mb(held.bytesRecorded)} recorded (${held.state})`,
      );
    }
    await sleep(startedAt + seconds * 1000 - Date.now());
    const streaming = await browser.page.evaluate(() => window.examroomBench.stopStreaming());
    const bytesReceived = server.bytesReceived(recordingId);
    if (streaming.chunkBytes !== streaming.bytesRecorded) {
      log(`  warning: the recorder produced ${streaming.chunkBytes} B, the store holds ${streaming.bytesRecorded} B`);
    }
    log(
      `  recorded ${streaming.bytesRecorded} B, server received ${bytesReceived} B, client sent ${streaming.bytesAttempted} B ` +
        `in ${streaming.patches} PATCHes (${streaming.failedPatches} failed), ${streaming.offlineEvents} offline events`,
    );
    return {
      seconds,
      windows,
      streaming,
      bytesReceived,
      receivedRatio: bytesReceived / streaming.bytesRecorded,
      attemptedRatio: streaming.bytesAttempted / streaming.bytesRecorded,
    };
  } finally {
    await browser.close();
  }
}

// ---- 3. heap ----

interface MemoryRun {
  readonly start: MemorySample;
  readonly end: MemorySample;
  readonly growth: MemorySample;
  /** Bytes recorded between the two samples. */
  readonly bytesRecorded: number;
}

interface HeapResult {
  readonly seconds: number;
  readonly warmupS: number;
  readonly streaming: MemoryRun;
  readonly naive: MemoryRun;
}

const difference = (end: MemorySample, start: MemorySample): MemorySample => ({
  jsHeapUsed: end.jsHeapUsed - start.jsHeapUsed,
  arrayBuffers: end.arrayBuffers - start.arrayBuffers,
  blobMemory: end.blobMemory - start.blobMemory,
});

async function heap(server: BenchServer, seconds: number): Promise<HeapResult> {
  // The first seconds allocate once (encoder, IndexedDB, WebAssembly, bundles): measured from after them.
  const warmupS = Math.min(30, Math.round(seconds / 10));
  log(`heap: ${length(seconds)} of recording measured (after ${warmupS} s of warm-up), examroom and naive side by side`);
  const [streamingBrowser, naiveBrowser] = await Promise.all([openBenchBrowser(server.pageUrl), openBenchBrowser(server.pageUrl)]);
  try {
    const token = await server.candidateToken();
    await Promise.all([
      streamingBrowser.page.evaluate(() => window.examroomBench.openCamera()),
      naiveBrowser.page.evaluate(() => window.examroomBench.openCamera()),
    ]);
    await streamingBrowser.page.evaluate((setup) => window.examroomBench.startStreaming(setup), { token, dbName: 'bench-heap', keepCopy: false });
    await naiveBrowser.page.evaluate(() => window.examroomBench.startNaive());
    await sleep(warmupS * 1000);

    const recorded = async () => ({
      streaming: (await streamingBrowser.page.evaluate(() => window.examroomBench.progress())).bytesRecorded,
      naive: (await naiveBrowser.page.evaluate(() => window.examroomBench.naiveStats())).bytes,
    });
    const sample = async () => {
      const [streaming, naive] = await Promise.all([sampleMemory(streamingBrowser), sampleMemory(naiveBrowser)]);
      return { streaming, naive };
    };
    const startRecorded = await recorded();
    const start = await sample();
    const every = seconds >= 120 ? 60 : 10;
    let last = start;
    for (let elapsed = 0; elapsed < seconds; ) {
      const step = Math.min(every, seconds - elapsed);
      await sleep(step * 1000);
      elapsed += step;
      last = await sample();
      log(
        `  ${elapsed}/${seconds} s: JS heap examroom ${signedMb(last.streaming.jsHeapUsed - start.streaming.jsHeapUsed)}, ` +
          `naive ${signedMb(last.naive.jsHeapUsed - start.naive.jsHeapUsed)}; Blobs in memory examroom ` +
          `${mb(last.streaming.blobMemory)}, naive ${mb(last.naive.blobMemory)}`,
      );
    }
    const endRecorded = await recorded();
    await naiveBrowser.page.evaluate(() => window.examroomBench.stopNaive());
    await streamingBrowser.page.evaluate(() => window.examroomBench.stopStreaming());
    return {
      seconds,
      warmupS,
      streaming: {
        start: start.streaming,
        end: last.streaming,
        growth: difference(last.streaming, start.streaming),
        bytesRecorded: endRecorded.streaming - startRecorded.streaming,
      },
      naive: {
        start: start.naive,
        end: last.naive,
        growth: difference(last.naive, start.naive),
        bytesRecorded: endRecorded.naive - startRecorded.naive,
      },
    };
  } finally {
    await Promise.all([streamingBrowser.close(), naiveBrowser.close()]);
  }
}

// ---- the table ----

/**
 * baseline / examroom. Growth within `floor` of zero is measurement noise: then a lower bound (`> N×`) instead of a
 * division by almost nothing, or no ratio at all when both are noise.
 */
function ratio(baseline: number, examroom: number, floor: number): string {
  if (Math.abs(examroom) < floor) {
    return Math.abs(baseline) < floor ? `— (both within ±${mb(floor)})` : `> ${(baseline / floor).toFixed(0)}× more`;
  }
  return `${(baseline / examroom).toFixed(1)}×`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** Heap figures this close to zero are noise (a GC'd heap moves by tens of kB between samples). */
const HEAP_NOISE_BYTES = 100_000;

export async function main(argv: readonly string[], paths: { readonly pageScript: string; readonly loadServers: LoadServers }): Promise<number> {
  let options: Options | undefined;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const environment = `Node ${process.version}, ${chromiumVersion()}, ${availableParallelism()} CPUs`;
  const started = new Date();
  log(`examroom bench — ${environment}`);
  const server = ON_BENCH_SERVER.some((scenario) => options.only.has(scenario)) ? await startBenchServer(paths.pageScript) : null;
  const results: {
    tail?: TailResult;
    offline?: OfflineResult;
    heap?: HeapResult;
    logins?: LoginsResult;
    finalise?: FinaliseResult;
    face?: FaceResult | null;
    load?: LoadResult;
    completionStorm?: CompletionStormResult;
  } = {};
  try {
    if (server && options.only.has('tail')) results.tail = await tail(server, options.tailS, options.link);
    if (server && options.only.has('offline')) results.offline = await offline(server, options.offlineS, options.link);
    if (server && options.only.has('heap')) results.heap = await heap(server, options.heapS);
    if (server && options.only.has('logins')) results.logins = await loginBurst(server, options.logins, log);
    if (server && options.only.has('finalise')) results.finalise = await finalise(server, options.tailS, log);
    if (options.only.has('face')) results.face = await faceBench(log);
    if (options.only.has('load') && options.stormRecordings > 0) {
      results.completionStorm = await completionStorm(paths.loadServers, options.stormRecordings, options.stormS, log);
    }
    if (options.only.has('load')) results.load = await load(paths.loadServers, options.loadCandidates, options.loadS, log, options.loadServers);
  } finally {
    await server?.close();
  }

  const rows: string[][] = [['measure', 'examroom', 'baseline', 'baseline ÷ examroom']];
  const { tail: t, offline: o, heap: h, logins: l } = results;
  if (t) {
    const link = `${length(t.seconds)}, ${(t.link.uploadBytesPerSecond * 8) / 1e6} Mbit/s up`;
    rows.push([
      `tail: stop → every byte acknowledged (${link})`,
      secs(t.streaming.acknowledgedMs),
      `${secs(t.wholeAcknowledgedMs)} record-then-upload`,
      `${(t.wholeAcknowledgedMs / t.streaming.acknowledgedMs).toFixed(1)}× shorter`,
    ]);
    rows.push([
      `tail: stop → all acknowledged and completed (${link})`,
      secs(t.streaming.tailMs),
      `${secs(t.wholeTailMs)} record-then-upload`,
      `${(t.wholeTailMs / t.streaming.tailMs).toFixed(1)}× shorter`,
    ]);
  }
  if (o) {
    rows.push([`offline: bytes received / recorded (${length(o.seconds)}, 5 windows)`, o.receivedRatio.toFixed(3), '1.000 ideal', o.receivedRatio.toFixed(3)]);
    rows.push([`offline: bytes sent by the page / recorded`, o.attemptedRatio.toFixed(3), '1.000 ideal', o.attemptedRatio.toFixed(3)]);
  }
  if (h) {
    rows.push([
      `heap: JS heap growth (${length(h.seconds)})`,
      signedMb(h.streaming.growth.jsHeapUsed),
      `${signedMb(h.naive.growth.jsHeapUsed)} naive`,
      ratio(h.naive.growth.jsHeapUsed, h.streaming.growth.jsHeapUsed, HEAP_NOISE_BYTES),
    ]);
    rows.push([
      `heap: Blob bytes in memory, growth (${length(h.seconds)})`,
      signedMb(h.streaming.growth.blobMemory),
      `${signedMb(h.naive.growth.blobMemory)} naive`,
      ratio(h.naive.growth.blobMemory, h.streaming.growth.blobMemory, HEAP_NOISE_BYTES),
    ]);
    rows.push([`heap: bytes recorded meanwhile`, mb(h.streaming.bytesRecorded), `${mb(h.naive.bytesRecorded)} naive`, '']);
  }
  if (l) {
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    rows.push([`logins: GET /api/v1/time p99 at rest`, ms(l.rest.p99Ms), '', '']);
    rows.push([
      `logins: GET /api/v1/time p99 during ${l.logins} concurrent logins`,
      ms(l.asynchronous.probes.p99Ms),
      `${ms(l.synchronous.probes.p99Ms)} synchronous scrypt${l.synchronous.probes.failed > 0 ? ` (${l.synchronous.probes.failed} probes unanswered)` : ''}`,
      `${(l.synchronous.probes.p99Ms / l.asynchronous.probes.p99Ms).toFixed(1)}× lower`,
    ]);
    rows.push([`logins: ${l.logins} concurrent logins answered after`, secs(l.asynchronous.burstMs), `${secs(l.synchronous.burstMs)} synchronous scrypt`, '']);
  }
  if (results.finalise) rows.push(...finaliseRows(results.finalise));
  if (results.face) rows.push(...faceRows(results.face));
  if (results.completionStorm) rows.push(...completionStormRows(results.completionStorm));
  console.log(`\nexamroom bench, ${started.toISOString().slice(0, 10)} — ${environment}\n`);
  if (rows.length > 1) console.log(table(rows));
  if (results.load) {
    const { seconds, chunkBytes } = results.load;
    if (rows.length > 1) console.log('');
    console.log(`load: simulated candidates × 2 streams × ${(chunkBytes * 8) / 1e6} Mbit/s (a ${chunkBytes} B tus PATCH every second) for ${seconds} s\n`);
    console.log(table(loadRows(results.load)));
  }
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify({ date: started.toISOString(), environment, options: { ...options, only: [...options.only] }, results }, null, 2)}\n`);
    log(`measurements written to ${options.json}`);
  }
  return 0;
}
