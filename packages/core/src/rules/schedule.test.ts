import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  NO_ACCOMMODATION,
  accommodatedPolicy,
  areQuestionsReleased,
  earliestLoginOpensAt,
  isEntryClosed,
  isEntryOpen,
  isEvidenceOverdue,
  isLoginOpen,
  isPastDeadline,
  msUntil,
  scheduleOf,
  type ExamPolicy,
  type Schedule,
  type Sitting,
} from './schedule.js';

const SEC = 1_000;
const MIN = 60 * SEC;
/** 10:00 Beijing time (R1's first sitting). */
const START = Date.UTC(2025, 5, 1, 2, 0);

type Instant = 'loginOpensAt' | 'entryOpensAt' | 'startsAt' | 'entryClosesAt' | 'deadline' | 'evidenceDueAt';

interface Scenario {
  readonly name: string;
  readonly sitting: Pick<Sitting, 'startsAt' | 'entryOpensAt' | 'policy'>;
  /** Written out from the candidate guide's rules (docs/architecture.md, Time), not computed by the code under test. */
  readonly expected: Record<Instant, number>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'default policy',
    sitting: { startsAt: START },
    expected: {
      loginOpensAt: START - 30 * MIN,
      entryOpensAt: START - 15 * MIN,
      startsAt: START,
      entryClosesAt: START + 2 * MIN,
      deadline: START + 5 * MIN,
      evidenceDueAt: START + 5 * MIN + 60 * MIN,
    },
  },
  {
    name: 'short policy (login 10 min before, cutoff 60 s, answer 8 min, evidence 30 min)',
    sitting: {
      startsAt: START,
      policy: { loginOpensBeforeStartMs: 10 * MIN, lateEntryCutoffMs: 60 * SEC, answerMs: 8 * MIN, evidenceDueAfterEndMs: 30 * MIN },
    },
    expected: {
      loginOpensAt: START - 10 * MIN,
      entryOpensAt: START - 15 * MIN, // the default entry offset still applies; entry is bounded by it, not by login
      startsAt: START,
      entryClosesAt: START + 60 * SEC,
      deadline: START + 8 * MIN,
      evidenceDueAt: START + 8 * MIN + 30 * MIN,
    },
  },
  {
    name: 'explicit sitting.entryOpensAt overriding the policy offset',
    sitting: {
      startsAt: START,
      entryOpensAt: START - 3 * MIN,
      policy: { loginOpensBeforeStartMs: 45 * MIN, entryOpensBeforeStartMs: 20 * MIN, lateEntryCutoffMs: 90 * SEC, answerMs: 10 * MIN, evidenceDueAfterEndMs: 2 * 60 * MIN },
    },
    expected: {
      loginOpensAt: START - 45 * MIN,
      entryOpensAt: START - 3 * MIN,
      startsAt: START,
      entryClosesAt: START + 90 * SEC,
      deadline: START + 10 * MIN,
      evidenceDueAt: START + 10 * MIN + 2 * 60 * MIN,
    },
  },
  {
    name: 'entry 1 min before the start, no late entry (cutoff 0)',
    sitting: { startsAt: START, policy: { entryOpensBeforeStartMs: 1 * MIN, lateEntryCutoffMs: 0 } },
    expected: {
      loginOpensAt: START - 30 * MIN,
      entryOpensAt: START - 1 * MIN,
      startsAt: START,
      entryClosesAt: START,
      deadline: START + 5 * MIN,
      evidenceDueAt: START + 65 * MIN,
    },
  },
];

describe('DEFAULT_POLICY', () => {
  it('holds the candidate guide’s defaults (R1, R4, R9, R21, R30)', () => {
    expect(DEFAULT_POLICY).toEqual<ExamPolicy>({
      loginOpensBeforeStartMs: 30 * MIN,
      entryOpensBeforeStartMs: 15 * MIN,
      lateEntryCutoffMs: 2 * MIN,
      answerMs: 5 * MIN,
      evidenceDueAfterEndMs: 60 * MIN,
      requireEvidence: true,
      maxBitrateBps: 10_000_000,
      faceLogin: true,
    });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });
});

describe('scheduleOf', () => {
  it.each(SCENARIOS)('computes every instant: $name', ({ sitting, expected }) => {
    const { policy: _policy, ...instants } = scheduleOf(sitting);
    expect(instants).toEqual(expected);
  });

  it('merges a partial sitting policy over the defaults', () => {
    expect(scheduleOf({ startsAt: START, policy: { answerMs: 8 * MIN, requireEvidence: false } }).policy).toEqual({
      ...DEFAULT_POLICY,
      answerMs: 8 * MIN,
      requireEvidence: false,
    });
  });

  it('treats an override given as undefined as not given', () => {
    const schedule = scheduleOf({ startsAt: START, policy: { answerMs: undefined, lateEntryCutoffMs: 60 * SEC } });
    expect(schedule.policy.answerMs).toBe(DEFAULT_POLICY.answerMs);
    expect(schedule.deadline).toBe(START + 5 * MIN);
    expect(schedule.entryClosesAt).toBe(START + 60 * SEC);
  });
});

