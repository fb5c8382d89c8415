import { describe, expect, it } from 'vitest';
import {
  HELP_MESSAGE_RATE,
  RECORDING_HEADER_ALLOWANCE_BYTES,
  newRecordingRefusal,
  openRecordingRefusal,
  rateLimitRefusal,
  recordingByteQuota,
  recordingSizeRefusal,
} from './quotas.js';

describe('recording rules', () => {
  it('refuses new recordings after finishing', () => {
    expect(newRecordingRefusal(false)).toBeNull();
    expect(newRecordingRefusal(true)).toEqual({ code: 'EXAM_FINISHED' });
  });

  it('names the open recording', () => {
    expect(openRecordingRefusal(undefined)).toBeNull();
    expect(openRecordingRefusal({ id: 'rec_1' })).toEqual({ code: 'RECORDING_ALREADY_OPEN', details: { recordingId: 'rec_1' } });
  });

  it('bounds a recording’s bytes by its duration times the bitrate, plus the header allowance', () => {
    expect(recordingByteQuota(0, 8_000_000)).toBe(RECORDING_HEADER_ALLOWANCE_BYTES);
    expect(recordingByteQuota(-5_000, 8_000_000)).toBe(RECORDING_HEADER_ALLOWANCE_BYTES);
    expect(recordingByteQuota(2_000, 8_000_000)).toBe(RECORDING_HEADER_ALLOWANCE_BYTES + 2_000_000);
    const quota = recordingByteQuota(1_000, 10_000_000);
    expect(recordingSizeRefusal(quota, quota)).toBeNull();
    expect(recordingSizeRefusal(quota + 1, quota)).toEqual({ code: 'RECORDING_TOO_LARGE' });
  });
});

describe('rateLimitRefusal', () => {
  const { limit, windowMs } = HELP_MESSAGE_RATE;

  it('allows up to the limit in a window, then tells when the next one is allowed', () => {
    const times = Array.from({ length: limit - 1 }, (_, i) => 1_000 + i * 1_000);
    expect(rateLimitRefusal(times, 20_000, HELP_MESSAGE_RATE)).toBeNull();
    const full = [...times, 20_000];
    // The oldest (at 1 s) leaves the window at 61 s: 41 s after 20 s.
    expect(rateLimitRefusal(full, 20_000, HELP_MESSAGE_RATE)).toEqual({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 41 } });
    expect(rateLimitRefusal(full, 1_000 + windowMs - 1, HELP_MESSAGE_RATE)?.details).toEqual({ retryAfterSeconds: 1 });
    expect(rateLimitRefusal(full, 1_000 + windowMs, HELP_MESSAGE_RATE)).toBeNull();
  });

  it('counts only the events inside the window, in any order', () => {
    const old = Array.from({ length: 50 }, (_, i) => i);
    expect(rateLimitRefusal([...old].reverse(), windowMs + 100, HELP_MESSAGE_RATE)).toBeNull();
  });
});
