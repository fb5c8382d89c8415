import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { DEFAULT_POLICY, type Schedule } from './schedule.js';
import { INITIAL_PROGRESS, PROGRESS_STAGES, STAGES, isEnteredStage, isForward, resumeStage, stageIndex, type Progress, type ProgressStage, type Resume } from './stages.js';

const SEC = 1_000;
const MIN = 60 * SEC;
const START = Date.UTC(2025, 5, 1, 2, 0);

/** The candidate guide's order (R2), written out here so that a reordering of STAGES fails a test. */
const SEED_ORDER = [
  'checkingDevices', // 设备准备
  'login', // 人脸登录
  'readingProcess', // 阅读面试流程
  'bindingEvidence', // 佐证绑定
  'drawingLot', // 抽签
  'awaitingEntry', // 进入考试
  'confirmingDevices', // 设备确认
  'confirmingInfo', // 信息确认
  'readingPledge', // 阅读承诺书和须知
  'countdown', // 开始前倒计时
  'answering', // 开始答题
  'uploading', // 结束考试: upload
  'finished', // 上传成功
] as const;

const PROGRESS_ORDER = SEED_ORDER.slice(2) as readonly ProgressStage[];

/** Schedules built by hand so that these tests do not depend on scheduleOf. */
const SCHEDULES: readonly { readonly name: string; readonly schedule: Schedule }[] = [
  {
    name: 'default policy',
    schedule: {
      policy: DEFAULT_POLICY,
      loginOpensAt: START - 30 * MIN,
      entryOpensAt: START - 15 * MIN,
      startsAt: START,
      entryClosesAt: START + 2 * MIN,
      deadline: START + 5 * MIN,
      evidenceDueAt: START + 65 * MIN,
    },
  },
  {
    name: 'cutoff 60 s, answer 8 min',
    schedule: {
      policy: { ...DEFAULT_POLICY, loginOpensBeforeStartMs: 10 * MIN, lateEntryCutoffMs: 60 * SEC, answerMs: 8 * MIN, evidenceDueAfterEndMs: 30 * MIN },
      loginOpensAt: START - 10 * MIN,
      entryOpensAt: START - 3 * MIN,
      startsAt: START,
      entryClosesAt: START + 60 * SEC,
      deadline: START + 8 * MIN,
      evidenceDueAt: START + 38 * MIN,
    },
  },
];

function progress(stage: ProgressStage, overrides: Partial<Progress> = {}): Progress {
  return { ...INITIAL_PROGRESS, stage, ...overrides };
}

describe('STAGES', () => {
  it('follows the candidate guide’s order (R2)', () => {
    expect(STAGES).toEqual(SEED_ORDER);
  });

  it('records progress from 阅读面试流程 on: device check and login are not progress', () => {
    expect(PROGRESS_STAGES).toEqual(PROGRESS_ORDER);
  });

  it.each(SEED_ORDER.map((stage, index) => [stage, index] as const))('stageIndex(%s) is %i', (stage, index) => {
    expect(stageIndex(stage)).toBe(index);
  });
});

describe('isForward', () => {
  const pairs = PROGRESS_ORDER.flatMap((current, i) => PROGRESS_ORDER.map((next, j) => [current, next, j >= i] as const));

  it.each(pairs)('%s → %s is %s', (current, next, expected) => {
    expect(isForward(current, next)).toBe(expected);
  });

  it.each([
    ['readingProcess', 'finished', true],
    ['answering', 'answering', true], // recording the same stage again is idempotent, not a step back
    ['answering', 'countdown', false],
    ['finished', 'uploading', false],
  ] as const)('in particular %s → %s is %s', (current, next, expected) => {
    expect(isForward(current, next)).toBe(expected);
  });
});

