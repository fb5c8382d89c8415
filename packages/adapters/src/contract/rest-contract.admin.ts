/**
 * The administrator's part of the REST contract suite: the session (one-time password replaced first, logout),
 * exams, sittings, question sets (which set a candidate answers), supervisors and the audit log — every rule the
 * server keeps whatever a console sends, moved to its time with the dev clock.
 */
import { describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '@examroom/core';
import { codeOf } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;

interface AdminExam {
  id: string;
  title: string;
  timeZone: string;
  policy: Record<string, unknown>;
  sittings: number;
}
interface AdminSitting {
  id: string;
  name: string;
  startsAt: number;
  candidates: number;
  entered: number;
}
interface AuditEntry {
  id: string;
  actorRole: string;
  actorId: string;
  action: string;
  targetId: string;
  detail: Record<string, unknown>;
}

let serial = 0;

export function describeAdminContract({ c, nextStart }: ContractRun) {
  /** An exam made by an administrator, whose candidates need no phone (not about evidence). */
  const newExam = async (token: string, title = '2031年硕士研究生复试') =>
    (await c.ok('adminCreateExam', { token, body: { title, timeZone: 'Asia/Shanghai', policy: { requireEvidence: false } } })) as AdminExam;

  /** Candidates of the exam, in a sitting of theirs (the dev route: the roster import comes later). */
  const seedCandidates = async (examId: string, startsAt: number, count: number) => {
    serial += 1;
    const candidates = Array.from({ length: count }, (_, i) => ({
      name: `考生${serial}-${i}`,
      idNumber: `8${String(Date.now() % 1e9).padStart(9, '0')}${String(serial).padStart(4, '0')}${i}`.slice(0, 18),
      password: `pw-admin-${serial}-${i}`,
      admissionNumber: `ADM${serial}-${i}`,
    }));
    const seeded = (await c.ok('seedSitting', { body: { examId, name: `导入场次${serial}`, startsAt, candidates } })) as { sitting: { id: string } };
    return { sittingId: seeded.sitting.id, candidates };
  };

  const loginAndEnter = async (examId: string, candidate: { idNumber: string; password: string }) => {
    const { token } = (await c.ok('loginWithPassword', { body: { examId, idNumber: candidate.idNumber, password: candidate.password, deviceKey: `device-${candidate.idNumber}` } })) as {
      token: string;
    };
    await c.ok('enter', { token });
    await c.ok('confirm', { token, body: { kind: 'devices' } });
    await c.ok('confirm', { token, body: { kind: 'info' } });
    await c.ok('confirm', { token, body: { kind: 'pledge', pledgeVersion: PLEDGE_VERSION } });
    return token;
  };

  describe('administrator', () => {
    it('logs in with the one-time password, which only lets them change it (PASSWORD_CHANGE_REQUIRED), then works with their own', async () => {
      const admin = await c.administrator({ oneTime: true });
      expect(await c.ok('getAdminMe', { token: admin.token })).toEqual({ id: admin.id, username: admin.username, mustChangePassword: true });
      await c.fails('adminListExams', { token: admin.token }, 403, 'PASSWORD_CHANGE_REQUIRED');
      await c.fails('changeAdminPassword', { token: admin.token, body: { currentPassword: admin.password, newPassword: 'short' } }, 400, 'VALIDATION_FAILED');
      await c.fails('changeAdminPassword', { token: admin.token, body: { currentPassword: 'not-my-password', newPassword: 'my-own-password-2031' } }, 403, 'WRONG_PASSWORD');
      await c.fails('changeAdminPassword', { token: admin.token, body: { currentPassword: admin.password, newPassword: admin.password } }, 400, 'VALIDATION_FAILED');
      await c.ok('changeAdminPassword', { token: admin.token, body: { currentPassword: admin.password, newPassword: 'my-own-password-2031' } });
      expect(await c.ok('getAdminMe', { token: admin.token })).toMatchObject({ mustChangePassword: false });
      await c.ok('adminListExams', { token: admin.token });
      await c.fails('adminLogin', { body: { username: admin.username, password: admin.password } }, 401, 'INVALID_CREDENTIALS');
      const again = (await c.ok('adminLogin', { body: { username: admin.username, password: 'my-own-password-2031' } })) as { token: string; role: string };
      expect(again.role).toBe('administrator');
      await c.ok('adminLogout', { token: again.token });
      await c.fails('getAdminMe', { token: again.token }, 401, 'SESSION_REVOKED');
      await c.ok('getAdminMe', { token: admin.token });
    });

    it('refuses an unknown administrator and a wrong password alike', async () => {
      const admin = await c.administrator();
      await c.fails('adminLogin', { body: { username: admin.username, password: 'wrong-password' } }, 401, 'INVALID_CREDENTIALS');
      await c.fails('adminLogin', { body: { username: 'nobody-at-all', password: admin.password } }, 401, 'INVALID_CREDENTIALS');
      // A supervisor's account is not an administrator's, nor the reverse.
      await c.fails('supervisorLogin', { body: { username: admin.username, password: admin.password } }, 401, 'INVALID_CREDENTIALS');
    });

    it('creates, lists, reads and changes exams; the time zone must be a known IANA zone', async () => {
      const { token } = await c.administrator();
      await c.fails('adminCreateExam', { token, body: { title: '考试', timeZone: 'Mars/Olympus_Mons' } }, 400, 'TIME_ZONE_INVALID');
      const exam = await newExam(token);
      expect(exam).toEqual({ id: exam.id, title: '2031年硕士研究生复试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: false }, sittings: 0, questions: 0 });
      expect(((await c.ok('adminListExams', { token })) as AdminExam[]).map((e) => e.id)).toContain(exam.id);
      expect(await c.ok('adminGetExam', { token, params: { examId: exam.id } })).toEqual(exam);
      await c.fails('adminGetExam', { token, params: { examId: 'exam_unknown' } }, 404, 'EXAM_NOT_FOUND');
      const policy = { requireEvidence: false, answerMs: 12 * MIN, lateEntryCutoffMs: 5 * MIN, maxBitrateBps: 2_000_000 };
      const changed = await c.ok('adminUpdateExam', { token, params: { examId: exam.id }, body: { title: '复试（更正）', timeZone: 'Europe/Berlin', policy } });
      expect(changed).toEqual({ ...exam, title: '复试（更正）', timeZone: 'Europe/Berlin', policy });
      // The candidates' public view of the exam says the same.
      expect(await c.ok('getExam', { params: { examId: exam.id } })).toMatchObject({ title: '复试（更正）', timeZone: 'Europe/Berlin', policy: { answerMs: 12 * MIN } });
      await c.fails('adminUpdateExam', { token, params: { examId: exam.id }, body: { title: '复试', timeZone: 'Nowhere' } }, 400, 'TIME_ZONE_INVALID');
    });

    it('turns face login off for an exam: FACE_LOGIN_UNAVAILABLE, whatever verifier the server has', async () => {
      const { token } = await c.administrator();
      const exam = await newExam(token);
      await c.ok('adminUpdateExam', { token, params: { examId: exam.id }, body: { title: exam.title, timeZone: exam.timeZone, policy: { requireEvidence: false, faceLogin: false } } });
      expect(await c.ok('getExam', { params: { examId: exam.id } })).toMatchObject({ policy: { faceLogin: false } });
      await c.fails('loginWithFace', { body: { examId: exam.id, deviceKey: 'device-face-1', image: 'aGVsbG8=' } }, 503, 'FACE_LOGIN_UNAVAILABLE');
    });

    it('creates sittings in the future only, moves them until a candidate entered, deletes only empty ones (SITTING_IN_PAST, SITTING_IN_USE)', async () => {
      const start = nextStart();
      await c.setClock(start - 60 * MIN);
      const { token } = await c.administrator();
      const exam = await newExam(token);
      const body = { name: '上午场', startsAt: start, entryOpensAt: start - 15 * MIN, policy: { answerMs: 10 * MIN } };
      await c.fails('adminCreateSitting', { token, params: { examId: exam.id }, body: { ...body, startsAt: start - 61 * MIN, entryOpensAt: undefined } }, 409, 'SITTING_IN_PAST');
      await c.fails('adminCreateSitting', { token, params: { examId: exam.id }, body: { ...body, entryOpensAt: start + 1 } }, 400, 'VALIDATION_FAILED');
      await c.fails('adminCreateSitting', { token, params: { examId: 'exam_unknown' }, body }, 404, 'EXAM_NOT_FOUND');
      const sitting = (await c.ok('adminCreateSitting', { token, params: { examId: exam.id }, body })) as AdminSitting;
      expect(sitting).toEqual({ id: sitting.id, examId: exam.id, ...body, candidates: 0, entered: 0 });
      const moved = { ...body, startsAt: start + 30 * MIN, entryOpensAt: start + 15 * MIN };
      expect(await c.ok('adminUpdateSitting', { token, params: { sittingId: sitting.id }, body: moved })).toMatchObject(moved);
      await c.fails('adminUpdateSitting', { token, params: { sittingId: sitting.id }, body: { ...moved, startsAt: start - 90 * MIN, entryOpensAt: undefined } }, 409, 'SITTING_IN_PAST');
      await c.fails('adminUpdateSitting', { token, params: { sittingId: 'sit_unknown' }, body: moved }, 404, 'NOT_FOUND');
      expect(((await c.ok('adminGetExam', { token, params: { examId: exam.id } })) as AdminExam).sittings).toBe(1);
      await c.ok('adminDeleteSitting', { token, params: { sittingId: sitting.id } });
      expect(await c.ok('adminListSittings', { token, params: { examId: exam.id } })).toEqual([]);

      // A sitting with candidates: not deleted; once one entered, renamed but not moved.
      const roster = await seedCandidates(exam.id, start, 1);
      await c.fails('adminDeleteSitting', { token, params: { sittingId: roster.sittingId } }, 409, 'SITTING_IN_USE');
      const seeded = { name: '导入场次', startsAt: start };
      await c.ok('adminUpdateSitting', { token, params: { sittingId: roster.sittingId }, body: { ...seeded, startsAt: start + 5 * MIN } });
      await c.setClock(start + 5 * MIN - 15 * MIN);
      await loginAndEnter(exam.id, roster.candidates[0]!);
      await c.fails('adminUpdateSitting', { token, params: { sittingId: roster.sittingId }, body: { ...seeded, startsAt: start + 20 * MIN } }, 409, 'SITTING_IN_USE');
      const renamed = (await c.ok('adminUpdateSitting', { token, params: { sittingId: roster.sittingId }, body: { ...seeded, startsAt: start + 5 * MIN, name: '上午场（改名）' } })) as AdminSitting;
      expect(renamed).toMatchObject({ name: '上午场（改名）', candidates: 1, entered: 1 });
      // Nor the exam's rules, once any of its candidates entered.
      await c.fails('adminUpdateExam', { token, params: { examId: exam.id }, body: { title: exam.title, timeZone: exam.timeZone, policy: { requireEvidence: false, answerMs: MIN } } }, 409, 'EXAM_IN_USE');
      await c.ok('adminUpdateExam', { token, params: { examId: exam.id }, body: { title: '只改标题', timeZone: exam.timeZone, policy: exam.policy } });
    });

    it('gives each candidate the question set their lot names, the same on every read; sets are fixed once a candidate entered', async () => {
      const start = nextStart();
      await c.setClock(start - 60 * MIN);
      const { token } = await c.administrator();
      const exam = await newExam(token);
      const setA = (await c.ok('adminCreateQuestionSet', { token, params: { examId: exam.id }, body: { name: 'A 套', questions: ['A1 自我介绍', 'A2 研究计划'] } })) as { id: string; questions: { order: number; text: string }[] };
      expect(setA.questions.map((q) => [q.order, q.text])).toEqual([
        [1, 'A1 自我介绍'],
        [2, 'A2 研究计划'],
      ]);
      await c.ok('adminCreateQuestionSet', { token, params: { examId: exam.id }, body: { name: 'B 套', questions: ['B1 专业问题'] } });
      // The exam counts its questions: none would leave its candidates nothing to answer.
      expect(await c.ok('adminGetExam', { token, params: { examId: exam.id } })).toMatchObject({ questions: 3 });
      const roster = await seedCandidates(exam.id, start, 2);
      await c.fails('adminCreateQuestionSet', { token, params: { examId: exam.id }, body: { name: '别的考试的场次', sittingId: 'sit_unknown', questions: ['x'] } }, 400, 'VALIDATION_FAILED');
      await c.setClock(start - 15 * MIN);
      const first = await loginAndEnter(exam.id, roster.candidates[0]!);
      const second = await loginAndEnter(exam.id, roster.candidates[1]!);
      await c.setClock(start);
      const texts = async (t: string) => ((await c.ok('getQuestions', { token: t })) as { text: string }[]).map((q) => q.text);
      // Lots 1 and 2 by entry order: the first set, then the second; a second read (刷新题目) gives the same.
      expect(await texts(first)).toEqual(['A1 自我介绍', 'A2 研究计划']);
      expect(await texts(second)).toEqual(['B1 专业问题']);
      expect(await texts(first)).toEqual(['A1 自我介绍', 'A2 研究计划']);
      await c.fails('adminUpdateQuestionSet', { token, params: { setId: setA.id }, body: { name: 'A 套', questions: ['换题'] } }, 409, 'SITTING_IN_USE');
      await c.fails('adminDeleteQuestionSet', { token, params: { setId: setA.id } }, 409, 'SITTING_IN_USE');
      await c.fails('adminDeleteQuestionSet', { token, params: { setId: 'qset_unknown' } }, 404, 'NOT_FOUND');
      expect(((await c.ok('adminListQuestionSets', { token, params: { examId: exam.id } })) as { name: string }[]).map((s) => s.name)).toEqual(['A 套', 'B 套']);
    });

    it('lets a sitting’s own sets replace the exam’s there, and changes or deletes sets no candidate entered for', async () => {
      const start = nextStart();
      await c.setClock(start - 60 * MIN);
      const { token } = await c.administrator();
      const exam = await newExam(token);
      await c.ok('adminCreateQuestionSet', { token, params: { examId: exam.id }, body: { name: '通用', questions: ['通用题'] } });
      const roster = await seedCandidates(exam.id, start, 1);
      const own = (await c.ok('adminCreateQuestionSet', { token, params: { examId: exam.id }, body: { name: '本场', sittingId: roster.sittingId, questions: ['旧题'] } })) as { id: string };
      const changed = await c.ok('adminUpdateQuestionSet', { token, params: { setId: own.id }, body: { name: '本场', sittingId: roster.sittingId, questions: ['本场第一题', '本场第二题'] } });
      expect(changed).toMatchObject({ id: own.id, sittingId: roster.sittingId, questions: [{ order: 1, text: '本场第一题' }, { order: 2, text: '本场第二题' }] });
      const spare = (await c.ok('adminCreateQuestionSet', { token, params: { examId: exam.id }, body: { name: '作废', sittingId: roster.sittingId, questions: ['x'] } })) as { id: string };
      await c.ok('adminDeleteQuestionSet', { token, params: { setId: spare.id } });
      await c.setClock(start - 15 * MIN);
      const candidate = await loginAndEnter(exam.id, roster.candidates[0]!);
      await c.setClock(start);
      expect(((await c.ok('getQuestions', { token: candidate })) as { text: string }[]).map((q) => q.text)).toEqual(['本场第一题', '本场第二题']);
    });

    it('creates supervisors with a one-time password answered once, assigns what they watch, and disables them', async () => {
      const start = nextStart();
      await c.setClock(start - 60 * MIN);
      const { token } = await c.administrator();
      const exam = await newExam(token);
      const roster = await seedCandidates(exam.id, start, 1);
      const username = `watcher-${Math.random().toString(36).slice(2, 10)}`;
      await c.fails('adminCreateSupervisor', { token, body: { username, examIds: ['exam_unknown'] } }, 400, 'VALIDATION_FAILED');
      const created = (await c.ok('adminCreateSupervisor', { token, body: { username } })) as { supervisor: { id: string }; password: string };
      expect(created.supervisor).toEqual({ id: created.supervisor.id, username, examIds: [], sittingIds: [], disabled: false });
      expect(created.password.length).toBeGreaterThanOrEqual(16);
      await c.fails('adminCreateSupervisor', { token, body: { username } }, 409, 'USERNAME_TAKEN');
      const listed = (await c.ok('adminListSupervisors', { token })) as { id: string; username: string }[];
      expect(listed.find((s) => s.id === created.supervisor.id)).toMatchObject({ username });
      expect(JSON.stringify(listed)).not.toContain(created.password);

      const supervisor = ((await c.ok('supervisorLogin', { body: { username, password: created.password } })) as { token: string }).token;
      expect(await c.ok('listSittings', { token: supervisor })).toEqual([]);
      await c.ok('adminUpdateSupervisor', { token, params: { supervisorId: created.supervisor.id }, body: { examIds: [], sittingIds: [roster.sittingId], disabled: false } });
      expect(((await c.ok('listSittings', { token: supervisor })) as { sitting: { id: string } }[]).map((s) => s.sitting.id)).toEqual([roster.sittingId]);
      await c.fails('adminUpdateSupervisor', { token, params: { supervisorId: 'sup_unknown' }, body: { examIds: [], sittingIds: [], disabled: false } }, 404, 'NOT_FOUND');

      const disabled = await c.ok('adminUpdateSupervisor', { token, params: { supervisorId: created.supervisor.id }, body: { examIds: [exam.id], sittingIds: [], disabled: true } });
      expect(disabled).toMatchObject({ examIds: [exam.id], sittingIds: [], disabled: true });
      await c.fails('listSittings', { token: supervisor }, 401, 'SESSION_REVOKED');
      await c.fails('supervisorLogin', { body: { username, password: created.password } }, 401, 'INVALID_CREDENTIALS');
      await c.ok('adminUpdateSupervisor', { token, params: { supervisorId: created.supervisor.id }, body: { examIds: [exam.id], sittingIds: [], disabled: false } });
      await c.ok('supervisorLogin', { body: { username, password: created.password } });
    });

    it('keeps an audit log of the administrators’ and supervisors’ actions, newest first, filtered and paged, without passwords or ID numbers', async () => {
      const start = nextStart();
      await c.setClock(start - 60 * MIN);
      const admin = await c.administrator();
      const { token } = admin;
      const exam = await newExam(token, '审计考试');
      const roster = await seedCandidates(exam.id, start, 1);
      const username = `audited-${Math.random().toString(36).slice(2, 10)}`;
      const created = (await c.ok('adminCreateSupervisor', { token, body: { username, sittingIds: [roster.sittingId] } })) as { supervisor: { id: string }; password: string };
      const supervisor = ((await c.ok('supervisorLogin', { body: { username, password: created.password } })) as { token: string }).token;
      await c.setClock(start - 15 * MIN);
      await loginAndEnter(exam.id, roster.candidates[0]!);
      const candidateId = ((await c.ok('listCandidates', { token: supervisor, params: { sittingId: roster.sittingId } })) as { candidate: { id: string } }[])[0]!.candidate.id;
      await c.ok('setVerdict', { token: supervisor, params: { candidateId }, body: { verdict: 'passed', comment: '表现正常' } });
      await c.ok('grantExtraTime', { token: supervisor, params: { candidateId }, body: { minutes: 3 } });
      await c.ok('replyHelp', { token: supervisor, params: { candidateId }, body: { id: 'audit-reply-1', text: '请调整摄像头' } });
      // A retried reply is one action.
      await c.ok('replyHelp', { token: supervisor, params: { candidateId }, body: { id: 'audit-reply-1', text: '请调整摄像头' } });
      await c.ok('sendNotice', { token: supervisor, params: { sittingId: roster.sittingId }, body: { id: 'audit-notice-1', text: '五分钟后开始' } });

      const bySupervisor = (await c.ok('adminListAudit', { token, query: { actorId: created.supervisor.id } })) as { entries: AuditEntry[] };
      expect(bySupervisor.entries.map((e) => e.action)).toEqual(['notice.send', 'help.reply', 'candidate.extraTime', 'candidate.verdict']);
      expect(bySupervisor.entries.every((e) => e.actorRole === 'supervisor')).toBe(true);
      expect(bySupervisor.entries[3]).toMatchObject({ targetId: candidateId, detail: { verdict: 'passed', comment: '表现正常' } });
      expect(bySupervisor.entries[2]!.detail).toMatchObject({ minutes: 3 });

      const byAdmin = (await c.ok('adminListAudit', { token, query: { actorId: admin.id } })) as { entries: AuditEntry[] };
      expect(byAdmin.entries.map((e) => e.action)).toEqual(['supervisor.create', 'exam.create', 'administrator.login', 'administrator.create']);
      const verdicts = (await c.ok('adminListAudit', { token, query: { action: 'candidate.verdict', limit: '200' } })) as { entries: AuditEntry[] };
      expect(verdicts.entries.every((e) => e.action === 'candidate.verdict')).toBe(true);
      expect(verdicts.entries.map((e) => e.targetId)).toContain(candidateId);

      // Page by page: one entry at a time, each page's nextBefore leads to the next.
      const first = (await c.ok('adminListAudit', { token, query: { actorId: admin.id, limit: '1' } })) as { entries: AuditEntry[]; nextBefore?: string };
      expect(first.entries.map((e) => e.action)).toEqual(['supervisor.create']);
      const second = (await c.ok('adminListAudit', { token, query: { actorId: admin.id, limit: '1', before: first.nextBefore! } })) as { entries: AuditEntry[] };
      expect(second.entries.map((e) => e.action)).toEqual(['exam.create']);
      const bad = await c.api('adminListAudit', { token, query: { limit: '0' } });
      expect([bad.status, codeOf(bad)]).toEqual([400, 'VALIDATION_FAILED']);

      const everything = JSON.stringify(await c.ok('adminListAudit', { token, query: { limit: '200' } }));
      expect(everything).not.toContain(created.password);
      expect(everything).not.toContain(admin.password);
      expect(everything).not.toContain(roster.candidates[0]!.idNumber);
      expect(everything).not.toContain(roster.candidates[0]!.password);
    });
  });
}
