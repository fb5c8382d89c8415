/** Waiting on server time: alarms at instants of the schedule, a fixed retry delay, and re-measuring the clock. */
import { fromCallback, fromPromise, type EventObject } from 'xstate';
import type { Clock } from '../../ports/clock.port.js';
import type { ExamPorts } from '../../ports/index.js';
import type { ClockEventType } from '../exam.types.js';

/** The longest an alarm waits before comparing with server time again. */
export const ALARM_RECHECK_MS = 1_000;
/** Wait before retrying a failed finish call. */
export const FINISH_RETRY_MS = 3_000;

/**
 * Resolves once server time has reached `at` and at least `minMs` have passed; rejects when `signal` aborts. Like the
 * alarm, it compares with server time at least every second rather than trusting one long timer.
 */
export function untilServerTime(clock: Clock, at: number, minMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const earliest = clock.now() + minMs;
    let handle: unknown;
    const check = () => {
      const left = Math.max(at, earliest) - clock.now();
      if (left <= 0) finish(resolve);
      else handle = clock.setTimeout(check, Math.min(left, ALARM_RECHECK_MS));
    };
    const onAbort = () => {
      clock.clearTimeout(handle);
      finish(() => reject(signal.reason));
    };
    const finish = (settle: () => void) => {
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', onAbort);
    check();
  });
}

export function timerActors(ports: ExamPorts) {
  return {
    /** Sends `event` to the parent once server time reaches `at` (at once if it already has). Re-arms after clock re-syncs. */
    alarm: fromCallback<EventObject, { at: number; event: ClockEventType }>(({ input, sendBack }) => {
      let handle: unknown;
      const check = () => {
        const left = input.at - ports.clock.now();
        if (left <= 0) sendBack({ type: input.event });
        // Compare with server time again at least every second: background tabs delay long timers, and a clock
        // re-sync may move server time, so the instant is never judged by one long timer alone.
        else handle = ports.clock.setTimeout(check, Math.min(left, ALARM_RECHECK_MS));
      };
      check();
      return () => ports.clock.clearTimeout(handle);
    }),

    /** Waits a fixed time, then sends clock.retry. */
    retryTimer: fromCallback<EventObject, { ms: number }>(({ input, sendBack }) => {
      const handle = ports.clock.setTimeout(() => sendBack({ type: 'clock.retry' }), input.ms);
      return () => ports.clock.clearTimeout(handle);
    }),

    resyncClock: fromPromise<void>(() => ports.clock.resync()),
  };
}
