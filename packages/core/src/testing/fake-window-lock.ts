/**
 * The window lock of one browser, in memory: share one between two machines to play two tabs of the same browser (the
 * second is refused while the first holds the exam), or let `holdElsewhere` play a tab the test does not drive.
 */
import type { WindowLock, WindowLockHandle } from '../ports/window-lock.port.js';

export interface FakeWindowLock extends WindowLock {
  /** Whether some window holds `key` now. */
  isHeld(key: string): boolean;
  /** How many windows are watching `key` for its release (`whenFree` subscribed). */
  watchers(key: string): number;
  /** Another window of this browser takes `key` (it must be free); call the result to close that window. */
  holdElsewhere(key: string): () => void;
}

export function createFakeWindowLock(): FakeWindowLock {
  const holders = new Map<string, symbol>();
  const waiting = new Map<string, Set<() => void>>();
  const watchersOf = (key: string) => waiting.get(key) ?? waiting.set(key, new Set()).get(key)!;

  const take = (key: string): WindowLockHandle | 'heldElsewhere' => {
    if (holders.has(key)) return 'heldElsewhere';
    const holder = Symbol(key);
    holders.set(key, holder);
    return {
      release() {
        if (holders.get(key) !== holder) return;
        holders.delete(key);
        for (const notify of [...watchersOf(key)]) notify();
      },
    };
  };

  return {
    acquire: async (key) => take(key),
    whenFree: (key) => ({
      subscribe(observer) {
        let done = false;
        const notify = () => {
          if (done) return;
          done = true;
          watchersOf(key).delete(notify);
          observer.next?.();
          observer.complete?.();
        };
        watchersOf(key).add(notify);
        // Free already: said on the next turn, as a browser would, never inside subscribe().
        if (!holders.has(key)) queueMicrotask(notify);
        return {
          unsubscribe() {
            done = true;
            watchersOf(key).delete(notify);
          },
        };
      },
    }),
    isHeld: (key) => holders.has(key),
    watchers: (key) => watchersOf(key).size,
    holdElsewhere(key) {
      const handle = take(key);
      if (handle === 'heldElsewhere') throw new Error(`fake window lock: ${key} is already held`);
      return () => handle.release();
    },
  };
}
