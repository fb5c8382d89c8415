/**
 * The page of the recording browser tests: examMachine on the real browser ports (`createBrowserExamPorts`),
 * talking to the examroom server that serves this page (same origin: the API has no CORS and the CSP allows only
 * 'self' scripts). The test drives it through `window.examroomTest`.
 *
 * Ground truth: the recorder port is wrapped so that the page keeps every chunk the recorder produced (a Blob
 * reference each — a few MB for these short recordings), per recording, before the product code sees it. The tests
 * compare the server's files with these chunks; nothing in here shares code with the product's hashing.
 *
 * Query string: `exam` (required), `lowSpaceBytes` (the IndexedDB store's low-space margin, default the store's).
 */
import { createExamActor, selectStage, selectView, type ChunkStore, type ExamApi, type ExamEvent, type PortObserver, type Recorder, type RecordingKind } from '@examroom/core';
import { browserDeviceKey, createBrowserExamPorts } from '@examroom/adapters/browser';

/** What the recorder produced for one recording, as the test reads it. */
export interface RecordedSummary {
  readonly recordingId: string;
  readonly kind: RecordingKind;
  readonly mimeType: string;
  /** Non-empty chunks the recorder emitted. */
  readonly chunks: number;
  readonly bytes: number;
  /** SHA-256 (lower-case hex) of all chunks joined in order. */
  readonly sha256: string;
  /** performance.now() of each chunk's arrival. */
  readonly times: readonly number[];
  /** Whether the recorder's chunk stream has ended ('complete' or 'error'), or null while recording. */
  readonly ended: 'complete' | 'error' | null;
  /** Per chunk, when asked for: size and SHA-256. */
  readonly chunkList?: readonly { readonly size: number; readonly sha256: string }[];
}

interface Truth {
  readonly recordingId: string;
  readonly kind: RecordingKind;
  readonly mimeType: string;
  readonly chunks: Blob[];
  readonly times: number[];
  ended: 'complete' | 'error' | null;
}

export interface ExamroomTestApi {
  /** Sends an event to the machine (the tests send `user.*` events, as the elements would). */
  send(event: ExamEvent): void;
  stage(): string;
  /** selectView(snapshot), made serialisable (MediaStreams become '[MediaStream]'). */
  view(): Record<string, unknown>;
  /** The machine's context, serialisable. */
  context(): Record<string, unknown>;
  /** The snapshot's state value. */
  value(): unknown;
  /** Resolves once selectStage is `stage` (rejects after `timeoutMs`). */
  waitForStage(stage: string, timeoutMs?: number): Promise<void>;
  /** Measures server time again (after the test moved the dev clock). */
  resync(): Promise<void>;
  /** The ground truth: what the recorder produced, per recording, oldest first. */
  recorded(options?: { chunkList?: boolean }): Promise<RecordedSummary[]>;
  /** Cheap counts, no hashing: chunks so far per recording, oldest first. */
  chunkCounts(): { id: string; kind: RecordingKind; chunks: number }[];
  /** What the IndexedDB store holds now. */
  stored(): Promise<{ id: string; kind: string; bytesRecorded: number; chunkCount: number; stopped: boolean }[]>;
  /** navigator.storage.estimate(). */
  estimate(): Promise<{ usage: number; quota: number }>;
  /** The candidate presses the browser's 「停止共享」: the screen track ends by itself. */
  stopScreenShare(): void;
  /** Every incident report the page attempted, with its outcome ('stored' or an error code). */
  incidentReports(): { kind: string; at: number; outcome: string }[];
  /** Problems the page saw: actor errors, recorder-wrapper anomalies. */
  problems(): string[];
  /** Events the machine emitted to the host page. */
  emitted(): string[];
}

declare global {
  interface Window {
    examroomTest: ExamroomTestApi;
  }
}

const params = new URLSearchParams(location.search);
const examId = params.get('exam');
if (!examId) throw new Error('exam-page: ?exam=<examId> is required');
const lowSpaceBytes = params.get('lowSpaceBytes');

const problems: string[] = [];
const emitted: string[] = [];
const truths: Truth[] = [];

const ports = createBrowserExamPorts({
  baseUrl: location.origin,
  ...(lowSpaceBytes !== null ? { idb: { lowSpaceBytes: Number(lowSpaceBytes) } } : {}),
});

/**
 * startRecording creates the recording in the store and then, synchronously after, starts the recorder: the store
 * wrapper notes the id and kind, the recorder wrapper takes them.
 */
let created: { id: string; kind: RecordingKind; mimeType: string } | null = null;

const store: ChunkStore = {
  ...ports.store,
  async createRecording(recording) {
    await ports.store.createRecording(recording);
    if (created) problems.push(`recording ${created.id} was created but never started`);
    created = { id: recording.id, kind: recording.kind, mimeType: recording.mimeType };
  },
};

