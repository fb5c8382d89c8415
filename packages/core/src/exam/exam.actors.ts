/**
 * Every side effect of examMachine, built from the ports. The machine names these in setup(); createExamActor
 * provides them with real ports, tests with fakes.
 */
import { EMPTY, map, merge } from 'rxjs';
import { fromCallback, fromEventObservable, fromPromise, type EventObject } from 'xstate';
import { ErrorCode, ExamError, errorCodeOf } from '../errors/error-codes.js';
import type { ExamPorts } from '../ports/index.js';
import type { ExamInfo, HelpMessage, Incident, IncidentKind, Me, Pairing, EvidenceStatus, Question } from '../ports/exam-api.port.js';
import type { MediaCapture, MediaDeviceList } from '../ports/media-devices.port.js';
import type { ScreenShare } from '../ports/screen-capture.port.js';
import type { FinishReason, Progress, ProgressStage, Resume } from '../rules/stages.js';
import { resumeStage } from '../rules/stages.js';
import { earliestLoginOpensAt, scheduleOf, type Schedule } from '../rules/schedule.js';
import { createUploadQueue } from '../streams/upload-queue.js';
import { finalizeInterruptedRecordings, startRecording, type ActiveRecording } from '../streams/recording.js';
import { createIncidentReporter, incidents$, networkStatus$ } from '../streams/integrity.js';
import { volume$ } from '../streams/volume.js';
import { fromPort } from '../streams/from-port.js';
import type {
  ApiEvent,
  ClockEventType,
  DeviceCheckResult,
  ExamEvent,
  IntegrityEvent,
  MediaEvent,
  NetEvent,
  RecordingsCommand,
} from './exam.types.js';

/** Incidents to send: one the integrity stream made, or one the machine raises (stamped with server time here). */
export type IncidentCommand =
  | { type: 'report'; incident: Incident }
  | { type: 'raise'; kind: IncidentKind; detail?: string };

export interface LoadedExam {
  readonly exam: ExamInfo;
  readonly loginOpensAt: number;
}

export interface LoadedMe {
  readonly me: Me;
  readonly schedule: Schedule;
  readonly resume: Resume;
  readonly helpMessages: readonly HelpMessage[];
}

export interface PairingResult {
  readonly pairing: Pairing;
  readonly evidence: EvidenceStatus;
}

/** Time between heartbeats; the server treats a session silent for 30 s as stale (R6). */
export const HEARTBEAT_MS = 10_000;
/** The longest an alarm waits before comparing with server time again. */
export const ALARM_RECHECK_MS = 1_000;
/** Wait before retrying a failed finish call. */
export const FINISH_RETRY_MS = 3_000;
/** A battery below this, not charging, is a warning in 设备准备. */
export const LOW_BATTERY = 0.3;

