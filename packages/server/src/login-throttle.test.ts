/**
 * Login throttling over HTTP, where the address matters: the reverse proxy's X-Forwarded-For is
 * believed only from a trusted proxy (EXAMROOM_TRUST_PROXY), a campus behind one address logs in, an attacker's
 * failures hold only the attacker's address, and the growing delay is a 429 with Retry-After that lifts after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '@examroom/domain';
import { api, removeTempDirs, seedExam, startServer, type SeededExam, type TestServer } from './test-support/server.js';

let direct: TestServer;
let proxied: TestServer;

beforeAll(async () => {
  direct = await startServer({ testClock: true });
  // The tests' requests come from 127.0.0.1, which plays the university's reverse proxy here.
  proxied = await startServer({ testClock: true, trustProxy: ['loopback'] });
});

afterAll(async () => {
  await direct.close();
  await proxied.close();
  removeTempDirs();
});

const CAMPUS = '203.0.113.7';
const ATTACKER = '198.51.100.9';

interface Attempt {
  readonly password?: string;
  readonly deviceKey?: string;
  /** X-Forwarded-For as the proxy sends it (the client's address); a forged one when the server trusts no proxy. */
  readonly forwardedFor?: string;
}

function passwordLogin(server: TestServer, exam: SeededExam, index: number, attempt: Attempt = {}) {
  const candidate = exam.candidates[index]!;
  return api<{ token?: string; code?: string; retryAfterSeconds?: number }>(server, 'POST', '/sessions/password', {
    body: { examId: exam.examId, idNumber: candidate.idNumber, password: attempt.password ?? candidate.password, deviceKey: attempt.deviceKey ?? `device-key-${index}-aaaa` },
    ...(attempt.forwardedFor ? { headers: { 'x-forwarded-for': attempt.forwardedFor } } : {}),
  });
}

describe('behind a trusted reverse proxy', () => {
  it('lets 300 candidates behind one campus address log in at once, while an attacker’s 200 wrong passwords hold only the attacker', async () => {
    const exam = await seedExam(proxied, 300);
    // Server time stands still, so that the attacker's delays do not run out while the test goes on.
    proxied.app.examroom.clock.set(proxied.app.examroom.clock.now());
    const attacks = [];
    for (let i = 0; i < 200; i += 1) attacks.push((await passwordLogin(proxied, exam, 0, { password: 'wrong', deviceKey: 'attacker-key-1', forwardedFor: ATTACKER })).status);
    expect(attacks.filter((status) => status === 401)).toHaveLength(LOGIN_THROTTLE.freeFailures);
    expect(attacks.filter((status) => status === 429)).toHaveLength(200 - LOGIN_THROTTLE.freeFailures);
    // One in ten mistypes first; then everyone logs in at the same moment, through the proxy.
    const typos = await Promise.all(exam.candidates.filter((_, i) => i % 10 === 0).map((_, k) => passwordLogin(proxied, exam, 10 * k, { password: 'typo', forwardedFor: CAMPUS })));
    expect(typos.map((response) => response.status)).toEqual(typos.map(() => 401));
    const logins = await Promise.all(exam.candidates.map((_, i) => passwordLogin(proxied, exam, i, { forwardedFor: CAMPUS })));
    expect(logins.map((response) => response.status)).toEqual(exam.candidates.map(() => 201));
  }, 180_000);

  it('counts each forwarded address apart', async () => {
    const exam = await seedExam(proxied, 1);
    for (let i = 0; i <= LOGIN_THROTTLE.freeFailures; i += 1) {
      expect((await passwordLogin(proxied, exam, 0, { password: 'wrong', forwardedFor: `192.0.2.${i}` })).body.code).toBe('INVALID_CREDENTIALS');
    }
  });
});

describe('without trustProxy', () => {
  it('ignores a forged X-Forwarded-For, answers the growing delay with 429 and Retry-After, and lifts it after the delay', async () => {
    const exam = await seedExam(direct, 1);
    const { clock } = direct.app.examroom;
    const now = clock.now();
    clock.set(now);
    for (let i = 0; i < LOGIN_THROTTLE.freeFailures; i += 1) {
      expect((await passwordLogin(direct, exam, 0, { password: 'wrong', forwardedFor: `192.0.2.${i}` })).body.code).toBe('INVALID_CREDENTIALS');
    }
    // Every attempt came from 127.0.0.1, whatever the header said: the next one must wait a second.
    const held = await passwordLogin(direct, exam, 0, { forwardedFor: '192.0.2.200' });
    expect(held.status).toBe(429);
    expect(held.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    expect(held.headers.get('retry-after')).toBe('1');
    clock.set(now + 999);
    expect((await passwordLogin(direct, exam, 0)).status).toBe(429);
    clock.set(now + 1_000);
    expect((await passwordLogin(direct, exam, 0)).status).toBe(201);
  });
});
