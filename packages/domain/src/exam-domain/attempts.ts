/**
 * The limiters of failed attempts, in memory, on the domain's clock: a sliding window of failures per key (the phone's
 * pairing per address, and the login throttle's per-address budget), and the login throttle's growing delays.
 */
import { ErrorCode, ExamError } from '@examroom/core';
import type { DomainClock } from '../dispatcher.types.js';

/** Failed attempts allowed per window, per subject and per address: the phone's pairing (logins: LOGIN_THROTTLE). */
export const ATTEMPT_LIMITS = { windowMs: 15 * 60_000, perSubject: 10, perAddress: 30 } as const;

/** The keys an attempt counts against, each with its limit. */
export type AttemptKeys = readonly (readonly [key: string, limit: number])[];

export class AttemptCounter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: DomainClock,
    private readonly windowMs: number = ATTEMPT_LIMITS.windowMs,
  ) {}

  /** Throws TOO_MANY_ATTEMPTS while any key has reached its limit. */
  check(keys: AttemptKeys): void {
    const now = this.clock.now();
    let waitMs = 0;
    for (const [key, limit] of keys) {
      const recent = this.#recent(key, now);
      if (recent.length >= limit) waitMs = Math.max(waitMs, recent[recent.length - limit]! + this.windowMs - now);
    }
    if (waitMs > 0) throw new ExamError(ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }

  fail(keys: AttemptKeys): void {
    const now = this.clock.now();
    for (const [key] of keys) this.#failures.set(key, [...this.#recent(key, now), now]);
    if (this.#failures.size > 10_000) for (const key of [...this.#failures.keys()]) this.#recent(key, now);
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > now - this.windowMs && at <= now);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    return recent;
  }
}

/**
 * Login throttling: growing delays per (subject, address), a spray budget per address, never a
 * lock of the subject. See docs/architecture.md, "Login throttling".
 *
 * - A subject (ID number, username) is counted per address it is tried from, or per device when the login comes
 *   from a device the candidate has logged in with before. The first `freeFailures` failures cost nothing; then each
 *   further attempt must wait `firstDelayMs`, doubling with every failure, up to `maxDelayMs`. So 200 wrong
 *   passwords from an attacker's address slow that address down, and the real candidate on their own address (or
 *   their own device behind the attacker's) is not slowed at all.
 * - An address has a budget of failures over all subjects (`addressFailures` per `addressWindowMs`): enough for a
 *   whole campus behind one NAT or proxy to mistype (successful logins do not count), small enough to stop a spray of
 *   one password over many ID numbers. A device the candidate has used before is not held by its address's budget.
 */
export const LOGIN_THROTTLE = {
  freeFailures: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  /** A subject's counter on an address is forgotten this long after its last failure. */
  forgetAfterMs: 60 * 60_000,
  addressFailures: 200,
  addressWindowMs: 15 * 60_000,
} as const;

interface DelayState {
  failures: number;
  lastFailureAt: number;
}

/** How long after its last failure a key with `failures` failures may try again. */
export function loginDelayMs(failures: number, limits = LOGIN_THROTTLE): number {
  if (failures < limits.freeFailures) return 0;
  // 2 ** 30 ms is beyond any sensible cap: stop doubling there (no Infinity, no overflow).
  return Math.min(limits.firstDelayMs * 2 ** Math.min(failures - limits.freeFailures, 30), limits.maxDelayMs);
}

/** Growing delays per key (e.g. `candidate:<ID number>@<address>`), in memory, on the domain's clock. */
export class LoginDelays {
  readonly #state = new Map<string, DelayState>();

  constructor(
    private readonly clock: DomainClock,
    private readonly limits = LOGIN_THROTTLE,
  ) {}

  /**
   * Throws TOO_MANY_ATTEMPTS (with retryAfterSeconds) while the key must still wait. Otherwise counts this attempt
   * as a failure at once, before the password is checked: concurrent attempts cannot all slip through while the
   * (asynchronous) hash is computed. A correct password then calls `succeeded`, which forgets the key.
   */
  begin(key: string): void {
    this.check(key);
    this.fail(key);
  }

  /** Throws TOO_MANY_ATTEMPTS (with retryAfterSeconds) while the key must still wait. */
  check(key: string): void {
    const now = this.clock.now();
    const state = this.#current(key, now);
    if (!state) return;
    const allowedAt = state.lastFailureAt + loginDelayMs(state.failures, this.limits);
    if (now < allowedAt) {
      throw new ExamError(ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: Math.ceil((allowedAt - now) / 1000) });
    }
  }

  /** Counts a failure of the key now. */
  fail(key: string): void {
    const now = this.clock.now();
    const state = this.#current(key, now);
    this.#state.set(key, { failures: (state?.failures ?? 0) + 1, lastFailureAt: now });
    if (this.#state.size > 10_000) this.#forgetIdle(now);
  }

  succeeded(key: string): void {
    this.#state.delete(key);
  }

  #current(key: string, now: number): DelayState | undefined {
    const state = this.#state.get(key);
    if (state && now - state.lastFailureAt > this.limits.forgetAfterMs) {
      this.#state.delete(key);
      return undefined;
    }
    return state;
  }

  #forgetIdle(now: number): void {
    for (const key of [...this.#state.keys()]) this.#current(key, now);
  }
}
