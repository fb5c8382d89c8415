/**
 * The suite every ChunkStore must pass (the in-memory fake, IndexedDB). It speaks only through the port and checks
 * what the upload queue and the recorder rely on. Not exported from the package (it imports vitest, and the build
 * excludes it): tests import it by path.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import type { ChunkStore, StoredChunk, StoredRecording } from '../ports/chunk-store.port.js';

export interface ChunkStoreTarget {
  /** An empty store. */
  readonly store: ChunkStore;
  /**
   * Lets the store hold only `bytes` bytes of chunk data in all, so that appending beyond it must reject
   * STORAGE_QUOTA_LOW. Omitted where the quota cannot be controlled (a real browser): those tests are skipped.
   */
  setQuota?(bytes: number): void;
  cleanup?(): Promise<void>;
}

type NewRecording = Omit<StoredRecording, 'bytesRecorded' | 'chunkCount' | 'stopped'>;

const recording = (id: string, createdAt: number, extra: Partial<NewRecording> = {}): NewRecording => ({
  id,
  kind: 'camera',
  mimeType: 'video/webm;codecs=vp8,opus',
  uploadUrl: `https://exam.example/api/v1/uploads/${id}`,
  createdAt,
  hashState: 'hash-0',
  ...extra,
});

/** `size` bytes, all `fill`, so that every chunk's content tells which chunk it is. */
const blob = (size: number, fill: number): Blob => new Blob([new Uint8Array(size).fill(fill)], { type: 'video/webm' });

