/**
 * Countdowns to a server-time deadline. Every value is recomputed from the clock, never by counting ticks, because
 * background tabs throttle timers.
 */
import {
  EMPTY,
  asyncScheduler,
  defer,
  distinctUntilChanged,
  filter,
  map,
  takeWhile,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { Clock } from '../ports/clock.port.js';

/** A duration split for display. */
export interface DurationParts {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export interface CountdownOptions {
  /** How often the clock is read, ms. Default 250, so the shown second is at most a quarter second late. */
  readonly periodMs?: number;
  /** RxJS scheduler for the polling timer; `asyncScheduler` by default, a TestScheduler in tests. */
  readonly scheduler?: SchedulerLike;
}

export const DEFAULT_COUNTDOWN_PERIOD_MS = 250;
/** Screen-reader announcements at 5 min, 1 min and 30 s (STYLE.md, accessibility). */
export const DEFAULT_ANNOUNCE_THRESHOLDS_MS: readonly number[] = Object.freeze([300_000, 60_000, 30_000]);

/** Milliseconds from `now` to `deadline`, never negative. */
export function remainingMs(deadline: number, now: number): number {
  return Math.max(0, deadline - now);
}

/**
 * Splits a duration into hours, minutes and seconds, rounding up to a whole second so that a countdown reads 0:00
 * only at the deadline (999 ms left shows 0:01).
 */
export function splitDuration(ms: number): DurationParts {
  const totalSeconds = Math.ceil(Math.max(0, ms) / 1000);
  return {
    hours: Math.floor(totalSeconds / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
  };
}

const wholeSeconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * Remaining ms until `deadline` (server epoch ms), read from `clock.now()` every `periodMs`; emits at once on
 * subscription, then only when the shown whole second changes; emits 0 at the deadline and completes.
 */
export function countdown$(
  deadline: number,
  clock: Pick<Clock, 'now'>,
  options: CountdownOptions = {},
): Observable<number> {
  return pollRemaining(deadline, clock, options).pipe(
    distinctUntilChanged((previous, current) => wholeSeconds(previous) === wholeSeconds(current)),
  );
}

/** Remaining ms at every poll, up to and including the 0 at the deadline. */
function pollRemaining(deadline: number, clock: Pick<Clock, 'now'>, options: CountdownOptions): Observable<number> {
  const { periodMs = DEFAULT_COUNTDOWN_PERIOD_MS, scheduler = asyncScheduler } = options;
  return timer(0, periodMs, scheduler).pipe(
    // The tick index is ignored on purpose: a throttled tab fires late, and the clock says how late.
    map(() => remainingMs(deadline, clock.now())),
    takeWhile((ms) => ms > 0, true),
  );
}

/**
 * Emits each threshold (ms) once, when the remaining time first drops to or below it, for polite screen-reader
 * announcements. Emissions only ever go down and the stream completes after the smallest threshold (or at the
 * deadline). When several thresholds are crossed at once — subscribing late, or a throttled tab waking up — only
 * the smallest of them is announced, since the larger ones are stale. Nothing is announced at or after the
 * deadline (the expiry is announced by whoever handles it), and a resync that adds time back does not repeat a
 * threshold already announced.
 */
export function announceThresholds$(
  deadline: number,
  clock: Pick<Clock, 'now'>,
  thresholdsMs: readonly number[] = DEFAULT_ANNOUNCE_THRESHOLDS_MS,
  options: CountdownOptions = {},
): Observable<number> {
  const ascending = [...new Set(thresholdsMs)].filter((t) => Number.isFinite(t) && t > 0).sort((a, b) => a - b);
  const smallest = ascending[0];
  if (smallest === undefined) return EMPTY;
  return defer(() => {
    let lastAnnounced = Number.POSITIVE_INFINITY;
    // Every poll, not just the whole-second changes, so a threshold that is not a whole second is not announced late.
    return pollRemaining(deadline, clock, options).pipe(
      map((remaining) => {
        if (remaining <= 0) return undefined;
        const crossed = ascending.find((t) => remaining <= t && t < lastAnnounced);
        if (crossed !== undefined) lastAnnounced = crossed;
        return crossed;
      }),
      filter((crossed): crossed is number => crossed !== undefined),
      takeWhile((crossed) => crossed > smallest, true),
    );
  });
}

/**
 * Server time (epoch ms) for views that show several countdowns at once: emits at once, then whenever the server
 * clock's whole second changes (read every `periodMs`, never counted). Never completes; unsubscribe to stop.
 */
export function serverNow$(clock: Pick<Clock, 'now'>, options: CountdownOptions = {}): Observable<number> {
  const { periodMs = DEFAULT_COUNTDOWN_PERIOD_MS, scheduler = asyncScheduler } = options;
  return timer(0, periodMs, scheduler).pipe(
    map(() => clock.now()),
    distinctUntilChanged((previous, current) => Math.floor(previous / 1000) === Math.floor(current / 1000)),
  );
}
