import { Observable, Subject, interval, map, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import type { VolumeMeter } from '../ports/volume.port.js';
import { peakLevel, volume$ } from './volume.js';

const stream = {} as MediaStream;

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

function meterOf(levels: Observable<number>): VolumeMeter & { readonly calls: MediaStream[] } {
  const calls: MediaStream[] = [];
  return {
    calls,
    levels: (s) => {
      calls.push(s);
      return levels;
    },
  };
}

describe('volume$', () => {
  it('reads the levels of the given stream', () => {
    const meter = meterOf(new Subject<number>());
    volume$(meter, stream).subscribe().unsubscribe();
    expect(meter.calls).toEqual([stream]);
  });

  it('clamps levels to 0..1 and maps NaN to silence', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const levels = cold('a 199ms b 199ms c 199ms d 199ms e|', { a: 1.7, b: -0.3, c: Number.NaN, d: 0.5, e: Number.POSITIVE_INFINITY });
      expectObservable(volume$(meterOf(levels), stream)).toBe('a 199ms b 199ms - 199ms d 199ms e|', { a: 1, b: 0, d: 0.5, e: 1 });
    });
  });

  it('rounds to 2 decimals and drops a level that rounds to the one shown', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const levels = cold('a 199ms b 199ms c 199ms d|', { a: 0.301, b: 0.304, c: 0.306, d: 0.3449 });
      expectObservable(volume$(meterOf(levels), stream)).toBe('a 399ms c 199ms d|', { a: 0.3, c: 0.31, d: 0.34 });
    });
  });

  it('shows the first level of a burst at once and the latest at the end of the 100 ms window', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const levels = cold('a 9ms b 9ms c 229ms d', { a: 0.1, b: 0.2, c: 0.3, d: 0.4 });
      expectObservable(volume$(meterOf(levels), stream)).toBe('a 99ms c 149ms d', { a: 0.1, c: 0.3, d: 0.4 });
    });
  });

  it('emits at most about 10 updates a second however fast the meter reports', () => {
    testScheduler().run(({ flush }) => {
      // A changing level every 10 ms for one second: 100 reports.
      const levels = interval(10).pipe(
        take(100),
        map((i) => (i % 50) / 50),
      );
      const seen: number[] = [];
      volume$(meterOf(levels), stream).subscribe((level) => seen.push(level));
      flush();
      expect(seen.length).toBeGreaterThan(5);
      expect(seen.length).toBeLessThanOrEqual(11);
    });
  });

  it('honours a custom interval and scheduler', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const levels = cold('a 9ms b 9ms c', { a: 0.1, b: 0.2, c: 0.3 });
      expectObservable(volume$(meterOf(levels), stream, { scheduler, intervalMs: 15 })).toBe('a 14ms b 14ms c', { a: 0.1, b: 0.2, c: 0.3 });
    });
  });

  it('unsubscribes from the meter when unsubscribed', () => {
    const unsubscribe = vi.fn();
    const meter: VolumeMeter = { levels: () => ({ subscribe: () => ({ unsubscribe }) }) };
    volume$(meter, stream).subscribe().unsubscribe();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});

describe('peakLevel', () => {
  it('resolves with the loudest level within the window, ignoring what comes after', async () => {
    let result: Promise<number> | undefined;
    testScheduler().run(({ cold }) => {
      const levels = cold('a 99ms b 99ms c 799ms d', { a: 0.1, b: 0.62, c: 0.2, d: 0.9 });
      result = peakLevel(meterOf(levels), stream, 1_000);
    });
    await expect(result).resolves.toBe(0.62);
  });

  it('counts a level at the last millisecond of the window', async () => {
    let result: Promise<number> | undefined;
    testScheduler().run(({ cold }) => {
      result = peakLevel(meterOf(cold('a 998ms b 1ms c', { a: 0.1, b: 0.5, c: 0.9 })), stream, 1_000);
    });
    await expect(result).resolves.toBe(0.5);
  });

  it('clamps an overshooting level to 1', async () => {
    let result: Promise<number> | undefined;
    testScheduler().run(({ cold }) => {
      result = peakLevel(meterOf(cold('a b', { a: 0.4, b: 3 })), stream, 500);
    });
    await expect(result).resolves.toBe(1);
  });

  it('resolves 0 when the meter reports nothing in the window', async () => {
    let result: Promise<number> | undefined;
    testScheduler().run(({ cold }) => {
      result = peakLevel(meterOf(cold('1s a', { a: 0.8 })), stream, 500);
    });
    await expect(result).resolves.toBe(0);
  });

  it('resolves early with the peak so far when the meter completes', async () => {
    let result: Promise<number> | undefined;
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      result = peakLevel(meterOf(cold('a b|', { a: 0.3, b: 0.2 })), stream, 60_000, scheduler);
    });
    await expect(result).resolves.toBe(0.3);
  });

  it('rejects when the meter fails', async () => {
    const failure = new Error('track ended');
    let result: Promise<number> | undefined;
    testScheduler().run(({ cold }) => {
      result = peakLevel(meterOf(cold('a #', { a: 0.3 }, failure)), stream, 1_000);
    });
    await expect(result).rejects.toBe(failure);
  });
});
