/**
 * Records one MediaStream into the durable ChunkStore: every chunk is hashed and stored, in order, before the
 * upload queue is told about it. The queue (upload-queue.ts) takes the stored chunks to the server.
 */
import { ErrorCode, ExamError, errorCodeOf } from '../errors/error-codes.js';
import type { ChunkStore } from '../ports/chunk-store.port.js';
import type { ExamApi } from '../ports/exam-api.port.js';
import type { ActiveRecorder, Recorder, RecordingKind } from '../ports/recorder.port.js';
import type { Unsubscribable } from '../ports/subscribable.js';
import { createSha256, type Sha256 } from './sha256.js';
import type { UploadQueue } from './upload-queue.js';

export interface StartRecordingOptions {
  /** Creates the recording on the server and tells where to upload it; abandons a part this browser lost. */
  readonly api: Pick<ExamApi, 'createRecording' | 'abandonRecording'>;
  readonly recorder: Recorder;
  /** Where every chunk is written before anything else happens to it. */
  readonly store: ChunkStore;
  /** Told about the new recording and kicked after every stored chunk; finishes an earlier part first. */
  readonly queue: Pick<UploadQueue, 'kick' | 'track' | 'settled'>;
  readonly kind: RecordingKind;
  /** The camera+mic, screen or phone stream to record. */
  readonly stream: MediaStream;
  /** How often the recorder emits a chunk. Default 1000 ms. */
  readonly timesliceMs?: number;
  /**
   * Called when storing starts failing (e.g. STORAGE_QUOTA_LOW) — once per spell of failures, not per chunk — and
   * when the recorder itself fails.
   */
  readonly onError?: (code: ErrorCode) => void;
  /**
   * Chunks that could not be stored are kept in memory, at most this many, and retried (oldest first) with every
   * new chunk, since uploads free space as the server acknowledges bytes. Beyond that a chunk must be dropped, and
   * this part ends there (see `onGap`): memory must stay bounded however long the disk stays full. Chunks already
   * stored are never given up. Default 3.
   */
  readonly maxUnstoredChunks?: number;
  /**
   * Called once when a chunk had to be dropped. A WebM with a gap inside cannot be decoded past it (the next frame
   * refers to frames never stored, and nothing in the file marks where), so the part keeps only the chunks before
   * the gap and takes no more: the caller stops it and records the next part.
   */
  readonly onGap?: () => void;
  /** Local clock for `createdAt`. Default Date.now. */
  readonly now?: () => number;
}

export interface ActiveRecording {
  /** The server's id of this recording. */
  readonly recordingId: string;
  readonly kind: RecordingKind;
  /**
   * Stops the recorder, stores its last chunk and marks the recording stopped with its SHA-256, so the queue can
   * finish the upload. Idempotent; if marking the store fails it rejects and a later call tries again.
   */
  stop(): Promise<void>;
}

/**
 * Creates the recording on the server and in the store, starts the recorder and stores its chunks.
 *
 * Chunks are written strictly one after another, each with the hash state covering every byte stored so far, so
 * the stored bytes, their SHA-256 and (after a crash) the saved hash state always agree. A chunk that cannot be
 * stored is left out of the hash: the server must receive exactly the stored bytes.
 */
