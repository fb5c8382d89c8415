/**
 * The worker thread that checkpoints the SQLite WAL (started by sqlite-checkpointer.ts, which explains why), on a
 * connection of its own. Every TICK_MS it looks at the WAL file's size and time; when the WAL changed and either
 * CHECKPOINT_EVERY_MS passed since the last checkpoint or GROWTH_BYTES were appended, it runs a PASSIVE checkpoint:
 * it copies what no reader still needs into the database file and syncs it, without taking the writer's lock, so the
 * main thread's commits never wait for it. TRUNCATE (which does take the lock) only at close, once the main
 * connection is closed: nothing waits for it then.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerMessage, CheckpointerRequest, CheckpointerSettings } from './sqlite-checkpointer.js';

const settings = workerData as CheckpointerSettings;
const db = new Database(settings.file);
db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
// This connection commits nothing, but an automatic checkpoint of its own would be just as much in the way.
db.pragma('wal_autocheckpoint = 0');

const post = (message: CheckpointerMessage) => parentPort?.postMessage(message);

function checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): void {
  try {
    const [result] = db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
    post({ type: 'checkpointed', mode, busy: result?.busy === 1, walFrames: result?.log ?? 0, checkpointedFrames: result?.checkpointed ?? 0 });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

/** The WAL's size and modification time, or null while there is none. */
function walState(): { size: number; mtimeMs: number } | null {
  try {
    const { size, mtimeMs } = statSync(`${settings.file}-wal`);
    return { size, mtimeMs };
  } catch {
    return null;
  }
}

/** The WAL as last seen; null at start, so that what was committed before the worker ran counts as a change. */
let last: { size: number; mtimeMs: number } | null = null;
let lastCheckpointAt = performance.now();
let lastCheckpointSize = 0;
const timer = setInterval(() => {
  const now = walState();
  if (now === null) return;
  const changed = last === null || now.size !== last.size || now.mtimeMs !== last.mtimeMs;
  last = now;
  if (!changed) return;
  const due = performance.now() - lastCheckpointAt >= settings.checkpointEveryMs || now.size - lastCheckpointSize >= settings.growthBytes;
  if (!due) {
    // Seen, not yet checkpointed: the next tick must still count it as a change.
    last = { size: now.size, mtimeMs: -1 };
    return;
  }
  checkpoint('PASSIVE');
  lastCheckpointAt = performance.now();
  lastCheckpointSize = now.size;
}, settings.tickMs);

parentPort?.on('message', (request: CheckpointerRequest) => {
  if (request.type === 'checkpoint') {
    checkpoint('PASSIVE');
    return;
  }
  clearInterval(timer);
  // The main connection is closed: the whole WAL goes into the database file, synced, and the WAL is emptied.
  checkpoint('TRUNCATE');
  db.close();
  post({ type: 'closed' });
  parentPort?.close();
});
