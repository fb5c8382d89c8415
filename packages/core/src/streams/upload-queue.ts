/**
 * Uploads the recordings held in the ChunkStore to the server, resumably, and deletes their chunks only once the
 * server acknowledged them (DESIGN.md, "Recording and upload"). Survives failures, offline spells and reloads.
 *
 * Recordings upload concurrently, one worker each, every worker strictly sequential. There are at most three per
 * candidate and each spends its time waiting on the network, so running them side by side keeps all of them close
 * to live; round-robin would make the camera wait on the screen's requests, and a stalled upload on one would hold
 * back the others.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { ChunkStore, StoredRecording } from '../ports/chunk-store.port.js';
import type { RecordingKind } from '../ports/recorder.port.js';
import type { UploadSession, UploadTransport } from '../ports/upload-transport.port.js';

/** Where a recording's upload stands. */
export type RecordingUploadState = 'recording' | 'uploading' | 'waitingForNetwork' | 'done' | 'failed';

export interface RecordingProgress {
  readonly recordingId: string;
  readonly kind: RecordingKind;
  /** Bytes stored locally so far. */
  readonly bytesRecorded: number;
  /** Bytes the server confirmed holding. */
  readonly bytesAcknowledged: number;
  /** bytesRecorded − bytesAcknowledged: what a closed tab would lose if the disk were wiped. */
  readonly bytesPending: number;
  /**
   * `recording`: still recording and all stored bytes acknowledged; `uploading`: bytes pending or finishing;
   * `waitingForNetwork`: offline or backing off after an error; `done`: finished and deleted locally;
   * `failed`: gave up on a non-retryable error (see `retry()`).
   */
  readonly state: RecordingUploadState;
  /** The last error while `waitingForNetwork` or `failed`. */
  readonly error?: ErrorCode;
}

/** Exponential backoff between retries: baseMs·2ⁿ, capped at maxMs, shortened by up to `jitter` of itself. */
export interface RetryOptions {
  /** First delay. Default 1000 ms. */
  readonly baseMs?: number;
  /** Largest delay. Default 30000 ms. */
  readonly maxMs?: number;
  /** Fraction (0..1) of each delay that is random, so many clients do not retry in step. Default 0.5. */
  readonly jitter?: number;
}

/** The timer functions the queue uses, injectable for tests. */
export interface QueueTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UploadQueueOptions {
  /** Where the chunks wait; the queue releases them as the server acknowledges them. */
  readonly store: ChunkStore;
  /** Opens the resumable upload of each recording. */
  readonly transport: UploadTransport;
  /** Backoff between retries after a failure. */
  readonly retry?: RetryOptions;
  /** Uniform in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** Default: the global setTimeout/clearTimeout. */
  readonly timers?: QueueTimers;
  /** How many chunks of one recording are read from the store at a time, the most held in memory. Default 3. */
  readonly chunksInFlight?: number;
}

export interface UploadQueue {
  /** Every known recording's progress, oldest first; emits the current value on subscribe and on every change. */
  readonly progress$: Observable<readonly RecordingProgress[]>;
  /**
   * Picks up every recording already in the store (earlier page load, crash, ended exam) and starts uploading.
   * Resolves once the store has been listed and progress$ has shown what it held.
   */
  start(): Promise<void>;
  /** Adds a recording just created in the store. */
  track(recordingId: string): void;
  /** New chunks were stored: wake idle workers (a worker backing off keeps waiting). */
  kick(): void;
  /** Offline pauses every worker before its next request; online resumes at once with the backoff reset. */
  setOnline(online: boolean): void;
  /** Retries now: failed recordings start over and pending backoffs are skipped. */
  retry(): void;
  /** Stops sending (a request in flight completes); start() resumes. Nothing stored is touched. */
  stop(): void;
  /**
   * True when every known recording is done (stopped, acknowledged, finished). False until start() has listed the
   * store, since it may hold recordings of an earlier page load.
   */
  allAcknowledged(): boolean;
}

