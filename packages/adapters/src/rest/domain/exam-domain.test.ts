import { describe, expect, it, vi } from 'vitest';
import { ExamError, type ErrorCode, type ErrorDetails } from '@examroom/core';
import type { LiveEvent } from '../contract.js';
import type { Audience } from './dispatcher.types.js';
import { ATTEMPT_LIMITS, createExamDomain, maskIdNumber } from './exam-domain.js';
import type { FaceVerifier, UploadStorage } from './exam-domain.types.js';
import { createMemoryCrypto } from './memory-crypto.js';
import { createMemoryRepository } from './memory-repository.js';
import type { RecordingRow } from './repository.js';

const SEC = 1_000;
const MIN = 60 * SEC;
/** 10:00 Beijing time. Default policy: login 09:30, entry 09:45, cutoff 10:02, deadline 10:05, evidence 11:05. */
const START = Date.UTC(2030, 5, 1, 2, 0);
const LOGIN_OPENS = START - 30 * MIN;
const ENTRY_OPENS = START - 15 * MIN;
const CUTOFF = START + 2 * MIN;
const DEADLINE = START + 5 * MIN;
const EVIDENCE_DUE = DEADLINE + 60 * MIN;

/** The ExamError a call throws (sync or async); fails the test when it does not throw one. */
async function rejection(work: () => unknown): Promise<{ code: ErrorCode; details: ErrorDetails }> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ExamError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected an ExamError, but the call succeeded');
}

const codeOf = async (work: () => unknown) => (await rejection(work)).code;

interface WorldOptions {
  readonly faceVerifier?: FaceVerifier;
  readonly candidates?: number;
  readonly entryOpensAt?: number;
}

function world(options: WorldOptions = {}) {
  let now = START - 60 * MIN;
  const repo = createMemoryRepository();
  const crypto = createMemoryCrypto();
  const uploads: RecordingRow[] = [];
  /** What the storage's finalize does; by default it accepts the declaration and reports a 1.5 s WebM. */
  const finalize = vi.fn<UploadStorage['finalize']>(async (_row, declared) => ({ serverSha256: 'f'.repeat(64), durationMs: declared.totalBytes > 0 ? 1500 : null }));
  const domain = createExamDomain({
    repo,
    clock: { now: () => now },
    crypto,
    ...(options.faceVerifier ? { faceVerifier: options.faceVerifier } : {}),
    uploads: { create: async (row) => void uploads.push(row), finalize },
    phoneUrl: (code) => `https://examroom.test/phone#${code}`,
    uploadUrl: (id) => `/api/v1/uploads/${id}`,
  });
  repo.insertExam({ id: 'exam-1', title: '综合素质评估', policy: {} });
  repo.insertExam({ id: 'exam-2', title: '另一场考试', policy: {} });
  repo.insertQuestion({ id: 'q2', examId: 'exam-1', order: 2, text: '第二题' });
  repo.insertQuestion({ id: 'q1', examId: 'exam-1', order: 1, text: '第一题' });
  repo.insertQuestion({ id: 'q3', examId: 'exam-1', order: 3, text: '第三题' });
  repo.insertSupervisor({ id: 'sup-1', username: 'supervisor', passwordHash: crypto.hashPassword('sup-pass'), examIds: ['exam-1'] });
  const events: [LiveEvent, Audience][] = [];
  domain.subscribe((event, audience) => events.push([event, audience]));

  const accounts = Array.from({ length: options.candidates ?? 3 }, (_, i) => ({
    name: `考生${i + 1}`,
    idNumber: `11010120000101${String(i + 1).padStart(4, '0')}`,
    password: `pass-${i + 1}`,
    admissionNumber: `2026${String(i + 1).padStart(6, '0')}`,
  }));
  const seeded = domain.seedSitting({
    examId: 'exam-1',
    name: '第一场',
    startsAt: START,
    ...(options.entryOpensAt !== undefined ? { entryOpensAt: options.entryOpensAt } : {}),
    candidates: accounts,
  });
  const foreign = domain.seedSitting({
    examId: 'exam-2',
    name: '别的考试',
    startsAt: START,
    candidates: [{ name: '外人', idNumber: '220101200001010099', password: 'pass-x', admissionNumber: '9' }],
  });
  const candidates = seeded.candidates.map((c, i) => ({ ...c, ...accounts[i]! }));
  const ip = { ip: '10.0.0.1' };

  const w = {
    repo,
    crypto,
    domain,
    events,
    uploads,
    finalize,
    sittingId: seeded.sitting.id,
    candidates,
    foreign: { ...foreign.candidates[0]!, sittingId: foreign.sitting.id, idNumber: '220101200001010099', password: 'pass-x' },
    at(instant: number) {
      now = instant;
    },
    login(i: number, deviceKey = `device-${i}-key`, caller = ip) {
      const c = candidates[i]!;
      return domain.loginWithPassword({ examId: 'exam-1', idNumber: c.idNumber, password: c.password, deviceKey }, caller).token;
    },
    /** Logs candidate i in and returns their principal. */
    candidate(i: number, deviceKey?: string) {
      return domain.authenticate(w.login(i, deviceKey));
    },
    supervisor() {
      return domain.authenticate(domain.supervisorLogin({ username: 'supervisor', password: 'sup-pass' }, ip).token);
    },
    phone(i: number) {
      const pairing = domain.createPairing(w.candidate(i, `device-${i}-key`));
      return domain.authenticate(domain.pairPhone({ code: pairing.code }, ip).token);
    },
    eventsOf(type: LiveEvent['type']) {
      return events.filter(([e]) => e.type === type);
    },
  };
  return w;
}

