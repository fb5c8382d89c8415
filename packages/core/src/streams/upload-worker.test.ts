import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { ChunkStore, StoredRecording } from '../ports/chunk-store.port.js';
import { createMemoryChunkStore } from '../testing/memory-chunk-store.js';
import type { UploadTransport } from '../ports/upload-transport.port.js';
import { createMemoryUploadTransport, type MemoryUploadTransport } from '../testing/memory-upload-transport.js';
import { expectUploaded, nodeSha256, randomChunks, storeRecording } from './streams.test-kit.js';
import { UploadWorker, type UploadPhase } from './upload-worker.js';

const always = () => true;

/** A worker factory over a memory store and server; `store` and `wrap` put something in front of them. */
function setup(
  { store, wrap }: { store?: ChunkStore; wrap?: (server: MemoryUploadTransport) => UploadTransport } = {},
) {
  const memory = createMemoryChunkStore();
  const server = createMemoryUploadTransport();
  const backoff = { succeeded: vi.fn() };
  const onNotStored = vi.fn();
  /** The phase at every change the worker reports. */
  const phases: UploadPhase[] = [];
  const workerFor = (recordingId: string) => {
    const worker: UploadWorker = new UploadWorker(recordingId, {
      store: store ?? memory,
      transport: wrap ? wrap(server) : server,
      chunksInFlight: 2,
      backoff,
      onChange: () => phases.push(worker.phase),
      onNotStored,
    });
    return worker;
  };
  return { memory, transport: server, backoff, onNotStored, phases, workerFor };
}

const operations = (transport: MemoryUploadTransport) => transport.calls.map((call) => call.operation);

/** The memory store, refusing the first call of one method. */
function failingOnce(memory: ChunkStore, method: 'releaseBelow' | 'deleteRecording'): ChunkStore {
  let refused = false;
  const refuseOnce = () => {
    if (refused) return;
    refused = true;
    throw new ExamError(ErrorCode.INTERNAL_ERROR, `${method} failed`);
  };
  return method === 'releaseBelow'
    ? { ...memory, releaseBelow: async (id, offset) => (refuseOnce(), memory.releaseBelow(id, offset)) }
    : { ...memory, deleteRecording: async (id) => (refuseOnce(), memory.deleteRecording(id)) };
}

