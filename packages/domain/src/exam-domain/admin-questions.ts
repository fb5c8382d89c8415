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
import { fail, mapInOrder, type DomainContext, type DomainServices } from './context.js';

export type AdminQuestionCalls = Pick<ExamDomain, 'adminListQuestionSets' | 'adminCreateQuestionSet' | 'adminUpdateQuestionSet' | 'adminDeleteQuestionSet'>;

/**
 * The questions a candidate answers: of their sitting's sets where it has any, else of the exam's sets, the set
 * numbered by their lot (lot 1 the first set, lot n+1 the first again); an exam without sets, its questions as
 * stored (the demo's).
 */
export async function questionsFor(repo: Repository, sitting: SittingRow, candidate: Pick<CandidateRow, 'lot'>): Promise<readonly QuestionRow[]> {
  const sets = await repo.listQuestionSets(sitting.examId);
  const own = sets.filter((s) => s.sittingId === sitting.id);
  const pool = own.length > 0 ? own : sets.filter((s) => s.sittingId === null);
  const questions = await repo.listQuestions(sitting.examId);
  if (pool.length === 0) return questions.filter((q) => q.setId === undefined);
  const set = pool[((candidate.lot ?? 1) - 1) % pool.length]!;
  return questions.filter((q) => q.setId === set.id);
}

async function setBody(repo: Repository, set: QuestionSetRow): Promise<C.QuestionSetBody> {
  return {
    id: set.id,
    examId: set.examId,
    ...(set.sittingId !== null ? { sittingId: set.sittingId } : {}),
    name: set.name,
    questions: (await repo
      .listQuestions(set.examId))
      .filter((q) => q.setId === set.id)
      .map((q) => ({ id: q.id, order: q.order, text: q.text })),
  };
}

/** SITTING_IN_USE once a candidate who may get the set entered: its sitting's, or for an exam's set, the exam's. */
async function assertSetChangeable(repo: Repository, examId: string, sittingId: string | null): Promise<void> {
  const inUse = sittingId !== null ? (await repo.listCandidates(sittingId)).some((c) => c.enteredAt !== null) : await examEntered(repo, examId);
  if (inUse) fail(ErrorCode.SITTING_IN_USE);
}

async function writeQuestions(ctx: DomainContext, set: QuestionSetRow, texts: readonly string[]): Promise<void> {
  await ctx.repo.deleteQuestionsOfSet(set.id);
  texts.forEach((text, i) => ctx.repo.insertQuestion({ id: ctx.crypto.randomId('q'), examId: set.examId, order: i + 1, text, setId: set.id }));
}

export function createAdminQuestionCalls(ctx: DomainServices): AdminQuestionCalls {
  const { crypto } = ctx;
  const setOf = async (ctx: DomainContext, setId: string) => (await ctx.repo.getQuestionSet(setId)) ?? fail(ErrorCode.NOT_FOUND);
  return {
    adminListQuestionSets: (principal, examId) => asAdministrator(ctx, principal, async (_, ctx) => mapInOrder(await ctx.repo.listQuestionSets((await examOf(ctx, examId)).id), (set) => setBody(ctx.repo, set))),

    adminCreateQuestionSet: (principal, examId, body) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const exam = await examOf(ctx, examId);
        const sittingId = body.sittingId ?? null;
        if (sittingId !== null && (await ctx.repo.getSitting(sittingId))?.examId !== exam.id) fail(ErrorCode.VALIDATION_FAILED, { field: '/sittingId' });
        await assertSetChangeable(ctx.repo, exam.id, sittingId);
        const set: QuestionSetRow = { id: crypto.randomId('qset'), examId: exam.id, sittingId, name: body.name };
        await ctx.repo.insertQuestionSet(set);
        await writeQuestions(ctx, set, body.questions);
        await recordAudit(ctx, actor, 'questionSet.create', { type: 'questionSet', id: set.id }, { examId: exam.id, sittingId, name: set.name, questions: body.questions.length });
        return setBody(ctx.repo, set);
      }),

    adminUpdateQuestionSet: (principal, setId, body) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const before = await setOf(ctx, setId);
        const sittingId = body.sittingId ?? null;
        if (sittingId !== null && (await ctx.repo.getSitting(sittingId))?.examId !== before.examId) fail(ErrorCode.VALIDATION_FAILED, { field: '/sittingId' });
        // Both where it was and where it goes: a set moved between sittings changes what each one's lots name.
        await assertSetChangeable(ctx.repo, before.examId, before.sittingId);
        await assertSetChangeable(ctx.repo, before.examId, sittingId);
        const set: QuestionSetRow = { ...before, sittingId, name: body.name };
        await ctx.repo.updateQuestionSet(set);
        await writeQuestions(ctx, set, body.questions);
        await recordAudit(ctx, actor, 'questionSet.update', { type: 'questionSet', id: set.id }, { examId: set.examId, sittingId, name: set.name, questions: body.questions.length });
        return setBody(ctx.repo, set);
      }),

    adminDeleteQuestionSet: (principal, setId) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const set = await setOf(ctx, setId);
        await assertSetChangeable(ctx.repo, set.examId, set.sittingId);
        await ctx.repo.deleteQuestionSet(set.id);
        await recordAudit(ctx, actor, 'questionSet.delete', { type: 'questionSet', id: set.id }, { examId: set.examId, sittingId: set.sittingId, name: set.name });
      }),
  };
}
