import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { api, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, type SeededExam, type TestServer } from './test-support/server.js';

let server: TestServer;
let exam: SeededExam;
let token: string;
let otherToken: string;

beforeAll(async () => {
  server = await startServer();
  exam = await seedExam(server, 2);
  token = await login(server, exam, 0);
  otherToken = await login(server, exam, 1);
  await enter(server, token);
  await enter(server, otherToken);
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

/** The candidate's next camera part; an earlier test's part still open is abandoned first (one open part per kind). */
async function newRecording(bearer = token): Promise<{ recordingId: string; uploadUrl: string }> {
  const create = () => api(server, 'POST', '/me/recordings', { token: bearer, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } });
  let created = await create();
  if (created.status === 409) {
    expect(created.body.code).toBe('RECORDING_ALREADY_OPEN');
    expect((await api(server, 'POST', `/recordings/${created.body.recordingId}/abandon`, { token: bearer })).status).toBe(200);
    created = await create();
  }
  expect(created.status).toBe(201);
  return created.body;
}

function tusRequest(method: string, url: string, headers: Record<string, string> = {}) {
  return fetch(url, { method, headers: { 'Tus-Resumable': '1.0.0', ...headers } });
}

async function serverOffset(url: string, bearer = token): Promise<number> {
  const head = await tusRequest('HEAD', url, { authorization: `Bearer ${bearer}` });
  expect(head.status).toBe(200);
  return Number(head.headers.get('upload-offset'));
}

/** Uploads with tus-js-client; `cutAfter` aborts the client once that many bytes were acknowledged. */
function upload(source: Buffer, uploadUrl: string, options: { chunkSize: number; cutAfter?: number }): Promise<'finished' | 'cut'> {
  return new Promise((resolve, reject) => {
    const client = new Upload(source, {
      uploadUrl,
      uploadLengthDeferred: true,
      chunkSize: options.chunkSize,
      headers: { Authorization: `Bearer ${token}` },
      retryDelays: [],
      onChunkComplete: (_chunk, accepted) => {
        if (options.cutAfter !== undefined && accepted >= options.cutAfter) void client.abort().then(() => resolve('cut'), reject);
      },
      onSuccess: () => resolve('finished'),
      onError: reject,
    });
    client.start();
  });
}

/**
 * A PATCH whose connection dies once some of its body is on the server's disk, before `declared` bytes were sent: the
 * client is cut off mid-request.
 */
function cutOffPatch(url: string, offset: number, chunk: Buffer, declared: number): Promise<void> {
  const received = server.app.examroom.uploads.pathOf(new URL(url).pathname.split('/').pop()!);
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(declared),
        Authorization: `Bearer ${token}`,
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(chunk, () => void onDiskBeyond(received, offset).then(() => req.destroy()));
  });
}

