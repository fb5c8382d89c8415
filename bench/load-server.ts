/**
 * The servers under load in the load scenario (bench/load.ts) run as child processes of the bench, so that the load
 * generator's requests and timers do not share their event loop and their peak memory is their own
 * (/proc/<pid>/status). Each has an entry of its own, so that neither loads the other's modules; bench/run.mjs
 * bundles them beside main.mjs (and the finalisation worker beside them):
 *
 *   load-server-examroom.mjs <candidates> — the reference server (bench/load-server-examroom.ts);
 *   load-server-tus.mjs                   — a bare @tus/server with a file store (bench/load-server-tus.ts).
 *
 * This module is their side of the conversation with the bench, over the IPC channel: each tells the parent
 * `{ type: 'ready', … }` once it listens; on `{ type: 'measure' }` it starts watching its event loop's delay, on
 * `{ type: 'stats' }` answers it (`{ type: 'stats', … }`), and on `{ type: 'close' }` (or when the parent goes away)
 * it closes, removes its temporary directory and exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SeededExam } from '../packages/server/src/test-support/server.js';

export type LoadTarget = 'examroom' | 'tus';

/** What the server listens on, to see its GET /api/v1/time requests arrive and be answered. */
export interface Listening {
  on(event: 'request', listener: (request: IncomingMessage, response: ServerResponse) => void): unknown;
}

/** `creationUrl`: the bare tus server's creation endpoint; `exam`: examroom's seeded exam, its candidates' passwords. */
export type LoadServerReady = { readonly type: 'ready'; readonly baseUrl: string; readonly creationUrl?: string; readonly exam?: SeededExam };
/** The server's event loop delay since `measure` (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
/**
 * The server's event loop delay since `measure` (perf_hooks.monitorEventLoopDelay, 10 ms resolution), and how long
 * it took to answer GET /api/v1/time from the moment its request was parsed (the probes' wait inside the server).
 */
export type LoadServerStats = {
  readonly type: 'stats';
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly timeAnsweredP99Ms: number;
  readonly timeAnsweredMaxMs: number;
};
export type LoadServerRequest = { readonly type: 'measure' | 'stats' | 'close' };

export interface StartedServer {
  readonly ready: Omit<LoadServerReady, 'type'>;
  /** The HTTP server, where the server has GET /api/v1/time (examroom's). */
  readonly server?: Listening;
  close(): Promise<void>;
}

/** Starts the server on a fresh temporary directory (removed at the end) and answers the bench until it is closed. */
export function serveUnderLoad(start: (directory: string) => Promise<StartedServer>): void {
  // EXAMROOM_LOAD_DIR: the directory several servers share, the bench's to remove; else a fresh one of this server's.
  const shared = process.env.EXAMROOM_LOAD_DIR;
  const directory = shared ?? mkdtempSync(join(tmpdir(), 'examroom-load-'));
  const removeDirectory = () => {
    if (!shared) rmSync(directory, { recursive: true, force: true });
  };
  const send = (message: LoadServerReady | LoadServerStats) => {
    if (!process.send) throw new Error('the load servers run as children of the bench (an IPC channel is needed)');
    process.send(message);
  };
  start(directory).then(
    (started) => {
      let closing = false;
      const close = () => {
        if (closing) return;
        closing = true;
        void started.close().finally(() => {
          removeDirectory();
          process.exit(0);
        });
      };
      const loop = monitorEventLoopDelay({ resolution: 10 });
      let timeAnswers: number[] = [];
      started.server?.on('request', (request, response) => {
        if (request.method !== 'GET' || !request.url?.endsWith('/api/v1/time')) return;
        const parsedAt = performance.now();
        response.once('finish', () => timeAnswers.push(performance.now() - parsedAt));
      });
      process.on('message', (message: LoadServerRequest) => {
        if (message.type === 'measure') {
          loop.reset();
          loop.enable();
          timeAnswers = [];
        } else if (message.type === 'stats') {
          const sorted = [...timeAnswers].sort((a, b) => a - b);
          const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
          send({ type: 'stats', loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6, timeAnsweredP99Ms: at(0.99), timeAnsweredMaxMs: at(1) });
        } else if (message.type === 'close') {
          close();
        }
      });
      process.on('disconnect', close);
      send({ type: 'ready', ...started.ready });
    },
    (error: unknown) => {
      console.error(error);
      removeDirectory();
      process.exit(1);
    },
  );
}
