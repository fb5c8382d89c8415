/**
 * The phone's MP4 evidence (iOS Safari, or Chromium forced to 'video/mp4') finalised on the real server: a fragmented
 * MP4 made by ffmpeg the way MediaRecorder writes one (empty moov, mvhd duration 0, moof+mdat fragments) is uploaded
 * over tus by a paired phone and completed. The final `<id>.mp4` is the received bytes with its durations written in
 * place, kept beside the bytes as received; ffprobe finds its duration and ffmpeg decodes it without an error.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tusUpload } from '../../adapters/src/contract/http.js';
import { checkMedia, ensureFfmpeg } from '../test-browser/media-check.js';
import { readMp4Layout } from './mp4-duration.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, type SeededExam, type TestServer } from './test-support/server.js';

const run = promisify(execFile);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: TestServer;
let exam: SeededExam;
let work: string;
/** 3 s of test picture and tone, fragmented at every keyframe (one a second). */
let fragmented: Buffer;
/** The same picture as a plain MP4 (samples in the moov, as a camera app writes it). */
let plain: Buffer;

beforeAll(async () => {
  await ensureFfmpeg();
  work = mkdtempSync(join(tmpdir(), 'examroom-mp4-'));
  const path = join(work, 'fragmented.mp4');
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=duration=3:size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3',
    '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    '-movflags', 'frag_keyframe+empty_moov+default_base_moof',
    path,
  ]);
  fragmented = readFileSync(path);
  const plainPath = join(work, 'plain.mp4');
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x120:rate=25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', plainPath]);
  plain = readFileSync(plainPath);
  server = await startServer();
  exam = await seedExam(server, 2);
}, 120_000);

afterAll(async () => {
  await server?.close();
  removeTempDirs();
  rmSync(work, { recursive: true, force: true });
});

/** The movie's duration in seconds as its mvhd says (version 0 or 1). */
function mvhdSeconds(file: Uint8Array): number {
  const at = Buffer.from(file).indexOf('mvhd') + 4;
  const view = new DataView(file.buffer, file.byteOffset + at);
  return view.getUint8(0) === 1 ? Number(view.getBigUint64(24)) / view.getUint32(20) : view.getUint32(16) / view.getUint32(12);
}

const byteSource = (bytes: Uint8Array) => ({ size: bytes.length, read: (position: number, length: number) => bytes.subarray(position, position + length) });

/** A candidate of the seeded exam enters with their phone paired and recording; answers the phone's token. */
async function phoneOf(index: number): Promise<string> {
  const token = await login(server, exam, index, `mp4-device-${index}-key`);
  const pairing = await api(server, 'POST', '/me/pairing', { token });
  const phone = (await api(server, 'POST', '/phone/sessions', { body: { code: pairing.body.code } })).body.token as string;
  expect((await api(server, 'PUT', '/phone/evidence', { token: phone, body: { state: 'recording' } })).status).toBe(200);
  await enter(server, token);
  return phone;
}

