/**
 * core's ChunkStore in IndexedDB (on `idb`): recorded chunks survive a reload, a closed tab and a browser crash
 * until the server has acknowledged them. Blobs are stored as Blobs: IndexedDB keeps them intact (Chromium keeps
 * large ones as files beside the database), and so does fake-indexeddb in Node, so no copy into an ArrayBuffer.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import {
  ErrorCode,
  ExamError,
  type ChunkStore,
  type StorageEstimate,
  type StoredChunk,
  type StoredRecording,
} from '@examroom/core';

/** The part of `navigator.storage` the store uses; every method is optional, as in older browsers. */
export interface StorageManagerLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

export interface IdbChunkStoreOptions {
  /** Database name. Default `examroom-recordings`. */
  readonly dbName?: string;
  /**
   * appendChunk rejects STORAGE_QUOTA_LOW when the estimated free space would drop below this many bytes, so the
   * candidate and the supervisor hear of it while there is still room. Default 50 MB.
   */
  readonly lowSpaceBytes?: number;
  /** Default the global `indexedDB` (tests pass fake-indexeddb's). */
  readonly indexedDB?: IDBFactory;
  /** For quota estimates and persistence. Default `navigator.storage`; without it there is no early warning. */
  readonly storage?: StorageManagerLike;
}

export interface IdbChunkStore extends ChunkStore {
  /** Closes the database connection; the next call opens it again. */
  close(): void;
}

interface RecordingsDb extends DBSchema {
  recordings: { key: string; value: StoredRecording };
  chunks: { key: [string, number]; value: StoredChunk; indexes: { byRecording: string } };
}

export const DEFAULT_DB_NAME = 'examroom-recordings';
export const DEFAULT_LOW_SPACE_BYTES = 50 * 1024 * 1024;
const DB_VERSION = 1;

/** The keys of every chunk of a recording, in seq order from `fromSeq`. */
const chunkRange = (recordingId: string, fromSeq = 0): IDBKeyRange =>
  IDBKeyRange.bound([recordingId, fromSeq], [recordingId, Infinity]);

/**
 * Creates the store; the database opens on first use. Asks once for persistent storage (so the browser does not
 * evict recordings under storage pressure); a refusal changes nothing but what estimate() reports.
 */
