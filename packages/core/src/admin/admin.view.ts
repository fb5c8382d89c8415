/** What every stage's view of the administrator's console shares. */
import type { SnapshotFrom } from 'xstate';
import type { AdminMachine } from './admin.machine.js';

export type AdminSnapshot = SnapshotFrom<AdminMachine>;

/**
 * The stages of the console: the login (with 设置新密码), the exams, one exam's sittings, question sets, roster and
 * results (tabs of the exam), the supervisors and the audit log. Each view state is a tag `<stage>:<phase>`.
 */
export type AdminStage = 'login' | 'exams' | 'sittings' | 'questionSets' | 'roster' | 'results' | 'supervisors' | 'audit';

/** The phase of `stage` the snapshot is in, read from its tags. */
export function adminPhaseOf<P extends string>(snapshot: AdminSnapshot, stage: AdminStage, phases: readonly P[]): P | undefined {
  return phases.find((phase) => snapshot.hasTag(`${stage}:${phase}` as never));
}
