/** Every port of examMachine as a fake, wired to one in-memory backend and one simulated clock. */
import type { ExamPorts, FaceSnapshot } from '../ports/index.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import {
  createFakeDisplayCheck,
  createFakeEnvironment,
  createFakeIntegritySignals,
  createFakeMediaDevices,
  createFakeScreenCapture,
  createFakeVolumeMeter,
  type FakeDisplayCheck,
  type FakeEnvironment,
  type FakeIntegritySignals,
  type FakeMediaDevices,
  type FakeScreenCapture,
  type FakeVolumeMeter,
} from './fake-devices.js';
import { createFakeRecorder, type FakeRecorder } from './fake-recorder.js';
import { createMemoryChunkStore, type MemoryChunkStore } from './memory-chunk-store.js';
import { createMemoryExamBackend, sampleFixture, type KeptSession, type MemoryExamBackend, type MemoryExamFixture } from './memory-exam-backend.js';
import { createMemoryUploadTransport, type MemoryUploadTransport } from './memory-upload-transport.js';
import { createFakeWindowLock, type FakeWindowLock } from './fake-window-lock.js';
import { createFakeFaceDetector, type FakeFaceDetector } from './fake-face-detector.js';

export interface FakePorts {
  readonly ports: ExamPorts;
  readonly clock: FakeClock;
  readonly backend: MemoryExamBackend;
  readonly media: FakeMediaDevices;
  readonly display: FakeDisplayCheck;
  readonly screen: FakeScreenCapture;
  readonly recorder: FakeRecorder;
  readonly store: MemoryChunkStore;
  readonly transport: MemoryUploadTransport;
  readonly integrity: FakeIntegritySignals;
  readonly volume: FakeVolumeMeter;
  readonly environment: FakeEnvironment;
  readonly windowLock: FakeWindowLock;
  readonly faceDetector: FakeFaceDetector;
}

export interface FakePortsOptions {
  /** Server time at the start of the test. */
  readonly now: number;
  /** The exam; by default sampleFixture with sitting 1 starting 20 minutes after `now`. */
  readonly fixture?: MemoryExamFixture;
  /** Share a backend (and its sessions) with another set of fake ports, e.g. a second device. */
  readonly backend?: MemoryExamBackend;
  /** Share the clock with another set of fake ports (a second device of the same test). */
  readonly clock?: FakeClock;
  /** Share the stored chunks with an earlier "page load". */
  readonly store?: MemoryChunkStore;
  /** Share the upload server with an earlier "page load". */
  readonly transport?: MemoryUploadTransport;
  /** The session token this browser keeps across page loads; share it with an earlier "page load" to keep its session. */
  readonly session?: KeptSession;
  /** Share the browser's window locks with another window of the same browser (a second tab). */
  readonly windowLock?: FakeWindowLock;
  /** The face checks' stills (none are sent without it). */
  readonly faceSnapshot?: FaceSnapshot;
}

export function createFakePorts(options: FakePortsOptions): FakePorts {
  const clock = options.clock ?? createFakeClock(options.now);
  const backend = options.backend ?? createMemoryExamBackend(options.fixture ?? sampleFixture(options.now + 20 * 60_000), clock);
  const fakes = {
    clock,
    backend,
    media: createFakeMediaDevices(),
    display: createFakeDisplayCheck(),
    screen: createFakeScreenCapture(),
    recorder: createFakeRecorder(),
    store: options.store ?? createMemoryChunkStore(),
    transport: options.transport ?? createMemoryUploadTransport(),
    integrity: createFakeIntegritySignals(),
    volume: createFakeVolumeMeter(),
    environment: createFakeEnvironment(),
    windowLock: options.windowLock ?? createFakeWindowLock(),
    faceDetector: createFakeFaceDetector(),
  };
  const ports: ExamPorts = {
    api: backend.client(options.session),
    clock,
    media: fakes.media,
    display: fakes.display,
    screen: fakes.screen,
    recorder: fakes.recorder,
    store: fakes.store,
    transport: fakes.transport,
    integrity: fakes.integrity,
    volume: fakes.volume,
    environment: fakes.environment,
    windowLock: fakes.windowLock,
    ...(options.faceSnapshot ? { faceSnapshot: options.faceSnapshot } : {}),
    faceDetector: fakes.faceDetector,
  };
  return { ports, ...fakes };
}