async function bytesOf(chunk: StoredChunk): Promise<number[]> {
  return [...new Uint8Array(await chunk.data.arrayBuffer())];
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** `make` is called before every test for a fresh, empty store; `cleanup` after it. */
export function describeChunkStoreContract(name: string, make: () => Promise<ChunkStoreTarget>): void {
  describe(`ChunkStore contract: ${name}`, () => {
    let target: ChunkStoreTarget;
    let store: ChunkStore;

    beforeEach(async () => {
      target = await make();
      store = target.store;
    });
    afterEach(async () => {
      await target.cleanup?.();
    });

    /** Appends one chunk per size, chunk i filled with i + 1. */
    async function appendAll(id: string, sizes: readonly number[]): Promise<StoredChunk[]> {
      const chunks: StoredChunk[] = [];
      for (const [i, size] of sizes.entries()) chunks.push(await store.appendChunk(id, blob(size, i + 1), `hash-${i + 1}`));
      return chunks;
    }

    it('creates a recording with nothing recorded yet', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      expect(await store.getRecording('rec_a')).toEqual({
        ...recording('rec_a', 1_000),
        bytesRecorded: 0,
        chunkCount: 0,
        stopped: false,
      });
      expect(await store.getRecording('rec_unknown')).toBeUndefined();
    });

    it('refuses to create the same recording twice', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      expect(await rejectionOf(store.createRecording(recording('rec_a', 2_000)))).toMatchObject({
        code: ErrorCode.VALIDATION_FAILED,
      });
      expect(await store.getRecording('rec_a')).toMatchObject({ createdAt: 1_000 });
    });

    it('appends chunks in order with their seq and byte offset, and keeps their bytes and type', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      const appended = await appendAll('rec_a', [10, 7, 3]);
      expect(appended.map(({ recordingId, seq, offset, data }) => [recordingId, seq, offset, data.size])).toEqual([
        ['rec_a', 0, 0, 10],
        ['rec_a', 1, 10, 7],
        ['rec_a', 2, 17, 3],
      ]);
      const stored = await store.readChunks('rec_a', 0, 10);
      expect(stored.map((chunk) => [chunk.seq, chunk.offset])).toEqual([
        [0, 0],
        [1, 10],
        [2, 17],
      ]);
      expect(await Promise.all(stored.map(bytesOf))).toEqual([
        new Array(10).fill(1),
        new Array(7).fill(2),
        new Array(3).fill(3),
      ]);
      expect(stored[0]?.data.type).toBe('video/webm');
    });

    it('updates the recording with every chunk: bytes, count and the hash state stored with it', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await appendAll('rec_a', [10, 7]);
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 17, chunkCount: 2, hashState: 'hash-2' });
      // A chunk without a hash state keeps the last one.
      await store.appendChunk('rec_a', blob(1, 9));
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 18, chunkCount: 3, hashState: 'hash-2' });
    });

    it('keeps the call order of appends that overlap', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      const appended = await Promise.all([1, 2, 3, 4].map((fill) => store.appendChunk('rec_a', blob(fill, fill), `hash-${fill}`)));
      expect(appended.map((chunk) => [chunk.seq, chunk.offset])).toEqual([
        [0, 0],
        [1, 1],
        [2, 3],
        [3, 6],
      ]);
      const stored = await store.readChunks('rec_a', 0, 10);
      expect(await Promise.all(stored.map(bytesOf))).toEqual([[1], [2, 2], [3, 3, 3], [4, 4, 4, 4]]);
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 10, chunkCount: 4, hashState: 'hash-4' });
    });

    it('keeps recordings apart', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await store.createRecording(recording('rec_b', 1_001, { kind: 'screen' }));
      await appendAll('rec_a', [5, 5]);
      await store.appendChunk('rec_b', blob(2, 7));
      expect((await store.readChunks('rec_b', 0, 10)).map((chunk) => [chunk.recordingId, chunk.seq, chunk.offset])).toEqual([
        ['rec_b', 0, 0],
      ]);
      expect(await store.getRecording('rec_b')).toMatchObject({ bytesRecorded: 2, chunkCount: 1, kind: 'screen' });
      expect(await store.readChunks('rec_unknown', 0, 10)).toEqual([]);
    });

    it('rejects a chunk for an unknown recording', async () => {
      expect(await rejectionOf(store.appendChunk('rec_unknown', blob(1, 1)))).toMatchObject({ code: ErrorCode.NOT_FOUND });
    });

    it('reads windows of chunks: from a seq, at most a limit', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await appendAll('rec_a', [1, 2, 3, 4, 5]);
      const window = (chunks: readonly StoredChunk[]) => chunks.map((chunk) => chunk.seq);
      expect(window(await store.readChunks('rec_a', 0, 2))).toEqual([0, 1]);
      expect(window(await store.readChunks('rec_a', 2, 2))).toEqual([2, 3]);
      expect(window(await store.readChunks('rec_a', 3, 10))).toEqual([3, 4]);
      expect(window(await store.readChunks('rec_a', 5, 10))).toEqual([]);
      expect(window(await store.readChunks('rec_a', 0, 0))).toEqual([]);
    });

    it('releases only the chunks whose bytes all lie below the acknowledged offset', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await appendAll('rec_a', [10, 10, 10]); // bytes 0–9, 10–19, 20–29
      await store.releaseBelow('rec_a', 9);
      expect((await store.readChunks('rec_a', 0, 10)).map((chunk) => chunk.seq)).toEqual([0, 1, 2]);
      await store.releaseBelow('rec_a', 15);
      expect((await store.readChunks('rec_a', 0, 10)).map((chunk) => chunk.seq)).toEqual([1, 2]);
      await store.releaseBelow('rec_a', 30);
      expect(await store.readChunks('rec_a', 0, 10)).toEqual([]);
      // Releasing forgets no metadata: the recording still counts every byte and chunk.
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 30, chunkCount: 3 });
      const next = await store.appendChunk('rec_a', blob(4, 4));
      expect([next.seq, next.offset]).toEqual([3, 30]);
    });

    it('releases nothing of other recordings', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await store.createRecording(recording('rec_b', 1_001));
      await appendAll('rec_a', [5]);
      await appendAll('rec_b', [5]);
      await store.releaseBelow('rec_a', 5);
      await store.releaseBelow('rec_unknown', 100);
      expect(await store.readChunks('rec_a', 0, 10)).toEqual([]);
      expect((await store.readChunks('rec_b', 0, 10)).map((chunk) => chunk.seq)).toEqual([0]);
    });

    it('marks a recording stopped with its SHA-256, after which no chunk may follow', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await appendAll('rec_a', [3]);
      const sha256 = 'a'.repeat(64);
      await store.markStopped('rec_a', sha256);
      expect(await store.getRecording('rec_a')).toMatchObject({ stopped: true, sha256, bytesRecorded: 3, chunkCount: 1 });
      expect(await rejectionOf(store.appendChunk('rec_a', blob(1, 1)))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
      expect((await store.readChunks('rec_a', 0, 10)).map((chunk) => chunk.seq)).toEqual([0]);
    });

    it('lists every recording, oldest first', async () => {
      expect(await store.listRecordings()).toEqual([]);
      await store.createRecording(recording('rec_b', 2_000));
      await store.createRecording(recording('rec_c', 3_000));
      await store.createRecording(recording('rec_a', 1_000));
      await appendAll('rec_b', [4]);
      await store.markStopped('rec_c', 'c'.repeat(64));
      const listed = await store.listRecordings();
      expect(listed.map((r) => r.id)).toEqual(['rec_a', 'rec_b', 'rec_c']);
      expect(listed[1]).toMatchObject({ bytesRecorded: 4, chunkCount: 1, stopped: false });
      expect(listed[2]).toMatchObject({ stopped: true, sha256: 'c'.repeat(64) });
    });

    it('deletes a recording with its chunks, and only it', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      await store.createRecording(recording('rec_b', 2_000));
      await appendAll('rec_a', [3, 3]);
      await appendAll('rec_b', [2]);
      await store.deleteRecording('rec_a');
      await store.deleteRecording('rec_unknown');
      expect(await store.getRecording('rec_a')).toBeUndefined();
      expect(await store.readChunks('rec_a', 0, 10)).toEqual([]);
      expect((await store.listRecordings()).map((r) => r.id)).toEqual(['rec_b']);
      expect((await store.readChunks('rec_b', 0, 10)).map((chunk) => chunk.data.size)).toEqual([2]);
      // The id may be used again, from scratch.
      await store.createRecording(recording('rec_a', 3_000));
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 0, chunkCount: 0 });
    });

    it('hands out copies: changing what it returned changes nothing stored', async () => {
      await store.createRecording(recording('rec_a', 1_000));
      const got = (await store.getRecording('rec_a')) as { bytesRecorded: number };
      got.bytesRecorded = 999;
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 0 });
    });

    it('estimates usage and quota and says whether storage is persistent', async () => {
      const estimate = await store.estimate();
      expect(estimate.usage).toBeGreaterThanOrEqual(0);
      expect(estimate.quota).toBeGreaterThanOrEqual(estimate.usage);
      expect(typeof estimate.persisted).toBe('boolean');
    });

    describe('with a quota', () => {
      beforeEach((context) => {
        if (!target.setQuota) context.skip();
      });

      it('counts stored chunks in the usage estimate', async () => {
        target.setQuota?.(1_000);
        await store.createRecording(recording('rec_a', 1_000));
        const before = (await store.estimate()).usage;
        await appendAll('rec_a', [100]);
        expect((await store.estimate()).usage).toBeGreaterThanOrEqual(before + 100);
      });

      it('rejects STORAGE_QUOTA_LOW when a chunk does not fit, dropping nothing already stored', async () => {
        await store.createRecording(recording('rec_a', 1_000));
        await appendAll('rec_a', [60]);
        target.setQuota?.(100);
        await store.appendChunk('rec_a', blob(30, 2), 'hash-2');
        const error = await rejectionOf(store.appendChunk('rec_a', blob(30, 3), 'hash-3'));
        expect(error).toMatchObject({ code: ErrorCode.STORAGE_QUOTA_LOW });

        // The refused chunk left no trace; everything before it is intact.
        expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 90, chunkCount: 2, hashState: 'hash-2' });
        const stored = await store.readChunks('rec_a', 0, 10);
        expect(await Promise.all(stored.map(bytesOf))).toEqual([new Array(60).fill(1), new Array(30).fill(2)]);

        // Once acknowledged chunks are released there is room again, and the recording goes on where it was.
        await store.releaseBelow('rec_a', 60);
        const next = await store.appendChunk('rec_a', blob(30, 3), 'hash-3');
        expect([next.seq, next.offset]).toEqual([2, 90]);
      });

      it('frees the space of a deleted recording', async () => {
        await store.createRecording(recording('rec_a', 1_000));
        await store.createRecording(recording('rec_b', 2_000));
        target.setQuota?.(100);
        await appendAll('rec_a', [80]);
        expect(await rejectionOf(store.appendChunk('rec_b', blob(40, 1)))).toMatchObject({ code: ErrorCode.STORAGE_QUOTA_LOW });
        await store.deleteRecording('rec_a');
        await store.appendChunk('rec_b', blob(40, 1));
        expect(await store.getRecording('rec_b')).toMatchObject({ bytesRecorded: 40 });
      });
    });
  });
}
