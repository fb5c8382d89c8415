/**
 * The sittings (场次) of the exams this supervisor watches, to choose one. A reload with a sitting kept opens it again
 * straight away, if it is still theirs.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { SittingSummary } from '../../ports/proctor-api.port.js';
import { actorOutput, proctorSetup, sessionGone } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';

export const sittings = proctorSetup.createStateConfig({
  initial: 'loading',
  states: {
    loading: {
      tags: 'sittings:loading',
      invoke: {
        src: 'listSittings',
        onDone: { target: 'deciding', actions: { type: 'assignSittings', params: actorOutput } },
        onError: [sessionGone, { target: 'failed', actions: 'assignError' }],
      },
    },
    deciding: {
      always: [{ guard: 'reopensKeptSitting', target: '#proctor.session.sitting' }, { target: 'list' }],
    },
    list: {
      tags: 'sittings:list',
      on: { 'user.chooseSitting': { target: '#proctor.session.sitting', actions: ['assignSittingId', 'keepSitting', 'clearError'] } },
    },
    failed: {
      tags: 'sittings:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

export interface SittingsView {
  readonly stage: 'sittings';
  readonly phase: 'loading' | 'list' | 'failed';
  /** By start time, the earliest first. */
  readonly sittings: readonly SittingSummary[];
  readonly error: ErrorCode | null;
}

export function selectSittingsView(snapshot: ProctorSnapshot): SittingsView {
  return {
    stage: 'sittings',
    phase: proctorPhaseOf(snapshot, 'sittings', ['loading', 'list', 'failed'] as const) ?? 'loading',
    sittings: [...snapshot.context.sittings].sort((a, b) => a.sitting.startsAt - b.sitting.startsAt),
    error: snapshot.context.error,
  };
}
