/** The candidate's part of the REST contract suite: public reads, logins, sessions, progress, lots, entry, questions, finish, incidents, help. */
import { describe, expect, it } from 'vitest';
import { HELP_MESSAGE_RATE, INCIDENT_RATE } from '@examroom/core';
import { DEMO_EXAM, type ContractClient } from './contract-client.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;

/**
 * Four candidates of a sitting starting at `startsAt`: two draw before entry opens, the fourth enters when it does
 * (R11), each once their phone records (R9); the third does nothing and still gets a lot at entry time.
 */
export async function drawAndEnter(c: ContractClient, startsAt: number) {
  const { sittingId, candidates } = await c.seed(startsAt, 4);
  await c.setClock(startsAt - 20 * MIN);
  const a = await c.login(candidates[0]!, 'device-a-123');
  const b = await c.login(candidates[1]!, 'device-b-123');
  // R9: no lot until the phone records.
  await c.phoneRecording(a);
  await c.phoneRecording(b);
  const lotA = ((await c.ok('drawLot', { token: a })) as { lot: number }).lot;
  const lotAgain = ((await c.ok('drawLot', { token: a })) as { lot: number }).lot;
  const lotB = ((await c.ok('drawLot', { token: b })) as { lot: number }).lot;
  const entryOpensAt = startsAt - 15 * MIN;
  await c.setClock(entryOpensAt);
  const d = await c.login(candidates[3]!, 'device-d-123');
  await c.phoneRecording(d);
  const entry = (await c.ok('enter', { token: d })) as { lot: number | null; enteredAt: number };
  return { sittingId, candidates, tokens: [a, b, d], lotA, lotAgain, lotB, entry };
}

/** A candidate who entered reports the same incident twice (stored once per client id). */
export async function reportTwice(c: ContractClient, startsAt: number) {
  const { candidates, tokens } = await c.entered(startsAt);
  const incident = { id: `inc-${Date.now()}`, kind: 'windowBlur', at: startsAt - 14 * MIN };
  await c.ok('reportIncident', { token: tokens[0]!, body: incident });
  await c.ok('reportIncident', { token: tokens[0]!, body: incident });
  return { candidate: candidates[0]!, incident };
}

/** A candidate who entered asks for help, and sends the same message again (stored once per id, R27). */
export async function askForHelp(c: ContractClient, startsAt: number) {
  const { candidates, tokens } = await c.entered(startsAt);
  await c.setClock(startsAt + 30_000);
  // Message ids are unique per server, and two tests ask for help.
  const message = { id: `msg-candidate-${startsAt}`, text: '摄像头没有画面' };
  const sent = (await c.ok('sendHelpMessage', { token: tokens[0]!, body: message })) as { at: number; from: string };
  const again = await c.ok('sendHelpMessage', { token: tokens[0]!, body: message });
  return { candidate: candidates[0]!, token: tokens[0]!, sent, again };
}

