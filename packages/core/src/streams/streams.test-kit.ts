/**
 * Helpers for the stream tests (recording, upload queue, clock). Every wait here ends on an event (an emission, a
 * call, a request settling), never after a number of event-loop turns, so the tests do not depend on the machine's
 * speed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { filter, firstValueFrom } from 'rxjs';
import { expect } from 'vitest';
import type { ChunkStore } from '../ports/chunk-store.port.js';
import type { UploadSession, UploadTransport } from '../ports/upload-transport.port.js';
import { createMemoryChunkStore } from '../testing/memory-chunk-store.js';
import {
  createMemoryUploadTransport,
  type MemoryUploadTransport,
  type MemoryUploadTransportOptions,
} from '../testing/memory-upload-transport.js';
import { createSha256 } from './sha256.js';
import { createUploadQueue, type RecordingProgress, type UploadQueue } from './upload-queue.js';

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function nodeSha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `count` chunks of random bytes, each between minSize and maxSize bytes long. */
export function randomChunks(count: number, maxSize = 400, minSize = 1): Uint8Array<ArrayBuffer>[] {
  return Array.from({ length: count }, () => new Uint8Array(randomBytes(minSize + Math.floor(Math.random() * (maxSize - minSize + 1)))));
}

let stored = 0;

/** A recording as startRecording would have stored it: chunks with running hash states, optionally stopped. */
export async function storeRecording(
  store: ChunkStore,
  transport: MemoryUploadTransport,
  chunks: readonly Uint8Array<ArrayBuffer>[],
  { stopped = true } = {},
): Promise<{ id: string; uploadUrl: string; bytes: Uint8Array }> {
  const id = `rec-${++stored}`;
  const uploadUrl = transport.create();
  const hash = await createSha256();
  await store.createRecording({
    id,
    kind: 'camera',
    mimeType: 'video/webm',
    uploadUrl,
    createdAt: stored,
    hashState: hash.serialize(),
  });
  for (const chunk of chunks) {
    hash.update(chunk);
    await store.appendChunk(id, new Blob([chunk]), hash.serialize());
  }
  if (stopped) await store.markStopped(id, hash.hex());
  return { id, uploadUrl, bytes: concat(chunks) };
}

/** Counts occurrences of something and lets a test wait until the count reaches a number. */
export class Occurrences {
  #count = 0;
  readonly #waiting: { readonly count: number; readonly resolve: () => void }[] = [];

  get count(): number {
    return this.#count;
  }

