/**
 * An in-memory ChunkStore for tests and stories. It behaves like the IndexedDB store (every call is asynchronous,
 * records come back as copies) and can simulate a nearly full disk with a byte quota.
 */
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { ChunkStore, StorageEstimate, StoredChunk, StoredRecording } from '../ports/chunk-store.port.js';

export interface MemoryChunkStoreOptions {
  /** Bytes of chunk data the store may hold; appendChunk rejects STORAGE_QUOTA_LOW beyond it. Unlimited if unset. */
  readonly quota?: number;
  /** What estimate() reports as `persisted`. Default true. */
  readonly persisted?: boolean;
}

export interface MemoryChunkStore extends ChunkStore {
  /** Bytes of chunk data held now. */
  readonly usage: number;
  /** Changes the quota (undefined: unlimited), e.g. to let a test free up space. */
  setQuota(quota: number | undefined): void;
  /** The chunks held for a recording, in order (synchronous, for assertions). */
  chunksOf(recordingId: string): readonly StoredChunk[];
  /** The recording as held now (synchronous, for assertions). */
  peek(recordingId: string): StoredRecording | undefined;
}

interface Entry {
  recording: StoredRecording;
  chunks: StoredChunk[];
}

/** Creates an empty in-memory ChunkStore. */
export function createMemoryChunkStore(options: MemoryChunkStoreOptions = {}): MemoryChunkStore {
  const entries = new Map<string, Entry>();
  let quota = options.quota;
  let usage = 0;

  // Like IndexedDB, every operation completes asynchronously, so callers cannot rely on synchronous effects.
  // A microtask rather than a timer, so the store also works under fake timers.
  const tick = (): Promise<void> => Promise.resolve();

  function entryOf(recordingId: string): Entry {
    const entry = entries.get(recordingId);
    if (!entry) throw new ExamError(ErrorCode.NOT_FOUND, `No recording ${recordingId} in the store`);
    return entry;
  }

  return {
    get usage() {
      return usage;
    },
    setQuota(next) {
      quota = next;
    },
    chunksOf(recordingId) {
      return [...(entries.get(recordingId)?.chunks ?? [])];
    },
    peek(recordingId) {
      const entry = entries.get(recordingId);
      return entry && { ...entry.recording };
    },

    async createRecording(recording) {
      await tick();
      if (entries.has(recording.id)) {
        throw new ExamError(ErrorCode.VALIDATION_FAILED, `Recording ${recording.id} already stored`);
      }
      entries.set(recording.id, {
        recording: { ...recording, bytesRecorded: 0, chunkCount: 0, stopped: false },
        chunks: [],
      });
    },

    async appendChunk(recordingId, data, hashState) {
      await tick();
      const entry = entryOf(recordingId);
      const { recording } = entry;
      if (recording.stopped) {
        throw new ExamError(ErrorCode.VALIDATION_FAILED, `Recording ${recordingId} is stopped`);
      }
      if (quota !== undefined && usage + data.size > quota) {
        throw new ExamError(ErrorCode.STORAGE_QUOTA_LOW, `No room for ${data.size} bytes`);
      }
      const chunk: StoredChunk = { recordingId, seq: recording.chunkCount, offset: recording.bytesRecorded, data };
      entry.chunks.push(chunk);
      usage += data.size;
      entry.recording = {
        ...recording,
        bytesRecorded: recording.bytesRecorded + data.size,
        chunkCount: recording.chunkCount + 1,
        ...(hashState === undefined ? {} : { hashState }),
      };
      return chunk;
    },

    async markStopped(recordingId, sha256) {
      await tick();
      const entry = entryOf(recordingId);
      entry.recording = { ...entry.recording, stopped: true, sha256 };
    },

    async getRecording(recordingId) {
      await tick();
      const entry = entries.get(recordingId);
      return entry && { ...entry.recording };
    },

    async listRecordings() {
      await tick();
      return [...entries.values()]
        .map((entry) => ({ ...entry.recording }))
        .sort((a, b) => a.createdAt - b.createdAt);
    },

    async readChunks(recordingId, fromSeq, limit) {
      await tick();
      const entry = entries.get(recordingId);
      if (!entry) return [];
      return entry.chunks.filter((chunk) => chunk.seq >= fromSeq).slice(0, Math.max(0, limit));
    },

    async releaseBelow(recordingId, offset) {
      await tick();
      const entry = entries.get(recordingId);
      if (!entry) return;
      entry.chunks = entry.chunks.filter((chunk) => {
        const below = chunk.offset + chunk.data.size <= offset;
        if (below) usage -= chunk.data.size;
        return !below;
      });
    },

    async deleteRecording(recordingId) {
      await tick();
      const entry = entries.get(recordingId);
      if (!entry) return;
      for (const chunk of entry.chunks) usage -= chunk.data.size;
      entries.delete(recordingId);
    },

    async estimate(): Promise<StorageEstimate> {
      await tick();
      return { usage, quota: quota ?? Number.MAX_SAFE_INTEGER, persisted: options.persisted ?? true };
    },
  };
}