/** One who entered creates a camera and a screen recording; an outsider of the same sitting is refused. */
export async function createTwoRecordings(c: ContractClient, startsAt: number) {
  const { candidates: outsiders } = await c.seed(startsAt, 1);
  const { candidates, tokens } = await c.entered(startsAt);
  const outsider = await c.login(outsiders[0]!, 'device-o-123');
  const refused = await c.fails('createRecording', { token: outsider, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } }, 403, 'NOT_ENTERED');
  const camera = (await c.ok('createRecording', { token: tokens[0]!, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } })) as { recordingId: string; uploadUrl: string };
  const screen = (await c.ok('createRecording', { token: tokens[0]!, body: { kind: 'screen', mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
  return { candidate: candidates[0]!, refused, camera, screen };
}

export function describeCandidateContract({ c, nextStart }: ContractRun) {
  describe('candidate', () => {
    describeLogin(c, nextStart);
    describeSessions(c, nextStart);

    it('moves progress only forward, in order', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      expect(((await c.ok('saveProgress', { token, body: { stage: 'bindingEvidence' } })) as { stage: string }).stage).toBe('bindingEvidence');
      expect(((await c.ok('saveProgress', { token, body: { stage: 'readingProcess' } })) as { stage: string }).stage).toBe('bindingEvidence');
      await c.fails('saveProgress', { token, body: { stage: 'countdown' } }, 409, 'STAGE_OUT_OF_ORDER');
    });

    it('draws unique lots, keeps a drawn lot, and assigns the rest at entry time (R11)', async () => {
      const { candidates, tokens, lotA, lotAgain, lotB, entry } = await drawAndEnter(c, nextStart());
      expect(lotAgain).toBe(lotA);
      expect(lotB).not.toBe(lotA);
      expect(entry.lot).not.toBeNull();
      // From entry time on every candidate has a lot, also one who neither drew nor entered.
      const c3 = await c.login(candidates[2]!, 'device-c-123');
      const lots = [];
      for (const token of [tokens[0]!, tokens[1]!, c3, tokens[2]!]) lots.push(((await c.ok('getMe', { token })) as { progress: { lot: number | null } }).progress.lot);
      expect(lots.every((lot) => lot !== null)).toBe(true);
      expect(new Set(lots).size).toBe(4);
    });

    describeEntryAndAfter(c, nextStart);
    describeEvidenceGate(c, nextStart);
    describeConfirmations(c, nextStart);
    describeAnsweringWindow(c, nextStart);

    it('gives a pairing code whose URL carries it, the evidence still waiting for the phone (R9)', async () => {
      const startsAt = nextStart();
      const { candidates } = await c.seed(startsAt, 1);
      await c.setClock(startsAt - 20 * MIN);
      const token = await c.login(candidates[0]!);
      expect(await c.ok('getEvidenceStatus', { token })).toMatchObject({ state: 'waitingForPhone' });
      const pairing = (await c.ok('createPairing', { token })) as { code: string; url: string };
      expect(pairing.url).toContain(pairing.code);
    });

    it('writes error messages in the caller’s language, zh-CN by default', async () => {
      const zh = await c.fails('getExam', { params: { examId: 'no-such-exam' } }, 404, 'EXAM_NOT_FOUND');
      expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
      const en = await c.fails('getExam', { params: { examId: 'no-such-exam' }, lang: 'en-US,en;q=0.9' }, 404, 'EXAM_NOT_FOUND');
      expect(en.message).toMatch(/^[\x20-\x7e’“”]+$/);
    });
  });
}

function describeLogin(c: ContractClient, nextStart: () => number) {
  it('tells server time, and the dev control moves it', async () => {
    const at = nextStart();
    await c.setClock(at);
    const time = (await c.ok('getTime')) as { serverTime: number };
    expect(time.serverTime).toBeGreaterThanOrEqual(at);
    expect(time.serverTime).toBeLessThan(at + 5_000);
  });

  it('describes an exam with its time zone, and answers EXAM_NOT_FOUND for an unknown one', async () => {
    const exam = (await c.ok('getExam', { params: { examId: DEMO_EXAM } })) as { id: string; sittings: unknown[]; timeZone: string };
    expect(exam.id).toBe(DEMO_EXAM);
    expect(exam.sittings.length).toBeGreaterThan(0);
    expect(exam.timeZone).toBe('Asia/Shanghai');
    await c.fails('getExam', { params: { examId: 'no-such-exam' } }, 404, 'EXAM_NOT_FOUND');
  });

  it('opens login exactly 30 minutes before the start (R4)', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1);
    const body = { examId: DEMO_EXAM, idNumber: candidates[0]!.idNumber, password: candidates[0]!.password, deviceKey: 'device-key-1' };
    await c.setClock(startsAt - 30 * MIN - 1);
    const refused = await c.fails('loginWithPassword', { body }, 403, 'LOGIN_NOT_OPEN');
    expect(refused.opensAt).toBe(startsAt - 30 * MIN);
    await c.setClock(startsAt - 30 * MIN);
    await c.ok('loginWithPassword', { body });
  });

  it('refuses wrong credentials with one code, whether the ID number exists or not', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1);
    await c.setClock(startsAt - 20 * MIN);
    await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidates[0]!.idNumber, password: 'wrong', deviceKey: 'device-key-1' } }, 401, 'INVALID_CREDENTIALS');
    await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: '000000000000000000', password: 'wrong', deviceKey: 'device-key-1' } }, 401, 'INVALID_CREDENTIALS');
  });

  it('answers face login with FACE_LOGIN_UNAVAILABLE while no verifier is configured (R5)', async () => {
    await c.setClock(nextStart() - 20 * MIN);
    await c.fails('loginWithFace', { body: { examId: DEMO_EXAM, deviceKey: 'device-key-1', image: 'aGVsbG8=' } }, 503, 'FACE_LOGIN_UNAVAILABLE');
  });

  it('refuses login after the 2-minute cutoff to one who has not entered (R21)', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 2);
    await c.setClock(startsAt + 2 * MIN - 1);
    await c.login(candidates[0]!);
    await c.setClock(startsAt + 2 * MIN);
    await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidates[1]!.idNumber, password: candidates[1]!.password, deviceKey: 'device-key-1' } }, 403, 'LATE_ENTRY_CLOSED');
  });

  it('lets one who entered log in again after the cutoff, to resume', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.entered(startsAt);
    await c.setClock(startsAt + 3 * MIN);
    const token = await c.login(candidates[0]!, `device-${candidates[0]!.id}`);
    const me = (await c.ok('getMe', { token })) as { progress: { enteredAt: number | null } };
    expect(me.progress.enteredAt).not.toBeNull();
  });
}

