/**
 * The browser's upload path against the real server: the tus transport passes the UploadTransport contract, and
 * with core's upload queue it gets a recording across a lost response and a server restart, byte for byte.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DefaultHttpStack, type HttpStack } from 'tus-js-client';
import { createUploadQueue, type RecordingProgress } from '@examroom/core';
import { createMemoryChunkStore } from '@examroom/core/testing';
import { createRecordingCompleter } from '@examroom/adapters/rest';
import { createTusTransport } from '@examroom/adapters/tus';
import { describeUploadTransportContract } from '../../core/src/testing/upload-transport.contract.js';
import { buildApp } from './app.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, tempDir, type TestServer } from './test-support/server.js';

const running = new Set<TestServer>();
afterAll(async () => {
  for (const server of running) await server.close();
  running.clear();
  removeTempDirs();
});

async function start(options: { dataDir?: string; port?: number } = {}): Promise<TestServer> {
  let server: TestServer;
  if (options.port === undefined) {
    server = await startServer(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  } else {
    // The same address again, as after a restart: the upload URLs the client holds stay valid.
    const dataDir = options.dataDir ?? tempDir();
    const app = await buildApp({ dataDir, testClock: true, demo: true });
    await app.listen({ port: options.port, host: '127.0.0.1' });
    server = { app, baseUrl: app.examroom.origin(), dataDir, close: () => app.close() };
  }
  running.add(server);
  return server;
}

async function stop(server: TestServer): Promise<void> {
  running.delete(server);
  await server.close();
}

/** A candidate who has entered the exam and may create recordings. */
async function candidate(server: TestServer): Promise<string> {
  const exam = await seedExam(server, 1);
  const token = await login(server, exam, 0);
  await enter(server, token);
  return token;
}

