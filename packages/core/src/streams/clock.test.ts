import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClockSample } from '../ports/clock.port.js';
import {
  ClockSyncError,
  DEFAULT_CLOCK_SAMPLES,
  DEFAULT_RESYNC_EVERY_MS,
  createServerClock,
  pickBestSample,
  type TimerScheduler,
} from './clock.js';
import { Occurrences } from './streams.test-kit.js';

/** mulberry32: a small seeded PRNG, so every failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randomInt = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** One round trip: ms from client to server, ms back, or a failure after the request went out. */
type Leg = { readonly up: number; readonly down: number } | { readonly failAfter: number };

/**
 * A simulated world: "true" time is the server's clock; the local clock reads true time minus `trueOffset`.
 * Each fetch advances true time by its legs, and the server reads true time when the request arrives.
 */
function simulatedNetwork(trueOffset: number, nextLeg: () => Leg) {
  const world = { trueTime: 1_700_000_000_000, fetches: 0, trueOffset };
  const localNow = (): number => world.trueTime - world.trueOffset;
  const fetchServerTime = (): Promise<number> => {
    world.fetches++;
    const leg = nextLeg();
    if ('failAfter' in leg) {
      world.trueTime += leg.failAfter;
      return Promise.reject(new Error('network down'));
    }
    world.trueTime += leg.up;
    const serverTime = world.trueTime;
    world.trueTime += leg.down;
    return Promise.resolve(serverTime);
  };
  return { world, localNow, fetchServerTime };
}

function scripted(legs: readonly Leg[]): () => Leg {
  let i = 0;
  return () => {
    const leg = legs[i++];
    if (leg === undefined) throw new Error('the test scripted too few round trips');
    return leg;
  };
}

/** Timers that only fire when the test says so; `scheduled` counts every timer asked for. */
function manualScheduler() {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  const scheduled = new Occurrences();
  let nextId = 1;
  const scheduler: TimerScheduler = {
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { callback, ms });
      scheduled.add();
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  const fireAll = (): void => {
    const due = [...timers.entries()];
    timers.clear();
    for (const [, timer] of due) timer.callback();
  };
  return { scheduler, timers, fireAll, scheduled };
}

/** Lets some turns of the event loop pass: a server that takes its time, not a wait for a result. */
const latency = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('pickBestSample', () => {
  it('returns the sample with the smallest rtt, the earliest on a tie', () => {
    const a = { offset: 1, rtt: 50 };
    const b = { offset: 2, rtt: 20 };
    const c = { offset: 3, rtt: 20 };
    expect(pickBestSample([a, b, c])).toBe(b);
  });

  it('returns undefined for no samples', () => {
    expect(pickBestSample([])).toBeUndefined();
  });
});

