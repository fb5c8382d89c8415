/**
 * Recordings (R14, R23, R30, R31): creating one with its upload, authorising the tus front's requests and counting
 * what arrived, and completing it once the storage has checked the bytes against the client's length and SHA-256.
 *
 * A candidate has at most one open part per kind (neither completed nor abandoned); the next part is created only
 * after it (RECORDING_ALREADY_OPEN names it otherwise). Nothing new is recorded after finishing (EXAM_FINISHED),
 * while what was recorded before keeps uploading and completes. Every PATCH is held to the recording's byte quota.
 */
import {
  ErrorCode,
  assertAllowed,
  isEvidenceUploaded,
  newRecordingRefusal,
  notEnteredRefusal,
  openRecordingRefusal,
  recordingByteQuota,
  recordingSizeRefusal,
} from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { ExamDomain } from '../exam-domain.types.js';
import { newRecordingRow, type RecordingRow } from '../repository.js';
import { recordingBody } from './bodies.js';
import { authenticate } from './sessions.js';
import { asCandidate, asPhone, contextOf, emitEvidenceStatus, fail, realNow, scheduleFor, setEvidence, type DomainContext, type DomainServices } from './context.js';
import { evidenceCompleted } from './evidence-late.js';

export type RecordingCalls = Pick<
  ExamDomain,
  'createRecording' | 'createEvidenceRecording' | 'completeRecording' | 'abandonRecording' | 'authorizeUpload' | 'recordUploadProgress' | 'recordUploadsProgress' | 'recordingQuota'
>;

/** Neither completed nor abandoned: bytes may still come, and no next part of its kind may be created. */
const isOpen = (recording: RecordingRow) => !recording.complete && recording.abandonedAt === null;

/** The candidate's evidence parts as the rules about them see them: complete, or given up. */
export const evidenceParts = async (ctx: DomainContext, candidateId: string) =>
  (await ctx.repo
    .listRecordings(candidateId))
    .filter((r) => r.kind === 'evidence')
    .map((r) => ({ complete: r.complete, abandoned: r.abandonedAt !== null }));

/** Writes the candidate's next part of `kind`, unless one is still open. Runs inside the caller's transaction. */
async function insertPart(ctx: DomainContext, candidateId: string, kind: RecordingRow['kind'], mimeType: string): Promise<RecordingRow> {
  const ofKind = (await ctx.repo.listRecordings(candidateId)).filter((recording) => recording.kind === kind);
  assertAllowed(openRecordingRefusal(ofKind.find(isOpen)));
  const row = newRecordingRow({
    id: ctx.crypto.randomId('rec'),
    candidateId,
    kind,
    part: ofKind.length + 1,
    mimeType,
    createdAt: ctx.clock.now(),
    realCreatedAt: realNow(ctx),
  });
  await ctx.repo.insertRecording(row);
  return row;
}

/** Creates the upload of a part just written. */
async function withUpload(ctx: DomainServices, row: RecordingRow): Promise<C.RecordingTargetBody> {
  await ctx.options.uploads?.create(row);
  return { recordingId: row.id, uploadUrl: ctx.options.uploadUrl(row.id) };
}

/**
 * The most bytes a recording may hold now: its duration times the policy's maxBitrateBps, plus the header
 * allowance. The duration is the longer of server time and the machine's clock since creation, so that the dev
 * control's clock (which stands still between moves) can test the boundary while a real recorder keeps its room.
 */
async function quotaOf(ctx: DomainContext, recording: RecordingRow): Promise<number> {
  const candidate = (await ctx.repo.getCandidate(recording.candidateId)) ?? fail(ErrorCode.NOT_FOUND);
  const sitting = (await ctx.repo.getSitting(candidate.sittingId)) ?? fail(ErrorCode.NOT_FOUND);
  const exam = (await ctx.repo.getExam(sitting.examId)) ?? fail(ErrorCode.EXAM_NOT_FOUND);
  const elapsedMs = Math.max(ctx.clock.now() - recording.createdAt, realNow(ctx) - recording.realCreatedAt);
  return recordingByteQuota(elapsedMs, scheduleFor(exam, sitting).policy.maxBitrateBps);
}

/**
 * A recording the caller may upload to and complete: a candidate their camera and screen recordings, a phone its
 * candidate's evidence. NOT_FOUND when unknown, FORBIDDEN when someone else's or of the other kind.
 */
