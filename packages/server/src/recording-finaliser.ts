/**
 * Runs finalisations off the main thread, a bounded number at a time: a queue (p-limit) in front of at most
 * MAX_RUNNING worker threads (finalize-worker.ts), kept for the next job once started, so that a burst of completions
 * at an exam's end (hundreds at once) neither starts hundreds of threads nor reads hundreds of files at once: the
 * others wait their turn, holding nothing but their job. The main thread only waits for a message, so other requests
 * are never held up meanwhile.
 */
import { channel } from 'node:diagnostics_channel';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { FinaliseJob, FinaliseOutcome } from './recording-files.js';
import { workerModuleUrl } from './worker-url.js';

/** Two threads are enough to keep a disk busy; more would only compete with the uploads for the two cores. */
export const MAX_RUNNING = 2;

const limit = pLimit(MAX_RUNNING);
/** Started workers waiting for a job (at most MAX_RUNNING exist, since only that many jobs run at once). */
const idle: Worker[] = [];

/** The diagnostics channel each finalisation is published on when it ends: how long it took, and whether it worked. */
export const RECORDING_FINALISED_CHANNEL = 'examroom:recording-finalised';
export interface RecordingFinalisedMessage {
  readonly seconds: number;
  readonly ok: boolean;
}
const finalised = channel(RECORDING_FINALISED_CHANNEL);

/** How many finalisations run and wait now (tests, metrics). */
export function finalisationQueue(): { readonly running: number; readonly waiting: number } {
  return { running: limit.activeCount, waiting: limit.pendingCount };
}

/** Checks and finalises a received recording in a worker thread, after the finalisations queued before it. */
export async function finaliseInWorker(job: FinaliseJob): Promise<FinaliseOutcome> {
  const url = await workerModuleUrl('finalize-worker', import.meta.url);
  return limit(async () => {
    const started = performance.now();
    let ok = false;
    try {
      const outcome = await runOn(idle.pop() ?? new Worker(url), job);
      ok = 'file' in outcome;
      return outcome;
    } finally {
      if (finalised.hasSubscribers) finalised.publish({ seconds: (performance.now() - started) / 1000, ok } satisfies RecordingFinalisedMessage);
    }
  });
}

type WorkerAnswer = FinaliseOutcome | { readonly error: string };

/** One job on one worker; the worker goes back to the idle ones after an answer, and is dropped if it stopped. */
function runOn(worker: Worker, job: FinaliseJob): Promise<FinaliseOutcome> {
  return new Promise<FinaliseOutcome>((resolve, reject) => {
    const onMessage = (answer: WorkerAnswer) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      // Idle, it must not keep the process alive.
      worker.unref();
      idle.push(worker);
      if ('error' in answer) reject(new Error(answer.error));
      else resolve(answer);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      reject(error);
    };
    const onExit = (code: number) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      reject(new Error(`recording finaliser stopped (exit code ${code})`));
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.ref();
    worker.postMessage(job);
  });
}
