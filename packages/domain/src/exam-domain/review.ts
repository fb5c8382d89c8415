/**
 * Reviewing a candidate afterwards: the verdict (通过 / 存疑 / 违规) with its history, one timeline of the
 * interview for the review's markers, and access to the recordings' files — by the supervisor's bearer token, or by a
 * short-lived link for a <video src>, which cannot send an Authorization header.
 */
import { ErrorCode, supervisorSessionExpiresAt } from '@examroom/core';
import { API_PREFIX, RECORDING_FILE_PATH, RECORDING_LINK_TTL_MS } from '@examroom/adapters/rest';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { ExamDomain } from '../exam-domain.types.js';
import type { RecordingRow, Repository, VerdictRow } from '../repository.js';
import { candidateScheduleBody, progressBody, recordingBody, supervisorNameOf } from './bodies.js';
import { detailText, recordAudit, supervisorActor } from './audit.js';
import { asSupervisor, fail, mapInOrder, watched, type DomainContext, type DomainServices } from './context.js';

export type ReviewCalls = Pick<ExamDomain, 'getVerdict' | 'setVerdict' | 'getTimeline' | 'createRecordingLink' | 'authorizeRecordingFile'>;

const verdictBody = async (repo: Repository, row: VerdictRow): Promise<C.VerdictBody> => ({
  verdict: row.verdict,
  comment: row.comment,
  supervisorId: row.supervisorId,
  supervisorName: await supervisorNameOf(repo, row.supervisorId),
  at: row.at,
});

const verdictState = async (repo: Repository, rows: readonly VerdictRow[]): Promise<C.VerdictStateBody> => {
  const history = await mapInOrder(rows, (row) => verdictBody(repo, row));
  return { current: history.at(-1) ?? null, history };
};

/** Everything that happened to the candidate, as markers in order of time (ties keep the order they are listed in). */
export async function markersOf(ctx: DomainContext, candidateId: string): Promise<C.TimelineMarkerBody[]> {
  const { repo } = ctx;
  const candidate = (await repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND);
  const markers: C.TimelineMarkerBody[] = [];
  const progress: [number | null, C.TimelineMarkerBody['kind']][] = [
    [candidate.enteredAt, 'entered'],
    [candidate.devicesConfirmedAt, 'devicesConfirmed'],
    [candidate.infoConfirmedAt, 'infoConfirmed'],
    [candidate.pledgeAcceptedAt, 'pledgeAccepted'],
  ];
  for (const [at, kind] of progress) if (at !== null) markers.push({ at, kind });
  if (candidate.finishedAt !== null) markers.push({ at: candidate.finishedAt, kind: 'finished', ...(candidate.finishReason ? { detail: candidate.finishReason } : {}) });
  for (const i of await repo.listIncidents(candidateId)) markers.push({ at: i.at, kind: 'incident', detail: i.kind, ...(i.detail !== null ? { text: i.detail } : {}) });
  for (const m of await repo.listHelpMessages(candidateId)) markers.push({ at: m.at, kind: 'help', detail: m.notice ? 'notice' : m.from, text: m.text });
  for (const i of await repo.listInterventions(candidateId)) {
    const text = i.minutes !== null ? String(i.minutes) : i.reason;
    markers.push({ at: i.at, kind: 'intervention', detail: i.kind, ...(text !== null ? { text } : {}) });
  }
  for (const v of await repo.listVerdicts(candidateId)) markers.push({ at: v.at, kind: 'verdict', detail: v.verdict, text: v.comment });
  return markers.map((m, i) => [m, i] as const).sort(([a, i], [b, j]) => a.at - b.at || i - j).map(([m]) => m);
}

