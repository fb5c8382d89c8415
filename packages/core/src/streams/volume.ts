/** Microphone levels for the volume bar (音量采集条, R19) and the device check's "the microphone hears sound". */
import {
  Observable,
  asyncScheduler,
  distinctUntilChanged,
  firstValueFrom,
  map,
  reduce,
  takeUntil,
  throttleTime,
  timer,
  type SchedulerLike,
} from 'rxjs';
import { fromPort } from './from-port.js';
import type { VolumeMeter } from '../ports/volume.port.js';

/** Minimum time between two volume updates: about 10 a second is smooth to the eye and cheap to render. */
export const VOLUME_UPDATE_MS = 100;

export interface VolumeOptions {
  /** Scheduler for the throttle; defaults to asyncScheduler (animationFrame is not available outside browsers). */
  readonly scheduler?: SchedulerLike;
  /** Minimum time between updates; defaults to VOLUME_UPDATE_MS. */
  readonly intervalMs?: number;
}

/**
 * The stream's audio level for display: clamped to 0..1, at most one update per `intervalMs` (the latest level of a
 * busy window is still emitted at its end, so the bar settles on the true level), rounded to 2 decimals so that
 * imperceptible changes do not re-render, and never the same value twice in a row.
 */
export function volume$(meter: VolumeMeter, stream: MediaStream, options: VolumeOptions = {}): Observable<number> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return fromPort(meter.levels(stream)).pipe(
    map(clampLevel),
    throttleTime(options.intervalMs ?? VOLUME_UPDATE_MS, scheduler, { leading: true, trailing: true }),
    map((level) => Math.round(level * 100) / 100),
    distinctUntilChanged(),
  );
}

/**
 * The loudest level (0..1, unrounded) the meter reports over `windowMs`; 0 when it reports nothing. The device check
 * compares it with a threshold after asking the candidate to speak. Resolves early if the meter completes and
 * rejects if it fails.
 */
export function peakLevel(meter: VolumeMeter, stream: MediaStream, windowMs: number, scheduler: SchedulerLike = asyncScheduler): Promise<number> {
  return firstValueFrom(
    fromPort(meter.levels(stream)).pipe(
      map(clampLevel),
      takeUntil(timer(windowMs, scheduler)),
      reduce((peak, level) => Math.max(peak, level), 0),
    ),
  );
}

/** A meter may overshoot (clipping) or report NaN for a silent, not yet started track. */
function clampLevel(level: number): number {
  return Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : level === Number.POSITIVE_INFINITY ? 1 : 0;
}
