import { describe, expect, it, vi } from 'vitest';
import { LOCALES } from '@examroom/core';
import type { RouteName } from '@examroom/adapters/rest';
import { applyDemoExam } from './demo-fixture.js';
import type { DispatchRequest } from './dispatcher.types.js';
import { createDispatcher, type DispatcherOptions } from './dispatcher.js';
import { createExamDomain } from './exam-domain.js';
import type { ExamDomain } from './exam-domain.types.js';
import { createMemoryCrypto } from './memory-crypto.js';
import { createMemoryRepository } from './memory-repository.js';

const MIN = 60_000;
const NOW = Date.UTC(2030, 5, 1, 1, 0);

async function setup(options: DispatcherOptions = {}, wrap: (domain: ExamDomain) => ExamDomain = (d) => d) {
  let now = NOW;
  const repo = createMemoryRepository();
  const crypto = createMemoryCrypto();
  const accounts = await applyDemoExam(repo, crypto, now);
  const domain = createExamDomain({ repo, clock: { now: () => now }, crypto, phoneUrl: (c) => `/phone#${c}`, uploadUrl: (id) => `/api/v1/uploads/${id}` });
  const dispatch = createDispatcher(wrap(domain), options);
  const send = (route: RouteName, request: Partial<Omit<DispatchRequest, 'route'>> = {}) =>
    dispatch({ route, params: {}, body: undefined, token: null, ip: '10.0.0.1', acceptLanguage: null, ...request });
  const candidate = accounts.candidates[0]!;
  const login = async (deviceKey = 'device-key-1') => {
    const response = await send('loginWithPassword', { body: { examId: 'exam-demo', idNumber: candidate.idNumber, password: candidate.password, deviceKey } });
    expect(response.status).toBe(201);
    return (response.body as { token: string }).token;
  };
  return { repo, domain, send, login, accounts, setNow: (t: number) => (now = t) };
}

const validLogin = { examId: 'exam-demo', idNumber: '110101200001010011', password: 'demo1234', deviceKey: 'device-key-1' };

describe('validation', () => {
  it.each([
    ['a field of the wrong type', { ...validLogin, idNumber: 12345 }, '/idNumber'],
    ['a missing field', { examId: 'exam-demo', idNumber: '110101200001010011', deviceKey: 'device-key-1' }, '/password'],
    ['an extra field', { ...validLogin, isAdmin: true }, '/isAdmin'],
    ['an oversize string', { ...validLogin, password: 'x'.repeat(129) }, '/password'],
    ['a device key with a slash', { ...validLogin, deviceKey: '../../etc/passwd' }, '/deviceKey'],
    ['no body at all', undefined, '/'],
    ['an array', [validLogin], '/'],
  ])('answers 400 VALIDATION_FAILED for %s, naming the field', async (_label, body, field) => {
    const { send } = await setup();
    const response = await send('loginWithPassword', { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });

  it.each(['../../etc/passwd', '..', '.', '%00', 'a'.repeat(65), "' OR 1=1 --", ''])('refuses the path parameter %j', async (examId) => {
    const { send } = await setup();
    const response = await send('getExam', { params: { examId } });
    expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: '/examId' } });
  });

  it('checks path parameters of protected routes too, after the token', async () => {
    const { send } = await setup();
    const token = ((await send('supervisorLogin', { body: { username: 'supervisor', password: 'demo-supervisor' } })).body as { token: string }).token;
    const response = await send('listCandidates', { token, params: { sittingId: '../../etc/passwd' } });
    expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: '/sittingId' } });
  });

  it('refuses unknown properties even where the schema is shared with responses, storing nothing', async () => {
    const { send, login, repo } = await setup();
    const token = await login();
    const response = await send('reportIncident', { token, body: { id: 'inc-1', kind: 'windowBlur', at: NOW, padding: 'x'.repeat(1000) } });
    expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: '/padding' } });
    expect(await repo.listIncidents('demo-cand-1')).toEqual([]);
    expect(await send('reportIncident', { token, body: { id: 'inc-1', kind: 'windowBlur', at: NOW } })).toEqual({ status: 204 });
    expect(await repo.listIncidents('demo-cand-1')).toHaveLength(1);
  });

  it('ignores a body sent to a route that takes none', async () => {
    const { send, login } = await setup();
    const token = await login();
    // The lot comes after the phone records (R9).
    const { code } = (await send('createPairing', { token })).body as { code: string };
    const phone = ((await send('pairPhone', { body: { code } })).body as { token: string }).token;
    expect(await send('setEvidenceStatus', { token: phone, body: { state: 'recording' } })).toMatchObject({ status: 200 });
    const response = await send('drawLot', { token, body: { lot: 1, isAdmin: true } });
    expect(response).toMatchObject({ status: 200, body: { lot: 1 } });
  });
});