export function createReviewCalls(ctx: DomainServices, authenticate: (token: string | null) => Promise<Principal>): ReviewCalls {
  const { crypto } = ctx;

  /** The recording, when its candidate is one the supervisor watches (NOT_FOUND / FORBIDDEN otherwise). */
  const watchedRecording = async (ctx: DomainContext, supervisorId: string, recordingId: string): Promise<RecordingRow> => {
    const supervisor = (await ctx.repo.getSupervisor(supervisorId)) ?? fail(ErrorCode.UNAUTHENTICATED);
    const recording = (await ctx.repo.getRecording(recordingId)) ?? fail(ErrorCode.NOT_FOUND);
    await watched(ctx, supervisor, recording.candidateId);
    return recording;
  };

  return {
    getVerdict: (principal, candidateId) => asSupervisor(ctx, principal, async (supervisor, _now, ctx) => verdictState(ctx.repo, await ctx.repo.listVerdicts((await watched(ctx, supervisor, candidateId)).candidate.id))),

    setVerdict: (principal, candidateId, body) =>
      asSupervisor(ctx, principal, async (supervisor, now, ctx) => {
        const { candidate } = await watched(ctx, supervisor, candidateId);
        // Never overwritten: each verdict is a new row, so the history of changes is kept with who and when.
        const id = crypto.randomId('ver');
        await ctx.repo.insertVerdict({ id, candidateId: candidate.id, supervisorId: supervisor.id, verdict: body.verdict, comment: body.comment, at: now });
        await recordAudit(ctx, supervisorActor(supervisor), 'candidate.verdict', { type: 'candidate', id: candidate.id }, { verdictId: id, verdict: body.verdict, comment: detailText(body.comment) });
        ctx.tx.statusChanged(candidate.id);
        return verdictState(ctx.repo, await ctx.repo.listVerdicts(candidate.id));
      }),

    getTimeline: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const { candidate, schedule } = await watched(ctx, supervisor, candidateId);
        return {
          candidateId: candidate.id,
          schedule: candidateScheduleBody(schedule, candidate),
          progress: progressBody(candidate),
          markers: await markersOf(ctx, candidate.id),
          recordings: (await ctx.repo.listRecordings(candidate.id)).map(recordingBody),
        };
      }),

    createRecordingLink: (principal, recordingId) =>
      asSupervisor(ctx, principal, async (supervisor, now, ctx) => {
        const recording = await watchedRecording(ctx, supervisor.id, recordingId);
        const token = crypto.randomToken();
        const expiresAt = now + RECORDING_LINK_TTL_MS;
        // Only the hash is kept, like a session token's; the link dies with the session that made it.
        await ctx.repo.insertRecordingLink({ tokenHash: crypto.hashToken(token), recordingId: recording.id, supervisorId: supervisor.id, sessionId: principal.sessionId, expiresAt });
        // Who opened which recording: watching a recording is an access to personal data.
        await recordAudit(ctx, supervisorActor(supervisor), 'recording.link', { type: 'recording', id: recording.id }, { candidateId: recording.candidateId, kind: recording.kind, part: recording.part });
        return { url: `${API_PREFIX}${RECORDING_FILE_PATH.replace(':recordingId', recording.id)}?link=${token}`, expiresAt };
      }),

    async authorizeRecordingFile(access, recordingId) {
      // The bearer token's session first: authenticate runs a transaction of its own.
      const principal = access.link === null ? await authenticate(access.token) : null;
      return ctx.run(async (ctx) => {
        if (principal) {
          if (principal.role !== 'supervisor') fail(ErrorCode.FORBIDDEN);
          return watchedRecording(ctx, principal.subjectId, recordingId);
        }
        const link = (await ctx.repo.findRecordingLink(crypto.hashToken(access.link!))) ?? fail(ErrorCode.RECORDING_LINK_INVALID);
        if (link.recordingId !== recordingId || ctx.clock.now() >= link.expiresAt) fail(ErrorCode.RECORDING_LINK_INVALID);
        // The link dies with the supervisor's session: logged out, or expired, it opens nothing.
        const now = ctx.clock.now();
        const session = (await ctx.repo.listSessions('supervisor', link.supervisorId)).find((s) => s.id === link.sessionId);
        if (!session || session.revokedAt !== null || now >= supervisorSessionExpiresAt(session.lastSeenAt)) fail(ErrorCode.RECORDING_LINK_INVALID);
        // And with the supervisor's watch over the sitting.
        return watchedRecording(ctx, link.supervisorId, recordingId);
      });
    },
  };
}
