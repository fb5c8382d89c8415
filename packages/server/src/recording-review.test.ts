/**
 * Recordings' final files for supervisors: HTTP range requests (what a <video> seeks with), their authorisation per
 * sitting, and the short-lived links a <video src> uses instead of an Authorization header.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_LINK_TTL_MS } from '@examroom/adapters/rest';
import { api, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, type SeededExam, type TestServer } from './test-support/server.js';

let server: TestServer;
let exam: SeededExam;
let candidate: string;
let supervisor: string;
let stranger: string;
const recordings: { webm: { id: string; bytes: Buffer }; mp4: { id: string; bytes: Buffer }; open: string } = {} as never;

/** A recording part of `kind` uploaded whole over tus and completed; answers its id. */
async function uploaded(kind: 'camera' | 'screen', mimeType: string, bytes: Buffer): Promise<string> {
  const created = await api<{ recordingId: string; uploadUrl: string }>(server, 'POST', '/me/recordings', { token: candidate, body: { kind, mimeType } });
  expect(created.status).toBe(201);
  const patch = await fetch(created.body.uploadUrl, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${candidate}`, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(patch.status).toBe(204);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const done = await api(server, 'POST', `/recordings/${created.body.recordingId}/complete`, { token: candidate, body: { totalBytes: bytes.length, sha256 } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return created.body.recordingId;
}

const fileUrl = (id: string, link?: string) => `${server.baseUrl}/api/v1/supervisor/recordings/${id}/file${link ? `?link=${link}` : ''}`;
const get = (id: string, headers: Record<string, string> = {}, bearer: string | null = supervisor) =>
  fetch(fileUrl(id), { headers: { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });

beforeAll(async () => {
  server = await startServer();
  exam = await seedExam(server, 1);
  candidate = await login(server, exam, 0);
  await enter(server, candidate);
  // Bytes that are no WebM or MP4 the finaliser can read are kept as received: the final file is exactly them.
  recordings.webm = { id: '', bytes: randomBytes(100_000) };
  recordings.webm.id = await uploaded('camera', 'video/webm;codecs=vp8,opus', recordings.webm.bytes);
  recordings.mp4 = { id: '', bytes: randomBytes(50_000) };
  recordings.mp4.id = await uploaded('screen', 'video/mp4', recordings.mp4.bytes);
  recordings.open = (await api<{ recordingId: string }>(server, 'POST', '/me/recordings', { token: candidate, body: { kind: 'camera', mimeType: 'video/webm' } })).body.recordingId;
  supervisor = await supervisorToken(server, [exam.examId]);
  const other = await seedExam(server, 1);
  stranger = await supervisorToken(server, [other.examId]);
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('a recording’s file, for supervisors', () => {
  it('answers the whole final file with Accept-Ranges and its type', async () => {
    const response = await get(recordings.webm.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toMatch(/^video\/webm/);
    expect(response.headers.get('content-length')).toBe(String(recordings.webm.bytes.length));
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(readFileSync(server.app.examroom.uploads.finalPathOf({ id: recordings.webm.id, mimeType: 'video/webm' })))).toBe(true);
    const mp4 = await get(recordings.mp4.id);
    expect(mp4.status).toBe(200);
    expect(mp4.headers.get('content-type')).toMatch(/^video\/mp4/);
    await mp4.arrayBuffer();
  });

  it('answers a byte range with 206 and Content-Range: closed, open-ended and suffix', async () => {
    const size = recordings.webm.bytes.length;
    const cases: [string, number, number][] = [
      ['bytes=100-199', 100, 199],
      ['bytes=99000-', 99_000, size - 1],
      ['bytes=-500', size - 500, size - 1],
    ];
    for (const [range, first, last] of cases) {
      const response = await get(recordings.webm.id, { range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range'), range).toBe(`bytes ${first}-${last}/${size}`);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(recordings.webm.bytes.subarray(first, last + 1)), range).toBe(true);
    }
  });

  it('answers a range beyond the file with 416 RANGE_NOT_SATISFIABLE and the size', async () => {
    const response = await get(recordings.webm.id, { range: `bytes=${recordings.webm.bytes.length}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${recordings.webm.bytes.length}`);
    expect(await response.json()).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
  });

  it('is refused without a token, to a candidate, to a supervisor of another sitting, and before the part is complete', async () => {
    const refusals: [Response, number, string][] = [
      [await get(recordings.webm.id, {}, null), 401, 'UNAUTHENTICATED'],
      [await get(recordings.webm.id, {}, 'forged-token-0123456789'), 401, 'UNAUTHENTICATED'],
      [await get(recordings.webm.id, {}, candidate), 403, 'FORBIDDEN'],
      [await get(recordings.webm.id, {}, stranger), 403, 'FORBIDDEN'],
      [await get(recordings.open), 404, 'NOT_FOUND'],
      [await get('rec_no_such_recording'), 404, 'NOT_FOUND'],
      [await get('..%2F..%2Fexamroom.sqlite'), 404, 'NOT_FOUND'],
    ];
    for (const [response, status, code] of refusals) {
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([status, code]);
    }
  });
});

describe('a link for a <video src>', () => {
  it('opens the file with ranges and no Authorization header, until it expires on the server’s clock', async () => {
    const made = await api<{ url: string; expiresAt: number }>(server, 'POST', `/supervisor/recordings/${recordings.webm.id}/link`, { token: supervisor });
    expect(made.status).toBe(201);
    const now = (await api<{ serverTime: number }>(server, 'GET', '/time')).body.serverTime;
    expect(made.body.expiresAt).toBeLessThanOrEqual(now + RECORDING_LINK_TTL_MS);
    expect(made.body.url).toMatch(new RegExp(`^/api/v1/supervisor/recordings/${recordings.webm.id}/file\\?link=[A-Za-z0-9_-]+$`));
    const ranged = await fetch(`${server.baseUrl}${made.body.url}`, { headers: { range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(recordings.webm.bytes.subarray(0, 10))).toBe(true);
    // Not for another recording, nor forged.
    const link = new URL(made.body.url, server.baseUrl).searchParams.get('link')!;
    for (const url of [fileUrl(recordings.mp4.id, link), fileUrl(recordings.webm.id, 'forged-link-0123456789')]) {
      const refused = await fetch(url);
      expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, 'RECORDING_LINK_INVALID']);
    }
    // A moment before it expires it still opens; at its expiry it does not.
    await api(server, 'POST', '/dev/clock', { body: { now: made.body.expiresAt - 1 } });
    expect((await fetch(`${server.baseUrl}${made.body.url}`, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
    await api(server, 'POST', '/dev/clock', { body: { now: made.body.expiresAt } });
    const expired = await fetch(`${server.baseUrl}${made.body.url}`);
    expect([expired.status, ((await expired.json()) as { code: string }).code]).toEqual([403, 'RECORDING_LINK_INVALID']);
  });

  it('dies with the supervisor’s session, and is made only for a recording of a sitting they watch', async () => {
    const own = await supervisorToken(server, [exam.examId]);
    const made = await api<{ url: string }>(server, 'POST', `/supervisor/recordings/${recordings.mp4.id}/link`, { token: own });
    expect(made.status).toBe(201);
    expect((await fetch(`${server.baseUrl}${made.body.url}`)).status).toBe(200);
    expect((await api(server, 'DELETE', '/sessions/current', { token: own })).status).toBe(204);
    const after = await fetch(`${server.baseUrl}${made.body.url}`);
    expect([after.status, ((await after.json()) as { code: string }).code]).toEqual([403, 'RECORDING_LINK_INVALID']);
    const refused = await api(server, 'POST', `/supervisor/recordings/${recordings.mp4.id}/link`, { token: stranger });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});
