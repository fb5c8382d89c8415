/**
 * Fakes of the phone's ports for evidenceMachine's tests and stories: a small phone backend (pairing codes, evidence
 * states, evidence parts with the one-open-part rule over the memory transport, live pushes), the camera by facing,
 * a compass the test turns, a wake lock and the kept session in memory.
 */
import type { UploadReport } from '../rules/upload-health.js';
import { Subject } from 'rxjs';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { PhonePorts } from '../ports/index.js';
import type { EvidenceState, EvidenceStatus } from '../ports/exam-api.port.js';
import type { KeptPhoneSession, PhoneApi, PhoneLiveEvent, PhoneReportedState, PhoneSessionStore } from '../ports/phone-api.port.js';
import type { CameraFacing, OrientationSensor, PhoneCamera, PhoneCapture, QrScanner, WakeLockPort } from '../ports/phone-devices.port.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { createFakeEnvironment, fakeMediaStream, type FakeEnvironment } from './fake-devices.js';
import { createFakeRecorder, type FakeRecorder } from './fake-recorder.js';
import { createMemoryChunkStore, type MemoryChunkStore } from './memory-chunk-store.js';
import { createMemoryUploadTransport, type MemoryUploadTransport } from './memory-upload-transport.js';

export interface FakePhoneApi extends PhoneApi {
  /** Codes that pair once (single use, like the server's). */
  readonly codes: Set<string>;
  readonly status: EvidenceStatus;
  /** Every state the phone reported, in order. */
  readonly reports: readonly PhoneReportedState[];
  /** The `bytesPending` of the `stopped` report. */
  readonly bytesPending: number | null;
  /** How many heartbeats the phone sent. */
  readonly heartbeats: number;
  /** Every evidence part created, oldest first. */
  readonly parts: readonly { readonly recordingId: string; readonly uploadUrl: string; abandoned: boolean }[];
  /** The next `count` reports reject with NETWORK_ERROR. */
  failNextReports(count: number): void;
  /** Sets the status as the server does (e.g. `uploaded` once the last part is complete) and pushes it. */
  push(state: EvidenceState): void;
  /** Ends the session as the server does: pushes session.revoked, and every later call rejects with `reason`. */
  revoke(reason: ErrorCode): void;
  /** What each heartbeat reported of the bytes recorded (upload health), in order; undefined for a bare one. */
  readonly heartbeatReports: readonly (UploadReport | undefined)[];
}

export function createFakePhoneApi(clock: FakeClock, transport: MemoryUploadTransport): FakePhoneApi {
  const live = new Subject<PhoneLiveEvent>();
  const reports: PhoneReportedState[] = [];
  const parts: { recordingId: string; uploadUrl: string; abandoned: boolean }[] = [];
  let status: EvidenceStatus = { state: 'waitingForPhone', updatedAt: clock.now() };
  let revokedWith: ErrorCode | null = null;
  let failingReports = 0;
  let bytesPending: number | null = null;
  let heartbeats = 0;
  const heartbeatReports: (UploadReport | undefined)[] = [];
  const guard = () => {
    if (revokedWith) throw new ExamError(revokedWith);
  };
  const isOpen = (part: (typeof parts)[number]) => !part.abandoned && !transport.upload(part.uploadUrl)?.finished;
  const api: FakePhoneApi = {
    codes: new Set(),
    get status() {
      return status;
    },
    reports,
    parts,
    get bytesPending() {
      return bytesPending;
    },
    get heartbeats() {
      return heartbeats;
    },
    async heartbeat(report) {
      guard();
      heartbeats += 1;
      heartbeatReports.push(report);
    },
    heartbeatReports,
    async pair(code) {
      if (!api.codes.delete(code)) throw new ExamError(ErrorCode.PAIRING_FAILED);
      revokedWith = null;
      status = { state: 'phoneConnected', updatedAt: clock.now() };
      return { token: `phone-token-${code}` };
    },
    async reportEvidence(state, progress) {
      guard();
      if (failingReports > 0) {
        failingReports -= 1;
        throw new ExamError(ErrorCode.NETWORK_ERROR);
      }
      reports.push(state);
      if (progress) bytesPending = progress.bytesPending;
      status = { state, updatedAt: clock.now() };
      return status;
    },
    async createEvidenceRecording() {
      guard();
      const open = parts.find(isOpen);
      if (open) throw new ExamError(ErrorCode.RECORDING_ALREADY_OPEN, ErrorCode.RECORDING_ALREADY_OPEN, { recordingId: open.recordingId });
      const part = { recordingId: `evidence-${parts.length + 1}`, uploadUrl: transport.create(), abandoned: false };
      parts.push(part);
      return { recordingId: part.recordingId, uploadUrl: part.uploadUrl };
    },
    async abandonRecording(recordingId) {
      guard();
      const part = parts.find((p) => p.recordingId === recordingId);
      if (!part) throw new ExamError(ErrorCode.NOT_FOUND);
      part.abandoned = true;
    },
    liveEvents: () => live,
    failNextReports(count) {
      failingReports = count;
    },
    push(state) {
      status = { state, updatedAt: clock.now() };
      live.next({ type: 'evidence.status', status });
    },
    revoke(reason) {
      revokedWith = reason;
      live.next({ type: 'session.revoked', reason });
    },
  };
  return api;
}

