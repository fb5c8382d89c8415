import { describe, expect, it, vi } from 'vitest';
import { ATTEMPT_LIMITS } from '../exam-domain.js';
import { LOGIN_THROTTLE, loginDelayMs } from './attempts.js';
import { SEC, MIN, START, LOGIN_OPENS, ENTRY_OPENS, CUTOFF, EVIDENCE_DUE, rejection, codeOf, world, type World } from '../exam-domain.test-kit.js';

describe('login window (R4, R21)', () => {
  it('opens exactly at loginOpensAt and tells when it opens before that', async () => {
    const w = await world();
    w.at(LOGIN_OPENS - 1);
    const refused = await rejection(() => w.login(0));
    expect(refused).toEqual({ code: 'LOGIN_NOT_OPEN', details: { opensAt: LOGIN_OPENS } });
    w.at(LOGIN_OPENS);
    expect(await w.login(0)).toBeTypeOf('string');
  });

  it('closes at the late cutoff for one who has not entered', async () => {
    const w = await world();
    w.at(CUTOFF - 1);
    await w.login(0);
    w.at(CUTOFF);
    expect(await codeOf(() => w.login(1))).toBe('LATE_ENTRY_CLOSED');
  });

  it('stays open until the evidence is due for one who entered, then EXAM_OVER', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    await w.domain.enter(await w.candidate(0));
    w.at(EVIDENCE_DUE - 1);
    expect(await w.login(0)).toBeTypeOf('string');
    w.at(EVIDENCE_DUE);
    expect(await codeOf(() => w.login(0))).toBe('EXAM_OVER');
  });

  it('applies the exam’s and the sitting’s policy', async () => {
    const w = await world();
    await w.repo.insertExam({ id: 'exam-3', title: '短考试', policy: { loginOpensBeforeStartMs: 10 * MIN }, timeZone: 'Asia/Shanghai' });
    const { candidates } = (await w.domain.seedSitting({
      examId: 'exam-3',
      name: '短',
      startsAt: START,
      policy: { lateEntryCutoffMs: 30 * SEC },
      candidates: [{ name: 'x', idNumber: '330101200001010011', password: 'p', admissionNumber: '1' }],
    }));
    expect(candidates).toHaveLength(1);
    const login = () => w.domain.loginWithPassword({ examId: 'exam-3', idNumber: '330101200001010011', password: 'p', deviceKey: 'device-key-1' }, { ip: '1.1.1.1' });
    w.at(START - 10 * MIN - 1);
    expect(await rejection(login)).toEqual({ code: 'LOGIN_NOT_OPEN', details: { opensAt: START - 10 * MIN } });
    w.at(START + 30 * SEC - 1);
    expect((await login()).role).toBe('candidate');
    w.at(START + 30 * SEC);
    expect(await codeOf(login)).toBe('LATE_ENTRY_CLOSED');
  });
});

describe('credentials', () => {
  it('answers INVALID_CREDENTIALS alike for a wrong password and an unknown ID number, doing the same work', async () => {
    const w = await world();
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
    const w = await world();
    w.at(LOGIN_OPENS);
    const c = w.candidates[0]!;
    const body = { idNumber: c.idNumber, password: c.password, deviceKey: 'device-key-1' };
    expect(await codeOf(() => w.domain.loginWithPassword({ ...body, examId: 'exam-2' }, { ip: '1.1.1.1' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(() => w.domain.loginWithPassword({ ...body, examId: 'no-such-exam' }, { ip: '1.1.1.1' }))).toBe('EXAM_NOT_FOUND');
  });

  it('accepts a lower-case x in an ID number', async () => {
    const w = await world();
    const { candidates } = (await w.domain.seedSitting({
      examId: 'exam-1',
      name: '第二场',
      startsAt: START,
      candidates: [{ name: 'x', idNumber: '11010120000101002X', password: 'p', admissionNumber: '5' }],
    }));
    w.at(LOGIN_OPENS);
    const session = await w.domain.loginWithPassword({ examId: 'exam-1', idNumber: '11010120000101002x', password: 'p', deviceKey: 'device-key-1' }, { ip: '1.1.1.1' });
    expect((await w.domain.authenticate(session.token)).subjectId).toBe(candidates[0]!.id);
  });

  it('stores only the hash of a token, and knows nothing of other tokens', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const token = await w.login(0);
    const principal = await w.domain.authenticate(token);
    const [session] = await w.repo.listSessions('candidate', principal.subjectId);
    expect(session!.tokenHash).toBe(w.crypto.hashToken(token));
    expect(session!.tokenHash).not.toBe(token);
    expect(await codeOf(() => w.domain.authenticate(null))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => w.domain.authenticate('forged-token'))).toBe('UNAUTHENTICATED');
  });

  it('revokes a session at logout', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const token = await w.login(0);
    await w.domain.logout(await w.domain.authenticate(token));
    expect(await codeOf(() => w.domain.authenticate(token))).toBe('SESSION_REVOKED');
  });
});

