/** 进入考试 (R12–R14, R21): wait for entry to open, check the display, share the whole screen, enter; and its view. */
import { ErrorCode } from '../../errors/error-codes.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { phaseOf, selectTimeZone } from '../exam.view.js';
import { saveProgress } from './save-progress.js';
import { screenShareStates } from './screen-share.js';

/** Entry is open: 「进入考试」 checks the display, asks for the screen, then enters. */
const open = examSetup.createStateConfig({
  initial: 'ready',
  invoke: { src: 'alarm', input: inputs.entryCloses },
  on: { 'clock.entryClosed': { target: '#exam.barred', actions: { type: 'bar', params: { reason: ErrorCode.LATE_ENTRY_CLOSED } } } },
  states: {
    ready: {
      tags: 'awaitingEntry:ready',
      on: { 'user.enter': { target: 'checkingDisplay', actions: 'clearError' } },
    },
    ...screenShareStates({
      tags: { checkingDisplay: 'awaitingEntry:checkingDisplay', sharingScreen: 'awaitingEntry:sharingScreen' },
      shared: { target: 'entering', recordScreen: false },
    }),
    entering: {
      tags: 'awaitingEntry:entering',
      invoke: {
        src: 'enter',
        onDone: { target: '#exam.confirmingDevices', actions: [{ type: 'assignProgress', params: actorOutput }, 'recordScreen'] },
        onError: [
          { guard: 'isTooLate', target: '#exam.barred', actions: ['releaseScreen', 'barWithEventError'] },
          { guard: 'isEntryNotOpen', target: '#exam.awaitingEntry.notYetOpen', actions: ['releaseScreen', 'assignError'] },
          { target: 'ready', actions: ['releaseScreen', 'assignError'] },
        ],
      },
    },
  },
});

export const awaitingEntry = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'awaitingEntry' } },
  invoke: saveProgress('awaitingEntry'),
  initial: 'notYetOpen',
  states: {
    /** 「进入考试」 disabled until entryOpensAt; the alarm fires at once if it has passed. */
    notYetOpen: {
      tags: 'awaitingEntry:notYetOpen',
      invoke: { src: 'alarm', input: inputs.entryOpens },
      on: {
        'clock.entryOpened': 'open',
        'user.refresh': 'refreshing',
      },
    },
    /** 「刷新」: measure server time again, then re-check (R12). */
    refreshing: {
      tags: 'awaitingEntry:refreshing',
      invoke: { src: 'resyncClock', onDone: 'notYetOpen', onError: 'notYetOpen' },
    },
    open,
  },
});

export interface AwaitingEntryView {
  /** Which stage this view is of. */
  readonly stage: 'awaitingEntry';
  /** Waiting for entry to open, re-measuring time, or the steps of entering once it is open. */
  readonly phase: 'notYetOpen' | 'refreshing' | 'ready' | 'checkingDisplay' | 'sharingScreen' | 'entering';
  /** When 「进入考试」 enables (R12). */
  readonly entryOpensAt: number | null;
  /** When entering is no longer possible: the late cutoff (R21). */
  readonly entryClosesAt: number | null;
  /** The exam's IANA time zone, which entryOpensAt and entryClosesAt are shown in. */
  readonly timeZone: string;
  /** 「进入考试」 enabled (R12). */
  readonly canEnter: boolean;
  /** 「刷新」 enabled. */
  readonly canRefresh: boolean;
  /** The lot drawn, or null: the server assigns one at entry. */
  readonly lot: number | null;
  /** Why the last attempt to enter failed (another display, not a whole monitor, refused…). */
  readonly error: ErrorCode | null;
}

export function selectAwaitingEntryView(snapshot: ExamSnapshot): AwaitingEntryView {
  const { context } = snapshot;
  const phases = ['notYetOpen', 'refreshing', 'ready', 'checkingDisplay', 'sharingScreen', 'entering'] as const;
  const phase = phaseOf(snapshot, 'awaitingEntry', phases) ?? 'notYetOpen';
  return {
    stage: 'awaitingEntry',
    phase,
    entryOpensAt: context.schedule?.entryOpensAt ?? null,
    entryClosesAt: context.schedule?.entryClosesAt ?? null,
    timeZone: selectTimeZone(snapshot),
    canEnter: phase === 'ready',
    canRefresh: phase === 'notYetOpen',
    lot: context.progress?.lot ?? null,
    error: context.error,
  };
}

export function awaitingEntryViewStateKeys(view: AwaitingEntryView): string[] {
  return [`awaitingEntry:${view.phase}`];
}