describe('authentication and roles', () => {
  it('answers 401 UNAUTHENTICATED without a token, before looking at the input', async () => {
    const { send } = await setup();
    expect(await send('finish', { body: 'garbage' })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await send('getMe', { token: 'forged' })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('answers 401 SESSION_REVOKED for a session taken over', async () => {
    const { send, login } = await setup();
    const first = await login('device-key-1');
    await login('device-key-1');
    expect(await send('getMe', { token: first })).toMatchObject({ status: 401, body: { code: 'SESSION_REVOKED' } });
  });

  it('answers 403 FORBIDDEN to a role the route does not name', async () => {
    const { send, login } = await setup();
    const token = await login();
    expect(await send('listSittings', { token })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const pairing = (await send('createPairing', { token })).body as { code: string };
    const phone = ((await send('pairPhone', { body: { code: pairing.code } })).body as { token: string }).token;
    expect(await send('getMe', { token: phone })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await send('setEvidenceStatus', { token: phone, body: { state: 'recording' } })).toMatchObject({ status: 200, body: { state: 'recording' } });
  });
});

describe('results', () => {
  it('answers with the route’s status and the domain’s result; 204 without a body', async () => {
    const { send, login } = await setup();
    expect(await send('getTime')).toEqual({ status: 200, body: { serverTime: NOW } });
    const token = await login();
    expect(await send('heartbeat', { token })).toEqual({ status: 204 });
    const me = await send('getMe', { token });
    expect(me).toMatchObject({ status: 200, body: { candidate: { id: 'demo-cand-1', idNumberMasked: '1101**********0011' } } });
  });

  it('carries the details of an error in its body', async () => {
    const { send, setNow, accounts } = await setup();
    setNow(NOW - 60 * MIN);
    const response = await send('loginWithPassword', { body: validLogin });
    expect(response).toMatchObject({ status: 403, body: { code: 'LOGIN_NOT_OPEN', opensAt: accounts.sittings[0]!.startsAt - 30 * MIN } });
  });

  it('answers 429 with Retry-After when there were too many attempts', async () => {
    const { send } = await setup();
    // Five failures from one address are free; the sixth attempt from there must wait a second (LOGIN_THROTTLE).
    for (let i = 0; i < 5; i += 1) expect((await send('loginWithPassword', { body: { ...validLogin, password: 'wrong' } })).status).toBe(401);
    const response = await send('loginWithPassword', { body: validLogin });
    expect(response).toMatchObject({ status: 429, body: { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 }, headers: { 'Retry-After': '1' } });
  });
});

describe('error messages', () => {
  it('are in zh-CN by default', async () => {
    const { send } = await setup();
    const response = await send('getExam', { params: { examId: 'no-such-exam' } });
    expect(response).toEqual({ status: 404, body: { code: 'EXAM_NOT_FOUND', message: LOCALES['zh-CN'].errors.EXAM_NOT_FOUND } });
  });

  it.each([
    ['en', 'en'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['zh-TW,zh;q=0.9', 'zh-Hant'],
    ['zh-CN,zh;q=0.9', 'zh-CN'],
    ['*', 'zh-CN'],
  ] as const)('follow Accept-Language %j → %s', async (acceptLanguage, locale) => {
    const { send } = await setup();
    const response = await send('getExam', { params: { examId: 'no-such-exam' }, acceptLanguage });
    expect((response.body as { message: string }).message).toBe(LOCALES[locale].errors.EXAM_NOT_FOUND);
  });

  it('hide the text and stack of an unexpected error behind INTERNAL_ERROR, telling the front', async () => {
    const secret = new Error('SQLITE_CORRUPT: SELECT password_hash FROM candidates');
    const onInternalError = vi.fn();
    const { send } = await setup({ onInternalError }, (domain) => ({
      ...domain,
      getTime: () => {
        throw secret;
      },
    }));
    const response = await send('getTime', { acceptLanguage: 'en' });
    expect(response).toEqual({ status: 500, body: { code: 'INTERNAL_ERROR', message: LOCALES.en.errors.INTERNAL_ERROR } });
    expect(JSON.stringify(response)).not.toMatch(/SQLITE|password|at /);
    expect(onInternalError).toHaveBeenCalledWith(secret, 'getTime');
  });
});

describe('dev routes', () => {
  it('do not exist unless enabled', async () => {
    const setClock = vi.fn();
    const { send } = await setup({ setClock });
    expect(await send('setClock', { body: { now: 1 } })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await send('seedSitting', { body: {} })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(setClock).not.toHaveBeenCalled();
  });

  it('move the front’s clock and seed sittings when enabled', async () => {
    let clock = NOW;
    const { send, setNow } = await setup({ devRoutes: true, setClock: (now) => setNow((clock = now)) });
    const later = NOW + 24 * 60 * MIN;
    expect(await send('setClock', { body: { now: later } })).toEqual({ status: 200, body: { serverTime: later } });
    expect(clock).toBe(later);
    const seeded = await send('seedSitting', {
      body: { examId: 'exam-demo', name: '测试场', startsAt: later, candidates: [{ name: '测试', idNumber: '123456789012345678', password: 'p', admissionNumber: '1' }] },
    });
    expect(seeded).toMatchObject({ status: 201, body: { sitting: { name: '测试场', startsAt: later }, candidates: [{ name: '测试', idNumberMasked: '1234**********5678' }] } });
    expect(await send('setClock', { body: { now: -1 } })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: '/now' } });
  });

  it('answer 404 for the clock when the front has no clock to move', async () => {
    const { send } = await setup({ devRoutes: true });
    expect(await send('setClock', { body: { now: NOW } })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
