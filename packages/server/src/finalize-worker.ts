/**
 * The worker thread that finalises one recording (see recording-files.ts): started by recording-finaliser.ts with
 * the job as its workerData, it posts the result and ends. A throw ends it with an error the launcher reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { finaliseReceivedFile, type FinaliseJob } from './recording-files.js';

parentPort?.postMessage(finaliseReceivedFile(workerData as FinaliseJob));
