/** The contract's response bodies from the repository's rows. */
import { isSessionAlive, type ExamPolicy, type Schedule } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import { uploadLatestOf } from './upload-health.js';
import { virtualCameraStatusOf } from './virtual-camera-status.js';
import type { CandidateRow, ExamRow, HelpMessageRow, RecordingRow, Repository, SittingRow } from '../repository.js';

/** The fields of `partial` that are not undefined (a policy given as `{ answerMs: undefined }` sets nothing). */
export function defined<T extends object>(partial: T | undefined): T {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) as T;
}

const policyBody = (policy: Partial<ExamPolicy>): C.ExamInfoBody['policy'] => defined(policy);

export function sittingBody(row: SittingRow): C.SittingBody {
  const policy = policyBody(row.policy);
  return {
    id: row.id,
    name: row.name,
    startsAt: row.startsAt,
    ...(row.entryOpensAt !== null ? { entryOpensAt: row.entryOpensAt } : {}),
    ...(Object.keys(policy).length > 0 ? { policy } : {}),
  };
}

/**
 * The sitting as one candidate sees it (GET /me): with their own answer time and late cutoff in its policy when a
 * supervisor gave extra time or let them in late, so that the page's `scheduleOf(me.sitting)` is their schedule.
 */
export function candidateSittingBody(row: SittingRow, candidate: CandidateRow, schedule: Schedule): C.SittingBody {
  const body = sittingBody(row);
  if (candidate.extraTimeMs === 0 && candidate.lateEntryAllowedAt === null) return body;
  return { ...body, policy: { ...body.policy, answerMs: schedule.policy.answerMs, lateEntryCutoffMs: schedule.policy.lateEntryCutoffMs } };
}

/** One candidate's schedule as the contract gives it (CandidateSchedule). */
export const candidateScheduleBody = (schedule: Schedule, candidate: CandidateRow): C.CandidateScheduleBody => ({
  loginOpensAt: schedule.loginOpensAt,
  entryOpensAt: schedule.entryOpensAt,
  startsAt: schedule.startsAt,
  entryClosesAt: schedule.entryClosesAt,
  deadline: schedule.deadline,
  evidenceDueAt: schedule.evidenceDueAt,
  extraTimeMs: candidate.extraTimeMs,
  lateEntryAllowed: candidate.lateEntryAllowedAt !== null,
});

export async function examBody(repo: Repository, exam: ExamRow): Promise<C.ExamInfoBody> {
  return { id: exam.id, title: exam.title, sittings: (await repo.listSittings(exam.id)).map(sittingBody), policy: policyBody(exam.policy), timeZone: exam.timeZone };
}

export const candidateBody = (row: CandidateRow): C.CandidateBody => ({
  id: row.id,
  name: row.name,
  idNumberMasked: row.idNumberMasked,
  admissionNumber: row.admissionNumber,
});

export const progressBody = (row: CandidateRow): C.ProgressBody => ({
  stage: row.stage,
  lot: row.lot,
  enteredAt: row.enteredAt,
  finishedAt: row.finishedAt,
  finishReason: row.finishReason,
  devicesConfirmedAt: row.devicesConfirmedAt,
  infoConfirmedAt: row.infoConfirmedAt,
  pledgeAcceptedAt: row.pledgeAcceptedAt,
  pledgeVersion: row.pledgeVersion,
});

export const evidenceBody = (row: CandidateRow): C.EvidenceStatusBody => ({ state: row.evidenceState, updatedAt: row.evidenceUpdatedAt });

/**
 * The evidence status as the candidate's page, the phone and the supervisors see it: with `phoneReplacedAt` once a
 * new code paired another phone in place of an earlier one (the newest phone session's start); `phoneSeenAt` once a
 * phone paired (its session's lastSeenAt, which every request of the phone refreshes: heartbeat, report, upload);
 * `bytesReceived` once an evidence part exists (over every part); `bytesExpected` once the phone stopped and said
 * what it still held.
 */
