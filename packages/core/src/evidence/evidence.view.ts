/** What every stage's view of the phone's recorder shares. */
import type { SnapshotFrom } from 'xstate';
import type { EvidenceMachine } from './evidence.machine.js';

export type EvidenceSnapshot = SnapshotFrom<EvidenceMachine>;

/** The stages of the phone's flow, in order; each stage's view states are tags `<stage>:<phase>`. */
export type EvidenceStage = 'pairing' | 'camera' | 'scanning' | 'recording' | 'ended';

/** The phase of `stage` the snapshot is in, read from its tags. */
export function evidencePhaseOf<P extends string>(snapshot: EvidenceSnapshot, stage: EvidenceStage, phases: readonly P[]): P | undefined {
  return phases.find((phase) => snapshot.hasTag(`${stage}:${phase}` as never));
}
