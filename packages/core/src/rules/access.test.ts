import { describe, expect, it } from 'vitest';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { EvidenceState } from '../ports/exam-api.port.js';
import {
  LAST_STAGE_BEFORE_ENTRY,
  SESSION_STALE_MS,
  STAGE_AFTER_ENTRY,
  answeringRefusal,
  assertAllowed,
  confirmationsRefusal,
  entryRefusal,
  evidenceRefusal,
  hasEvidenceRecorded,
  evidenceStatusRefusal,
  finishRefusal,
  saveProgressRefusal,
  timedOut,
  withConfirmation,
  furthestStage,
  isSessionAlive,
  loginRefusal,
  notEnteredRefusal,
  progressRefusal,
  questionsRefusal,
  settledLots,
  smallestFreeLot,
  takeoverRefusal,
  type Refusal,
} from './access.js';
import { DEFAULT_POLICY, type Schedule } from './schedule.js';
import { INITIAL_PROGRESS, PROGRESS_STAGES, type Progress, type ProgressStage } from './stages.js';

const SEC = 1_000;
const MIN = 60 * SEC;
/** 10:00 Beijing time. */
const START = Date.UTC(2025, 5, 1, 2, 0);

/** The default policy's instants, written out by hand so that these tests do not depend on scheduleOf. */
const SCHEDULE: Schedule = {
  policy: DEFAULT_POLICY,
  loginOpensAt: START - 30 * MIN,
  entryOpensAt: START - 15 * MIN,
  startsAt: START,
  entryClosesAt: START + 2 * MIN,
  deadline: START + 5 * MIN,
  evidenceDueAt: START + 65 * MIN,
};

type Instant = Exclude<keyof Schedule, 'policy'>;

/** A rule's answer 1 ms before an instant and exactly at it. */
interface Edge {
  readonly rule: string;
  readonly instant: Instant;
  readonly before: Refusal | null;
  readonly at: Refusal | null;
  readonly check: (now: number) => Refusal | null;
}

const LOGIN_NOT_OPEN: Refusal = { code: ErrorCode.LOGIN_NOT_OPEN, details: { opensAt: START - 30 * MIN } };
const ENTRY_NOT_OPEN: Refusal = { code: ErrorCode.ENTRY_NOT_OPEN, details: { opensAt: START - 15 * MIN } };
const LATE_ENTRY_CLOSED: Refusal = { code: ErrorCode.LATE_ENTRY_CLOSED };
const EXAM_OVER: Refusal = { code: ErrorCode.EXAM_OVER };
const NOT_ENTERED: Refusal = { code: ErrorCode.NOT_ENTERED };
const QUESTIONS_NOT_RELEASED: Refusal = { code: ErrorCode.QUESTIONS_NOT_RELEASED, details: { opensAt: START } };

const EDGES: readonly Edge[] = [
  // R4: login opens at loginOpensAt, telling when; R21: closes at the cutoff, or for one who entered when the evidence is due.
  { rule: 'loginRefusal (not entered)', instant: 'loginOpensAt', before: LOGIN_NOT_OPEN, at: null, check: (t) => loginRefusal(SCHEDULE, t, false) },
  { rule: 'loginRefusal (not entered)', instant: 'entryClosesAt', before: null, at: LATE_ENTRY_CLOSED, check: (t) => loginRefusal(SCHEDULE, t, false) },
  { rule: 'loginRefusal (entered)', instant: 'loginOpensAt', before: LOGIN_NOT_OPEN, at: null, check: (t) => loginRefusal(SCHEDULE, t, true) },
  { rule: 'loginRefusal (entered)', instant: 'evidenceDueAt', before: null, at: EXAM_OVER, check: (t) => loginRefusal(SCHEDULE, t, true) },
  // R12: entry opens at entryOpensAt, telling when; R21: closes at the cutoff, or for one re-entering at the deadline.
  { rule: 'entryRefusal (not entered)', instant: 'entryOpensAt', before: ENTRY_NOT_OPEN, at: null, check: (t) => entryRefusal(SCHEDULE, t, false) },
  { rule: 'entryRefusal (not entered)', instant: 'entryClosesAt', before: null, at: LATE_ENTRY_CLOSED, check: (t) => entryRefusal(SCHEDULE, t, false) },
  { rule: 'entryRefusal (entered)', instant: 'entryOpensAt', before: ENTRY_NOT_OPEN, at: null, check: (t) => entryRefusal(SCHEDULE, t, true) },
  { rule: 'entryRefusal (entered)', instant: 'deadline', before: null, at: EXAM_OVER, check: (t) => entryRefusal(SCHEDULE, t, true) },
  // R18: the questions at the start, to those who entered only.
  { rule: 'questionsRefusal (entered)', instant: 'startsAt', before: QUESTIONS_NOT_RELEASED, at: null, check: (t) => questionsRefusal(SCHEDULE, t, true) },
  { rule: 'questionsRefusal (not entered)', instant: 'startsAt', before: NOT_ENTERED, at: NOT_ENTERED, check: (t) => questionsRefusal(SCHEDULE, t, false) },
];

