import { describe, expect, it } from 'vitest';
import { HELP_MESSAGE_RATE, INCIDENT_RATE } from '@examroom/core';
import { SEC, MIN, START, LOGIN_OPENS, ENTRY_OPENS, CUTOFF, DEADLINE, rejection, codeOf, world } from '../exam-domain.test-kit.js';
import { SETTLE_OTHERS_EVERY_MS } from './context.js';
import { newCandidateRow, storedIdNumber } from '../repository.js';
import { memoryPasswordHash } from '../memory-crypto.js';

describe('getMe', () => {
  it('returns the candidate (ID number masked), the exam with its sittings, their sitting and progress', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.domain.getMe(await w.candidate(0));
    expect(me.candidate).toEqual({ id: w.candidates[0]!.id, name: '考生1', idNumberMasked: '1101**********0001', admissionNumber: '2026000001' });
    const sitting = { id: w.sittingId, name: '第一场', startsAt: START, policy: { requireEvidence: false } };
    expect(me.exam).toEqual({ id: 'exam-1', title: '综合素质评估', policy: {}, timeZone: 'Asia/Shanghai', sittings: [sitting] });
    expect(me.sitting).toEqual(sitting);
    expect(me.progress).toEqual({
      stage: 'readingProcess',
      lot: null,
      enteredAt: null,
      finishedAt: null,
      finishReason: null,
      devicesConfirmedAt: null,
      infoConfirmedAt: null,
      pledgeAcceptedAt: null,
      pledgeVersion: null,
    });
  });
});

describe('progress only moves forward (R2)', () => {
  it('moves forward through the stages before entry, ignores earlier ones, refuses later ones', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    expect((await w.domain.getMe(me)).progress.stage).toBe('readingProcess');
    expect((await w.domain.saveProgress(me, { stage: 'bindingEvidence' })).stage).toBe('bindingEvidence');
    expect((await w.domain.saveProgress(me, { stage: 'readingProcess' })).stage).toBe('bindingEvidence');
    expect(await codeOf(() => w.domain.saveProgress(me, { stage: 'countdown' }))).toBe('STAGE_OUT_OF_ORDER');
    expect((await w.domain.saveProgress(me, { stage: 'awaitingEntry' })).stage).toBe('awaitingEntry');
    expect(await codeOf(() => w.domain.saveProgress(me, { stage: 'confirmingDevices' }))).toBe('STAGE_OUT_OF_ORDER');
    expect((await w.domain.getMe(me)).progress.stage).toBe('awaitingEntry');
  });

  it('goes on after entry, straight to answering if need be', async () => {
    const w = await world();
    w.at(START);
    const me = await w.candidate(0);
    expect((await w.domain.enter(me)).stage).toBe('confirmingDevices');
    await w.confirmAll(me);
    expect((await w.domain.saveProgress(me, { stage: 'answering' })).stage).toBe('answering');
    expect((await w.domain.saveProgress(me, { stage: 'countdown' })).stage).toBe('answering');
  });

  it('tells the supervisors of each change', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(0);
    w.events.length = 0;
    await w.domain.saveProgress(me, { stage: 'bindingEvidence' });
    const statuses = w.eventsOf('candidate.status');
    expect(statuses).toHaveLength(1);
    expect(statuses[0]![1]).toEqual({ candidateId: me.subjectId, supervisors: true });
    expect(statuses[0]![0]).toMatchObject({ status: { candidate: { id: me.subjectId }, online: true, progress: { stage: 'bindingEvidence' } } });
    w.events.length = 0;
    await w.domain.saveProgress(me, { stage: 'readingProcess' });
    expect(w.eventsOf('candidate.status')).toEqual([]);
  });
});