describe.each(SCHEDULES)('resumeStage ($name)', ({ schedule }) => {
  const uploading: Resume = { kind: 'stage', stage: 'uploading' };
  const barred: Resume = { kind: 'barred', reason: ErrorCode.LATE_ENTRY_CLOSED };
  const entered = { enteredAt: schedule.entryOpensAt + 1, lot: 7 };

  describe('a finished exam resumes at uploading, to send what is still stored on this device', () => {
    it.each([
      ['before the deadline (ended early)', schedule.deadline - 1, 'endedEarly'],
      ['at the deadline', schedule.deadline, 'timeUp'],
      ['after the evidence is due', schedule.evidenceDueAt + 1, 'completed'],
    ] as const)('%s', (_when, now, finishReason) => {
      const finished = progress('finished', { ...entered, finishedAt: schedule.startsAt + 1, finishReason });
      expect(resumeStage(finished, schedule, now)).toEqual(uploading);
      expect(resumeStage({ ...finished, stage: 'uploading' }, schedule, now)).toEqual(uploading);
    });
  });

  describe('one who entered resumes at the stage they reached after entry until the deadline, then at uploading', () => {
    const at = (stage: ProgressStage): Resume => ({ kind: 'stage', stage });
    it.each<[string, number, ProgressStage, Resume]>([
      // Entering records 设备确认; a record still at 进入考试 (saved before the entry) resumes right after it.
      ['just after entering, progress not yet saved', schedule.entryOpensAt + 1, 'awaitingEntry', at('confirmingDevices')],
      ['confirming devices', schedule.entryOpensAt + 1, 'confirmingDevices', at('confirmingDevices')],
      ['confirming the information, after the late cutoff', schedule.entryClosesAt, 'confirmingInfo', at('confirmingInfo')],
      ['reading the pledge', schedule.startsAt - 1, 'readingPledge', at('readingPledge')],
      ['from the countdown, 1 ms before the deadline', schedule.deadline - 1, 'countdown', at('countdown')],
      ['while answering, after the late cutoff', schedule.entryClosesAt, 'answering', at('answering')],
      ['while answering, 1 ms before the deadline', schedule.deadline - 1, 'answering', at('answering')],
      ['while answering, exactly at the deadline', schedule.deadline, 'answering', uploading],
      ['while confirming devices, after the deadline', schedule.deadline + 1, 'confirmingDevices', uploading],
      ['recorded past answering without a finish, before the deadline', schedule.deadline - 1, 'uploading', uploading],
      ['while uploading, long after', schedule.evidenceDueAt, 'uploading', uploading],
    ])('%s', (_when, now, stage, expected) => {
      expect(resumeStage(progress(stage, entered), schedule, now)).toEqual(expected);
    });
  });

  describe('one who did not enter is barred from the late cutoff on (R21)', () => {
    it.each<[string, number, ProgressStage]>([
      ['exactly at the cutoff, having drawn a lot', schedule.entryClosesAt, 'awaitingEntry'],
      ['exactly at the cutoff, before the lottery', schedule.entryClosesAt, 'drawingLot'],
      ['after the deadline', schedule.deadline, 'readingProcess'],
    ])('%s', (_when, now, stage) => {
      expect(resumeStage(progress(stage), schedule, now)).toEqual(barred);
    });
  });

  describe('one who did not enter resumes where they were until the cutoff', () => {
    it.each<[string, number, ProgressStage, ProgressStage]>([
      ['read the procedure, long before', schedule.loginOpensAt, 'readingProcess', 'readingProcess'],
      ['binding evidence', schedule.entryOpensAt - 1, 'bindingEvidence', 'bindingEvidence'],
      ['drawing the lot, 1 ms before the cutoff', schedule.entryClosesAt - 1, 'drawingLot', 'drawingLot'],
      ['awaiting entry, 1 ms before the cutoff', schedule.entryClosesAt - 1, 'awaitingEntry', 'awaitingEntry'],
      // Progress past 进入考试 without an entry is inconsistent; entering is what must happen next, so go back to it.
      ['recorded past entry without entering', schedule.startsAt - 1, 'readingPledge', 'awaitingEntry'],
      ['recorded as answering without entering', schedule.entryClosesAt - 1, 'answering', 'awaitingEntry'],
    ])('%s', (_when, now, stage, expected) => {
      expect(resumeStage(progress(stage, { lot: 3 }), schedule, now)).toEqual({ kind: 'stage', stage: expected });
    });
  });
});

describe('isEnteredStage', () => {
  it('is true exactly for the stages between entering and finishing', () => {
    expect(PROGRESS_STAGES.filter(isEnteredStage)).toEqual(['confirmingDevices', 'confirmingInfo', 'readingPledge', 'countdown', 'answering']);
  });
});
