/**
 * Durable storage of recorded chunks (IndexedDB in the browser). A chunk is written here before anything else
 * happens to it and deleted only after the server acknowledged its bytes, so a reload or a crash loses nothing.
 */
import type { RecordingKind } from './recorder.port.js';

/** What the store remembers of a recording besides its chunks. */
export interface StoredRecording {
  /** The server's recording id. */
  readonly id: string;
  readonly kind: RecordingKind;
  readonly mimeType: string;
  readonly uploadUrl: string;
  /** Local time it was created (ordering only). */
  readonly createdAt: number;
  /** Bytes written to the store so far (all chunks ever appended). */
  readonly bytesRecorded: number;
  /** Number of chunks ever appended; the next chunk's seq. */
  readonly chunkCount: number;
  /** Set once the recorder stopped: no more chunks will come. */
  readonly stopped: boolean;
  /** Lower-case hex SHA-256 of the whole recording, set when stopped (the server checks it). */
  readonly sha256?: string;
  /** Opaque running-hash state, so a reload can keep hashing where it stopped. */
  readonly hashState?: string;
}

export interface StoredChunk {
  readonly recordingId: string;
  /** 0-based position in the recording. */
  readonly seq: number;
  /** Byte offset of the chunk's first byte in the recording. */
  readonly offset: number;
  readonly data: Blob;
}

/** How much space is used and left, in bytes. */
export interface StorageEstimate {
  readonly usage: number;
  readonly quota: number;
  /** Whether the browser granted persistent storage. */
  readonly persisted: boolean;
}

export interface ChunkStore {
  createRecording(recording: Omit<StoredRecording, 'bytesRecorded' | 'chunkCount' | 'stopped'>): Promise<void>;
  /** Appends the next chunk; resolves once it is durable. Rejects STORAGE_QUOTA_LOW when there is no room. */
  appendChunk(recordingId: string, data: Blob, hashState?: string): Promise<StoredChunk>;
  /** Marks the recording complete; no chunk may follow. */
  markStopped(recordingId: string, sha256: string): Promise<void>;
  getRecording(recordingId: string): Promise<StoredRecording | undefined>;
  /** Every recording still in the store (unfinished or not yet acknowledged), oldest first. */
  listRecordings(): Promise<readonly StoredRecording[]>;
  /** Up to `limit` stored chunks from seq `fromSeq` on, in order. */
  readChunks(recordingId: string, fromSeq: number, limit: number): Promise<readonly StoredChunk[]>;
  /** Drops chunks whose bytes all lie below `offset` (acknowledged by the server). */
  releaseBelow(recordingId: string, offset: number): Promise<void>;
  /** Forgets a recording once the server has all of it. */
  deleteRecording(recordingId: string): Promise<void>;
  estimate(): Promise<StorageEstimate>;
}
