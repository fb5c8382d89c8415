/**
 * The bench page (served by the examroom server itself, so the API is same-origin): examroom's recording pipeline
 * as the exam runs it — RecordRTC recorder → IndexedDB chunk store → core's upload queue → tus — plus the two
 * baselines it is compared with: record-then-upload of the same bytes, and a naive recorder that keeps every chunk.
 * Bundled by run.mjs onto `window.examroomBench`.
 */
import {
  createUploadQueue,
  startRecording,
  type ActiveRecording,
  type ChunkStore,
  type MediaCapture,
  type Recorder,
  type RecordingProgress,
  type UploadQueue,
  type UploadTransport,
} from '@examroom/core';
import { createBrowserMediaDevices, createRecordRtcRecorder } from '@examroom/adapters/browser';
import { createIdbChunkStore } from '@examroom/adapters/idb';
import { createMemoryTokenStore, createRecordingCompleter, createRestExamApi } from '@examroom/adapters/rest';
import { createTusTransport } from '@examroom/adapters/tus';
import type { BenchPage, NaiveStats, StreamingProgress, StreamingStopped } from './page-api.js';

/** The record-then-upload PATCH carries the whole file: on a slow link that takes minutes, not the default 60 s. */
const WHOLE_UPLOAD_TIMEOUT_MS = 60 * 60_000;

let capture: MediaCapture | undefined;

interface Streaming {
  readonly recordingId: string;
  readonly mimeType: string;
  readonly active: ActiveRecording;
  readonly queue: UploadQueue;
  latest?: RecordingProgress;
  /** The SHA-256 the pipeline declared at stop. */
  readonly sha256: string | undefined;
  /** performance.now() when the recorder delivered its last chunk. */
  readonly recorderStoppedAt: number | undefined;
}

let streaming: Streaming | undefined;
/** The recorder's chunks, kept for the record-then-upload baseline when asked. */
const copy: Blob[] = [];
const counters = { bytesAttempted: 0, patches: 0, failedPatches: 0, chunks: 0, chunkBytes: 0, offlineEvents: 0 };

function stream(): MediaStream {
  if (!capture) throw new Error('openCamera() first');
  return capture.stream;
}

/** When the pipeline's last finish() started and ended: every byte was acknowledged by then, completion follows. */
const finishing: { startedAt?: number; endedAt?: number } = {};

/** The tus transport, counting the body bytes of every PATCH it starts (whether or not it gets through). */
function countingTransport(inner: UploadTransport): UploadTransport {
  return {
    async open(uploadUrl) {
      const session = await inner.open(uploadUrl);
      return {
        offset: () => session.offset(),
        async append(data, offset) {
          counters.patches++;
          counters.bytesAttempted += data.size;
          try {
            return await session.append(data, offset);
          } catch (error) {
            counters.failedPatches++;
            throw error;
          }
        },
        async finish(totalBytes, sha256) {
          finishing.startedAt = performance.now();
          await session.finish(totalBytes, sha256);
          finishing.endedAt = performance.now();
        },
      };
    },
  };
}

/** The RecordRTC recorder, noting each chunk (and keeping it when asked) and when the last one arrived. */
function observedRecorder(inner: Recorder, keepCopy: boolean, stopped: (at: number) => void): Recorder {
  return {
    mimeTypeFor: (kind) => inner.mimeTypeFor(kind),
    start(mediaStream, options) {
      const active = inner.start(mediaStream, options);
      // Subscribed before startRecording's own subscription; the emitter is multicast.
      active.chunks.subscribe({
        next(chunk) {
          counters.chunks++;
          counters.chunkBytes += chunk.size;
          if (keepCopy && chunk.size > 0) copy.push(chunk);
        },
      });
      return {
        chunks: active.chunks,
        async stop() {
          await active.stop();
          stopped(performance.now());
        },
      };
    },
  };
}