/** The candidate's next camera part; an earlier test's part still open is abandoned first (one open part per kind). */
async function newRecording(server: TestServer, token: string): Promise<{ recordingId: string; uploadUrl: string }> {
  const create = () =>
    api<{ recordingId: string; uploadUrl: string; code?: string }>(server, 'POST', '/me/recordings', { token, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } });
  let created = await create();
  const open = (created.body as { recordingId?: string }).recordingId;
  if (created.status === 409 && open) {
    await api(server, 'POST', `/recordings/${open}/abandon`, { token });
    created = await create();
  }
  if (created.status !== 201) throw new Error(`createRecording: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

const recordingIdOf = (uploadUrl: string) => new URL(uploadUrl).pathname.split('/').pop() ?? '';

interface CompleteCall {
  readonly uploadUrl: string;
  readonly totalBytes: number;
  readonly sha256: string;
}

/** The REST adapter's completion (POST /recordings/:id/complete), recording every call. */
function completer(server: () => TestServer, token: () => string) {
  const calls: CompleteCall[] = [];
  const complete = async (uploadUrl: string, totalBytes: number, sha256: string) => {
    calls.push({ uploadUrl, totalBytes, sha256 });
    await createRecordingCompleter({ baseUrl: server().baseUrl, token })(uploadUrl, totalBytes, sha256);
  };
  return { calls, complete };
}

describeUploadTransportContract('tus against the reference server', async () => {
  const server = await start();
  const token = await candidate(server);
  const { complete } = completer(() => server, () => token);
  return {
    transport: createTusTransport({ headers: () => ({ Authorization: `Bearer ${token}` }), complete }),
    newUpload: async () => (await newRecording(server, token)).uploadUrl,
    bytesOf: async (uploadUrl) => new Uint8Array(await readFile(join(server.dataDir, 'uploads', recordingIdOf(uploadUrl)))),
    cleanup: () => stop(server),
  };
});

/** Polls until `condition` holds. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('tus transport: the recording’s byte quota', () => {
  it('sees RECORDING_TOO_LARGE for data beyond the quota, and the server holds no byte past the quota', async () => {
    const server = await start();
    const token = await candidate(server);
    const { recordingId, uploadUrl } = await newRecording(server, token);
    const quota = await server.app.examroom.domain.recordingQuota(recordingId);
    const transport = createTusTransport({ headers: () => ({ Authorization: `Bearer ${token}` }), complete: async () => undefined });
    const session = await transport.open(uploadUrl);
    // A megabyte past the quota: more than the quota can grow in the moments this test takes.
    await expect(session.append(new Blob([randomBytes(quota + 1024 * 1024)]), 0)).rejects.toMatchObject({ code: 'RECORDING_TOO_LARGE' });
    // tus-js-client's Node stack sends no Content-Length, so tus cut the body at the quota rather than refusing it whole.
    expect(await session.offset()).toBeLessThanOrEqual(await server.app.examroom.domain.recordingQuota(recordingId));
  });
});

describe('tus transport with the upload queue, against the reference server', () => {
  it('uploads a recording across a lost response and a server restart, resuming at the server’s offset', async () => {
    const dataDir = tempDir();
    let server = await start({ dataDir });
    const port = Number(new URL(server.baseUrl).port);
    const token = await candidate(server);
    const { recordingId, uploadUrl } = await newRecording(server, token);

    // Every request the client makes, and how it ended. The second PATCH reaches the server but its response is
    // lost: only the server knows where the upload is.
    const base = new DefaultHttpStack({});
    const log: Array<{ method: string; offset: number; size: number; outcome: number | 'lost' | 'error' | 'pending' }> = [];
    const lossy: HttpStack = {
      getName: () => 'LossyHttpStack',
      createRequest(method, url) {
        const request = base.createRequest(method, url);
        const send = request.send.bind(request);
        request.send = async (body: Uint8Array | null) => {
          const entry = { method, offset: Number(request.getHeader('Upload-Offset') ?? -1), size: body?.length ?? 0, outcome: 'pending' as (typeof log)[number]['outcome'] };
          log.push(entry);
          try {
            const response = await send(body);
            if (method === 'PATCH' && log.filter((e) => e.method === 'PATCH').length === 2) {
              entry.outcome = 'lost';
              throw new Error('connection reset before the response');
            }
            entry.outcome = response.getStatus();
            return response;
          } catch (error) {
            if (entry.outcome === 'pending') entry.outcome = 'error';
            throw error;
          }
        };
        return request;
      },
    };
    const { calls, complete } = completer(() => server, () => token);
    const transport = createTusTransport({ headers: () => ({ Authorization: `Bearer ${token}` }), complete, httpStack: lossy });

    const store = createMemoryChunkStore();
    const queue = createUploadQueue({ store, transport, retry: { baseMs: 20, maxMs: 100 }, chunksInFlight: 2 });
    let progress: RecordingProgress | undefined;
    const errors = new Set<string>();
    queue.progress$.subscribe((list) => {
      progress = list.find((entry) => entry.recordingId === recordingId);
      if (progress?.error) errors.add(progress.error);
    });

    const chunks = Array.from({ length: 10 }, () => randomBytes(48 * 1024 + Math.floor(Math.random() * 1024)));
    const source = Buffer.concat(chunks);
    const bytesUpTo = (count: number) => chunks.slice(0, count).reduce((sum, chunk) => sum + chunk.length, 0);
    const record = async (from: number, to: number) => {
      for (const chunk of chunks.slice(from, to)) await store.appendChunk(recordingId, new Blob([chunk]));
      queue.kick();
    };

    await store.createRecording({ id: recordingId, kind: 'camera', mimeType: 'video/webm', uploadUrl, createdAt: Date.now() });
    await queue.start();
    await record(0, 4);
    await until(() => progress?.bytesAcknowledged === bytesUpTo(4), 'the first four chunks');
    // After the lost response the client asked the server, and went on from its offset: nothing was sent twice.
    const lost = log.findIndex((entry) => entry.outcome === 'lost');
    expect(log[lost]).toMatchObject({ method: 'PATCH', offset: bytesUpTo(1) });
    expect(log[lost + 1]).toMatchObject({ method: 'HEAD', outcome: 200 });
    expect(log[lost + 2]).toMatchObject({ method: 'PATCH', offset: bytesUpTo(2), outcome: 204 });

    // The server goes away while the recording goes on.
    await stop(server);
    await record(4, 7);
    await until(() => progress?.state === 'waitingForNetwork' && errors.has('NETWORK_ERROR'), 'the queue to wait for the server');
    const beforeRestart = log.length;

    server = await start({ dataDir, port });
    await record(7, 10);
    await store.markStopped(recordingId, createHash('sha256').update(source).digest('hex'));
    queue.kick();
    await until(() => queue.allAcknowledged(), 'every byte acknowledged and the upload finished', 20_000);
    queue.stop();

    // After the restart: the offset first, then on from the last byte the first server had.
    const afterRestart = log.slice(beforeRestart).filter((entry) => typeof entry.outcome === 'number');
    expect(afterRestart.slice(0, 2)).toMatchObject([
      { method: 'HEAD', outcome: 200 },
      { method: 'PATCH', offset: bytesUpTo(4), outcome: 204 },
    ]);
    // Every byte went over the wire exactly once (the empty PATCH declaring the length counts nothing).
    const delivered = log.filter((entry) => entry.method === 'PATCH' && (entry.outcome === 204 || entry.outcome === 'lost'));
    expect(delivered.reduce((sum, entry) => sum + entry.size, 0)).toBe(source.length);
    const file = await readFile(join(dataDir, 'uploads', recordingId));
    expect(file.length).toBe(source.length);
    expect(file.equals(source)).toBe(true);
    const sha256 = createHash('sha256').update(source).digest('hex');
    expect(calls).toEqual([{ uploadUrl, totalBytes: source.length, sha256 }]);
    // The server checked the SHA-256 and finalised the recording.
    expect(await server.app.examroom.repo.getRecording(recordingId)).toMatchObject({
      bytesReceived: source.length,
      complete: true,
      clientSha256: sha256,
    });
    // Acknowledged chunks are gone from the store, and so is the finished recording.
    expect(await store.listRecordings()).toEqual([]);
  });
});