export async function startRecording(options: StartRecordingOptions): Promise<ActiveRecording> {
  const { recorder, store, queue, kind, onError } = options;
  const mimeType = recorder.mimeTypeFor(kind);
  // Before the server call: a hash that cannot be created must not leave a recording behind on the server.
  const hash = await createSha256();
  const { recordingId, uploadUrl } = await createPart(options, mimeType);

  try {
    await store.createRecording({
      id: recordingId,
      kind,
      mimeType,
      uploadUrl,
      createdAt: (options.now ?? Date.now)(),
      hashState: hash.serialize(),
    });
  } catch (error) {
    // Nothing of this part can be kept here (e.g. the disk is full): it is given up on the server at once, so that
    // the next attempt is not refused as an open part. Best effort: otherwise that attempt abandons it.
    await options.api.abandonRecording(recordingId).catch(() => undefined);
    throw error;
  }
  queue.track(recordingId);

  const writer = createChunkWriter({
    store,
    recordingId,
    hash,
    maxUnstored: Math.max(0, options.maxUnstoredChunks ?? 3),
    onStored: () => queue.kick(),
    onError: (code) => onError?.(code),
    onGap: () => options.onGap?.(),
  });
  const active = recorder.start(options.stream, { timesliceMs: options.timesliceMs ?? 1000, mimeType });
  const subscription: Unsubscribable = active.chunks.subscribe({
    next: (chunk) => writer.write(chunk),
    error: (error) => onError?.(errorCodeOf(error)),
  });

  /** Stops the recorder once, even when finalising is tried again after a failure. */
  let recorderStopped: Promise<void> | undefined;
  async function finalise(): Promise<void> {
    await (recorderStopped ??= stopRecorder(active, subscription, onError));
    const sha256 = await writer.close();
    if (writer.storedBytes() === 0) {
      // Nothing of this part was kept (the disk full from its first chunk): nothing to upload, nothing that could
      // play. It is given up on the server and forgotten here (the upload queue counts it done).
      await options.api.abandonRecording(recordingId).catch(() => undefined);
      await store.deleteRecording(recordingId);
    } else {
      await store.markStopped(recordingId, sha256);
    }
    queue.kick();
  }

  let stopping: Promise<void> | undefined;
  return {
    recordingId,
    kind,
    stop() {
      stopping ??= finalise().catch((error: unknown) => {
        stopping = undefined;
        onError?.(errorCodeOf(error));
        throw error;
      });
      return stopping;
    },
  };
}

/** How many earlier parts creating one recording closes at most before it gives up (one is the usual case). */
const MAX_PARTS_CLOSED = 3;

/**
 * Creates the next part of a recording of this kind. The server keeps at most one part per kind open: while an
 * earlier one is neither completed nor abandoned it answers RECORDING_ALREADY_OPEN with that part's id. If this
 * browser's store holds the part, stopped with its SHA-256 (a reload's or this page's previous part), the upload
 * queue finishes and completes it first; if it does not hold it (another browser recorded it, or its chunks are
 * gone), or holds it but can no longer complete it, the part is abandoned — the bytes the server has stay there.
 * Then the new part is created.
 */
async function createPart(options: StartRecordingOptions, mimeType: string): Promise<{ recordingId: string; uploadUrl: string }> {
  const { api, store, queue, kind } = options;
  for (let closed = 0; ; closed += 1) {
    try {
      return await api.createRecording({ kind, mimeType });
    } catch (error) {
      const open = error instanceof ExamError && error.code === ErrorCode.RECORDING_ALREADY_OPEN ? error.details.recordingId : undefined;
      if (open === undefined || closed >= MAX_PARTS_CLOSED) throw error;
      const held = await store.getRecording(open);
      const finished = held?.stopped === true && (await queue.settled(open)) === 'done';
      if (!finished) await api.abandonRecording(open);
    }
  }
}

/** Stops the recorder and the subscription to its chunks; a recorder that fails to stop is reported, not thrown. */
async function stopRecorder(
  active: ActiveRecorder,
  subscription: Unsubscribable,
  onError: ((code: ErrorCode) => void) | undefined,
): Promise<void> {
  try {
    await active.stop();
  } catch (error) {
    // Keep what was stored: finalising it is better than losing the whole recording.
    onError?.(errorCodeOf(error));
  }
  subscription.unsubscribe();
}

interface ChunkWriterOptions {
  readonly store: ChunkStore;
  readonly recordingId: string;
  /** The running hash of the recording, over nothing yet. */
  readonly hash: Sha256;
  /** Chunks held in memory after a failed write, at most; see `maxUnstoredChunks`. */
  readonly maxUnstored: number;
  /** After a write stored one or more chunks. */
  readonly onStored: () => void;
  /** At the first failure of each spell of failures. */
  readonly onError: (code: ErrorCode) => void;
  /** Once, when a chunk is dropped: from then on the writer takes no more chunks. */
  readonly onGap: () => void;
}

