/**
 * The limiters of failed attempts, on the domain's clock: a sliding window of failures per key (the phone's pairing
 * per address, and the login throttle's per-address budget), and the login throttle's growing delays. The failures
 * are kept by the repository (recordFailure, listFailures), so that every server behind a load balancer counts the
 * same attempts; each limiter's keys have their own prefix.
 */
import { ErrorCode, ExamError } from '@examroom/core';
import type { DomainClock } from '../dispatcher.types.js';
import type { Repository } from '../repository.js';

/** Failures older than this are forgotten by every limiter (far beyond the longest window or delay). */
const FORGET_FAILURES_AFTER_MS = 24 * 60 * 60_000;
/** How many recorded failures between two sweeps of the old ones. */
const SWEEP_EVERY = 1_000;

/** Failed attempts allowed per window, per subject and per address: the phone's pairing (logins: LOGIN_THROTTLE). */
export const ATTEMPT_LIMITS = { windowMs: 15 * 60_000, perSubject: 10, perAddress: 30 } as const;

/** The keys an attempt counts against, each with its limit. */
export type AttemptKeys = readonly (readonly [key: string, limit: number])[];

export class AttemptCounter {
  #recorded = 0;

  constructor(
    private readonly clock: DomainClock,
    private readonly windowMs: number = ATTEMPT_LIMITS.windowMs,
    private readonly prefix = 'window',
  ) {}

  /** Throws TOO_MANY_ATTEMPTS while any key has reached its limit. */
  async check(repo: Repository, keys: AttemptKeys): Promise<void> {
    const now = this.clock.now();
    let waitMs = 0;
    for (const [key, limit] of keys) {
      const recent = (await repo.listFailures(this.#stored(key))).filter((at) => at > now - this.windowMs && at <= now);
      if (recent.length >= limit) waitMs = Math.max(waitMs, recent[recent.length - limit]! + this.windowMs - now);
    }
    if (waitMs > 0) throw new ExamError(ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }

  async fail(repo: Repository, keys: AttemptKeys): Promise<void> {
    const now = this.clock.now();
    for (const [key] of keys) {
      await repo.forgetFailures(this.#stored(key), now - this.windowMs);
      await repo.recordFailure(this.#stored(key), now);
      this.#recorded += 1;
    }
    if (this.#recorded >= SWEEP_EVERY) {
      this.#recorded = 0;
      await repo.forgetFailuresBefore(now - FORGET_FAILURES_AFTER_MS);
    }
  }

  async reset(repo: Repository, key: string): Promise<void> {
    await repo.forgetFailures(this.#stored(key));
  }

  #stored(key: string): string {
    return `${this.prefix}:${key}`;
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

/** How long after its last failure a key with `failures` failures may try again. */
export function loginDelayMs(failures: number, limits = LOGIN_THROTTLE): number {
  if (failures < limits.freeFailures) return 0;
  // 2 ** 30 ms is beyond any sensible cap: stop doubling there (no Infinity, no overflow).
  return Math.min(limits.firstDelayMs * 2 ** Math.min(failures - limits.freeFailures, 30), limits.maxDelayMs);
}

/**
 * Growing delays per key (e.g. `candidate:<ID number>@<address>`), on the domain's clock: a key's failures are its
 * recorded failures since it last succeeded, forgotten together once the last is forgetAfterMs old.
 */
export class LoginDelays {
  constructor(
    private readonly clock: DomainClock,
    private readonly limits = LOGIN_THROTTLE,
  ) {}

  /**
   * Throws TOO_MANY_ATTEMPTS (with retryAfterSeconds) while the key must still wait. Otherwise counts this attempt
   * as a failure at once, before the password is checked: concurrent attempts cannot all slip through while the
   * (asynchronous) hash is computed. A correct password then calls `succeeded`, which forgets the key.
   */
  async begin(repo: Repository, key: string): Promise<void> {
    await this.check(repo, key);
    await this.fail(repo, key);
  }

  /** Throws TOO_MANY_ATTEMPTS (with retryAfterSeconds) while the key must still wait. */
  async check(repo: Repository, key: string): Promise<void> {
    const now = this.clock.now();
    const state = await this.#current(repo, key, now);
    if (!state) return;
    const allowedAt = state.lastFailureAt + loginDelayMs(state.failures, this.limits);
    if (now < allowedAt) {
      throw new ExamError(ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: Math.ceil((allowedAt - now) / 1000) });
    }
  }

  /** Counts a failure of the key now. */
  async fail(repo: Repository, key: string): Promise<void> {
    const now = this.clock.now();
    await this.#current(repo, key, now);
    await repo.recordFailure(this.#stored(key), now);
  }

  async succeeded(repo: Repository, key: string): Promise<void> {
    await repo.forgetFailures(this.#stored(key));
  }

  async #current(repo: Repository, key: string, now: number): Promise<{ failures: number; lastFailureAt: number } | undefined> {
    const failures = await repo.listFailures(this.#stored(key));
    const lastFailureAt = failures.at(-1);
    if (lastFailureAt === undefined) return undefined;
    if (now - lastFailureAt > this.limits.forgetAfterMs) {
      await repo.forgetFailures(this.#stored(key));
      return undefined;
    }
    return { failures: failures.length, lastFailureAt };
  }

  #stored(key: string): string {
    return `delay:${key}`;
  }
}
