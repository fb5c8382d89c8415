/**
 * Every side effect of evidenceMachine, built from the phone's ports. The machine names these in evidence.setup.ts;
 * createEvidenceActor provides them with real ports, tests with fakes. Ports are read only when an actor runs.
 */
import { fromCallback, fromPromise } from 'xstate';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { PhonePorts } from '../ports/index.js';
import type { KeptPhoneSession, PhoneReportedState } from '../ports/phone-api.port.js';
import type { CameraFacing, PhoneCapture, QrScan } from '../ports/phone-devices.port.js';
import { PHONE_HEARTBEAT_MS } from '../rules/phone-device.js';
import type { Unsubscribable } from '../ports/subscribable.js';
import { NO_HEADINGS, addHeading, roomScanProgress } from '../rules/room-scan.js';
import { finalizeInterruptedRecordings, startRecording, type ActiveRecording } from '../streams/recording.js';
import { createUploadQueue } from '../streams/upload-queue.js';
import { uploadReportOf, type UploadReport } from '../rules/upload-health.js';
import type { EvidenceEvent, EvidenceRecordingsCommand } from './evidence.types.js';

/** The scan's progress ring and its fallback are judged this often (also without a heading, for the duration). */
const SCAN_TICK_MS = 500;
/** Battery and free space are read again this often while recording; both change slowly. */
const DEVICE_POLL_MS = 30_000;
/** A part that cannot start for a while (disk full, network gone) is tried again after this, doubling up to the max. */
const START_RETRY_MS = 2_000;
const START_RETRY_MAX_MS = 30_000;
const START_AGAIN_AFTER: ReadonlySet<ErrorCode> = new Set([ErrorCode.STORAGE_QUOTA_LOW, ErrorCode.NETWORK_ERROR]);