describe('lots (R11)', () => {
  it('draws the smallest free number, unique in the sitting, the same on a second draw', async () => {
    const w = await world({ candidates: 4 });
    w.at(LOGIN_OPENS);
    const [a, b, c] = [await w.candidate(0), await w.candidate(1), await w.candidate(2)];
    // Someone already holds lot 2.
    await w.repo.updateCandidate({ ...(await w.repo.getCandidate(w.candidates[3]!.id))!, lot: 2 });
    expect(await w.domain.drawLot(a)).toMatchObject({ lot: 1, stage: 'drawingLot' });
    expect((await w.domain.drawLot(a)).lot).toBe(1);
    expect((await w.domain.drawLot(b)).lot).toBe(3);
    expect((await w.domain.drawLot(c)).lot).toBe(4);
  });

  it('numbers each sitting on its own', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    expect((await w.domain.drawLot(await w.candidate(0))).lot).toBe(1);
    const foreign = await w.domain.authenticate((await w.domain.loginWithPassword({ examId: 'exam-2', idNumber: w.foreign.idNumber, password: w.foreign.password, deviceKey: 'device-key-1' }, { ip: '1.1.1.1' })).token);
    expect((await w.domain.drawLot(foreign)).lot).toBe(1);
  });

  it('assigns every missing lot of the sitting at entry time, in candidate order, keeping drawn ones', async () => {
    const w = await world({ candidates: 4 });
    w.at(LOGIN_OPENS);
    const third = await w.candidate(2);
    expect((await w.domain.drawLot(third)).lot).toBe(1);
    const supervisor = await w.supervisor();
    const lots = async () => (await w.domain.listCandidates(supervisor, w.sittingId)).map((s) => s.progress.lot);
    w.at(ENTRY_OPENS - 1);
    expect(await lots()).toEqual([null, null, 1, null]);
    w.at(ENTRY_OPENS);
    expect(await lots()).toEqual([2, 3, 1, 4]);
    expect((await w.repo.listCandidates(w.sittingId)).map((c) => c.lot)).toEqual([2, 3, 1, 4]);
  });

  it('settles lots whichever call comes first after entry time', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const me = await w.candidate(1);
    w.at(ENTRY_OPENS);
    expect((await w.domain.getMe(me)).progress.lot).toBe(2);
    expect((await w.repo.listCandidates(w.sittingId)).map((c) => c.lot)).toEqual([1, 2, 3]);
  });
});

describe('entry (R12, R21)', () => {
  it('opens exactly at entryOpensAt, telling when before', async () => {
    const entryOpensAt = START - 7 * MIN;
    const w = await world({ entryOpensAt });
    w.at(entryOpensAt - 1);
    const me = await w.candidate(0);
    expect(await rejection(() => w.domain.enter(me))).toEqual({ code: 'ENTRY_NOT_OPEN', details: { opensAt: entryOpensAt } });
    w.at(entryOpensAt);
    expect(await w.domain.enter(me)).toMatchObject({ enteredAt: entryOpensAt, stage: 'confirmingDevices', lot: 1 });
  });

  it('closes at the cutoff for one who has not entered', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [a, b] = [await w.candidate(0), await w.candidate(1)];
    w.at(CUTOFF - 1);
    expect((await w.domain.enter(a)).enteredAt).toBe(CUTOFF - 1);
    w.at(CUTOFF);
    expect(await codeOf(() => w.domain.enter(b))).toBe('LATE_ENTRY_CLOSED');
  });

  it('lets one who entered re-enter until the deadline, keeping the first entry time', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    await w.domain.enter(me);
    w.at(DEADLINE - 1);
    expect((await w.domain.enter(me)).enteredAt).toBe(ENTRY_OPENS);
    w.at(DEADLINE);
    expect(await codeOf(() => w.domain.enter(me))).toBe('EXAM_OVER');
  });
});

describe('questions (R18)', () => {
  it('are released at the start, in order, to those who entered', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [await w.candidate(0), await w.candidate(1)];
    await w.domain.enter(me);
    await w.confirmAll(me);
    w.at(START - 1);
    expect(await rejection(() => w.domain.getQuestions(me))).toEqual({ code: 'QUESTIONS_NOT_RELEASED', details: { opensAt: START } });
    w.at(START);
    expect(await w.domain.getQuestions(me)).toEqual([
      { id: 'q1', order: 1, text: '第一题' },
      { id: 'q2', order: 2, text: '第二题' },
      { id: 'q3', order: 3, text: '第三题' },
    ]);
    expect(await codeOf(() => w.domain.getQuestions(outsider))).toBe('NOT_ENTERED');
  });
});

