/**
 * A worker thread that finalises recordings (see recording-files.ts), one at a time, for as long as it lives: started
 * by recording-finaliser.ts, it answers each job it is sent with `{ file }` or `{ error }` and goes on. It reads and
 * writes with synchronous I/O on its own thread, so neither the main thread nor libuv's thread pool (the uploads'
 * file writes) waits for it.
 */
import { parentPort } from 'node:worker_threads';
import { finaliseReceivedFile, type FinaliseJob } from './recording-files.js';

parentPort?.on('message', (job: FinaliseJob) => {
  try {
    parentPort?.postMessage({ file: finaliseReceivedFile(job) });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
