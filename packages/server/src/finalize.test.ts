/**
 * Finalising recordings on the real server: a WebM built the way MediaRecorder writes it (no
 * Duration, no Cues, Segment and Clusters of unknown size) is uploaded over tus and completed; the stored copy must
 * be seekable (Duration and Cues that point at its Clusters) while the received file stays the one the client hashed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decoder, Encoder, tools, type EBMLElementBuffer, type EBMLElementDetail } from 'ts-ebml';
import { sampleBytes, tusUpload } from '../../adapters/src/contract/http.js';
import { withoutBufferPool } from './recording-files.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, type SeededExam, type TestServer } from './test-support/server.js';

let server: TestServer;
let exam: SeededExam;
let token: string;

beforeAll(async () => {
  server = await startServer();
  exam = await seedExam(server, 1);
  token = await login(server, exam, 0);
  await enter(server, token);
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// ---- a MediaRecorder-like WebM, element by element ----

const uint = (name: string, value: number): EBMLElementBuffer => ({ name, type: 'u', data: tools.createUIntBuffer(value) });
const text = (name: string, value: string): EBMLElementBuffer => ({ name, type: 's', data: Buffer.from(value, 'utf8') });
const open = (name: string, unknownSize = false): EBMLElementBuffer => ({ name, type: 'm', isEnd: false, ...(unknownSize ? { unknownSize } : {}) });
const close = (name: string): EBMLElementBuffer => ({ name, type: 'm', isEnd: true });

/** A SimpleBlock: track number (vint), timestamp relative to its cluster (int16), flags (keyframe), frame. */
function simpleBlock(track: number, relativeMs: number, frame: Uint8Array): EBMLElementBuffer {
  const timestamp = Buffer.alloc(2);
  timestamp.writeInt16BE(relativeMs);
  return { name: 'SimpleBlock', type: 'b', data: Buffer.concat([tools.writeVint(track), timestamp, Buffer.from([0x80]), frame]) };
}

/** One VP8 video track, TimestampScale 1 ms, no Duration; one unknown-size Cluster per block time. */
function liveWebm(blockTimesMs: readonly number[]): Buffer {
  const elements: EBMLElementBuffer[] = [
    open('EBML'),
    uint('EBMLVersion', 1),
    uint('EBMLReadVersion', 1),
    uint('EBMLMaxIDLength', 4),
    uint('EBMLMaxSizeLength', 8),
    text('DocType', 'webm'),
    uint('DocTypeVersion', 4),
    uint('DocTypeReadVersion', 2),
    close('EBML'),
    open('Segment', true),
    open('Info'),
    uint('TimestampScale', 1_000_000),
    text('MuxingApp', 'examroom-test'),
    text('WritingApp', 'examroom-test'),
    close('Info'),
    open('Tracks'),
    open('TrackEntry'),
    uint('TrackNumber', 1),
    uint('TrackUID', 1),
    uint('TrackType', 1),
    text('CodecID', 'V_VP8'),
    open('Video'),
    uint('PixelWidth', 640),
    uint('PixelHeight', 480),
    close('Video'),
    close('TrackEntry'),
    close('Tracks'),
    ...blockTimesMs.flatMap((at, i) => [open('Cluster', true), uint('Timestamp', at), simpleBlock(1, 0, sampleBytes(4_000, 100 + i))]),
  ];
  return Buffer.from(withoutBufferPool(() => new Encoder().encode(elements)));
}

const decode = (bytes: Buffer): EBMLElementDetail[] => new Decoder().decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
const starts = (elements: EBMLElementDetail[], name: string) => elements.filter((e) => e.name === name && !(e.type === 'm' && e.isEnd));
const valueOf = (element: EBMLElementDetail | undefined): unknown => (element && 'value' in element ? element.value : undefined);

// ---- the API ----

async function newRecording(mimeType: string): Promise<{ recordingId: string; uploadUrl: string }> {
  const created = await api(server, 'POST', '/me/recordings', { token, body: { kind: 'camera', mimeType } });
  expect(created.status).toBe(201);
  return created.body;
}

const target = () => ({ baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) });
const complete = (recordingId: string, body: { totalBytes: number; sha256: string }) => api(server, 'POST', `/recordings/${recordingId}/complete`, { token, body });

