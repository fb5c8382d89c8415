import { Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportedIncident as Incident } from '../ports/exam-api.port.js';
import type { IntegritySignal, IntegritySignals } from '../ports/integrity.port.js';
import { createIncidentReporter, incidents$, networkStatus$ } from './integrity.js';
import { ErrorCode, ExamError } from '../errors/error-codes.js';

const T0 = 1_700_000_000_000;

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

function signalsOf(source: Observable<IntegritySignal>, online = true): IntegritySignals {
  return { isOnline: () => online, signals: () => source };
}

function counterIds(): () => string {
  let n = 0;
  return () => `i${++n}`;
}

const S = {
  b: { kind: 'windowBlur' },
  h: { kind: 'pageHidden' },
  f: { kind: 'fullscreenExit' },
  c: { kind: 'clipboard', action: 'copy' },
  v: { kind: 'clipboard', action: 'paste' },
  p: { kind: 'printScreen' },
  m: { kind: 'deviceRemoved', device: 'microphone' },
  k: { kind: 'deviceRemoved', device: 'camera' },
  d: { kind: 'displayAdded' },
  o: { kind: 'offline' },
  n: { kind: 'online' },
} satisfies Record<string, IntegritySignal>;

describe('incidents$', () => {
  it.each<[IntegritySignal, Omit<Incident, 'id' | 'at'>]>([
    [S.b, { kind: 'windowBlur' }],
    [S.h, { kind: 'pageHidden' }],
    [S.f, { kind: 'fullscreenExit' }],
    [S.c, { kind: 'clipboard', detail: 'copy' }],
    [S.v, { kind: 'clipboard', detail: 'paste' }],
    [{ kind: 'clipboard', action: 'cut' }, { kind: 'clipboard', detail: 'cut' }],
    [S.p, { kind: 'printScreen' }],
    [S.m, { kind: 'deviceRemoved', detail: 'microphone' }],
    [S.k, { kind: 'deviceRemoved', detail: 'camera' }],
    [S.d, { kind: 'externalDisplay' }],
    [S.o, { kind: 'offline' }],
    [S.n, { kind: 'online' }],
  ])('maps %o to %o, stamped with server time and a new id', (signal, expected) => {
    const source = new Subject<IntegritySignal>();
    const seen: Incident[] = [];
    const subscription = incidents$({ signals: signalsOf(source), now: () => T0 + 42, newId: () => 'id-1' }).subscribe((incident) =>
      seen.push(incident),
    );
    source.next(signal);
    subscription.unsubscribe();
    expect(seen).toEqual([{ id: 'id-1', at: T0 + 42, ...expected }]);
  });

  it('keeps a blur and the pageHidden right after it as two incidents', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const signals = signalsOf(cold('b 99ms h', S));
      const now = (): number => T0 + scheduler.now();
      expectObservable(incidents$({ signals, now, newId: counterIds() })).toBe('b 99ms h', {
        b: { id: 'i1', kind: 'windowBlur', at: T0 },
        h: { id: 'i2', kind: 'pageHidden', at: T0 + 100 },
      });
    });
  });

  it('drops an identical incident less than 1 s after the last one emitted, and emits one exactly 1 s after', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      // blurs at 0, 500, 999 (dropped: < 1 s after 0), 1000 (emitted), 1999 (dropped), 2000 (emitted)
      const signals = signalsOf(cold('b 499ms b 498ms b b 998ms b b', S));
      const now = (): number => T0 + scheduler.now();
      expectObservable(incidents$({ signals, now, newId: counterIds() })).toBe('b 999ms c 999ms d', {
        b: { id: 'i1', kind: 'windowBlur', at: T0 },
        c: { id: 'i2', kind: 'windowBlur', at: T0 + 1000 },
        d: { id: 'i3', kind: 'windowBlur', at: T0 + 2000 },
      });
    });
  });

  it('measures the window from the last emitted incident of that kind, not the last signal', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      // A blur every 400 ms: the ones at 400 and 800 are dropped, 1200 is 1.2 s after the emitted one at 0.
      const signals = signalsOf(cold('b 399ms b 399ms b 399ms b', S));
      const now = (): number => T0 + scheduler.now();
      expectObservable(incidents$({ signals, now, newId: counterIds() })).toBe('b 1199ms c', {
        b: { id: 'i1', kind: 'windowBlur', at: T0 },
        c: { id: 'i2', kind: 'windowBlur', at: T0 + 1200 },
      });
    });
  });

  it('does not merge the same kind with a different detail', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const signals = signalsOf(cold('c v c k m', S));
      const now = (): number => T0 + scheduler.now();
      expectObservable(incidents$({ signals, now, newId: counterIds() })).toBe('c v - k m', {
        c: { id: 'i1', kind: 'clipboard', detail: 'copy', at: T0 },
        v: { id: 'i2', kind: 'clipboard', detail: 'paste', at: T0 + 1 },
        k: { id: 'i3', kind: 'deviceRemoved', detail: 'camera', at: T0 + 3 },
        m: { id: 'i4', kind: 'deviceRemoved', detail: 'microphone', at: T0 + 4 },
      });
    });
  });

  it('honours a custom dedupe window', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const signals = signalsOf(cold('p 199ms p 99ms p', S));
      const now = (): number => T0 + scheduler.now();
      expectObservable(incidents$({ signals, now, newId: counterIds(), dedupeMs: 300 })).toBe('p 299ms q', {
        p: { id: 'i1', kind: 'printScreen', at: T0 },
        q: { id: 'i2', kind: 'printScreen', at: T0 + 300 },
      });
    });
  });

  it('emits every change of network state however close, and drops a repeated state however far apart', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const signals = signalsOf(cold('o n o 5s o n', S));
      const now = (): number => T0 + scheduler.now();
      expectObservable(incidents$({ signals, now, newId: counterIds() })).toBe('a b c 5s - d', {
        a: { id: 'i1', kind: 'offline', at: T0 },
        b: { id: 'i2', kind: 'online', at: T0 + 1 },
        c: { id: 'i3', kind: 'offline', at: T0 + 2 },
        d: { id: 'i4', kind: 'online', at: T0 + 5004 },
      });
    });
  });

  it('emits again when the server-time estimate moves back (re-sync) instead of suppressing', () => {
    const source = new Subject<IntegritySignal>();
    let time = T0 + 5_000;
    const seen: Incident[] = [];
    incidents$({ signals: signalsOf(source), now: () => time, newId: counterIds() }).subscribe((i) => seen.push(i));
    source.next(S.f);
    time = T0; // the clock re-synced 5 s back
    source.next(S.f);
    expect(seen.map((i) => i.at)).toEqual([T0 + 5_000, T0]);
  });

  it('keeps dedupe state per subscription', () => {
    const source = new Subject<IntegritySignal>();
    const stream = incidents$({ signals: signalsOf(source), now: () => T0, newId: counterIds() });
    const first: Incident[] = [];
    const second: Incident[] = [];
    stream.subscribe((i) => first.push(i));
    source.next(S.b);
    stream.subscribe((i) => second.push(i));
    source.next(S.b);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
  });

  it('uses crypto.randomUUID for ids by default', () => {
    const source = new Subject<IntegritySignal>();
    const seen: Incident[] = [];
    incidents$({ signals: signalsOf(source), now: () => T0 }).subscribe((i) => seen.push(i));
    source.next(S.b);
    source.next(S.h);
    expect(seen[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]?.id).not.toBe(seen[1]?.id);
  });

  it('unsubscribes from the port when unsubscribed', () => {
    const unsubscribe = vi.fn();
    const signals: IntegritySignals = { isOnline: () => true, signals: () => ({ subscribe: () => ({ unsubscribe }) }) };
    incidents$({ signals, now: () => T0 }).subscribe().unsubscribe();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});

