import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { createBackoff, isRetryable, NON_RETRYABLE_UPLOAD_ERRORS, retryDelay } from './upload-backoff.js';
import { manualTimers } from './streams.test-kit.js';

function setup(random: () => number = () => 0) {
  const timers = manualTimers();
  const backoff = createBackoff({ retry: { baseMs: 100, maxMs: 1000, jitter: 0.5 }, random, timers });
  const retried = vi.fn();
  return { timers, backoff, retried };
}

describe('isRetryable', () => {
  it('gives up only on the codes after which a retry cannot succeed', () => {
    for (const code of NON_RETRYABLE_UPLOAD_ERRORS) expect(isRetryable(code), code).toBe(false);
    for (const code of [
      ErrorCode.NETWORK_ERROR,
      ErrorCode.INTERNAL_ERROR,
      ErrorCode.UPLOAD_FAILED,
      ErrorCode.STORAGE_QUOTA_LOW,
    ]) {
      expect(isRetryable(code), code).toBe(true);
    }
  });
});

describe('retryDelay', () => {
  it('defaults to 1 s doubling up to 30 s, with half of each delay random', () => {
    expect([1, 2, 3, 5, 6, 7].map((attempt) => retryDelay(attempt, {}, () => 0))).toEqual([
      1000, 2000, 4000, 16_000, 30_000, 30_000,
    ]);
    expect(retryDelay(2, {}, () => 0.5)).toBe(1500);
  });

  it('clamps the jitter to [0, 1]', () => {
    expect(retryDelay(1, { baseMs: 100, jitter: 3 }, () => 0.5)).toBe(50);
    expect(retryDelay(1, { baseMs: 100, jitter: -1 }, () => 0.5)).toBe(100);
  });
});

describe('createBackoff', () => {
  it('waits twice as long after each failure in a row, capped, and retries once the delay has passed', () => {
    const { timers, backoff, retried } = setup();
    expect(backoff.waiting).toBe(false);
    for (let failure = 1; failure <= 5; failure++) {
      backoff.wait(retried);
      expect(backoff.waiting).toBe(true);
      expect(retried).toHaveBeenCalledTimes(failure - 1);
      timers.fireAll();
      expect(backoff.waiting).toBe(false);
      expect(retried).toHaveBeenCalledTimes(failure);
    }
    expect(timers.requested).toEqual([100, 200, 400, 800, 1000]);
  });

  it('draws one random number per wait, shortening that delay by up to the jitter', () => {
    const draws = [0.5, 0.999999, 0];
    const random = vi.fn(() => draws.shift() ?? 0);
    const { timers, backoff, retried } = setup(random);
    for (let failure = 0; failure < 3; failure++) {
      backoff.wait(retried);
      timers.fireAll();
    }
    expect(random).toHaveBeenCalledTimes(3);
    expect(timers.requested).toEqual([75, 100, 400]);
  });

  it('cancel() drops the waiting retry but keeps counting the failures', () => {
    const { timers, backoff, retried } = setup();
    backoff.wait(retried);
    backoff.cancel();
    expect(backoff.waiting).toBe(false);
    expect(timers.pendingCount).toBe(0);
    timers.fireAll();
    expect(retried).not.toHaveBeenCalled();
    backoff.wait(retried);
    expect(timers.requested).toEqual([100, 200]);
  });

  it('reset() drops the waiting retry and starts again from the shortest delay', () => {
    const { timers, backoff, retried } = setup();
    backoff.wait(retried);
    timers.fireAll();
    backoff.wait(retried);
    backoff.reset();
    expect(backoff.waiting).toBe(false);
    expect(timers.pendingCount).toBe(0);
    backoff.wait(retried);
    expect(timers.requested).toEqual([100, 200, 100]);
    expect(retried).toHaveBeenCalledTimes(1);
  });

  it('succeeded() makes the next failure wait the shortest delay again', () => {
    const { timers, backoff, retried } = setup();
    backoff.wait(retried);
    timers.fireAll();
    backoff.wait(retried);
    timers.fireAll();
    backoff.succeeded();
    backoff.wait(retried);
    expect(timers.requested).toEqual([100, 200, 100]);
  });
});
