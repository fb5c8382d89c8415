/**
 * The MP4 path with a real recorder: Chromium's MediaRecorder forced to 'video/mp4' (what iOS Safari records) writes
 * a fragmented MP4 from the fake camera and microphone; a paired phone uploads it as evidence over tus to the real
 * server, which checks its SHA-256 and stores `<id>.mp4` with the duration MediaRecorder could not write. ffprobe
 * finds that duration and ffmpeg decodes the file without an error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../../adapters/test-browser/launch.js';
import { tusUpload } from '../../adapters/src/contract/http.js';
import { checkMedia } from '../test-browser/media-check.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, type TestServer } from './test-support/server.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: TestServer;
let chromium: LaunchedChromium;

beforeAll(async () => {
  server = await startServer();
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  removeTempDirs();
});

/** The movie's duration in its mvhd, in seconds (version 0 or 1). */
function mvhdSeconds(file: Uint8Array): number {
  const at = Buffer.from(file).indexOf('mvhd') + 4;
  const view = new DataView(file.buffer, file.byteOffset + at);
  return view.getUint8(0) === 1 ? Number(view.getBigUint64(24)) / view.getUint32(20) : view.getUint32(16) / view.getUint32(12);
}

describe('MP4 evidence from Chromium’s MediaRecorder', () => {
  it('is finalised with its duration and plays', async () => {
    const page = await chromium.context.newPage();
    // Any page of the server's origin: a secure context (127.0.0.1) where the fake camera may be opened.
    await page.goto(`${server.baseUrl}/phone.css`);
    const recorded = await page.evaluate(async () => {
      const type = ['video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4'].find((t) => MediaRecorder.isTypeSupported(t));
      if (!type) return { type: null, base64: '', recordedMs: 0, chunks: [] };
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
      const recorder = new MediaRecorder(stream, { mimeType: type });
      const chunks: Blob[] = [];
      // Chunks asked for every second, as the phone's recorder does (start(1000)); Chromium's MP4 muxer hands out
      // whole fragments, so some chunks are empty. Stopped once two fragments have come: a file of several.
      const enough = new Promise<void>((resolve) => {
        recorder.ondataavailable = (event) => {
          chunks.push(event.data);
          if (chunks.filter((chunk) => chunk.size > 0).length === 2) resolve();
        };
      });
      const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
      const startedAt = performance.now();
      recorder.start(1000);
      await enough;
      recorder.stop();
      await stopped;
      const recordedMs = performance.now() - startedAt;
      stream.getTracks().forEach((track) => track.stop());
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { type: recorder.mimeType, base64: btoa(binary), recordedMs, chunks: chunks.map((chunk) => chunk.size) };
    });
    await page.close();
    expect(recorded.type, 'Chromium records video/mp4').toMatch(/^video\/mp4/);
    const mimeType = recorded.type!;
    const bytes = new Uint8Array(Buffer.from(recorded.base64, 'base64'));
    // As MediaRecorder writes it: no duration in the movie header.
    expect(mvhdSeconds(bytes)).toBe(0);

    const exam = await seedExam(server, 1);
    const token = await login(server, exam, 0, 'mp4-recorder-key');
    const pairing = await api(server, 'POST', '/me/pairing', { token });
    const phone = (await api(server, 'POST', '/phone/sessions', { body: { code: pairing.body.code } })).body.token as string;
    expect((await api(server, 'PUT', '/phone/evidence', { token: phone, body: { state: 'recording' } })).status).toBe(200);
    await enter(server, token);
    const created = await api(server, 'POST', '/phone/recordings', { token: phone, body: { mimeType } });
    expect(created.status).toBe(201);
    const { recordingId, uploadUrl } = created.body as { recordingId: string; uploadUrl: string };
    const target = { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    await tusUpload(target, uploadUrl, phone, bytes, { chunkSize: 64 * 1024 });
    const done = await api(server, 'POST', `/recordings/${recordingId}/complete`, { token: phone, body: { totalBytes: bytes.length, sha256: sha256(bytes) } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, clientSha256: sha256(bytes), bytesReceived: bytes.length });

    const finalPath = server.app.examroom.uploads.finalPathOf({ id: recordingId, mimeType });
    expect(finalPath).toMatch(/\.mp4$/);
    const final = readFileSync(finalPath);
    expect(done.body.serverSha256).toBe(sha256(final));
    expect(readFileSync(finalPath.replace(/\.mp4$/, '.received.mp4')).equals(Buffer.from(bytes))).toBe(true);
    // About as long as the recorder ran (it starts a moment after start()), written into the movie header.
    expect(done.body.durationMs).toBeGreaterThan(recorded.recordedMs / 2);
    expect(done.body.durationMs).toBeLessThanOrEqual(recorded.recordedMs + 500);
    expect(mvhdSeconds(final)).toBeCloseTo(done.body.durationMs / 1000, 2);
    const media = await checkMedia(finalPath);
    expect(media.errors).toEqual([]);
    expect(media.durationS).toBeCloseTo(done.body.durationMs / 1000, 0);
    console.log(`[mp4 figures] ${JSON.stringify({ type: mimeType, chunks: recorded.chunks, recordedMs: Math.round(recorded.recordedMs), bytes: bytes.length, durationMs: done.body.durationMs, ffprobeS: media.durationS })}`);
  });
});