describe('time rules at their edges', () => {
  it.each(EDGES)('$rule 1 ms before $instant', ({ instant, before, check }) => {
    expect(check(SCHEDULE[instant] - 1)).toEqual(before);
  });

  it.each(EDGES)('$rule exactly at $instant', ({ instant, at, check }) => {
    expect(check(SCHEDULE[instant])).toEqual(at);
  });

  it('lets one who entered log in and re-enter between the cutoff and the deadline, but not one who did not', () => {
    const now = START + 3 * MIN;
    expect([loginRefusal(SCHEDULE, now, false), entryRefusal(SCHEDULE, now, false)]).toEqual([LATE_ENTRY_CLOSED, LATE_ENTRY_CLOSED]);
    expect([loginRefusal(SCHEDULE, now, true), entryRefusal(SCHEDULE, now, true)]).toEqual([null, null]);
  });
});

describe('assertAllowed', () => {
  const thrownBy = (refusal: Refusal | null): unknown => {
    try {
      assertAllowed(refusal);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('throws the refusal as an ExamError with its code and details, and lets null pass', () => {
    expect(thrownBy(null)).toBeUndefined();
    const thrown = thrownBy(LOGIN_NOT_OPEN);
    expect(thrown).toBeInstanceOf(ExamError);
    expect(thrown).toMatchObject({ code: ErrorCode.LOGIN_NOT_OPEN, details: { opensAt: START - 30 * MIN } });
  });

  it('gives a refusal without details empty details', () => {
    expect(thrownBy(NOT_ENTERED)).toMatchObject({ code: ErrorCode.NOT_ENTERED, details: {} });
  });
});

describe('sessions (R6)', () => {
  const T = START - 20 * MIN;

  it('counts a session as alive until 30 s after it was last seen', () => {
    expect(SESSION_STALE_MS).toBe(30 * SEC);
    expect(isSessionAlive(T, T + 30 * SEC - 1)).toBe(true);
    expect(isSessionAlive(T, T + 30 * SEC)).toBe(false);
  });

  it('refuses another device while an open session is alive, 1 ms before it goes stale, and lets it take over at that instant', () => {
    const open = [{ deviceKey: 'device-a', lastSeenAt: T }];
    expect(takeoverRefusal(open, 'device-b', T + SESSION_STALE_MS - 1)).toEqual({ code: ErrorCode.ALREADY_ACTIVE_ELSEWHERE });
    expect(takeoverRefusal(open, 'device-b', T + SESSION_STALE_MS)).toBeNull();
  });

  it('lets the same device reconnect at any time', () => {
    expect(takeoverRefusal([{ deviceKey: 'device-a', lastSeenAt: T }], 'device-a', T)).toBeNull();
  });

  it('refuses when any one open session of another device is alive', () => {
    const open = [
      { deviceKey: 'device-a', lastSeenAt: T - SESSION_STALE_MS },
      { deviceKey: 'device-c', lastSeenAt: T - 1 },
    ];
    expect(takeoverRefusal(open, 'device-a', T)).toEqual({ code: ErrorCode.ALREADY_ACTIVE_ELSEWHERE });
    expect(takeoverRefusal([], 'device-a', T)).toBeNull();
  });
});

describe('stages (R2)', () => {
  const before = PROGRESS_STAGES.filter((s) => PROGRESS_STAGES.indexOf(s) <= PROGRESS_STAGES.indexOf('awaitingEntry'));
  const after = PROGRESS_STAGES.filter((s) => !before.includes(s));

  it('names 进入考试 as the last stage before entry and 设备确认 as the one entering moves to', () => {
    expect([LAST_STAGE_BEFORE_ENTRY, STAGE_AFTER_ENTRY]).toEqual(['awaitingEntry', 'confirmingDevices']);
  });

  it.each(before)('lets one who has not entered reach %s', (stage) => {
    expect(progressRefusal('readingProcess', stage, false)).toBeNull();
  });

  it.each(after)('refuses %s to one who has not entered (STAGE_OUT_OF_ORDER), and allows it after entry', (stage) => {
    expect(progressRefusal('awaitingEntry', stage, false)).toEqual({ code: ErrorCode.STAGE_OUT_OF_ORDER });
    expect(progressRefusal('confirmingDevices', stage, true)).toBeNull();
  });

  it('refuses nothing that moves back: it changes nothing instead', () => {
    expect(progressRefusal('answering', 'readingProcess', true)).toBeNull();
    expect(furthestStage('answering', 'readingProcess')).toBe('answering');
  });

  it.each([
    ['readingProcess', 'bindingEvidence', 'bindingEvidence'],
    ['bindingEvidence', 'bindingEvidence', 'bindingEvidence'],
    ['countdown', 'drawingLot', 'countdown'],
    ['awaitingEntry', 'finished', 'finished'],
  ] as const)('from %s, reaching %s records %s', (current: ProgressStage, next: ProgressStage, expected: ProgressStage) => {
    expect(furthestStage(current, next)).toBe(expected);
  });
});

describe('lots (R11)', () => {
  it('draws the smallest number nobody holds', () => {
    expect(smallestFreeLot([])).toBe(1);
    expect(smallestFreeLot([null, null])).toBe(1);
    expect(smallestFreeLot([2, null, 1, 4])).toBe(3);
  });

  it('leaves missing lots missing 1 ms before entryOpensAt', () => {
    const lots = [null, 2, null];
    expect(settledLots(lots, SCHEDULE, SCHEDULE.entryOpensAt - 1)).toEqual([null, 2, null]);
  });

  it('fills every missing lot exactly at entryOpensAt, in candidate order, keeping drawn ones', () => {
    expect(settledLots([null, 2, null, 1, null], SCHEDULE, SCHEDULE.entryOpensAt)).toEqual([3, 2, 4, 1, 5]);
  });

  it('changes nothing once every candidate has a lot', () => {
    const lots = [1, 2];
    expect(settledLots(lots, SCHEDULE, SCHEDULE.deadline)).toBe(lots);
  });
});

describe('after entry (R14, R25)', () => {
  it('refuses one who has not entered (NOT_ENTERED) and lets one who entered go on', () => {
    expect(notEnteredRefusal(false)).toEqual(NOT_ENTERED);
    expect(notEnteredRefusal(true)).toBeNull();
  });
});

describe('evidence (R9)', () => {
  const STATES: readonly EvidenceState[] = ['waitingForPhone', 'phoneConnected', 'roomScanned', 'recording', 'stopped', 'uploaded'];
  it.each(STATES)('with evidence required, before entering, %s', (state) => {
    expect(evidenceRefusal(true, state, false)).toEqual(state === 'recording' ? null : { code: ErrorCode.EVIDENCE_NOT_RECORDING });
  });

  it.each(STATES)('with evidence required, once entered, refuses nothing (%s)', (state) => {
    expect(evidenceRefusal(true, state, true)).toBeNull();
  });

  it('counts unknown evidence as not recording', () => {
    expect(evidenceRefusal(true, null, false)).toEqual({ code: ErrorCode.EVIDENCE_NOT_RECORDING });
    expect(evidenceRefusal(true, undefined, false)).toEqual({ code: ErrorCode.EVIDENCE_NOT_RECORDING });
  });

  it.each([...STATES, null])('refuses nothing when the policy does not require evidence (%s)', (state) => {
    expect(evidenceRefusal(false, state, false)).toBeNull();
  });

  it('has recorded once the phone recorded (录制中, stopped, uploaded)', () => {
    expect(STATES.filter((state) => hasEvidenceRecorded(state))).toEqual(['recording', 'stopped', 'uploaded']);
  });
});

describe('the phone’s evidence status (R9, R10, R30)', () => {
  it('moves only forward; the same state again changes nothing', () => {
    expect(evidenceStatusRefusal('phoneConnected', 'recording', false)).toBeNull();
    expect(evidenceStatusRefusal('recording', 'recording', false)).toBeNull();
    expect(evidenceStatusRefusal('recording', 'phoneConnected', false)?.code).toBe(ErrorCode.STAGE_OUT_OF_ORDER);
  });

  it('takes "uploaded" only once an evidence recording completed', () => {
    expect(evidenceStatusRefusal('stopped', 'uploaded', false)?.code).toBe(ErrorCode.EVIDENCE_NOT_UPLOADED);
    expect(evidenceStatusRefusal('stopped', 'uploaded', true)).toBeNull();
    expect(evidenceStatusRefusal('uploaded', 'uploaded', true)).toBeNull();
  });
});

const entered: Progress = { ...INITIAL_PROGRESS, stage: 'confirmingDevices', lot: 1, enteredAt: START - 10 * MIN };
const confirmed = (progress: Progress, at: number): Progress =>
  withConfirmation(withConfirmation(withConfirmation(progress, 'devices', at), 'info', at), 'pledge', at, 'pledge-v1');

describe('confirmations (R16, R17, R24)', () => {
  it('keeps the first time of each, and the pledge’s first version', () => {
    const once = withConfirmation(entered, 'devices', START - 9 * MIN);
    expect(withConfirmation(once, 'devices', START - 8 * MIN)).toBe(once);
    const pledged = withConfirmation(once, 'pledge', START - 7 * MIN, 'pledge-v1');
    expect(pledged).toMatchObject({ devicesConfirmedAt: START - 9 * MIN, infoConfirmedAt: null, pledgeAcceptedAt: START - 7 * MIN, pledgeVersion: 'pledge-v1' });
    expect(withConfirmation(pledged, 'pledge', START - 6 * MIN, 'pledge-v2')).toBe(pledged);
  });

  it('are all needed for the countdown and answering, not before', () => {
    const twoOfThree = withConfirmation(withConfirmation(entered, 'devices', START), 'info', START);
    expect(confirmationsRefusal(twoOfThree)?.code).toBe(ErrorCode.CONFIRMATIONS_MISSING);
    expect(saveProgressRefusal(twoOfThree, 'readingPledge')).toBeNull();
    expect(saveProgressRefusal(twoOfThree, 'countdown')?.code).toBe(ErrorCode.CONFIRMATIONS_MISSING);
    expect(saveProgressRefusal(twoOfThree, 'answering')?.code).toBe(ErrorCode.CONFIRMATIONS_MISSING);
    expect(saveProgressRefusal(confirmed(entered, START), 'answering')).toBeNull();
    // Moving back changes nothing and is no refusal, confirmed or not.
    expect(saveProgressRefusal({ ...twoOfThree, stage: 'uploading' }, 'answering')).toBeNull();
  });
});

describe('the answering window (R1, R18)', () => {
  const ready = confirmed(entered, START - 5 * MIN);

  it('gives the questions from the start until the deadline, to one who confirmed', () => {
    expect(answeringRefusal(ready, SCHEDULE, START - 1)?.code).toBe(ErrorCode.QUESTIONS_NOT_RELEASED);
    expect(answeringRefusal(ready, SCHEDULE, START)).toBeNull();
    expect(answeringRefusal(ready, SCHEDULE, SCHEDULE.deadline - 1)).toBeNull();
    expect(answeringRefusal(ready, SCHEDULE, SCHEDULE.deadline)?.code).toBe(ErrorCode.EXAM_OVER);
    expect(answeringRefusal(entered, SCHEDULE, START)?.code).toBe(ErrorCode.CONFIRMATIONS_MISSING);
    expect(answeringRefusal(INITIAL_PROGRESS, SCHEDULE, START)?.code).toBe(ErrorCode.NOT_ENTERED);
    expect(answeringRefusal({ ...ready, finishedAt: START + MIN, finishReason: 'endedEarly' }, SCHEDULE, START + 2 * MIN)?.code).toBe(ErrorCode.EXAM_OVER);
  });

  it('finishes one who entered and did not finish at the deadline exactly, as timeUp', () => {
    expect(timedOut(ready, SCHEDULE, SCHEDULE.deadline - 1)).toBe(ready);
    expect(timedOut(ready, SCHEDULE, SCHEDULE.deadline + 5 * MIN)).toEqual({ ...ready, stage: 'finished', finishedAt: SCHEDULE.deadline, finishReason: 'timeUp' });
    const early = { ...ready, stage: 'finished' as const, finishedAt: START + MIN, finishReason: 'endedEarly' as const };
    expect(timedOut(early, SCHEDULE, SCHEDULE.deadline)).toBe(early);
    expect(timedOut(INITIAL_PROGRESS, SCHEDULE, SCHEDULE.deadline)).toBe(INITIAL_PROGRESS);
  });

  it('refuses timeUp before the deadline, and a finish by one who did not enter', () => {
    expect(finishRefusal('timeUp', SCHEDULE, SCHEDULE.deadline - 1, true)?.code).toBe(ErrorCode.FINISH_REASON_INVALID);
    expect(finishRefusal('timeUp', SCHEDULE, SCHEDULE.deadline, true)).toBeNull();
    expect(finishRefusal('endedEarly', SCHEDULE, START + MIN, true)).toBeNull();
    expect(finishRefusal('completed', SCHEDULE, START + MIN, false)?.code).toBe(ErrorCode.NOT_ENTERED);
  });

  it('refuses endedBySupervisor from a candidate: only a supervisor’s intervention ends an interview so', () => {
    expect(finishRefusal('endedBySupervisor', SCHEDULE, START + MIN, true)?.code).toBe(ErrorCode.FINISH_REASON_INVALID);
    expect(finishRefusal('endedBySupervisor', SCHEDULE, SCHEDULE.deadline, true)?.code).toBe(ErrorCode.FINISH_REASON_INVALID);
  });
});