function progress(): StreamingProgress {
  const latest = streaming?.latest;
  return {
    bytesRecorded: latest?.bytesRecorded ?? 0,
    bytesAcknowledged: latest?.bytesAcknowledged ?? 0,
    state: latest?.state ?? 'none',
    ...counters,
  };
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

let naive: { recorder: MediaRecorder; chunks: Blob[]; bytes: number; stopped: Promise<void> } | undefined;

function naiveStats(): NaiveStats {
  return { chunks: naive?.chunks.length ?? 0, bytes: naive?.bytes ?? 0 };
}

const bench: BenchPage = {
  async openCamera() {
    capture ??= await createBrowserMediaDevices().open({});
  },

  async startStreaming(setup) {
    if (streaming) throw new Error('already streaming');
    const token = () => setup.token;
    const api = createRestExamApi({ baseUrl: '', tokenStore: createMemoryTokenStore(setup.token) });
    const idb = createIdbChunkStore({ dbName: setup.dbName });
    let sha256: string | undefined;
    // The SHA-256 the pipeline declares; the store forgets it once the upload is done.
    const store: ChunkStore = {
      ...idb,
      async markStopped(recordingId, hash) {
        sha256 = hash;
        await idb.markStopped(recordingId, hash);
      },
    };
    const transport = countingTransport(
      createTusTransport({
        headers: () => ({ Authorization: `Bearer ${setup.token}` }),
        complete: createRecordingCompleter({ baseUrl: '', token }),
      }),
    );
    const queue = createUploadQueue({ store, transport });
    // As the exam page does (integrity signals → queue): pause while offline, resume at once when back.
    queue.setOnline(navigator.onLine);
    addEventListener('offline', () => {
      counters.offlineEvents++;
      queue.setOnline(false);
    });
    addEventListener('online', () => queue.setOnline(true));
    await queue.start();

    let recorderStoppedAt: number | undefined;
    const recorder = observedRecorder(createRecordRtcRecorder(), setup.keepCopy, (at) => (recorderStoppedAt = at));
    const active = await startRecording({ api, recorder, store, queue, kind: 'camera', stream: stream() });
    const current: Streaming = {
      recordingId: active.recordingId,
      mimeType: recorder.mimeTypeFor('camera'),
      active,
      queue,
      get sha256() {
        return sha256;
      },
      get recorderStoppedAt() {
        return recorderStoppedAt;
      },
    };
    queue.progress$.subscribe((list) => {
      current.latest = list.find((entry) => entry.recordingId === current.recordingId) ?? current.latest;
    });
    streaming = current;
    return { recordingId: current.recordingId, mimeType: current.mimeType };
  },

  progress,

  async stopStreaming(): Promise<StreamingStopped> {
    const current = streaming;
    if (!current) throw new Error('not streaming');
    const startedAt = performance.now();
    await current.active.stop();
    let subscription: { unsubscribe(): void } | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        subscription = current.queue.progress$.subscribe(() => {
          if (current.queue.allAcknowledged()) resolve();
          else if (current.latest?.state === 'failed') reject(new Error(`upload failed: ${current.latest.error ?? 'unknown error'}`));
        });
      });
    } finally {
      subscription?.unsubscribe();
    }
    const tailMs = performance.now() - startedAt;
    const { sha256, recorderStoppedAt } = current;
    const { startedAt: finishStartedAt, endedAt: finishEndedAt } = finishing;
    if (sha256 === undefined || recorderStoppedAt === undefined || finishStartedAt === undefined || finishEndedAt === undefined) {
      throw new Error('the recording did not stop cleanly');
    }
    return {
      ...progress(),
      tailMs,
      recorderStopMs: recorderStoppedAt - startedAt,
      acknowledgedMs: finishStartedAt - startedAt,
      completionMs: finishEndedAt - finishStartedAt,
      sha256,
    };
  },

  async uploadWhole(token) {
    const current = streaming;
    if (!current || copy.length === 0) throw new Error('nothing recorded with keepCopy');
    const api = createRestExamApi({ baseUrl: '', tokenStore: createMemoryTokenStore(token) });
    const { recordingId, uploadUrl } = await api.createRecording({ kind: 'camera', mimeType: current.mimeType });
    const whole = new Blob(copy, { type: current.mimeType });
    const sha256 = hex(await crypto.subtle.digest('SHA-256', await whole.arrayBuffer()));
    if (sha256 !== current.sha256) throw new Error('the kept copy differs from what the pipeline uploaded');
    const transport = createTusTransport({
      headers: () => ({ Authorization: `Bearer ${token}` }),
      complete: createRecordingCompleter({ baseUrl: '', token: () => token }),
      timeoutMs: WHOLE_UPLOAD_TIMEOUT_MS,
    });
    const startedAt = performance.now();
    const session = await transport.open(uploadUrl);
    const offset = await session.append(whole, 0);
    if (offset !== whole.size) throw new Error(`the server holds ${offset} of ${whole.size} bytes`);
    const acknowledgedAt = performance.now();
    await session.finish(whole.size, sha256);
    const endedAt = performance.now();
    return {
      uploadMs: endedAt - startedAt,
      acknowledgedMs: acknowledgedAt - startedAt,
      completionMs: endedAt - acknowledgedAt,
      bytes: whole.size,
      recordingId,
    };
  },

  async startNaive() {
    if (naive) throw new Error('already recording');
    const mimeType = createRecordRtcRecorder().mimeTypeFor('camera');
    const recorder = new MediaRecorder(stream(), { mimeType });
    const state = {
      recorder,
      chunks: [] as Blob[],
      bytes: 0,
      stopped: new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve())),
    };
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size === 0) return;
      state.chunks.push(event.data);
      state.bytes += event.data.size;
    });
    recorder.start(1000);
    naive = state;
    return { mimeType };
  },

  naiveStats,

  async stopNaive() {
    if (!naive) throw new Error('not recording');
    if (naive.recorder.state !== 'inactive') naive.recorder.stop();
    await naive.stopped;
    return naiveStats();
  },
};

window.examroomBench = bench;
