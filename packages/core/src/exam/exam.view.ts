/** What the stages' view selectors share: the snapshot type, the live preview, and reading a phase from tags. */
import type { SnapshotFrom } from 'xstate';
import { DEFAULT_TIME_ZONE } from '../rules/schedule.js';
import type { Stage } from '../rules/stages.js';
import type { ExamMachine } from './exam.machine.js';


export type ExamSnapshot = SnapshotFrom<ExamMachine>;

/** The live camera and microphone preview: an open stream for a <video>, and the level for the volume bar. */
export interface PreviewView {
  /** The open camera and microphone, or null while none is open. */
  readonly stream: MediaStream | null;
  /** 0…1. */
  readonly volume: number;
}

export function selectPreview({ context }: ExamSnapshot): PreviewView {
  return { stream: context.capture?.stream ?? null, volume: context.volume };
}

/** The time zone the page shows the exam's instants in: the exam's own, never the browser's (UTC on many kiosks). */
export function selectTimeZone({ context }: ExamSnapshot): string {
  return context.exam?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** The first of `phases` whose tag `<prefix>:<phase>` an active state node carries, e.g. `login:notOpen`. */
export function phaseOf<P extends string>(snapshot: ExamSnapshot, prefix: Stage | 'resuming' | `${Stage | 'resuming'}:${string}`, phases: readonly P[]): P | undefined {
  return phases.find((phase) => snapshot.hasTag(`${prefix}:${phase}`));
}