describe('UploadWorker', () => {
  it('opens the session, reads the offset and sends a live recording, then reports it caught up', async () => {
    const { memory, transport, backoff, phases, workerFor } = setup();
    const recording = await storeRecording(memory, transport, randomChunks(5), { stopped: false });
    const worker = workerFor(recording.id);
    expect(worker.phase).toBe('opening');

    await expect(worker.pass(always)).resolves.toEqual({ kind: 'caughtUp' });

    expect(operations(transport)).toEqual(['open', 'offset', 'append', 'append', 'append', 'append', 'append']);
    expect(worker.phase).toBe('sending');
    expect(worker.bytesAcknowledged).toBe(recording.bytes.length);
    expect(memory.chunksOf(recording.id)).toEqual([]);
    expect(backoff.succeeded).toHaveBeenCalledTimes(5);
    // Reported after the offset read and after every acknowledged append, always while sending.
    expect(phases.length).toBeGreaterThanOrEqual(1 + 5);
    expect(new Set(phases)).toEqual(new Set(['sending']));
  });

  it('finishes a stopped recording once everything is acknowledged, and deletes the local copy', async () => {
    const { memory, transport, phases, workerFor } = setup();
    const recording = await storeRecording(memory, transport, randomChunks(3));
    const worker = workerFor(recording.id);

    await expect(worker.pass(always)).resolves.toEqual({ kind: 'done' });

    expect(worker.phase).toBe('done');
    expect(phases.at(-1)).toBe('done');
    expect(operations(transport).at(-1)).toBe('finish');
    expectUploaded(transport, recording);
    expect(memory.peek(recording.id)).toBeUndefined();
  });

  it('asks maySend before every request and, told no, ends paused with the offset still known', async () => {
    const { memory, transport, workerFor } = setup();
    const recording = await storeRecording(memory, transport, randomChunks(4), { stopped: false });
    const worker = workerFor(recording.id);

    await expect(worker.pass(() => transport.calls.length < 3)).resolves.toEqual({ kind: 'paused' });
    expect(operations(transport)).toEqual(['open', 'offset', 'append']);
    expect(worker.phase).toBe('sending');

    await expect(worker.pass(always)).resolves.toEqual({ kind: 'caughtUp' });
    expect(operations(transport).slice(3)).toEqual(['append', 'append', 'append']);
  });

  it('returns a failed request as an error and re-reads the offset on the next pass', async () => {
    const { memory, transport, workerFor } = setup();
    // The first chunk is longer than the cut, so that the server keeps a prefix of it.
    const chunks = randomChunks(3, 400, 6);
    const recording = await storeRecording(memory, transport, chunks, { stopped: false });
    const worker = workerFor(recording.id);
    transport.cutNextAppend(5);

    const outcome = await worker.pass(always);
    expect(outcome).toMatchObject({ kind: 'error', error: expect.any(ExamError) });
    // The cut request's answer never came: what the server kept is unknown.
    expect(worker.phase).toBe('resuming');

    await expect(worker.pass(always)).resolves.toEqual({ kind: 'caughtUp' });
    const appends = transport.calls.filter((call) => call.operation === 'append');
    expect(transport.calls.filter((call) => call.operation === 'offset')).toHaveLength(2);
    expect(appends[1]).toMatchObject({ offset: 5, size: (chunks[0]?.length ?? 0) - 5 });
    expect(transport.upload(recording.uploadUrl)?.bytes).toEqual(recording.bytes);
  });

  it('interrupted() after an answered request also makes the next pass re-read the offset', async () => {
    const memory = createMemoryChunkStore();
    const { transport, workerFor } = setup({ store: failingOnce(memory, 'releaseBelow') });
    const recording = await storeRecording(memory, transport, randomChunks(2), { stopped: false });
    const worker = workerFor(recording.id);

    await expect(worker.pass(always)).resolves.toMatchObject({ kind: 'error' });
    expect(worker.phase).toBe('sending');
    worker.interrupted(ErrorCode.INTERNAL_ERROR);
    expect([worker.phase, worker.error]).toEqual(['resuming', ErrorCode.INTERNAL_ERROR]);

    await expect(worker.pass(always)).resolves.toEqual({ kind: 'caughtUp' });
    expect(operations(transport)).toEqual(['open', 'offset', 'offset', 'append', 'append']);
    expect(worker.error).toBeUndefined();
  });

  it('calls an append that does not move the offset an error', async () => {
    const { memory, transport, workerFor } = setup({
      wrap: (server) => ({
        open: async (url) => ({ ...(await server.open(url)), append: async (_data, offset) => offset }),
      }),
    });
    const recording = await storeRecording(memory, transport, randomChunks(2), { stopped: false });
    const worker = workerFor(recording.id);

    const outcome = await worker.pass(always);
    expect(outcome).toMatchObject({ kind: 'error', error: new Error('Append at 0 made no progress') });
    expect(worker.phase).toBe('resuming');
  });

  it('reports the server holding more than the store as inconsistent', async () => {
    const { memory, transport, workerFor } = setup();
    const recording = await storeRecording(memory, transport, randomChunks(2), { stopped: false });
    const session = await transport.open(recording.uploadUrl);
    await session.append(new Blob([new Uint8Array(recording.bytes), new Uint8Array(7)]), 0);

    await expect(workerFor(recording.id).pass(always)).resolves.toEqual({
      kind: 'inconsistent',
      message: `Server holds ${recording.bytes.length + 7} bytes of ${recording.bytes.length}`,
    });
  });

  it('reports bytes the store no longer holds as inconsistent', async () => {
    const { memory, transport, workerFor } = setup();
    const chunks = randomChunks(3);
    const recording = await storeRecording(memory, transport, chunks, { stopped: false });
    const firstChunk = chunks[0]?.length ?? 0;
    await memory.releaseBelow(recording.id, firstChunk);

    await expect(workerFor(recording.id).pass(always)).resolves.toEqual({
      kind: 'inconsistent',
      message: `Bytes 0..${firstChunk} are no longer stored`,
    });
    await memory.releaseBelow(recording.id, recording.bytes.length);
    await expect(workerFor(recording.id).pass(always)).resolves.toEqual({
      kind: 'inconsistent',
      message: 'No stored chunk holds byte 0',
    });
  });

  it('reports a stopped recording without a SHA-256 as inconsistent, before asking the server to finish', async () => {
    const memory = createMemoryChunkStore();
    const store: ChunkStore = {
      ...memory,
      getRecording: async (id) => {
        const row = await memory.getRecording(id);
        return row && ({ ...row, stopped: true, sha256: undefined } satisfies StoredRecording);
      },
    };
    const { transport, workerFor } = setup({ store });
    const recording = await storeRecording(memory, transport, randomChunks(1), { stopped: false });

    await expect(workerFor(recording.id).pass(always)).resolves.toEqual({
      kind: 'inconsistent',
      message: 'Stopped recording without a SHA-256',
    });
    expect(operations(transport)).not.toContain('finish');
  });

  it('after a finish whose local delete failed, the next pass only deletes', async () => {
    const memory = createMemoryChunkStore();
    const { transport, workerFor } = setup({ store: failingOnce(memory, 'deleteRecording') });
    const recording = await storeRecording(memory, transport, randomChunks(2));
    const worker = workerFor(recording.id);

    await expect(worker.pass(always)).resolves.toMatchObject({ kind: 'error' });
    expect(worker.phase).toBe('deleting');
    const requests = transport.calls.length;

    await expect(worker.pass(always)).resolves.toEqual({ kind: 'done' });
    expect(transport.calls).toHaveLength(requests);
    expect(memory.peek(recording.id)).toBeUndefined();
  });

  it('restarts a failed upload with a new session, or only the delete once the server finished it', async () => {
    const memory = createMemoryChunkStore();
    const { transport, workerFor } = setup({ store: failingOnce(memory, 'deleteRecording') });
    const live = await storeRecording(memory, transport, randomChunks(2), { stopped: false });
    const sending = workerFor(live.id);
    await sending.pass(always);
    sending.giveUp(ErrorCode.FORBIDDEN);
    expect([sending.phase, sending.error]).toEqual(['failed', ErrorCode.FORBIDDEN]);
    sending.restart();
    expect([sending.phase, sending.error]).toEqual(['opening', undefined]);

    const stopped = await storeRecording(memory, transport, randomChunks(2));
    const deleting = workerFor(stopped.id);
    await deleting.pass(always);
    deleting.giveUp(ErrorCode.NOT_FOUND);
    deleting.restart();
    expect(deleting.phase).toBe('deleting');
  });

  it('ends notStored for a recording the store never held, and done for one it no longer holds', async () => {
    const { memory, transport, onNotStored, workerFor } = setup();
    await expect(workerFor('never-stored').pass(always)).resolves.toEqual({ kind: 'notStored' });
    expect(onNotStored).toHaveBeenCalledTimes(1);

    const recording = await storeRecording(memory, transport, randomChunks(1));
    const worker = workerFor(recording.id);
    const [row] = await memory.listRecordings();
    if (row) worker.adopt(row);
    await memory.deleteRecording(recording.id);
    await expect(worker.pass(always)).resolves.toEqual({ kind: 'done' });
    expect(worker.phase).toBe('done');
    expect(onNotStored).toHaveBeenCalledTimes(1);
    expect(transport.calls).toEqual([]);
  });

  it('refresh() shows a newer row, and never one older than it already has', async () => {
    const memory = createMemoryChunkStore();
    let answer: Promise<StoredRecording | undefined> = Promise.resolve(undefined);
    const store: ChunkStore = { ...memory, getRecording: () => answer };
    const { transport, phases, workerFor } = setup({ store });
    const recording = await storeRecording(memory, transport, randomChunks(2), { stopped: false });
    const older = await memory.getRecording(recording.id);
    await memory.markStopped(recording.id, nodeSha256(recording.bytes));
    const newer = await memory.getRecording(recording.id);
    const worker = workerFor(recording.id);

    // The worker's callback was attached to the read first, so it has run when the test's await returns.
    answer = Promise.resolve(newer);
    worker.refresh();
    await answer;
    expect(worker.recording).toBe(newer);
    expect(phases).toHaveLength(1);

    answer = Promise.resolve(older);
    worker.refresh();
    await answer;
    expect(worker.recording).toBe(newer);
    expect(phases).toHaveLength(1);
  });
});
