/**
 * The administrator's exports: a sitting's results (one row per candidate — attended, entered, finished how and when,
 * lot, incidents, phone evidence on time, verdict, recordings), one candidate's archive (the timeline as the
 * supervisors' review gives it, with the interventions, verdict history, incidents and help messages, and the final
 * recording files, which the front streams into a zip) and a recording's final file. Reading personal data is an
 * access the audit log records: every export, every archive, every download of a recording from its first byte (a
 * <video> seeking with range requests is one download, not hundreds of entries).
 *
 * The results are settled first, as every read of a candidate is: lots, time up, and the evidenceLate incident,
 * so that "evidence on time" is judged on the server's clock at its due time (evidence-late.ts), not on when the
 * export happens to be made.
 */
import { ErrorCode, type Schedule } from '@examroom/core';
import { ADMIN_RECORDING_FILE_PATH, API_PREFIX } from '@examroom/adapters/rest';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import type { CandidateRow, RecordingRow, VerdictRow } from '../repository.js';
import { asAdministrator } from './admin.js';
import { recordAudit } from './audit.js';
import { candidateScheduleBody, helpBody, progressBody, recordingBody, supervisorNameOf } from './bodies.js';
import { fail, mapInOrder, scheduleFor, settleSitting, type DomainContext, type DomainServices } from './context.js';
import { settleEvidenceLate } from './evidence-late.js';
import { interventionBody } from './interventions.js';
import { markersOf } from './review.js';
import { ERASED_ID_PREFIX } from '../retention.js';

export type AdminExportCalls = Pick<ExamDomain, 'adminSittingResults' | 'adminCandidateArchive' | 'adminRecordingFile'>;

/** The formats a sitting's results are exported in; the audit log says which. */
export type ResultsFormat = 'json' | 'csv' | 'xlsx';

/**
 * What a candidate's archive holds, apart from the files' bytes: the timeline (timeline.json, to which the front adds
 * the list of files it wrote) and the recordings whose final files go into the zip (the complete ones).
 */
export interface CandidateArchive {
  readonly candidateId: string;
  readonly timeline: CandidateArchiveTimeline;
  readonly recordings: readonly RecordingRow[];
}

export interface CandidateArchiveTimeline {
  readonly exam: { readonly id: string; readonly title: string; readonly timeZone: string };
  readonly sitting: { readonly id: string; readonly name: string; readonly startsAt: number };
  readonly candidate: { readonly id: string; readonly name: string; readonly idNumberMasked: string; readonly admissionNumber: string };
  readonly generatedAt: number;
  /** As GET /supervisor/candidates/:id/timeline answers it. */
  readonly timeline: C.TimelineBody;
  readonly interventions: readonly C.InterventionBody[];
  /** Every verdict, oldest first; the last is the current one. */
  readonly verdicts: readonly C.VerdictBody[];
  readonly incidents: readonly C.IncidentBody[];
  readonly helpMessages: readonly (C.HelpMessageBody & { readonly supervisorName?: string })[];
}

/** The ID number as exports show it: masked, or nothing once retention erased it. */
const maskedIdOf = (candidate: CandidateRow): string => (candidate.idNumberHash.startsWith(ERASED_ID_PREFIX) ? '' : candidate.idNumberMasked);

const KIND_ORDER: Readonly<Record<RecordingRow['kind'], number>> = { camera: 0, screen: 1, evidence: 2 };
const byKindThenPart = (a: RecordingRow, b: RecordingRow) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.part - b.part;

/** The administrator's address of a recording's final file (ADMIN_RECORDING_FILE_PATH under API_PREFIX). */
export const adminRecordingUrl = (recordingId: string): string => `${API_PREFIX}${ADMIN_RECORDING_FILE_PATH.replace(':recordingId', recordingId)}`;

