/**
 * 人脸登录 as the domain sees it: the liveness challenge, the candidate's enrolled face, and the administrator's photo
 * for one candidate. The face verifier (a port; the server's runs a face model in a worker thread) only compares
 * faces; the domain decides the session under the password login's rules (sessions.ts).
 *
 * - Identification is 1:1: the login names the candidate by 身份证号 and its frames are compared with that one
 *   candidate's enrolled face, never searched for among the roster's.
 * - Enrolment: a descriptor per candidate, from their stored photo. An administrator's upload for one candidate is
 *   described at once (a photo without exactly one clear face is refused then, while someone can fix it); the
 *   photos of a zip are described at the candidate's first face login and kept — describing a zip of 2,000 photos at
 *   once would hold its request for minutes. A new photo makes the stored descriptor stale (it names its photo).
 * - The liveness challenge: the server picks the action (turn the head left or right, or blink) among those the
 *   verifier checks, for one login within FACE_CHALLENGE_TTL_MS; it is used up by the login that names it.
 */
import { ErrorCode, ExamError, PHOTO_MAX_BYTES } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { LivenessAction } from '@examroom/adapters/rest';
import type { ExamDomain, FaceVerifier } from '../exam-domain.types.js';
import type { CandidateRow } from '../repository.js';
import { asAdministrator } from './admin.js';
import { imageKind } from './admin-photos.js';
import { recordAudit } from './audit.js';
import { fail, updateCandidate, type DomainContext, type DomainServices } from './context.js';

export type FaceCalls = Pick<ExamDomain, 'adminUploadCandidatePhoto'>;

/** How long a challenge may be answered: the page asks, shows the action, captures its frames and sends them. */
export const FACE_CHALLENGE_TTL_MS = 60_000;
/**
 * A new challenge of the exam, stored (any server may receive the login that answers it); the expired ones are
 * forgotten at the same time.
 */
export async function issueFaceChallenge(ctx: DomainContext, examId: string, actions: readonly LivenessAction[]): Promise<C.FaceChallengeBody> {
  const now = ctx.clock.now();
  await ctx.repo.deleteExpiredFaceChallenges(now);
  const challengeId = ctx.crypto.randomId('fch');
  // Chosen by the server, unpredictably: a replayed video of the candidate does not know which way to turn.
  const action = actions[indexFrom(ctx.crypto.randomToken(), actions.length)]!;
  const expiresAt = now + FACE_CHALLENGE_TTL_MS;
  await ctx.repo.insertFaceChallenge({ id: challengeId, examId, action, expiresAt });
  return { challengeId, action, expiresAt };
}

/** The challenge, used up; FACE_CHALLENGE_EXPIRED when unknown, of another exam, expired or used before. */
export async function takeFaceChallenge(ctx: DomainContext, examId: string, challengeId: string): Promise<{ readonly action: LivenessAction }> {
  const challenge = await ctx.repo.takeFaceChallenge(challengeId);
  if (!challenge || challenge.examId !== examId || challenge.expiresAt <= ctx.clock.now()) fail(ErrorCode.FACE_CHALLENGE_EXPIRED);
  return { action: challenge.action as LivenessAction };
}

/** An index below `n` from a random token's characters (for a handful of choices the hash's bias is negligible). */
function indexFrom(token: string, n: number): number {
  let sum = 0;
  for (let i = 0; i < token.length; i += 1) sum = (sum * 31 + token.charCodeAt(i)) % 1_000_003;
  return sum % n;
}

/** The verifier when face login can run now: FACE_LOGIN_UNAVAILABLE without one (or broken), STARTING while it loads. */
export function readyVerifier(ctx: DomainServices): FaceVerifier {
  const verifier = ctx.options.faceVerifier ?? fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
  const status = verifier.status();
  if (status === 'starting') fail(ErrorCode.FACE_LOGIN_STARTING);
  if (status === 'failed' || verifier.actions.length === 0) fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
  return verifier;
}

/** The exam's face login is on: EXAM_NOT_FOUND, FACE_LOGIN_UNAVAILABLE when the administrator turned it off. */
export async function assertFaceLoginOffered(ctx: DomainContext, examId: string): Promise<void> {
  const exam = (await ctx.repo.getExam(examId)) ?? fail(ErrorCode.EXAM_NOT_FOUND);
  if (exam.policy.faceLogin === false) fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
}

/** A base64 image (or a data: URL) as bytes; VALIDATION_FAILED naming `field` when it is not base64. */
export function decodeImage(image: string, field: string): Uint8Array {
  const base64 = image.startsWith('data:') ? image.slice(image.indexOf(',') + 1) : image;
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return fail(ErrorCode.VALIDATION_FAILED, { field });
  }
}