async function ownedRecording(ctx: DomainContext, principal: Principal, recordingId: string): Promise<RecordingRow> {
  if (principal.role === 'supervisor') fail(ErrorCode.FORBIDDEN);
  const recording = (await ctx.repo.getRecording(recordingId)) ?? fail(ErrorCode.NOT_FOUND);
  const mayUpload = principal.role === 'phone' ? recording.kind === 'evidence' : recording.kind !== 'evidence';
  if (recording.candidateId !== principal.subjectId || !mayUpload) fail(ErrorCode.FORBIDDEN);
  return recording;
}

/** Marks a recording complete with both checksums; the phone's evidence then counts as uploaded (R30). */
async function markComplete(ctx: DomainServices, recordingId: string, declared: C.CompleteRecording, stored: { readonly serverSha256: string; readonly durationMs: number | null }): Promise<C.RecordingBody> {
  return ctx.run(async (ctx) => {
    const current = (await ctx.repo.getRecording(recordingId)) ?? fail(ErrorCode.NOT_FOUND);
    const row: RecordingRow = {
      ...current,
      bytesReceived: Math.max(current.bytesReceived, declared.totalBytes),
      complete: true,
      // A part abandoned by one browser and completed by another (which still held it) is simply complete.
      abandonedAt: null,
      clientSha256: declared.sha256,
      serverSha256: stored.serverSha256,
      durationMs: stored.durationMs,
    };
    await ctx.repo.updateRecording(row);
    // The phone's evidence video is uploaded once the phone stopped and its last part is complete (R30); a part
    // completed while it still records (the one a reload left) is not the end.
    if (row.kind === 'evidence') {
      const { candidate, schedule, now } = await contextOf(ctx, row.candidateId, ErrorCode.NOT_FOUND);
      // Always told at a part's completion: its last bytes may have come within the progress pushes' interval.
      if (candidate.evidenceState !== 'uploaded' && isEvidenceUploaded(candidate.evidenceState, await evidenceParts(ctx, candidate.id))) await setEvidence(ctx, candidate, 'uploaded', now);
      else await emitEvidenceStatus(ctx, candidate);
      // Accepted however late (R30); past the due time it is an incident.
      await evidenceCompleted(ctx, candidate, schedule, now);
    }
    return recordingBody(row);
  });
}

/**
 * Checks the declared length against what arrived, has the storage verify the SHA-256 and store the final file,
 * then marks the recording complete with both checksums. Idempotent: once complete, the same declaration gets the
 * stored row (nothing is finalised again), a different one an error. A failed check changes nothing: the row stays
 * incomplete and the bytes stay where they are (R31).
 */
async function completeOnce(services: DomainServices, recordingId: string, declared: C.CompleteRecording): Promise<C.RecordingBody> {
  const recording = (await services.run((ctx) => ctx.repo.getRecording(recordingId))) ?? fail(ErrorCode.NOT_FOUND);
  if (recording.complete) {
    if (recording.clientSha256 !== declared.sha256) fail(ErrorCode.CHECKSUM_MISMATCH);
    if (recording.bytesReceived !== declared.totalBytes) fail(ErrorCode.UPLOAD_FAILED);
    return recordingBody(recording);
  }
  if (recording.bytesReceived !== declared.totalBytes) fail(ErrorCode.UPLOAD_FAILED);
  // Without a storage nothing holds the bytes, so nothing can vouch for them.
  const storage = services.options.uploads ?? fail(ErrorCode.UPLOAD_FAILED);
  const stored = await storage.finalize(recording, { totalBytes: declared.totalBytes, sha256: declared.sha256 });
  return markComplete(services, recordingId, declared, stored);
}

/**
 * Evidence bytes arriving are pushed as evidence.status (the PC's 「已上传 x MB」) at most this often per candidate,
 * on the machine's clock: an upload's PATCHes come many a second, and every push goes to the candidate's page, the
 * phone and every supervisor. A part's completion is always pushed.
 */
export const EVIDENCE_PROGRESS_PUSH_MS = 2_000;

/**
 * How stale a session's lastSeenAt may be before an upload's authorisation writes it again. The tus front asks for
 * each upload every few seconds, and each write is a write to the database's log; what reads lastSeenAt (online
 * after 30 s, a phone silent after 60 s, the phone's 「最近在线」) needs no finer, and heartbeats still write it.
 */
export const UPLOAD_SEEN_EVERY_MS = 10_000;

