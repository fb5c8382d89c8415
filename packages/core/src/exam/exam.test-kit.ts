/** Drives examMachine through its stages with fake ports; shared by the scenario and model-based tests. */
import { expect } from 'vitest';
import { createExamActor, type ExamActor } from './create-exam-actor.js';
import { createFakePorts, type FakePorts, type FakePortsOptions } from '../testing/fake-ports.js';
import { selectStage, selectView } from './exam.selectors.js';
import type { ExamEmitted } from './exam.types.js';

export const T0 = Date.UTC(2026, 1, 28, 1, 40); // 09:40 Beijing time; sitting 1 starts 10:00
export const START = T0 + 20 * 60_000;
export const CANDIDATE = { id: 'cand-1', idNumber: '110101200001010011', password: 'demo-pass-1' } as const;

export interface Harness extends FakePorts {
  readonly actor: ExamActor;
  readonly emitted: ExamEmitted[];
  settle(): Promise<void>;
  send(event: Parameters<ExamActor['send']>[0]): Promise<void>;
  /** Moves server time (and every timer) forward, letting the machine react. */
  advanceTo(serverTime: number): Promise<void>;
  advance(ms: number): Promise<void>;
  stage(): string;
  view(): ReturnType<typeof selectView>;
  value(): unknown;
}

export async function startExam(options: Partial<FakePortsOptions> & { deviceKey?: string } = {}): Promise<Harness> {
  const fakes = createFakePorts({ now: T0, ...options });
  const actor = createExamActor({ ports: fakes.ports, input: { examId: 'exam-demo', deviceKey: options.deviceKey ?? 'device-1' }, clock: fakes.clock.simulated });
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
    stage: () => selectStage(actor.getSnapshot()),
    view: () => selectView(actor.getSnapshot()),
    value: () => actor.getSnapshot().value,
  };
  actor.start();
  await settle();
  return harness;
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

/** All the way to 开始答题 at the start time. */
export async function reachAnswering(h: Harness): Promise<void> {
  await reachEntry(h);
  await enterAndConfirm(h);
  await h.advanceTo(START);
  expectState(h, 'answering');
}

/** Concatenated bytes of a recording as the server holds them. */
export function serverBytes(h: Harness, kind: 'camera' | 'screen'): Uint8Array {
  const recording = h.backend.recordingsOf(CANDIDATE.id).find((r) => r.kind === kind);
  return h.transport.upload(recording!.uploadUrl)?.bytes ?? new Uint8Array();
}