/**
 * The parts of a face login a verifier needs. The first contract's body (one `image`, nobody named) cannot be served
 * — there is no search of the roster by face —, so it answers FACE_LOGIN_UNAVAILABLE, and a page that sends it goes on
 * with 普通登录; a body with only some of the parts is VALIDATION_FAILED.
 */
export function faceLoginParts(body: C.FaceLogin): { idNumber: string; challengeId: string; frames: readonly string[] } {
  if (body.idNumber === undefined && body.challengeId === undefined && body.frames === undefined) fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
  if (body.idNumber === undefined) fail(ErrorCode.VALIDATION_FAILED, { field: '/idNumber' });
  if (body.challengeId === undefined) fail(ErrorCode.VALIDATION_FAILED, { field: '/challengeId' });
  if (body.frames === undefined) fail(ErrorCode.VALIDATION_FAILED, { field: '/frames' });
  return { idNumber: body.idNumber, challengeId: body.challengeId, frames: body.frames };
}

const NO_USABLE_FACE: readonly ErrorCode[] = [ErrorCode.FACE_NOT_DETECTED, ErrorCode.FACE_SEVERAL_FACES, ErrorCode.FILE_UNREADABLE];

/**
 * The candidate's enrolled descriptor: the stored one when it came from their current photo, else their photo
 * described now and stored. FACE_NOT_ENROLLED without a photo, or when it has no single clear face.
 */
export async function enrolledDescriptor(services: DomainServices, verifier: FaceVerifier, candidate: CandidateRow): Promise<readonly number[]> {
  if (candidate.photoFile === null) fail(ErrorCode.FACE_NOT_ENROLLED);
  const stored = await services.run((ctx) => ctx.repo.getFaceDescriptor(candidate.id));
  if (stored && stored.photoFile === candidate.photoFile) return stored.descriptor;
  const photo = (await services.options.photos?.read?.(candidate.photoFile)) ?? fail(ErrorCode.FACE_NOT_ENROLLED);
  let descriptor: readonly number[];
  try {
    descriptor = await verifier.describe(photo);
  } catch (error) {
    if (error instanceof ExamError && NO_USABLE_FACE.includes(error.code)) fail(ErrorCode.FACE_NOT_ENROLLED);
    throw error;
  }
  const photoFile = candidate.photoFile;
  await services.run((ctx) => ctx.repo.putFaceDescriptor({ candidateId: candidate.id, photoFile, descriptor, createdAt: ctx.clock.now() }));
  return descriptor;
}

export function createFaceCalls(ctx: DomainServices): FaceCalls {
  return {
    async adminUploadCandidatePhoto(principal, candidateId, file) {
      await asAdministrator(ctx, principal, async (_, ctx) => (await ctx.repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND));
      const storage = ctx.options.photos ?? fail(ErrorCode.FILE_TYPE_UNSUPPORTED);
      if (file.bytes.byteLength > PHOTO_MAX_BYTES) fail(ErrorCode.PAYLOAD_TOO_LARGE);
      const kind = imageKind(file.bytes) ?? fail(ErrorCode.FILE_UNREADABLE);
      // With a verifier, the photo is checked before it is stored: one an administrator uploads must be usable.
      const verifier = ctx.options.faceVerifier;
      if (verifier?.status() === 'failed') fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
      if (verifier?.status() === 'starting') fail(ErrorCode.FACE_LOGIN_STARTING);
      const descriptor = verifier ? await verifier.describe(file.bytes) : null;
      const before = await asAdministrator(ctx, principal, async (_, ctx) => (await ctx.repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND));
      const photoFile = await storage.save(candidateId, file.bytes, kind, before.photoFile);
      return asAdministrator(ctx, principal, async ({ actor, now }, ctx) => {
        const current = (await ctx.repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND);
        const candidate = await updateCandidate(ctx, { ...current, photoFile });
        if (descriptor) await ctx.repo.putFaceDescriptor({ candidateId, photoFile, descriptor, createdAt: now });
        await recordAudit(ctx, actor, 'photo.upload', { type: 'candidate', id: candidateId }, { described: descriptor !== null });
        return {
          id: candidate.id,
          name: candidate.name,
          idNumberMasked: candidate.idNumberMasked,
          admissionNumber: candidate.admissionNumber,
          sittingId: candidate.sittingId,
          photo: true,
          entered: candidate.enteredAt !== null,
        };
      });
    },
  };
}
