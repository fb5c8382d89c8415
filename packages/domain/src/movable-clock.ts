/**
 * The domain's clock as the fronts keep it: real time until the dev control sets it; from then on the time set,
 * standing still until the next `set`, so that tests stand exactly on a rule's boundary. The reference server and
 * the MSW handlers both run on it.
 */
import type { DomainClock } from './dispatcher.types.js';

export interface MovableClock extends DomainClock {
  /** Server time, epoch milliseconds. */
  now(): number;
  /** Moves server time to `now` and holds it there until the next `set`. */
  set(now: number): void;
  /** Whether the time was set (and stands still). */
  readonly held: boolean;
  /** Calls `listener` after every `set` (live sockets check their sessions' expiry then); returns the unsubscribe. */
  onSet(listener: () => void): () => void;
}

export function createMovableClock(source: () => number = Date.now): MovableClock {
  let held: number | null = null;
  const listeners = new Set<() => void>();
  return {
    now: () => held ?? source(),
    realNow: source,
    set(now) {
      held = now;
      for (const listener of [...listeners]) listener();
    },
    onSet(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get held() {
      return held !== null;
    },
  };
}
