import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import {
  SUPERVISOR_SESSION_IDLE_MS,
  candidateSessionExpiresAt,
  finishedRefusal,
  sessionExpiryRefusal,
  supervisorSessionExpiresAt,
} from './access.js';
import { scheduleOf } from './schedule.js';

const MIN = 60_000;
const START = Date.UTC(2025, 5, 1, 2, 0);

describe('sessions that end', () => {
  it('ends a candidate’s and a phone’s session at the evidence deadline of the sitting (R30)', () => {
    expect(candidateSessionExpiresAt(scheduleOf({ startsAt: START }))).toBe(START + 65 * MIN);
    expect(candidateSessionExpiresAt(scheduleOf({ startsAt: START, policy: { answerMs: 10 * MIN, evidenceDueAfterEndMs: 30 * MIN } }))).toBe(START + 40 * MIN);
  });

  it('ends a supervisor’s session 12 hours after its last use', () => {
    expect(SUPERVISOR_SESSION_IDLE_MS).toBe(12 * 60 * MIN);
    expect(supervisorSessionExpiresAt(START)).toBe(START + 12 * 60 * MIN);
  });

  it('refuses a session from the instant it ends', () => {
    expect(sessionExpiryRefusal(START, START - 1)).toBeNull();
    expect(sessionExpiryRefusal(START, START)).toEqual({ code: ErrorCode.SESSION_EXPIRED });
  });

  it('refuses a finished candidate with EXAM_FINISHED', () => {
    expect(finishedRefusal(null)).toBeNull();
    expect(finishedRefusal(START)).toEqual({ code: ErrorCode.EXAM_FINISHED });
  });
});