describe('createServerClock', () => {
  it('estimates the offset within half the best round trip, for local clocks skewed up to ±1 h and asymmetric RTTs', async () => {
    let runs = 0;
    for (const seed of [1, 7, 42, 1234, 99_991]) {
      const random = prng(seed);
      for (let run = 0; run < 50; run++) {
        const trueOffset = randomInt(random, -3_600_000, 3_600_000);
        const samples = randomInt(random, 1, 8);
        const rtts: number[] = [];
        const { world, localNow, fetchServerTime } = simulatedNetwork(trueOffset, () => {
          const rtt = randomInt(random, 20, 400);
          const up = randomInt(random, 0, rtt);
          rtts.push(rtt);
          return { up, down: rtt - up };
        });
        const clock = createServerClock({ fetchServerTime, localNow, samples });

        const estimate = await clock.sync();

        const context = { seed, run, trueOffset, estimate, rtts };
        expect(estimate.rtt, JSON.stringify(context)).toBe(Math.min(...rtts));
        expect(Math.abs(estimate.offset - trueOffset), JSON.stringify(context)).toBeLessThanOrEqual(estimate.rtt / 2);
        expect(Math.abs(clock.now() - world.trueTime), JSON.stringify(context)).toBeLessThanOrEqual(estimate.rtt / 2);
        runs++;
      }
    }
    expect(runs).toBeGreaterThanOrEqual(200);
  });

  it('reads local time before the first sync', () => {
    const { localNow, fetchServerTime } = simulatedNetwork(3_600_000, scripted([]));
    const clock = createServerClock({ fetchServerTime, localNow });
    expect(clock.now()).toBe(localNow());
  });

  it('keeps the sample with the smallest round trip', async () => {
    // Symmetric legs give exact offsets, so the sample in use is identifiable by its rtt.
    const { localNow, fetchServerTime } = simulatedNetwork(
      5_000,
      scripted([
        { up: 150, down: 150 },
        { up: 10, down: 30 },
        { up: 100, down: 100 },
      ]),
    );
    const clock = createServerClock({ fetchServerTime, localNow, samples: 3 });
    const seen: (ClockSample | null)[] = [];
    clock.estimate$.subscribe((sample) => seen.push(sample));

    const best = await clock.sync();

    expect(best).toEqual({ offset: 5_000 - 10, rtt: 40 });
    expect(seen).toEqual([null, best]);
  });

  it('runs the round trips one after another', async () => {
    let pending = 0;
    let maxPending = 0;
    const clock = createServerClock({
      samples: 4,
      fetchServerTime: async () => {
        maxPending = Math.max(maxPending, ++pending);
        await latency();
        pending--;
        return 0;
      },
    });
    await clock.sync();
    expect(maxPending).toBe(1);
  });

  it('skips failed round trips and keeps going', async () => {
    const { world, localNow, fetchServerTime } = simulatedNetwork(
      -2_000,
      scripted([{ failAfter: 5 }, { up: 60, down: 60 }, { failAfter: 5 }, { up: 40, down: 40 }, { failAfter: 5 }]),
    );
    const clock = createServerClock({ fetchServerTime, localNow });

    await expect(clock.sync()).resolves.toEqual({ offset: -2_000, rtt: 80 });
    expect(world.fetches).toBe(DEFAULT_CLOCK_SAMPLES);
  });

  it('skips a round trip during which the local clock was set back', async () => {
    let local = 10_000;
    const readings = [0, 500];
    const clock = createServerClock({
      samples: 2,
      localNow: () => local,
      fetchServerTime: () => {
        const server = readings.shift() ?? 0;
        // The first trip sees the local clock jump back by 5 s while the request is out.
        local += server === 0 ? -5_000 : 100;
        return Promise.resolve(server + 20_000);
      },
    });
    const best = await clock.sync();
    expect(best.rtt).toBe(100);
  });

  it('rejects when every round trip fails and keeps the previous estimate', async () => {
    const { localNow, fetchServerTime } = simulatedNetwork(
      1_000,
      scripted([{ up: 20, down: 20 }, { failAfter: 5 }, { failAfter: 5 }]),
    );
    const clock = createServerClock({ fetchServerTime, localNow, samples: 1 });
    const first = await clock.sync();
    const offsetBefore = clock.now() - localNow();

    const failed = clock.sync();
    await expect(failed).rejects.toBeInstanceOf(ClockSyncError);
    await expect(failed).rejects.toMatchObject({ code: 'NETWORK_ERROR', errors: [expect.any(Error)] });

    const seen: (ClockSample | null)[] = [];
    clock.estimate$.subscribe((sample) => seen.push(sample));
    expect(seen).toEqual([first]);
    expect(clock.now() - localNow()).toBe(offsetBefore);
  });

  it('replaces the estimate with each new sync, even when the old sample had a smaller round trip', async () => {
    const { world, localNow, fetchServerTime } = simulatedNetwork(
      1_000,
      scripted([
        { up: 5, down: 5 },
        { up: 100, down: 100 },
      ]),
    );
    const clock = createServerClock({ fetchServerTime, localNow, samples: 1 });
    await clock.sync();
    world.trueOffset = 1_500; // the local clock drifted

    await clock.resync();

    let current: ClockSample | null = null;
    clock.estimate$.subscribe((sample) => (current = sample));
    expect(current).toEqual({ offset: 1_500, rtt: 200 });
    expect(clock.now()).toBe(world.trueTime);
  });

  it('joins a sync already in flight instead of starting another', async () => {
    const { world, localNow, fetchServerTime } = simulatedNetwork(0, () => ({ up: 10, down: 10 }));
    const clock = createServerClock({ fetchServerTime, localNow, samples: 3 });
    const a = clock.sync();
    const b = clock.sync();
    expect(b).toBe(a);
    await a;
    expect(world.fetches).toBe(3);
  });

  it('re-syncs every resyncEveryMs after start, and not after stop', async () => {
    const { scheduler, timers, fireAll, scheduled } = manualScheduler();
    const { world, localNow, fetchServerTime } = simulatedNetwork(0, () => ({ up: 10, down: 10 }));
    const clock = createServerClock({ fetchServerTime, localNow, samples: 2, resyncEveryMs: 60_000, scheduler });

    clock.start();
    clock.start(); // a second start neither syncs nor schedules twice
    await scheduled.reached(1);
    expect(world.fetches).toBe(2);
    expect([...timers.values()].map((t) => t.ms)).toEqual([60_000]);

    fireAll();
    await scheduled.reached(2);
    expect(world.fetches).toBe(4);
    expect(timers.size).toBe(1);

    clock.stop();
    expect(timers.size).toBe(0);
  });

  it('keeps re-syncing after a periodic sync fails, and reports the failure', async () => {
    const { scheduler, timers, fireAll, scheduled } = manualScheduler();
    const { localNow, fetchServerTime } = simulatedNetwork(
      700,
      scripted([{ up: 10, down: 10 }, { failAfter: 1 }, { up: 10, down: 10 }]),
    );
    const errors: unknown[] = [];
    const clock = createServerClock({
      fetchServerTime,
      localNow,
      samples: 1,
      scheduler,
      onSyncError: (error) => errors.push(error),
    });

    clock.start();
    await scheduled.reached(1);
    fireAll();
    await scheduled.reached(2);
    expect(errors).toEqual([expect.any(ClockSyncError)]);
    expect(clock.now() - localNow()).toBe(700);
    expect(timers.size).toBe(1);

    fireAll();
    await scheduled.reached(3);
    expect(errors).toHaveLength(1);
    clock.stop();
  });

  it('does not schedule another re-sync when stopped while a sync is in flight', async () => {
    const { scheduler, timers } = manualScheduler();
    const { localNow, fetchServerTime } = simulatedNetwork(0, () => ({ up: 10, down: 10 }));
    const clock = createServerClock({ fetchServerTime, localNow, scheduler });
    clock.start();
    clock.stop();
    // Joins the sync in flight: it ends, and would have scheduled the next, before this resolves.
    await clock.sync();
    expect(timers.size).toBe(0);
  });

  describe('with the default (global) timers', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('re-syncs every 5 minutes by default', async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      let fetches = 0;
      const clock = createServerClock({
        fetchServerTime: () => {
          fetches++;
          return Promise.resolve(Date.now() + 42_000);
        },
      });

      clock.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(fetches).toBe(DEFAULT_CLOCK_SAMPLES);
      expect(clock.now() - Date.now()).toBe(42_000);

      await vi.advanceTimersByTimeAsync(DEFAULT_RESYNC_EVERY_MS - 1);
      expect(fetches).toBe(DEFAULT_CLOCK_SAMPLES);
      await vi.advanceTimersByTimeAsync(1);
      expect(fetches).toBe(2 * DEFAULT_CLOCK_SAMPLES);
      clock.stop();
    });

    it('runs setTimeout on elapsed time, unaffected by the server offset', async () => {
      vi.useFakeTimers({ now: 0 });
      const clock = createServerClock({ fetchServerTime: () => Promise.resolve(3_600_000), samples: 1 });
      await clock.sync();
      const fired: number[] = [];
      const kept = clock.setTimeout(() => fired.push(1), 100);
      const cancelled = clock.setTimeout(() => fired.push(2), 100);
      clock.clearTimeout(cancelled);

      vi.advanceTimersByTime(99);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([1]);
      clock.clearTimeout(kept);
    });
  });

  it('rejects a sample count that is not a positive integer', () => {
    expect(() => createServerClock({ fetchServerTime: () => Promise.resolve(0), samples: 0 })).toThrow(RangeError);
  });
});
