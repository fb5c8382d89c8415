// fake-indexeddb in Node: idb checks values against the global IDB classes, so the globals are installed too.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { wrap, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredChunk } from '@examroom/core';
import { describeChunkStoreContract } from '../../../core/src/testing/chunk-store.contract.js';
import { createIdbChunkStore, DEFAULT_LOW_SPACE_BYTES, type IdbChunkStore, type StorageManagerLike } from './index.js';

/** Bytes of chunk data in the database: the usage a browser would count for it. */
async function storedChunkBytes(factory: IDBFactory, dbName: string): Promise<number> {
  const db = (await wrap(factory.open(dbName))) as IDBPDatabase;
  try {
    const chunks = (await db.getAll('chunks')) as StoredChunk[];
    return chunks.reduce((sum, chunk) => sum + chunk.data.size, 0);
  } finally {
    db.close();
  }
}

/** A StorageManager over the chunks really stored, with a quota the test sets. */
function fakeStorage(factory: IDBFactory, dbName: string, options: { quota?: number; persist?: () => Promise<boolean> } = {}) {
  let quota = options.quota ?? Number.MAX_SAFE_INTEGER;
  let persisted = false;
  const storage = {
    estimate: vi.fn(async () => ({ usage: await storedChunkBytes(factory, dbName), quota })),
    persist: vi.fn(async () => {
      persisted = await (options.persist ?? (async () => true))();
      return persisted;
    }),
    persisted: vi.fn(async () => persisted),
  } satisfies StorageManagerLike;
  return {
    storage,
    setQuota(bytes: number) {
      quota = bytes;
    },
  };
}

const blob = (size: number, fill = 1) => new Blob([new Uint8Array(size).fill(fill)]);

const recording = (id: string) => ({
  id,
  kind: 'camera' as const,
  mimeType: 'video/webm',
  uploadUrl: `https://exam.example/api/v1/uploads/${id}`,
  createdAt: 1,
});

const opened: IdbChunkStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.restoreAllMocks();
});

/** A store on its own fresh factory; `lowSpaceBytes` 0 unless given, so the quota is the whole story. */
async function setup(options: { lowSpaceBytes?: number; quota?: number; persist?: () => Promise<boolean> } = {}) {
  const factory = new IDBFactory();
  const dbName = 'examroom-recordings';
  const fake = fakeStorage(factory, dbName, options);
  const make = () => {
    const store = createIdbChunkStore({ indexedDB: factory, storage: fake.storage, lowSpaceBytes: options.lowSpaceBytes ?? 0 });
    opened.push(store);
    return store;
  };
  const store = make();
  // Opens the database, so the fake's usage reads never create an empty one first.
  await store.listRecordings();
  return { factory, store, make, ...fake };
}

describeChunkStoreContract('IndexedDB (fake-indexeddb)', async () => {
  const { store, setQuota } = await setup();
  return { store, setQuota };
});

