/** The candidate guide's stage order (R2) and where a returning candidate resumes. */
import { ErrorCode } from '../errors/error-codes.js';
import { isEntryClosed, isPastDeadline, type Schedule } from './schedule.js';

/** Every stage in the candidate guide's order; these are examMachine's top-level state names (barred stands outside). */
export const STAGES = [
  'checkingDevices',
  'login',
  'readingProcess',
  'bindingEvidence',
  'drawingLot',
  'awaitingEntry',
  'confirmingDevices',
  'confirmingInfo',
  'readingPledge',
  'countdown',
  'answering',
  'uploading',
  'finished',
] as const;

export type Stage = (typeof STAGES)[number];

/** The stages the server records as a candidate's progress; they only move forward. */
export type ProgressStage = Exclude<Stage, 'checkingDevices' | 'login'>;

export const PROGRESS_STAGES = STAGES.filter((s): s is ProgressStage => s !== 'checkingDevices' && s !== 'login');

/** Why an interview ended: the candidate's page gives the first three; endedBySupervisor only a supervisor's intervention. */
export type FinishReason = 'completed' | 'endedEarly' | 'timeUp' | 'endedBySupervisor';

/** The reasons a candidate's page may give to POST /me/finish. */
export const CLIENT_FINISH_REASONS = ['completed', 'endedEarly', 'timeUp'] as const satisfies readonly FinishReason[];

/** The server's record of how far a candidate got. */
export interface Progress {
  /** Furthest stage reached. */
  readonly stage: ProgressStage;
  /** Lot number (抽签号) once drawn or assigned (R11). */
  readonly lot: number | null;
  /** Server time of the first entry (进入考试), or null. */
  readonly enteredAt: number | null;
  /** Server time the exam was finished, or null. */
  readonly finishedAt: number | null;
  readonly finishReason: FinishReason | null;
  /** Server time of 设备确认 (R16), or null. */
  readonly devicesConfirmedAt: number | null;
  /** Server time of 信息确认 (R17), or null. */
  readonly infoConfirmedAt: number | null;
  /** Server time the 考试承诺书 was accepted (R17, R24), or null. */
  readonly pledgeAcceptedAt: number | null;
  /** The version of the pledge text accepted (PLEDGE_VERSION when it was), or null. */
  readonly pledgeVersion: string | null;
}

/** A candidate's progress before anything happened: 阅读面试流程 (login comes before progress is recorded), nothing drawn, entered, confirmed or finished. */
export const INITIAL_PROGRESS: Progress = Object.freeze({
  stage: 'readingProcess',
  lot: null,
  enteredAt: null,
  finishedAt: null,
  finishReason: null,
  devicesConfirmedAt: null,
  infoConfirmedAt: null,
  pledgeAcceptedAt: null,
  pledgeVersion: null,
});

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

/** True when `next` may be recorded after `current`: progress never moves back. */
export function isForward(current: ProgressStage, next: ProgressStage): boolean {
  return stageIndex(next) >= stageIndex(current);
}

export type Resume =
  | { readonly kind: 'stage'; readonly stage: ProgressStage }
  | { readonly kind: 'barred'; readonly reason: ErrorCode };

/** The stages between entering and finishing, in order: a candidate who entered resumes at one of these. */
const ENTERED_STAGES = ['confirmingDevices', 'confirmingInfo', 'readingPledge', 'countdown', 'answering'] as const satisfies readonly ProgressStage[];

/**
 * Where a candidate resumes after a reload, a browser restart or logging in again: the furthest stage the server
 * recorded. One who entered resumes at the stage they had reached after entry (设备确认 at the earliest, the page
 * asking first for what the browser lost, such as the screen share), until the deadline; one who did not enter
 * resumes where they were, but cannot come back after the late cutoff (R21); a finished exam goes to uploading so
 * that anything still stored on this device is sent.
 */
export function resumeStage(progress: Progress, schedule: Schedule, now: number): Resume {
  if (progress.finishedAt !== null) return { kind: 'stage', stage: 'uploading' };
  const entered = progress.enteredAt !== null;
  if (entered) {
    if (isPastDeadline(schedule, now) || stageIndex(progress.stage) > stageIndex('answering')) return { kind: 'stage', stage: 'uploading' };
    const stage = stageIndex(progress.stage) < stageIndex(ENTERED_STAGES[0]) ? ENTERED_STAGES[0] : progress.stage;
    return { kind: 'stage', stage };
  }
  if (isEntryClosed(schedule, now, false)) return { kind: 'barred', reason: ErrorCode.LATE_ENTRY_CLOSED };
  const stage = stageIndex(progress.stage) > stageIndex('awaitingEntry') ? 'awaitingEntry' : progress.stage;
  return { kind: 'stage', stage };
}

/** True for the stages one resumes at only after entering: the screen is recorded there, so it must be shared again. */
export function isEnteredStage(stage: ProgressStage): boolean {
  return (ENTERED_STAGES as readonly ProgressStage[]).includes(stage);
}