describe('finalising a recording', () => {
  it('makes a live WebM seekable: Duration and Cues written, clusters kept byte for byte, the received file untouched', async () => {
    const original = liveWebm([0, 500, 1000]);
    expect(starts(decode(original), 'Duration')).toEqual([]);
    expect(starts(decode(original), 'Cues')).toEqual([]);
    const { recordingId, uploadUrl } = await newRecording('video/webm;codecs=vp8,opus');
    await tusUpload(target(), uploadUrl, token, original, { chunkSize: 5_000 });

    const done = await complete(recordingId, { totalBytes: original.length, sha256: sha256(original) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: recordingId, complete: true, bytesReceived: original.length, clientSha256: sha256(original), durationMs: 1000 });

    // The bytes as received are kept, and they are the ones the client hashed.
    const { uploads, repo } = server.app.examroom;
    const received = readFileSync(uploads.pathOf(recordingId));
    expect(received.equals(original)).toBe(true);

    const finalPath = uploads.finalPathOf({ id: recordingId, mimeType: 'video/webm;codecs=vp8,opus' });
    expect(finalPath).toBe(`${server.dataDir}/recordings/${recordingId}.webm`);
    const seekable = readFileSync(finalPath);
    expect(done.body.serverSha256).toBe(sha256(seekable));
    expect(seekable.equals(original)).toBe(false);

    const elements = decode(seekable);
    // Duration ≈ the last block's time (TimestampScale 1 ms).
    const duration = valueOf(starts(elements, 'Duration')[0]);
    expect(duration).toBeCloseTo(1000, 0);
    // One cue per cluster, at its time, pointing at that Cluster (positions count from the Segment's data).
    expect(starts(elements, 'Cues')).toHaveLength(1);
    const segmentData = starts(elements, 'Segment')[0]!.dataStart;
    const clusters = starts(elements, 'Cluster').map((e) => e.tagStart);
    expect(clusters).toHaveLength(3);
    expect(starts(elements, 'CueTime').map(valueOf)).toEqual([0, 500, 1000]);
    expect(starts(elements, 'CueClusterPosition').map((e) => segmentData + (valueOf(e) as number))).toEqual(clusters);
    // Everything from the first Cluster on is the received bytes, unchanged.
    const originalClusters = starts(decode(original), 'Cluster')[0]!.tagStart;
    expect(seekable.subarray(clusters[0]!).equals(original.subarray(originalClusters))).toBe(true);

    expect(repo.getRecording(recordingId)).toMatchObject({ complete: true, clientSha256: sha256(original), serverSha256: sha256(seekable), durationMs: 1000 });
    const supervisor = await supervisorToken(server, [exam.examId]);
    const listed = await api(server, 'GET', `/supervisor/candidates/${exam.candidates[0]!.id}/recordings`, { token: supervisor });
    expect(listed.body).toContainEqual(done.body);

    // Idempotent: the same declaration answers the same, without writing the file again.
    expect((await complete(recordingId, { totalBytes: original.length, sha256: sha256(original) })).body).toEqual(done.body);
  });

  it('copies an MP4 as it is: the same SHA-256 on both sides, no duration', async () => {
    const bytes = Buffer.from(sampleBytes(120_000, 7));
    const { recordingId, uploadUrl } = await newRecording('video/mp4');
    await tusUpload(target(), uploadUrl, token, bytes);
    const done = await complete(recordingId, { totalBytes: bytes.length, sha256: sha256(bytes) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, clientSha256: sha256(bytes), serverSha256: sha256(bytes) });
    expect(done.body).not.toHaveProperty('durationMs');
    const finalPath = server.app.examroom.uploads.finalPathOf({ id: recordingId, mimeType: 'video/mp4' });
    expect(finalPath.endsWith(`${recordingId}.mp4`)).toBe(true);
    expect(readFileSync(finalPath).equals(bytes)).toBe(true);
  });

  it('stores a “WebM” that is not one as received, rather than losing it', async () => {
    const bytes = Buffer.from(sampleBytes(50_000, 8));
    const { recordingId, uploadUrl } = await newRecording('video/webm');
    await tusUpload(target(), uploadUrl, token, bytes);
    const done = await complete(recordingId, { totalBytes: bytes.length, sha256: sha256(bytes) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, serverSha256: sha256(bytes) });
    expect(done.body).not.toHaveProperty('durationMs');
  });

  it('on a checksum mismatch writes nothing, keeps the received bytes and leaves the upload open', async () => {
    const original = liveWebm([0, 1000]);
    const { recordingId, uploadUrl } = await newRecording('video/webm');
    const sent = original.subarray(0, original.length - 100);
    await tusUpload(target(), uploadUrl, token, sent, { declareLength: false });
    const finalPath = server.app.examroom.uploads.finalPathOf({ id: recordingId, mimeType: 'video/webm' });

    const wrong = await complete(recordingId, { totalBytes: sent.length, sha256: sha256(original) });
    expect([wrong.status, wrong.body.code]).toEqual([409, 'CHECKSUM_MISMATCH']);
    expect(existsSync(finalPath)).toBe(false);
    expect(existsSync(`${finalPath}.part`)).toBe(false);
    expect(readFileSync(server.app.examroom.uploads.pathOf(recordingId)).equals(sent)).toBe(true);
    expect(server.app.examroom.repo.getRecording(recordingId)).toMatchObject({ complete: false, clientSha256: null, serverSha256: null });
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${token}` } });
    expect([head.headers.get('upload-offset'), head.headers.get('upload-defer-length')]).toEqual([String(sent.length), '1']);

    // The rest arrives; now the declaration holds.
    await tusUpload(target(), uploadUrl, token, original);
    const done = await complete(recordingId, { totalBytes: original.length, sha256: sha256(original) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, durationMs: 1000 });
    expect(existsSync(finalPath)).toBe(true);
  });
});
