/** Drives evidenceMachine with the fake phone ports on a simulated clock; tests wait for events, never for time. */
import { waitFor } from 'xstate';
import { createFakePhonePorts, type FakePhonePorts } from '../testing/fake-phone.js';
import { createEvidenceActor, type EvidenceActor } from './create-evidence-actor.js';
import { selectEvidenceStage, selectEvidenceView, type EvidenceSnapshot, type EvidenceView } from './evidence.selectors.js';

export const T0 = Date.UTC(2026, 1, 28, 1, 50);
/** A pairing code as the server makes them (rules/pairing-code.ts). */
export const CODE = 'PQRS2345';

export interface PhoneHarness extends FakePhonePorts {
  readonly actor: EvidenceActor;
  settle(): Promise<void>;
  send(event: Parameters<EvidenceActor['send']>[0]): Promise<void>;
  /** Moves the clock forward a second at a time, letting the machine react after each step. */
  advance(ms: number): Promise<void>;
  until(predicate: (snapshot: EvidenceSnapshot) => boolean): Promise<void>;
  /** Waits for a view state tag, e.g. `recording:recording`. */
  untilTag(tag: string): Promise<void>;
  view(): EvidenceView;
  stage(): string;
  /** Stops the actor, as closing the page does. */
  close(): void;
}

export interface StartPhoneOptions {
  /** The code in the URL fragment; absent: the candidate types it. */
  readonly pairingCode?: string | null;
  /** A reload of this earlier page load: the same session store, chunk store and server. */
  readonly from?: PhoneHarness;
  readonly prepare?: (fakes: FakePhonePorts) => void;
}

export async function startPhone(options: StartPhoneOptions = {}): Promise<PhoneHarness> {
  const fakes = createFakePhonePorts({ now: T0, ...(options.from ? { from: options.from } : {}) });
  if (!options.from) fakes.api.codes.add(CODE);
  options.prepare?.(fakes);
  const actor = createEvidenceActor({ ports: fakes.ports, input: { pairingCode: options.pairingCode ?? null }, clock: fakes.clock.simulated });
  actor.subscribe({ error: (error) => { throw error; } });
  const settle = async () => {
    // Promise-based actors and fakes resolve over a few microtask turns; a macrotask turn flushes them all.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const harness: PhoneHarness = {
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
    view: () => selectEvidenceView(actor.getSnapshot()),
    stage: () => selectEvidenceStage(actor.getSnapshot()),
    close: () => actor.stop(),
  };
  actor.start();
  await settle();
  return harness;
}

/** From the QR link to the room scan's start, the front camera open. */
export async function reachScanning(h: PhoneHarness): Promise<void> {
  await h.untilTag('camera:choosing');
  await h.send({ type: 'user.continue' });
  await h.untilTag('scanning:turning');
}

/** Turns the compass a full circle in 10° steps. */
export async function turnFullCircle(h: PhoneHarness, from = 0): Promise<void> {
  for (let degrees = from; degrees <= from + 360; degrees += 10) h.orientation.heading(degrees % 360);
  await h.settle();
}

/** From the QR link to recording, the scan done by the compass. */
export async function reachRecording(h: PhoneHarness): Promise<void> {
  await reachScanning(h);
  await turnFullCircle(h);
  await h.untilTag('recording:placing');
  await h.send({ type: 'user.startRecording' });
  await h.untilTag('recording:recording');
}

/** Bytes of every evidence part as the server holds them, in part order. */
export function serverParts(h: PhoneHarness): Uint8Array[] {
  return h.api.parts.map((part) => h.transport.upload(part.uploadUrl)?.bytes ?? new Uint8Array());
}
