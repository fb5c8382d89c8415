/** Drives examMachine through its stages with fake ports; shared by the scenario and model-based tests. */
import { waitFor } from 'xstate';
import { expect } from 'vitest';
import type { RecordingKind } from '../ports/recorder.port.js';
import type { RecordingProgress } from '../streams/upload-queue.js';
import { createExamActor, type ExamActor } from './create-exam-actor.js';
import { createFakePorts, type FakePorts, type FakePortsOptions } from '../testing/fake-ports.js';
import { selectStage, selectView } from './exam.selectors.js';
import type { ExamEmitted } from './exam.types.js';

export const T0 = Date.UTC(2026, 1, 28, 1, 40); // 09:40 Beijing time; sitting 1 starts 10:00
export const START = T0 + 20 * 60_000;
export const CANDIDATE = { id: 'cand-1', idNumber: '110101200001010011', password: 'demo-pass-1' } as const;

type Snapshot = ReturnType<ExamActor['getSnapshot']>;

export interface Harness extends FakePorts {
  readonly actor: ExamActor;
  readonly emitted: ExamEmitted[];
  /**
   * Lets the machine and the fakes finish what takes a few turns of the event loop (promise chains, the in-memory
   * backend, store and transport). It does not wait for hashing: see `until`.
   */
  settle(): Promise<void>;
  send(event: Parameters<ExamActor['send']>[0]): Promise<void>;
  /** Moves server time (and every timer) forward, letting the machine react. */
  advanceTo(serverTime: number): Promise<void>;
  advance(ms: number): Promise<void>;
  /**
   * Waits until the machine's snapshot satisfies `predicate` (now or after a later event), then settles. Recording
   * and uploading hash with WebAssembly, which takes as long as the CPU needs rather than a number of event-loop
   * turns, so a test waits for the event that says the work is done (the upload.* events the machine keeps in its
   * context), never for a time.
   */
  until(predicate: (snapshot: Snapshot) => boolean): Promise<void>;
  /** Waits until `count` recordings of `kind` have started; the machine lists a recording once its recorder runs. */
  recordingStarted(kind: RecordingKind, count?: number): Promise<void>;
  /** Waits until the latest recording of `kind` holds at least `bytes` bytes in the store. */
  stored(kind: RecordingKind, bytes: number): Promise<void>;
  /** Waits until the server acknowledged at least `bytes` bytes of the recording `recordingId`. */
  acknowledged(recordingId: string, bytes: number): Promise<void>;
  /** Waits until the machine leaves `stage` (e.g. uploading once every recording is on the server). */
  leaves(stage: string): Promise<void>;
  stage(): string;
  view(): ReturnType<typeof selectView>;
  value(): unknown;
}

export interface StartOptions extends Partial<FakePortsOptions> {
  readonly deviceKey?: string;
  /** The exam the page is for; the sample fixture's by default. */
  readonly examId?: string;
  /** Sets the fakes up before the machine starts, e.g. a camera that will not open. */
  readonly prepare?: (fakes: FakePorts) => void;
}