describe('login window (R4, R21)', () => {
  it('opens exactly at loginOpensAt and tells when it opens before that', async () => {
    const w = world();
    w.at(LOGIN_OPENS - 1);
    const refused = await rejection(() => w.login(0));
    expect(refused).toEqual({ code: 'LOGIN_NOT_OPEN', details: { opensAt: LOGIN_OPENS } });
    w.at(LOGIN_OPENS);
    expect(w.login(0)).toBeTypeOf('string');
  });

  it('closes at the late cutoff for one who has not entered', async () => {
    const w = world();
    w.at(CUTOFF - 1);
    w.login(0);
    w.at(CUTOFF);
    expect(await codeOf(() => w.login(1))).toBe('LATE_ENTRY_CLOSED');
  });

  it('stays open until the evidence is due for one who entered, then EXAM_OVER', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    w.domain.enter(w.candidate(0));
    w.at(EVIDENCE_DUE - 1);
    expect(w.login(0)).toBeTypeOf('string');
    w.at(EVIDENCE_DUE);
    expect(await codeOf(() => w.login(0))).toBe('EXAM_OVER');
  });

  it('applies the exam’s and the sitting’s policy', async () => {
    const w = world();
    w.repo.insertExam({ id: 'exam-3', title: '短考试', policy: { loginOpensBeforeStartMs: 10 * MIN } });
    const { candidates } = w.domain.seedSitting({
      examId: 'exam-3',
      name: '短',
      startsAt: START,
      policy: { lateEntryCutoffMs: 30 * SEC },
      candidates: [{ name: 'x', idNumber: '330101200001010011', password: 'p', admissionNumber: '1' }],
    });
    expect(candidates).toHaveLength(1);
    const login = () => w.domain.loginWithPassword({ examId: 'exam-3', idNumber: '330101200001010011', password: 'p', deviceKey: 'device-key-1' }, { ip: '1.1.1.1' });
    w.at(START - 10 * MIN - 1);
    expect(await rejection(login)).toEqual({ code: 'LOGIN_NOT_OPEN', details: { opensAt: START - 10 * MIN } });
    w.at(START + 30 * SEC - 1);
    expect(login().role).toBe('candidate');
    w.at(START + 30 * SEC);
    expect(await codeOf(login)).toBe('LATE_ENTRY_CLOSED');
  });
});

describe('credentials', () => {
  it('answers INVALID_CREDENTIALS alike for a wrong password and an unknown ID number, doing the same work', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const verify = vi.spyOn(w.crypto, 'verifyPassword');
    const attempt = (idNumber: string) => w.domain.loginWithPassword({ examId: 'exam-1', idNumber, password: 'wrong', deviceKey: 'device-key-1' }, { ip: '1.1.1.1' });
    expect(await codeOf(() => attempt(w.candidates[0]!.idNumber))).toBe('INVALID_CREDENTIALS');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await codeOf(() => attempt('999999999999999999'))).toBe('INVALID_CREDENTIALS');
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify.mock.calls[1]![1]).toMatch(/\S/);
  });

  it('refuses a candidate of another exam as unknown, and an unknown exam as EXAM_NOT_FOUND', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const c = w.candidates[0]!;
    const body = { idNumber: c.idNumber, password: c.password, deviceKey: 'device-key-1' };
    expect(await codeOf(() => w.domain.loginWithPassword({ ...body, examId: 'exam-2' }, { ip: '1.1.1.1' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(() => w.domain.loginWithPassword({ ...body, examId: 'no-such-exam' }, { ip: '1.1.1.1' }))).toBe('EXAM_NOT_FOUND');
  });

  it('accepts a lower-case x in an ID number', () => {
    const w = world();
    const { candidates } = w.domain.seedSitting({
      examId: 'exam-1',
      name: '第二场',
      startsAt: START,
      candidates: [{ name: 'x', idNumber: '11010120000101002X', password: 'p', admissionNumber: '5' }],
    });
    w.at(LOGIN_OPENS);
    const session = w.domain.loginWithPassword({ examId: 'exam-1', idNumber: '11010120000101002x', password: 'p', deviceKey: 'device-key-1' }, { ip: '1.1.1.1' });
    expect(w.domain.authenticate(session.token).subjectId).toBe(candidates[0]!.id);
  });

  it('stores only the hash of a token, and knows nothing of other tokens', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const token = w.login(0);
    const principal = w.domain.authenticate(token);
    const [session] = w.repo.listSessions('candidate', principal.subjectId);
    expect(session!.tokenHash).toBe(w.crypto.hashToken(token));
    expect(session!.tokenHash).not.toBe(token);
    expect(await codeOf(() => w.domain.authenticate(null))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => w.domain.authenticate('forged-token'))).toBe('UNAUTHENTICATED');
  });

  it('revokes a session at logout', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const token = w.login(0);
    w.domain.logout(w.domain.authenticate(token));
    expect(await codeOf(() => w.domain.authenticate(token))).toBe('SESSION_REVOKED');
  });
});