describe('finish (R25, R29)', () => {
  it('records the first reason and time only', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [await w.candidate(0), await w.candidate(1)];
    await w.domain.enter(me);
    w.at(START + MIN);
    expect(await w.domain.finish(me, { reason: 'endedEarly' })).toMatchObject({ stage: 'finished', finishedAt: START + MIN, finishReason: 'endedEarly' });
    w.at(DEADLINE);
    expect(await w.domain.finish(me, { reason: 'timeUp' })).toMatchObject({ finishedAt: START + MIN, finishReason: 'endedEarly' });
    expect(await codeOf(() => w.domain.finish(outsider, { reason: 'completed' }))).toBe('NOT_ENTERED');
  });
});

describe('incidents and help (R15, R27)', () => {
  it('stores an incident once per client id', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    const incident = { id: 'inc-1', kind: 'windowBlur' as const, at: ENTRY_OPENS - 5 };
    await w.domain.reportIncident(me, incident);
    await w.domain.reportIncident(me, { ...incident, kind: 'printScreen' });
    expect(await w.domain.listIncidents(await w.supervisor(), me.subjectId)).toEqual([incident]);
  });

  it('stamps help messages with server time, once per id, and publishes each new one', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    w.events.length = 0;
    w.at(START + 10 * SEC);
    const sent = await w.domain.sendHelpMessage(me, { id: 'm-1', text: '摄像头没有画面' });
    expect(sent).toEqual({ id: 'm-1', from: 'candidate', text: '摄像头没有画面', at: START + 10 * SEC });
    w.at(START + 20 * SEC);
    expect(await w.domain.sendHelpMessage(me, { id: 'm-1', text: '摄像头没有画面' })).toEqual(sent);
    const reply = await w.domain.replyHelp(await w.supervisor(), me.subjectId, { id: 'm-2', text: '请检查连接' });
    expect(reply).toEqual({ id: 'm-2', from: 'supervisor', text: '请检查连接', at: START + 20 * SEC });
    expect(await w.domain.getHelpMessages(me)).toEqual([sent, reply]);
    expect(w.eventsOf('help.message')).toEqual([
      [{ type: 'help.message', candidateId: me.subjectId, message: sent }, { candidateId: me.subjectId, supervisors: true }],
      [{ type: 'help.message', candidateId: me.subjectId, message: reply }, { candidateId: me.subjectId, supervisors: true }],
    ]);
  });

  it('never hands out another candidate’s message under a reused id: ids are each candidate’s own', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [a, b] = [await w.candidate(0), await w.candidate(1)];
    await w.domain.sendHelpMessage(b, { id: 'm-b', text: 'B 的秘密' });
    expect(await w.domain.sendHelpMessage(a, { id: 'm-b', text: '?' })).toMatchObject({ id: 'm-b', text: '?', from: 'candidate' });
    expect((await w.domain.getHelpMessages(a)).map((m) => m.text)).toEqual(['?']);
    expect((await w.domain.getHelpMessages(b)).map((m) => m.text)).toEqual(['B 的秘密']);
  });

  it('refuses a candidate’s reuse of a supervisor’s message id in their chat', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const a = await w.candidate(0);
    await w.domain.replyHelp(await w.supervisor(), a.subjectId, { id: 'm-s', text: '请稍候' });
    expect(await rejection(() => w.domain.sendHelpMessage(a, { id: 'm-s', text: '?' }))).toEqual({ code: 'VALIDATION_FAILED', details: { field: '/id' } });
  });
});