const recorder: Recorder = {
  mimeTypeFor: (kind) => ports.recorder.mimeTypeFor(kind),
  start(stream, options) {
    const target = created;
    created = null;
    if (!target) problems.push('a recorder started without a recording created just before');
    const truth: Truth = {
      recordingId: target?.id ?? `unknown-${truths.length}`,
      kind: target?.kind ?? 'camera',
      mimeType: options.mimeType,
      chunks: [],
      times: [],
      ended: null,
    };
    truths.push(truth);
    const active = ports.recorder.start(stream, options);
    let subscribed = false;
    return {
      chunks: {
        subscribe(observer: PortObserver<Blob>) {
          if (subscribed) problems.push(`recording ${truth.recordingId}: a second subscriber would not be counted`);
          subscribed = true;
          return active.chunks.subscribe({
            next(blob) {
              if (blob.size > 0) {
                truth.chunks.push(blob);
                truth.times.push(performance.now());
              }
              observer.next?.(blob);
            },
            error(error) {
              truth.ended = 'error';
              observer.error?.(error);
            },
            complete() {
              truth.ended = 'complete';
              observer.complete?.();
            },
          });
        },
      },
      stop: () => active.stop(),
    };
  },
};

/** Every attempt to report an incident, and how it went: what the supervisor should see, as the page saw it. */
const incidentReports: { kind: string; at: number; outcome: string }[] = [];
const rest = ports.api;
const api: ExamApi = {
  ...rest,
  async reportIncident(incident) {
    try {
      await rest.reportIncident(incident);
      incidentReports.push({ kind: incident.kind, at: incident.at, outcome: 'stored' });
    } catch (error) {
      incidentReports.push({ kind: incident.kind, at: incident.at, outcome: (error as { code?: string }).code ?? String(error) });
      throw error;
    }
  },
};

const actor = createExamActor({ ports: { ...ports, api, store, recorder }, input: { examId, deviceKey: browserDeviceKey() } });
actor.subscribe({ error: (error) => problems.push(`actor error: ${String(error)}`) });
actor.on('*', (event) => emitted.push('stage' in event ? `${event.type}:${event.stage}` : event.type));
actor.start();

async function sha256Hex(data: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await data.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A structured-clone- and JSON-friendly copy: no functions, MediaStreams named, depth bounded. */
function plain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (value instanceof MediaStream) return '[MediaStream]';
  if (value instanceof Blob) return `[Blob ${value.size}]`;
  if (depth > 8) return '[…]';
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'function') continue;
    out[key] = plain(item, depth + 1);
  }
  return out;
}

window.examroomTest = {
  send: (event) => actor.send(event),
  stage: () => selectStage(actor.getSnapshot()),
  view: () => plain(selectView(actor.getSnapshot())) as Record<string, unknown>,
  context: () => plain(actor.getSnapshot().context) as Record<string, unknown>,
  value: () => plain(actor.getSnapshot().value),
  waitForStage(stage, timeoutMs = 30_000) {
    return new Promise<void>((resolve, reject) => {
      if (selectStage(actor.getSnapshot()) === stage) return resolve();
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new Error(`stage ${stage} not reached in ${timeoutMs} ms; state ${JSON.stringify(actor.getSnapshot().value)}`));
      }, timeoutMs);
      const subscription = actor.subscribe((snapshot) => {
        if (selectStage(snapshot) !== stage) return;
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve();
      });
    });
  },
  resync: () => ports.clock.resync(),
  async recorded(options = {}) {
    const out: RecordedSummary[] = [];
    for (const truth of truths) {
      const joined = new Blob(truth.chunks);
      out.push({
        recordingId: truth.recordingId,
        kind: truth.kind,
        mimeType: truth.mimeType,
        chunks: truth.chunks.length,
        bytes: joined.size,
        sha256: await sha256Hex(joined),
        times: [...truth.times],
        ended: truth.ended,
        ...(options.chunkList
          ? { chunkList: await Promise.all(truth.chunks.map(async (chunk) => ({ size: chunk.size, sha256: await sha256Hex(chunk) }))) }
          : {}),
      });
    }
    return out;
  },
  chunkCounts: () => truths.map((truth) => ({ id: truth.recordingId, kind: truth.kind, chunks: truth.chunks.length })),
  async stored() {
    return (await ports.store.listRecordings()).map((r) => ({
      id: r.id,
      kind: r.kind,
      bytesRecorded: r.bytesRecorded,
      chunkCount: r.chunkCount,
      stopped: r.stopped,
    }));
  },
  async estimate() {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    return { usage, quota };
  },
  stopScreenShare() {
    const track = actor.getSnapshot().context.screen?.stream.getVideoTracks()[0];
    if (!track) throw new Error('no screen share to stop');
    // The browser's own 「停止共享」 ends the track and fires 'ended'; track.stop() alone fires nothing.
    track.stop();
    track.dispatchEvent(new Event('ended'));
  },
  incidentReports: () => [...incidentReports],
  problems: () => [...problems],
  emitted: () => [...emitted],
};
