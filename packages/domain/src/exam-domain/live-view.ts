/**
 * 实时画面 as the server's rules see it: who may watch a candidate live. The relay of the live-events socket
 * (live-view-relay.ts) asks this before it relays anything of a view; the rest of a view is the relay's.
 */
import { ErrorCode } from '@examroom/core';
import type { ExamDomain } from '../exam-domain.types.js';
import { asSupervisor, fail, watched, type DomainServices } from './context.js';

export type LiveViewCalls = Pick<ExamDomain, 'liveViewTarget'>;

export function createLiveViewCalls(ctx: DomainServices): LiveViewCalls {
  return {
    liveViewTarget: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        // watched() settles the sitting first, so a candidate past their deadline is finished (timeUp) here too.
        const { candidate, sitting } = await watched(ctx, supervisor, candidateId);
        if (candidate.finishedAt !== null) fail(ErrorCode.CANDIDATE_FINISHED);
        return { candidateId: candidate.id, sittingId: sitting.id, examId: sitting.examId };
      }),
  };
}