describe('one active session per candidate (R6)', () => {
  it('refuses another device while the session is alive, up to 30 s after it was last seen', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    w.login(0, 'device-a-key');
    w.at(LOGIN_OPENS + 30 * SEC - 1);
    expect(await codeOf(() => w.login(0, 'device-b-key'))).toBe('ALREADY_ACTIVE_ELSEWHERE');
  });

  it('counts any authenticated call as a sign of life', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const token = w.login(0, 'device-a-key');
    w.at(LOGIN_OPENS + 20 * SEC);
    w.domain.heartbeat(w.domain.authenticate(token));
    w.at(LOGIN_OPENS + 50 * SEC - 1);
    expect(await codeOf(() => w.login(0, 'device-b-key'))).toBe('ALREADY_ACTIVE_ELSEWHERE');
    w.at(LOGIN_OPENS + 50 * SEC);
    expect(w.login(0, 'device-b-key')).toBeTypeOf('string');
  });

  it('lets the same device reconnect, revoking its old session', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const first = w.login(0, 'device-a-key');
    const second = w.login(0, 'device-a-key');
    expect(await codeOf(() => w.domain.authenticate(first))).toBe('SESSION_REVOKED');
    expect(w.domain.authenticate(second).subjectId).toBe(w.candidates[0]!.id);
  });

  it('lets another device take over a stale session and tells only the old session', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const old = w.login(0, 'device-a-key');
    const oldSession = w.domain.authenticate(old).sessionId;
    w.events.length = 0;
    w.at(LOGIN_OPENS + 30 * SEC);
    const taken = w.login(0, 'device-b-key');
    expect(await codeOf(() => w.domain.authenticate(old))).toBe('SESSION_REVOKED');
    expect(w.domain.authenticate(taken).subjectId).toBe(w.candidates[0]!.id);
    expect(w.eventsOf('session.revoked')).toEqual([
      [
        { type: 'session.revoked', candidateId: w.candidates[0]!.id, reason: 'SESSION_REVOKED' },
        { candidateId: w.candidates[0]!.id, supervisors: false, sessionId: oldSession },
      ],
    ]);
  });

  it('publishes nothing and revokes nothing when a login is refused', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const first = w.login(0, 'device-a-key');
    w.events.length = 0;
    expect(await codeOf(() => w.login(0, 'device-b-key'))).toBe('ALREADY_ACTIVE_ELSEWHERE');
    expect(w.events).toEqual([]);
    expect(w.domain.authenticate(first).role).toBe('candidate');
  });

  it('keeps phone and supervisor sessions apart from the candidate’s', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const phone = w.phone(0);
    w.supervisor();
    w.at(LOGIN_OPENS + 40 * SEC);
    // The browser session is stale; the live phone session does not block a new browser login.
    expect(w.login(0, 'device-b-key')).toBeTypeOf('string');
    expect(w.domain.authenticate(w.domain.pairPhone({ code: w.domain.createPairing(w.candidate(0, 'device-b-key')).code }, { ip: '1.1.1.1' }).token).role).toBe('phone');
    expect(w.domain.getEvidenceStatus(w.candidate(0, 'device-b-key')).state).toBe('phoneConnected');
    expect(phone.role).toBe('phone');
  });
});

