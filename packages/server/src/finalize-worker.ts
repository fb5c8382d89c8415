/**
 * A worker thread that finalises recordings (see recording-files.ts), one at a time, for as long as it lives: started
 * by recording-finaliser.ts, it answers each job it is sent with `{ file }`, `{ checksumMismatch }` or `{ error }` and goes on. It reads and
 * writes with synchronous I/O on its own thread, so neither the main thread nor libuv's thread pool (the uploads'
 * file writes) waits for it.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { finaliseReceivedFile, type FinaliseJob } from './recording-files.js';

/**
 * Finalising is never urgent, answering requests is: this thread runs at a lower priority (nice 10), so that on a
 * machine with few cores a burst of completions leaves the event loop its core. On Linux the nice value belongs to
 * the thread that sets it (setpriority(2) with pid 0), so the main thread keeps its own; where that fails, the
 * worker simply runs at the process's priority.
 */
const FINALISE_NICE = 10;
try {
  setPriority(FINALISE_NICE);
} catch {
  // Not allowed here (a sandbox): same priority as the rest.
}

parentPort?.on('message', (job: FinaliseJob) => {
  try {
    parentPort?.postMessage(finaliseReceivedFile(job));
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
