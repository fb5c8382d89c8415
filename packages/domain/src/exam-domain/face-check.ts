/**
 * The face checks during 开始答题 (R5, R7): the candidate's page sends a small still of its camera every interval
 * (`POST /me/face-check`), and the server's face verifier judges it — no face, several faces, the face covered —
 * raising an advisory incident for the supervisor (faceMissing, faceSeveral, faceCovered). Nothing here ends or
 * blocks the interview: the page is answered at once with the interval, before the frame is judged, and a frame the
 * server does not judge (too soon, the verifier busy or starting, the checks off) is dropped with the same answer.
 *
 * The server keeps its own clock on both limits: at most one frame per candidate per interval is judged (a page that
 * sends faster gains nothing), and at most one incident of a kind per candidate per FACE_CHECK_INCIDENT_GAP_MS,
 * judged from the stored incidents themselves, so a restart forgets nothing of it.
 */
import { ErrorCode, ExamError, answeringRefusal, assertAllowed, isPastDeadline } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain, FaceCheckFinding } from '../exam-domain.types.js';
import { asCandidate, contextOf, type DomainServices } from './context.js';

/** How often the page sends a frame, unless EXAMROOM_FACE_CHECK_INTERVAL_S says otherwise. */
export const FACE_CHECK_INTERVAL_MS = 20_000;
/** At most one incident of a kind per candidate in this long: the supervisor needs to know, not to be flooded. */
export const FACE_CHECK_INCIDENT_GAP_MS = 60_000;
/**
 * A frame may arrive this share of the interval early and still be judged: the page waits the interval after each
 * answer, so only the network's jitter brings one in early.
 */
const EARLY_SHARE = 0.1;

type FaceCheckKind = Exclude<FaceCheckFinding, 'oneFace'>;

export type FaceCheckCalls = Pick<ExamDomain, 'sendFaceCheck'>;

export function createFaceCheckCalls(ctx: DomainServices): FaceCheckCalls {
  const verifier = ctx.options.faceVerifier;
  const intervalMs = ctx.options.faceCheckIntervalMs ?? FACE_CHECK_INTERVAL_MS;
  const on = intervalMs > 0 && verifier?.checkFace !== undefined;
  const answer: C.FaceCheckAcceptedBody = { intervalSeconds: on ? Math.round(intervalMs / 1000) : 0 };
  /** When each candidate's last judged frame came (server time). In memory: a restart at worst judges one frame early. */
  const lastJudgedAt = new Map<string, number>();

  /** Raises the finding's incident unless the candidate has one of that kind from the last minute or left answering. */
  async function raise(candidateId: string, kind: FaceCheckKind, seenAt: number): Promise<void> {
    await ctx.run(async (ctx) => {
      const { candidate, schedule, now } = await contextOf(ctx, candidateId, ErrorCode.UNAUTHENTICATED);
      // Finished (their own finish, a supervisor's end, the deadline) while the frame was judged: nothing to raise.
      if (candidate.finishedAt !== null || isPastDeadline(schedule, now)) return;
      const recent = (await ctx.repo.listIncidents(candidateId)).some((incident) => incident.kind === kind && incident.at > seenAt - FACE_CHECK_INCIDENT_GAP_MS);
      if (recent) return;
      const row = { id: ctx.crypto.randomId('face'), candidateId, kind, at: seenAt, detail: null, receivedAt: now };
      if (await ctx.repo.insertIncidentIfAbsent(row)) ctx.tx.statusChanged(candidateId);
    });
  }

  async function judge(candidateId: string, frame: Uint8Array, seenAt: number): Promise<void> {
    const finding = await verifier!.checkFace!(frame);
    if (finding === 'busy' || finding === 'oneFace') return;
    await raise(candidateId, finding, seenAt);
  }

  return {
    sendFaceCheck: async (principal, file) => {
      const taken = await asCandidate(ctx, principal, ({ candidate, schedule, now }) => {
        // Only while answering: a page sends frames in 开始答题 alone (before it, or after the end, is a clear 4xx).
        assertAllowed(answeringRefusal(candidate, schedule, now));
        if (!on || verifier!.status() !== 'ready') return null;
        const last = lastJudgedAt.get(candidate.id);
        if (last !== undefined && now - last < intervalMs * (1 - EARLY_SHARE)) return null;
        lastJudgedAt.set(candidate.id, now);
        return { candidateId: candidate.id, seenAt: now };
      });
      if (taken) {
        // Judged after the answer: the page never waits for the model. A frame the model cannot read is dropped.
        void judge(taken.candidateId, file.bytes, taken.seenAt).catch((error: unknown) => {
          if (!(error instanceof ExamError && error.code === ErrorCode.FILE_UNREADABLE)) console.error('examroom: a face check failed', error);
        });
      }
      return answer;
    },
  };
}