function describeSessions(c: ContractClient, nextStart: () => number) {
  it('allows one active session per candidate (R6): another device is refused, the same device reconnects, a stale one is taken over', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1);
    const candidate = candidates[0]!;
    await c.setClock(startsAt - 20 * MIN);
    const first = await c.login(candidate, 'device-a-123');
    const body = { examId: DEMO_EXAM, idNumber: candidate.idNumber, password: candidate.password };
    await c.fails('loginWithPassword', { body: { ...body, deviceKey: 'device-b-123' } }, 409, 'ALREADY_ACTIVE_ELSEWHERE');
    const again = await c.login(candidate, 'device-a-123');
    await c.fails('getMe', { token: first }, 401, 'SESSION_REVOKED');
    await c.ok('getMe', { token: again });
    await c.setClock(startsAt - 20 * MIN + 31_000);
    const taken = await c.login(candidate, 'device-b-123');
    await c.fails('getMe', { token: again }, 401, 'SESSION_REVOKED');
    await c.ok('getMe', { token: taken });
  });

  it('keeps a session alive with heartbeats', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1);
    await c.setClock(startsAt - 20 * MIN);
    const token = await c.login(candidates[0]!, 'device-a-123');
    await c.setClock(startsAt - 20 * MIN + 20_000);
    await c.ok('heartbeat', { token });
    await c.setClock(startsAt - 20 * MIN + 40_000);
    await c.fails('loginWithPassword', { body: { examId: DEMO_EXAM, idNumber: candidates[0]!.idNumber, password: candidates[0]!.password, deviceKey: 'device-b-123' } }, 409, 'ALREADY_ACTIVE_ELSEWHERE');
    await c.ok('logout', { token });
    await c.fails('getMe', { token }, 401, 'SESSION_REVOKED');
  });
}