describe('login attempts are rate-limited', () => {
  const wrong = (w: ReturnType<typeof world>, idNumber: string, ip: string) =>
    codeOf(() => w.domain.loginWithPassword({ examId: 'exam-1', idNumber, password: 'wrong', deviceKey: 'device-key-1' }, { ip }));

  it('per ID number: after 10 failures even the right password waits until the window has passed', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const idNumber = w.candidates[0]!.idNumber;
    for (let i = 0; i < ATTEMPT_LIMITS.perSubject; i += 1) expect(await wrong(w, idNumber, `10.0.0.${i}`)).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => w.login(0, 'device-0-key', { ip: '10.9.9.9' }))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 15 * 60 } });
    w.at(LOGIN_OPENS + 15 * MIN - 1);
    expect(await rejection(() => w.login(0))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    expect(w.login(1)).toBeTypeOf('string');
    w.at(LOGIN_OPENS + 15 * MIN);
    expect(w.login(0)).toBeTypeOf('string');
  });

  it('per address: 30 failures over many ID numbers block that address only', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    for (let i = 0; i < ATTEMPT_LIMITS.perAddress; i += 1) await wrong(w, `99999999999999${String(i).padStart(4, '0')}`, '10.6.6.6');
    expect(await codeOf(() => w.login(0, 'device-0-key', { ip: '10.6.6.6' }))).toBe('TOO_MANY_ATTEMPTS');
    expect(w.login(0, 'device-0-key', { ip: '10.7.7.7' })).toBeTypeOf('string');
  });

  it('forgets an ID number’s failures after a successful login', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const idNumber = w.candidates[0]!.idNumber;
    for (let i = 0; i < ATTEMPT_LIMITS.perSubject - 1; i += 1) await wrong(w, idNumber, '10.0.0.1');
    w.login(0);
    await wrong(w, idNumber, '10.0.0.1');
    expect(w.login(0)).toBeTypeOf('string');
  });

  it('limits supervisor login per username', async () => {
    const w = world();
    const attempt = (password: string) => w.domain.supervisorLogin({ username: 'supervisor', password }, { ip: '10.0.0.1' });
    for (let i = 0; i < ATTEMPT_LIMITS.perSubject; i += 1) expect(await codeOf(() => attempt('wrong'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(() => attempt('sup-pass'))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('limits phone pairing per address', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const code = w.domain.createPairing(w.candidate(0)).code;
    for (let i = 0; i < ATTEMPT_LIMITS.perAddress; i += 1) {
      expect(await codeOf(() => w.domain.pairPhone({ code: `guess${i}xyz` }, { ip: '10.6.6.6' }))).toBe('PAIRING_FAILED');
    }
    expect(await codeOf(() => w.domain.pairPhone({ code }, { ip: '10.6.6.6' }))).toBe('TOO_MANY_ATTEMPTS');
    expect(w.domain.pairPhone({ code }, { ip: '10.7.7.7' }).role).toBe('phone');
  });

  it('limits face login per address', async () => {
    const w = world({ faceVerifier: { identify: async () => null } });
    w.at(LOGIN_OPENS);
    const attempt = () => w.domain.loginWithFace({ examId: 'exam-1', deviceKey: 'device-key-1', image: 'aGVsbG8=' }, { ip: '10.6.6.6' });
    for (let i = 0; i < ATTEMPT_LIMITS.perAddress; i += 1) expect(await codeOf(attempt)).toBe('FACE_NOT_MATCHED');
    expect(await codeOf(attempt)).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('face login (R5)', () => {
  it('is unavailable without a verifier; nothing pretends to recognise a face', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    expect(await codeOf(() => w.domain.loginWithFace({ examId: 'exam-1', deviceKey: 'device-key-1', image: 'aGVsbG8=' }, { ip: '1.1.1.1' }))).toBe('FACE_LOGIN_UNAVAILABLE');
  });

  it('logs in the candidate the verifier recognises, under the same rules as a password login', async () => {
    let candidateId = '';
    const identify = vi.fn(async () => ({ candidateId }));
    const w = world({ faceVerifier: { identify } });
    candidateId = w.candidates[0]!.id;
    const login = () => w.domain.loginWithFace({ examId: 'exam-1', deviceKey: 'device-key-1', image: 'data:image/jpeg;base64,aGVsbG8=' }, { ip: '1.1.1.1' });
    w.at(LOGIN_OPENS - 1);
    expect(await codeOf(login)).toBe('LOGIN_NOT_OPEN');
    w.at(LOGIN_OPENS);
    const session = await login();
    expect(w.domain.authenticate(session.token).subjectId).toBe(candidateId);
    expect(identify).toHaveBeenLastCalledWith({ examId: 'exam-1', image: new TextEncoder().encode('hello') });
    candidateId = w.foreign.id;
    expect(await codeOf(login)).toBe('FACE_NOT_MATCHED');
  });
});

describe('progress only moves forward (R2)', () => {
  it('moves forward through the stages before entry, ignores earlier ones, refuses later ones', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.candidate(0);
    expect(w.domain.getMe(me).progress.stage).toBe('readingProcess');
    expect(w.domain.saveProgress(me, { stage: 'bindingEvidence' }).stage).toBe('bindingEvidence');
    expect(w.domain.saveProgress(me, { stage: 'readingProcess' }).stage).toBe('bindingEvidence');
    expect(await codeOf(() => w.domain.saveProgress(me, { stage: 'countdown' }))).toBe('STAGE_OUT_OF_ORDER');
    expect(w.domain.saveProgress(me, { stage: 'awaitingEntry' }).stage).toBe('awaitingEntry');
    expect(await codeOf(() => w.domain.saveProgress(me, { stage: 'confirmingDevices' }))).toBe('STAGE_OUT_OF_ORDER');
    expect(w.domain.getMe(me).progress.stage).toBe('awaitingEntry');
  });

  it('goes on after entry, straight to answering if need be', () => {
    const w = world();
    w.at(START);
    const me = w.candidate(0);
    expect(w.domain.enter(me).stage).toBe('confirmingDevices');
    expect(w.domain.saveProgress(me, { stage: 'answering' }).stage).toBe('answering');
    expect(w.domain.saveProgress(me, { stage: 'countdown' }).stage).toBe('answering');
  });

  it('tells the supervisors of each change', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.candidate(0);
    w.events.length = 0;
    w.domain.saveProgress(me, { stage: 'bindingEvidence' });
    const statuses = w.eventsOf('candidate.status');
    expect(statuses).toHaveLength(1);
    expect(statuses[0]![1]).toEqual({ candidateId: me.subjectId, supervisors: true });
    expect(statuses[0]![0]).toMatchObject({ status: { candidate: { id: me.subjectId }, online: true, progress: { stage: 'bindingEvidence' } } });
    w.events.length = 0;
    w.domain.saveProgress(me, { stage: 'readingProcess' });
    expect(w.eventsOf('candidate.status')).toEqual([]);
  });
});

describe('lots (R11)', () => {
  it('draws the smallest free number, unique in the sitting, the same on a second draw', () => {
    const w = world({ candidates: 4 });
    w.at(LOGIN_OPENS);
    const [a, b, c] = [w.candidate(0), w.candidate(1), w.candidate(2)];
    // Someone already holds lot 2.
    w.repo.updateCandidate({ ...w.repo.getCandidate(w.candidates[3]!.id)!, lot: 2 });
    expect(w.domain.drawLot(a)).toMatchObject({ lot: 1, stage: 'drawingLot' });
    expect(w.domain.drawLot(a).lot).toBe(1);
    expect(w.domain.drawLot(b).lot).toBe(3);
    expect(w.domain.drawLot(c).lot).toBe(4);
  });

  it('numbers each sitting on its own', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    expect(w.domain.drawLot(w.candidate(0)).lot).toBe(1);
    const foreign = w.domain.authenticate(w.domain.loginWithPassword({ examId: 'exam-2', idNumber: w.foreign.idNumber, password: w.foreign.password, deviceKey: 'device-key-1' }, { ip: '1.1.1.1' }).token);
    expect(w.domain.drawLot(foreign).lot).toBe(1);
  });

  it('assigns every missing lot of the sitting at entry time, in candidate order, keeping drawn ones', async () => {
    const w = world({ candidates: 4 });
    w.at(LOGIN_OPENS);
    const third = w.candidate(2);
    expect(w.domain.drawLot(third).lot).toBe(1);
    const supervisor = w.supervisor();
    const lots = () => w.domain.listCandidates(supervisor, w.sittingId).map((s) => s.progress.lot);
    w.at(ENTRY_OPENS - 1);
    expect(lots()).toEqual([null, null, 1, null]);
    w.at(ENTRY_OPENS);
    expect(lots()).toEqual([2, 3, 1, 4]);
    expect(w.repo.listCandidates(w.sittingId).map((c) => c.lot)).toEqual([2, 3, 1, 4]);
  });

  it('settles lots whichever call comes first after entry time', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.candidate(1);
    w.at(ENTRY_OPENS);
    expect(w.domain.getMe(me).progress.lot).toBe(2);
    expect(w.repo.listCandidates(w.sittingId).map((c) => c.lot)).toEqual([1, 2, 3]);
  });
});

describe('entry (R12, R21)', () => {
  it('opens exactly at entryOpensAt, telling when before', async () => {
    const entryOpensAt = START - 7 * MIN;
    const w = world({ entryOpensAt });
    w.at(entryOpensAt - 1);
    const me = w.candidate(0);
    expect(await rejection(() => w.domain.enter(me))).toEqual({ code: 'ENTRY_NOT_OPEN', details: { opensAt: entryOpensAt } });
    w.at(entryOpensAt);
    expect(w.domain.enter(me)).toMatchObject({ enteredAt: entryOpensAt, stage: 'confirmingDevices', lot: 1 });
  });

  it('closes at the cutoff for one who has not entered', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [a, b] = [w.candidate(0), w.candidate(1)];
    w.at(CUTOFF - 1);
    expect(w.domain.enter(a).enteredAt).toBe(CUTOFF - 1);
    w.at(CUTOFF);
    expect(await codeOf(() => w.domain.enter(b))).toBe('LATE_ENTRY_CLOSED');
  });

  it('lets one who entered re-enter until the deadline, keeping the first entry time', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const me = w.candidate(0);
    w.domain.enter(me);
    w.at(DEADLINE - 1);
    expect(w.domain.enter(me).enteredAt).toBe(ENTRY_OPENS);
    w.at(DEADLINE);
    expect(await codeOf(() => w.domain.enter(me))).toBe('EXAM_OVER');
  });
});