  add(): void {
    this.#count++;
    for (const waiter of [...this.#waiting]) {
      if (waiter.count > this.#count) continue;
      this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Resolves once there have been `count` occurrences in all. */
  reached(count: number): Promise<void> {
    if (this.#count >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push({ count, resolve }));
  }
}

/** Timers the test fires by hand; records every delay asked for and lets the test wait for the next request. */
export function manualTimers() {
  const pending = new Map<number, () => void>();
  const requested: number[] = [];
  const requests = new Occurrences();
  let nextId = 1;
  let firing = false;

  function fire(id: number): void {
    const callback = pending.get(id);
    if (!callback) return;
    pending.delete(id);
    callback();
  }

  return {
    requested,
    get pendingCount() {
      return pending.size;
    },
    setTimeout(callback: () => void, ms: number): unknown {
      const id = nextId++;
      pending.set(id, callback);
      requested.push(ms);
      requests.add();
      // Not from inside setTimeout: the caller has not yet stored the handle.
      if (firing) queueMicrotask(() => fire(id));
      return id;
    },
    clearTimeout(handle: unknown) {
      pending.delete(handle as number);
    },
    /** Fires every pending timer, as if their delays had passed. */
    fireAll() {
      for (const id of [...pending.keys()]) fire(id);
    },
    /** Resolves once `count` delays in all have been asked for. */
    requests: (count: number) => requests.reached(count),
    /** Lets every delay pass as soon as it is asked for, until `done` settles. */
    async firingUntil<T>(done: Promise<T>): Promise<T> {
      firing = true;
      for (const id of [...pending.keys()]) queueMicrotask(() => fire(id));
      try {
        return await done;
      } finally {
        firing = false;
      }
    },
  };
}
export type ManualTimers = ReturnType<typeof manualTimers>;

type Progress = readonly RecordingProgress[];

/** The first value of progress$ (the current one included) for which `condition` holds. */
export function progressWhere(queue: Pick<UploadQueue, 'progress$'>, condition: (progress: Progress) => boolean) {
  return firstValueFrom(queue.progress$.pipe(filter(condition)));
}

/** The next value of progress$ after the current one. */
export function nextProgress(queue: Pick<UploadQueue, 'progress$'>): Promise<Progress> {
  let current = true;
  return progressWhere(queue, () => {
    if (!current) return true;
    current = false;
    return false;
  });
}

/** Resolves when the queue has every recording it knows done; `timers` given, retries wait no time. */
export function allAcknowledged(queue: UploadQueue, timers?: ManualTimers): Promise<Progress> {
  const done = progressWhere(queue, () => queue.allAcknowledged());
  return timers ? timers.firingUntil(done) : done;
}

export function progressOf(progress: Progress, recordingId: string): RecordingProgress | undefined {
  return progress.find((entry) => entry.recordingId === recordingId);
}

/** A transport in front of another that knows which of its requests are still unanswered. */
export function watchedTransport(inner: UploadTransport) {
  let sent = 0;
  let unanswered = 0;
  let whenAnswered: (() => void)[] = [];

  function send<T>(request: () => Promise<T>): Promise<T> {
    sent++;
    unanswered++;
    return request().finally(() => {
      if (--unanswered > 0) return;
      for (const resolve of whenAnswered) resolve();
      whenAnswered = [];
    });
  }

  const watched = (session: UploadSession): UploadSession => ({
    offset: () => send(() => session.offset()),
    append: (data, offset) => send(() => session.append(data, offset)),
    finish: (totalBytes, sha256) => send(() => session.finish(totalBytes, sha256)),
  });

  return {
    transport: {
      open: (uploadUrl) => send(async () => watched(await inner.open(uploadUrl))),
    } satisfies UploadTransport,
    /** Requests sent so far. */
    get sent() {
      return sent;
    },
    /** Resolves once every request sent so far has been answered, or failed. */
    answered(): Promise<void> {
      if (unanswered === 0) return Promise.resolve();
      return new Promise((resolve) => whenAnswered.push(resolve));
    },
  };
}

/**
 * An upload queue over a memory store and server, with manual timers and the latest progress at hand. It counts
 * the requests sent, and those sent while the test had the queue offline (when sent, so that a late one counts).
 */
export function queueHarness(
  options: { chunksInFlight?: number; random?: () => number; store?: ChunkStore } = {},
  transportOptions: MemoryUploadTransportOptions = {},
) {
  const memory = createMemoryChunkStore();
  const store = options.store ?? memory;
  /** Every request the server receives, counted as it is sent. */
  const requests = new Occurrences();
  let online = true;
  let sentOffline = 0;
  const transport = createMemoryUploadTransport({
    ...transportOptions,
    latency: async (call) => {
      requests.add();
      if (!online) sentOffline++;
      await transportOptions.latency?.(call);
    },
  });
  const timers = manualTimers();
  const created = createUploadQueue({
    store,
    transport,
    timers,
    random: options.random ?? (() => 0),
    retry: { baseMs: 100, maxMs: 1000, jitter: 0.5 },
    ...(options.chunksInFlight === undefined ? {} : { chunksInFlight: options.chunksInFlight }),
  });
  const queue = {
    ...created,
    setOnline(next: boolean) {
      online = next;
      created.setOnline(next);
    },
  };
  let progress: readonly RecordingProgress[] = [];
  queue.progress$.subscribe((value) => (progress = value));
  const sent = { requests, offline: () => sentOffline };
  return { memory, store, transport, timers, queue, progress: () => progress, sent };
}

/** The server holds exactly the recording's bytes, finished once with their SHA-256. */
export function expectUploaded(transport: MemoryUploadTransport, recording: { uploadUrl: string; bytes: Uint8Array }) {
  const upload = transport.upload(recording.uploadUrl);
  expect(upload?.bytes).toEqual(recording.bytes);
  expect(upload?.finished).toEqual({ totalBytes: recording.bytes.length, sha256: nodeSha256(recording.bytes) });
  expect(upload?.finishCount).toBe(1);
}