function describeEntryAndAfter(c: ContractClient, nextStart: () => number) {
  it('opens entry exactly at entryOpensAt and closes it 2 minutes after the start (R12, R21)', async () => {
    const startsAt = nextStart();
    const entryOpensAt = startsAt - 10 * MIN;
    const { candidates } = await c.seed(startsAt, 2, { entryOpensAt });
    await c.setClock(entryOpensAt - 1);
    const a = await c.login(candidates[0]!, 'device-a-123');
    const b = await c.login(candidates[1]!, 'device-b-123');
    await c.phoneRecording(a);
    await c.phoneRecording(b);
    const refused = await c.fails('enter', { token: a }, 403, 'ENTRY_NOT_OPEN');
    expect(refused.opensAt).toBe(entryOpensAt);
    await c.setClock(entryOpensAt);
    const progress = (await c.ok('enter', { token: a })) as { enteredAt: number };
    expect(progress.enteredAt).toBe(entryOpensAt);
    await c.setClock(startsAt + 2 * MIN - 1);
    await c.ok('heartbeat', { token: b });
    await c.setClock(startsAt + 2 * MIN);
    await c.fails('enter', { token: b }, 403, 'LATE_ENTRY_CLOSED');
    await c.ok('enter', { token: a }); // re-entry of one who entered, until the deadline
  });

  it('releases questions at the start, only to those who entered (R18)', async () => {
    const startsAt = nextStart();
    const { tokens } = await c.entered(startsAt, 1, { confirmed: true });
    const { candidates: others } = await c.seed(startsAt, 1);
    const outsider = await c.login(others[0]!, 'device-o-123');
    await c.setClock(startsAt - 1);
    const notYet = await c.fails('getQuestions', { token: tokens[0]! }, 403, 'QUESTIONS_NOT_RELEASED');
    expect(notYet.opensAt).toBe(startsAt);
    await c.setClock(startsAt);
    const questions = (await c.ok('getQuestions', { token: tokens[0]! })) as { order: number }[];
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.map((q) => q.order)).toEqual([...questions.map((q) => q.order)].sort((x, y) => x - y));
    await c.fails('getQuestions', { token: outsider }, 403, 'NOT_ENTERED');
  });

  it('records why the exam finished, once', async () => {
    const startsAt = nextStart();
    const { tokens } = await c.entered(startsAt);
    await c.setClock(startsAt + MIN);
    const first = (await c.ok('finish', { token: tokens[0]!, body: { reason: 'endedEarly' } })) as { finishReason: string; finishedAt: number };
    expect(first).toMatchObject({ finishReason: 'endedEarly', finishedAt: startsAt + MIN });
    await c.setClock(startsAt + 5 * MIN);
    expect(await c.ok('finish', { token: tokens[0]!, body: { reason: 'timeUp' } })).toMatchObject({ finishReason: 'endedEarly', finishedAt: startsAt + MIN });
    const { candidates } = await c.seed(startsAt, 1);
    await c.setClock(startsAt - 20 * MIN);
    await c.fails('finish', { token: await c.login(candidates[0]!), body: { reason: 'completed' } }, 403, 'NOT_ENTERED');
  });

  it('takes an incident twice under one client id (stored once)', async () => {
    // reportTwice checks both answers; the supervisor part checks that the incident is stored once.
    await reportTwice(c, nextStart());
  });

  it('stamps the candidate’s help messages with server time, once per id (R27)', async () => {
    const startsAt = nextStart();
    const { token, sent, again } = await askForHelp(c, startsAt);
    expect(sent).toMatchObject({ from: 'candidate', at: startsAt + 30_000 });
    expect(again).toEqual(sent);
    expect(await c.ok('getHelpMessages', { token })).toEqual([sent]);
  });

  it('rate-limits help messages per candidate (429 RATE_LIMITED with retryAfterSeconds); a retry of a sent one is answered', async () => {
    const startsAt = nextStart();
    const { tokens } = await c.entered(startsAt, 2);
    const [me, other] = [tokens[0]!, tokens[1]!];
    await c.setClock(startsAt);
    for (let i = 0; i < HELP_MESSAGE_RATE.limit; i++) await c.ok('sendHelpMessage', { token: me, body: { id: `burst-${i}`, text: `第${i + 1}条` } });
    const refused = await c.fails('sendHelpMessage', { token: me, body: { id: 'burst-more', text: '再来一条' } }, 429, 'RATE_LIMITED');
    expect(refused.retryAfterSeconds).toBe(HELP_MESSAGE_RATE.windowMs / 1000);
    // The same ids from another candidate are that candidate's own messages, under their own limit.
    expect(await c.ok('sendHelpMessage', { token: other, body: { id: 'burst-0', text: '另一位' } })).toMatchObject({ id: 'burst-0', text: '另一位' });
    expect(await c.ok('sendHelpMessage', { token: me, body: { id: 'burst-0', text: '第1条' } })).toMatchObject({ id: 'burst-0', text: '第1条' });
    await c.setClock(startsAt + HELP_MESSAGE_RATE.windowMs - 1);
    await c.fails('sendHelpMessage', { token: me, body: { id: 'burst-more', text: '再来一条' } }, 429, 'RATE_LIMITED');
    await c.setClock(startsAt + HELP_MESSAGE_RATE.windowMs);
    await c.ok('sendHelpMessage', { token: me, body: { id: 'burst-more', text: '再来一条' } });
    expect(((await c.ok('getHelpMessages', { token: other })) as unknown[]).length).toBe(1);
  });

  it('rate-limits incidents per candidate (429 RATE_LIMITED); a retry of a stored one is answered', async () => {
    const startsAt = nextStart();
    const { tokens } = await c.entered(startsAt);
    const token = tokens[0]!;
    await c.setClock(startsAt);
    const incident = (i: number) => ({ id: `flood-${i}`, kind: 'windowBlur', at: startsAt });
    for (let i = 0; i < INCIDENT_RATE.limit; i++) await c.ok('reportIncident', { token, body: incident(i) });
    const refused = await c.fails('reportIncident', { token, body: incident(INCIDENT_RATE.limit) }, 429, 'RATE_LIMITED');
    expect(refused.retryAfterSeconds).toBe(INCIDENT_RATE.windowMs / 1000);
    await c.ok('reportIncident', { token, body: incident(0) });
    await c.setClock(startsAt + INCIDENT_RATE.windowMs);
    await c.ok('reportIncident', { token, body: incident(INCIDENT_RATE.limit) });
    // The server's own kinds are not the page's to report.
    await c.fails('reportIncident', { token, body: { id: 'forged', kind: 'evidenceLate', at: startsAt } }, 400, 'VALIDATION_FAILED');
  });

  it('creates no recording after finishing (403 EXAM_FINISHED)', async () => {
    const startsAt = nextStart();
    const { tokens } = await c.entered(startsAt);
    const token = tokens[0]!;
    await c.ok('createRecording', { token, body: { kind: 'camera', mimeType: 'video/webm' } });
    await c.setClock(startsAt + MIN);
    await c.ok('finish', { token, body: { reason: 'endedEarly' } });
    await c.fails('createRecording', { token, body: { kind: 'screen', mimeType: 'video/webm' } }, 403, 'EXAM_FINISHED');
  });

  it('creates recordings only for one who entered, each with its own upload URL', async () => {
    const { refused, camera, screen } = await createTwoRecordings(c, nextStart());
    expect(refused.code).toBe('NOT_ENTERED');
    expect(camera.uploadUrl).toContain(camera.recordingId);
    expect(screen.recordingId).not.toBe(camera.recordingId);
  });
}