describe('one active session per candidate (R6)', () => {
  it('refuses another device while the session is alive, up to 30 s after it was last seen', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    await w.login(0, 'device-a-key');
    w.at(LOGIN_OPENS + 30 * SEC - 1);
    expect(await codeOf(() => w.login(0, 'device-b-key'))).toBe('ALREADY_ACTIVE_ELSEWHERE');
  });

  it('counts any authenticated call as a sign of life', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const token = await w.login(0, 'device-a-key');
    w.at(LOGIN_OPENS + 20 * SEC);
    await w.domain.heartbeat(await w.domain.authenticate(token));
    w.at(LOGIN_OPENS + 50 * SEC - 1);
    expect(await codeOf(() => w.login(0, 'device-b-key'))).toBe('ALREADY_ACTIVE_ELSEWHERE');
    w.at(LOGIN_OPENS + 50 * SEC);
    expect(await w.login(0, 'device-b-key')).toBeTypeOf('string');
  });

  it('lets the same device reconnect, revoking its old session', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const first = await w.login(0, 'device-a-key');
    const second = await w.login(0, 'device-a-key');
    expect(await codeOf(() => w.domain.authenticate(first))).toBe('SESSION_REVOKED');
    expect((await w.domain.authenticate(second)).subjectId).toBe(w.candidates[0]!.id);
  });

  it('lets another device take over a stale session and tells only the old session', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const old = await w.login(0, 'device-a-key');
    const oldSession = (await w.domain.authenticate(old)).sessionId;
    w.ends.length = 0;
    w.at(LOGIN_OPENS + 30 * SEC);
    const taken = await w.login(0, 'device-b-key');
    expect(await codeOf(() => w.domain.authenticate(old))).toBe('SESSION_REVOKED');
    expect((await w.domain.authenticate(taken)).subjectId).toBe(w.candidates[0]!.id);
    expect(w.ends).toEqual([{ sessionId: oldSession, role: 'candidate', subjectId: w.candidates[0]!.id, reason: 'SESSION_REVOKED' }]);
  });

  it('publishes nothing and revokes nothing when a login is refused', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const first = await w.login(0, 'device-a-key');
    w.events.length = 0;
    expect(await codeOf(() => w.login(0, 'device-b-key'))).toBe('ALREADY_ACTIVE_ELSEWHERE');
    expect(w.events).toEqual([]);
    expect((await w.domain.authenticate(first)).role).toBe('candidate');
  });

  it('keeps phone and supervisor sessions apart from the candidate’s', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const phone = await w.phone(0);
    await w.supervisor();
    w.at(LOGIN_OPENS + 40 * SEC);
    // The browser session is stale; the live phone session does not block a new browser login.
    expect(await w.login(0, 'device-b-key')).toBeTypeOf('string');
    expect((await w.domain.authenticate((await w.domain.pairPhone({ code: (await w.domain.createPairing(await w.candidate(0, 'device-b-key'))).code }, { ip: '1.1.1.1' })).token)).role).toBe('phone');
    expect((await w.domain.getEvidenceStatus(await w.candidate(0, 'device-b-key'))).state).toBe('phoneConnected');
    expect(phone.role).toBe('phone');
  });
});

