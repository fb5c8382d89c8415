/** A Clock that estimates server time from round trips to the server's time endpoint. */
import { BehaviorSubject, type Observable } from 'rxjs';
import { ErrorCode } from '../errors/error-codes.js';
import type { Clock, ClockSample, ServerTimeSource } from '../ports/clock.port.js';

/** The timer pair the clock delegates to; `globalThis` by default, a fake in tests. */
export interface TimerScheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ServerClockOptions {
  /** Reads the server's clock once. */
  readonly fetchServerTime: ServerTimeSource;
  /** The local clock, epoch ms; `Date.now` by default. */
  readonly localNow?: () => number;
  /** Round trips per sync; the one with the smallest RTT wins. Default 5. */
  readonly samples?: number;
  /** Delay between the end of one periodic sync and the start of the next, ms. Default 5 minutes. */
  readonly resyncEveryMs?: number;
  /** Timers for `setTimeout`/`clearTimeout` and the periodic re-sync; `globalThis` by default. */
  readonly scheduler?: TimerScheduler;
  /** Told when a periodic sync fails (a ClockSyncError; the previous estimate stays in use). */
  readonly onSyncError?: (error: unknown) => void;
}

/** A Clock whose offset comes from syncing with the server. */
export interface ServerClock extends Clock {
  /** The estimate in use, `null` until the first sync succeeds; replays the current value to new subscribers. */
  readonly estimate$: Observable<ClockSample | null>;
  /** Runs one sync now (or joins the one in flight); resolves with the sample it put in use. */
  sync(): Promise<ClockSample>;
  /** Syncs now, then again every `resyncEveryMs` until `stop()`. Calling it while started does nothing. */
  start(): void;
  /** Stops the periodic re-sync; the current estimate stays in use. */
  stop(): void;
}

/** Every round trip of a sync failed; `errors` holds each round trip's error. */
export class ClockSyncError extends AggregateError {
  readonly code = ErrorCode.NETWORK_ERROR;
  override readonly name = 'ClockSyncError';
}

export const DEFAULT_CLOCK_SAMPLES = 5;
export const DEFAULT_RESYNC_EVERY_MS = 5 * 60_000;

// Looked up at call time, not captured at import, so fake timers installed later (vi.useFakeTimers) still apply.
const globalScheduler: TimerScheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/**
 * The sample with the smallest round-trip time (its offset has the tightest error bound, ±rtt/2); the earliest on a
 * tie; `undefined` for none.
 */
export function pickBestSample(samples: readonly ClockSample[]): ClockSample | undefined {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (best === undefined || sample.rtt < best.rtt) best = sample;
  }
  return best;
}

/**
 * Creates a clock that reads server time as local time plus an offset measured over several round trips
 * (NTP-style: offset = server − (t0 + t1) / 2, error ≤ rtt / 2). Before the first sync `now()` is local time.
 */
export function createServerClock(options: ServerClockOptions): ServerClock {
  const {
    fetchServerTime,
    localNow = Date.now,
    samples = DEFAULT_CLOCK_SAMPLES,
    resyncEveryMs = DEFAULT_RESYNC_EVERY_MS,
    scheduler = globalScheduler,
    onSyncError,
  } = options;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer: ${samples}`);

  const estimate = new BehaviorSubject<ClockSample | null>(null);
  let inFlight: Promise<ClockSample> | undefined;
  let running = false;
  let resyncTimer: unknown;

  async function roundTrip(): Promise<ClockSample> {
    const t0 = localNow();
    const server = await fetchServerTime();
    const t1 = localNow();
    if (!Number.isFinite(server)) throw new TypeError(`server time is not a number: ${server}`);
    const rtt = t1 - t0;
    // A negative RTT means the local clock was set back mid-trip; such a sample would win every comparison.
    if (rtt < 0) throw new RangeError(`local clock went back by ${-rtt} ms during a round trip`);
    return { offset: server - (t0 + t1) / 2, rtt };
  }

  async function runSync(): Promise<ClockSample> {
    const taken: ClockSample[] = [];
    const errors: unknown[] = [];
    // Sequential, so the round trips don't queue behind one another and inflate each other's RTT.
    for (let i = 0; i < samples; i++) {
      try {
        taken.push(await roundTrip());
      } catch (error) {
        errors.push(error);
      }
    }
    const best = pickBestSample(taken);
    if (best === undefined) throw new ClockSyncError(errors, `clock sync failed: all ${samples} round trips failed`);
    // Replace rather than compare with the previous estimate: the local clock drifts, so an old sample with a
    // smaller RTT is no longer the better one.
    estimate.next(best);
    return best;
  }

  function sync(): Promise<ClockSample> {
    // Joining the sync in flight keeps two syncs from interleaving round trips and finishing out of order.
    inFlight ??= runSync().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function periodicSync(): void {
    resyncTimer = undefined;
    sync().then(scheduleNext, (error: unknown) => {
      onSyncError?.(error);
      scheduleNext();
    });
  }

  function scheduleNext(): void {
    if (running && resyncTimer === undefined) resyncTimer = scheduler.setTimeout(periodicSync, resyncEveryMs);
  }

  return {
    estimate$: estimate.asObservable(),
    now: () => localNow() + (estimate.getValue()?.offset ?? 0),
    setTimeout: (callback, ms) => scheduler.setTimeout(callback, ms),
    clearTimeout: (handle) => scheduler.clearTimeout(handle),
    resync: async () => {
      await sync();
    },
    sync,
    start() {
      if (running) return;
      running = true;
      periodicSync();
    },
    stop() {
      running = false;
      if (resyncTimer !== undefined) scheduler.clearTimeout(resyncTimer);
      resyncTimer = undefined;
    },
  };
}