export async function startExam(options: StartOptions = {}): Promise<Harness> {
  const fakes = createFakePorts({ now: T0, ...options });
  options.prepare?.(fakes);
  const actor = createExamActor({
    ports: fakes.ports,
    input: { examId: options.examId ?? 'exam-demo', deviceKey: options.deviceKey ?? 'device-1' },
    clock: fakes.clock.simulated,
  });
  const emitted: ExamEmitted[] = [];
  actor.on('*', (event) => emitted.push(event as ExamEmitted));
  actor.subscribe({ error: (error) => { throw error; } });
  const settle = async () => {
    // Promise-based actors and fakes resolve over a few microtask turns; a macrotask turn flushes them all.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const harness: Harness = {
    ...fakes,
    actor,
    emitted,
    settle,
    async send(event) {
      actor.send(event);
      await settle();
    },
    async advanceTo(serverTime) {
      // Step in slices so that timers set by reactions to earlier timers fire too.
      while (fakes.clock.now() < serverTime) {
        fakes.clock.advance(Math.min(1_000, serverTime - fakes.clock.now()));
        await settle();
      }
    },
    async advance(ms) {
      await harness.advanceTo(fakes.clock.now() + ms);
    },
    async until(predicate) {
      await waitFor(actor, predicate);
      await settle();
    },
    recordingStarted: (kind, count = 1) => harness.until((s) => s.context.recordings.filter((r) => r.kind === kind).length >= count),
    stored: (kind, bytes) => harness.until((s) => (latest(s.context.recordings, kind)?.bytesRecorded ?? 0) >= bytes),
    acknowledged: (recordingId, bytes) =>
      harness.until((s) => s.context.recordings.some((r) => r.recordingId === recordingId && r.bytesAcknowledged >= bytes)),
    leaves: (stage) => harness.until((s) => selectStage(s) !== stage),
    stage: () => selectStage(actor.getSnapshot()),
    view: () => selectView(actor.getSnapshot()),
    value: () => actor.getSnapshot().value,
  };
  actor.start();
  await settle();
  return harness;
}

function latest(recordings: readonly RecordingProgress[], kind: RecordingKind): RecordingProgress | undefined {
  return recordings.filter((r) => r.kind === kind).at(-1);
}

export function expectState(h: Harness, state: Parameters<ReturnType<ExamActor['getSnapshot']>['matches']>[0]): void {
  const snapshot = h.actor.getSnapshot();
  expect(snapshot.matches(state), `expected ${JSON.stringify(state)}, got ${JSON.stringify(snapshot.value)}`).toBe(true);
}

export async function passDeviceChecks(h: Harness): Promise<void> {
  expectState(h, { checkingDevices: 'reviewing' });
  await h.send({ type: 'user.continue' });
}

export async function logInWithPassword(h: Harness, who: { idNumber: string; password: string } = CANDIDATE): Promise<void> {
  await passDeviceChecks(h);
  await h.send({ type: 'user.usePassword' });
  await h.send({ type: 'user.submitPassword', idNumber: who.idNumber, password: who.password });
}

/** From a fresh start to 进入考试 with a lot drawn and the phone recording. */
export async function reachEntry(h: Harness, options: { draw?: boolean } = {}): Promise<void> {
  await logInWithPassword(h);
  expectState(h, 'readingProcess');
  await h.send({ type: 'user.continue' });
  h.backend.setEvidence(CANDIDATE.id, 'recording');
  await h.settle();
  await h.send({ type: 'user.continue' });
  expectState(h, 'drawingLot');
  if (options.draw !== false) await h.send({ type: 'user.draw' });
  await h.send({ type: 'user.continue' });
  expectState(h, 'awaitingEntry');
}

/** From 进入考试 (open) through device, info and pledge confirmation. */
export async function enterAndConfirm(h: Harness): Promise<void> {
  await h.advanceTo(h.backend.scheduleOf(CANDIDATE.id).entryOpensAt);
  await h.send({ type: 'user.enter' });
  expectState(h, { confirmingDevices: 'ready' });
  await h.send({ type: 'user.continue' });
  await h.send({ type: 'user.confirmInfo' });
  await h.send({ type: 'user.setPledgeAccepted', accepted: true });
  await h.send({ type: 'user.setNoticeAccepted', accepted: true });
  await h.send({ type: 'user.continue' });
}

/** All the way to 开始答题 at the start time, with the screen and the camera recording (h.recorder.started[0], [1]). */
export async function reachAnswering(h: Harness): Promise<void> {
  await reachEntry(h);
  await enterAndConfirm(h);
  await h.recordingStarted('screen');
  await h.advanceTo(START);
  expectState(h, 'answering');
  await h.recordingStarted('camera');
}

/** Concatenated bytes of a recording as the server holds them. */
export function serverBytes(h: Harness, kind: 'camera' | 'screen'): Uint8Array {
  const recording = h.backend.recordingsOf(CANDIDATE.id).find((r) => r.kind === kind);
  return h.transport.upload(recording!.uploadUrl)?.bytes ?? new Uint8Array();
}