describe('rate limits and scoped ids of incidents and help (R15, R27)', () => {
  const incident = (id: string) => ({ id, kind: 'windowBlur' as const, at: START });

  it('keeps incident ids per candidate: the same id from two candidates is two incidents', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [a, b] = [await w.candidate(0), await w.candidate(1)];
    await w.domain.reportIncident(a, incident('inc-1'));
    await w.domain.reportIncident(b, { ...incident('inc-1'), kind: 'printScreen' });
    expect((await w.domain.listIncidents(await w.supervisor(), a.subjectId)).map((i) => i.kind)).toEqual(['windowBlur']);
    expect((await w.domain.listIncidents(await w.supervisor(), b.subjectId)).map((i) => i.kind)).toEqual(['printScreen']);
  });

  it('refuses incidents beyond INCIDENT_RATE with retryAfterSeconds; retries of stored ones still answer', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    for (let i = 0; i < INCIDENT_RATE.limit; i++) await w.domain.reportIncident(me, incident(`inc-${i}`));
    expect(await rejection(() => w.domain.reportIncident(me, incident('one-too-many')))).toEqual({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: INCIDENT_RATE.windowMs / 1000 },
    });
    await w.domain.reportIncident(me, incident('inc-0'));
    w.at(ENTRY_OPENS + INCIDENT_RATE.windowMs);
    await w.domain.reportIncident(me, incident('one-too-many'));
    expect(await w.repo.listIncidents(me.subjectId)).toHaveLength(INCIDENT_RATE.limit + 1);
  });

  it('refuses help messages beyond HELP_MESSAGE_RATE; the supervisor’s replies do not count', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    const supervisor = await w.supervisor();
    for (let i = 0; i < HELP_MESSAGE_RATE.limit; i++) {
      w.at(ENTRY_OPENS + i * 1000);
      await w.domain.sendHelpMessage(me, { id: `m-${i}`, text: `第${i}条` });
      await w.domain.replyHelp(supervisor, me.subjectId, { id: `r-${i}`, text: '收到' });
    }
    const last = ENTRY_OPENS + (HELP_MESSAGE_RATE.limit - 1) * 1000;
    expect(await rejection(() => w.domain.sendHelpMessage(me, { id: 'm-more', text: '还有' }))).toEqual({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: (ENTRY_OPENS + HELP_MESSAGE_RATE.windowMs - last) / 1000 },
    });
    expect((await w.domain.sendHelpMessage(me, { id: 'm-0', text: '第0条' })).id).toBe('m-0');
    w.at(ENTRY_OPENS + HELP_MESSAGE_RATE.windowMs);
    expect((await w.domain.sendHelpMessage(me, { id: 'm-more', text: '还有' })).id).toBe('m-more');
  });
});

describe('the phone’s evidence before the lot and entry (R9)', () => {
  it('refuses both until the phone reports 录制中, then allows them', async () => {
    const w = await world({ requireEvidence: true });
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    expect(await codeOf(() => w.domain.drawLot(me))).toBe('EVIDENCE_NOT_RECORDING');
    expect(await codeOf(() => w.domain.enter(me))).toBe('EVIDENCE_NOT_RECORDING');
    expect(await w.repo.getCandidate(w.candidates[0]!.id)).toMatchObject({ enteredAt: null });
    await w.phoneRecording(0);
    expect((await w.domain.drawLot(me)).lot).not.toBeNull();
    expect((await w.domain.enter(me)).enteredAt).toBe(ENTRY_OPENS);
  });
});

describe('the deadline (R1)', () => {
  it('finishes everyone still answering at the deadline on the first call after it, telling the supervisors', async () => {
    const w = await world({ candidates: 2 });
    w.at(ENTRY_OPENS);
    const [first, second] = [await w.candidate(0), await w.candidate(1)];
    await w.domain.enter(first);
    await w.domain.enter(second);
    w.at(DEADLINE + 10 * MIN);
    w.events.length = 0;
    expect((await w.domain.getMe(first)).progress).toMatchObject({ stage: 'finished', finishedAt: DEADLINE, finishReason: 'timeUp' });
    // The whole sitting is settled: the other candidate too, without calling.
    expect(await w.repo.getCandidate(w.candidates[1]!.id)).toMatchObject({ finishedAt: DEADLINE, finishReason: 'timeUp' });
    const finished = w.eventsOf('candidate.status').map(([e]) => (e.type === 'candidate.status' ? e.status.progress.finishReason : null));
    expect(finished).toEqual(['timeUp', 'timeUp']);
    expect((await w.domain.getMe(second)).progress.finishedAt).toBe(DEADLINE);
  });

  it('finishes one with extra time at their own deadline, on another candidate’s call, however silent they are', async () => {
    const w = await world({ candidates: 3 });
    w.at(ENTRY_OPENS);
    const [first, second, third] = [await w.candidate(0), await w.candidate(1), await w.candidate(2)];
    for (const me of [first, second, third]) await w.domain.enter(me);
    const late = (await w.repo.getCandidate(w.candidates[2]!.id))!;
    await w.repo.updateCandidate({ ...late, extraTimeMs: 2 * MIN });
    w.at(DEADLINE + SEC);
    await w.domain.getMe(first);
    expect(await w.repo.getCandidate(w.candidates[1]!.id)).toMatchObject({ finishedAt: DEADLINE, finishReason: 'timeUp' });
    expect(await w.repo.getCandidate(w.candidates[2]!.id)).toMatchObject({ finishedAt: null });
    // Nobody but the first calls again: the third is finished at their deadline all the same.
    w.at(DEADLINE + 2 * MIN + SEC);
    await w.domain.getMe(first);
    expect(await w.repo.getCandidate(w.candidates[2]!.id)).toMatchObject({ finishedAt: DEADLINE + 2 * MIN, finishReason: 'timeUp' });
  });
});

