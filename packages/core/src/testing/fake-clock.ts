/** A Clock on XState's SimulatedClock: server time = `epoch` + simulated elapsed time, moved by the test. */
import { SimulatedClock } from 'xstate';
import type { Clock } from '../ports/clock.port.js';

export interface FakeClock extends Clock {
  /** The SimulatedClock to give createActor({ clock }) so XState's own delays follow the same time. */
  readonly simulated: SimulatedClock;
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void;
  /** Moves time forward to a server instant (no-op if already past). */
  advanceTo(serverTime: number): void;
  /** How many times resync() was called. */
  readonly resyncCount: number;
}

export function createFakeClock(epoch: number): FakeClock {
  const simulated = new SimulatedClock();
  let resyncCount = 0;
  return {
    simulated,
    now: () => epoch + simulated.now(),
    setTimeout: (callback, ms) => simulated.setTimeout(callback, ms),
    clearTimeout: (handle) => simulated.clearTimeout(handle as number),
    resync: async () => {
      resyncCount += 1;
    },
    advance: (ms) => simulated.increment(ms),
    advanceTo(serverTime) {
      const ms = serverTime - (epoch + simulated.now());
      if (ms > 0) simulated.increment(ms);
    },
    get resyncCount() {
      return resyncCount;
    },
  };
}
