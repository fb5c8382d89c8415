/**
 * The server under load in the load scenario (bench/load.ts), run as a child process of the bench so that the load
 * generator's requests and timers do not share its event loop and its peak memory is its own (/proc/<pid>/status).
 * bench/run.mjs bundles it as load-server.mjs beside main.mjs (and the finalisation worker beside both).
 *
 *   node load-server.mjs examroom <candidates>  — the reference server (buildApp: SQLite, tus, helmet, the domain)
 *       on a temporary data directory with the dev routes on, and one exam whose sitting has <candidates> candidates;
 *   node load-server.mjs tus                    — a bare @tus/server with a @tus/file-store on a plain node:http
 *       server on a temporary directory: no authentication, no database, nothing per request of its own.
 *
 * Tells the parent `{ type: 'ready', … }` over the IPC channel; on `{ type: 'measure' }` starts watching its event
 * loop's delay, on `{ type: 'stats' }` answers it (`{ type: 'stats', … }`), and on `{ type: 'close' }` closes, removes
 * its directory and exits (also when the parent goes away).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { buildApp } from '../packages/server/src/app.js';
import { removeTempDirs, seedExam, tempDir, type SeededExam } from '../packages/server/src/test-support/server.js';

/** Where the bare tus server creates its uploads (POST) and serves them (PATCH, HEAD). */
const BARE_TUS_PATH = '/files';

export type LoadTarget = 'examroom' | 'tus';

/** `creationUrl`: the bare tus server's creation endpoint; `exam`: examroom's seeded exam, its candidates' passwords. */
export type LoadServerReady = { readonly type: 'ready'; readonly baseUrl: string; readonly creationUrl?: string; readonly exam?: SeededExam };
/** The server's event loop delay since `measure` (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
export type LoadServerStats = { readonly type: 'stats'; readonly loopDelayP99Ms: number; readonly loopDelayMaxMs: number };
export type LoadServerRequest = { readonly type: 'measure' | 'stats' | 'close' };

async function startExamroom(candidates: number): Promise<{ baseUrl: string; exam: SeededExam; close(): Promise<void> }> {
  const dataDir = tempDir('examroom-load-');
  const app = await buildApp({ dataDir, testClock: true, logger: false, demo: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = app.examroom.origin();
  const exam = await seedExam({ app, baseUrl, dataDir, close: () => app.close() }, candidates);
  return { baseUrl, exam, close: () => app.close() };
}

async function startBareTus(): Promise<{ baseUrl: string; creationUrl: string; close(): Promise<void> }> {
  const tus = new TusServer({ path: BARE_TUS_PATH, datastore: new FileStore({ directory: tempDir('examroom-load-tus-') }) });
  const server = createServer((request, response) => void tus.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    creationUrl: `http://127.0.0.1:${port}${BARE_TUS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function run(): Promise<void> {
  const [target, candidates] = process.argv.slice(2);
  if (!process.send) throw new Error('load-server runs as a child of the bench (an IPC channel is needed)');
  const started = target === 'examroom' ? await startExamroom(Number(candidates)) : target === 'tus' ? await startBareTus() : null;
  if (!started) throw new Error(`load-server: unknown target ${target}`);
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    void started.close().finally(() => {
      removeTempDirs();
      process.exit(0);
    });
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  process.on('message', (message: LoadServerRequest) => {
    if (message.type === 'measure') {
      loop.reset();
      loop.enable();
    } else if (message.type === 'stats') {
      const stats: LoadServerStats = { type: 'stats', loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6 };
      process.send?.(stats);
    } else if (message.type === 'close') {
      close();
    }
  });
  process.on('disconnect', close);
  const ready: LoadServerReady = {
    type: 'ready',
    baseUrl: started.baseUrl,
    ...('exam' in started ? { exam: started.exam } : {}),
    ...('creationUrl' in started ? { creationUrl: started.creationUrl } : {}),
  };
  process.send(ready);
}

run().catch((error: unknown) => {
  console.error(error);
  removeTempDirs();
  process.exit(1);
});
