/** What every stage's view of the supervisor's console shares. */
import type { SnapshotFrom } from 'xstate';
import type { ProctorMachine } from './proctor.machine.js';

export type ProctorSnapshot = SnapshotFrom<ProctorMachine>;

/**
 * The stages of the console; the conversation, the candidate's panel and 实时画面 (liveView) open beside the sitting's
 * grid, the notice above it; 回放 (review) and 上传状况 (uploadHealth) are shown in the grid's place while open. Each
 * view state is a tag `<stage>:<phase>`.
 */
export type ProctorStage = 'login' | 'sittings' | 'sitting' | 'conversation' | 'candidate' | 'notice' | 'uploadHealth' | 'liveView' | 'review';

/** The phase of `stage` the snapshot is in, read from its tags. */
export function proctorPhaseOf<P extends string>(snapshot: ProctorSnapshot, stage: ProctorStage, phases: readonly P[]): P | undefined {
  return phases.find((phase) => snapshot.hasTag(`${stage}:${phase}` as never));
}