/** Error codes after which retrying cannot help; the recording is marked failed until `retry()`. */
export const NON_RETRYABLE_UPLOAD_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.CHECKSUM_MISMATCH,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.UNAUTHENTICATED,
]);

/** The delay before retry number `attempt` (1-based). */
export function retryDelay(attempt: number, retry: RetryOptions = {}, random: () => number = Math.random): number {
  const baseMs = retry.baseMs ?? 1000;
  const maxMs = retry.maxMs ?? 30_000;
  const jitter = Math.min(1, Math.max(0, retry.jitter ?? 0.5));
  const capped = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(capped * (1 - jitter * random()));
}

/** Thrown inside a worker to leave quietly: offline, stopped or restarted. */
class Paused {}

/** The store and the server disagree in a way no retry can mend (e.g. a gap the store no longer holds). */
class Inconsistent {
  constructor(readonly message: string) {}
}

interface Worker {
  readonly id: string;
  /** Metadata from the store; undefined until first read. */
  recording?: StoredRecording;
  bytesAcknowledged: number;
  session?: UploadSession;
  /** Whether bytesAcknowledged is the server's offset; false after any failure until re-read. */
  offsetKnown: boolean;
  /** Lowest seq that may still hold unacknowledged bytes. */
  nextSeq: number;
  finished: boolean;
  done: boolean;
  failed: boolean;
  error?: ErrorCode;
  busy: boolean;
  /** Woken while busy: run once more when the current pass ends. */
  again: boolean;
  attempt: number;
  backoff?: unknown;
}

