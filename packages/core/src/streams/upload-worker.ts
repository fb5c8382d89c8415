/**
 * Uploads one recording from the ChunkStore through its resumable session. A pass opens the session, reads the
 * server's offset, sends the stored chunks from there, releases each once acknowledged, and finishes the upload and
 * deletes the local copy once the recording stopped. A pass never throws: it returns what happened, and the queue
 * decides what comes next (another pass, a retry after a delay, or giving up).
 */
import type { ErrorCode } from '../errors/error-codes.js';
import type { ChunkStore, StoredRecording } from '../ports/chunk-store.port.js';
import type { UploadSession, UploadTransport } from '../ports/upload-transport.port.js';
import type { Backoff } from './upload-backoff.js';

/**
 * Where the upload of one recording stands, named for what its next pass does.
 * - `opening`: no session yet (or starting over): open it, then read the server's offset.
 * - `resuming`: the server's offset is unknown (the first pass, or a request failed or is still unanswered): read it.
 * - `sending`: bytesAcknowledged is the server's offset: send what the store holds past it, then finish.
 * - `deleting`: the server finalised the file; only the local copy is left to delete.
 * - `done`: finished and deleted locally (or found gone from the store).
 * - `failed`: gave up on a non-retryable error or an inconsistency; `restart()` goes on.
 */
export type UploadPhase = 'opening' | 'resuming' | 'sending' | 'deleting' | 'done' | 'failed';

/** How a pass ended. */
export type PassOutcome =
  /** It may not send another request: offline, or the queue stopped. */
  | { readonly kind: 'paused' }
  /** The server holds every stored byte and the recording goes on. */
  | { readonly kind: 'caughtUp' }
  /** Finished and deleted locally, or gone from the store since. */
  | { readonly kind: 'done' }
  /** The store holds no such recording and never did (onNotStored was called). */
  | { readonly kind: 'notStored' }
  /** The store and the server disagree in a way no retry can mend (e.g. a gap the store no longer holds). */
  | { readonly kind: 'inconsistent'; readonly message: string }
  /** A store or transport request failed. */
  | { readonly kind: 'error'; readonly error: unknown };

export interface UploadWorkerOptions {
  readonly store: ChunkStore;
  readonly transport: UploadTransport;
  /** How many chunks are read from the store at a time, the most held in memory. */
  readonly chunksInFlight: number;
  /** Told of every acknowledged request, so that the next failure waits the shortest delay again. */
  readonly backoff: Pick<Backoff, 'succeeded'>;
  /** Called whenever what progress shows of this recording may have changed. */
  readonly onChange: () => void;
  /** Called when the store turns out never to have held this recording, so that the queue forgets it. */
  readonly onNotStored: () => void;
}

/** The phase with what it needs: a session exactly while talking to the server, a restart point once failed. */
type WorkerState =
  | { readonly phase: 'opening' }
  | { readonly phase: 'resuming'; readonly session: UploadSession }
  | { readonly phase: 'sending'; readonly session: UploadSession }
  | { readonly phase: 'deleting' }
  | { readonly phase: 'done' }
  | { readonly phase: 'failed'; readonly restartAt: 'opening' | 'deleting' };

const PAUSED: PassOutcome = { kind: 'paused' };
const CAUGHT_UP: PassOutcome = { kind: 'caughtUp' };
const DONE: PassOutcome = { kind: 'done' };

const inconsistent = (message: string): PassOutcome => ({ kind: 'inconsistent', message });

export class UploadWorker {
  readonly recordingId: string;
  readonly #options: UploadWorkerOptions;
  #state: WorkerState = { phase: 'opening' };
  #recording: StoredRecording | undefined;
  /** Lowest seq that may still hold unacknowledged bytes. */
  #nextSeq = 0;
  #bytesAcknowledged = 0;
  #error: ErrorCode | undefined;

  constructor(recordingId: string, options: UploadWorkerOptions) {
    this.recordingId = recordingId;
    this.#options = options;
  }

  get phase(): UploadPhase {
    return this.#state.phase;
  }

  /** The store's row as last read; undefined until first read. */
  get recording(): StoredRecording | undefined {
    return this.#recording;
  }

  /** Bytes the server confirmed holding, as last heard. */
  get bytesAcknowledged(): number {
    return this.#bytesAcknowledged;
  }

  /** The last error, until a request goes through again. */
  get error(): ErrorCode | undefined {
    return this.#error;
  }

  /** Takes a row from a listing of the store, unless a newer read came first. */
  adopt(recording: StoredRecording): void {
    this.#recording ??= recording;
  }