function describeEvidenceGate(c: ContractClient, nextStart: () => number) {
  it('draws no lot and lets nobody enter until the phone reports 录制中, where the exam requires evidence (R9)', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1);
    await c.setClock(startsAt - 15 * MIN);
    const token = await c.login(candidates[0]!);
    await c.fails('drawLot', { token }, 409, 'EVIDENCE_NOT_RECORDING');
    await c.fails('enter', { token }, 409, 'EVIDENCE_NOT_RECORDING');
    const { code } = (await c.ok('createPairing', { token })) as { code: string };
    const phone = ((await c.ok('pairPhone', { body: { code } })) as { token: string }).token;
    await c.ok('setEvidenceStatus', { token: phone, body: { state: 'roomScanned' } });
    await c.fails('drawLot', { token }, 409, 'EVIDENCE_NOT_RECORDING');
    await c.fails('enter', { token }, 409, 'EVIDENCE_NOT_RECORDING');
    const me = (await c.ok('getMe', { token })) as { progress: { enteredAt: number | null; stage: string } };
    expect(me.progress).toMatchObject({ enteredAt: null, stage: 'readingProcess' });
    await c.ok('setEvidenceStatus', { token: phone, body: { state: 'recording' } });
    // A phone that stopped before the interview must record again (不得中断拍摄): the page offers 下一步 only at 录制中.
    await c.ok('setEvidenceStatus', { token: phone, body: { state: 'stopped' } });
    await c.fails('drawLot', { token }, 409, 'EVIDENCE_NOT_RECORDING');
    await c.fails('enter', { token }, 409, 'EVIDENCE_NOT_RECORDING');
    const again = ((await c.ok('pairPhone', { body: { code: ((await c.ok('createPairing', { token })) as { code: string }).code } })) as { token: string }).token;
    await c.ok('setEvidenceStatus', { token: again, body: { state: 'recording' } });
    expect(((await c.ok('drawLot', { token })) as { lot: number | null }).lot).not.toBeNull();
    expect(await c.ok('enter', { token })).toMatchObject({ enteredAt: startsAt - 15 * MIN });
    // Once recorded, the phone may stop (R10): re-entry is not refused for that.
    await c.ok('setEvidenceStatus', { token: again, body: { state: 'stopped' } });
    await c.ok('enter', { token });
  });

  it('lets a candidate draw and enter without the phone where the exam does not require evidence (R9)', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1, { policy: { requireEvidence: false } });
    await c.setClock(startsAt - 15 * MIN);
    const token = await c.login(candidates[0]!);
    await c.ok('drawLot', { token });
    expect(await c.ok('enter', { token })).toMatchObject({ enteredAt: startsAt - 15 * MIN });
  });
}

