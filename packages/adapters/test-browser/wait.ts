/**
 * Waiting for the thing itself instead of sleeping for a guess of how long it takes: CI runs on a shared, busy
 * machine where everything may take several times longer than on a quiet one. Timeouts here are safety nets only.
 */
import type { Page } from 'playwright-core';

/** Polls `read` until `accept` holds and returns that value; throws with the last value after `timeoutMs`. */
export async function waitUntil<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const last = await read();
    if (accept(last)) return last;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Values a page collects as they arrive (chunks, levels, signals), with the page's clock at each. */
export interface Collector<T> {
  readonly values: T[];
  /** `performance.now()` when each value arrived. */
  readonly times: number[];
  push(value: T): void;
  /** Resolves once `count` values have arrived; rejects after `timeoutMs`, naming `what`. */
  reach(count: number, what: string, timeoutMs?: number): Promise<void>;
}

/** The in-page side of the waits, on `window.testWaits` (see `installPageWaits`). */
export interface PageWaits {
  collect<T>(): Collector<T>;
}

declare global {
  interface Window {
    /** Test helpers for waiting inside the page; installed by `installPageWaits`. */
    testWaits: PageWaits;
  }
}

/**
 * Puts `window.testWaits` on the page, for functions passed to `page.evaluate` (which cannot import anything).
 * `collect()` resolves a `reach(n)` from the push that brings the n-th value: no polling, no sleep.
 */
export async function installPageWaits(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.testWaits = {
      collect: <T>() => {
        const values: T[] = [];
        const times: number[] = [];
        const waiters = new Set<{ count: number; resolve: () => void }>();
        return {
          values,
          times,
          push: (value: T) => {
            values.push(value);
            times.push(performance.now());
            for (const waiter of [...waiters]) {
              if (values.length < waiter.count) continue;
              waiters.delete(waiter);
              waiter.resolve();
            }
          },
          reach: (count: number, what: string, timeoutMs = 30_000) =>
            new Promise<void>((resolve, reject) => {
              if (values.length >= count) return resolve();
              const timer = setTimeout(() => {
                waiters.delete(waiter);
                reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${values.length} of ${count}`));
              }, timeoutMs);
              const waiter = {
                count,
                resolve: () => {
                  clearTimeout(timer);
                  resolve();
                },
              };
              waiters.add(waiter);
            }),
        };
      },
    };
  });
}

/** Resolves after the page has drawn `frames` more frames (a CSS transition starts a frame after its cause). */
export async function nextFrames(page: Page, frames = 2): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(count);
      }),
    frames,
  );
}