/** Stores a recording's chunks strictly in order, each with the hash state of every byte stored before it. */
interface ChunkWriter {
  /** Queues a chunk to be stored after every chunk before it; empty chunks, and every chunk after a gap, are ignored. */
  write(chunk: Blob): void;
  /**
   * Waits for the writes under way, tries once more to store the chunks held in memory, drops what still cannot
   * be stored, and resolves with the SHA-256 of the stored bytes. May be called again after the caller failed.
   */
  close(): Promise<string>;
  /** How many bytes are stored so far (what the SHA-256 covers). */
  storedBytes(): number;
}

function createChunkWriter(options: ChunkWriterOptions): ChunkWriter {
  const { store, recordingId, maxUnstored, onStored, onError, onGap } = options;
  let hash = options.hash;
  /** Chunks received but not stored yet, oldest first. */
  const unstored: Blob[] = [];
  /** The code of the current spell of write failures, if any. */
  let failing: ErrorCode | undefined;
  /** Serialises writes: each flush starts after the previous one ended. Never rejects. */
  let writes: Promise<void> = Promise.resolve();
  /** Set once a chunk was dropped: the part ends with the chunks before the gap. */
  let sealed = false;

  function writeFailed(code: ErrorCode): void {
    if (failing === code) return;
    failing = code;
    onError(code);
  }

  /** Stores the unstored chunks in order; stops at the first failure, keeping it and the rest for next time. */
  async function flush(): Promise<void> {
    let stored = false;
    try {
      for (let data = unstored[0]; data !== undefined; data = unstored[0]) {
        const next = (await hash.clone()).update(new Uint8Array(await data.arrayBuffer()));
        await store.appendChunk(recordingId, data, next.serialize());
        hash = next;
        unstored.shift();
        stored = true;
        failing = undefined;
      }
    } catch (error) {
      writeFailed(errorCodeOf(error));
      // Keep the oldest: they continue what is stored. The bound applies only after a failure, so a slow but working
      // store never loses a chunk. Past it the part is sealed: nothing after a gap could be decoded.
      if (unstored.length > maxUnstored) {
        unstored.length = maxUnstored;
        if (!sealed) {
          sealed = true;
          onGap();
        }
      }
    }
    if (stored) onStored();
  }

  return {
    write(chunk) {
      // MediaRecorder may hand over empty data on stop; there is nothing to keep.
      if (chunk.size === 0 || sealed) return;
      unstored.push(chunk);
      // Every new chunk is also a retry of those a failure left behind.
      writes = writes.then(flush);
    },
    storedBytes: () => hash.bytes,
    async close() {
      await writes;
      // One last chance for chunks held in memory; what still cannot be stored is lost.
      await flush();
      unstored.length = 0;
      return hash.hex();
    },
  };
}

/**
 * Marks stopped every recording in the store that is not — recordings a closed or crashed tab left behind — with
 * the SHA-256 of the chunks it did store (from the saved hash state), so the upload queue can finish them. Call
 * at start-up before this page starts recording (or pass the ids it records in `except`), then start the queue.
 * A recording whose hash state is missing or does not cover all its bytes is left alone: its SHA-256 can no
 * longer be known. One that stored nothing (the tab closed before its first chunk) has nothing to upload and nothing
 * that could play: it is given up on the server with `abandon` (best effort: otherwise the next part's creation
 * abandons it) and forgotten here, as a part stopped without a byte is.
 * Returns the ids it marked.
 */
export async function finalizeInterruptedRecordings(
  store: ChunkStore,
  except: ReadonlySet<string> = new Set(),
  abandon: (recordingId: string) => Promise<unknown> = async () => undefined,
): Promise<readonly string[]> {
  const marked: string[] = [];
  for (const recording of await store.listRecordings()) {
    if (recording.stopped || except.has(recording.id)) continue;
    if (recording.bytesRecorded === 0) {
      await abandon(recording.id).catch(() => undefined);
      await store.deleteRecording(recording.id);
      continue;
    }
    let hash;
    try {
      hash = await createSha256(recording.hashState);
    } catch {
      continue;
    }
    if (hash.bytes !== recording.bytesRecorded) continue;
    await store.markStopped(recording.id, hash.hex());
    marked.push(recording.id);
  }
  return marked;
}
