/**
 * The real examroom server for the bench (temporary data directory, dev routes on, no logging) with the bench page
 * added on its own origin, and a count of the body bytes every tus PATCH delivered.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform, pipeline } from 'node:stream';
import { buildApp } from '../packages/server/src/app.js';
import { enter, login, removeTempDirs, seedExam, tempDir, type TestServer } from '../packages/server/src/test-support/server.js';

/** Where the page is served; the API and the uploads are under /api/v1 on the same origin. */
export const PAGE_PATH = '/bench/';
const SCRIPT_PATH = '/bench/page.js';

/**
 * The server's own Content-Security-Policy ('self' scripts only) plus 'wasm-unsafe-eval': the recording's SHA-256
 * runs on hash-wasm, which compiles WebAssembly.
 */
const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; media-src 'self' blob:; " +
  "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'";

export interface BenchServer extends TestServer {
  /** The bench page's absolute URL. */
  readonly pageUrl: string;
  /** PATCH body bytes the tus store received for a recording, including retried and cut-off requests. */
  bytesReceived(recordingId: string): number;
  /** A fresh exam with one candidate who has logged in and entered: the candidate's token. */
  candidateToken(): Promise<string>;
}

export async function startBenchServer(pageScript: string): Promise<BenchServer> {
  const dataDir = tempDir('examroom-bench-');
  const app = await buildApp({ dataDir, testClock: true, logger: false, demo: false });
  const script = await readFile(pageScript);
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>examroom bench</title></head>\n<body><script src="${SCRIPT_PATH}"></script></body></html>\n`;
  app.get(PAGE_PATH, async (_request, reply) => reply.header('Content-Security-Policy', PAGE_CSP).type('text/html; charset=utf-8').send(html));
  app.get(SCRIPT_PATH, async (_request, reply) => reply.header('Cache-Control', 'no-store').type('text/javascript; charset=utf-8').send(script));

  // Count what reaches the tus store: every PATCH body passes through FileStore.write, also one the client cut off.
  const received = new Map<string, number>();
  const store = app.examroom.uploads.store;
  const write = store.write.bind(store);
  store.write = (readable: Readable, id: string, offset: number) => {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received.set(id, (received.get(id) ?? 0) + chunk.length);
        callback(null, chunk);
      },
    });
    // A request that breaks off fails the counter too, so the store's write ends as it would have.
    pipeline(readable, counter, () => undefined);
    return write(counter, id, offset);
  };

  await app.listen({ port: 0, host: '127.0.0.1' });
  const server: TestServer = { app, baseUrl: app.examroom.origin(), dataDir, close: () => app.close() };
  return {
    ...server,
    pageUrl: `${server.baseUrl}${PAGE_PATH}`,
    bytesReceived: (recordingId) => received.get(recordingId) ?? 0,
    async candidateToken() {
      const exam = await seedExam(server, 1);
      const token = await login(server, exam, 0);
      await enter(server, token);
      return token;
    },
    async close() {
      await app.close();
      removeTempDirs();
    },
  };
}
