/** In-memory stand-ins for the browser ports: media devices, display, screen capture, integrity, volume, environment. */
import { Subject } from 'rxjs';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { BatteryStatus, BrowserSupport, EnvironmentPort } from '../ports/environment.port.js';
import type { DisplayCheck } from '../ports/display-check.port.js';
import type { IntegritySignal, IntegritySignals } from '../ports/integrity.port.js';
import type { MediaCapture, MediaDeviceList, MediaDevicesPort } from '../ports/media-devices.port.js';
import type { DisplaySurface, ScreenCapture, ScreenShare } from '../ports/screen-capture.port.js';
import type { VolumeMeter } from '../ports/volume.port.js';

/** A stand-in MediaStream: core never looks inside a stream, it only passes it on. */
export function fakeMediaStream(id: string): MediaStream {
  return { id, active: true, getTracks: () => [] } as unknown as MediaStream;
}

export interface FakeMediaDevices extends MediaDevicesPort {
  devices: MediaDeviceList;
  /** When set, open() rejects with this code. */
  openError: ErrorCode | null;
  /** Captures opened so far, newest last. */
  readonly opened: (MediaCapture & { readonly stopped: boolean; end(kind: 'camera' | 'microphone'): void })[];
  /** Simulates plugging in or removing a device. */
  plug(list: MediaDeviceList): void;
}

export function createFakeMediaDevices(): FakeMediaDevices {
  const changes = new Subject<void>();
  const fake: FakeMediaDevices = {
    devices: {
      cameras: [
        { id: 'cam-1', kind: 'camera', label: 'Integrated Camera' },
        { id: 'cam-2', kind: 'camera', label: 'USB Camera' },
      ],
      microphones: [{ id: 'mic-1', kind: 'microphone', label: 'Built-in Microphone' }],
    },
    openError: null,
    opened: [],
    async list() {
      return fake.devices;
    },
    async open({ cameraId, microphoneId }) {
      if (fake.openError) throw new ExamError(fake.openError);
      const camera = cameraId ?? fake.devices.cameras[0]?.id;
      const microphone = microphoneId ?? fake.devices.microphones[0]?.id;
      if (!camera || !fake.devices.cameras.some((d) => d.id === camera)) throw new ExamError(ErrorCode.CAMERA_NOT_FOUND);
      if (!microphone || !fake.devices.microphones.some((d) => d.id === microphone)) throw new ExamError(ErrorCode.MICROPHONE_NOT_FOUND);
      const ended = new Subject<'camera' | 'microphone'>();
      let stopped = false;
      const capture = {
        stream: fakeMediaStream(`capture-${fake.opened.length + 1}`),
        cameraId: camera,
        microphoneId: microphone,
        ended,
        stop: () => {
          stopped = true;
        },
        get stopped() {
          return stopped;
        },
        end: (kind: 'camera' | 'microphone') => ended.next(kind),
      };
      fake.opened.push(capture);
      return capture;
    },
    async captureFrame() {
      return new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    },
    changes: () => changes,
    plug(list) {
      fake.devices = list;
      changes.next();
    },
  };
  return fake;
}

export interface FakeDisplayCheck extends DisplayCheck {
  external: boolean;
}

export function createFakeDisplayCheck(): FakeDisplayCheck {
  const fake: FakeDisplayCheck = { external: false, hasExternalDisplay: async () => fake.external };
  return fake;
}

export interface FakeScreenCapture extends ScreenCapture {
  /** What the candidate picks next: a surface, or a refusal. */
  next: DisplaySurface | 'deny';
  readonly shares: (ScreenShare & { readonly stopped: boolean; end(): void })[];
}

export function createFakeScreenCapture(): FakeScreenCapture {
  const fake: FakeScreenCapture = {
    next: 'monitor',
    shares: [],
    async start() {
      if (fake.next === 'deny') throw new ExamError(ErrorCode.SCREEN_SHARE_DENIED);
      const ended = new Subject<void>();
      let stopped = false;
      const share = {
        stream: fakeMediaStream(`screen-${fake.shares.length + 1}`),
        surface: fake.next,
        ended,
        stop: () => {
          stopped = true;
        },
        get stopped() {
          return stopped;
        },
        end: () => ended.next(),
      };
      fake.shares.push(share);
      return share;
    },
  };
  return fake;
}

export interface FakeIntegritySignals extends IntegritySignals {
  online: boolean;
  emit(signal: IntegritySignal): void;
  goOffline(): void;
  goOnline(): void;
}

export function createFakeIntegritySignals(): FakeIntegritySignals {
  const signals = new Subject<IntegritySignal>();
  const fake: FakeIntegritySignals = {
    online: true,
    isOnline: () => fake.online,
    signals: () => signals,
    emit: (signal) => signals.next(signal),
    goOffline() {
      fake.online = false;
      signals.next({ kind: 'offline' });
    },
    goOnline() {
      fake.online = true;
      signals.next({ kind: 'online' });
    },
  };
  return fake;
}

export interface FakeVolumeMeter extends VolumeMeter {
  /** Pushes a level to every stream being metered. */
  push(level: number): void;
}

export function createFakeVolumeMeter(): FakeVolumeMeter {
  const levels = new Subject<number>();
  return { levels: () => levels, push: (level) => levels.next(level) };
}

export interface FakeEnvironment extends EnvironmentPort {
  supported: BrowserSupport;
  batteryStatus: BatteryStatus | null;
}

export function createFakeEnvironment(): FakeEnvironment {
  const fake: FakeEnvironment = {
    supported: { mediaRecorder: true, displayMedia: true, indexedDb: true },
    batteryStatus: { level: 0.8, charging: false },
    support: () => fake.supported,
    battery: async () => fake.batteryStatus,
  };
  return fake;
}
