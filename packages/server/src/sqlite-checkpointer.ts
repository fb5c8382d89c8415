/**
 * Checkpoints the SQLite database from a worker thread (sqlite-checkpoint-worker.ts), so that no disk sync runs on
 * the event loop.
 *
 * better-sqlite3 runs on the main thread. In WAL mode with `synchronous = NORMAL` a commit only appends to the WAL
 * (no fsync), but SQLite's automatic checkpoint, which a commit runs once the WAL passes 1000 pages, copies the WAL
 * into the database file and fsyncs it: on a server that receives video, that fsync waits behind the kernel's
 * writeback of the uploaded files and held every request for 0.5–2 s. The repository therefore opens its connection
 * with `wal_autocheckpoint = 0`, and this checkpointer does the work on a connection of its own in a worker thread:
 * a PASSIVE checkpoint (no lock a commit needs) every second while the WAL changes, sooner when it grew by 4 MB, and
 * a TRUNCATE checkpoint at close, after the main connection closed, which leaves the database file whole and the WAL
 * empty. A crash loses nothing a commit returned: SQLite replays the WAL when it next opens the file.
 */
import { Worker } from 'node:worker_threads';
import { workerModuleUrl } from './worker-url.js';

export interface CheckpointerSettings {
  readonly file: string;
  /** How often the worker looks at the WAL. */
  readonly tickMs: number;
  /** A changed WAL is checkpointed at least this often. */
  readonly checkpointEveryMs: number;
  /** …and sooner once this many bytes were appended since the last checkpoint. */
  readonly growthBytes: number;
  /** How long the worker's connection waits for a lock (only the close's TRUNCATE can wait). */
  readonly busyTimeoutMs: number;
}

export type CheckpointerRequest = { readonly type: 'checkpoint' | 'close' };
export type CheckpointerMessage =
  | { readonly type: 'checkpointed'; readonly mode: 'PASSIVE' | 'TRUNCATE'; readonly busy: boolean; readonly walFrames: number; readonly checkpointedFrames: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'closed' };

export type CheckpointResult = Extract<CheckpointerMessage, { type: 'checkpointed' }>;

export interface SqliteCheckpointer {
  /** Asks for a PASSIVE checkpoint now (besides the periodic ones). */
  checkpointSoon(): void;
  /** Called after every checkpoint (tests and logs). */
  onCheckpoint(listener: (result: CheckpointResult) => void): void;
  /** The last checkpoint, the final one, then the worker's connection closes. Call after the main connection closed. */
  close(): Promise<void>;
}

export const CHECKPOINT_DEFAULTS: Omit<CheckpointerSettings, 'file'> = {
  tickMs: 200,
  checkpointEveryMs: 1000,
  growthBytes: 4 * 1024 * 1024,
  busyTimeoutMs: 5000,
};

type Log = { error(object: object, message: string): void };

/** Starts checkpointing `file` (whose connections run with `wal_autocheckpoint = 0`) in a worker thread. */
export async function startSqliteCheckpointer(file: string, log: Log, settings: Partial<Omit<CheckpointerSettings, 'file'>> = {}): Promise<SqliteCheckpointer> {
  const url = await workerModuleUrl('sqlite-checkpoint-worker', import.meta.url);
  const worker = new Worker(url, { workerData: { ...CHECKPOINT_DEFAULTS, ...settings, file } satisfies CheckpointerSettings });
  // The worker alone must not keep the process alive: an application that forgets to close still exits.
  worker.unref();
  const listeners: ((result: CheckpointResult) => void)[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => ((exited = true), resolve())));
  worker.on('message', (message: CheckpointerMessage) => {
    if (message.type === 'checkpointed') for (const listener of listeners) listener(message);
    else if (message.type === 'failed') log.error({ err: new Error(message.message) }, 'database checkpoint failed');
  });
  worker.on('error', (error) => log.error({ err: error }, 'database checkpointer stopped'));
  let closing: Promise<void> | null = null;
  return {
    checkpointSoon: () => {
      if (!exited && closing === null) worker.postMessage({ type: 'checkpoint' } satisfies CheckpointerRequest);
    },
    onCheckpoint: (listener) => void listeners.push(listener),
    close: () => {
      closing ??= exited ? Promise.resolve() : (worker.postMessage({ type: 'close' } satisfies CheckpointerRequest), exit);
      return closing;
    },
  };
}