/** A rule's answer one millisecond before an instant and exactly at it. */
interface EdgeRule {
  readonly rule: string;
  readonly instant: Instant;
  readonly before: boolean;
  readonly at: boolean;
  readonly check: (schedule: Schedule, now: number) => boolean;
}

const RULES: readonly EdgeRule[] = [
  // R4: login opens at loginOpensAt; R21: one who has not entered cannot log in from the cutoff on.
  { rule: 'isLoginOpen (not entered)', instant: 'loginOpensAt', before: false, at: true, check: (s, t) => isLoginOpen(s, t, false) },
  { rule: 'isLoginOpen (not entered)', instant: 'entryClosesAt', before: true, at: false, check: (s, t) => isLoginOpen(s, t, false) },
  { rule: 'isLoginOpen (default: not entered)', instant: 'entryClosesAt', before: true, at: false, check: (s, t) => isLoginOpen(s, t) },
  { rule: 'isLoginOpen (entered)', instant: 'loginOpensAt', before: false, at: true, check: (s, t) => isLoginOpen(s, t, true) },
  { rule: 'isLoginOpen (entered)', instant: 'evidenceDueAt', before: true, at: false, check: (s, t) => isLoginOpen(s, t, true) },
  // R12: entry opens at entryOpensAt; R21: closes at the cutoff, except for one who already entered (until the deadline).
  { rule: 'isEntryOpen (not entered)', instant: 'entryOpensAt', before: false, at: true, check: (s, t) => isEntryOpen(s, t, false) },
  { rule: 'isEntryOpen (not entered)', instant: 'entryClosesAt', before: true, at: false, check: (s, t) => isEntryOpen(s, t, false) },
  { rule: 'isEntryOpen (default: not entered)', instant: 'entryClosesAt', before: true, at: false, check: (s, t) => isEntryOpen(s, t) },
  { rule: 'isEntryOpen (entered)', instant: 'entryOpensAt', before: false, at: true, check: (s, t) => isEntryOpen(s, t, true) },
  { rule: 'isEntryOpen (entered)', instant: 'deadline', before: true, at: false, check: (s, t) => isEntryOpen(s, t, true) },
  { rule: 'isEntryClosed (not entered)', instant: 'entryClosesAt', before: false, at: true, check: (s, t) => isEntryClosed(s, t, false) },
  { rule: 'isEntryClosed (default: not entered)', instant: 'entryClosesAt', before: false, at: true, check: (s, t) => isEntryClosed(s, t) },
  { rule: 'isEntryClosed (entered)', instant: 'deadline', before: false, at: true, check: (s, t) => isEntryClosed(s, t, true) },
  // R18: questions at the start; R1: the answer time ends at the deadline; R30: evidence due after the end.
  { rule: 'areQuestionsReleased', instant: 'startsAt', before: false, at: true, check: areQuestionsReleased },
  { rule: 'isPastDeadline', instant: 'deadline', before: false, at: true, check: isPastDeadline },
  { rule: 'isEvidenceOverdue', instant: 'evidenceDueAt', before: false, at: true, check: isEvidenceOverdue },
];

describe.each(SCENARIOS)('rules at their edges: $name', (scenario) => {
  const schedule = scheduleOf(scenario.sitting);
  it.each(RULES)('$rule is $before 1 ms before $instant', ({ instant, before, check }) => {
    expect(check(schedule, scenario.expected[instant] - 1)).toBe(before);
  });

  it.each(RULES)('$rule is $at exactly at $instant', ({ instant, at, check }) => {
    expect(check(schedule, scenario.expected[instant])).toBe(at);
  });
});

describe('entered vs not entered between the cutoff and the deadline', () => {
  // Default policy: cutoff 10:02, deadline 10:05. One who entered may log in and re-enter (to share the screen again).
  const schedule = scheduleOf({ startsAt: START });
  const now = START + 3 * MIN;

  it.each([
    ['isLoginOpen', isLoginOpen, false, true],
    ['isEntryOpen', isEntryOpen, false, true],
    ['isEntryClosed', isEntryClosed, true, false],
  ] as const)('%s: not entered %s, entered %s', (_name, rule, notEntered, entered) => {
    expect(rule(schedule, now, false)).toBe(notEntered);
    expect(rule(schedule, now, true)).toBe(entered);
  });

  it('closes entry for both after the deadline; one who entered may still log in to upload', () => {
    const after = START + 5 * MIN;
    for (const entered of [false, true]) {
      expect(isEntryOpen(schedule, after, entered)).toBe(false);
      expect(isEntryClosed(schedule, after, entered)).toBe(true);
    }
    expect(isLoginOpen(schedule, after, false)).toBe(false);
    expect(isLoginOpen(schedule, after, true)).toBe(true);
  });
});

