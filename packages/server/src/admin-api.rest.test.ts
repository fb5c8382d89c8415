/**
 * The administrator console's REST adapter (createRestAdminApi) against the real server: every method of the
 * AdminApi port reaches its /admin route and reads its answer, and the server's refusals arrive as ExamErrors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type AdminSessionStore, type KeptAdminSession } from '@examroom/core';
import { createRestAdminApi } from '@examroom/adapters/rest';
import { api, removeTempDirs, startServer, type TestServer } from './test-support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ demo: false });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

function memorySession(): AdminSessionStore {
  let kept: KeptAdminSession | null = null;
  return { load: () => kept, save: (session) => void (kept = session), clear: () => void (kept = null) };
}

describe('createRestAdminApi on the server', () => {
  it('logs in, replaces the one-time password, and manages exams, sittings, question sets, supervisors and reads the audit log', async () => {
    const seeded = await api(server, 'POST', '/dev/administrators', { body: { username: 'office', password: 'one-time-pass', mustChangePassword: true } });
    expect(seeded.status).toBe(201);
    const session = memorySession();
    const admin = createRestAdminApi({ baseUrl: server.baseUrl, sessionStore: session });

    await expect(admin.login('office', 'wrong')).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS });
    session.save(await admin.login('office', 'one-time-pass'));
    expect(await admin.me()).toMatchObject({ username: 'office', mustChangePassword: true });
    await expect(admin.listExams()).rejects.toMatchObject({ code: ErrorCode.PASSWORD_CHANGE_REQUIRED });
    await expect(admin.changePassword('not-it', 'a-long-new-password')).rejects.toMatchObject({ code: ErrorCode.WRONG_PASSWORD });
    await admin.changePassword('one-time-pass', 'a-long-new-password');
    expect(await admin.me()).toMatchObject({ mustChangePassword: false });

    await expect(admin.createExam({ title: '复试', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: ErrorCode.TIME_ZONE_INVALID });
    const exam = await admin.createExam({ title: '复试', timeZone: 'Asia/Shanghai', policy: { answerMs: 600_000, faceLogin: false } });
    expect(await admin.updateExam(exam.id, { title: '2026 复试', timeZone: 'Asia/Shanghai', policy: exam.policy })).toMatchObject({ title: '2026 复试' });
    expect((await admin.listExams()).map((e) => e.title)).toContain('2026 复试');

    const tomorrow = Date.now() + 86_400_000;
    await expect(admin.createSitting(exam.id, { name: '过去', startsAt: Date.now() - 60_000 })).rejects.toMatchObject({ code: ErrorCode.SITTING_IN_PAST });
    const sitting = await admin.createSitting(exam.id, { name: '第一场', startsAt: tomorrow, policy: { answerMs: 300_000 } });
    expect(await admin.updateSitting(sitting.id, { name: '第一场（上午）', startsAt: tomorrow })).toMatchObject({ name: '第一场（上午）', candidates: 0, entered: 0 });
    const spare = await admin.createSitting(exam.id, { name: '备用', startsAt: tomorrow + 3_600_000 });
    await admin.deleteSitting(spare.id);
    expect((await admin.listSittings(exam.id)).map((s) => s.name)).toEqual(['第一场（上午）']);

    const set = await admin.createQuestionSet(exam.id, { name: 'A 卷', questions: ['自我介绍', '为何报考'] });
    expect(set.questions.map((q) => q.text)).toEqual(['自我介绍', '为何报考']);
    await admin.updateQuestionSet(set.id, { name: 'A 卷', sittingId: sitting.id, questions: ['请介绍你的研究'] });
    expect(await admin.listQuestionSets(exam.id)).toMatchObject([{ name: 'A 卷', sittingId: sitting.id, questions: [{ order: 1, text: '请介绍你的研究' }] }]);
    const other = await admin.createQuestionSet(exam.id, { name: 'B 卷', questions: ['题'] });
    await admin.deleteQuestionSet(other.id);

    const created = await admin.createSupervisor({ username: 'teacher1' });
    expect(created.password.length).toBeGreaterThan(8);
    await expect(admin.createSupervisor({ username: 'teacher1' })).rejects.toMatchObject({ code: ErrorCode.USERNAME_TAKEN });
    expect(await admin.updateSupervisor(created.supervisor.id, { examIds: [], sittingIds: [sitting.id], disabled: false })).toMatchObject({ sittingIds: [sitting.id] });
    expect((await admin.listSupervisors()).map((s) => s.username)).toEqual(['teacher1']);

    const firstPage = await admin.listAudit({ limit: 3 });
    expect(firstPage.entries.map((e) => e.action)).toEqual(['supervisor.update', 'supervisor.create', 'questionSet.delete']);
    expect(firstPage.nextBefore).toBeDefined();
    const secondPage = await admin.listAudit({ limit: 3, ...(firstPage.nextBefore ? { before: firstPage.nextBefore } : {}) });
    expect(secondPage.entries.map((e) => e.action)).toEqual(['questionSet.create', 'questionSet.update', 'questionSet.create']);
    expect((await admin.listAudit({ action: 'sitting.delete' })).entries).toMatchObject([{ actorName: 'office', targetId: spare.id }]);

    await admin.logout();
    await expect(admin.me()).rejects.toMatchObject({ code: expect.stringMatching(/UNAUTHENTICATED|SESSION_REVOKED|SESSION_EXPIRED/) });
  });
});