function describeConfirmations(c: ContractClient, nextStart: () => number) {
  it('records 设备确认, 信息确认 and the pledge with server time, the first time kept, only for one who entered (R16, R17, R24)', async () => {
    const startsAt = nextStart();
    const { candidates } = await c.seed(startsAt, 1);
    const enteredAt = startsAt - 15 * MIN;
    await c.setClock(enteredAt);
    const token = await c.login(candidates[0]!);
    await c.fails('confirm', { token, body: { kind: 'devices' } }, 403, 'NOT_ENTERED');
    await c.phoneRecording(token);
    expect(await c.ok('enter', { token })).toMatchObject({ devicesConfirmedAt: null, infoConfirmedAt: null, pledgeAcceptedAt: null, pledgeVersion: null });
    await c.setClock(enteredAt + 10_000);
    expect(await c.ok('confirm', { token, body: { kind: 'devices' } })).toMatchObject({ devicesConfirmedAt: enteredAt + 10_000, infoConfirmedAt: null });
    await c.setClock(enteredAt + 20_000);
    expect(await c.ok('confirm', { token, body: { kind: 'devices' } })).toMatchObject({ devicesConfirmedAt: enteredAt + 10_000 });
    expect(await c.ok('confirm', { token, body: { kind: 'info' } })).toMatchObject({ infoConfirmedAt: enteredAt + 20_000, pledgeAcceptedAt: null });
    await c.setClock(enteredAt + 30_000);
    await c.fails('confirm', { token, body: { kind: 'pledge' } }, 400, 'VALIDATION_FAILED');
    expect(await c.ok('confirm', { token, body: { kind: 'pledge', pledgeVersion: 'pledge-v1' } })).toMatchObject({ pledgeAcceptedAt: enteredAt + 30_000, pledgeVersion: 'pledge-v1' });
    await c.setClock(enteredAt + 40_000);
    await c.ok('confirm', { token, body: { kind: 'pledge', pledgeVersion: 'pledge-v2' } });
    const me = (await c.ok('getMe', { token })) as { progress: Record<string, unknown> };
    expect(me.progress).toMatchObject({
      devicesConfirmedAt: enteredAt + 10_000,
      infoConfirmedAt: enteredAt + 20_000,
      pledgeAcceptedAt: enteredAt + 30_000,
      pledgeVersion: 'pledge-v1',
    });
  });

  it('lets nobody count down or answer without all three confirmations (R16, R17, R24)', async () => {
    const startsAt = nextStart();
    const { tokens } = await c.entered(startsAt);
    const token = tokens[0]!;
    await c.ok('saveProgress', { token, body: { stage: 'readingPledge' } });
    await c.fails('saveProgress', { token, body: { stage: 'countdown' } }, 409, 'CONFIRMATIONS_MISSING');
    await c.ok('confirm', { token, body: { kind: 'devices' } });
    await c.ok('confirm', { token, body: { kind: 'info' } });
    await c.fails('saveProgress', { token, body: { stage: 'countdown' } }, 409, 'CONFIRMATIONS_MISSING');
    await c.setClock(startsAt);
    await c.fails('getQuestions', { token }, 409, 'CONFIRMATIONS_MISSING');
    await c.fails('saveProgress', { token, body: { stage: 'answering' } }, 409, 'CONFIRMATIONS_MISSING');
    expect(((await c.ok('getMe', { token })) as { progress: { stage: string } }).progress.stage).toBe('readingPledge');
    await c.ok('confirm', { token, body: { kind: 'pledge', pledgeVersion: 'pledge-v1' } });
    expect(await c.ok('saveProgress', { token, body: { stage: 'answering' } })).toMatchObject({ stage: 'answering' });
    expect(((await c.ok('getQuestions', { token })) as unknown[]).length).toBeGreaterThan(0);
  });
}

