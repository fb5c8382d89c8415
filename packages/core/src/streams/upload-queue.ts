/**
 * Uploads the recordings held in the ChunkStore to the server, resumably, and deletes their chunks only once the
 * server acknowledged them. Survives failures, offline spells and reloads.
 *
 * The queue decides when each recording's worker (upload-worker.ts) runs a pass and what follows from how the pass
 * ended; the backoff policy (upload-backoff.ts) says how long to wait before a retry and which errors are final.
 * Recordings upload concurrently, one worker each, every worker strictly sequential. There are at most three per
 * candidate and each spends its time waiting on the network, so running them side by side keeps all of them close
 * to live; round-robin would make the camera wait on the screen's requests, and a stalled upload on one would hold
 * back the others.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { ChunkStore, StoredRecording } from '../ports/chunk-store.port.js';
import type { RecordingKind } from '../ports/recorder.port.js';
import type { UploadTransport } from '../ports/upload-transport.port.js';
import {
  createBackoff,
  isRetryable,
  retryDelay,
  type Backoff,
  type QueueTimers,
  type RetryOptions,
} from './upload-backoff.js';
import { UploadWorker, type PassOutcome } from './upload-worker.js';

export { NON_RETRYABLE_UPLOAD_ERRORS, retryDelay, type QueueTimers, type RetryOptions } from './upload-backoff.js';

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
  /**
   * Resolves once the recording is `done` (every byte acknowledged, completed on the server, deleted here) or has
   * `failed` for good (until retry()); `notHeld` when the store does not hold it. Tracks it if it is not yet.
   */
  settled(recordingId: string): Promise<'done' | 'failed' | 'notHeld'>;
}

/** One recording as the queue drives it. */
interface Slot {
  readonly worker: UploadWorker;
  readonly backoff: Backoff;
  /** Whether a pass runs; `rerunRequested`: woken meanwhile, so the store may have grown after the pass read it. */
  pass: 'idle' | 'running' | 'rerunRequested';
}

const globalTimers: QueueTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** Whether a wake arrived during the running pass (a function: TypeScript cannot see the change across awaits). */
const rerunRequested = (slot: Slot): boolean => slot.pass === 'rerunRequested';

/** Whether the pass left the recording in order, so that another may follow at once. */
const endedCleanly = (outcome: PassOutcome): boolean =>
  outcome.kind === 'caughtUp' || outcome.kind === 'done' || outcome.kind === 'notStored';

