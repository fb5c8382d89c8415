/** The administrator's session and the audit log's transactions, in the domain (the routes' rules: rest-contract.admin.ts). */
import { describe, expect, it } from 'vitest';
import { createAdministrator } from '../administrators.js';
import { LOGIN_THROTTLE } from './attempts.js';
import { MIN, START, codeOf, rejection, world, type World } from '../exam-domain.test-kit.js';

const freeFailures = LOGIN_THROTTLE.freeFailures;

async function administrator(w: World, mustChangePassword = false) {
  await createAdministrator({ repo: w.repo, crypto: w.crypto, now: () => START }, 'admin', { password: 'admin-password-1', mustChangePassword });
  const login = (password: string, ip: string) => w.domain.adminLogin({ username: 'admin', password }, { ip });
  return { login, token: async () => (await login('admin-password-1', '10.0.0.1')).token };
}

describe('the administrator', () => {
  it('logs in under the supervisors’ throttle, per (username, address)', async () => {
    const w = await world();
    w.at(START - 60 * MIN);
    const { login } = await administrator(w);
    for (let i = 0; i < freeFailures; i += 1) expect(await codeOf(() => login('wrong', '10.6.6.6'))).toBe('INVALID_CREDENTIALS');
    expect(await rejection(() => login('admin-password-1', '10.6.6.6'))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    expect((await login('admin-password-1', '10.0.0.1')).role).toBe('administrator');
  });

  it('keeps a session 12 hours after its last use, like a supervisor’s', async () => {
    const w = await world();
    w.at(START - 60 * MIN);
    const { token } = await administrator(w);
    const session = await token();
    w.at(START - 60 * MIN + 11 * 60 * MIN);
    expect((await w.domain.getAdminMe(await w.domain.authenticate(session))).username).toBe('admin');
    w.at(START - 60 * MIN + 23 * 60 * MIN + 1);
    expect(await codeOf(() => w.domain.authenticate(session))).toBe('SESSION_EXPIRED');
  });

  it('records an action with the call that makes it: a refused or failed call leaves no entry', async () => {
    const w = await world();
    w.at(START - 60 * MIN);
    const { token } = await administrator(w);
    const principal = await w.domain.authenticate(await token());
    const before = (await w.repo.listAudit({ limit: 100 })).length;
    expect(await codeOf(() => w.domain.adminCreateExam(principal, { title: '考试', timeZone: 'Not/AZone' }))).toBe('TIME_ZONE_INVALID');
    expect(await codeOf(() => w.domain.adminCreateSitting(principal, 'exam-1', { name: '过去', startsAt: START - 61 * MIN }))).toBe('SITTING_IN_PAST');
    // Refused: neither the supervisor nor an entry stays.
    expect(await codeOf(() => w.domain.adminCreateSupervisor(principal, { username: 'watcher', sittingIds: ['sit-unknown'] }))).toBe('VALIDATION_FAILED');
    expect(await w.repo.listAudit({ limit: 100 })).toHaveLength(before);
    expect(await w.repo.findSupervisorByUsername('watcher')).toBeUndefined();
    const exam = await w.domain.adminCreateExam(principal, { title: '考试', timeZone: 'Asia/Shanghai' });
    expect((await w.repo.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'exam.create', actorRole: 'administrator', targetId: exam.id });
  });

  it('with a one-time password, reaches only who they are, the password change and logout', async () => {
    const w = await world();
    w.at(START - 60 * MIN);
    const { token } = await administrator(w, true);
    const principal = await w.domain.authenticate(await token());
    expect(await codeOf(() => w.domain.adminListSupervisors(principal))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await w.domain.getAdminMe(principal)).mustChangePassword).toBe(true);
    await w.domain.changeAdminPassword(principal, { currentPassword: 'admin-password-1', newPassword: 'a-password-of-my-own' });
    expect((await w.domain.adminListSupervisors(principal)).map((s) => s.username)).toContain('supervisor');
    // The stored hash is the new password's (the memory crypto's; the server's scrypt: admin-cli.test.ts).
    const row = (await w.repo.findAdministratorByUsername('admin'))!;
    expect(await w.crypto.verifyPassword('a-password-of-my-own', row.passwordHash)).toBe(true);
    expect(row.mustChangePassword).toBe(false);
    expect((await w.repo.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'administrator.changePassword', detail: { wasOneTime: true } });
  });
});
