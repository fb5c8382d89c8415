/** When the upload queue retries after a failure, and after which errors retrying cannot help. */
import { ErrorCode } from '../errors/error-codes.js';

/** Exponential backoff between retries: baseMs·2ⁿ, capped at maxMs, shortened by up to `jitter` of itself. */
export interface RetryOptions {
  /** First delay. Default 1000 ms. */
  readonly baseMs?: number;
  /** Largest delay. Default 30000 ms. */
  readonly maxMs?: number;
  /** Fraction (0..1) of each delay that is random, so many clients do not retry in step. Default 0.5. */
  readonly jitter?: number;
}

/** The timer functions the queue uses, injectable for tests. */
export interface QueueTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Error codes after which retrying cannot help; the recording is marked failed until `retry()`. */
export const NON_RETRYABLE_UPLOAD_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.CHECKSUM_MISMATCH,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.SESSION_EXPIRED,
]);

/** Whether a retry after this error can succeed. */
export function isRetryable(code: ErrorCode): boolean {
  return !NON_RETRYABLE_UPLOAD_ERRORS.has(code);
}

/** The delay before retry number `attempt` (1-based). */
export function retryDelay(attempt: number, retry: RetryOptions = {}, random: () => number = Math.random): number {
  const baseMs = retry.baseMs ?? 1000;
  const maxMs = retry.maxMs ?? 30_000;
  const jitter = Math.min(1, Math.max(0, retry.jitter ?? 0.5));
  const capped = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(capped * (1 - jitter * random()));
}

export interface BackoffOptions {
  readonly retry?: RetryOptions;
  /** Uniform in [0, 1); drawn once per wait. */
  readonly random: () => number;
  readonly timers: QueueTimers;
}

/** The retries of one recording: each failure in a row waits longer, until a success or a reset. */
export interface Backoff {
  /** Whether a retry is waiting for its delay. */
  readonly waiting: boolean;
  /** Counts one more failure in a row and calls `retry` once that failure's delay has passed. */
  wait(retry: () => void): void;
  /** Cancels the waiting retry, if any; the failures so far still count (a stopped queue resumes where it was). */
  cancel(): void;
  /** Cancels the waiting retry and forgets the failures: the network came back, or the user asked to retry. */
  reset(): void;
  /** A request went through: the next failure waits the shortest delay again. */
  succeeded(): void;
}

export function createBackoff(options: BackoffOptions): Backoff {
  const { timers } = options;
  /** Failures in a row; the next wait is for retry number failures + 1. */
  let failures = 0;
  let timer: unknown;

  function cancel(): void {
    if (timer === undefined) return;
    timers.clearTimeout(timer);
    timer = undefined;
  }

  return {
    get waiting() {
      return timer !== undefined;
    },
    wait(retry) {
      failures++;
      timer = timers.setTimeout(() => {
        timer = undefined;
        retry();
      }, retryDelay(failures, options.retry, options.random));
    },
    cancel,
    reset() {
      cancel();
      failures = 0;
    },
    succeeded() {
      failures = 0;
    },
  };
}