describe('questions (R18)', () => {
  it('are released at the start, in order, to those who entered', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [w.candidate(0), w.candidate(1)];
    w.domain.enter(me);
    w.at(START - 1);
    expect(await rejection(() => w.domain.getQuestions(me))).toEqual({ code: 'QUESTIONS_NOT_RELEASED', details: { opensAt: START } });
    w.at(START);
    expect(w.domain.getQuestions(me)).toEqual([
      { id: 'q1', order: 1, text: '第一题' },
      { id: 'q2', order: 2, text: '第二题' },
      { id: 'q3', order: 3, text: '第三题' },
    ]);
    expect(await codeOf(() => w.domain.getQuestions(outsider))).toBe('NOT_ENTERED');
  });
});

describe('finish (R25, R29)', () => {
  it('records the first reason and time only', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [w.candidate(0), w.candidate(1)];
    w.domain.enter(me);
    w.at(START + MIN);
    expect(w.domain.finish(me, { reason: 'endedEarly' })).toMatchObject({ stage: 'finished', finishedAt: START + MIN, finishReason: 'endedEarly' });
    w.at(DEADLINE);
    expect(w.domain.finish(me, { reason: 'timeUp' })).toMatchObject({ finishedAt: START + MIN, finishReason: 'endedEarly' });
    expect(await codeOf(() => w.domain.finish(outsider, { reason: 'completed' }))).toBe('NOT_ENTERED');
  });
});

describe('incidents and help (R15, R27)', () => {
  it('stores an incident once per client id', () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const me = w.candidate(0);
    const incident = { id: 'inc-1', kind: 'windowBlur' as const, at: ENTRY_OPENS - 5 };
    w.domain.reportIncident(me, incident);
    w.domain.reportIncident(me, { ...incident, kind: 'printScreen' });
    expect(w.domain.listIncidents(w.supervisor(), me.subjectId)).toEqual([incident]);
  });

  it('stamps help messages with server time, once per id, and publishes each new one', () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const me = w.candidate(0);
    w.events.length = 0;
    w.at(START + 10 * SEC);
    const sent = w.domain.sendHelpMessage(me, { id: 'm-1', text: '摄像头没有画面' });
    expect(sent).toEqual({ id: 'm-1', from: 'candidate', text: '摄像头没有画面', at: START + 10 * SEC });
    w.at(START + 20 * SEC);
    expect(w.domain.sendHelpMessage(me, { id: 'm-1', text: '摄像头没有画面' })).toEqual(sent);
    const reply = w.domain.replyHelp(w.supervisor(), me.subjectId, { id: 'm-2', text: '请检查连接' });
    expect(reply).toEqual({ id: 'm-2', from: 'supervisor', text: '请检查连接', at: START + 20 * SEC });
    expect(w.domain.getHelpMessages(me)).toEqual([sent, reply]);
    expect(w.eventsOf('help.message')).toEqual([
      [{ type: 'help.message', candidateId: me.subjectId, message: sent }, { candidateId: me.subjectId, supervisors: true }],
      [{ type: 'help.message', candidateId: me.subjectId, message: reply }, { candidateId: me.subjectId, supervisors: true }],
    ]);
  });

  it('never hands out another candidate’s message under a reused id', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [a, b] = [w.candidate(0), w.candidate(1)];
    w.domain.sendHelpMessage(b, { id: 'm-b', text: 'B 的秘密' });
    expect(await rejection(() => w.domain.sendHelpMessage(a, { id: 'm-b', text: '?' }))).toEqual({ code: 'VALIDATION_FAILED', details: { field: '/id' } });
    expect(w.domain.getHelpMessages(a)).toEqual([]);
  });
});

