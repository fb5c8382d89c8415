/** The supervisor's reads and replies (R27, R32), limited to the candidates of the exams they watch. */
import { ErrorCode } from '@examroom/core';
import type { ExamDomain } from '../exam-domain.types.js';
import { candidateStatus, helpBody, recordingBody, sittingBody } from './bodies.js';
import { storeHelpMessage } from './candidate.js';
import { asSupervisor, fail, scheduleFor, settleSitting, watched, type DomainContext } from './context.js';

export type SupervisorCalls = Pick<ExamDomain, 'listSittings' | 'listCandidates' | 'getCandidateHelp' | 'replyHelp' | 'listIncidents' | 'listRecordings'>;

export function createSupervisorCalls(ctx: DomainContext): SupervisorCalls {
  const { repo } = ctx;
  return {
    listSittings: (principal) =>
      asSupervisor(ctx, principal, (supervisor) =>
        supervisor.examIds
          .flatMap((examId) => {
            const exam = repo.getExam(examId);
            if (!exam) return [];
            return repo.listSittings(exam.id).map((sitting) => ({
              examId: exam.id,
              examTitle: exam.title,
              sitting: sittingBody(sitting),
              candidates: repo.listCandidates(sitting.id).length,
            }));
          })
          .sort((a, b) => a.sitting.startsAt - b.sitting.startsAt),
      ),

    listCandidates: (principal, sittingId) =>
      asSupervisor(ctx, principal, (supervisor, now) => {
        const sitting = repo.getSitting(sittingId) ?? fail(ErrorCode.NOT_FOUND);
        if (!supervisor.examIds.includes(sitting.examId)) fail(ErrorCode.FORBIDDEN);
        const exam = repo.getExam(sitting.examId) ?? fail(ErrorCode.NOT_FOUND);
        settleSitting(ctx, sitting, scheduleFor(exam, sitting), now);
        return repo.listCandidates(sitting.id).flatMap((c) => candidateStatus(repo, c.id, now) ?? []);
      }),

    getCandidateHelp: (principal, candidateId) =>
      asSupervisor(ctx, principal, (supervisor) => repo.listHelpMessages(watched(ctx, supervisor, candidateId).candidate.id).map(helpBody)),

    replyHelp: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, (supervisor, now) => storeHelpMessage(ctx, watched(ctx, supervisor, candidateId).candidate.id, 'supervisor', body, now)),

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
