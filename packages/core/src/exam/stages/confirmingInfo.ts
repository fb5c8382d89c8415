/** 信息确认 (R17): the candidate confirms who they are and which sitting. */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { Candidate } from '../../ports/exam-api.port.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import { selectTimeZone, type ExamSnapshot } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const confirmingInfo = examSetup.createStateConfig({
  tags: 'confirmingInfo',
  entry: { type: 'emitStage', params: { stage: 'confirmingInfo' } },
  invoke: saveProgress('confirmingInfo'),
  initial: 'idle',
  states: {
    idle: {
      on: { 'user.confirmInfo': { target: 'confirming', actions: 'clearError' } },
    },
    // The server records 信息确认 with its time (R17) before the candidate goes on; a failure shows and may be retried.
    confirming: {
      invoke: {
        src: 'confirm',
        input: { kind: 'info' },
        onDone: { target: '#exam.readingPledge', actions: ['confirmInfo', { type: 'assignProgress', params: actorOutput }] },
        onError: { target: 'idle', actions: 'assignError' },
      },
    },
  },
});

export type ConfirmingInfoView = {
  /** Which stage this view is of. */
  readonly stage: 'confirmingInfo';
  /** Who is logged in, as the server knows them. */
  readonly candidate: Candidate | null;
  /** The name of the candidate's sitting (场次). */
  readonly sittingName: string | null;
  /** When the sitting starts. */
  readonly startsAt: number | null;
  /** The exam's IANA time zone, which startsAt is shown in. */
  readonly timeZone: string;
  /** The lot drawn or assigned. */
  readonly lot: number | null;
  /** There is a candidate to confirm. */
  readonly canContinue: boolean;
  /** Why recording the confirmation failed. */
  readonly error: ErrorCode | null;
};

export function selectConfirmingInfoView(snapshot: ExamSnapshot): ConfirmingInfoView {
  const { context } = snapshot;
  return {
    stage: 'confirmingInfo',
    candidate: context.candidate,
    sittingName: context.exam?.sittings.find((s) => s.startsAt === context.schedule?.startsAt)?.name ?? null,
    startsAt: context.schedule?.startsAt ?? null,
    timeZone: selectTimeZone(snapshot),
    lot: context.progress?.lot ?? null,
    canContinue: context.candidate !== null,
    error: context.error,
  };
}