describe('IndexedDB chunk store', () => {
  it('keeps recordings and chunks across a reload (a new store on the same database)', async () => {
    const { store, make } = await setup();
    await store.createRecording({ ...recording('rec_a'), hashState: 'h0' });
    await store.appendChunk('rec_a', blob(5, 1), 'h1');
    await store.appendChunk('rec_a', blob(3, 2), 'h2');
    store.close();

    const reloaded = make();
    expect(await reloaded.listRecordings()).toEqual([
      expect.objectContaining({ id: 'rec_a', bytesRecorded: 8, chunkCount: 2, hashState: 'h2', stopped: false }),
    ]);
    const chunks = await reloaded.readChunks('rec_a', 0, 10);
    expect(chunks.map((chunk) => [chunk.seq, chunk.offset, chunk.data.size])).toEqual([
      [0, 0, 5],
      [1, 5, 3],
    ]);
    expect([...new Uint8Array(await chunks[1]!.data.arrayBuffer())]).toEqual([2, 2, 2]);
  });

  it('writes a chunk and the recording’s counters together: when one write fails, neither is kept', async () => {
    const { store } = await setup();
    await store.createRecording(recording('rec_a'));
    await store.appendChunk('rec_a', blob(4), 'h1');
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw new DOMException('cannot store', 'DataCloneError');
    });
    await expect(store.appendChunk('rec_a', blob(6), 'h2')).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 4, chunkCount: 1, hashState: 'h1' });
    expect((await store.readChunks('rec_a', 0, 10)).map((chunk) => chunk.seq)).toEqual([0]);
    // The next chunk takes the place of the failed one.
    expect(await store.appendChunk('rec_a', blob(6), 'h2')).toMatchObject({ seq: 1, offset: 4 });
  });

  it('reports a full disk (QuotaExceededError from IndexedDB) as STORAGE_QUOTA_LOW', async () => {
    const { store } = await setup();
    await store.createRecording(recording('rec_a'));
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementationOnce(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await expect(store.appendChunk('rec_a', blob(6))).rejects.toMatchObject({ code: 'STORAGE_QUOTA_LOW' });
    expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 0, chunkCount: 0 });
  });

  describe('low space', () => {
    it('refuses a chunk that would leave less than lowSpaceBytes free, before the disk is full', async () => {
      const { store } = await setup({ lowSpaceBytes: 200, quota: 1_000 });
      await store.createRecording(recording('rec_a'));
      await store.appendChunk('rec_a', blob(700), 'h1'); // leaves 300
      await expect(store.appendChunk('rec_a', blob(101), 'h2')).rejects.toMatchObject({ code: 'STORAGE_QUOTA_LOW' });
      await store.appendChunk('rec_a', blob(100), 'h2'); // leaves exactly 200
      expect(await store.getRecording('rec_a')).toMatchObject({ bytesRecorded: 800, chunkCount: 2, hashState: 'h2' });
      expect((await store.readChunks('rec_a', 0, 10)).map((chunk) => chunk.data.size)).toEqual([700, 100]);
    });

    it('keeps 50 MB free by default', async () => {
      const factory = new IDBFactory();
      const fake = fakeStorage(factory, 'examroom-recordings', { quota: DEFAULT_LOW_SPACE_BYTES + 1_000 });
      const store = createIdbChunkStore({ indexedDB: factory, storage: fake.storage });
      opened.push(store);
      expect(DEFAULT_LOW_SPACE_BYTES).toBe(50 * 1024 * 1024);
      await store.createRecording(recording('rec_a'));
      await store.appendChunk('rec_a', blob(1_000));
      await expect(store.appendChunk('rec_a', blob(1))).rejects.toMatchObject({ code: 'STORAGE_QUOTA_LOW' });
    });

    it('works without the storage API, with no early warning', async () => {
      const store = createIdbChunkStore({ indexedDB: new IDBFactory(), storage: {} });
      opened.push(store);
      await store.createRecording(recording('rec_a'));
      await store.appendChunk('rec_a', blob(10));
      expect(await store.estimate()).toEqual({ usage: 0, quota: Number.MAX_SAFE_INTEGER, persisted: false });
    });
  });

  describe('persistent storage', () => {
    it('asks once, at creation, and reports the answer', async () => {
      const { store, storage } = await setup();
      await store.estimate();
      await store.estimate();
      expect(storage.persist).toHaveBeenCalledTimes(1);
      expect(await store.estimate()).toMatchObject({ persisted: true, quota: Number.MAX_SAFE_INTEGER });
    });

    it('goes on when refused, or when asking fails', async () => {
      const refused = await setup({ persist: async () => false });
      expect(await refused.store.estimate()).toMatchObject({ persisted: false });
      const failing = await setup({ persist: () => Promise.reject(new Error('not allowed')) });
      await failing.store.createRecording(recording('rec_a'));
      await failing.store.appendChunk('rec_a', blob(3));
      expect(await failing.store.estimate()).toMatchObject({ persisted: false, usage: 3 });
    });
  });

  it('rejects STORAGE_UNSUPPORTED where there is no IndexedDB', async () => {
    const store = createIdbChunkStore({ indexedDB: undefined as unknown as IDBFactory, storage: {} });
    vi.stubGlobal('indexedDB', undefined);
    try {
      await expect(store.listRecordings()).rejects.toMatchObject({ code: 'STORAGE_UNSUPPORTED' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