describe('msUntil', () => {
  it.each([
    [START, START - 90 * SEC, 90 * SEC],
    [START, START - 1, 1],
    [START, START, 0],
    [START, START + 1, 0],
    [START, START + 60 * MIN, 0],
  ])('until %i from %i is %i ms, never negative', (instant, now, expected) => {
    expect(msUntil(instant, now)).toBe(expected);
  });
});

describe('earliestLoginOpensAt', () => {
  const first: Pick<Sitting, 'startsAt' | 'entryOpensAt' | 'policy'> = { startsAt: START }; // 10:00
  const second: Pick<Sitting, 'startsAt' | 'entryOpensAt' | 'policy'> = { startsAt: START + 90 * MIN }; // 11:30

  it('is never for an exam without sittings', () => {
    expect(earliestLoginOpensAt([])).toBe(Number.POSITIVE_INFINITY);
  });

  it('is the earliest sitting minus 30 minutes by default, whatever the order', () => {
    expect(earliestLoginOpensAt([second, first])).toBe(START - 30 * MIN);
  });

  it('applies the exam policy to every sitting', () => {
    expect(earliestLoginOpensAt([second, first], { loginOpensBeforeStartMs: 10 * MIN })).toBe(START - 10 * MIN);
  });

  it('lets a sitting override the exam policy', () => {
    // The 11:30 sitting opens login 2 h before, so at 09:30, earlier than the 10:00 sitting (09:50).
    const early = { ...second, policy: { loginOpensBeforeStartMs: 2 * 60 * MIN } };
    expect(earliestLoginOpensAt([first, early], { loginOpensBeforeStartMs: 10 * MIN })).toBe(START - 30 * MIN);
    // A later override that opens later than the exam policy only affects its own sitting.
    const late = { ...first, policy: { loginOpensBeforeStartMs: 1 * MIN } };
    expect(earliestLoginOpensAt([late, second], { loginOpensBeforeStartMs: 100 * MIN })).toBe(START + 90 * MIN - 100 * MIN);
  });

  it('is not moved by a sitting’s entry time, which concerns entry only', () => {
    expect(earliestLoginOpensAt([{ ...first, entryOpensAt: START - 120 * MIN }])).toBe(START - 30 * MIN);
  });

  it('falls back to the exam policy, not the guide’s default, when a sitting override is undefined', () => {
    const sitting = { ...first, policy: { loginOpensBeforeStartMs: undefined } };
    expect(earliestLoginOpensAt([sitting], { loginOpensBeforeStartMs: 60 * MIN })).toBe(START - 60 * MIN);
  });

  it('agrees with scheduleOf for a single sitting', () => {
    for (const { sitting, expected } of SCENARIOS) expect(earliestLoginOpensAt([sitting])).toBe(expected.loginOpensAt);
  });
});

describe('accommodatedPolicy (a supervisor’s extra time and late entry)', () => {
  const sitting = { startsAt: Date.UTC(2026, 5, 1, 2, 0) };
  const base = scheduleOf(sitting);
  const of = (extraTimeMs: number, lateEntryAllowed: boolean) => scheduleOf({ ...sitting, policy: accommodatedPolicy(base.policy, { extraTimeMs, lateEntryAllowed }) });

  it('changes nothing without an accommodation', () => {
    expect(scheduleOf({ ...sitting, policy: accommodatedPolicy(base.policy, NO_ACCOMMODATION) })).toEqual(base);
  });

  it('moves the deadline and the evidence due time by the extra time, and nothing before them', () => {
    const moved = of(3 * MIN, false);
    expect(moved.deadline).toBe(base.deadline + 3 * MIN);
    expect(moved.evidenceDueAt).toBe(base.evidenceDueAt + 3 * MIN);
    expect([moved.loginOpensAt, moved.entryOpensAt, moved.startsAt, moved.entryClosesAt]).toEqual([base.loginOpensAt, base.entryOpensAt, base.startsAt, base.entryClosesAt]);
    expect(isPastDeadline(moved, base.deadline)).toBe(false);
    expect(isPastDeadline(moved, moved.deadline - 1)).toBe(false);
    expect(isPastDeadline(moved, moved.deadline)).toBe(true);
  });

  it('lets one let in late log in and enter until their deadline (R21)', () => {
    const late = of(2 * MIN, true);
    expect(late.entryClosesAt).toBe(late.deadline);
    expect(isLoginOpen(late, late.deadline - 1)).toBe(true);
    expect(isEntryOpen(late, late.deadline - 1)).toBe(true);
    expect(isEntryClosed(late, late.deadline)).toBe(true);
  });
});
