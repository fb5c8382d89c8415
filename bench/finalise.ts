/**
 * `npm run bench -- --only finalise`: completing a recording on the server, examroom's way (a worker thread hashes
 * the received file and walks it with the linear WebM walker) against the way before it (the file read again and
 * made seekable by ts-ebml on the main thread, kept here as the baseline), for a 5-minute recording and for a
 * crafted upload (an EBML header and one huge element of unknown size). Meanwhile GET /api/v1/time is polled
 * back to back, and the server's event loop (this process) is watched: what another request waits is the figure.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Decoder, Reader, tools, type EBMLElementDetail } from 'ts-ebml';
import { tusUpload } from '../packages/adapters/src/contract/http.js';
import { callApi } from '../packages/server/src/test-support/server.js';
import { craftedUnknownSizeElement, longLiveWebm } from '../packages/server/src/test-support/webm.js';
import type { BenchServer } from './server.js';

export interface Waits {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The event loop's longest stall meanwhile (monitorEventLoopDelay, 10 ms resolution). */
  readonly loopMaxMs: number;
}

export interface FinaliseCase {
  readonly bytes: number;
  /** examroom: POST /complete until its answer. */
  readonly completeMs: number;
  readonly waits: Waits;
  /** Baseline: the received file hashed and scanned with ts-ebml on the main thread (what completion did before). */
  readonly baselineMs: number;
  readonly baselineWaits: Waits;
}