describe('login throttling: growing delays per (subject, address), no exam-day lockout', () => {
  const { freeFailures, maxDelayMs, addressFailures, addressWindowMs } = LOGIN_THROTTLE;
  const attempt = (w: World, idNumber: string, password: string, ip: string, deviceKey = 'attacker-device-key') =>
    w.domain.loginWithPassword({ examId: 'exam-1', idNumber, password, deviceKey }, { ip });
  const wrong = (w: World, idNumber: string, ip: string, deviceKey?: string) => codeOf(() => attempt(w, idNumber, 'wrong', ip, deviceKey));

  /** An attacker who waits out every delay: `count` real password checks of `idNumber` from `ip`, on the moving clock. */
  async function patientAttack(w: World, idNumber: string, ip: string, count: number, from: number): Promise<number> {
    let now = from;
    w.at(now);
    for (let checked = 0; checked < count; ) {
      const refused = await rejection(() => attempt(w, idNumber, 'wrong', ip));
      if (refused.code === 'INVALID_CREDENTIALS') checked += 1;
      else {
        expect(refused.code).toBe('TOO_MANY_ATTEMPTS');
        now += refused.details.retryAfterSeconds! * SEC;
        w.at(now);
      }
    }
    return now;
  }

  it('answers TOO_MANY_ATTEMPTS with the growing delay (1 s, 2 s, 4 s … capped) and lets the next attempt in after it', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const idNumber = w.candidates[0]!.idNumber;
    for (let i = 0; i < freeFailures; i += 1) expect(await wrong(w, idNumber, '10.6.6.6')).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => w.login(0, 'device-0-key', { ip: '10.6.6.6' }))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    w.at(LOGIN_OPENS + SEC - 1);
    expect(await rejection(() => w.login(0, 'device-0-key', { ip: '10.6.6.6' }))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    w.at(LOGIN_OPENS + SEC);
    expect(await wrong(w, idNumber, '10.6.6.6')).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => attempt(w, idNumber, 'wrong', '10.6.6.6'))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 2 } });
    w.at(LOGIN_OPENS + 3 * SEC);
    expect(await wrong(w, idNumber, '10.6.6.6')).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => attempt(w, idNumber, 'wrong', '10.6.6.6'))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 4 } });
    // The right password after the delay gets in, and forgets the failures: five free ones again.
    w.at(LOGIN_OPENS + 7 * SEC);
    expect(await w.login(0, 'device-0-key', { ip: '10.6.6.6' })).toBeTypeOf('string');
    for (let i = 0; i < freeFailures; i += 1) expect(await wrong(w, idNumber, '10.6.6.6')).toBe('INVALID_CREDENTIALS');
  });

  it('caps the delay', () => {
    expect([4, 5, 6, 7, 13, 14, 200].map((failures) => loginDelayMs(failures))).toEqual([0, SEC, 2 * SEC, 4 * SEC, 256 * SEC, maxDelayMs, maxDelayMs]);
  });

  it('an attacker’s 200 wrong passwords from one address keep the candidate out neither from their own address nor from their own device behind it', async () => {
    const w = await world();
    const idNumber = w.candidates[0]!.idNumber;
    // The candidate has logged in with their device before (and logged out).
    w.at(LOGIN_OPENS);
    await w.domain.logout(await w.candidate(0, 'device-0-key'));
    // The attacker waits out every delay, so that all 200 passwords are checked, and ends inside the login window.
    const waits = Array.from({ length: 200 - freeFailures }, (_, i) => loginDelayMs(freeFailures + i)).reduce((a, b) => a + b, 0);
    const end = await patientAttack(w, idNumber, '10.6.6.6', 200, LOGIN_OPENS + 5 * MIN - waits);
    expect(end).toBe(LOGIN_OPENS + 5 * MIN);
    // The attacker's address is held for the longest delay…
    expect(await rejection(() => attempt(w, idNumber, 'wrong', '10.6.6.6'))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: maxDelayMs / SEC } });
    // …the candidate is not: from their own address (any device), and from their own device behind the attacker's.
    expect(await w.login(0, 'device-0-key', { ip: '10.6.6.6' })).toBeTypeOf('string');
    await w.domain.logout(await w.domain.authenticate(await w.login(0, 'device-0-key', { ip: '10.6.6.6' })));
    expect(await w.login(0, 'new-device-key', { ip: '10.0.0.1' })).toBeTypeOf('string');
  });

  it('an attacker’s 200 wrong passwords from many addresses do not keep the candidate out', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const idNumber = w.candidates[0]!.idNumber;
    // 200 addresses, one try each; then 20 addresses, ten tries each (five checked, the rest refused at once).
    for (let i = 0; i < 200; i += 1) expect(await wrong(w, idNumber, `172.16.${i >> 8}.${i & 255}`)).toBe('INVALID_CREDENTIALS');
    const answers = [];
    for (let i = 0; i < 200; i += 1) answers.push(await wrong(w, idNumber, `172.17.0.${i % 20}`));
    expect(answers.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(20 * freeFailures);
    expect(await w.login(0, 'device-0-key', { ip: '10.0.0.1' })).toBeTypeOf('string');
  });

  it('counts attempts that run at the same time: no more password checks slip through than the free ones', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const verify = vi.spyOn(w.crypto, 'verifyPassword');
    const idNumber = w.candidates[0]!.idNumber;
    const codes = await Promise.all(Array.from({ length: 50 }, () => wrong(w, idNumber, '10.6.6.6')));
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(freeFailures);
    expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(50 - freeFailures);
    expect(verify).toHaveBeenCalledTimes(freeFailures);
  });

  it('lets 300 candidates behind one address log in, some after mistyping', async () => {
    const w = await world({ candidates: 300 });
    w.at(LOGIN_OPENS);
    const proxy = { ip: '10.8.8.8' };
    for (let i = 0; i < 300; i += 1) {
      if (i % 3 === 0) expect(await wrong(w, w.candidates[i]!.idNumber, proxy.ip, `device-${i}-key`)).toBe('INVALID_CREDENTIALS');
      expect(await w.login(i, `device-${i}-key`, proxy)).toBeTypeOf('string');
    }
  });

  it('per address: a spray of one password over many ID numbers holds new devices on that address only, until the window has passed', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    await w.login(1, 'device-1-key', { ip: '10.6.6.6' });
    for (let i = 0; i < addressFailures; i += 1) expect(await wrong(w, `99999999999999${String(i).padStart(4, '0')}`, '10.6.6.6')).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => w.login(0, 'device-0-key', { ip: '10.6.6.6' }))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: addressWindowMs / SEC } });
    // A device that logged in before is not held by its address's budget; another address is not held at all.
    expect(await w.login(1, 'device-1-key', { ip: '10.6.6.6' })).toBeTypeOf('string');
    expect(await w.login(0, 'device-0-key', { ip: '10.7.7.7' })).toBeTypeOf('string');
    w.at(LOGIN_OPENS + addressWindowMs);
    expect(await w.login(2, 'device-2-key', { ip: '10.6.6.6' })).toBeTypeOf('string');
  });

  it('a known device has its own growing delay: a stolen device key guesses no faster', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const idNumber = w.candidates[0]!.idNumber;
    await w.domain.logout(await w.candidate(0, 'device-0-key'));
    for (let i = 0; i < freeFailures; i += 1) expect(await wrong(w, idNumber, `172.16.0.${i}`, 'device-0-key')).toBe('INVALID_CREDENTIALS');
    expect(await wrong(w, idNumber, '172.16.1.1', 'device-0-key')).toBe('TOO_MANY_ATTEMPTS');
    expect(await w.login(0, 'device-9-key', { ip: '10.0.0.1' })).toBeTypeOf('string');
  });

  it('limits supervisor login per (username, address)', async () => {
    const w = await world();
    const login = (password: string, ip: string) => w.domain.supervisorLogin({ username: 'supervisor', password }, { ip });
    for (let i = 0; i < freeFailures; i += 1) expect(await codeOf(() => login('wrong', '10.6.6.6'))).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => login('sup-pass', '10.6.6.6'))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    expect((await login('sup-pass', '10.0.0.1')).role).toBe('supervisor');
  });

  it('limits phone pairing per address', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const code = (await w.domain.createPairing(await w.candidate(0))).code;
    for (let i = 0; i < ATTEMPT_LIMITS.perAddress; i += 1) {
      expect(await codeOf(() => w.domain.pairPhone({ code: `guess${i}xyz` }, { ip: '10.6.6.6' }))).toBe('PAIRING_FAILED');
    }
    expect(await codeOf(() => w.domain.pairPhone({ code }, { ip: '10.6.6.6' }))).toBe('TOO_MANY_ATTEMPTS');
    expect((await w.domain.pairPhone({ code }, { ip: '10.7.7.7' })).role).toBe('phone');
  });
});
