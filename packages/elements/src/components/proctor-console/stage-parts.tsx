/** What the console's stages share: the props each stage's render function gets, and how times are shown. */
import type { Messages, ProctorConsoleMessages } from '@examroom/core';
import type { ProctorCommandDetail } from './proctor-console-interface';

/** What <exam-proctor-console> gives the render function of the stage on show. */
export interface StageProps<V> {
  readonly view: V;
  /** The console's words (core's PROCTOR_CONSOLE_LOCALES) … */
  readonly m: ProctorConsoleMessages;
  /** … and the shared ones (errors). */
  readonly messages: Messages;
  /**
   * The IANA time zone the open sitting's times are shown in, whatever the supervisor's computer's own: the
   * attribute `time-zone` if set, else the exam's own (SittingSummary.timeZone).
   */
  readonly timeZone: string;
  /** The attribute `time-zone`, which wins over every exam's own zone; null when not set. */
  readonly timeZoneOverride: string | null;
  /** Sends a `user.*` command to the machine. */
  readonly send: (command: ProctorCommandDetail) => void;
}

/** Month, day and time of day in the exam's time zone, e.g. 3月1日 09:00. */
export function formatShortDateTime(messages: Messages, instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat(messages.locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(instant);
}