describe('recordings and uploads (R14, R23)', () => {
  it('creates a recording for one who entered, with its upload', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [w.candidate(0), w.candidate(1)];
    expect(await codeOf(() => w.domain.createRecording(outsider, { kind: 'camera', mimeType: 'video/webm' }))).toBe('NOT_ENTERED');
    w.domain.enter(me);
    const target = await w.domain.createRecording(me, { kind: 'screen', mimeType: 'video/webm;codecs=vp9' });
    expect(target.uploadUrl).toBe(`/api/v1/uploads/${target.recordingId}`);
    expect(w.uploads).toEqual([expect.objectContaining({ id: target.recordingId, candidateId: me.subjectId, kind: 'screen', bytesReceived: 0, complete: false })]);
    expect(w.repo.getRecording(target.recordingId)).toEqual(w.uploads[0]);
  });

  it('authorises an upload only to the session that owns the recording and may upload its kind', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const aToken = w.login(0);
    const a = w.domain.authenticate(aToken);
    const bToken = w.login(1);
    w.domain.enter(a);
    const camera = await w.domain.createRecording(a, { kind: 'camera', mimeType: 'video/webm' });
    const pairing = w.domain.createPairing(a);
    const phoneToken = w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }).token;
    const evidence = await w.domain.createEvidenceRecording(w.domain.authenticate(phoneToken), { mimeType: 'video/mp4' });
    const supervisorToken = w.domain.supervisorLogin({ username: 'supervisor', password: 'sup-pass' }, { ip: '1.1.1.1' }).token;

    expect(w.domain.authorizeUpload(aToken, camera.recordingId).id).toBe(camera.recordingId);
    expect(w.domain.authorizeUpload(phoneToken, evidence.recordingId).kind).toBe('evidence');
    expect(await codeOf(() => w.domain.authorizeUpload(bToken, camera.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(phoneToken, camera.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(aToken, evidence.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(supervisorToken, camera.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(aToken, 'rec_unknown'))).toBe('NOT_FOUND');
    expect(await codeOf(() => w.domain.authorizeUpload(null, camera.recordingId))).toBe('UNAUTHENTICATED');
    w.login(0); // same device: the old token is revoked
    expect(await codeOf(() => w.domain.authorizeUpload(aToken, camera.recordingId))).toBe('SESSION_REVOKED');
  });

  it('records upload progress, which never completes a recording by itself', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const phone = w.phone(0);
    const target = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.domain.recordUploadProgress(target.recordingId, 1000);
    w.domain.recordUploadProgress(target.recordingId, 500);
    expect(w.repo.getRecording(target.recordingId)).toMatchObject({ bytesReceived: 1000, complete: false });
    w.events.length = 0;
    w.domain.recordUploadProgress(target.recordingId, 2000);
    expect(w.domain.listRecordings(w.supervisor(), phone.subjectId)).toEqual([
      { id: target.recordingId, kind: 'evidence', mimeType: 'video/mp4', createdAt: ENTRY_OPENS, bytesReceived: 2000, complete: false },
    ]);
    expect(w.eventsOf('evidence.status')).toEqual([]);
    expect(await codeOf(() => w.domain.recordUploadProgress('rec_unknown', 1))).toBe('NOT_FOUND');
  });
});

describe('completing a recording (issue 4)', () => {
  const SHA = 'a'.repeat(64);

  async function uploaded(w: ReturnType<typeof world>, bytes = 2000) {
    w.at(ENTRY_OPENS);
    const me = w.candidate(0);
    w.domain.enter(me);
    const camera = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' });
    w.domain.recordUploadProgress(camera.recordingId, bytes);
    return { me, id: camera.recordingId };
  }

  it('finalises the upload once its length is right, and keeps both checksums and the duration', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const done = await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA });
    expect(done).toEqual({
      id,
      kind: 'camera',
      mimeType: 'video/webm;codecs=vp8,opus',
      createdAt: ENTRY_OPENS,
      bytesReceived: 2000,
      complete: true,
      clientSha256: SHA,
      serverSha256: 'f'.repeat(64),
      durationMs: 1500,
    });
    expect(w.finalize).toHaveBeenCalledTimes(1);
    expect(w.finalize.mock.calls[0]![0]).toMatchObject({ id, bytesReceived: 2000, complete: false });
    expect(w.finalize.mock.calls[0]![1]).toEqual({ totalBytes: 2000, sha256: SHA });
    expect(w.repo.getRecording(id)).toMatchObject({ complete: true, clientSha256: SHA, serverSha256: 'f'.repeat(64), durationMs: 1500 });
    expect(w.domain.listRecordings(w.supervisor(), me.subjectId)).toEqual([done]);
  });

  it('is idempotent: the same declaration gets the stored row, a different one an error, nothing finalised again', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const done = await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA });
    expect(await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })).toEqual(done);
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: 'b'.repeat(64) }))).toBe('CHECKSUM_MISMATCH');
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 1999, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(w.finalize).toHaveBeenCalledTimes(1);
    expect(w.repo.getRecording(id)).toMatchObject({ complete: true, clientSha256: SHA });
  });

  it('finalises once when the same call races itself (a retry while the first is still running)', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const calls = await Promise.all([1, 2, 3].map(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })));
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[2]).toEqual(calls[0]);
    expect(w.finalize).toHaveBeenCalledTimes(1);
  });

  it('refuses a length other than what arrived (UPLOAD_FAILED) without asking the storage', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2001, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 1999, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(w.finalize).not.toHaveBeenCalled();
    expect(w.repo.getRecording(id)).toMatchObject({ complete: false, clientSha256: null });
  });

  it('keeps the recording incomplete when the storage finds another checksum, and can still complete it after', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    w.finalize.mockRejectedValueOnce(new ExamError('CHECKSUM_MISMATCH'));
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: 'b'.repeat(64) }))).toBe('CHECKSUM_MISMATCH');
    expect(w.repo.getRecording(id)).toMatchObject({ bytesReceived: 2000, complete: false, clientSha256: null, serverSha256: null, durationMs: null });
    expect((await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })).complete).toBe(true);
  });

  it('lets only the owner complete: a candidate their camera and screen, a phone its evidence', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const other = w.candidate(1);
    const phone = w.phone(0);
    const evidence = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.domain.recordUploadProgress(evidence.recordingId, 10);
    const body = { totalBytes: 10, sha256: SHA };
    expect(await codeOf(() => w.domain.completeRecording(other, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(phone, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(me, evidence.recordingId, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(w.supervisor(), id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(me, 'rec_unknown', body))).toBe('NOT_FOUND');
    expect(w.finalize).not.toHaveBeenCalled();
  });

  it('marks the evidence uploaded when the phone completes its recording (R30)', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const phone = w.phone(0);
    w.domain.setEvidenceStatus(phone, { state: 'recording' });
    const target = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.domain.recordUploadProgress(target.recordingId, 3000);
    w.finalize.mockResolvedValueOnce({ serverSha256: SHA, durationMs: null });
    w.events.length = 0;
    w.at(ENTRY_OPENS + MIN);
    const done = await w.domain.completeRecording(phone, target.recordingId, { totalBytes: 3000, sha256: SHA });
    expect(done).toMatchObject({ complete: true, clientSha256: SHA, serverSha256: SHA });
    expect(done).not.toHaveProperty('durationMs');
    expect(w.eventsOf('evidence.status')[0]![0]).toEqual({ type: 'evidence.status', candidateId: phone.subjectId, status: { state: 'uploaded', updatedAt: ENTRY_OPENS + MIN } });
    await w.domain.completeRecording(phone, target.recordingId, { totalBytes: 3000, sha256: SHA });
    expect(w.eventsOf('evidence.status')).toHaveLength(1);
  });

  it('refuses to complete without a storage that can vouch for the bytes', async () => {
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const domain = createExamDomain({ repo, clock: { now: () => 0 }, crypto, phoneUrl: (c) => c, uploadUrl: (id) => id });
    repo.insertRecording({
      id: 'rec_1', candidateId: 'c-1', kind: 'camera', mimeType: 'video/webm', createdAt: 0, bytesReceived: 5,
      complete: false, clientSha256: null, serverSha256: null, durationMs: null,
    });
    const principal = { role: 'candidate' as const, sessionId: 's-1', subjectId: 'c-1' };
    expect(await codeOf(() => domain.completeRecording(principal, 'rec_1', { totalBytes: 5, sha256: SHA }))).toBe('UPLOAD_FAILED');
  });
});