async function uploadEvidence(phone: string, bytes: Uint8Array) {
  const created = await api(server, 'POST', '/phone/recordings', { token: phone, body: { mimeType: 'video/mp4;codecs=avc1,mp4a.40.2' } });
  expect(created.status).toBe(201);
  const { recordingId, uploadUrl } = created.body as { recordingId: string; uploadUrl: string };
  const target = { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
  await tusUpload(target, uploadUrl, phone, bytes, { chunkSize: 16_000 });
  const done = await api(server, 'POST', `/recordings/${recordingId}/complete`, { token: phone, body: { totalBytes: bytes.length, sha256: sha256(bytes) } });
  return { recordingId, done };
}

describe('the phone’s MP4 evidence', () => {
  it('reads a fragmented MP4’s duration from its fragments, with durations to write in place', () => {
    expect(mvhdSeconds(fragmented)).toBe(0);
    const layout = readMp4Layout(byteSource(fragmented))!;
    expect(layout.end).toBe(fragmented.length);
    // The longer track: the tone's last AAC frame ends a little after the 3 s of picture.
    expect(layout.durationMs).toBeGreaterThanOrEqual(3000);
    expect(layout.durationMs).toBeLessThan(3200);
    expect(readMp4Layout(byteSource(new TextEncoder().encode('not an mp4 at all, just text')))).toBeNull();
    // A crafted file — an mvhd claiming a gigabyte, or one cut short — is not read into memory: kept as received.
    const crafted = Buffer.alloc(32);
    crafted.write('\0\0\0\x10ftypisom\0\0\0\0', 0, 'latin1');
    crafted.writeUInt32BE(0x7000_0000, 16);
    crafted.write('moov', 20, 'latin1');
    crafted.writeUInt32BE(0x4000_0000, 24);
    crafted.write('mvhd', 28, 'latin1');
    const refusingWholeReads = {
      size: 2 ** 31,
      read(position: number, length: number) {
        if (length > 1024 * 1024) throw new Error(`read ${length} bytes at once`);
        const bytes = new Uint8Array(length);
        bytes.set(crafted.subarray(position, position + length));
        return bytes;
      },
    };
    expect(readMp4Layout(refusingWholeReads)).toBeNull();
    const short = Buffer.from(fragmented);
    short.writeUInt32BE(12, short.indexOf('mvhd') - 4);
    expect(readMp4Layout(byteSource(short))).toBeNull();
    // A plain (unfragmented) MP4 says its duration already: nothing is written.
    expect(readMp4Layout(byteSource(plain))).toMatchObject({ end: plain.length, patches: [], durationMs: expect.closeTo(3000, -2) });
  });

  it('is stored as <id>.mp4 with its duration written, the received bytes kept beside it, and plays', async () => {
    const phone = await phoneOf(0);
    const { recordingId, done } = await uploadEvidence(phone, fragmented);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: recordingId, kind: 'evidence', complete: true, clientSha256: sha256(fragmented) });
    expect(done.body.durationMs).toBeGreaterThanOrEqual(3000);

    const { uploads } = server.app.examroom;
    const finalPath = uploads.finalPathOf({ id: recordingId, mimeType: 'video/mp4' });
    expect(finalPath).toBe(`${server.dataDir}/recordings/${recordingId}.mp4`);
    const final = readFileSync(finalPath);
    expect(done.body.serverSha256).toBe(sha256(final));
    // The same bytes but for the few duration fields.
    expect(final.length).toBe(fragmented.length);
    expect([...final].filter((byte, i) => byte !== fragmented[i]).length).toBeLessThanOrEqual(3 * 8);
    expect(mvhdSeconds(final)).toBeCloseTo(done.body.durationMs / 1000, 2);
    expect(readFileSync(`${server.dataDir}/recordings/${recordingId}.received.mp4`).equals(fragmented)).toBe(true);
    expect(readFileSync(uploads.pathOf(recordingId)).equals(fragmented)).toBe(true);

    const check = await checkMedia(finalPath);
    expect(check.errors).toEqual([]);
    expect(check.durationS).toBeCloseTo(done.body.durationMs / 1000, 1);
  }, 60_000);

  it('ends a recording cut off in a fragment at its last complete one, which still plays', async () => {
    const phone = await phoneOf(1);
    const cut = fragmented.subarray(0, fragmented.length - 5_000);
    const { recordingId, done } = await uploadEvidence(phone, cut);
    expect(done.status).toBe(200);
    const final = readFileSync(server.app.examroom.uploads.finalPathOf({ id: recordingId, mimeType: 'video/mp4' }));
    expect(final.length).toBeLessThan(cut.length);
    expect(done.body.durationMs).toBeGreaterThan(0);
    expect(done.body.durationMs).toBeLessThan(3000);
    const path = join(work, 'cut-final.mp4');
    writeFileSync(path, final);
    const check = await checkMedia(path);
    expect(check.errors).toEqual([]);
    expect(check.durationS).toBeCloseTo(done.body.durationMs / 1000, 1);
  }, 60_000);
});