function describeAnsweringWindow(c: ContractClient, nextStart: () => number) {
  /** The default answer time (R1): the deadline is five minutes after the start. */
  const deadlineOf = (startsAt: number) => startsAt + 5 * MIN;

  it('gives the questions until the deadline, then has finished one still answering as timeUp at the deadline exactly (R1, R18)', async () => {
    const startsAt = nextStart();
    const deadline = deadlineOf(startsAt);
    const { tokens } = await c.entered(startsAt, 1, { confirmed: true });
    const token = tokens[0]!;
    await c.setClock(startsAt);
    await c.ok('saveProgress', { token, body: { stage: 'answering' } });
    await c.setClock(deadline - 1);
    await c.ok('getQuestions', { token });
    expect(((await c.ok('getMe', { token })) as { progress: Record<string, unknown> }).progress).toMatchObject({ stage: 'answering', finishedAt: null });
    await c.setClock(deadline);
    // Finished by the server at the deadline: from then on the candidate may only complete their uploads.
    await c.fails('getQuestions', { token }, 403, 'EXAM_FINISHED');
    const finished = { stage: 'finished', finishedAt: deadline, finishReason: 'timeUp' };
    expect(((await c.ok('getMe', { token })) as { progress: Record<string, unknown> }).progress).toMatchObject(finished);
    await c.fails('saveProgress', { token, body: { stage: 'answering' } }, 403, 'EXAM_FINISHED');
    expect(((await c.ok('getMe', { token })) as { progress: Record<string, unknown> }).progress).toMatchObject(finished);
  });

  it('checks the reason a client sends against server time: no timeUp before the deadline, timeUp whatever is sent after it (R1, R25)', async () => {
    const startsAt = nextStart();
    const deadline = deadlineOf(startsAt);
    const { tokens } = await c.entered(startsAt, 2, { confirmed: true });
    await c.setClock(deadline - 1);
    await c.fails('finish', { token: tokens[0]!, body: { reason: 'timeUp' } }, 409, 'FINISH_REASON_INVALID');
    expect(((await c.ok('getMe', { token: tokens[0]! })) as { progress: { finishedAt: number | null } }).progress.finishedAt).toBeNull();
    expect(await c.ok('finish', { token: tokens[0]!, body: { reason: 'completed' } })).toMatchObject({ finishReason: 'completed', finishedAt: deadline - 1 });
    await c.setClock(deadline + 30_000);
    expect(await c.ok('finish', { token: tokens[1]!, body: { reason: 'completed' } })).toMatchObject({ stage: 'finished', finishReason: 'timeUp', finishedAt: deadline });
    expect(await c.ok('finish', { token: tokens[0]!, body: { reason: 'endedEarly' } })).toMatchObject({ finishReason: 'completed', finishedAt: deadline - 1 });
  });
}
