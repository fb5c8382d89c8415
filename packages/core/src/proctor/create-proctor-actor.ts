import { createActor, type ActorOptions, type SimulatedClock } from 'xstate';
import type { ProctorPorts } from '../ports/index.js';
import { createProctorActors, createProctorEffects } from './proctor.actors.js';
import { proctorMachine, type ProctorMachine } from './proctor.machine.js';

export interface CreateProctorActorOptions {
  /** Real ports in the supervisor's browser (@examroom/adapters), fakes in tests (@examroom/core/testing). */
  readonly ports: ProctorPorts;
  /** XState's scheduler clock; tests pass a SimulatedClock. */
  readonly clock?: Pick<SimulatedClock, 'setTimeout' | 'clearTimeout' | 'now'>;
  readonly inspect?: ActorOptions<ProctorMachine>['inspect'];
}

/** proctorMachine wired to the console's ports, not yet started: call `.start()`. */
export function createProctorActor({ ports, clock, inspect }: CreateProctorActorOptions) {
  return createActor(proctorMachine.provide({ actors: createProctorActors(ports), actions: createProctorEffects(ports) }), {
    ...(clock ? { clock } : {}),
    ...(inspect ? { inspect } : {}),
  });
}

export type ProctorActor = ReturnType<typeof createProctorActor>;
