/**
 * Server time: the machine's clock, until the dev control (EXAMROOM_TEST_CLOCK=1) sets it; from then on it holds the
 * time set until the next `set`, like the MSW handlers' clock, so that tests stand exactly on a rule's boundary.
 */
import type { DomainClock } from '@examroom/domain';

export interface ServerClock extends DomainClock {
  /** Server time, epoch milliseconds. */
  now(): number;
  /** Moves server time to `now` and holds it there until the next `set`. */
  set(now: number): void;
  /** Whether the time was set (and stands still). */
  readonly held: boolean;
}

export function createServerClock(source: () => number = Date.now): ServerClock {
  let held: number | null = null;
  return {
    now: () => held ?? source(),
    set(now) {
      held = now;
    },
    get held() {
      return held !== null;
    },
  };
}