export async function evidenceStatusOf(repo: Repository, row: CandidateRow): Promise<C.EvidenceStatusBody> {
  const phones = await repo.listSessions('phone', row.id);
  const newest = phones.at(-1);
  const evidence = (await repo.listRecordings(row.id)).filter((recording) => recording.kind === 'evidence');
  return {
    ...evidenceBody(row),
    ...(phones.length > 1 && newest ? { phoneReplacedAt: newest.createdAt } : {}),
    ...(evidence.length > 0 ? { bytesReceived: evidence.reduce((sum, recording) => sum + recording.bytesReceived, 0) } : {}),
    ...(row.evidenceBytesExpected !== null ? { bytesExpected: row.evidenceBytesExpected } : {}),
    ...(newest ? { phoneSeenAt: newest.lastSeenAt } : {}),
  };
}

export const helpBody = (row: Pick<HelpMessageRow, 'id' | 'from' | 'text' | 'at' | 'notice'>): C.HelpMessageBody => ({
  id: row.id,
  from: row.from,
  text: row.text,
  at: row.at,
  ...(row.notice ? { notice: true } : {}),
});

export const recordingBody = (row: RecordingRow): C.RecordingBody => ({
  id: row.id,
  kind: row.kind,
  part: row.part,
  ...(row.abandonedAt !== null ? { abandonedAt: row.abandonedAt } : {}),
  mimeType: row.mimeType,
  createdAt: row.createdAt,
  bytesReceived: row.bytesReceived,
  complete: row.complete,
  ...(row.clientSha256 !== null ? { clientSha256: row.clientSha256 } : {}),
  ...(row.serverSha256 !== null ? { serverSha256: row.serverSha256 } : {}),
  ...(row.durationMs !== null ? { durationMs: row.durationMs } : {}),
});

/** Online: a session of the candidate that is not revoked and was seen within SESSION_STALE_MS (R6, R32). */
async function isOnline(repo: Repository, candidateId: string, now: number): Promise<boolean> {
  return (await repo.listSessions('candidate', candidateId)).some((s) => s.revokedAt === null && isSessionAlive(s.lastSeenAt, now));
}

/** A candidate as the supervisors see them (R32), or null when unknown; `schedule` is the candidate's own. */
export async function candidateStatus(repo: Repository, candidateId: string, now: number, scheduleOfCandidate?: (row: CandidateRow) => Promise<Schedule | null>): Promise<C.CandidateStatusBody | null> {
  const row = await repo.getCandidate(candidateId);
  if (!row) return null;
  const schedule = (await scheduleOfCandidate?.(row)) ?? null;
  const verdicts = await repo.listVerdicts(row.id);
  const verdict = verdicts.at(-1);
  return {
    candidate: candidateBody(row),
    sittingId: row.sittingId,
    online: await isOnline(repo, row.id, now),
    progress: progressBody(row),
    evidence: await evidenceStatusOf(repo, row),
    incidents: (await repo.listIncidents(row.id)).length,
    helpMessages: (await repo.listHelpMessages(row.id)).length,
    ...(schedule ? { schedule: candidateScheduleBody(schedule, row) } : {}),
    ...(verdict ? { verdict: verdict.verdict } : {}),
    interventions: (await repo.listInterventions(row.id)).length,
    verdicts: verdicts.length,
    ...(await withUploadLatest(repo, row.id)),
    ...await virtualCameraStatusOf(repo, row.id),
  };
}

/** A supervisor as the console names them: their username (kept even if the account is gone: then its id). */
export const supervisorNameOf = async (repo: Repository, supervisorId: string): Promise<string> => (await repo.getSupervisor(supervisorId))?.username ?? supervisorId;

/** CandidateStatus.upload once the candidate has an upload-health sample. */
async function withUploadLatest(repo: Repository, candidateId: string): Promise<Pick<C.CandidateStatusBody, 'upload'>> {
  const upload = await uploadLatestOf(repo, candidateId);
  return upload ? { upload } : {};
}
