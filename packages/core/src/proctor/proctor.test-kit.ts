/** Drives proctorMachine with the fake console ports on a simulated clock; tests wait for events, never for time. */
import { waitFor } from 'xstate';
import { createFakeProctorPorts, FAKE_SUPERVISOR, type FakeProctorOptions, type FakeProctorPorts } from '../testing/fake-proctor.js';
import { createProctorActor, type ProctorActor } from './create-proctor-actor.js';
import { selectProctorStage, selectProctorView, type ProctorSnapshot, type ProctorView, type SittingView } from './proctor.selectors.js';

/** 2026-03-01 08:30 Beijing time: half an hour before the first sitting. */
export const T0 = Date.UTC(2026, 2, 1, 0, 30);

export interface ProctorHarness extends FakeProctorPorts {
  readonly actor: ProctorActor;
  settle(): Promise<void>;
  send(event: Parameters<ProctorActor['send']>[0]): Promise<void>;
  /** Moves the clock forward a second at a time, letting the machine react after each step. */
  advance(ms: number): Promise<void>;
  until(predicate: (snapshot: ProctorSnapshot) => boolean): Promise<void>;
  /** Waits for a view state tag, e.g. `sitting:grid`. */
  untilTag(tag: string): Promise<void>;
  view(): ProctorView;
  /** The sitting's view; throws elsewhere. */
  grid(): SittingView;
  stage(): string;
  /** Stops the actor, as closing the page does. */
  close(): void;
}

export interface StartProctorOptions extends Partial<FakeProctorOptions> {
  readonly prepare?: (fakes: FakeProctorPorts) => void;
}

export async function startProctor(options: StartProctorOptions = {}): Promise<ProctorHarness> {
  const fakes = createFakeProctorPorts({ now: T0, ...options });
  options.prepare?.(fakes);
  const actor = createProctorActor({ ports: fakes.ports, clock: fakes.clock.simulated });
  actor.subscribe({ error: (error) => { throw error; } });
  const settle = async () => {
    // Promise-based actors and fakes resolve over a few microtask turns; a macrotask turn flushes them all.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const harness: ProctorHarness = {
    ...fakes,
    actor,
    settle,
    async send(event) {
      actor.send(event);
      await settle();
    },
    async advance(ms) {
      const until = fakes.clock.now() + ms;
      while (fakes.clock.now() < until) {
        fakes.clock.advance(Math.min(1_000, until - fakes.clock.now()));
        await settle();
      }
    },
    async until(predicate) {
      await waitFor(actor, predicate);
      await settle();
    },
    untilTag: (tag) => harness.until((s) => s.hasTag(tag as never)),
    view: () => selectProctorView(actor.getSnapshot()),
    grid() {
      const view = harness.view();
      if (view.stage !== 'sitting') throw new Error(`not in the sitting's grid but in ${view.stage}`);
      return view;
    },
    stage: () => selectProctorStage(actor.getSnapshot()),
    close: () => actor.stop(),
  };
  actor.start();
  await settle();
  return harness;
}

/** Logs in as the fake supervisor and waits for the sittings. */
export async function logIn(h: ProctorHarness): Promise<void> {
  await h.untilTag('login:entering');
  await h.send({ type: 'user.login', ...FAKE_SUPERVISOR });
  await h.untilTag('sittings:list');
}

/** Logs in and opens the first sitting's grid. */
export async function openGrid(h: ProctorHarness, sittingId = 'sitting-1'): Promise<void> {
  await logIn(h);
  await h.send({ type: 'user.chooseSitting', sittingId });
  await h.untilTag('sitting:grid');
}
