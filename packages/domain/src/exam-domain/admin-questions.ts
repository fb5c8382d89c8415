/**
 * Question sets: an exam's, or one sitting's. A candidate answers one set, fixed by their lot (questionsFor), so
 * that 刷新题目 — which reads the questions again after a failed load — shows the same questions, and a candidate
 * never sees two sets. Sets are fixed once a candidate who may get them entered (SITTING_IN_USE): a new set would
 * change which set the lots name.
 */
import { ErrorCode } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import type { CandidateRow, QuestionRow, QuestionSetRow, Repository, SittingRow } from '../repository.js';
import { recordAudit } from './audit.js';
import { examEntered, examOf, asAdministrator } from './admin.js';
import { fail, type DomainContext, type DomainServices } from './context.js';

export type AdminQuestionCalls = Pick<ExamDomain, 'adminListQuestionSets' | 'adminCreateQuestionSet' | 'adminUpdateQuestionSet' | 'adminDeleteQuestionSet'>;

/**
 * The questions a candidate answers: of their sitting's sets where it has any, else of the exam's sets, the set
 * numbered by their lot (lot 1 the first set, lot n+1 the first again); an exam without sets, its questions as
 * stored (the demo's).
 */
export function questionsFor(repo: Repository, sitting: SittingRow, candidate: Pick<CandidateRow, 'lot'>): readonly QuestionRow[] {
  const sets = repo.listQuestionSets(sitting.examId);
  const own = sets.filter((s) => s.sittingId === sitting.id);
  const pool = own.length > 0 ? own : sets.filter((s) => s.sittingId === null);
  const questions = repo.listQuestions(sitting.examId);
  if (pool.length === 0) return questions.filter((q) => q.setId === undefined);
  const set = pool[((candidate.lot ?? 1) - 1) % pool.length]!;
  return questions.filter((q) => q.setId === set.id);
}

function setBody(repo: Repository, set: QuestionSetRow): C.QuestionSetBody {
  return {
    id: set.id,
    examId: set.examId,
    ...(set.sittingId !== null ? { sittingId: set.sittingId } : {}),
    name: set.name,
    questions: repo
      .listQuestions(set.examId)
      .filter((q) => q.setId === set.id)
      .map((q) => ({ id: q.id, order: q.order, text: q.text })),
  };
}

/** SITTING_IN_USE once a candidate who may get the set entered: its sitting's, or for an exam's set, the exam's. */
function assertSetChangeable(repo: Repository, examId: string, sittingId: string | null): void {
  const inUse = sittingId !== null ? repo.listCandidates(sittingId).some((c) => c.enteredAt !== null) : examEntered(repo, examId);
  if (inUse) fail(ErrorCode.SITTING_IN_USE);
}

function writeQuestions(ctx: DomainContext, set: QuestionSetRow, texts: readonly string[]): void {
  ctx.repo.deleteQuestionsOfSet(set.id);
  texts.forEach((text, i) => ctx.repo.insertQuestion({ id: ctx.crypto.randomId('q'), examId: set.examId, order: i + 1, text, setId: set.id }));
}

export function createAdminQuestionCalls(ctx: DomainServices): AdminQuestionCalls {
  const { crypto } = ctx;
  const setOf = (setId: string) => ctx.repo.getQuestionSet(setId) ?? fail(ErrorCode.NOT_FOUND);
  return {
    adminListQuestionSets: (principal, examId) => asAdministrator(ctx, principal, (_, ctx) => ctx.repo.listQuestionSets(examOf(ctx, examId).id).map((set) => setBody(ctx.repo, set))),

    adminCreateQuestionSet: (principal, examId, body) =>
      asAdministrator(ctx, principal, ({ actor }, ctx) => {
        const exam = examOf(ctx, examId);
        const sittingId = body.sittingId ?? null;
        if (sittingId !== null && ctx.repo.getSitting(sittingId)?.examId !== exam.id) fail(ErrorCode.VALIDATION_FAILED, { field: '/sittingId' });
        assertSetChangeable(ctx.repo, exam.id, sittingId);
        const set: QuestionSetRow = { id: crypto.randomId('qset'), examId: exam.id, sittingId, name: body.name };
        ctx.repo.insertQuestionSet(set);
        writeQuestions(ctx, set, body.questions);
        recordAudit(ctx, actor, 'questionSet.create', { type: 'questionSet', id: set.id }, { examId: exam.id, sittingId, name: set.name, questions: body.questions.length });
        return setBody(ctx.repo, set);
      }),

    adminUpdateQuestionSet: (principal, setId, body) =>
      asAdministrator(ctx, principal, ({ actor }, ctx) => {
        const before = setOf(setId);
        const sittingId = body.sittingId ?? null;
        if (sittingId !== null && ctx.repo.getSitting(sittingId)?.examId !== before.examId) fail(ErrorCode.VALIDATION_FAILED, { field: '/sittingId' });
        // Both where it was and where it goes: a set moved between sittings changes what each one's lots name.
        assertSetChangeable(ctx.repo, before.examId, before.sittingId);
        assertSetChangeable(ctx.repo, before.examId, sittingId);
        const set: QuestionSetRow = { ...before, sittingId, name: body.name };
        ctx.repo.updateQuestionSet(set);
        writeQuestions(ctx, set, body.questions);
        recordAudit(ctx, actor, 'questionSet.update', { type: 'questionSet', id: set.id }, { examId: set.examId, sittingId, name: set.name, questions: body.questions.length });
        return setBody(ctx.repo, set);
      }),

    adminDeleteQuestionSet: (principal, setId) =>
      asAdministrator(ctx, principal, ({ actor }, ctx) => {
        const set = setOf(setId);
        assertSetChangeable(ctx.repo, set.examId, set.sittingId);
        ctx.repo.deleteQuestionSet(set.id);
        recordAudit(ctx, actor, 'questionSet.delete', { type: 'questionSet', id: set.id }, { examId: set.examId, sittingId: set.sittingId, name: set.name });
      }),
  };
}