describe('settling a sitting lazily (R1, R11) at the cost of one candidate per call', () => {
  const LATE_ID = 'sit-1-cand-late';
  const LATE_ID_NUMBER = '110101200001019999';
  /** A candidate added to the sitting after entry opened (an office's late import). */
  const lateCandidate = (w: Awaited<ReturnType<typeof world>>) =>
    newCandidateRow(
      { id: LATE_ID, examId: 'exam-1', sittingId: 'sit-1', name: '补录考生', ...storedIdNumber(w.crypto, LATE_ID_NUMBER), admissionNumber: '2026999999', passwordHash: memoryPasswordHash('pass-late') },
      ENTRY_OPENS,
    );

  it('reads the whole sitting once after entry opens, not on every candidate’s call until the deadline', async () => {
    const w = await world({ candidates: 3 });
    w.at(ENTRY_OPENS);
    const all = [await w.candidate(0), await w.candidate(1), await w.candidate(2)];
    // Everyone has a lot from entryOpensAt (R11), whoever called.
    for (const c of w.candidates) expect((await w.repo.getCandidate(c.id))!.lot).not.toBeNull();
    for (const me of all) await w.domain.enter(me);
    // A candidate the others' calls would give a lot if they read the whole sitting.
    await w.repo.insertCandidate(lateCandidate(w));
    w.at(START + MIN);
    for (const me of all) for (let i = 0; i < 3; i++) await w.domain.heartbeat(me);
    expect((await w.repo.getCandidate(LATE_ID))!.lot).toBeNull();
    // A supervisor's view of the sitting reads all of it.
    await w.domain.listCandidates(await w.supervisor(), w.sittingId);
    expect((await w.repo.getCandidate(LATE_ID))!.lot).toBe(4);
  });

  it('reads it again after the deadline, at most once a SETTLE_OTHERS_EVERY_MS', async () => {
    const w = await world({ candidates: 3 });
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    w.at(DEADLINE + SEC);
    await w.domain.getMe(me);
    await w.repo.insertCandidate(lateCandidate(w));
    w.at(DEADLINE + SEC + SETTLE_OTHERS_EVERY_MS - 1);
    await w.domain.getMe(me);
    expect((await w.repo.getCandidate(LATE_ID))!.lot).toBeNull();
    w.at(DEADLINE + SEC + SETTLE_OTHERS_EVERY_MS);
    await w.domain.getMe(me);
    expect((await w.repo.getCandidate(LATE_ID))!.lot).toBe(4);
  });

  it('gives a candidate added after entry opened a lot at their first call (R11)', async () => {
    const w = await world({ candidates: 2 });
    w.at(ENTRY_OPENS);
    await w.candidate(0);
    await w.repo.insertCandidate(lateCandidate(w));
    w.at(ENTRY_OPENS + MIN);
    const late = await w.domain.authenticate((await w.domain.loginWithPassword({ examId: 'exam-1', idNumber: LATE_ID_NUMBER, password: 'pass-late', deviceKey: 'late-key' }, { ip: '10.0.0.9' })).token);
    await w.domain.getMe(late);
    expect((await w.repo.getCandidate(LATE_ID))!.lot).toBe(3);
  });
});
