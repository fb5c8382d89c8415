/** The limiter of failed login and pairing attempts: a sliding window per key, in memory, on the domain's clock. */
import { ErrorCode, ExamError } from '@examroom/core';
import type { DomainClock } from '../dispatcher.types.js';

/** Failed attempts allowed per window, per subject (ID number, username) and per address. */
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
