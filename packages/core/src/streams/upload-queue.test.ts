import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import type { ChunkStore } from '../ports/chunk-store.port.js';
import { createMemoryChunkStore } from '../testing/memory-chunk-store.js';
import { createMemoryUploadTransport } from '../testing/memory-upload-transport.js';
import { finalizeInterruptedRecordings } from './recording.js';
import { createSha256 } from './sha256.js';
import { createUploadQueue, retryDelay } from './upload-queue.js';
import {
  allAcknowledged,
  concat,
  expectUploaded,
  manualTimers,
  nextProgress,
  progressOf,
  progressWhere,
  queueHarness,
  randomChunks,
  storeRecording,
  watchedTransport,
} from './streams.test-kit.js';

describe('createUploadQueue', () => {
  it('uploads every stored byte of several recordings, finishes each once and empties the store', async () => {
    const { memory, transport, queue, progress } = queueHarness();
    const recordings = [
      await storeRecording(memory, transport, randomChunks(17)),
      await storeRecording(memory, transport, randomChunks(5, 3000)),
      await storeRecording(memory, transport, randomChunks(1, 10)),
    ];
    expect(queue.allAcknowledged()).toBe(false);

    queue.start();
    await allAcknowledged(queue);

    for (const recording of recordings) expectUploaded(transport, recording);
    expect(await memory.listRecordings()).toEqual([]);
    expect(memory.usage).toBe(0);
    expect(progress().map((entry) => [entry.state, entry.bytesAcknowledged, entry.bytesPending])).toEqual(
      recordings.map((recording) => ['done', recording.bytes.length, 0]),
    );
  });

  it('follows a live recording: uploads what is stored, waits, and finishes after the stop', async () => {
    const { memory, transport, queue, progress } = queueHarness();
    const first = randomChunks(4);
    const recording = await storeRecording(memory, transport, first, { stopped: false });
    queue.start();
    await progressWhere(queue, (progress) => progressOf(progress, recording.id)?.state === 'recording');
    expect(progressOf(progress(), recording.id)?.bytesAcknowledged).toBe(recording.bytes.length);
    expect(transport.calls.some((call) => call.operation === 'finish')).toBe(false);
    // Acknowledged chunks are gone from the store, the recording itself stays.
    expect(memory.chunksOf(recording.id)).toEqual([]);

    const more = randomChunks(6);
    const hash = await createSha256(memory.peek(recording.id)?.hashState);
    for (const chunk of more) {
      hash.update(chunk);
      await memory.appendChunk(recording.id, new Blob([chunk]), hash.serialize());
      queue.kick();
    }
    await memory.markStopped(recording.id, hash.hex());
    queue.kick();
    await allAcknowledged(queue);

    expectUploaded(transport, { ...recording, bytes: concat([...first, ...more]) });
  });

  it('resumes from the server offset after failed requests, and the file is identical', async () => {
    const { memory, transport, timers, queue } = queueHarness();
    const recording = await storeRecording(memory, transport, randomChunks(20));
    transport.failNextAppends(3);
    transport.failNext('offset', 1);
    transport.failNext('finish', 1);
    queue.start();
    await allAcknowledged(queue, timers);

    expectUploaded(transport, recording);
    // The first read failed; after it and after each of the 4 other failures the offset was read again.
    const offsetReads = transport.calls.filter((call) => call.operation === 'offset').length;
    expect(offsetReads).toBeGreaterThanOrEqual(1 + 3 + 1 + 1);
  });

  it('resends only the missing part of a chunk the server kept a prefix of', async () => {
    const { memory, transport, timers, queue } = queueHarness();
    const chunks = randomChunks(6, 500).map((chunk) => (chunk.length < 100 ? new Uint8Array(randomBytes(300)) : chunk));
    const recording = await storeRecording(memory, transport, chunks);
    const boundaries = new Set<number>();
    for (let at = 0, i = 0; i < chunks.length; i++) {
      boundaries.add(at);
      at += chunks[i]?.length ?? 0;
    }
    transport.cutNextAppend(37);
    queue.start();
    await allAcknowledged(queue, timers);

    expectUploaded(transport, recording);
    const appends = transport.calls.filter((call) => call.operation === 'append');
    // The retry starts 37 bytes into the first chunk and carries only the rest of it.
    expect(appends[0]).toMatchObject({ offset: 0, size: chunks[0]?.length });
    expect(appends[1]).toMatchObject({ offset: 37, size: (chunks[0]?.length ?? 0) - 37 });
    expect(appends.filter((call) => !boundaries.has(call.offset ?? -1))).toHaveLength(1);
  });

  it('recovers when the server took a whole request but the answer was lost', async () => {
    const { memory, transport, timers, queue } = queueHarness();
    const recording = await storeRecording(memory, transport, randomChunks(5));
    transport.cutNextAppend(Number.MAX_SAFE_INTEGER);
    queue.start();
    await allAcknowledged(queue, timers);
    expectUploaded(transport, recording);
  });

  it('sends nothing while offline and resumes at once when back online', async () => {
    const { memory, transport, timers, queue, progress, sent } = queueHarness();
    const recording = await storeRecording(memory, transport, randomChunks(10), { stopped: false });
    queue.setOnline(false);
    await queue.start();
    expect(transport.calls).toEqual([]);
    expect(progressOf(progress(), recording.id)?.state).toBe('waitingForNetwork');

    const reread = nextProgress(queue);
    queue.kick();
    timers.fireAll();
    await reread;
    expect(transport.calls).toEqual([]);

    queue.setOnline(true);
    await progressWhere(queue, (progress) => progressOf(progress, recording.id)?.state === 'recording');
    expect(timers.requested).toEqual([]);

    // Going offline mid-stream: the request in flight completes, no new one starts.
    await memory.appendChunk(recording.id, new Blob([new Uint8Array(randomBytes(50))]));
    transport.setOnline(false);
    queue.kick();
    await timers.requests(1);
    queue.setOnline(false);
    const callsWhenOffline = transport.calls.length;
    timers.fireAll();
    const rereadOffline = nextProgress(queue);
    queue.kick();
    await rereadOffline;
    expect(transport.calls.length).toBe(callsWhenOffline);
    expect(progressOf(progress(), recording.id)).toMatchObject({ state: 'waitingForNetwork', bytesPending: 50 });

    // What is stored while offline shows as pending at once, not only when the network is back.
    await memory.appendChunk(recording.id, new Blob([new Uint8Array(randomBytes(70))]));
    queue.kick();
    await progressWhere(queue, (progress) => progressOf(progress, recording.id)?.bytesPending === 120);
    expect(transport.calls.length).toBe(callsWhenOffline);
    expect(progressOf(progress(), recording.id)).toMatchObject({ state: 'waitingForNetwork', bytesPending: 120 });

    transport.setOnline(true);
    queue.setOnline(true);
    await progressWhere(queue, (progress) => progressOf(progress, recording.id)?.bytesPending === 0);
    expect(sent.offline()).toBe(0);
  });

  it('going offline while a request is in flight lets it complete and sends nothing more till online', async () => {
    let appends = 0;
    const { memory, transport, queue, progress, sent } = queueHarness(
      { chunksInFlight: 3 },
      { latency: async (call) => void (call.operation === 'append' && ++appends === 2 && queue.setOnline(false)) },
    );
    const chunks = randomChunks(6);
    const recording = await storeRecording(memory, transport, chunks);
    queue.start();
    // The second append was sent before the queue went offline: it completes and is acknowledged.
    const twoChunks = (chunks[0]?.length ?? 0) + (chunks[1]?.length ?? 0);
    await progressWhere(queue, (progress) => progressOf(progress, recording.id)?.bytesAcknowledged === twoChunks);
    expect(progressOf(progress(), recording.id)?.state).toBe('waitingForNetwork');
    expect(memory.chunksOf(recording.id).map((chunk) => chunk.seq)).toEqual([2, 3, 4, 5]);

    queue.setOnline(true);
    await allAcknowledged(queue);
    expectUploaded(transport, recording);
    expect(sent.offline()).toBe(0);
  });

  it('backs off exponentially with jitter, capped, and resets after success or coming online', async () => {
    const { memory, transport, timers, queue } = queueHarness({ random: () => 0 });
    await storeRecording(memory, transport, randomChunks(3));
    transport.failNextAppends(7);
    queue.start();
    await allAcknowledged(queue, timers);
    expect(timers.requested).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);

    // After a success the next failure starts from the base delay again.
    let appends = 0;
    const next = queueHarness(
      { random: () => 0 },
      {
        // Appends 1 and 2 fail, 3 succeeds, 4 fails.
        latency: async (call) => {
          if (call.operation === 'append' && ++appends === 4) next.transport.failNextAppends(1);
        },
      },
    );
    await storeRecording(next.memory, next.transport, randomChunks(3));
    next.transport.failNextAppends(2);
    next.queue.start();
    await allAcknowledged(next.queue, next.timers);
    expect(next.timers.requested).toEqual([100, 200, 100]);

    // Coming back online resets the backoff and does not wait for it.
    const third = queueHarness({ random: () => 0 });
    await storeRecording(third.memory, third.transport, randomChunks(3));
    third.transport.failNextAppends(3);
    third.queue.start();
    for (let failures = 1; failures < 3; failures++) {
      await third.timers.requests(failures);
      third.timers.fireAll();
    }
    await third.timers.requests(3);
    third.queue.setOnline(false);
    expect(third.timers.pendingCount).toBe(0);
    third.transport.failNextAppends(1);
    third.queue.setOnline(true);
    await third.timers.requests(4);
    expect(third.timers.requested).toEqual([100, 200, 400, 100]);
  });

  it('computes jittered delays within [(1 − jitter)·d, d]', () => {
    const retry = { baseMs: 1000, maxMs: 30_000, jitter: 0.5 };
    expect(retryDelay(1, retry, () => 0)).toBe(1000);
    expect(retryDelay(1, retry, () => 0.999999)).toBe(500);
    expect(retryDelay(3, retry, () => 0.5)).toBe(3000);
    expect(retryDelay(20, retry, () => 0)).toBe(30_000);
    expect(retryDelay(20, { ...retry, jitter: 0 }, () => 0.9)).toBe(30_000);
  });

  it('never holds more than chunksInFlight chunks of a recording', async () => {
    for (const chunksInFlight of [1, 3]) {
      const memory = createMemoryChunkStore();
      /** Chunks read but not yet released, by seq. */
      const outstanding = new Map<number, number>();
      let most = 0;
      let largestLimit = 0;
      const spy: ChunkStore = {
        ...memory,
        async readChunks(recordingId, fromSeq, limit) {
          largestLimit = Math.max(largestLimit, limit);
          const chunks = await memory.readChunks(recordingId, fromSeq, limit);
          for (const chunk of chunks) outstanding.set(chunk.seq, chunk.offset + chunk.data.size);
          most = Math.max(most, outstanding.size);
          return chunks;
        },
        async releaseBelow(recordingId, offset) {
          await memory.releaseBelow(recordingId, offset);
          for (const [seq, end] of outstanding) if (end <= offset) outstanding.delete(seq);
        },
        async deleteRecording(recordingId) {
          await memory.deleteRecording(recordingId);
          outstanding.clear();
        },
      };
      const { transport, timers, queue } = queueHarness({ chunksInFlight, store: spy });
      const recording = await storeRecording(memory, transport, randomChunks(40));
      transport.failNextAppends(2);
      transport.cutNextAppend(10);
      queue.start();
      await allAcknowledged(queue, timers);

      expectUploaded(transport, recording);
      expect(largestLimit).toBe(chunksInFlight);
      expect(most).toBe(chunksInFlight);
    }
  });

  it('after a reload, a new queue over the same store and server finishes every recording once', async () => {
    const memory = createMemoryChunkStore();
    let appends = 0;
    let reloaded: () => void = () => undefined;
    const reload = new Promise<void>((resolve) => (reloaded = resolve));
    let sentBeforeReload = 0;
    const transport = createMemoryUploadTransport({
      // The page "reloads" while its 8th request is in flight.
      latency: async (call) => {
        if (call.operation !== 'append' || ++appends !== 8) return;
        first.stop();
        sentBeforeReload = firstPage.sent;
        reloaded();
      },
    });
    // The first page's requests: to wait for those in flight at the reload, and to see that none followed.
    const firstPage = watchedTransport(transport);
    const timers = manualTimers();
    const recordings = [
      await storeRecording(memory, transport, randomChunks(12)),
      await storeRecording(memory, transport, randomChunks(12)),
    ];
    // This one was still recording when the tab crashed.
    const crashed = await storeRecording(memory, transport, randomChunks(9), { stopped: false });
    const first = createUploadQueue({ store: memory, transport: firstPage.transport, timers, random: () => 0 });
    first.start();
    await reload;
    await firstPage.answered();
    const callsOfFirst = transport.calls.length;
    const midway = recordings.map((recording) => transport.upload(recording.uploadUrl)?.bytes.length ?? 0);
    expect(midway.some((length, i) => length > 0 && length < (recordings[i]?.bytes.length ?? 0))).toBe(true);
    expect(transport.calls.some((call) => call.operation === 'finish')).toBe(false);

    expect(await finalizeInterruptedRecordings(memory)).toEqual([crashed.id]);
    expect(transport.calls.length).toBe(callsOfFirst);
    const second = createUploadQueue({ store: memory, transport, timers, random: () => 0 });
    second.start();
    await allAcknowledged(second, timers);

    for (const recording of [...recordings, crashed]) expectUploaded(transport, recording);
    expect(await memory.listRecordings()).toEqual([]);
    expect(memory.usage).toBe(0);
    expect(firstPage.sent).toBe(sentBeforeReload);
  });

  it('marks a recording failed on a non-retryable error, keeps its chunks, and retry() starts it over', async () => {
    const { memory, transport, sent, timers, queue, progress } = queueHarness();
    const recording = await storeRecording(memory, transport, randomChunks(4));
    transport.remove(recording.uploadUrl);
    queue.start();
    await progressWhere(queue, (progress) => progressOf(progress, recording.id)?.state === 'failed');
    expect(progressOf(progress(), recording.id)).toMatchObject({
      error: ErrorCode.NOT_FOUND,
      bytesPending: recording.bytes.length,
    });
    expect(timers.pendingCount).toBe(0);
    expect(memory.chunksOf(recording.id)).toHaveLength(4);
    expect(queue.allAcknowledged()).toBe(false);
    // kick() does not revive a failed recording; retry() does.
    const calls = transport.calls.length;
    const reread = nextProgress(queue);
    queue.kick();
    await reread;
    expect(transport.calls.length).toBe(calls);
    queue.retry();
    await sent.requests.reached(calls + 1);
    expect(transport.calls.length).toBeGreaterThan(calls);
  });

  it('fails on a checksum mismatch and does not delete the recording', async () => {
    const { memory, transport, timers, queue, progress } = queueHarness();
    const recording = await storeRecording(memory, transport, randomChunks(4), { stopped: false });
    await memory.markStopped(recording.id, '0'.repeat(64));
    queue.start();
    await timers.firingUntil(
      progressWhere(queue, (progress) => progressOf(progress, recording.id)?.state === 'failed'),
    );
    expect(progressOf(progress(), recording.id)?.error).toBe(ErrorCode.CHECKSUM_MISMATCH);
    expect(memory.peek(recording.id)).toBeDefined();
    expect(transport.upload(recording.uploadUrl)?.bytes).toEqual(recording.bytes);
  });

  it('uploads a recording tracked after start, and one tracked before start once started', async () => {
    const { memory, transport, queue } = queueHarness();
    const before = await storeRecording(memory, transport, randomChunks(3));
    const shown = progressWhere(queue, (progress) => progressOf(progress, before.id) !== undefined);
    queue.track(before.id);
    await shown;
    expect(transport.calls).toEqual([]);
    queue.start();
    await allAcknowledged(queue);
    const after = await storeRecording(memory, transport, randomChunks(3));
    queue.track(after.id);
    expect(queue.allAcknowledged()).toBe(false);
    await allAcknowledged(queue);
    expectUploaded(transport, before);
    expectUploaded(transport, after);
  });
});

describe('UploadQueue.settled', () => {
  it('resolves done once a recording is uploaded and completed, failed when it fails for good, notHeld when the store lacks it', async () => {
    const memory = createMemoryChunkStore();
    const transport = createMemoryUploadTransport();
    const good = await storeRecording(memory, transport, randomChunks(4));
    const bad = await storeRecording(memory, transport, randomChunks(2));
    transport.remove(bad.uploadUrl);
    const queue = createUploadQueue({ store: memory, transport });
    await queue.start();
    expect(await queue.settled(good.id)).toBe('done');
    expectUploaded(transport, good);
    expect(await queue.settled(bad.id)).toBe('failed');
    expect(await queue.settled('rec-not-in-the-store')).toBe('notHeld');
    // Asked again once settled, it answers at once.
    expect(await queue.settled(good.id)).toBe('done');
  });
});
