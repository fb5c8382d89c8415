/**
 * The administration's part of the Repository contract (exams and sittings changed, question sets, supervisors
 * listed and disabled, administrators and their sessions, the audit log), run by describeRepositoryContract.
 */
import { describe, expect, it } from 'vitest';
import type { AdministratorRow, AuditRow, ExamRow, QuestionSetRow, Repository, SessionRow, SittingRow, SupervisorRow } from './repository.js';

const T0 = Date.UTC(2030, 0, 1, 2, 0);

const exam = (id: string): ExamRow => ({ id, title: `考试 ${id}`, policy: {}, timeZone: 'Asia/Shanghai' });
const sitting = (id: string, examId: string, startsAt: number): SittingRow => ({ id, examId, name: `场次 ${id}`, startsAt, entryOpensAt: null, policy: {} });
const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

const audit = (id: string, extra: Partial<AuditRow> = {}): AuditRow => ({
  id,
  at: T0,
  actorRole: 'administrator',
  actorId: 'adm-1',
  actorName: 'admin',
  action: 'exam.create',
  targetType: 'exam',
  targetId: 'exam-1',
  detail: { title: '考试' },
  ...extra,
});

export function describeAdministrationContract(repoOf: () => Repository): void {
  describe('administration', () => {
    it('lists and updates exams and sittings, and deletes a sitting with its question sets', async () => {
      const repo = repoOf();
      await repo.insertExam(exam('exam-b'));
      await repo.insertExam(exam('exam-a'));
      expect(ids(await repo.listExams())).toEqual(['exam-b', 'exam-a']);
      await repo.updateExam({ ...exam('exam-a'), title: '新标题', policy: { answerMs: 60_000 }, timeZone: 'Europe/Berlin' });
      expect(await repo.getExam('exam-a')).toEqual({ id: 'exam-a', title: '新标题', policy: { answerMs: 60_000 }, timeZone: 'Europe/Berlin' });

      await repo.insertSitting(sitting('s-1', 'exam-a', T0));
      await repo.insertSitting(sitting('s-2', 'exam-a', T0 + 1));
      const moved: SittingRow = { ...sitting('s-1', 'exam-a', T0 + 5), entryOpensAt: T0 + 2, policy: { requireEvidence: false } };
      await repo.updateSitting(moved);
      expect(await repo.getSitting('s-1')).toEqual(moved);
      expect(ids(await repo.listSittings('exam-a'))).toEqual(['s-2', 's-1']);

      const ofSitting: QuestionSetRow = { id: 'set-s', examId: 'exam-a', sittingId: 's-1', name: 'A 套' };
      const ofExam: QuestionSetRow = { id: 'set-e', examId: 'exam-a', sittingId: null, name: '通用' };
      await repo.insertQuestionSet(ofSitting);
      await repo.insertQuestionSet(ofExam);
      await repo.insertQuestion({ id: 'q-s', examId: 'exam-a', order: 1, text: '场次题', setId: 'set-s' });
      await repo.insertQuestion({ id: 'q-e', examId: 'exam-a', order: 1, text: '通用题', setId: 'set-e' });
      await repo.deleteSitting('s-1');
      expect(await repo.getSitting('s-1')).toBeUndefined();
      expect(await repo.listQuestionSets('exam-a')).toEqual([ofExam]);
      expect(await repo.listQuestions('exam-a')).toEqual([{ id: 'q-e', examId: 'exam-a', order: 1, text: '通用题', setId: 'set-e' }]);
    });

    it('keeps question sets: renamed, emptied and deleted with their questions', async () => {
      const repo = repoOf();
      await repo.insertExam(exam('exam-a'));
      const set: QuestionSetRow = { id: 'set-1', examId: 'exam-a', sittingId: null, name: '第一套' };
      await repo.insertQuestionSet(set);
      await repo.insertQuestion({ id: 'q-1', examId: 'exam-a', order: 1, text: '一', setId: 'set-1' });
      await repo.insertQuestion({ id: 'q-legacy', examId: 'exam-a', order: 1, text: '旧题' });
      expect(await repo.getQuestionSet('set-1')).toEqual(set);
      await repo.updateQuestionSet({ ...set, name: '改名' });
      expect((await repo.getQuestionSet('set-1'))?.name).toBe('改名');
      await repo.deleteQuestionsOfSet('set-1');
      expect(ids(await repo.listQuestions('exam-a'))).toEqual(['q-legacy']);
      await repo.insertQuestion({ id: 'q-2', examId: 'exam-a', order: 1, text: '二', setId: 'set-1' });
      await repo.deleteQuestionSet('set-1');
      expect(await repo.getQuestionSet('set-1')).toBeUndefined();
      expect(await repo.listQuestions('exam-a')).toEqual([{ id: 'q-legacy', examId: 'exam-a', order: 1, text: '旧题' }]);
    });

    it('lists supervisors by username and updates what they watch and whether they are disabled', async () => {
      const repo = repoOf();
      const b: SupervisorRow = { id: 'sup-b', username: 'bravo', passwordHash: 'scrypt$b', examIds: [] };
      const a: SupervisorRow = { id: 'sup-a', username: 'alpha', passwordHash: 'scrypt$a', examIds: [] };
      await repo.insertSupervisor(b);
      await repo.insertSupervisor(a);
      expect(await repo.listSupervisors()).toEqual([a, b]);
      const changed: SupervisorRow = { ...a, examIds: ['exam-x'], sittingIds: ['s-x'], disabledAt: T0 };
      await repo.updateSupervisor(changed);
      expect(await repo.getSupervisor('sup-a')).toEqual(changed);
      await repo.updateSupervisor(a);
      expect(await repo.getSupervisor('sup-a')).toEqual(a);
    });

    it('keeps administrators, and their sessions apart from the others’', async () => {
      const repo = repoOf();
      const row: AdministratorRow = { id: 'adm-1', username: 'admin', passwordHash: 'scrypt$x', mustChangePassword: true, createdAt: T0 };
      await repo.insertAdministrator(row);
      expect(await repo.getAdministrator('adm-1')).toEqual(row);
      expect(await repo.findAdministratorByUsername('admin')).toEqual(row);
      expect(await repo.findAdministratorByUsername('nobody')).toBeUndefined();
      await repo.updateAdministrator({ ...row, passwordHash: 'scrypt$y', mustChangePassword: false });
      expect(await repo.getAdministrator('adm-1')).toEqual({ ...row, passwordHash: 'scrypt$y', mustChangePassword: false });

      const session: SessionRow = { id: 'ases-1', tokenHash: 'hash-a', role: 'administrator', subjectId: 'adm-1', deviceKey: '', createdAt: T0, lastSeenAt: T0, revokedAt: null };
      await repo.insertSession(session);
      expect(await repo.findSessionByTokenHash('hash-a')).toEqual(session);
      expect(await repo.listSessions('administrator', 'adm-1')).toEqual([session]);
      expect(await repo.listSessions('supervisor', 'adm-1')).toEqual([]);
      await repo.updateSession({ ...session, lastSeenAt: T0 + 1, revokedAt: T0 + 2 });
      expect(await repo.findSessionByTokenHash('hash-a')).toEqual({ ...session, lastSeenAt: T0 + 1, revokedAt: T0 + 2 });
    });

    it('lists the audit log newest first as recorded, filtered by actor and action, page by page', async () => {
      const repo = repoOf();
      await repo.insertAudit(audit('a-1'));
      await repo.insertAudit(audit('a-2', { actorRole: 'supervisor', actorId: 'sup-1', actorName: 'supervisor', action: 'candidate.verdict', targetType: 'candidate', targetId: 'c-1', detail: { verdict: 'passed' } }));
      // Recorded later with an earlier server time (the dev clock moved back): the order is the order recorded.
      await repo.insertAudit(audit('a-3', { at: T0 - 1000, action: 'sitting.create', targetType: 'sitting', targetId: 's-1', detail: { nested: { list: [1, 2] } } }));
      expect(ids(await repo.listAudit({ limit: 10 }))).toEqual(['a-3', 'a-2', 'a-1']);
      expect(await repo.listAudit({ limit: 1 })).toEqual([audit('a-3', { at: T0 - 1000, action: 'sitting.create', targetType: 'sitting', targetId: 's-1', detail: { nested: { list: [1, 2] } } })]);
      expect(ids(await repo.listAudit({ limit: 10, before: 'a-3' }))).toEqual(['a-2', 'a-1']);
      expect(ids(await repo.listAudit({ limit: 1, before: 'a-2' }))).toEqual(['a-1']);
      expect(ids(await repo.listAudit({ limit: 10, actorId: 'adm-1' }))).toEqual(['a-3', 'a-1']);
      expect(ids(await repo.listAudit({ limit: 10, actorId: 'adm-1', before: 'a-2' }))).toEqual(['a-1']);
      expect(ids(await repo.listAudit({ limit: 10, action: 'candidate.verdict' }))).toEqual(['a-2']);
      expect(await repo.listAudit({ limit: 10, before: 'unknown' })).toEqual([]);
      await expect(repo.insertAudit(audit('a-1'))).rejects.toThrow();
    });
  });
}
