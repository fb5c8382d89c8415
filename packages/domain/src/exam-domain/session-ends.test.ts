/** Sessions that end: expiry on the server’s clock, logout, and what a finished candidate keeps. */
import { describe, expect, it } from 'vitest';
import { SUPERVISOR_SESSION_IDLE_MS } from '@examroom/core';
import { routes, type RouteName } from '@examroom/adapters/rest';
import { EVIDENCE_DUE, ENTRY_OPENS, LOGIN_OPENS, START, codeOf, world } from '../exam-domain.test-kit.js';

describe('sessions expire', () => {
  it('ends a candidate’s and a phone’s session at the evidence deadline of their sitting', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const token = await w.login(0, 'device-0-key');
    const phone = (await w.domain.pairPhone({ code: (await w.domain.createPairing(await w.domain.authenticate(token))).code }, { ip: '1.1.1.1' })).token;
    w.at(EVIDENCE_DUE - 1);
    expect(await w.domain.checkSession(await w.domain.authenticate(token))).toEqual({ expiresAt: EVIDENCE_DUE });
    const phonePrincipal = await w.domain.authenticate(phone);
    w.at(EVIDENCE_DUE);
    expect(await codeOf(() => w.domain.authenticate(token))).toBe('SESSION_EXPIRED');
    expect(await codeOf(() => w.domain.authenticate(phone))).toBe('SESSION_EXPIRED');
    expect(await codeOf(() => w.domain.checkSession(phonePrincipal))).toBe('SESSION_EXPIRED');
  });

  it('ends a supervisor’s session 12 hours after its last use, sliding', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const token = (await w.domain.supervisorLogin({ username: 'supervisor', password: 'sup-pass' }, { ip: '1.1.1.1' })).token;
    w.at(LOGIN_OPENS + SUPERVISOR_SESSION_IDLE_MS - 1);
    const principal = await w.domain.authenticate(token);
    expect(await w.domain.checkSession(principal)).toEqual({ expiresAt: LOGIN_OPENS + 2 * SUPERVISOR_SESSION_IDLE_MS - 1 });
    w.at(LOGIN_OPENS + 2 * SUPERVISOR_SESSION_IDLE_MS - 2);
    // A live socket's check uses nothing: it does not push the end further.
    await w.domain.checkSession(principal);
    w.at(LOGIN_OPENS + 2 * SUPERVISOR_SESSION_IDLE_MS - 1);
    expect(await codeOf(() => w.domain.authenticate(token))).toBe('SESSION_EXPIRED');
  });
});

describe('logout', () => {
  it('revokes the session at once and tells its live sockets', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const token = await w.login(0);
    const principal = await w.domain.authenticate(token);
    await w.domain.logout(principal);
    expect(w.ends).toEqual([{ sessionId: principal.sessionId, role: 'candidate', subjectId: principal.subjectId, reason: 'SESSION_REVOKED' }]);
    expect(await codeOf(() => w.domain.checkSession(principal))).toBe('SESSION_REVOKED');
    await w.domain.logout(principal);
    expect(w.ends).toHaveLength(1);
  });

  it('ends a supervisor’s session too', async () => {
    const w = await world();
    const supervisor = await w.supervisor();
    await w.domain.logout(supervisor);
    expect(w.ends.map((e) => [e.role, e.reason])).toEqual([['supervisor', 'SESSION_REVOKED']]);
    expect(await codeOf(() => w.domain.checkSession(supervisor))).toBe('SESSION_REVOKED');
  });
});

describe('after finishing', () => {
  it('keeps only the routes that complete the uploads; every other candidate route answers EXAM_FINISHED', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const token = await w.login(0);
    await w.domain.enter(await w.domain.authenticate(token));
    w.at(START + 1);
    await w.domain.finish(await w.domain.authenticate(token, 'finish'), { reason: 'endedEarly' });
    const candidateRoutes = (Object.keys(routes) as RouteName[]).filter((r) => Array.isArray(routes[r].auth) && (routes[r].auth as readonly string[]).includes('candidate'));
    const kept = ['getMe', 'getEvidenceStatus', 'finish', 'completeRecording', 'heartbeat', 'logout'];
    for (const route of candidateRoutes) {
      if (kept.includes(route)) expect((await w.domain.authenticate(token, route)).subjectId, route).toBe(w.candidates[0]!.id);
      else expect(await codeOf(() => w.domain.authenticate(token, route)), route).toBe('EXAM_FINISHED');
    }
    // The tus front and the live socket name no route: uploads go on.
    expect((await w.domain.authenticate(token)).role).toBe('candidate');
  });
});