export function createRecordingCalls(ctx: DomainServices): RecordingCalls {
  /** completeRecording calls in progress, by recording id. */
  const finalizing = new Map<string, Promise<C.RecordingBody>>();
  /** When evidence progress was last pushed, by candidate (machine time); forgotten once the interval has passed. */
  const progressPushedAt = new Map<string, number>();
  const progressPushDue = (candidateId: string): boolean => {
    const now = realNow(ctx);
    const last = progressPushedAt.get(candidateId);
    if (last !== undefined && now - last < EVIDENCE_PROGRESS_PUSH_MS && now >= last) return false;
    progressPushedAt.set(candidateId, now);
    if (progressPushedAt.size > 10_000) for (const [id, at] of progressPushedAt) if (now - at >= EVIDENCE_PROGRESS_PUSH_MS) progressPushedAt.delete(id);
    return true;
  };
  /**
   * Writes a recording's received count when it grew; false for a recording that does not exist. Only the count:
   * reaching the declared length is not completion, which completeRecording decides once the bytes are checked
   * against the client's SHA-256.
   */
  const writeProgress = async (ctx: DomainContext, recordingId: string, bytesReceived: number): Promise<boolean> => {
    const recording = await ctx.repo.getRecording(recordingId);
    if (!recording) return false;
    if (bytesReceived <= recording.bytesReceived) return true;
    await ctx.repo.updateRecording({ ...recording, bytesReceived });
    if (recording.kind !== 'evidence' || !progressPushDue(recording.candidateId)) return true;
    const candidate = await ctx.repo.getCandidate(recording.candidateId);
    if (candidate) await emitEvidenceStatus(ctx, candidate);
    return true;
  };
  return {
    async createRecording(principal, body) {
      const row = await asCandidate(ctx, principal, ({ candidate }, ctx) => {
        assertAllowed(notEnteredRefusal(candidate.enteredAt !== null));
        assertAllowed(newRecordingRefusal(candidate.finishedAt !== null));
        return insertPart(ctx, candidate.id, body.kind, body.mimeType);
      });
      return withUpload(ctx, row);
    },

    async createEvidenceRecording(principal, body) {
      const row = await asPhone(ctx, principal, ({ candidate }, ctx) => {
        // The phone records on after the candidate finished, until it reports the recording stopped.
        const phoneStopped = candidate.evidenceState === 'stopped' || candidate.evidenceState === 'uploaded';
        assertAllowed(newRecordingRefusal(candidate.finishedAt !== null && phoneStopped));
        return insertPart(ctx, candidate.id, 'evidence', body.mimeType);
      });
      return withUpload(ctx, row);
    },

    abandonRecording: (principal, recordingId) =>
      ctx.run(async (ctx) => {
        const recording = await ownedRecording(ctx, principal, recordingId);
        if (!isOpen(recording)) return recordingBody(recording);
        const row: RecordingRow = { ...recording, abandonedAt: ctx.clock.now() };
        await ctx.repo.updateRecording(row);
        return recordingBody(row);
      }),

    async completeRecording(principal, recordingId, body) {
      const { id } = await ctx.run((ctx) => ownedRecording(ctx, principal, recordingId));
      // Calls for one recording run one after another, so a retry racing the first call gets its answer instead of
      // finalising the file a second time; across servers, the storage's lock does the same (completeAlone).
      const alone = ctx.options.uploads?.completeAlone?.bind(ctx.options.uploads) ?? ((_id, completion) => completion());
      const run = (finalizing.get(id) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => alone(id, () => completeOnce(ctx, id, body)));
      finalizing.set(id, run);
      try {
        return await run;
      } finally {
        if (finalizing.get(id) === run) finalizing.delete(id);
      }
    },

    authorizeUpload: (token, recordingId, uploadEnd) =>
      // One transaction for the session and the recording: the tus front asks for hundreds of uploads at once.
      ctx.run(async (ctx) => {
        const recording = await ownedRecording(ctx, await authenticate(ctx, token, undefined, UPLOAD_SEEN_EVERY_MS), recordingId);
        const quota = await quotaOf(ctx, recording);
        // Before anything is written: a PATCH ending beyond the quota is refused whole.
        if (uploadEnd !== undefined) assertAllowed(recordingSizeRefusal(uploadEnd, quota));
        return { recording, quota };
      }),

    recordingQuota: (recordingId) => ctx.run(async (ctx) => quotaOf(ctx, (await ctx.repo.getRecording(recordingId)) ?? fail(ErrorCode.NOT_FOUND))),

    async recordUploadProgress(recordingId, bytesReceived) {
      await ctx.run(async (ctx) => {
        if (!(await writeProgress(ctx, recordingId, bytesReceived))) fail(ErrorCode.NOT_FOUND);
      });
    },

    async recordUploadsProgress(reports) {
      await ctx.run(async (ctx) => {
        for (const { recordingId, bytesReceived } of reports) await writeProgress(ctx, recordingId, bytesReceived);
      });
    },
  };
}
