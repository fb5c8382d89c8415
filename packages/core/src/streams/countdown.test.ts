import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { announceThresholds$, countdown$, remainingMs, serverNow$, splitDuration } from './countdown.js';

const newScheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('remainingMs', () => {
  it('is the time to the deadline, and 0 once it has passed', () => {
    expect(remainingMs(10_000, 4_000)).toBe(6_000);
    expect(remainingMs(10_000, 12_000)).toBe(0);
  });
});

describe('splitDuration', () => {
  it('rounds up to whole seconds so 0:00 shows only at the deadline', () => {
    expect(splitDuration(0)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
    expect(splitDuration(1)).toEqual({ hours: 0, minutes: 0, seconds: 1 });
    expect(splitDuration(1_000)).toEqual({ hours: 0, minutes: 0, seconds: 1 });
    expect(splitDuration(1_001)).toEqual({ hours: 0, minutes: 0, seconds: 2 });
    expect(splitDuration(59_999)).toEqual({ hours: 0, minutes: 1, seconds: 0 });
  });

  it('splits into hours, minutes and seconds', () => {
    expect(splitDuration(3_600_000 + 2 * 60_000 + 3_000)).toEqual({ hours: 1, minutes: 2, seconds: 3 });
    expect(splitDuration(-5_000)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('countdown$', () => {
  it('emits once per whole second and completes after 0 at the deadline', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = { now: () => scheduler.now() };
      expectObservable(countdown$(3_000, clock, { scheduler })).toBe('a 999ms b 999ms c 999ms (d|)', {
        a: 3_000,
        b: 2_000,
        c: 1_000,
        d: 0,
      });
    });
  });

  it('derives each value from the clock, not from how many ticks passed', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      // The clock stands still while ticks go by, then jumps: only the jumps may change the value.
      let serverNow = 0;
      const clock = { now: () => serverNow };
      scheduler.schedule(() => (serverNow = 60_000), 1_100);
      scheduler.schedule(() => (serverNow = 120_000), 2_100);
      expectObservable(countdown$(120_000, clock, { scheduler })).toBe('a 1249ms b 999ms (c|)', {
        a: 120_000,
        b: 60_000,
        c: 0,
      });
    });
  });

  it('shows the right value at the next poll when polls come late, as in a throttled tab', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = { now: () => scheduler.now() };
      expectObservable(countdown$(25_000, clock, { scheduler, periodMs: 10_000 })).toBe(
        'a 9999ms b 9999ms c 9999ms (d|)',
        { a: 25_000, b: 15_000, c: 5_000, d: 0 },
      );
    });
  });

  it('emits 0 and completes at once when the deadline has passed', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      expectObservable(countdown$(1_000, { now: () => 5_000 }, { scheduler })).toBe('(a|)', { a: 0 });
    });
  });
});

describe('announceThresholds$', () => {
  it('announces 5 min, 1 min and 30 s once each, when the remaining time reaches them', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = { now: () => scheduler.now() };
      expectObservable(announceThresholds$(400_000, clock, undefined, { scheduler })).toBe(
        '100000ms a 239999ms b 29999ms (c|)',
        { a: 300_000, b: 60_000, c: 30_000 },
      );
    });
  });

  it('announces only the nearest threshold already passed when subscribed late', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = { now: () => scheduler.now() };
      expectObservable(announceThresholds$(45_000, clock, undefined, { scheduler })).toBe('a 14999ms (b|)', {
        a: 60_000,
        b: 30_000,
      });
    });
  });

  it('announces only the smallest threshold crossed when the clock jumps past several', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      let serverNow = 0;
      scheduler.schedule(() => (serverNow = 340_000), 1_100);
      expectObservable(announceThresholds$(360_000, { now: () => serverNow }, undefined, { scheduler })).toBe(
        '1250ms (a|)',
        { a: 30_000 },
      );
    });
  });

  it('does not repeat a threshold when a resync adds time back', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      let correction = 0;
      const clock = { now: () => scheduler.now() + correction };
      scheduler.schedule(() => (correction = -31_000), 1_000);
      // 59 s left (announce 1 min); the resync makes it 89 s; 30 s is then reached at 60 s.
      expectObservable(announceThresholds$(59_000, clock, undefined, { scheduler })).toBe('a 59999ms (b|)', {
        a: 60_000,
        b: 30_000,
      });
    });
  });

  it('announces a threshold between whole seconds at the first poll that reaches it', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = { now: () => scheduler.now() };
      expectObservable(announceThresholds$(31_000, clock, [30_500], { scheduler })).toBe('500ms (a|)', {
        a: 30_500,
      });
    });
  });

  it('announces nothing at or after the deadline', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      expectObservable(announceThresholds$(1_000, { now: () => 1_000 }, undefined, { scheduler })).toBe('|');
    });
  });
});

describe('serverNow$', () => {
  it('emits the server time at once and then only when its whole second changes, read from the clock', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      // Server time runs 400 ms ahead of the scheduler and jumps by a minute at 1.6 s (a resync).
      let offset = 400;
      const clock = { now: () => scheduler.now() + offset };
      scheduler.schedule(() => (offset = 60_400), 1_600);
      expectObservable(serverNow$(clock, { scheduler }), '^ 2100ms !').toBe('a 749ms b 999ms c', {
        a: 400,
        b: 1_150,
        c: 62_150,
      });
    });
  });
});