export interface FakePhoneCamera extends PhoneCamera {
  /** When set, open() rejects with this code (CAMERA_PERMISSION_DENIED: the candidate refused). */
  openError: ErrorCode | null;
  readonly opened: (PhoneCapture & { readonly stopped: boolean })[];
}

export function createFakePhoneCamera(): FakePhoneCamera {
  const camera: FakePhoneCamera = {
    openError: null,
    opened: [],
    async open(facing: CameraFacing) {
      if (camera.openError) throw new ExamError(camera.openError);
      let stopped = false;
      const capture = {
        stream: fakeMediaStream(`phone-${facing}-${camera.opened.length + 1}`),
        facing,
        cameraId: `${facing}-camera`,
        microphoneId: 'phone-mic',
        ended: new Subject<'camera' | 'microphone'>(),
        stop: () => {
          stopped = true;
        },
        get stopped() {
          return stopped;
        },
      };
      camera.opened.push(capture);
      return capture;
    },
  };
  return camera;
}

export interface FakeOrientation extends OrientationSensor {
  /** False: the browser gives no orientation. Default true. */
  supported: boolean;
  /** Sends one reading to whoever listens. */
  heading(degrees: number | null): void;
}

export function createFakeOrientation(): FakeOrientation {
  const readings = new Subject<number | null>();
  const sensor: FakeOrientation = {
    supported: true,
    async headings() {
      return sensor.supported ? readings : 'unsupported';
    },
    heading: (degrees) => readings.next(degrees),
  };
  return sensor;
}

export interface FakeQrScanner extends QrScanner {
  /** When set, open() rejects with this code (CAMERA_PERMISSION_DENIED). */
  openError: ErrorCode | null;
  /** Whether the camera is open now. */
  readonly isOpen: boolean;
  /** Shows the camera a QR code holding `text`. */
  show(text: string): void;
}

export function createFakeQrScanner(): FakeQrScanner {
  const codes = new Subject<string>();
  let open = false;
  const scanner: FakeQrScanner = {
    openError: null,
    get isOpen() {
      return open;
    },
    async open() {
      if (scanner.openError) throw new ExamError(scanner.openError);
      open = true;
      return {
        stream: fakeMediaStream('qr-scanner'),
        codes,
        stop: () => {
          open = false;
        },
      };
    },
    show: (text) => codes.next(text),
  };
  return scanner;
}

export interface FakeWakeLock extends WakeLockPort {
  /** False: no Wake Lock API. Default true. */
  supported: boolean;
  /** Whether a lock is held now. */
  readonly held: boolean;
}

export function createFakeWakeLock(): FakeWakeLock {
  let held = false;
  const lock: FakeWakeLock = {
    supported: true,
    get held() {
      return held;
    },
    async request() {
      if (!lock.supported) return null;
      held = true;
      return {
        release: async () => {
          held = false;
        },
      };
    },
  };
  return lock;
}

export interface MemoryPhoneSessionStore extends PhoneSessionStore {
  kept: KeptPhoneSession | null;
}

export function createMemoryPhoneSessionStore(): MemoryPhoneSessionStore {
  const store: MemoryPhoneSessionStore = {
    kept: null,
    load: () => store.kept,
    save: (session) => {
      store.kept = session;
    },
    clear: () => {
      store.kept = null;
    },
  };
  return store;
}

export interface FakePhonePorts {
  readonly ports: PhonePorts;
  readonly api: FakePhoneApi;
  readonly session: MemoryPhoneSessionStore;
  readonly clock: FakeClock;
  readonly camera: FakePhoneCamera;
  readonly qrScanner: FakeQrScanner;
  readonly orientation: FakeOrientation;
  readonly wakeLock: FakeWakeLock;
  readonly environment: FakeEnvironment;
  readonly recorder: FakeRecorder;
  readonly store: MemoryChunkStore;
  readonly transport: MemoryUploadTransport;
}

/**
 * Every phone port as a fake. `from` shares the device-side fakes of an earlier page load (the kept session, the
 * store, the server's uploads and api), as a reload of the same phone does; the camera, sensors and recorder are new.
 */
export function createFakePhonePorts(options: { readonly now: number; readonly from?: FakePhonePorts }): FakePhonePorts {
  const clock = options.from?.clock ?? createFakeClock(options.now);
  const transport = options.from?.transport ?? createMemoryUploadTransport();
  const fakes = {
    api: options.from?.api ?? createFakePhoneApi(clock, transport),
    session: options.from?.session ?? createMemoryPhoneSessionStore(),
    clock,
    camera: createFakePhoneCamera(),
    qrScanner: createFakeQrScanner(),
    orientation: createFakeOrientation(),
    wakeLock: createFakeWakeLock(),
    environment: createFakeEnvironment(),
    recorder: createFakeRecorder(),
    store: options.from?.store ?? createMemoryChunkStore(),
    transport,
  };
  return { ...fakes, ports: fakes };
}