export function createEvidenceActors(ports: PhonePorts) {
  /** The bytes recorded of the parts still uploading, sent with each heartbeat for the supervisor's upload health. */
  let uploadReport: UploadReport | undefined;
  const wait = (ms: number) => new Promise<void>((resolve) => ports.clock.setTimeout(resolve, ms));
  /** Saves the kept session with the state the phone reached, so that a reload goes on from there. */
  const keep = (reported: KeptPhoneSession['reported'], facing: CameraFacing) => {
    const kept = ports.session.load();
    if (kept) ports.session.save({ ...kept, reported, facing });
  };

  return {
    loadKeptSession: fromPromise<KeptPhoneSession | null>(async () => ports.session.load()),
    /** The flow has ended (done, replaced, expired): a reload must not go on with this session. */
    forgetSession: fromPromise<void>(async () => ports.session.clear()),

    /** Exchanges the code for a phone session and keeps it. */
    pair: fromPromise<void, { code: string }>(async ({ input }) => {
      const session = await ports.api.pair(input.code);
      ports.session.save({ token: session.token, reported: 'paired' });
    }),

    /** Tells the server where the phone is (with `stopped`, what it still has to upload), and remembers it for a reload. */
    report: fromPromise(async ({ input }: { input: { state: PhoneReportedState; facing: CameraFacing; bytesPending: number } }) => {
      const status = await ports.api.reportEvidence(input.state, input.state === 'stopped' ? { bytesPending: input.bytesPending } : undefined);
      keep(input.state, input.facing);
      return status;
    }),

    /** Opens the camera to read the PC's QR code. */
    openQrScanner: fromPromise<QrScan>(async () => ports.qrScanner.open()),
    /** Every QR code text read from the camera's frames. */
    readQrCodes: fromCallback<EvidenceEvent, { scan: QrScan }>(({ sendBack, input }) => {
      const subscription = input.scan.codes.subscribe({ next: (text) => sendBack({ type: 'qr.read', text }) });
      return () => subscription.unsubscribe();
    }),

    /**
     * Tells the server the phone is alive every PHONE_HEARTBEAT_MS, so that a phone that died is noticed (a silent
     * phone is an incident for the supervisor). A beat lost to the network is simply the next one's job.
     */
    heartbeat: fromCallback<EvidenceEvent>(() => {
      let timer: unknown;
      let stopped = false;
      const beat = () => {
        if (stopped) return;
        void (uploadReport ? ports.api.heartbeat(uploadReport) : ports.api.heartbeat()).catch(() => undefined);
        timer = ports.clock.setTimeout(beat, PHONE_HEARTBEAT_MS);
      };
      beat();
      return () => {
        stopped = true;
        if (timer !== undefined) ports.clock.clearTimeout(timer);
      };
    }),

    openCamera: fromPromise<PhoneCapture, { facing: CameraFacing; previous: PhoneCapture | null }>(async ({ input }) => {
      // A phone opens one camera at a time: the other must be released before switching.
      input.previous?.stop();
      return ports.camera.open(input.facing);
    }),

    /** Follows the room scan: headings where the compass gives them, else the time spent turning. */
    roomScan: fromCallback<EvidenceEvent>(({ sendBack }) => {
      const startedAt = ports.clock.now();
      let coverage = NO_HEADINGS;
      let headingSeen = false;
      let orientationSupported = true;
      let subscription: Unsubscribable | undefined;
      let timer: unknown;
      let stopped = false;
      const judge = () => {
        const progress = roomScanProgress({ startedAt, now: ports.clock.now(), orientationSupported, coverage, headingSeen });
        sendBack({ type: 'scan.progress', progress });
        return progress.complete;
      };
      const tick = () => {
        if (stopped || judge()) return;
        timer = ports.clock.setTimeout(tick, SCAN_TICK_MS);
      };
      void ports.orientation.headings().then((headings) => {
        if (stopped) return;
        if (headings === 'unsupported') orientationSupported = false;
        else
          subscription = headings.subscribe({
            next: (heading) => {
              if (heading === null) return;
              headingSeen = true;
              coverage = addHeading(coverage, heading);
              judge();
            },
          });
        tick();
      });
      return () => {
        stopped = true;
        subscription?.unsubscribe();
        if (timer !== undefined) ports.clock.clearTimeout(timer);
      };
    }),

    /** Keeps the screen on while it runs; a lock the browser dropped (page hidden) is asked for again on return. */
    wakeLock: fromCallback<EvidenceEvent>(({ sendBack }) => {
      let released = false;
      const held = ports.wakeLock.request().then((lock) => {
        sendBack({ type: 'device.wakeLock', held: lock !== null });
        return lock;
      }, () => {
        sendBack({ type: 'device.wakeLock', held: false });
        return null;
      });
      return () => {
        if (released) return;
        released = true;
        void held.then((lock) => lock?.release()).catch(() => undefined);
      };
    }),

    /** Reads the battery and the free space now and every DEVICE_POLL_MS. */
    deviceWatch: fromCallback<EvidenceEvent>(({ sendBack }) => {
      let timer: unknown;
      let stopped = false;
      const read = async () => {
        const [battery, estimate] = await Promise.all([ports.environment.battery().catch(() => null), ports.store.estimate().catch(() => null)]);
        if (stopped) return;
        sendBack({ type: 'device.battery', battery });
        sendBack({ type: 'device.storage', estimate });
        timer = ports.clock.setTimeout(() => void read(), DEVICE_POLL_MS);
      };
      void read();
      return () => {
        stopped = true;
        if (timer !== undefined) ports.clock.clearTimeout(timer);
      };
    }),

    /**
     * 实时画面: while the phone records, supervisors watching the candidate live see its camera too — the stream being
     * recorded, never a second one. Without a LiveViewPublisher port nothing is published.
     */
    publishLiveView: fromCallback<EvidenceEvent, { stream: MediaStream | null }>(({ input }) => {
      const publication = input.stream && ports.liveView ? ports.liveView.publish({ phone: input.stream }) : null;
      return () => publication?.stop();
    }),

    /** The server's pushes to this phone: its evidence status and the end of its session. */
    liveEvents: fromCallback<EvidenceEvent>(({ sendBack }) => {
      const subscription = ports.api.liveEvents().subscribe({
        next: (event) => {
          if (event.type === 'evidence.status') sendBack({ type: 'api.evidenceStatus', status: event.status });
          else sendBack({ type: 'api.sessionRevoked', reason: event.reason });
        },
      });
      return () => subscription.unsubscribe();
    }),

    /**
     * The evidence recording: stores every chunk and uploads it with core's pipeline, parts and all. Lives as long as
     * the phone session, so that parts a closed page left are uploaded too. A part that had to drop a chunk (the disk
     * full too long) ends there and the next part records on the same stream, so every part plays to its end.
     */
    recordings: fromCallback<EvidenceRecordingsCommand, void, EvidenceEvent>(({ receive, sendBack }) => {
      const queue = createUploadQueue({ store: ports.store, transport: ports.transport, timers: ports.clock });
      const progress = queue.progress$.subscribe((recordings) => {
        const evidence = recordings.filter((r) => r.kind === 'evidence');
        uploadReport = uploadReportOf(evidence);
        sendBack({ type: 'upload.progress', recordings: evidence });
      });
      const onError = (code: ErrorCode) => sendBack({ type: 'upload.error', code });
      // Parts an earlier page load left unfinished are closed first, so that the queue completes them before the
      // next part is created (the server keeps one open part per kind).
      const ready = finalizeInterruptedRecordings(ports.store, new Set(), (id) => ports.api.abandonRecording(id))
        .catch(() => [])
        .then(() => queue.start());
      // startRecording's server calls, on the phone's routes.
      const api = {
        createRecording: ({ mimeType }: { readonly mimeType: string }) => ports.api.createEvidenceRecording({ mimeType }),
        abandonRecording: (recordingId: string) => ports.api.abandonRecording(recordingId),
      };
      let latest: Promise<ActiveRecording | null> | undefined;
      const all: Promise<ActiveRecording | null>[] = [];
      const record = (stream: MediaStream) => {
        const previous = latest;
        const isLatest = () => latest === started;
        const onGap = () => {
          if (isLatest()) record(stream);
        };
        const start = async (): Promise<ActiveRecording | null> => {
          await (await previous)?.stop().catch(() => undefined);
          for (let delay = START_RETRY_MS; ; delay = Math.min(delay * 2, START_RETRY_MAX_MS)) {
            try {
              return await startRecording({ api, recorder: ports.recorder, store: ports.store, queue, kind: 'evidence', stream, onError, onGap });
            } catch (error) {
              const code = errorCodeOf(error);
              if (code === ErrorCode.EXAM_FINISHED) return null;
              onError(code);
              if (!START_AGAIN_AFTER.has(code) || !isLatest()) return null;
              await wait(delay);
              if (!isLatest()) return null;
            }
          }
        };
        const started: Promise<ActiveRecording | null> = ready.then(start);
        latest = started;
        all.push(started);
      };
      receive((command) => {
        if (command.type === 'record') return record(command.stream);
        latest = undefined;
        const stopping = all.splice(0).map((started) => started.then((recording) => recording?.stop()));
        void Promise.allSettled([ready, ...stopping]).then((results) => {
          for (const result of results) if (result.status === 'rejected') onError(errorCodeOf(result.reason));
          sendBack({ type: 'upload.recordersStopped' });
        });
      });
      return () => {
        progress.unsubscribe();
        queue.stop();
      };
    }),
  };
}

export type EvidenceActors = ReturnType<typeof createEvidenceActors>;
