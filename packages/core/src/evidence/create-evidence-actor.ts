import { createActor, type ActorOptions, type SimulatedClock } from 'xstate';
import type { PhonePorts } from '../ports/index.js';
import { createEvidenceActors } from './evidence.actors.js';
import { evidenceMachine, type EvidenceMachine } from './evidence.machine.js';
import type { EvidenceInput } from './evidence.types.js';

export interface CreateEvidenceActorOptions {
  /** Real ports in the phone's browser (@examroom/adapters), fakes in tests (@examroom/core/testing). */
  readonly ports: PhonePorts;
  readonly input: EvidenceInput;
  /** XState's scheduler clock; tests pass a SimulatedClock. */
  readonly clock?: Pick<SimulatedClock, 'setTimeout' | 'clearTimeout' | 'now'>;
  readonly inspect?: ActorOptions<EvidenceMachine>['inspect'];
}

/** evidenceMachine wired to the phone's ports, not yet started: call `.start()`. */
export function createEvidenceActor({ ports, input, clock, inspect }: CreateEvidenceActorOptions) {
  return createActor(evidenceMachine.provide({ actors: createEvidenceActors(ports) }), {
    input,
    ...(clock ? { clock } : {}),
    ...(inspect ? { inspect } : {}),
  });
}

export type EvidenceActor = ReturnType<typeof createEvidenceActor>;