describe('the phone (R9, R10)', () => {
  it('pairs with a fresh code for ten minutes, stored hashed', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.candidate(0);
    const pairing = w.domain.createPairing(me);
    expect(pairing.code).toMatch(/^[A-Za-z0-9]{8,}$/);
    expect(pairing.url).toBe(`https://examroom.test/phone#${pairing.code}`);
    expect(pairing.expiresAt).toBe(LOGIN_OPENS + 10 * MIN);
    expect(w.repo.findPairing(pairing.code)).toBeUndefined();
    expect(w.domain.createPairing(me).code).not.toBe(pairing.code);
    w.at(pairing.expiresAt - 1);
    expect(w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }).role).toBe('phone');
    w.at(pairing.expiresAt);
    expect(await codeOf(() => w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
    expect(await codeOf(() => w.domain.pairPhone({ code: 'nonexistent' }, { ip: '1.1.1.1' }))).toBe('PAIRING_FAILED');
  });

  it('moves the evidence status forward only; a repeat changes nothing', async () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.candidate(0);
    expect(w.domain.getEvidenceStatus(me)).toEqual({ state: 'waitingForPhone', updatedAt: START - 60 * MIN });
    w.at(LOGIN_OPENS + 1);
    const phone = w.phone(0);
    expect(w.domain.getEvidenceStatus(me)).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1 });
    w.at(LOGIN_OPENS + 2);
    expect(w.domain.setEvidenceStatus(phone, { state: 'phoneConnected' })).toEqual({ state: 'phoneConnected', updatedAt: LOGIN_OPENS + 1 });
    w.events.length = 0;
    expect(w.domain.setEvidenceStatus(phone, { state: 'recording' })).toEqual({ state: 'recording', updatedAt: LOGIN_OPENS + 2 });
    expect(w.eventsOf('evidence.status')).toEqual([
      [{ type: 'evidence.status', candidateId: me.subjectId, status: { state: 'recording', updatedAt: LOGIN_OPENS + 2 } }, { candidateId: me.subjectId, supervisors: true }],
    ]);
    expect(await codeOf(() => w.domain.setEvidenceStatus(phone, { state: 'roomScanned' }))).toBe('STAGE_OUT_OF_ORDER');
    expect(w.domain.getEvidenceStatus(me).state).toBe('recording');
  });
});

