/**
 * R7: a supervisor waives a candidate's virtual or filter camera, so that 设备确认 accepts it (the candidate has no
 * other camera, or the app is needed for another reason the supervisor accepts). Recorded as an intervention with
 * who, when and why (the panel and the timeline list it), audited like every intervention, and pushed to the
 * candidate's page (`virtualCamera.waived`), which then goes on without a reload.
 */
import { ErrorCode } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import type { InterventionRow } from '../repository.js';
import { candidateScheduleBody, progressBody } from './bodies.js';
import { detailText, recordAudit, supervisorActor } from './audit.js';
import { asSupervisor, fail, scheduleFor, watched } from './context.js';
import type { DomainServices } from './context.js';
import { interventionBody } from './interventions.js';

export type VirtualCameraCalls = Pick<ExamDomain, 'waiveVirtualCamera'>;

export function createVirtualCameraCalls(ctx: DomainServices): VirtualCameraCalls {
  const { crypto } = ctx;
  return {
    waiveVirtualCamera: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const subject = await watched(ctx, supervisor, candidateId);
        const { candidate, now } = subject;
        // Finished (by the page, a supervisor, or the deadline, settled by watched()): nothing is left to waive.
        if (candidate.finishedAt !== null) fail(ErrorCode.CANDIDATE_FINISHED);
        const row: InterventionRow = { id: crypto.randomId('int'), candidateId: candidate.id, supervisorId: supervisor.id, kind: 'virtualCameraWaiver', at: now, minutes: null, reason: body.reason };
        await ctx.repo.insertIntervention(row);
        await recordAudit(ctx, supervisorActor(supervisor), 'candidate.virtualCameraWaiver', { type: 'candidate', id: candidate.id }, { interventionId: row.id, reason: detailText(body.reason) });
        ctx.tx.statusChanged(candidate.id);
        ctx.tx.emit({ type: 'virtualCamera.waived', candidateId: candidate.id }, { candidateId: candidate.id, supervisors: false });
        const result: C.InterventionResultBody = {
          intervention: await interventionBody(ctx.repo, row),
          schedule: candidateScheduleBody(scheduleFor(subject.exam, subject.sitting, candidate), candidate),
          progress: progressBody(candidate),
        };
        return result;
      }),
  };
}
