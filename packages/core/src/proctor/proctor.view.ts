/** What every stage's view of the supervisor's console shares. */
import type { SnapshotFrom } from 'xstate';
import type { ProctorMachine } from './proctor.machine.js';

export type ProctorSnapshot = SnapshotFrom<ProctorMachine>;

/** The stages of the console; the conversation and the candidate's panel open beside the sitting's grid, the notice above it. Each view state is a tag `<stage>:<phase>`. */
export type ProctorStage = 'login' | 'sittings' | 'sitting' | 'conversation' | 'candidate' | 'notice' | 'review';

/** The phase of `stage` the snapshot is in, read from its tags. */
export function proctorPhaseOf<P extends string>(snapshot: ProctorSnapshot, stage: ProctorStage, phases: readonly P[]): P | undefined {
  return phases.find((phase) => snapshot.hasTag(`${stage}:${phase}` as never));
}
