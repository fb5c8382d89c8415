/**
 * Retention's part of the Repository contract: a candidate's free texts and the audit log's texts about them erased,
 * every row kept (so that counts stay), nobody else's touched. Run by describeRepositoryContract.
 */
import { describe, expect, it } from 'vitest';
import type { AuditRow, CandidateRow, Repository } from './repository.js';
import { newCandidateRow } from './repository.js';

const T0 = Date.UTC(2030, 0, 1, 2, 0);

const candidate = (id: string): CandidateRow =>
  newCandidateRow({ id, examId: 'exam-r', sittingId: 's-r', name: `考生 ${id}`, idNumberHash: `hash-${id}`, idNumberMasked: `1101**********${id.slice(-4)}`, admissionNumber: `A-${id}`, passwordHash: 'x' }, T0);

const entry = (id: string, targetId: string, detail: Record<string, unknown>): AuditRow => ({
  id,
  at: T0,
  actorRole: 'supervisor',
  actorId: 'sup-r',
  actorName: 'watcher',
  action: 'help.reply',
  targetType: 'candidate',
  targetId,
  detail,
});

export function describeRetentionContract(repoOf: () => Repository): void {
  describe('retention', () => {
    it('erases a candidate’s help texts, incident details, intervention reasons, verdict comments and the audit texts about them, keeping the rows', async () => {
      const repo = repoOf();
      await repo.insertExam({ id: 'exam-r', title: '考试', policy: {}, timeZone: 'Asia/Shanghai' });
      await repo.insertSitting({ id: 's-r', examId: 'exam-r', name: '场次', startsAt: T0, entryOpensAt: null, policy: {} });
      await repo.insertSupervisor({ id: 'sup-r', username: 'watcher', passwordHash: 'x', examIds: ['exam-r'] });
      for (const id of ['cand-0001', 'cand-0002']) {
        await repo.insertCandidate(candidate(id));
        await repo.insertHelpMessageIfAbsent({ id: 'h-1', candidateId: id, from: 'candidate', text: `我是${id}，摄像头坏了`, at: T0 });
        await repo.insertHelpMessageIfAbsent({ id: 'h-2', candidateId: id, from: 'supervisor', text: '请重新插拔', at: T0 + 1, supervisorId: 'sup-r' });
        await repo.insertIncidentIfAbsent({ id: 'i-1', candidateId: id, kind: 'windowBlur', at: T0, detail: '切到了微信', receivedAt: T0 });
        await repo.insertIntervention({ id: `iv-${id}`, candidateId: id, supervisorId: 'sup-r', kind: 'endInterview', at: T0, minutes: null, reason: '考生家人进入房间' });
        await repo.insertVerdict({ id: `v-${id}`, candidateId: id, supervisorId: 'sup-r', verdict: 'doubtful', comment: '背景中有人说话', at: T0 });
        await repo.insertAudit(entry(`aud-${id}`, id, { messageId: 'h-2', text: '请重新插拔', comment: '背景中有人说话', reason: '家人进入', verdict: 'doubtful' }));
      }

      await repo.eraseCandidateTexts('cand-0001', '（已删除）');
      await repo.eraseAuditTexts('cand-0001');

      expect((await repo.listHelpMessages('cand-0001')).map((m) => [m.id, m.from, m.text])).toEqual([
        ['h-1', 'candidate', '（已删除）'],
        ['h-2', 'supervisor', '（已删除）'],
      ]);
      expect(await repo.listIncidents('cand-0001')).toEqual([{ id: 'i-1', candidateId: 'cand-0001', kind: 'windowBlur', at: T0, detail: null, receivedAt: T0 }]);
      expect((await repo.listInterventions('cand-0001')).map((i) => [i.kind, i.reason])).toEqual([['endInterview', null]]);
      expect((await repo.listVerdicts('cand-0001')).map((v) => [v.verdict, v.comment])).toEqual([['doubtful', '']]);
      const audit = await repo.listAudit({ limit: 10 });
      expect(audit.find((a) => a.targetId === 'cand-0001')!.detail).toEqual({ messageId: 'h-2', verdict: 'doubtful' });

      // The other candidate keeps everything.
      expect((await repo.listHelpMessages('cand-0002')).map((m) => m.text)).toEqual(['我是cand-0002，摄像头坏了', '请重新插拔']);
      expect((await repo.listIncidents('cand-0002'))[0]!.detail).toBe('切到了微信');
      expect((await repo.listInterventions('cand-0002'))[0]!.reason).toBe('考生家人进入房间');
      expect((await repo.listVerdicts('cand-0002'))[0]!.comment).toBe('背景中有人说话');
      expect(audit.find((a) => a.targetId === 'cand-0002')!.detail).toMatchObject({ text: '请重新插拔', comment: '背景中有人说话' });
    });
  });
}