describe('the supervisor (R32)', () => {
  it('logs in with the right password only', async () => {
    const w = world();
    expect(w.supervisor().role).toBe('supervisor');
    expect(await codeOf(() => w.domain.supervisorLogin({ username: 'supervisor', password: 'wrong' }, { ip: '1.1.1.1' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(() => w.domain.supervisorLogin({ username: 'nobody', password: 'sup-pass' }, { ip: '1.1.1.1' }))).toBe('INVALID_CREDENTIALS');
  });

  it('lists the sittings of their exams only, by start', () => {
    const w = world();
    const later = w.domain.seedSitting({ examId: 'exam-1', name: '第零场', startsAt: START - 90 * MIN, candidates: [{ name: 'x', idNumber: '440101200001010011', password: 'p', admissionNumber: '1' }] });
    const sittings = w.domain.listSittings(w.supervisor());
    expect(sittings.map((s) => [s.sitting.id, s.candidates])).toEqual([
      [later.sitting.id, 1],
      [w.sittingId, 3],
    ]);
    expect(sittings[0]).toMatchObject({ examId: 'exam-1', examTitle: '综合素质评估' });
  });

  it('sees who is online (seen within 30 s), and their incidents and help messages', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const a = w.candidate(0);
    w.candidate(1);
    w.domain.reportIncident(a, { id: 'inc-1', kind: 'pageHidden', at: LOGIN_OPENS });
    w.domain.sendHelpMessage(a, { id: 'm-1', text: '你好' });
    w.at(LOGIN_OPENS + 29 * SEC);
    w.domain.authenticate(w.login(0));
    const supervisor = w.supervisor();
    w.at(LOGIN_OPENS + 30 * SEC);
    const statuses = w.domain.listCandidates(supervisor, w.sittingId);
    expect(statuses.map((s) => [s.candidate.id, s.online, s.incidents, s.helpMessages])).toEqual([
      [w.candidates[0]!.id, true, 1, 1],
      [w.candidates[1]!.id, false, 0, 0],
      [w.candidates[2]!.id, false, 0, 0],
    ]);
    expect(statuses[0]).toMatchObject({ sittingId: w.sittingId, candidate: { idNumberMasked: '1101**********0001' }, evidence: { state: 'waitingForPhone' } });
  });

  it('reaches candidates of their exams only', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const supervisor = w.supervisor();
    expect(await codeOf(() => w.domain.listCandidates(supervisor, w.foreign.sittingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.listCandidates(supervisor, 'no-such-sitting'))).toBe('NOT_FOUND');
    for (const read of [w.domain.getCandidateHelp, w.domain.listIncidents, w.domain.listRecordings]) {
      expect(await codeOf(() => read(supervisor, w.foreign.id))).toBe('FORBIDDEN');
      expect(await codeOf(() => read(supervisor, 'no-such-candidate'))).toBe('NOT_FOUND');
    }
    expect(await codeOf(() => w.domain.replyHelp(supervisor, w.foreign.id, { id: 'm-x', text: 'x' }))).toBe('FORBIDDEN');
    expect(w.repo.getHelpMessage('m-x')).toBeUndefined();
  });
});

describe('roles and ownership', () => {
  it('lets each role call its own methods only', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const candidate = w.candidate(0);
    const phone = w.phone(1);
    const supervisor = w.supervisor();
    expect(await codeOf(() => w.domain.listSittings(candidate))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.getCandidateHelp(candidate, candidate.subjectId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.setEvidenceStatus(candidate, { state: 'recording' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.getMe(phone))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.createRecording(phone, { kind: 'camera', mimeType: 'video/webm' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.getMe(supervisor))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.createEvidenceRecording(supervisor, { mimeType: 'video/mp4' }))).toBe('FORBIDDEN');
  });

  it('gives candidate A only A’s data', () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [a, b] = [w.candidate(0), w.candidate(1)];
    w.domain.sendHelpMessage(b, { id: 'm-b', text: 'B' });
    w.domain.drawLot(b);
    expect(w.domain.getMe(a).candidate.id).toBe(a.subjectId);
    expect(w.domain.getHelpMessages(a)).toEqual([]);
    expect(w.domain.getHelpMessages(b).map((m) => m.id)).toEqual(['m-b']);
  });
});

describe('getMe', () => {
  it('returns the candidate (ID number masked), the exam with its sittings, their sitting and progress', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.domain.getMe(w.candidate(0));
    expect(me.candidate).toEqual({ id: w.candidates[0]!.id, name: '考生1', idNumberMasked: '1101**********0001', admissionNumber: '2026000001' });
    expect(me.exam).toEqual({ id: 'exam-1', title: '综合素质评估', policy: {}, sittings: [{ id: w.sittingId, name: '第一场', startsAt: START }] });
    expect(me.sitting).toEqual({ id: w.sittingId, name: '第一场', startsAt: START });
    expect(me.progress).toEqual({ stage: 'readingProcess', lot: null, enteredAt: null, finishedAt: null, finishReason: null });
  });
});

describe('seedSitting', () => {
  it('refuses an unknown exam and a repeated ID number, changing nothing', async () => {
    const w = world();
    const candidate = { name: 'x', idNumber: '550101200001010011', password: 'p', admissionNumber: '1' };
    expect(await codeOf(() => w.domain.seedSitting({ examId: 'nope', name: 'x', startsAt: START, candidates: [candidate] }))).toBe('EXAM_NOT_FOUND');
    expect(await rejection(() => w.domain.seedSitting({ examId: 'exam-1', name: 'x', startsAt: START, candidates: [candidate, candidate] }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: '/candidates/1/idNumber' },
    });
    expect(w.repo.listSittings('exam-1')).toHaveLength(1);
  });

  it('stores passwords hashed', () => {
    const w = world();
    const row = w.repo.getCandidate(w.candidates[0]!.id)!;
    expect(row.passwordHash).toBe(w.crypto.hashPassword('pass-1'));
  });
});

describe('live events', () => {
  it('a failing listener neither fails nor undoes the call', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const me = w.candidate(0);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    w.domain.subscribe(() => {
      throw new Error('socket closed');
    });
    expect(w.domain.saveProgress(me, { stage: 'bindingEvidence' }).stage).toBe('bindingEvidence');
    expect(w.domain.getMe(me).progress.stage).toBe('bindingEvidence');
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('stops after unsubscribing', () => {
    const w = world();
    w.at(LOGIN_OPENS);
    const seen: string[] = [];
    const stop = w.domain.subscribe((e) => seen.push(e.type));
    const me = w.candidate(0);
    stop();
    w.domain.saveProgress(me, { stage: 'bindingEvidence' });
    expect(seen).toEqual(['candidate.status']);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['110101200001010011', '1101**********0011'],
    ['E12345678', 'E1*****78'],
    ['A12345', 'A****5'],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });
});
