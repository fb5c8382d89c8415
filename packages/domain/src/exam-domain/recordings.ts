/**
 * Recordings (R14, R23, R30, R31): creating one with its upload, authorising the tus front's requests and counting
 * what arrived, and completing it once the storage has checked the bytes against the client's length and SHA-256.
 */
import { ErrorCode, assertAllowed, notEnteredRefusal } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { ExamDomain } from '../exam-domain.types.js';
import type { RecordingRow } from '../repository.js';
import { recordingBody } from './bodies.js';
import { asCandidate, asPhone, fail, setEvidence, type DomainContext } from './context.js';

export type RecordingCalls = Pick<ExamDomain, 'createRecording' | 'createEvidenceRecording' | 'completeRecording' | 'authorizeUpload' | 'recordUploadProgress'>;

async function newRecording(ctx: DomainContext, candidateId: string, kind: RecordingRow['kind'], mimeType: string): Promise<C.RecordingTargetBody> {
  const row: RecordingRow = {
    id: ctx.crypto.randomId('rec'),
    candidateId,
    kind,
    mimeType,
    createdAt: ctx.clock.now(),
    bytesReceived: 0,
    complete: false,
    clientSha256: null,
    serverSha256: null,
    durationMs: null,
  };
  ctx.tx.run(() => ctx.repo.insertRecording(row));
  await ctx.options.uploads?.create(row);
  return { recordingId: row.id, uploadUrl: ctx.options.uploadUrl(row.id) };
}

/**
 * A recording the caller may upload to and complete: a candidate their camera and screen recordings, a phone its
 * candidate's evidence. NOT_FOUND when unknown, FORBIDDEN when someone else's or of the other kind.
 */
function ownedRecording(ctx: DomainContext, principal: Principal, recordingId: string): RecordingRow {
  if (principal.role === 'supervisor') fail(ErrorCode.FORBIDDEN);
  const recording = ctx.repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
  const mayUpload = principal.role === 'phone' ? recording.kind === 'evidence' : recording.kind !== 'evidence';
  if (recording.candidateId !== principal.subjectId || !mayUpload) fail(ErrorCode.FORBIDDEN);
  return recording;
}

/** Marks a recording complete with both checksums; the phone's evidence then counts as uploaded (R30). */
function markComplete(ctx: DomainContext, recordingId: string, declared: C.CompleteRecording, stored: { readonly serverSha256: string; readonly durationMs: number | null }): C.RecordingBody {
  return ctx.tx.run(() => {
    const current = ctx.repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
    const row: RecordingRow = {
      ...current,
      bytesReceived: Math.max(current.bytesReceived, declared.totalBytes),
      complete: true,
      clientSha256: declared.sha256,
      serverSha256: stored.serverSha256,
      durationMs: stored.durationMs,
    };
    ctx.repo.updateRecording(row);
    // The phone's evidence video is uploaded once it is complete, whatever the phone last reported.
    if (row.kind === 'evidence') {
      const candidate = ctx.repo.getCandidate(row.candidateId);
      if (candidate && candidate.evidenceState !== 'uploaded') setEvidence(ctx, candidate, 'uploaded', ctx.clock.now());
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
async function completeOnce(ctx: DomainContext, recordingId: string, declared: C.CompleteRecording): Promise<C.RecordingBody> {
  const recording = ctx.repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
  if (recording.complete) {
    if (recording.clientSha256 !== declared.sha256) fail(ErrorCode.CHECKSUM_MISMATCH);
    if (recording.bytesReceived !== declared.totalBytes) fail(ErrorCode.UPLOAD_FAILED);
    return recordingBody(recording);
  }
  if (recording.bytesReceived !== declared.totalBytes) fail(ErrorCode.UPLOAD_FAILED);
  // Without a storage nothing holds the bytes, so nothing can vouch for them.
  const storage = ctx.options.uploads ?? fail(ErrorCode.UPLOAD_FAILED);
  const stored = await storage.finalize(recording, { totalBytes: declared.totalBytes, sha256: declared.sha256 });
  return markComplete(ctx, recordingId, declared, stored);
}

/** @param authenticate the session of a bearer token, for the tus front's requests */
export function createRecordingCalls(ctx: DomainContext, authenticate: ExamDomain['authenticate']): RecordingCalls {
  /** completeRecording calls in progress, by recording id. */
  const finalizing = new Map<string, Promise<C.RecordingBody>>();
  return {
    async createRecording(principal, body) {
      const candidateId = asCandidate(ctx, principal, ({ candidate }) => {
        assertAllowed(notEnteredRefusal(candidate.enteredAt !== null));
        return candidate.id;
      });
      return newRecording(ctx, candidateId, body.kind, body.mimeType);
    },

    async createEvidenceRecording(principal, body) {
      const candidateId = asPhone(ctx, principal, ({ candidate }) => candidate.id);
      return newRecording(ctx, candidateId, 'evidence', body.mimeType);
    },

    async completeRecording(principal, recordingId, body) {
      const { id } = ctx.tx.run(() => ownedRecording(ctx, principal, recordingId));
      // Calls for one recording run one after another, so a retry racing the first call gets its answer instead of
      // finalising the file a second time.
      const run = (finalizing.get(id) ?? Promise.resolve()).catch(() => undefined).then(() => completeOnce(ctx, id, body));
      finalizing.set(id, run);
      try {
        return await run;
      } finally {
        if (finalizing.get(id) === run) finalizing.delete(id);
      }
    },

    authorizeUpload: (token, recordingId) => ownedRecording(ctx, authenticate(token), recordingId),

    recordUploadProgress(recordingId, bytesReceived) {
      // Only the count: reaching the declared length is not completion, which completeRecording decides once the
      // bytes are checked against the client's SHA-256.
      ctx.tx.run(() => {
        const recording = ctx.repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
        if (bytesReceived > recording.bytesReceived) ctx.repo.updateRecording({ ...recording, bytesReceived });
      });
    },
  };
}
