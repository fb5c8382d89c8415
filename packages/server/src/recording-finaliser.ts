/**
 * Runs finalisations off the main thread: one `node:worker_threads` worker per recording (finalize-worker.ts), at
 * most a few at a time so a burst of completions at an exam's end does not start hundreds of threads; the others
 * wait their turn. The main thread only waits for a message, so other requests are never held up meanwhile.
 */
import { channel } from 'node:diagnostics_channel';
import { Worker } from 'node:worker_threads';
import type { FinaliseJob, FinalisedFile } from './recording-files.js';
import { workerModuleUrl } from './worker-url.js';

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
  const url = await workerModuleUrl('finalize-worker', import.meta.url);
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
