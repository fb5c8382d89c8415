/** The supervisor's reads and replies (R27, R32), limited to the candidates of the exams they watch. */
import type { ExamDomain } from '../exam-domain.types.js';
import { candidateStatus, helpBody, recordingBody, sittingBody } from './bodies.js';
import { storeHelpMessage } from './candidate.js';
import { detailText, recordAudit, supervisorActor } from './audit.js';
import { asSupervisor, candidateScheduleOf, settleSitting, watched, watchedSitting, watchesSitting, type DomainContext } from './context.js';

export type SupervisorCalls = Pick<ExamDomain, 'listSittings' | 'listCandidates' | 'getCandidateHelp' | 'replyHelp' | 'listIncidents' | 'listRecordings' | 'sendNotice'>;

export function createSupervisorCalls(ctx: DomainContext): SupervisorCalls {
  const { repo } = ctx;
  return {
    listSittings: (principal) =>
      asSupervisor(ctx, principal, (supervisor) =>
        // Every sitting of the exams they watch and of the sittings named to them (watchesSitting), each once.
        [...new Set([...supervisor.examIds, ...(supervisor.sittingIds ?? []).flatMap((id) => repo.getSitting(id)?.examId ?? [])])]
          .flatMap((examId) => {
            const exam = repo.getExam(examId);
            if (!exam) return [];
            return repo
              .listSittings(exam.id)
              .filter((sitting) => watchesSitting(supervisor, sitting))
              .map((sitting) => ({
                examId: exam.id,
                examTitle: exam.title,
                timeZone: exam.timeZone,
                sitting: sittingBody(sitting),
                candidates: repo.listCandidates(sitting.id).length,
              }));
          })
          .sort((a, b) => a.sitting.startsAt - b.sitting.startsAt),
      ),

    listCandidates: (principal, sittingId) =>
      asSupervisor(ctx, principal, (supervisor, now) => {
        const { sitting, exam } = watchedSitting(ctx, supervisor, sittingId);
        settleSitting(ctx, exam, sitting, now);
        return repo.listCandidates(sitting.id).flatMap((c) => candidateStatus(repo, c.id, now, (row) => candidateScheduleOf(repo, row)) ?? []);
      }),

    getCandidateHelp: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor) => repo.listHelpMessages(watched(ctx, supervisor, candidateId).candidate.id).map(helpBody)),

    replyHelp: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, (supervisor, now) => {
        const { candidate } = watched(ctx, supervisor, candidateId);
        const isNew = !repo.getHelpMessage(candidate.id, body.id);
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
      asSupervisor(ctx, principal, (supervisor, now) => {
        const { sitting, exam } = watchedSitting(ctx, supervisor, sittingId);
        settleSitting(ctx, exam, sitting, now);
        const candidates = repo.listCandidates(sitting.id);
        const isNew = candidates.some((c) => !repo.getHelpMessage(c.id, body.id));
        if (isNew) recordAudit(ctx, supervisorActor(supervisor), 'notice.send', { type: 'sitting', id: sitting.id }, { noticeId: body.id, text: detailText(body.text), candidates: candidates.length });
        const sent = candidates.map((c) => storeHelpMessage(ctx, c.id, 'supervisor', body, now, { supervisorId: supervisor.id, notice: true }));
        return { id: body.id, text: body.text, at: sent[0]?.at ?? now, candidates: candidates.length };
      }),

    listIncidents: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor) =>
        repo.listIncidents(watched(ctx, supervisor, candidateId).candidate.id).map((i) => ({
          id: i.id,
          kind: i.kind,
          at: i.at,
          ...(i.detail !== null ? { detail: i.detail } : {}),
        })),
      ),

    listRecordings: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor) => repo.listRecordings(watched(ctx, supervisor, candidateId).candidate.id).map(recordingBody)),
  };
}
