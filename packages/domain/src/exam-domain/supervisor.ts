/** The supervisor's reads and replies (R27, R32), limited to the candidates of the exams they watch. */
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import { candidateStatus, helpBody, recordingBody, sittingBody } from './bodies.js';
import { storeHelpMessage } from './candidate.js';
import { detailText, recordAudit, supervisorActor } from './audit.js';
import { asSupervisor, candidateScheduleOf, mapInOrder, settleSitting, watched, watchedSitting, watchesSitting, type DomainServices } from './context.js';

export type SupervisorCalls = Pick<ExamDomain, 'listSittings' | 'listCandidates' | 'getCandidateHelp' | 'replyHelp' | 'listIncidents' | 'listRecordings' | 'sendNotice'>;

export function createSupervisorCalls(ctx: DomainServices): SupervisorCalls {
  return {
    listSittings: (principal) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        // Every sitting of the exams they watch and of the sittings named to them (watchesSitting), each once.
        const namedSittings = await mapInOrder(supervisor.sittingIds ?? [], (id) => ctx.repo.getSitting(id));
        const examIds = new Set([...supervisor.examIds, ...namedSittings.flatMap((sitting) => sitting?.examId ?? [])]);
        const summaries: C.SittingSummaryBody[] = [];
        for (const examId of examIds) {
          const exam = await ctx.repo.getExam(examId);
          if (!exam) continue;
          for (const sitting of await ctx.repo.listSittings(exam.id)) {
            if (!watchesSitting(supervisor, sitting)) continue;
            const candidates = (await ctx.repo.listCandidates(sitting.id)).length;
            summaries.push({ examId: exam.id, examTitle: exam.title, timeZone: exam.timeZone, sitting: sittingBody(sitting), candidates });
          }
        }
        return summaries.sort((a, b) => a.sitting.startsAt - b.sitting.startsAt);
      }),

    listCandidates: (principal, sittingId) =>
      asSupervisor(ctx, principal, async (supervisor, now, ctx) => {
        const { sitting, exam } = await watchedSitting(ctx, supervisor, sittingId);
        await settleSitting(ctx, exam, sitting, now);
        const statuses = await mapInOrder(await ctx.repo.listCandidates(sitting.id), (c) => candidateStatus(ctx.repo, c.id, now, (row) => candidateScheduleOf(ctx.repo, row)));
        return statuses.filter((status) => status !== null);
      }),

    getCandidateHelp: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => (await ctx.repo.listHelpMessages((await watched(ctx, supervisor, candidateId)).candidate.id)).map(helpBody)),

    replyHelp: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, async (supervisor, now, ctx) => {
        const { candidate } = await watched(ctx, supervisor, candidateId);
        const isNew = !(await ctx.repo.getHelpMessage(candidate.id, body.id));
        const message = await storeHelpMessage(ctx, candidate.id, 'supervisor', body, now, { supervisorId: supervisor.id });
        // A retry of the same reply is one action, recorded once.
        if (isNew) await recordAudit(ctx, supervisorActor(supervisor), 'help.reply', { type: 'candidate', id: candidate.id }, { messageId: body.id, text: detailText(body.text) });
        return message;
      }),

    /**
     * R27: a notice to every candidate of the sitting at once, stored as the supervisor's message (notice: true) in
     * each one's help chat — so it shows and counts as unread where the candidate already reads the supervisor — and
     * pushed live to each (help.message), with one server time for all. Idempotent by id: a retry adds nothing.
     */
    sendNotice: (principal, sittingId, body) =>
      asSupervisor(ctx, principal, async (supervisor, now, ctx) => {
        const { sitting, exam } = await watchedSitting(ctx, supervisor, sittingId);
        await settleSitting(ctx, exam, sitting, now);
        const candidates = await ctx.repo.listCandidates(sitting.id);
        const existing = await mapInOrder(candidates, (c) => ctx.repo.getHelpMessage(c.id, body.id));
        const isNew = existing.some((message) => !message);
        if (isNew) await recordAudit(ctx, supervisorActor(supervisor), 'notice.send', { type: 'sitting', id: sitting.id }, { noticeId: body.id, text: detailText(body.text), candidates: candidates.length });
        const sent = await mapInOrder(candidates, (c) => storeHelpMessage(ctx, c.id, 'supervisor', body, now, { supervisorId: supervisor.id, notice: true }));
        return { id: body.id, text: body.text, at: sent[0]?.at ?? now, candidates: candidates.length };
      }),

    listIncidents: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) =>
        (await ctx.repo.listIncidents((await watched(ctx, supervisor, candidateId)).candidate.id)).map((i) => ({
          id: i.id,
          kind: i.kind,
          at: i.at,
          ...(i.detail !== null ? { detail: i.detail } : {}),
        })),
      ),

    listRecordings: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => (await ctx.repo.listRecordings((await watched(ctx, supervisor, candidateId)).candidate.id)).map(recordingBody)),
  };
}
