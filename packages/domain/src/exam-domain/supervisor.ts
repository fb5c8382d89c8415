/** The supervisor's reads and replies (R27, R32), limited to the candidates of the exams they watch. */
import type { ExamDomain } from '../exam-domain.types.js';
import { candidateStatus, helpBody, recordingBody, sittingBody } from './bodies.js';
import { storeHelpMessage } from './candidate.js';
import { detailText, recordAudit, supervisorActor } from './audit.js';
import { asSupervisor, candidateScheduleOf, settleSitting, watched, watchedSitting, watchesSitting, type DomainContext, type DomainServices } from './context.js';

export type SupervisorCalls = Pick<ExamDomain, 'listSittings' | 'listCandidates' | 'getCandidateHelp' | 'replyHelp' | 'listIncidents' | 'listRecordings' | 'sendNotice'>;

export function createSupervisorCalls(ctx: DomainServices): SupervisorCalls {
  return {
    listSittings: (principal) =>
      asSupervisor(ctx, principal, (supervisor, _now, ctx) =>
        // Every sitting of the exams they watch and of the sittings named to them (watchesSitting), each once.
        [...new Set([...supervisor.examIds, ...(supervisor.sittingIds ?? []).flatMap((id) => ctx.repo.getSitting(id)?.examId ?? [])])]
          .flatMap((examId) => {
            const exam = ctx.repo.getExam(examId);
            if (!exam) return [];
            return ctx.repo
              .listSittings(exam.id)
              .filter((sitting) => watchesSitting(supervisor, sitting))
              .map((sitting) => ({
                examId: exam.id,
                examTitle: exam.title,
                timeZone: exam.timeZone,
                sitting: sittingBody(sitting),
                candidates: ctx.repo.listCandidates(sitting.id).length,
              }));
          })
          .sort((a, b) => a.sitting.startsAt - b.sitting.startsAt),
      ),

    listCandidates: (principal, sittingId) =>
      asSupervisor(ctx, principal, (supervisor, now, ctx) => {
        const { sitting, exam } = watchedSitting(ctx, supervisor, sittingId);
        settleSitting(ctx, exam, sitting, now);
        return ctx.repo.listCandidates(sitting.id).flatMap((c) => candidateStatus(ctx.repo, c.id, now, (row) => candidateScheduleOf(ctx.repo, row)) ?? []);
      }),

    getCandidateHelp: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor, _now, ctx) => ctx.repo.listHelpMessages(watched(ctx, supervisor, candidateId).candidate.id).map(helpBody)),

    replyHelp: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, (supervisor, now, ctx) => {
        const { candidate } = watched(ctx, supervisor, candidateId);
        const isNew = !ctx.repo.getHelpMessage(candidate.id, body.id);
        const message = storeHelpMessage(ctx, candidate.id, 'supervisor', body, now, { supervisorId: supervisor.id });
        // A retry of the same reply is one action, recorded once.
        if (isNew) recordAudit(ctx, supervisorActor(supervisor), 'help.reply', { type: 'candidate', id: candidate.id }, { messageId: body.id, text: detailText(body.text) });
        return message;
      }),

    /**
     * R27: a notice to every candidate of the sitting at once, stored as the supervisor's message (notice: true) in
     * each one's help chat — so it shows and counts as unread where the candidate already reads the supervisor — and
     * pushed live to each (help.message), with one server time for all. Idempotent by id: a retry adds nothing.
     */
    sendNotice: (principal, sittingId, body) =>
      asSupervisor(ctx, principal, (supervisor, now, ctx) => {
        const { sitting, exam } = watchedSitting(ctx, supervisor, sittingId);
        settleSitting(ctx, exam, sitting, now);
        const candidates = ctx.repo.listCandidates(sitting.id);
        const isNew = candidates.some((c) => !ctx.repo.getHelpMessage(c.id, body.id));
        if (isNew) recordAudit(ctx, supervisorActor(supervisor), 'notice.send', { type: 'sitting', id: sitting.id }, { noticeId: body.id, text: detailText(body.text), candidates: candidates.length });
        const sent = candidates.map((c) => storeHelpMessage(ctx, c.id, 'supervisor', body, now, { supervisorId: supervisor.id, notice: true }));
        return { id: body.id, text: body.text, at: sent[0]?.at ?? now, candidates: candidates.length };
      }),

    listIncidents: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor, _now, ctx) =>
        ctx.repo.listIncidents(watched(ctx, supervisor, candidateId).candidate.id).map((i) => ({
          id: i.id,
          kind: i.kind,
          at: i.at,
          ...(i.detail !== null ? { detail: i.detail } : {}),
        })),
      ),

    listRecordings: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor, _now, ctx) => ctx.repo.listRecordings(watched(ctx, supervisor, candidateId).candidate.id).map(recordingBody)),
  };
}