describe('networkStatus$', () => {
  it.each([true, false])('starts with isOnline() = %s', (online) => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(networkStatus$(signalsOf(cold('-', S), online))).toBe('a', { a: online });
    });
  });

  it('follows online/offline, ignores other signals and repeats of the same state', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const signals = signalsOf(cold('-b-o-o-h-n-n-o|', S), true);
      expectObservable(networkStatus$(signals)).toBe('t--f-----t---f|', { t: true, f: false });
    });
  });

  it('drops an online signal while already online at subscribe time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(networkStatus$(signalsOf(cold('-n-o', S), true))).toBe('t--f', { t: true, f: false });
    });
  });

  it('reads isOnline() when subscribed, not when built', () => {
    let online = false;
    const stream = networkStatus$({ isOnline: () => online, signals: () => new Subject<IntegritySignal>() });
    online = true;
    const seen: boolean[] = [];
    stream.subscribe((value) => seen.push(value)).unsubscribe();
    expect(seen).toEqual([true]);
  });
});

describe('createIncidentReporter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const incident = (id: string): Incident => ({ id, kind: 'windowBlur', at: T0 });

  /** A report() whose calls settle only when the test says so. */
  function controlledReport() {
    const calls: { incident: Incident; resolve: () => void; reject: (error: Error) => void }[] = [];
    const report = vi.fn(
      (incident: Incident) =>
        new Promise<void>((resolve, reject) => {
          calls.push({ incident, resolve, reject });
        }),
    );
    return { report, calls };
  }

  it('drops an incident the server refuses for good, so later ones are not blocked', async () => {
    const { report, calls } = controlledReport();
    const reporter = createIncidentReporter({ report });
    reporter.report(incident('malformed'));
    reporter.report(incident('next'));
    calls[0]!.reject(new ExamError(ErrorCode.VALIDATION_FAILED));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.incident.id)).toEqual(['malformed', 'next']);
    calls[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(reporter.pending()).toBe(0);
  });

  it('sends incidents one at a time, in the order reported', async () => {
    const { report, calls } = controlledReport();
    const reporter = createIncidentReporter({ report });
    reporter.report(incident('a'));
    reporter.report(incident('b'));
    reporter.report(incident('c'));
    expect(report).toHaveBeenCalledTimes(1);
    expect(reporter.pending()).toBe(3);

    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(reporter.pending()).toBe(2);
    calls[1]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    calls[2]?.resolve();
    await vi.advanceTimersByTimeAsync(0);

    expect(calls.map((c) => c.incident.id)).toEqual(['a', 'b', 'c']);
    expect(reporter.pending()).toBe(0);
  });

  it('waits as long as a RATE_LIMITED answer says before sending the incident again', async () => {
    const sent: string[] = [];
    let refusals = 1;
    const report = vi.fn(async (i: Incident) => {
      sent.push(i.id);
      if (refusals-- > 0) throw new ExamError(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterSeconds: 7 });
    });
    const reporter = createIncidentReporter({ report, retryMs: [100] });
    reporter.report(incident('a'));
    await vi.advanceTimersByTimeAsync(6_999);
    expect(sent).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['a', 'a']);
    expect(reporter.pending()).toBe(0);
  });

  it('retries a failed send after each configured delay, the last one repeating, and keeps the order', async () => {
    const sent: string[] = [];
    let failuresLeft = 4;
    const report = vi.fn(async (i: Incident) => {
      sent.push(i.id);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('offline');
      }
    });
    const reporter = createIncidentReporter({ report, retryMs: [100, 200, 400] });
    reporter.report(incident('a'));
    reporter.report(incident('b'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a']);

    await vi.advanceTimersByTimeAsync(99);
    expect(sent).toEqual(['a']); // not before the first delay
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(199);
    expect(sent).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['a', 'a', 'a']);
    await vi.advanceTimersByTimeAsync(400);
    expect(sent).toEqual(['a', 'a', 'a', 'a']);
    await vi.advanceTimersByTimeAsync(399); // the last delay repeats
    expect(sent).toEqual(['a', 'a', 'a', 'a']);
    await vi.advanceTimersByTimeAsync(1);
    // fifth attempt succeeds; b follows at once because a success resets the backoff
    expect(sent).toEqual(['a', 'a', 'a', 'a', 'a', 'b']);
    expect(reporter.pending()).toBe(0);
  });

  it('never drops an incident however long sends keep failing', async () => {
    let up = false;
    const delivered: string[] = [];
    const report = async (i: Incident): Promise<void> => {
      if (!up) throw new Error('server down');
      delivered.push(i.id);
    };
    const reporter = createIncidentReporter({ report, retryMs: [1_000, 30_000] });
    for (const id of ['a', 'b', 'c']) reporter.report(incident(id));
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(reporter.pending()).toBe(3);
    up = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(reporter.pending()).toBe(0);
  });

  it('treats a report() that throws synchronously as a failed send', async () => {
    let calls = 0;
    const report = (): Promise<void> => {
      calls += 1;
      if (calls === 1) throw new Error('sync failure');
      return Promise.resolve();
    };
    const reporter = createIncidentReporter({ report, retryMs: [50] });
    expect(() => reporter.report(incident('a'))).not.toThrow();
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(2);
    expect(reporter.pending()).toBe(0);
  });

  it('ignores an incident whose id is already queued', async () => {
    const { report, calls } = controlledReport();
    const reporter = createIncidentReporter({ report });
    reporter.report(incident('a'));
    reporter.report(incident('a'));
    expect(reporter.pending()).toBe(1);
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('uses the injected timers for retries', async () => {
    const setTimeout = vi.fn((_callback: () => void, _ms: number): unknown => 'handle');
    const clearTimeout = vi.fn();
    const reporter = createIncidentReporter({ report: () => Promise.reject(new Error('x')), timers: { setTimeout, clearTimeout }, retryMs: [123] });
    reporter.report(incident('a'));
    await vi.advanceTimersByTimeAsync(0);
    expect(setTimeout).toHaveBeenCalledWith(expect.any(Function), 123);
    reporter.stop();
    expect(clearTimeout).toHaveBeenCalledWith('handle');
  });

  it('stop() cancels the scheduled retry and sends nothing more, keeping the rest pending', async () => {
    const report = vi.fn(() => Promise.reject(new Error('offline')));
    const reporter = createIncidentReporter({ report, retryMs: [100] });
    reporter.report(incident('a'));
    await vi.advanceTimersByTimeAsync(0);
    reporter.stop();
    reporter.report(incident('b'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(report).toHaveBeenCalledTimes(1);
    expect(reporter.pending()).toBe(2);
  });

  it('stop() during a send lets it settle but starts no further send', async () => {
    const { report, calls } = controlledReport();
    const reporter = createIncidentReporter({ report });
    reporter.report(incident('a'));
    reporter.report(incident('b'));
    reporter.stop();
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(report).toHaveBeenCalledTimes(1);
    expect(reporter.pending()).toBe(1);
  });
});
