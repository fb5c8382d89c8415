import { createActor, type ActorOptions, type SimulatedClock } from 'xstate';
import type { ExamPorts } from '../ports/index.js';
import { createExamActors } from './exam.actors.js';
import { examMachine, type ExamMachine } from './exam.machine.js';
import type { ExamInput } from './exam.types.js';

export interface CreateExamActorOptions {
  /** Real ports in the browser (@examroom/adapters), fakes in tests (@examroom/core/testing). */
  readonly ports: ExamPorts;
  readonly input: ExamInput;
  /** XState's scheduler clock; tests pass a SimulatedClock. */
  readonly clock?: Pick<SimulatedClock, 'setTimeout' | 'clearTimeout' | 'now'>;
  readonly inspect?: ActorOptions<ExamMachine>['inspect'];
}

/** examMachine wired to ports, not yet started: call `.start()`. */
export function createExamActor({ ports, input, clock, inspect }: CreateExamActorOptions) {
  return createActor(examMachine.provide({ actors: createExamActors(ports) }), {
    input,
    ...(clock ? { clock } : {}),
    ...(inspect ? { inspect } : {}),
  });
}

export type ExamActor = ReturnType<typeof createExamActor>;