export function createIdbChunkStore(options: IdbChunkStoreOptions = {}): IdbChunkStore {
  const dbName = options.dbName ?? DEFAULT_DB_NAME;
  const lowSpaceBytes = options.lowSpaceBytes ?? DEFAULT_LOW_SPACE_BYTES;
  const storage = options.storage ?? globalThis.navigator?.storage;
  const persistRequest = askPersistence(storage);
  let database: Promise<IDBPDatabase<RecordingsDb>> | undefined;
  /** Serialises appends, so that overlapping calls get seqs in call order. */
  let appends: Promise<unknown> = Promise.resolve();

  function db(): Promise<IDBPDatabase<RecordingsDb>> {
    database ??= open().catch((error: unknown) => {
      database = undefined;
      throw error;
    });
    return database;
  }

  /** idb's openDB with an injectable factory (openDB itself always uses the global one). */
  async function open(): Promise<IDBPDatabase<RecordingsDb>> {
    const factory = options.indexedDB ?? globalThis.indexedDB;
    if (!factory) throw new ExamError(ErrorCode.STORAGE_UNSUPPORTED, 'IndexedDB is not available');
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(dbName, DB_VERSION);
    } catch (error) {
      throw new ExamError(ErrorCode.STORAGE_UNSUPPORTED, messageOf(error));
    }
    request.addEventListener('upgradeneeded', () => {
      const upgrading = wrap(request.result) as unknown as IDBPDatabase<RecordingsDb>;
      upgrading.createObjectStore('recordings', { keyPath: 'id' });
      const chunks = upgrading.createObjectStore('chunks', { keyPath: ['recordingId', 'seq'] });
      chunks.createIndex('byRecording', 'recordingId');
    });
    let opened: IDBPDatabase<RecordingsDb>;
    try {
      opened = (await wrap(request)) as unknown as IDBPDatabase<RecordingsDb>;
    } catch (error) {
      // Private browsing in some browsers, or a disk error.
      throw new ExamError(ErrorCode.STORAGE_UNSUPPORTED, messageOf(error));
    }
    const forget = () => {
      database = undefined;
    };
    // Another tab wants a newer schema: let it have the database; the next call here reopens.
    opened.addEventListener('versionchange', () => {
      opened.close();
      forget();
    });
    // The browser closed the connection (e.g. the database was deleted from the settings).
    opened.addEventListener('close', forget);
    return opened;
  }

  async function estimateSpace(): Promise<{ usage: number; quota: number } | undefined> {
    if (!storage?.estimate) return undefined;
    try {
      const { usage, quota } = await storage.estimate();
      if (typeof quota !== 'number') return undefined;
      return { usage: usage ?? 0, quota };
    } catch {
      return undefined;
    }
  }

  /** Rejects when storing `size` more bytes would leave less than lowSpaceBytes free. */
  async function checkRoom(size: number): Promise<void> {
    const space = await estimateSpace();
    if (!space) return;
    const freeAfter = space.quota - space.usage - size;
    if (freeAfter < lowSpaceBytes) {
      throw new ExamError(
        ErrorCode.STORAGE_QUOTA_LOW,
        `Storing ${size} bytes would leave ${Math.max(0, freeAfter)} bytes free, below ${lowSpaceBytes}`,
      );
    }
  }

  async function append(recordingId: string, data: Blob, hashState: string | undefined): Promise<StoredChunk> {
    await checkRoom(data.size);
    // The chunk and the recording's counters and hash state are written in one transaction: durable together.
    const tx = (await db()).transaction(['recordings', 'chunks'], 'readwrite', { durability: 'strict' });
    const requests: Promise<unknown>[] = [];
    try {
      const recordings = tx.objectStore('recordings');
      const recording = await recordings.get(recordingId);
      if (!recording) throw new ExamError(ErrorCode.NOT_FOUND, `No recording ${recordingId} in the store`);
      if (recording.stopped) throw new ExamError(ErrorCode.VALIDATION_FAILED, `Recording ${recordingId} is stopped`);
      const chunk: StoredChunk = { recordingId, seq: recording.chunkCount, offset: recording.bytesRecorded, data };
      requests.push(tx.objectStore('chunks').add(chunk));
      requests.push(
        recordings.put({
          ...recording,
          bytesRecorded: recording.bytesRecorded + data.size,
          chunkCount: recording.chunkCount + 1,
          ...(hashState === undefined ? {} : { hashState }),
        }),
      );
      requests.push(tx.done);
      await Promise.all(requests);
      return chunk;
    } catch (error) {
      // Whatever failed, neither write may survive without the other.
      for (const request of requests) request.catch(() => undefined);
      abortQuietly(tx);
      throw error;
    }
  }

  return {
    close() {
      const current = database;
      database = undefined;
      void current?.then((opened) => opened.close(), () => undefined);
    },

    createRecording: (recording) =>
      guard(async () => {
        const tx = (await db()).transaction('recordings', 'readwrite', { durability: 'strict' });
        try {
          await Promise.all([tx.store.add({ ...recording, bytesRecorded: 0, chunkCount: 0, stopped: false }), tx.done]);
        } catch (error) {
          if (nameOf(error) === 'ConstraintError') {
            throw new ExamError(ErrorCode.VALIDATION_FAILED, `Recording ${recording.id} already stored`);
          }
          throw error;
        }
      }),

    appendChunk(recordingId, data, hashState) {
      const appended = appends.then(() => guard(() => append(recordingId, data, hashState)));
      appends = appended.catch(() => undefined);
      return appended;
    },

    markStopped: (recordingId, sha256) =>
      guard(async () => {
        const tx = (await db()).transaction('recordings', 'readwrite', { durability: 'strict' });
        const recording = await tx.store.get(recordingId);
        if (!recording) throw new ExamError(ErrorCode.NOT_FOUND, `No recording ${recordingId} in the store`);
        await Promise.all([tx.store.put({ ...recording, stopped: true, sha256 }), tx.done]);
      }),

    getRecording: (recordingId) => guard(async () => (await db()).get('recordings', recordingId)),

    listRecordings: () =>
      guard(async () => {
        const recordings = await (await db()).getAll('recordings');
        return recordings.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),

    readChunks: (recordingId, fromSeq, limit) =>
      guard(async () => {
        if (limit <= 0) return [];
        return (await db()).getAll('chunks', chunkRange(recordingId, fromSeq), limit);
      }),

    releaseBelow: (recordingId, offset) =>
      guard(async () => {
        const tx = (await db()).transaction('chunks', 'readwrite');
        // The index lists a recording's chunks in key order, i.e. by seq: stop at the first one still needed.
        let cursor = await tx.store.index('byRecording').openCursor(recordingId);
        while (cursor && cursor.value.offset + cursor.value.data.size <= offset) {
          await cursor.delete();
          cursor = await cursor.continue();
        }
        await tx.done;
      }),

    deleteRecording: (recordingId) =>
      guard(async () => {
        const tx = (await db()).transaction(['recordings', 'chunks'], 'readwrite');
        await Promise.all([
          tx.objectStore('recordings').delete(recordingId),
          tx.objectStore('chunks').delete(chunkRange(recordingId)),
          tx.done,
        ]);
      }),

    async estimate(): Promise<StorageEstimate> {
      const [space, persisted] = await Promise.all([estimateSpace(), isPersisted(storage, persistRequest)]);
      return { usage: space?.usage ?? 0, quota: space?.quota ?? Number.MAX_SAFE_INTEGER, persisted };
    },
  };
}

function abortQuietly(tx: { abort(): void; readonly done: Promise<void> }): void {
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    // Already committed or aborted.
  }
}

/** Asks for persistent storage once; resolves with the answer, false when refused or unsupported. */
function askPersistence(storage: StorageManagerLike | undefined): Promise<boolean> {
  if (!storage?.persist) return Promise.resolve(false);
  return storage.persist().then(
    (granted) => granted === true,
    () => false,
  );
}

/** The current state where the browser can tell (the user may have changed it), else the answer to our request. */
async function isPersisted(storage: StorageManagerLike | undefined, request: Promise<boolean>): Promise<boolean> {
  const answered = await request;
  if (!storage?.persisted) return answered;
  try {
    return (await storage.persisted()) === true;
  } catch {
    return answered;
  }
}

/** Every rejection as an ExamError: a full disk is STORAGE_QUOTA_LOW, anything unexpected INTERNAL_ERROR. */
async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ExamError) throw error;
    if (nameOf(error) === 'QuotaExceededError') throw new ExamError(ErrorCode.STORAGE_QUOTA_LOW, messageOf(error));
    throw new ExamError(ErrorCode.INTERNAL_ERROR, `IndexedDB: ${messageOf(error)}`);
  }
}

function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