export interface FinaliseResult {
  readonly recordingSeconds: number;
  readonly atRest: Waits;
  readonly recording: FinaliseCase;
  readonly crafted: FinaliseCase;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Runs `work` while GET /api/v1/time is polled back to back; how long each poll waited. */
async function whilePolling<T>(server: BenchServer, work: () => Promise<T>): Promise<{ value: T; ms: number; waits: Waits }> {
  const waits: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/api/v1/time`);
      await response.arrayBuffer();
      waits.push(performance.now() - started);
    }
  })();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, waits: summarise(waits, loop.max / 1e6) };
  } finally {
    loop.disable();
    polling = false;
    await poller;
  }
}

function summarise(waits: readonly number[], loopMaxMs: number): Waits {
  const sorted = [...waits].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), maxMs: sorted.at(-1) ?? Number.NaN, loopMaxMs };
}

/**
 * The completion of before, up to writing: the whole file read again, hashed and fed to ts-ebml on the main thread,
 * 1 MB at a time, and the seekable header encoded (examroom's figure also includes writing and syncing the file).
 */
async function tsEbmlScan(path: string): Promise<string> {
  // ts-ebml's reader tells the console about files it cannot read, whatever its `logging` says.
  const { log, warn, error } = console;
  console.log = console.warn = console.error = () => undefined;
  try {
    return await tsEbmlScanQuietly(path);
  } finally {
    Object.assign(console, { log, warn, error });
  }
}

async function tsEbmlScanQuietly(path: string): Promise<string> {
  const hash = createHash('sha256');
  const decoder = new Decoder();
  const reader = new Reader();
  reader.logging = false;
  reader.drop_default_duration = false;
  let readable = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!readable) continue;
    try {
      for (const element of decoder.decode(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer)) {
        if (element.name !== 'unknown') reader.read(element);
      }
    } catch {
      readable = false;
    }
  }
  if (readable) {
    reader.stop();
    const metadata: EBMLElementDetail[] = reader.metadatas;
    const poolSize = Buffer.poolSize;
    Buffer.poolSize = 0; // see test-support/webm.ts: ts-ebml's encoder needs exact ArrayBuffers
    try {
      if (metadata.length > 0) tools.makeMetadataSeekable(metadata, reader.duration, reader.cues);
    } catch {
      /* unreadable: stored as received */
    } finally {
      Buffer.poolSize = poolSize;
    }
  }
  return hash.digest('hex');
}

async function oneCase(server: BenchServer, bytes: Buffer, what: string, log: (message: string) => void): Promise<FinaliseCase> {
  const token = await server.candidateToken();
  const { recordingId, uploadUrl } = await callApi<{ recordingId: string; uploadUrl: string }>(server.baseUrl, 'POST', '/me/recordings', {
    token,
    body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' },
  });
  const target = { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
  await tusUpload(target, uploadUrl, token, bytes, { chunkSize: 1024 * 1024 });
  const declared = { totalBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };

  const examroom = await whilePolling(server, () => callApi(server.baseUrl, 'POST', `/recordings/${recordingId}/complete`, { token, body: declared }));
  log(`  ${what}: completed in ${examroom.ms.toFixed(0)} ms; GET /time waited at most ${examroom.waits.maxMs.toFixed(1)} ms (${examroom.waits.count} polls)`);
  const baseline = await whilePolling(server, () => tsEbmlScan(server.app.examroom.uploads.pathOf(recordingId)));
  if (baseline.value !== declared.sha256) throw new Error('baseline hash differs');
  log(`  ${what}, ts-ebml on the main thread: ${baseline.ms.toFixed(0)} ms; GET /time waited at most ${baseline.waits.maxMs.toFixed(1)} ms (${baseline.waits.count} polls)`);
  return { bytes: bytes.length, completeMs: examroom.ms, waits: examroom.waits, baselineMs: baseline.ms, baselineWaits: baseline.waits };
}

export async function finalise(server: BenchServer, recordingSeconds: number, log: (message: string) => void): Promise<FinaliseResult> {
  log(`finalise: a ${recordingSeconds} s live WebM and a crafted upload, completed while GET /api/v1/time is polled`);
  const atRest = await whilePolling(server, () => new Promise((resolve) => setTimeout(resolve, 2_000)));
  log(`  at rest: GET /time p99 ${atRest.waits.p99Ms.toFixed(1)} ms, max ${atRest.waits.maxMs.toFixed(1)} ms (${atRest.waits.count} polls)`);
  const recording = await oneCase(server, longLiveWebm(recordingSeconds), `${recordingSeconds} s recording`, log);
  const crafted = await oneCase(server, craftedUnknownSizeElement(16 * 1024 * 1024), 'crafted 16 MB unknown-size element', log);
  return { recordingSeconds, atRest: atRest.waits, recording, crafted };
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mbOf = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The table's rows: examroom, the ts-ebml baseline, baseline ÷ examroom. */
export function finaliseRows(f: FinaliseResult): string[][] {
  const rows: string[][] = [];
  for (const [name, c] of [
    [`${f.recordingSeconds} s recording (${mbOf(f.recording.bytes)})`, f.recording],
    [`crafted upload (${mbOf(f.crafted.bytes)})`, f.crafted],
  ] as const) {
    rows.push([`finalise ${name}: last byte → complete`, ms(c.completeMs), `${ms(c.baselineMs)} ts-ebml scan alone`, `${(c.baselineMs / c.completeMs).toFixed(1)}× shorter`]);
    rows.push([`finalise ${name}: GET /time p99 / max wait meanwhile`, `${ms(c.waits.p99Ms)} / ${ms(c.waits.maxMs)}`, `${ms(c.baselineWaits.p99Ms)} / ${ms(c.baselineWaits.maxMs)}`, `${(c.baselineWaits.maxMs / c.waits.maxMs).toFixed(1)}× shorter max`]);
    rows.push([`finalise ${name}: event loop's longest stall`, ms(c.waits.loopMaxMs), ms(c.baselineWaits.loopMaxMs), '']);
  }
  rows.push([`GET /time at rest: p99 / max wait; event loop's longest stall`, `${ms(f.atRest.p99Ms)} / ${ms(f.atRest.maxMs)}; ${ms(f.atRest.loopMaxMs)}`, '', '']);
  return rows;
}
