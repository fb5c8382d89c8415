/**
 * The administrator's exports as the reference server writes them, beyond the contract suite: a candidate's archive
 * holds the very files on disk, and is streamed — a candidate with a recording of hundreds of megabytes costs the
 * server a few buffers, not the file's size.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, truncateSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzip } from '../../adapters/src/contract/admin-files.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, type SeededExam, type TestServer } from './test-support/server.js';

let server: TestServer;
let exam: SeededExam;
let candidate: string;
let admin: string;
const recordings: { camera: string; screen: string } = { camera: '', screen: '' };

async function uploaded(kind: 'camera' | 'screen', mimeType: string, bytes: Buffer): Promise<string> {
  const created = await api<{ recordingId: string; uploadUrl: string }>(server, 'POST', '/me/recordings', { token: candidate, body: { kind, mimeType } });
  expect(created.status).toBe(201);
  const patch = await fetch(created.body.uploadUrl, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${candidate}`, 'upload-offset': '0', 'upload-length': String(bytes.length), 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(patch.status).toBe(204);
  const done = await api(server, 'POST', `/recordings/${created.body.recordingId}/complete`, {
    token: candidate,
    body: { totalBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return created.body.recordingId;
}

const archiveUrl = (candidateId: string) => `${server.baseUrl}/api/v1/admin/candidates/${candidateId}/archive.zip`;

beforeAll(async () => {
  server = await startServer({ testClock: true });
  exam = await seedExam(server, 1);
  candidate = await login(server, exam, 0);
  await enter(server, candidate);
  recordings.camera = await uploaded('camera', 'video/webm;codecs=vp8,opus', randomBytes(120_000));
  recordings.screen = await uploaded('screen', 'video/webm', randomBytes(40_000));
  const seeded = await api(server, 'POST', '/dev/administrators', { body: { username: 'archivist', password: 'archivist-password' } });
  expect(seeded.status).toBe(201);
  admin = (await api<{ token: string }>(server, 'POST', '/admin/login', { body: { username: 'archivist', password: 'archivist-password' } })).body.token;
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('a candidate’s archive', () => {
  it('holds the final files on disk byte for byte', async () => {
    const response = await fetch(archiveUrl(exam.candidates[0]!.id), { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    const entries = await unzip(Buffer.from(await response.arrayBuffer()));
    expect([...entries.keys()]).toEqual(['timeline.json', 'camera-part1.webm', 'screen-part1.webm']);
    const { uploads } = server.app.examroom;
    expect(entries.get('camera-part1.webm')!.equals(readFileSync(uploads.finalPathOf({ id: recordings.camera, mimeType: 'video/webm' })))).toBe(true);
    expect(entries.get('screen-part1.webm')!.equals(readFileSync(uploads.finalPathOf({ id: recordings.screen, mimeType: 'video/webm' })))).toBe(true);
  });

  it('streams a recording of hundreds of megabytes without holding it in memory', async () => {
    // A sparse file: the disk holds nearly nothing, the archive reads and sends every byte.
    const size = 384 * 1024 * 1024;
    truncateSync(server.app.examroom.uploads.finalPathOf({ id: recordings.screen, mimeType: 'video/webm' }), size);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let received = 0;
    const response = await fetch(archiveUrl(exam.candidates[0]!.id), { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      received += chunk.value.byteLength;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(received).toBeGreaterThan(size);
    // Reading the whole file into memory would add at least its 384 MB.
    expect(peak - before).toBeLessThan(160 * 1024 * 1024);
  }, 180_000);
});
