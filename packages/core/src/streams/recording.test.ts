import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { ChunkStore } from '../ports/chunk-store.port.js';
import type { ExamApi } from '../ports/exam-api.port.js';
import { createFakeRecorder } from '../testing/fake-recorder.js';
import { createMemoryChunkStore } from '../testing/memory-chunk-store.js';
import { createMemoryUploadTransport, type MemoryUploadTransport } from '../testing/memory-upload-transport.js';
import { finalizeInterruptedRecordings, startRecording } from './recording.js';
import { createSha256 } from './sha256.js';
import { createUploadQueue } from './upload-queue.js';
import { allAcknowledged, concat, expectUploaded, nodeSha256, Occurrences, progressOf, progressWhere, randomChunks, storeRecording } from './streams.test-kit.js';

/** Lets some turns of the event loop pass: a store that takes its time, not a wait for a result. */
async function latency(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The store, counting the chunks it stored and the ones it refused. */
function countingWrites(memory: ChunkStore): { store: ChunkStore; stored: Occurrences; refused: Occurrences } {
  const stored = new Occurrences();
  const refused = new Occurrences();
  const store: ChunkStore = {
    ...memory,
    appendChunk: (recordingId, data, hashState) =>
      memory.appendChunk(recordingId, data, hashState).then(
        (chunk) => (stored.add(), chunk),
        (error: unknown) => {
          refused.add();
          throw error;
        },
      ),
  };
  return { store, stored, refused };
}

function bytes(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

async function storedBytes(store: ReturnType<typeof createMemoryChunkStore>, id: string): Promise<Uint8Array> {
  return concat(
    await Promise.all(store.chunksOf(id).map(async (chunk) => new Uint8Array(await chunk.data.arrayBuffer()))),
  );
}

function fakeApi(transport: MemoryUploadTransport) {
  let next = 1;
  const createRecording = vi.fn<ExamApi['createRecording']>(async () => ({
    recordingId: `rec-${next++}`,
    uploadUrl: transport.create(),
  }));
  const abandonRecording = vi.fn<ExamApi['abandonRecording']>(async () => undefined);
  return { createRecording, abandonRecording };
}

/**
 * A server that keeps at most one part per kind open, as the reference server does: a part is open until its upload
 * finished (completed) or it was abandoned; creating another answers RECORDING_ALREADY_OPEN with the open part's id.
 */
function oneOpenPartApi(transport: MemoryUploadTransport, parts: { id: string; kind: string; uploadUrl: string; abandoned: boolean }[] = []) {
  let next = 100;
  const isOpen = (part: (typeof parts)[number]) => !part.abandoned && transport.upload(part.uploadUrl)?.finished === undefined;
  const createRecording = vi.fn<ExamApi['createRecording']>(async ({ kind }) => {
    const open = parts.find((part) => part.kind === kind && isOpen(part));
    if (open) throw new ExamError(ErrorCode.RECORDING_ALREADY_OPEN, 'open', { recordingId: open.id });
    const part = { id: `rec-${next++}`, kind, uploadUrl: transport.create(), abandoned: false };
    parts.push(part);
    return { recordingId: part.id, uploadUrl: part.uploadUrl };
  });
  const abandonRecording = vi.fn<ExamApi['abandonRecording']>(async (id) => {
    const part = parts.find((p) => p.id === id);
    if (part) part.abandoned = true;
  });
  return { parts, createRecording, abandonRecording };
}

const stream = {} as MediaStream;

describe('startRecording', () => {
  it('delivers exactly the recorded bytes to the server, with their SHA-256', async () => {
    const memory = createMemoryChunkStore();
    const { store, stored } = countingWrites(memory);
    const transport = createMemoryUploadTransport();
    const api = fakeApi(transport);
    const recorder = createFakeRecorder({ mimeTypes: { screen: 'video/webm;codecs=vp9' } });
    const queue = createUploadQueue({ store, transport });
    queue.start();

    const recording = await startRecording({ api, recorder, store, queue, kind: 'screen', stream, timesliceMs: 500 });
    expect(api.createRecording).toHaveBeenCalledWith({ kind: 'screen', mimeType: 'video/webm;codecs=vp9' });
    const active = recorder.started[0];
    expect(active?.options).toEqual({ timesliceMs: 500, mimeType: 'video/webm;codecs=vp9' });
    for (let i = 0; i < 30; i++) {
      active?.emit(bytes(1 + Math.floor(Math.random() * 2000)));
      // Now and then the store catches up before the next chunk, so that writes and uploads interleave.
      if (i % 7 === 0) await stored.reached(i + 1);
    }
    await recording.stop();
    await allAcknowledged(queue);

    const emitted = active?.emitted() ?? new Uint8Array();
    const upload = transport.upload(transport.calls[0]?.uploadUrl ?? '');
    expect(upload?.bytes).toEqual(emitted);
    expect(upload?.finished).toEqual({ totalBytes: emitted.length, sha256: nodeSha256(emitted) });
    expect(await store.listRecordings()).toEqual([]);
  });

  it('stores chunks one at a time, in the order they were recorded, with the running hash state', async () => {
    const memory = createMemoryChunkStore();
    let writing = 0;
    let overlapped = false;
    const slow: ChunkStore = {
      ...memory,
      async appendChunk(recordingId, data, hashState) {
        overlapped ||= writing > 0;
        writing++;
        // Later chunks finish faster: a store without serialisation would reorder them.
        await latency(Math.floor(Math.random() * 10));
        try {
          return await memory.appendChunk(recordingId, data, hashState);
        } finally {
          writing--;
        }
      },
    };
    const queue = { kick: vi.fn(), track: vi.fn(), settled: vi.fn() };
    const recorder = createFakeRecorder();
    const transport = createMemoryUploadTransport();
    const recording = await startRecording({
      api: fakeApi(transport),
      recorder,
      store: slow,
      queue,
      kind: 'camera',
      stream,
    });
    expect(queue.track).toHaveBeenCalledWith(recording.recordingId);
    const active = recorder.started[0];
    for (let i = 0; i < 20; i++) active?.emit(bytes(10 + i));
    await recording.stop();

    expect(overlapped).toBe(false);
    const emitted = active?.emitted() ?? new Uint8Array();
    expect(await storedBytes(memory, recording.recordingId)).toEqual(emitted);
    const stored = memory.peek(recording.recordingId);
    expect(stored).toMatchObject({ stopped: true, sha256: nodeSha256(emitted), bytesRecorded: emitted.length });
    expect((await createSha256(stored?.hashState)).hex()).toBe(nodeSha256(emitted));
    expect(queue.kick).toHaveBeenCalled();
  });

  it('stop() resolves only after the last chunk is stored and the recording marked stopped', async () => {
    const memory = createMemoryChunkStore();
    const finalChunk = bytes(64);
    const recorder = createFakeRecorder({ finalChunk });
    const queue = { kick: vi.fn(), track: vi.fn(), settled: vi.fn() };
    const recording = await startRecording({
      api: fakeApi(createMemoryUploadTransport()),
      recorder,
      store: memory,
      queue,
      kind: 'evidence',
      stream,
    });
    recorder.started[0]?.emit(bytes(10));
    await recording.stop();
    const chunks = memory.chunksOf(recording.recordingId);
    expect(chunks).toHaveLength(2);
    expect(new Uint8Array(await (chunks[1]?.data ?? new Blob()).arrayBuffer())).toEqual(finalChunk);
    expect(memory.peek(recording.recordingId)?.stopped).toBe(true);
    // Idempotent.
    await recording.stop();
    expect(memory.chunksOf(recording.recordingId)).toHaveLength(2);
  });

  it('on a full disk reports STORAGE_QUOTA_LOW once, keeps what is stored, and ends the part at the first chunk it must drop', async () => {
    const memory = createMemoryChunkStore({ quota: 1000 });
    const onError = vi.fn();
    let gaps = 0;
    let gapped: () => void = () => undefined;
    const gap = new Promise<void>((resolve) => (gapped = resolve));
    const recorder = createFakeRecorder({ finalChunk: null });
    const queue = { kick: vi.fn(), track: vi.fn(), settled: vi.fn() };
    const recording = await startRecording({
      api: fakeApi(createMemoryUploadTransport()),
      recorder,
      store: memory,
      queue,
      kind: 'camera',
      stream,
      onError,
      onGap: () => {
        gaps += 1;
        gapped();
      },
      maxUnstoredChunks: 3,
    });
    const active = recorder.started[0];
    const chunks = Array.from({ length: 8 }, () => bytes(300));
    for (const chunk of chunks.slice(0, 7)) active?.emit(chunk);
    // Chunks 0–2 fit; 3 fails; 3–5 wait in memory; 6 is one too many: the part ends before it.
    await gap;
    expect(onError.mock.calls).toEqual([[ErrorCode.STORAGE_QUOTA_LOW]]);
    expect(await storedBytes(memory, recording.recordingId)).toEqual(concat(chunks.slice(0, 3)));

    // Room again: a chunk after the gap still belongs to no file that could play past it; it is not taken.
    memory.setQuota(undefined);
    active?.emit(chunks[7] ?? new Uint8Array());
    await recording.stop();
    const kept = chunks.slice(0, 6);
    expect(await storedBytes(memory, recording.recordingId)).toEqual(concat(kept));
    // The SHA-256 covers exactly the stored bytes, so the server's check will pass.
    expect(memory.peek(recording.recordingId)?.sha256).toBe(nodeSha256(concat(kept)));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(gaps).toBe(1);
  });

  it('keeps recording through a full disk while uploads free space; past what memory holds the part ends whole', async () => {
    const memory = createMemoryChunkStore({ quota: 2000 });
    const transport = createMemoryUploadTransport();
    const onError = vi.fn();
    let gapped: () => void = () => undefined;
    const gap = new Promise<void>((resolve) => (gapped = resolve));
    const recorder = createFakeRecorder({ finalChunk: null });
    const queue = createUploadQueue({ store: memory, transport, retry: { baseMs: 1 } });
    queue.start();
    const recording = await startRecording({
      api: fakeApi(transport),
      recorder,
      store: memory,
      queue,
      kind: 'camera',
      stream,
      onError,
      onGap: () => gapped(),
    });
    const active = recorder.started[0];
    const chunks = Array.from({ length: 20 }, () => bytes(400));
    const emit = (from: number, to: number) => {
      for (const chunk of chunks.slice(from, to)) active?.emit(chunk);
    };
    /** The queue has caught up: every stored byte, at least `chunkCount` chunks' worth, is acknowledged. */
    const caughtUp = (chunkCount: number) =>
      progressWhere(queue, (progress) => {
        const entry = progressOf(progress, recording.recordingId);
        return entry !== undefined && entry.bytesAcknowledged >= chunkCount * 400;
      });
    emit(0, 5);
    await caughtUp(5);
    expect(memory.usage).toBe(0);
    // The network goes: nothing is acknowledged any more and the disk fills after five chunks; 10–12 wait in
    // memory, 13 is one too many.
    queue.setOnline(false);
    emit(5, 15);
    await gap;
    expect(onError.mock.calls).toEqual([[ErrorCode.STORAGE_QUOTA_LOW]]);
    expect(memory.chunksOf(recording.recordingId).map((chunk) => chunk.seq)).toEqual([5, 6, 7, 8, 9]);
    // Back online, the queue uploads and releases what is stored, which makes room again.
    queue.setOnline(true);
    await caughtUp(10);
    expect(memory.usage).toBe(0);
    // The part ended at the gap: later chunks are the next part's (the recordings actor starts it), not this one's.
    emit(15, 20);
    await recording.stop();
    await allAcknowledged(queue);

    // Chunks 10–12 waited in memory and were stored once there was room; nothing after the gap.
    const kept = chunks.slice(0, 13);
    const upload = transport.upload(transport.calls[0]?.uploadUrl ?? '');
    expect(upload?.bytes).toEqual(concat(kept));
    expect(upload?.finished?.sha256).toBe(nodeSha256(concat(kept)));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('gives a part up on the server at once when this browser cannot keep it (the disk full), so the next is not refused', async () => {
    const memory = createMemoryChunkStore();
    const store: ChunkStore = {
      ...memory,
      createRecording: async () => {
        throw new ExamError(ErrorCode.STORAGE_QUOTA_LOW);
      },
    };
    const api = fakeApi(createMemoryUploadTransport());
    const recorder = createFakeRecorder();
    const starting = startRecording({ api, recorder, store, queue: { kick: vi.fn(), track: vi.fn(), settled: vi.fn() }, kind: 'camera', stream });
    await expect(starting).rejects.toMatchObject({ code: ErrorCode.STORAGE_QUOTA_LOW });
    expect(api.abandonRecording.mock.calls).toEqual([['rec-1']]);
    expect(recorder.started).toEqual([]);
  });

  it('gives up a part that kept nothing (the disk full from its first chunk) instead of completing an empty file', async () => {
    const memory = createMemoryChunkStore({ quota: 100 });
    const api = fakeApi(createMemoryUploadTransport());
    const recorder = createFakeRecorder({ finalChunk: null });
    const recording = await startRecording({ api, recorder, store: memory, queue: { kick: vi.fn(), track: vi.fn(), settled: vi.fn() }, kind: 'camera', stream });
    recorder.started[0]?.emit(bytes(300));
    await recording.stop();
    expect(api.abandonRecording.mock.calls).toEqual([[recording.recordingId]]);
    expect(memory.peek(recording.recordingId)).toBeUndefined();
  });

  it('reports a recorder failure and still finalises what was stored', async () => {
    const memory = createMemoryChunkStore();
    const onError = vi.fn();
    const recorder = createFakeRecorder();
    const recording = await startRecording({
      api: fakeApi(createMemoryUploadTransport()),
      recorder,
      store: memory,
      queue: { kick: vi.fn(), track: vi.fn(), settled: vi.fn() },
      kind: 'screen',
      stream,
      onError,
    });
    const chunk = bytes(100);
    recorder.started[0]?.emit(chunk);
    recorder.started[0]?.fail(new ExamError(ErrorCode.RECORDING_UNSUPPORTED));
    expect(onError).toHaveBeenCalledWith(ErrorCode.RECORDING_UNSUPPORTED);
    await recording.stop();
    expect(memory.peek(recording.recordingId)).toMatchObject({ stopped: true, sha256: nodeSha256(chunk) });
  });

  it('a failed markStopped rejects stop(), and calling stop() again completes it', async () => {
    const memory = createMemoryChunkStore();
    let failMark = true;
    const store: ChunkStore = {
      ...memory,
      async markStopped(recordingId, sha256) {
        if (failMark) throw new ExamError(ErrorCode.INTERNAL_ERROR);
        return memory.markStopped(recordingId, sha256);
      },
    };
    const onError = vi.fn();
    const recorder = createFakeRecorder();
    const recording = await startRecording({
      api: fakeApi(createMemoryUploadTransport()),
      recorder,
      store,
      queue: { kick: vi.fn(), track: vi.fn(), settled: vi.fn() },
      kind: 'camera',
      stream,
      onError,
    });
    recorder.started[0]?.emit(bytes(10));
    await expect(recording.stop()).rejects.toThrow(ExamError);
    expect(onError).toHaveBeenCalledWith(ErrorCode.INTERNAL_ERROR);
    failMark = false;
    await recording.stop();
    const emitted = recorder.started[0]?.emitted() ?? new Uint8Array();
    expect(memory.peek(recording.recordingId)?.sha256).toBe(nodeSha256(emitted));
  });
});

describe('finalizeInterruptedRecordings', () => {
  it('marks unstopped recordings stopped with the SHA-256 of their stored bytes', async () => {
    const memory = createMemoryChunkStore();
    const { store, stored } = countingWrites(memory);
    const recorder = createFakeRecorder();
    const transport = createMemoryUploadTransport();
    const queue = { kick: vi.fn(), track: vi.fn(), settled: vi.fn() };
    const options = { api: fakeApi(transport), recorder, store, queue, stream } as const;
    const crashed = await startRecording({ ...options, kind: 'camera' });
    const done = await startRecording({ ...options, kind: 'screen' });
    const live = await startRecording({ ...options, kind: 'evidence' });
    for (const active of recorder.started) active.emit(bytes(500));
    await done.stop();
    await stored.reached(recorder.started.length);

    expect(await finalizeInterruptedRecordings(memory, new Set([live.recordingId]))).toEqual([crashed.recordingId]);
    const emitted = recorder.started[0]?.emitted() ?? new Uint8Array();
    expect(memory.peek(crashed.recordingId)).toMatchObject({ stopped: true, sha256: nodeSha256(emitted) });
    expect(memory.peek(live.recordingId)?.stopped).toBe(false);
  });

  it('gives up on the server and forgets a part that stored nothing (the tab closed before its first chunk)', async () => {
    const memory = createMemoryChunkStore();
    const transport = createMemoryUploadTransport();
    const queue = { kick: vi.fn(), track: vi.fn(), settled: vi.fn() };
    const empty = await startRecording({ api: fakeApi(transport), recorder: createFakeRecorder(), store: memory, queue, stream, kind: 'evidence' });
    const abandoned: string[] = [];
    expect(await finalizeInterruptedRecordings(memory, new Set(), async (id) => void abandoned.push(id))).toEqual([]);
    expect(abandoned).toEqual([empty.recordingId]);
    expect(memory.peek(empty.recordingId)).toBeUndefined();
  });
});

describe('startRecording with a part still open on the server', () => {
  it('after a reload finishes and completes the part this browser holds, then creates the next', async () => {
    const store = createMemoryChunkStore();
    // The previous part's upload finishes only once the page has asked for the next part and heard it is open.
    let refused: () => void = () => undefined;
    const askedForNext = new Promise<void>((resolve) => (refused = resolve));
    const transport = createMemoryUploadTransport({ latency: (call) => (call.operation === 'finish' ? askedForNext : Promise.resolve()) });
    // The previous page load's part: stored here, stopped by finalizeInterruptedRecordings, not yet uploaded.
    const previous = await storeRecording(store, transport, randomChunks(5));
    const api = oneOpenPartApi(transport, [{ id: previous.id, kind: 'camera', uploadUrl: previous.uploadUrl, abandoned: false }]);
    api.createRecording.mockImplementationOnce(async () => {
      refused();
      throw new ExamError(ErrorCode.RECORDING_ALREADY_OPEN, 'open', { recordingId: previous.id });
    });
    const recorder = createFakeRecorder();
    const queue = createUploadQueue({ store, transport });
    await queue.start();

    const next = await startRecording({ api, recorder, store, queue, kind: 'camera', stream });
    expectUploaded(transport, previous);
    expect(api.abandonRecording).not.toHaveBeenCalled();
    expect(api.createRecording).toHaveBeenCalledTimes(2);
    expect(next.recordingId).not.toBe(previous.id);
    recorder.started[0]?.emit(bytes(300));
    await next.stop();
    await allAcknowledged(queue);
    expect(transport.upload(api.parts[1]!.uploadUrl)?.bytes).toEqual(recorder.started[0]?.emitted());
  });

  it('abandons a part this browser does not hold (another browser recorded it), then creates the next', async () => {
    const store = createMemoryChunkStore();
    const transport = createMemoryUploadTransport();
    const elsewhere = { id: 'rec-other-browser', kind: 'screen', uploadUrl: transport.create(), abandoned: false };
    const api = oneOpenPartApi(transport, [elsewhere]);
    const queue = createUploadQueue({ store, transport });
    await queue.start();

    const next = await startRecording({ api, recorder: createFakeRecorder(), store, queue, kind: 'screen', stream });
    expect(api.abandonRecording).toHaveBeenCalledExactlyOnceWith('rec-other-browser');
    expect(elsewhere.abandoned).toBe(true);
    expect(next.recordingId).toBe(api.parts[1]!.id);
  });

  it('abandons a held part that can no longer be completed (its upload failed for good)', async () => {
    const store = createMemoryChunkStore();
    const transport = createMemoryUploadTransport();
    const previous = await storeRecording(store, transport, randomChunks(3));
    const api = oneOpenPartApi(transport, [{ id: previous.id, kind: 'camera', uploadUrl: previous.uploadUrl, abandoned: false }]);
    transport.failNext('finish', 1, ErrorCode.CHECKSUM_MISMATCH);
    const queue = createUploadQueue({ store, transport });
    await queue.start();

    await startRecording({ api, recorder: createFakeRecorder(), store, queue, kind: 'camera', stream });
    expect(api.abandonRecording).toHaveBeenCalledExactlyOnceWith(previous.id);
    // The chunks stay in the store: nothing the candidate recorded is thrown away here.
    expect((await store.getRecording(previous.id))?.stopped).toBe(true);
  });

  it('gives up with RECORDING_ALREADY_OPEN when the server keeps answering it', async () => {
    const store = createMemoryChunkStore();
    const transport = createMemoryUploadTransport();
    const createRecording = vi.fn<ExamApi['createRecording']>(async () => {
      throw new ExamError(ErrorCode.RECORDING_ALREADY_OPEN, 'open', { recordingId: 'rec-stuck' });
    });
    const abandonRecording = vi.fn<ExamApi['abandonRecording']>(async () => undefined);
    const queue = createUploadQueue({ store, transport });
    await queue.start();
    await expect(startRecording({ api: { createRecording, abandonRecording }, recorder: createFakeRecorder(), store, queue, kind: 'camera', stream })).rejects.toMatchObject({
      code: ErrorCode.RECORDING_ALREADY_OPEN,
    });
    expect(createRecording).toHaveBeenCalledTimes(4);
  });
});