export function createAdminExportCalls(ctx: DomainServices): AdminExportCalls {
  const verdictBody = async (ctx: DomainContext, row: VerdictRow): Promise<C.VerdictBody> => ({
    verdict: row.verdict,
    comment: row.comment,
    supervisorId: row.supervisorId,
    supervisorName: await supervisorNameOf(ctx.repo, row.supervisorId),
    at: row.at,
  });

  /** The evidence against its due time: late once the evidenceLate incident was raised (at the due time). */
  const evidenceTiming = async (ctx: DomainContext, candidate: CandidateRow, schedule: Schedule, now: number): Promise<C.EvidenceTimingValue> => {
    if (!schedule.policy.requireEvidence) return 'notRequired';
    if (candidate.enteredAt === null) return 'notEntered';
    if ((await ctx.repo.listIncidents(candidate.id)).some((i) => i.kind === 'evidenceLate')) return 'late';
    const evidence = (await ctx.repo.listRecordings(candidate.id)).filter((r) => r.kind === 'evidence');
    const complete = evidence.some((r) => r.complete) && evidence.every((r) => r.complete || r.abandonedAt !== null);
    // Complete with no evidenceLate incident: it completed before the due time (a late completion raises one).
    if (complete) return 'onTime';
    return now < schedule.evidenceDueAt ? 'pending' : 'late';
  };

  const resultRow = async (ctx: DomainContext, candidate: CandidateRow, schedule: Schedule, now: number): Promise<C.ResultRowBody> => {
    const logins = (await ctx.repo.listSessions('candidate', candidate.id)).map((s) => s.createdAt);
    const incidents = new Map<C.IncidentBody['kind'], number>();
    for (const incident of await ctx.repo.listIncidents(candidate.id)) incidents.set(incident.kind, (incidents.get(incident.kind) ?? 0) + 1);
    const verdict = (await ctx.repo.listVerdicts(candidate.id)).at(-1);
    return {
      candidateId: candidate.id,
      name: candidate.name,
      idNumberMasked: maskedIdOf(candidate),
      admissionNumber: candidate.admissionNumber,
      attended: logins.length > 0,
      firstLoginAt: logins.length > 0 ? Math.min(...logins) : null,
      enteredAt: candidate.enteredAt,
      finishedAt: candidate.finishedAt,
      finishReason: candidate.finishReason,
      lot: candidate.lot,
      incidents: [...incidents].map(([kind, count]) => ({ kind, count })),
      evidence: await evidenceTiming(ctx, candidate, schedule, now),
      evidenceDueAt: schedule.evidenceDueAt,
      verdict: verdict ? await verdictBody(ctx, verdict) : null,
      recordings: [...(await ctx.repo.listRecordings(candidate.id))].sort(byKindThenPart).map((r) => ({
        id: r.id,
        kind: r.kind,
        part: r.part,
        complete: r.complete,
        bytes: r.bytesReceived,
        durationMs: r.durationMs,
        url: r.complete ? adminRecordingUrl(r.id) : null,
      })),
    };
  };

  return {
    adminSittingResults: (principal, sittingId, format = 'json') =>
      asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const sitting = (await ctx.repo.getSitting(sittingId)) ?? fail(ErrorCode.NOT_FOUND);
        const exam = (await ctx.repo.getExam(sitting.examId)) ?? fail(ErrorCode.NOT_FOUND);
        // Once for the sitting rather than per candidate: lots and time-up are the sitting's.
        await settleSitting(ctx, exam, sitting, now);
        const rows = await mapInOrder(await ctx.repo.listCandidates(sitting.id), async (row) => {
          const schedule = scheduleFor(exam, sitting, row);
          await settleEvidenceLate(ctx, row, schedule, now);
          return resultRow(ctx, row, schedule, now);
        });
        await recordAudit(ctx, actor, 'results.export', { type: 'sitting', id: sitting.id }, { format, candidates: rows.length });
        return { examId: exam.id, examTitle: exam.title, timeZone: exam.timeZone, sittingId: sitting.id, sittingName: sitting.name, startsAt: sitting.startsAt, generatedAt: now, rows };
      }),

    adminCandidateArchive: (principal, candidateId) =>
      asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const found = (await ctx.repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND);
        const sitting = (await ctx.repo.getSitting(found.sittingId)) ?? fail(ErrorCode.NOT_FOUND);
        const exam = (await ctx.repo.getExam(sitting.examId)) ?? fail(ErrorCode.NOT_FOUND);
        await settleSitting(ctx, exam, sitting, now);
        const candidate = (await ctx.repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND);
        const schedule = scheduleFor(exam, sitting, candidate);
        await settleEvidenceLate(ctx, candidate, schedule, now);
        const recordings = [...(await ctx.repo.listRecordings(candidate.id))].sort(byKindThenPart);
        const timeline: CandidateArchiveTimeline = {
          exam: { id: exam.id, title: exam.title, timeZone: exam.timeZone },
          sitting: { id: sitting.id, name: sitting.name, startsAt: sitting.startsAt },
          candidate: { id: candidate.id, name: candidate.name, idNumberMasked: maskedIdOf(candidate), admissionNumber: candidate.admissionNumber },
          generatedAt: now,
          timeline: {
            candidateId: candidate.id,
            schedule: candidateScheduleBody(schedule, candidate),
            progress: progressBody(candidate),
            markers: await markersOf(ctx, candidate.id),
            recordings: recordings.map(recordingBody),
          },
          interventions: await mapInOrder(await ctx.repo.listInterventions(candidate.id), (row) => interventionBody(ctx.repo, row)),
          verdicts: await mapInOrder(await ctx.repo.listVerdicts(candidate.id), (row) => verdictBody(ctx, row)),
          incidents: (await ctx.repo.listIncidents(candidate.id)).map((i) => ({ id: i.id, kind: i.kind, at: i.at, ...(i.detail !== null ? { detail: i.detail } : {}) })),
          helpMessages: await mapInOrder(await ctx.repo.listHelpMessages(candidate.id), async (m) => ({ ...helpBody(m), ...(m.supervisorId ? { supervisorName: await supervisorNameOf(ctx.repo, m.supervisorId) } : {}) })),
        };
        const complete = recordings.filter((r) => r.complete);
        await recordAudit(ctx, actor, 'candidate.archive', { type: 'candidate', id: candidate.id }, { recordings: complete.length });
        return { candidateId: candidate.id, timeline, recordings: complete };
      }),

    adminRecordingFile: (principal, recordingId, { fromStart }) =>
      asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        const recording = (await ctx.repo.getRecording(recordingId)) ?? fail(ErrorCode.NOT_FOUND);
        // A download from the first byte is one access; the range requests of a seeking <video> that follow are not.
        if (fromStart) await recordAudit(ctx, actor, 'recording.download', { type: 'recording', id: recording.id }, { candidateId: recording.candidateId, kind: recording.kind, part: recording.part });
        return recording;
      }),
  };
}
