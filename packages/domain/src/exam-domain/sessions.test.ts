import { describe, expect, it, vi } from 'vitest';
import { ATTEMPT_LIMITS } from '../exam-domain.js';
import { SEC, MIN, START, LOGIN_OPENS, ENTRY_OPENS, CUTOFF, EVIDENCE_DUE, rejection, codeOf, world, type World } from '../exam-domain.test-kit.js';

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
    w.repo.insertExam({ id: 'exam-3', title: '短考试', policy: { loginOpensBeforeStartMs: 10 * MIN }, timeZone: 'Asia/Shanghai' });
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
    w.ends.length = 0;
    w.at(LOGIN_OPENS + 30 * SEC);
    const taken = w.login(0, 'device-b-key');
    expect(await codeOf(() => w.domain.authenticate(old))).toBe('SESSION_REVOKED');
    expect(w.domain.authenticate(taken).subjectId).toBe(w.candidates[0]!.id);
    expect(w.ends).toEqual([{ sessionId: oldSession, role: 'candidate', subjectId: w.candidates[0]!.id, reason: 'SESSION_REVOKED' }]);
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
  const wrong = (w: World, idNumber: string, ip: string) =>
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
