/**
 * Runs finalisations off the main thread: one `node:worker_threads` worker per recording (finalize-worker.ts), at
 * most a few at a time so a burst of completions at an exam's end does not start hundreds of threads; the others
 * wait their turn. The main thread only waits for a message, so other requests are never held up meanwhile.
 */
import { channel } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FinaliseJob, FinalisedFile } from './recording-files.js';

/** Two cores are enough to keep a disk busy; more would only compete with the uploads. */
const MAX_RUNNING = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

let workerUrl: Promise<URL> | undefined;

/**
 * The compiled worker beside this module (dist/finalize-worker.js; bench/run.mjs bundles it beside its own output).
 * When the server runs from its TypeScript sources (vitest), a worker thread cannot load `.ts` on Node 20: the
 * worker is then bundled once per process with esbuild (a dev dependency of the repository) into a temporary file.
 */
function resolveWorkerUrl(): Promise<URL> {
  const beside = new URL('./finalize-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts') || existsSync(fileURLToPath(beside))) return Promise.resolve(beside);
  return (async () => {
    const { build } = await import('esbuild');
    const outfile = join(await mkdtemp(join(tmpdir(), 'examroom-finalize-worker-')), 'finalize-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./finalize-worker.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    return pathToFileURL(outfile);
  })();
}

/** The diagnostics channel each finalisation is published on when it ends: how long it took, and whether it worked. */
export const RECORDING_FINALISED_CHANNEL = 'examroom:recording-finalised';
export interface RecordingFinalisedMessage {
  readonly seconds: number;
  readonly ok: boolean;
}
const finalised = channel(RECORDING_FINALISED_CHANNEL);

/** Finalises a received recording in a worker thread. */
export async function finaliseInWorker(job: FinaliseJob): Promise<FinalisedFile> {
  const started = performance.now();
  let ok = false;
  try {
    const file = await finaliseInWorkerThread(job);
    ok = true;
    return file;
  } finally {
    if (finalised.hasSubscribers) finalised.publish({ seconds: (performance.now() - started) / 1000, ok } satisfies RecordingFinalisedMessage);
  }
}

async function finaliseInWorkerThread(job: FinaliseJob): Promise<FinalisedFile> {
  workerUrl ??= resolveWorkerUrl().catch((error: unknown) => {
    workerUrl = undefined; // tried again by the next finalisation
    throw error;
  });
  const url = await workerUrl;
  const done = await turn();
  try {
    return await new Promise<FinalisedFile>((resolve, reject) => {
      const worker = new Worker(url, { workerData: job });
      let result: FinalisedFile | undefined;
      worker.once('message', (message: FinalisedFile) => (result = message));
      worker.once('error', reject);
      worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`recording finaliser stopped (exit code ${code})`))));
    });
  } finally {
    done();
  }
}