/** Resolves once the file as received holds more than `offset` bytes. */
async function onDiskBeyond(file: string, offset: number): Promise<void> {
  while ((await stat(file)).size <= offset) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('tus uploads', () => {
  it('creates the upload with the recording and gives an absolute upload URL; clients cannot create uploads', async () => {
    const { recordingId, uploadUrl } = await newRecording();
    expect(uploadUrl).toBe(`${server.baseUrl}/api/v1/uploads/${recordingId}`);
    const head = await tusRequest('HEAD', uploadUrl, { authorization: `Bearer ${token}` });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(head.headers.get('upload-defer-length')).toBe('1');

    const create = await tusRequest('POST', `${server.baseUrl}/api/v1/uploads`, { authorization: `Bearer ${token}`, 'upload-defer-length': '1' });
    expect(create.status).toBe(403);
    expect(await create.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('receives a whole upload, resumed after the client was cut off twice, byte for byte', async () => {
    const { recordingId, uploadUrl } = await newRecording();
    const source = randomBytes(700_000);

    // 1. The client goes away after its first chunk was acknowledged.
    expect(await upload(source, uploadUrl, { chunkSize: 100_000, cutAfter: 100_000 })).toBe('cut');
    const afterAbort = await serverOffset(uploadUrl);
    expect(afterAbort).toBeGreaterThanOrEqual(100_000);
    expect(afterAbort).toBeLessThan(source.length);

    // 2. The connection dies in the middle of a PATCH body; what arrived is kept.
    await cutOffPatch(uploadUrl, afterAbort, source.subarray(afterAbort, afterAbort + 50_000), 200_000);
    const afterCut = await serverOffset(uploadUrl);
    expect(afterCut).toBeGreaterThan(afterAbort);
    expect(afterCut).toBeLessThanOrEqual(afterAbort + 50_000);

    // 3. A new client with the same URL asks the server where to go on, and finishes.
    expect(await upload(source, uploadUrl, { chunkSize: 150_000 })).toBe('finished');
    const file = readFileSync(server.app.examroom.uploads.pathOf(recordingId));
    expect(file.length).toBe(source.length);
    expect(file.equals(source)).toBe(true);

    // Received in full; complete only once the client's declaration is checked.
    // Written within the progress interval (upload-progress.ts), not after every PATCH.
    await expect.poll(() => server.app.examroom.repo.getRecording(recordingId), { timeout: 20_000 }).toMatchObject({ bytesReceived: source.length, complete: false });
    const sha256 = createHash('sha256').update(source).digest('hex');
    const done = await api(server, 'POST', `/recordings/${recordingId}/complete`, { token, body: { totalBytes: source.length, sha256 } });
    expect(done.status).toBe(200);
    const supervisor = await supervisorToken(server, [exam.examId]);
    const listed = await api(server, 'GET', `/supervisor/candidates/${exam.candidates[0]!.id}/recordings`, { token: supervisor });
    expect(listed.body).toContainEqual(expect.objectContaining({ id: recordingId, bytesReceived: source.length, complete: true, clientSha256: sha256 }));
  });

  it('answers HEAD with Content-Length: 0, so that a Node client keeps its connection for the next PATCH', async () => {
    const { uploadUrl } = await newRecording();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, headers: Record<string, string>, body?: Buffer) =>
      new Promise<{ status: number; headers: Record<string, unknown>; reusedSocket: boolean }>((resolve, reject) => {
        const req = httpRequest(uploadUrl, { method, agent, headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}`, ...headers } });
        req.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, reusedSocket: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      // The first HEAD goes through the route (authorised by the domain), the second through the fast path.
      const first = await send('HEAD', {});
      expect(first).toMatchObject({ status: 200, headers: { 'content-length': '0', 'upload-offset': '0' }, reusedSocket: false });
      const second = await send('HEAD', {});
      expect(second).toMatchObject({ status: 200, headers: { 'content-length': '0' }, reusedSocket: true });
      const chunk = randomBytes(1000);
      const patch = await send('PATCH', { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(chunk.length) }, chunk);
      expect(patch).toMatchObject({ status: 204, headers: { 'upload-offset': '1000' }, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });

  it('records the progress of the PATCHes within a few seconds', async () => {
    const { recordingId, uploadUrl } = await newRecording();
    const source = randomBytes(30_000);
    await upload(source, uploadUrl, { chunkSize: 10_000, cutAfter: 20_000 });
    await expect.poll(() => server.app.examroom.repo.getRecording(recordingId), { timeout: 20_000 }).toMatchObject({ bytesReceived: 20_000, complete: false });
  });

  it('authorises every HEAD and PATCH: no token 401, someone else’s upload 403, unknown 404', async () => {
    const { uploadUrl } = await newRecording();
    const patch = (headers: Record<string, string>) =>
      tusRequest('PATCH', uploadUrl, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', ...headers });

    const anonymous = await patch({});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    const stranger = await patch({ authorization: `Bearer ${otherToken}` });
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ code: 'FORBIDDEN' });

    const supervisor = await supervisorToken(server, [exam.examId]);
    expect((await tusRequest('HEAD', uploadUrl, { authorization: `Bearer ${supervisor}` })).status).toBe(403);

    const unknown = await tusRequest('HEAD', `${server.baseUrl}/api/v1/uploads/rec_doesnotexist`, { authorization: `Bearer ${token}` });
    expect(unknown.status).toBe(404);
    expect(await serverOffset(uploadUrl)).toBe(0);
  });

  it('rejects path-traversal ids without touching the disk', async () => {
    for (const id of ['..%2Fexamroom.sqlite', '..%2F..%2Fetc%2Fpasswd', '%2E%2E', 'rec%00', 'a.json', '..']) {
      const response = await tusRequest('PATCH', `${server.baseUrl}/api/v1/uploads/${id}`, {
        authorization: `Bearer ${token}`,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      });
      expect(response.status, id).toBe(404);
    }
    expect(existsSync(`${server.dataDir}/examroom.sqlite`)).toBe(true);
  });

  it('bounds a PATCH of unknown length (chunked) by the recording’s quota too', async () => {
    const { recordingId, uploadUrl } = await newRecording();
    const quota = await server.app.examroom.domain.recordingQuota(recordingId);
    const piece = randomBytes(256 * 1024);
    let sent = 0;
    // Twice the quota in pieces, with no Content-Length: only tus's own limit can stop it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * quota) return controller.close();
        sent += piece.length;
        controller.enqueue(piece);
      },
    });
    const response = await fetch(uploadUrl, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await serverOffset(uploadUrl)).toBeLessThanOrEqual(quota);
  });

  it('never lets a client delete a recording (R31)', async () => {
    const { recordingId, uploadUrl } = await newRecording();
    const response = await tusRequest('DELETE', uploadUrl, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(403);
    expect(existsSync(server.app.examroom.uploads.pathOf(recordingId))).toBe(true);
  });

  it('answers tus OPTIONS discovery', async () => {
    const { uploadUrl } = await newRecording();
    const response = await tusRequest('OPTIONS', uploadUrl);
    expect(response.status).toBe(204);
    expect(response.headers.get('tus-extension')).toContain('creation-defer-length');
  });
});