  /**
   * Re-reads the row so that progress shows what was stored even while no pass runs (offline, backing off): bytes
   * pending must grow during an offline window, not only after it.
   */
  refresh(): void {
    if (this.phase === 'done') return;
    this.#options.store.getRecording(this.recordingId).then(
      (recording) => {
        if (!recording || this.phase === 'done') return;
        const known = this.#recording;
        // Rows only grow; an older read that resolves late must not move progress back.
        if (known && (recording.bytesRecorded < known.bytesRecorded || (known.stopped && !recording.stopped))) return;
        this.#recording = recording;
        this.#options.onChange();
      },
      () => undefined,
    );
  }

  /** A request failed and will be retried: the server's offset must be read again first. */
  interrupted(code: ErrorCode): void {
    if (this.#state.phase === 'sending') this.#state = { phase: 'resuming', session: this.#state.session };
    this.#error = code;
  }

  /** Stops trying until `restart()`; the stored chunks stay. */
  giveUp(code: ErrorCode): void {
    // Once the server finalised the file it must not be asked again: a restart only deletes the local copy.
    this.#state = { phase: 'failed', restartAt: this.phase === 'deleting' ? 'deleting' : 'opening' };
    this.#error = code;
  }

  /** Leaves `failed` to start over with a new session, since the cause (e.g. an expired login) may be fixed. */
  restart(): void {
    if (this.#state.phase !== 'failed') return;
    this.#state = { phase: this.#state.restartAt };
    this.#error = undefined;
  }

  /**
   * One pass: brings the server up to what the store holds, and finishes the upload once the recording stopped.
   * `maySend` is asked before every request; once it says no, the pass ends `paused`.
   */
  async pass(maySend: () => boolean): Promise<PassOutcome> {
    // The steps stay in this one function (and the appends in #sendBatch) so that a pass takes no more turns of
    // the event loop than it must: recordings upload side by side, and their requests interleave as they did.
    try {
      for (;;) {
        if (!maySend()) return PAUSED;
        const recording = await this.#options.store.getRecording(this.recordingId);
        if (!recording) return this.#gone();
        this.#recording = recording;
        let state = this.#state;
        // Not reached: a done recording is gone from the store, and the queue runs no pass while one is failed.
        if (state.phase === 'done' || state.phase === 'failed') return PAUSED;
        // finish() went through but deleting failed: the server may no longer serve this upload, so ask it nothing.
        if (state.phase === 'deleting') return await this.#complete();

        if (state.phase === 'opening') {
          if (!maySend()) return PAUSED;
          const opened = await this.#options.transport.open(recording.uploadUrl);
          state = { phase: 'resuming', session: opened };
          this.#state = state;
        }
        const session = state.session;
        if (state.phase === 'resuming') {
          if (!maySend()) return PAUSED;
          const offset = await session.offset();
          this.#bytesAcknowledged = offset;
          this.#state = { phase: 'sending', session };
          // The chunk holding the offset is the lowest one left after the release below.
          this.#nextSeq = 0;
          await this.#options.store.releaseBelow(this.recordingId, offset);
        }
        this.#options.onChange();

        if (this.#bytesAcknowledged > recording.bytesRecorded) {
          return inconsistent(`Server holds ${this.#bytesAcknowledged} bytes of ${recording.bytesRecorded}`);
        }
        if (this.#bytesAcknowledged < recording.bytesRecorded) {
          const interrupted = await this.#sendBatch(maySend, session);
          if (interrupted) return interrupted;
          continue;
        }
        if (!recording.stopped) return CAUGHT_UP;

        if (recording.sha256 === undefined) return inconsistent('Stopped recording without a SHA-256');
        if (!maySend()) return PAUSED;
        await session.finish(recording.bytesRecorded, recording.sha256);
        this.#state = { phase: 'deleting' };
        return await this.#complete();
      }
    } catch (error) {
      return { kind: 'error', error };
    }
  }

  /**
   * Sends up to chunksInFlight chunks from the acknowledged offset on, releasing each once acknowledged; undefined
   * when all of them went through.
   */
  async #sendBatch(maySend: () => boolean, session: UploadSession): Promise<PassOutcome | undefined> {
    const { store, chunksInFlight, backoff, onChange } = this.#options;
    const chunks = await store.readChunks(this.recordingId, this.#nextSeq, chunksInFlight);
    if (chunks.length === 0) return inconsistent(`No stored chunk holds byte ${this.#bytesAcknowledged}`);
    for (const chunk of chunks) {
      const end = chunk.offset + chunk.data.size;
      while (this.#bytesAcknowledged < end) {
        const from = this.#bytesAcknowledged;
        if (chunk.offset > from) return inconsistent(`Bytes ${from}..${chunk.offset} are no longer stored`);
        if (!maySend()) return PAUSED;
        // A chunk that straddles the server's offset (after a cut request) is sent from the offset on.
        const data = chunk.offset === from ? chunk.data : chunk.data.slice(from - chunk.offset);
        // Until the answer arrives the server's offset is unknown: a failure must re-read it.
        this.#state = { phase: 'resuming', session };
        const next = await session.append(data, from);
        if (!(next > from)) return { kind: 'error', error: new Error(`Append at ${from} made no progress`) };
        this.#bytesAcknowledged = next;
        this.#state = { phase: 'sending', session };
        backoff.succeeded();
        this.#error = undefined;
        await store.releaseBelow(this.recordingId, next);
        onChange();
      }
      this.#nextSeq = chunk.seq + 1;
    }
    return undefined;
  }

  async #complete(): Promise<PassOutcome> {
    await this.#options.store.deleteRecording(this.recordingId);
    this.#state = { phase: 'done' };
    this.#error = undefined;
    this.#options.onChange();
    return DONE;
  }

  /** The store no longer holds the recording: finished and deleted by an earlier queue, or never stored. */
  #gone(): PassOutcome {
    if (this.#recording === undefined) {
      this.#options.onNotStored();
      return { kind: 'notStored' };
    }
    this.#state = { phase: 'done' };
    this.#options.onChange();
    return DONE;
  }
}