export function createExamActors(ports: ExamPorts) {
  // Ports are read lazily so that examMachine can be defined before any port exists.
  const api: ExamPorts['api'] = lazy(() => ports.api);
  const clock: ExamPorts['clock'] = lazy(() => ports.clock);
  // Incidents carry whole milliseconds: the server clock's estimate may end in .5 (its offset is a midpoint), and the
  // contract's instants are integers, so an unrounded time is refused — and the reporter would retry it forever.
  const incidentTime = () => Math.round(clock.now());

  return {
    /** 设备准备: every check, each independent of the others' failure. */
    runDeviceChecks: fromPromise<readonly DeviceCheckResult[]>(async () => {
      const support = ports.environment.support();
      const results: DeviceCheckResult[] = [];
      try {
        const capture = await ports.media.open({});
        capture.stop();
        results.push({ id: 'camera', status: 'pass' }, { id: 'microphone', status: 'pass' });
      } catch (error) {
        const code = errorCodeOf(error);
        const micFailed = code === ErrorCode.MICROPHONE_NOT_FOUND || code === ErrorCode.MICROPHONE_PERMISSION_DENIED;
        const camFailed = !micFailed;
        results.push(
          camFailed ? { id: 'camera', status: 'fail', error: code } : { id: 'camera', status: 'pass' },
          micFailed ? { id: 'microphone', status: 'fail', error: code } : { id: 'microphone', status: camFailed ? 'warn' : 'pass' },
        );
      }
      results.push(
        support.mediaRecorder ? { id: 'recording', status: 'pass' } : { id: 'recording', status: 'fail', error: ErrorCode.RECORDING_UNSUPPORTED },
        support.displayMedia
          ? { id: 'screenCapture', status: 'pass' }
          : { id: 'screenCapture', status: 'fail', error: ErrorCode.SCREEN_CAPTURE_UNSUPPORTED },
        support.indexedDb ? { id: 'storage', status: 'pass' } : { id: 'storage', status: 'fail', error: ErrorCode.STORAGE_UNSUPPORTED },
      );
      try {
        await clock.resync();
        results.push({ id: 'network', status: 'pass' });
      } catch (error) {
        results.push({ id: 'network', status: 'fail', error: ports.integrity.isOnline() ? errorCodeOf(error) : ErrorCode.NETWORK_OFFLINE });
      }
      const battery = await ports.environment.battery().catch(() => null);
      results.push(
        battery && !battery.charging && battery.level < LOW_BATTERY
          ? { id: 'battery', status: 'warn', error: ErrorCode.BATTERY_LOW }
          : { id: 'battery', status: 'pass' },
      );
      const external = await ports.display.hasExternalDisplay().catch(() => false);
      results.push(external ? { id: 'display', status: 'warn', error: ErrorCode.EXTERNAL_DISPLAY_CONNECTED } : { id: 'display', status: 'pass' });
      return results;
    }),

    loadExam: fromPromise<LoadedExam, { examId: string }>(async ({ input }) => {
      const exam = await api.getExam(input.examId);
      return { exam, loginOpensAt: earliestLoginOpensAt(exam.sittings, exam.policy) };
    }),

    /** Sends `event` to the parent once server time reaches `at` (at once if it already has). Re-arms after clock re-syncs. */
    alarm: fromCallback<EventObject, { at: number; event: ClockEventType }>(({ input, sendBack }) => {
      let handle: unknown;
      const check = () => {
        const left = input.at - clock.now();
        if (left <= 0) sendBack({ type: input.event });
        // Compare with server time again at least every second: background tabs delay long timers, and a clock
        // re-sync may move server time, so the instant is never judged by one long timer alone.
        else handle = clock.setTimeout(check, Math.min(left, ALARM_RECHECK_MS));
      };
      check();
      return () => clock.clearTimeout(handle);
    }),

    /** Waits a fixed time, then sends clock.retry. */
    retryTimer: fromCallback<EventObject, { ms: number }>(({ input, sendBack }) => {
      const handle = clock.setTimeout(() => sendBack({ type: 'clock.retry' }), input.ms);
      return () => clock.clearTimeout(handle);
    }),

    resyncClock: fromPromise<void>(() => clock.resync()),

    openCamera: fromPromise<MediaCapture, { cameraId: string | null; microphoneId: string | null }>(({ input }) =>
      ports.media.open({ ...(input.cameraId ? { cameraId: input.cameraId } : {}), ...(input.microphoneId ? { microphoneId: input.microphoneId } : {}) }),
    ),

    loginWithFace: fromPromise<void, { examId: string; deviceKey: string; capture: MediaCapture | null }>(async ({ input }) => {
      if (!input.capture) throw new ExamError(ErrorCode.CAMERA_NOT_FOUND);
      const image = await ports.media.captureFrame(input.capture);
      await api.loginWithFace({ examId: input.examId, deviceKey: input.deviceKey, image });
    }),

    loginWithPassword: fromPromise<void, { examId: string; deviceKey: string; idNumber: string; password: string }>(({ input }) =>
      api.loginWithPassword(input),
    ),

    loadMe: fromPromise<LoadedMe>(async () => {
      const [me, helpMessages] = await Promise.all([api.getMe(), api.getHelpMessages().catch(() => [])]);
      const schedule = scheduleOf({ ...me.sitting, policy: { ...me.exam.policy, ...me.sitting.policy } });
      return { me, schedule, helpMessages, resume: resumeStage(me.progress, schedule, clock.now()) };
    }),

    /** Heartbeats while logged in; a refused heartbeat means the session was taken over (R6). */
    keepSessionAlive: fromCallback<EventObject>(({ sendBack }) => {
      let handle: unknown;
      let stopped = false;
      const beat = () => {
        api.heartbeat().then(
          () => undefined,
          (error: unknown) => {
            const code = errorCodeOf(error);
            if (!stopped && (code === ErrorCode.SESSION_REVOKED || code === ErrorCode.UNAUTHENTICATED)) {
              sendBack({ type: 'api.sessionRevoked', reason: ErrorCode.SESSION_REVOKED });
            }
          },
        );
        handle = clock.setTimeout(beat, HEARTBEAT_MS);
      };
      beat();
      return () => {
        stopped = true;
        clock.clearTimeout(handle);
      };
    }),

    /** Server pushes → machine events. */
    liveEvents: fromEventObservable<ApiEvent, void>(() =>
      fromPort(api.liveEvents()).pipe(
        map((event): ApiEvent => {
          switch (event.type) {
            case 'help.message':
              return { type: 'api.helpMessage', message: event.message };
            case 'evidence.status':
              return { type: 'api.evidenceStatus', status: event.status };
            case 'session.revoked':
              return { type: 'api.sessionRevoked', reason: event.reason };
          }
        }),
      ),
    ),

    saveProgress: fromPromise<Progress, { stage: ProgressStage }>(({ input }) => api.saveProgress(input.stage)),

    createPairing: fromPromise<PairingResult>(async () => {
      const [pairing, evidence] = await Promise.all([api.createPairing(), api.getEvidenceStatus()]);
      return { pairing, evidence };
    }),

    drawLot: fromPromise<Progress>(() => api.drawLot()),

    checkDisplay: fromPromise<boolean>(() => ports.display.hasExternalDisplay()),

    shareScreen: fromPromise<ScreenShare>(() => ports.screen.start()),

    enter: fromPromise<Progress>(() => api.enter()),

    listDevices: fromPromise<MediaDeviceList>(() => ports.media.list()),

    watchDevices: fromEventObservable<MediaEvent, void>(() =>
      fromPort(ports.media.changes()).pipe(map((): MediaEvent => ({ type: 'media.devicesChanged' }))),
    ),

    watchVolume: fromEventObservable<MediaEvent, { capture: MediaCapture | null }>(({ input }) =>
      input.capture ? volume$(ports.volume, input.capture.stream).pipe(map((level): MediaEvent => ({ type: 'media.volume', level }))) : EMPTY,
    ),

    /** Tracks that end by themselves during the exam: an unplugged camera, a stopped screen share (R14). */
    watchTracks: fromEventObservable<MediaEvent, { capture: MediaCapture | null; screen: ScreenShare | null }>(({ input }) =>
      merge(
        input.capture ? fromPort(input.capture.ended).pipe(map((device): MediaEvent => ({ type: 'media.cameraEnded', device }))) : EMPTY,
        input.screen ? fromPort(input.screen.ended).pipe(map((): MediaEvent => ({ type: 'media.screenEnded' }))) : EMPTY,
      ),
    ),

    loadQuestions: fromPromise<readonly Question[]>(() => api.getQuestions()),

    sendHelp: fromPromise<HelpMessage, { text: string }>(({ input }) => api.sendHelpMessage({ id: newId(), text: input.text })),

    finishExam: fromPromise<Progress, { reason: FinishReason }>(({ input }) => api.finish(input.reason)),

    /** Integrity signals → incidents, and the network status. */
    integrity: fromEventObservable<NetEvent | IntegrityEvent, void>(() =>
      merge(
        networkStatus$(ports.integrity).pipe(map((online): NetEvent => ({ type: online ? 'net.online' : 'net.offline' }))),
        incidents$({ signals: ports.integrity, now: incidentTime }).pipe(map((incident): IntegrityEvent => ({ type: 'integrity.incident', incident }))),
      ),
    ),

    /** Sends incidents to the server in order, retrying until each is stored. */
    incidentReporter: fromCallback<IncidentCommand>(({ receive }) => {
      const reporter = createIncidentReporter({ report: (incident) => api.reportIncident(incident), timers: clock });
      receive((command) =>
        reporter.report(
          command.type === 'report'
            ? command.incident
            : { id: newId(), kind: command.kind, at: incidentTime(), ...(command.detail ? { detail: command.detail } : {}) },
        ),
      );
      return () => reporter.stop();
    }),

    /**
     * The recordings of this device: starts recorders on command, keeps every chunk in the store and uploads it.
     * Lives as long as the machine, so recordings left by an earlier page load are uploaded too.
     */
    recordings: fromCallback<RecordingsCommand, void, ExamEvent>(({ receive, sendBack }) => {
      const queue = createUploadQueue({ store: ports.store, transport: ports.transport, timers: clock });
      const subscription = queue.progress$.subscribe((recordings) => sendBack({ type: 'upload.progress', recordings }));
      const onError = (code: ErrorCode) => sendBack({ type: 'upload.error', code });
      // Recordings a closed or crashed page left unfinished are closed first, so that the queue can complete them;
      // this page's recorders start only after that, and "all acknowledged" is judged only after the listing.
      const ready = finalizeInterruptedRecordings(ports.store)
        .catch(() => [])
        .then(() => queue.start());
      const active: Promise<ActiveRecording | null>[] = [];
      receive((command) => {
        switch (command.type) {
          case 'record':
            active.push(
              ready
                .then(() =>
                  startRecording({ api, recorder: ports.recorder, store: ports.store, queue, kind: command.kind, stream: command.stream, onError }),
                )
                .catch((error: unknown) => {
                  onError(errorCodeOf(error));
                  return null;
                }),
            );
            break;
          case 'stopAll': {
            const stopping = active.splice(0).map((started) => started.then((recording) => recording?.stop()));
            void Promise.allSettled([ready, ...stopping]).then((results) => {
              for (const result of results) if (result.status === 'rejected') onError(errorCodeOf(result.reason));
              sendBack({ type: 'upload.recordersStopped' });
            });
            break;
          }
          case 'online':
            queue.setOnline(command.online);
            break;
          case 'retry':
            queue.retry();
            break;
        }
      });
      return () => {
        subscription.unsubscribe();
        queue.stop();
      };
    }),
  };
}

export type ExamActors = ReturnType<typeof createExamActors>;

/** A stand-in that forwards every property access to the object `get()` returns at that moment. */
function lazy<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get: (_target, key) => {
      const target = get();
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function newId(): string {
  return globalThis.crypto.randomUUID();
}