/** Creates an upload queue over a store and a transport; call start() to begin. */
export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  const { store, transport } = options;
  const random = options.random ?? Math.random;
  const chunksInFlight = Math.max(1, options.chunksInFlight ?? 3);
  const timers: QueueTimers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
  };

  const workers = new Map<string, Worker>();
  const progress$ = new BehaviorSubject<readonly RecordingProgress[]>([]);
  let running = false;
  let online = true;
  let listed = false;
  let markListed: () => void = () => undefined;
  const whenListed = new Promise<void>((resolve) => (markListed = resolve));
  /** Bumped by stop() and start(): a worker of an older generation stops at its next step. */
  let generation = 0;
  let listRetry: unknown;

  function stateOf(worker: Worker, recording: StoredRecording): RecordingUploadState {
    if (worker.done) return 'done';
    if (worker.failed) return 'failed';
    const settled = !recording.stopped && worker.bytesAcknowledged >= recording.bytesRecorded;
    if (settled) return 'recording';
    if (!online || worker.backoff !== undefined) return 'waitingForNetwork';
    return 'uploading';
  }

  function publish(): void {
    const list: RecordingProgress[] = [];
    const sorted = [...workers.values()].sort(
      (a, b) => (a.recording?.createdAt ?? 0) - (b.recording?.createdAt ?? 0),
    );
    for (const worker of sorted) {
      const recording = worker.recording;
      if (!recording) continue;
      const state = stateOf(worker, recording);
      const showError = state === 'waitingForNetwork' || state === 'failed';
      list.push({
        recordingId: worker.id,
        kind: recording.kind,
        bytesRecorded: recording.bytesRecorded,
        bytesAcknowledged: worker.bytesAcknowledged,
        bytesPending: Math.max(0, recording.bytesRecorded - worker.bytesAcknowledged),
        state,
        ...(showError && worker.error !== undefined ? { error: worker.error } : {}),
      });
    }
    progress$.next(list);
  }

  function workerFor(id: string): Worker {
    let worker = workers.get(id);
    if (!worker) {
      worker = {
        id,
        bytesAcknowledged: 0,
        offsetKnown: false,
        nextSeq: 0,
        finished: false,
        done: false,
        failed: false,
        busy: false,
        again: false,
        attempt: 0,
      };
      workers.set(id, worker);
    }
    return worker;
  }

  function clearBackoff(worker: Worker): void {
    if (worker.backoff === undefined) return;
    timers.clearTimeout(worker.backoff);
    worker.backoff = undefined;
  }

  /**
   * Re-reads a recording's row so that progress shows what was stored even while no upload runs (offline, backing
   * off): bytes pending must grow during an offline window, not only after it.
   */
  function refresh(worker: Worker): void {
    if (worker.done) return;
    store.getRecording(worker.id).then(
      (recording) => {
        if (!recording || worker.done) return;
        const known = worker.recording;
        // Rows only grow; an older read that resolves late must not move progress back.
        if (known && (recording.bytesRecorded < known.bytesRecorded || (known.stopped && !recording.stopped))) return;
        worker.recording = recording;
        publish();
      },
      () => undefined,
    );
  }

  function wake(worker: Worker): void {
    if (!running || !online || worker.done || worker.failed || worker.backoff !== undefined) return;
    if (worker.busy) {
      worker.again = true;
      return;
    }
    worker.busy = true;
    worker.again = false;
    void run(worker, generation);
  }

  async function run(worker: Worker, gen: number): Promise<void> {
    try {
      do {
        worker.again = false;
        await drain(worker, gen);
      } while (worker.again && gen === generation);
    } catch (error) {
      if (!(error instanceof Paused) && gen === generation) fail(worker, error);
    } finally {
      worker.busy = false;
      // A wake that arrived while an older generation's pass was ending.
      if (worker.again) wake(worker);
    }
  }

  function fail(worker: Worker, error: unknown): void {
    worker.offsetKnown = false;
    if (error instanceof Inconsistent) {
      worker.failed = true;
      worker.error = ErrorCode.UPLOAD_FAILED;
      publish();
      return;
    }
    const code = errorCodeOf(error);
    worker.error = code;
    if (NON_RETRYABLE_UPLOAD_ERRORS.has(code)) {
      worker.failed = true;
    } else if (online && running) {
      worker.attempt++;
      worker.backoff = timers.setTimeout(() => {
        worker.backoff = undefined;
        wake(worker);
      }, retryDelay(worker.attempt, options.retry, random));
    }
    // Offline: setOnline(true) wakes it.
    publish();
  }

  /** Throws Paused when this worker must not send another request. */
  function check(gen: number): void {
    if (gen !== generation || !running || !online) throw new Paused();
  }

  /** One pass: bring the server up to what the store holds, and finish the upload when the recording stopped. */
  async function drain(worker: Worker, gen: number): Promise<void> {
    for (;;) {
      check(gen);
      const recording = await store.getRecording(worker.id);
      if (!recording) {
        // Finished and deleted by an earlier queue, or never stored: nothing left to do.
        worker.done = worker.recording !== undefined;
        if (!worker.done) workers.delete(worker.id);
        publish();
        return;
      }
      worker.recording = recording;
      if (worker.finished) {
        // finish() went through but deleting failed: the server may no longer serve this upload, so ask it nothing.
        await complete(worker);
        return;
      }

      if (!worker.session) {
        check(gen);
        worker.session = await transport.open(recording.uploadUrl);
        worker.offsetKnown = false;
      }
      const session = worker.session;
      if (!worker.offsetKnown) {
        check(gen);
        const offset = await session.offset();
        worker.bytesAcknowledged = offset;
        worker.offsetKnown = true;
        // The chunk holding the offset is the lowest one left after the release below.
        worker.nextSeq = 0;
        await store.releaseBelow(worker.id, offset);
      }
      publish();

      if (worker.bytesAcknowledged > recording.bytesRecorded) {
        throw new Inconsistent(`Server holds ${worker.bytesAcknowledged} bytes of ${recording.bytesRecorded}`);
      }
      if (worker.bytesAcknowledged < recording.bytesRecorded) {
        await sendBatch(worker, session, gen);
        continue;
      }
      if (!recording.stopped) return;

      if (recording.sha256 === undefined) throw new Inconsistent('Stopped recording without a SHA-256');
      check(gen);
      await session.finish(recording.bytesRecorded, recording.sha256);
      worker.finished = true;
      await complete(worker);
      return;
    }
  }

  async function complete(worker: Worker): Promise<void> {
    await store.deleteRecording(worker.id);
    worker.done = true;
    worker.error = undefined;
    worker.session = undefined;
    publish();
  }

  /** Sends up to chunksInFlight chunks from the acknowledged offset on, releasing each once acknowledged. */
  async function sendBatch(worker: Worker, session: UploadSession, gen: number): Promise<void> {
    const chunks = await store.readChunks(worker.id, worker.nextSeq, chunksInFlight);
    if (chunks.length === 0) throw new Inconsistent(`No stored chunk holds byte ${worker.bytesAcknowledged}`);
    for (const chunk of chunks) {
      const end = chunk.offset + chunk.data.size;
      while (worker.bytesAcknowledged < end) {
        const from = worker.bytesAcknowledged;
        if (chunk.offset > from) throw new Inconsistent(`Bytes ${from}..${chunk.offset} are no longer stored`);
        check(gen);
        // A chunk that straddles the server's offset (after a cut request) is sent from the offset on.
        const data = chunk.offset === from ? chunk.data : chunk.data.slice(from - chunk.offset);
        // Until the answer arrives the server's offset is unknown: a failure must re-read it.
        worker.offsetKnown = false;
        const next = await session.append(data, from);
        if (!(next > from)) throw new Error(`Append at ${from} made no progress`);
        worker.bytesAcknowledged = next;
        worker.offsetKnown = true;
        worker.attempt = 0;
        worker.error = undefined;
        await store.releaseBelow(worker.id, next);
        publish();
      }
      worker.nextSeq = chunk.seq + 1;
    }
  }

  async function list(gen: number): Promise<void> {
    try {
      const recordings = await store.listRecordings();
      if (gen !== generation) return;
      for (const recording of recordings) {
        const worker = workerFor(recording.id);
        worker.recording ??= recording;
      }
      listed = true;
      publish();
      markListed();
      for (const worker of workers.values()) wake(worker);
    } catch {
      if (gen !== generation) return;
      listRetry = timers.setTimeout(() => {
        listRetry = undefined;
        void list(gen);
      }, retryDelay(1, options.retry, random));
    }
  }

  function forEachWorker(action: (worker: Worker) => void): void {
    for (const worker of workers.values()) action(worker);
  }

  return {
    progress$: progress$.asObservable(),
    start() {
      if (running) return whenListed;
      running = true;
      generation++;
      void list(generation);
      forEachWorker(wake);
      return whenListed;
    },
    track(recordingId) {
      const worker = workerFor(recordingId);
      refresh(worker);
      wake(worker);
    },
    kick() {
      forEachWorker((worker) => {
        refresh(worker);
        wake(worker);
      });
    },
    setOnline(next) {
      if (next === online) return;
      online = next;
      forEachWorker((worker) => {
        clearBackoff(worker);
        worker.attempt = 0;
      });
      if (online) forEachWorker(wake);
      publish();
    },
    retry() {
      forEachWorker((worker) => {
        clearBackoff(worker);
        worker.attempt = 0;
        if (worker.failed) {
          // Start over: the cause (e.g. an expired login) may have been fixed.
          worker.failed = false;
          worker.error = undefined;
          worker.session = undefined;
          worker.offsetKnown = false;
        }
      });
      forEachWorker(wake);
      publish();
    },
    stop() {
      if (!running) return;
      running = false;
      generation++;
      if (listRetry !== undefined) timers.clearTimeout(listRetry);
      listRetry = undefined;
      forEachWorker(clearBackoff);
      publish();
    },
    allAcknowledged() {
      return listed && [...workers.values()].every((worker) => worker.done);
    },
  };
}