/** Creates an upload queue over a store and a transport; call start() to begin. */
export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  const { store, transport } = options;
  const random = options.random ?? Math.random;
  const chunksInFlight = Math.max(1, options.chunksInFlight ?? 3);
  const timers = options.timers ?? globalTimers;

  const slots = new Map<string, Slot>();
  const progress$ = new BehaviorSubject<readonly RecordingProgress[]>([]);
  /** Aborted by stop(): what start() began (passes, the listing and its retry) ends before its next request. */
  let started: AbortController | undefined;
  let online = true;
  let listed = false;
  let markListed: () => void = () => undefined;
  const whenListed = new Promise<void>((resolve) => (markListed = resolve));
  let listRetry: unknown;
  /** settled() calls waiting, by recording id. */
  const waiters = new Map<string, ((outcome: 'done' | 'failed' | 'notHeld') => void)[]>();

  function stateOf({ worker, backoff }: Slot, recording: StoredRecording): RecordingUploadState {
    if (worker.phase === 'done') return 'done';
    if (worker.phase === 'failed') return 'failed';
    const settled = !recording.stopped && worker.bytesAcknowledged >= recording.bytesRecorded;
    if (settled) return 'recording';
    if (!online || backoff.waiting) return 'waitingForNetwork';
    return 'uploading';
  }

  /** What progress$ shows of a recording: nothing until its row has been read. */
  function progressOf(slot: Slot): RecordingProgress | undefined {
    const { worker } = slot;
    const recording = worker.recording;
    if (!recording) return undefined;
    const state = stateOf(slot, recording);
    const showError = state === 'waitingForNetwork' || state === 'failed';
    return {
      recordingId: worker.recordingId,
      kind: recording.kind,
      bytesRecorded: recording.bytesRecorded,
      bytesAcknowledged: worker.bytesAcknowledged,
      bytesPending: Math.max(0, recording.bytesRecorded - worker.bytesAcknowledged),
      state,
      ...(showError && worker.error !== undefined ? { error: worker.error } : {}),
    };
  }

  function publish(): void {
    const byAge = [...slots.values()].sort(
      (a, b) => (a.worker.recording?.createdAt ?? 0) - (b.worker.recording?.createdAt ?? 0),
    );
    progress$.next(byAge.flatMap((slot) => progressOf(slot) ?? []));
    resolveWaiters();
  }

  /** Answers the settled() calls whose recording has settled or is not held (forgotten after its row was missing). */
  function resolveWaiters(): void {
    for (const [id, resolvers] of waiters) {
      const phase = slots.get(id)?.worker.phase;
      const outcome = phase === undefined ? 'notHeld' : phase === 'done' || phase === 'failed' ? phase : null;
      if (outcome === null) continue;
      waiters.delete(id);
      for (const resolve of resolvers) resolve(outcome);
    }
  }

  function slotFor(id: string): Slot {
    let slot = slots.get(id);
    if (!slot) {
      const backoff = createBackoff({ retry: options.retry, random, timers });
      const worker = new UploadWorker(id, {
        store,
        transport,
        chunksInFlight,
        backoff,
        onChange: publish,
        onNotStored: () => forget(id),
      });
      slot = { worker, backoff, pass: 'idle' };
      slots.set(id, slot);
    }
    return slot;
  }

  function wake(slot: Slot): void {
    const { phase } = slot.worker;
    if (!started || !online || phase === 'done' || phase === 'failed' || slot.backoff.waiting) return;
    if (slot.pass !== 'idle') {
      slot.pass = 'rerunRequested';
      return;
    }
    void run(slot, started.signal);
  }

  /** Runs passes while wakes keep arriving, then acts on how the last one ended. */
  async function run(slot: Slot, signal: AbortSignal): Promise<void> {
    const maySend = () => !signal.aborted && online;
    let outcome: PassOutcome;
    do {
      slot.pass = 'running';
      outcome = await slot.worker.pass(maySend);
    } while (rerunRequested(slot) && !signal.aborted && endedCleanly(outcome));
    const rerun = rerunRequested(slot);
    slot.pass = 'idle';
    // A pass that outlived its start() reports nothing: stop() or start() has decided what happens next.
    if (!signal.aborted) recover(slot, outcome);
    // A wake that arrived while an older start()'s pass was ending.
    if (rerun) wake(slot);
  }

  /** After a failed pass: retry after a delay, or give up when retrying cannot help. */
  function recover(slot: Slot, outcome: PassOutcome): void {
    if (outcome.kind !== 'error' && outcome.kind !== 'inconsistent') return;
    const code = outcome.kind === 'error' ? errorCodeOf(outcome.error) : ErrorCode.UPLOAD_FAILED;
    if (outcome.kind === 'inconsistent' || !isRetryable(code)) {
      slot.worker.giveUp(code);
    } else {
      slot.worker.interrupted(code);
      // Offline: setOnline(true) wakes it.
      if (online) slot.backoff.wait(() => wake(slot));
    }
    publish();
  }

  /** Tracked but never stored: nothing to show or wait for. */
  function forget(id: string): void {
    slots.delete(id);
    publish();
  }

  async function list(signal: AbortSignal): Promise<void> {
    try {
      const recordings = await store.listRecordings();
      if (signal.aborted) return;
      for (const recording of recordings) slotFor(recording.id).worker.adopt(recording);
      listed = true;
      publish();
      markListed();
      forEachSlot(wake);
    } catch {
      if (signal.aborted) return;
      listRetry = timers.setTimeout(() => {
        listRetry = undefined;
        void list(signal);
      }, retryDelay(1, options.retry, random));
    }
  }

  function forEachSlot(action: (slot: Slot) => void): void {
    for (const slot of slots.values()) action(slot);
  }

  return {
    progress$: progress$.asObservable(),
    start() {
      if (started) return whenListed;
      started = new AbortController();
      void list(started.signal);
      forEachSlot(wake);
      return whenListed;
    },
    track(recordingId) {
      const slot = slotFor(recordingId);
      slot.worker.refresh();
      wake(slot);
    },
    kick() {
      forEachSlot((slot) => {
        slot.worker.refresh();
        wake(slot);
      });
    },
    setOnline(next) {
      if (next === online) return;
      online = next;
      forEachSlot((slot) => slot.backoff.reset());
      if (online) forEachSlot(wake);
      publish();
    },
    retry() {
      forEachSlot((slot) => {
        slot.backoff.reset();
        slot.worker.restart();
      });
      forEachSlot(wake);
      publish();
    },
    stop() {
      if (!started) return;
      started.abort();
      started = undefined;
      if (listRetry !== undefined) timers.clearTimeout(listRetry);
      listRetry = undefined;
      forEachSlot((slot) => slot.backoff.cancel());
      publish();
    },
    allAcknowledged() {
      return listed && [...slots.values()].every((slot) => slot.worker.phase === 'done');
    },
    settled(recordingId) {
      return new Promise((resolve) => {
        waiters.set(recordingId, [...(waiters.get(recordingId) ?? []), resolve]);
        const slot = slotFor(recordingId);
        slot.worker.refresh();
        wake(slot);
        resolveWaiters();
      });
    },
  };
}
