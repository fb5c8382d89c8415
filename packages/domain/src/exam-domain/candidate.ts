/**
 * The candidate's calls (R2–R27): the public reads before login, then progress, the lot, entry, the questions,
 * finishing, incidents, help, pairing the phone and its evidence status — each on the candidate's own record.
 */
import {
  ErrorCode,
  HELP_MESSAGE_RATE,
  INCIDENT_RATE,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LENGTH,
  PAIRING_TTL_MS,
  STAGE_AFTER_ENTRY,
  answeringRefusal,
  assertAllowed,
  confirmationRefusal,
  entryRefusal,
  evidenceRefusal,
  finishRefusal,
  formatPairingCode,
  rateLimitRefusal,
  saveProgressRefusal,
  withConfirmation,
  deviceConfirmationRefusal,
  type IncidentKind,
  type ServerIncidentKind,
} from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { ExamDomain } from '../exam-domain.types.js';
import { questionsFor } from './admin-questions.js';
import { candidateBody, candidateSittingBody, evidenceStatusOf, examBody, helpBody, progressBody } from './bodies.js';
import { advanced, asCandidate, fail, updateCandidate, withLot, type DomainContext, type DomainServices } from './context.js';
import { isVirtualCameraWaived } from './virtual-camera-status.js';

export type CandidateCalls = Pick<
  ExamDomain,
  | 'getTime'
  | 'getExam'
  | 'getMe'
  | 'saveProgress'
  | 'createPairing'
  | 'getEvidenceStatus'
  | 'drawLot'
  | 'enter'
  | 'confirm'
  | 'getQuestions'
  | 'reportIncident'
  | 'finish'
  | 'getHelpMessages'
  | 'sendHelpMessage'
>;

/** The incidents the server raises itself (R10, R30); the rest are the candidate's page's reports. */
const SERVER_INCIDENT_KINDS: ReadonlySet<IncidentKind> = new Set<ServerIncidentKind>(['evidenceLate', 'evidenceStopped', 'evidenceSilent', 'faceMissing', 'faceSeveral', 'faceCovered']);

/**
 * Stores a help message (R27) of the candidate or a supervisor, stamped with server time; idempotent by id within
 * the candidate's chat. The candidate's own messages are rate-limited (HELP_MESSAGE_RATE); a retry is not counted.
 */
export async function storeHelpMessage(
  ctx: DomainContext,
  candidateId: string,
  from: 'candidate' | 'supervisor',
  body: C.SendHelp,
  now: number,
  by: { readonly supervisorId?: string; readonly notice?: boolean } = {},
): Promise<C.HelpMessageBody> {
  const existing = await ctx.repo.getHelpMessage(candidateId, body.id);
  if (existing) {
    // Idempotent for a retry of the same message; a supervisor's id is not the candidate's to reuse, nor the reverse.
    if (existing.from !== from) fail(ErrorCode.VALIDATION_FAILED, { field: '/id' });
    return helpBody(existing);
  }
  if (from === 'candidate') {
    const sent = (await ctx.repo.listHelpMessages(candidateId)).filter((m) => m.from === 'candidate');
    assertAllowed(rateLimitRefusal(sent.map((m) => m.at), now, HELP_MESSAGE_RATE));
  }
  const row = { id: body.id, candidateId, from, text: body.text, at: now, ...(by.supervisorId ? { supervisorId: by.supervisorId } : {}), ...(by.notice ? { notice: true } : {}) };
  await ctx.repo.insertHelpMessageIfAbsent(row);
  const message = helpBody(row);
  ctx.tx.emit({ type: 'help.message', candidateId, message }, { candidateId, supervisors: true });
  ctx.tx.statusChanged(candidateId);
  return message;
}

/**
 * A fresh pairing code (R9): 8 characters of PAIRING_CODE_ALPHABET (no 0/O, 1/I/L), answered as shown to be typed,
 * `ABCD-EFGH`, and in the QR code's link (`/phone#code=ABCD-EFGH`). Stored as the hash of the bare code like a session
 * token: a leaked database pairs no phone. It revokes the candidate's older codes not yet used; the phone paired
 * before is replaced only when this code pairs a new one (see pairPhone), so that a page reload that asks for a new
 * code never cuts off a phone that is recording. About 40 bits: enough for a code valid for PAIRING_TTL_MS while
 * failed pairings are counted per address (pairPhone).
 */
async function createPairing(ctx: DomainServices, principal: Principal): Promise<C.PairingBody> {
  const { crypto } = ctx;
  const pairingCode = () => {
    // randomToken's characters are uniform over base64url's 64; keeping those of the alphabet keeps them uniform.
    let code = '';
    while (code.length < PAIRING_CODE_LENGTH) code += [...crypto.randomToken()].filter((c) => PAIRING_CODE_ALPHABET.includes(c)).join('');
    return code.slice(0, PAIRING_CODE_LENGTH);
  };
  return asCandidate(ctx, principal, async ({ candidate, now }, ctx) => {
    let code = pairingCode();
    while (await ctx.repo.findPairing(crypto.hashToken(code))) code = pairingCode();
    for (const older of await ctx.repo.listPairings(candidate.id)) {
      if (older.usedAt === null && older.revokedAt === null && now < older.expiresAt) await ctx.repo.updatePairing({ ...older, revokedAt: now });
    }
    const expiresAt = now + PAIRING_TTL_MS;
    await ctx.repo.insertPairing({ code: crypto.hashToken(code), candidateId: candidate.id, expiresAt, usedAt: null, revokedAt: null });
    const shown = formatPairingCode(code);
    return { code: shown, url: ctx.options.phoneUrl(shown), expiresAt };
  });
}

/** R12, R21, R9: 进入考试 once the phone records where evidence is required, with a lot if none was drawn; the first entry's time is kept. */
async function enter(ctx: DomainServices, principal: Principal): Promise<C.ProgressBody> {
  return await asCandidate(ctx, principal, async ({ candidate, schedule, now }, ctx) => {
    const entered = candidate.enteredAt !== null;
    assertAllowed(entryRefusal(schedule, now, entered));
    assertAllowed(evidenceRefusal(schedule.policy.requireEvidence, candidate.evidenceState, entered));
    let row = await withLot(ctx, candidate);
    if (!entered) row = await updateCandidate(ctx, { ...row, enteredAt: now });
    return progressBody(await advanced(ctx, row, STAGE_AFTER_ENTRY));
  });
}

export function createCandidateCalls(ctx: DomainServices): CandidateCalls {
  const { clock } = ctx;
  return {
    getTime: () => ({ serverTime: clock.now() }),
    getExam: (examId) => ctx.run(async (ctx) => examBody(ctx.repo, (await ctx.repo.getExam(examId)) ?? fail(ErrorCode.EXAM_NOT_FOUND))),
    getMe: (principal) =>
      asCandidate(ctx, principal, async ({ candidate, exam, sitting, schedule }, ctx) => ({
        candidate: candidateBody(candidate),
        exam: await examBody(ctx.repo, exam),
        sitting: candidateSittingBody(sitting, candidate, schedule),
        progress: progressBody(candidate),
      })),
    saveProgress: (principal, body) =>
      asCandidate(ctx, principal, async ({ candidate }, ctx) => {
        assertAllowed(saveProgressRefusal(candidate, body.stage));
        return progressBody(await advanced(ctx, candidate, body.stage));
      }),
    createPairing: (principal) => createPairing(ctx, principal),
    getEvidenceStatus: (principal) => asCandidate(ctx, principal, ({ candidate }, ctx) => evidenceStatusOf(ctx.repo, candidate)),
    drawLot: (principal) =>
      asCandidate(ctx, principal, async ({ candidate, schedule }, ctx) => {
        // R9: 抽签 comes after 佐证绑定. (The lots the institution assigns at entryOpensAt do not wait for it.)
        assertAllowed(evidenceRefusal(schedule.policy.requireEvidence, candidate.evidenceState, candidate.enteredAt !== null));
        return progressBody(await advanced(ctx, await withLot(ctx, candidate), 'drawingLot'));
      }),
    enter: (principal) => enter(ctx, principal),
    confirm: (principal, body) =>
      asCandidate(ctx, principal, async ({ candidate, now }, ctx) => {
        // The pledge is recorded with the version of the text the candidate read; the other kinds carry none.
        if (body.kind === 'pledge' && body.pledgeVersion === undefined) fail(ErrorCode.VALIDATION_FAILED, { field: '/pledgeVersion' });
        assertAllowed(confirmationRefusal(candidate.enteredAt !== null));
        // R7: a virtual or filter camera passes 设备确认 only once a supervisor waived it for the candidate.
        if (body.kind === 'devices') {
          const waived = await isVirtualCameraWaived(ctx.repo, candidate.id);
          assertAllowed(deviceConfirmationRefusal({ cameraLabel: body.cameraLabel, alreadyConfirmed: candidate.devicesConfirmedAt !== null, waived }));
        }
        const row = withConfirmation(candidate, body.kind, now, body.kind === 'pledge' ? (body.pledgeVersion ?? null) : null);
        return progressBody(row === candidate ? candidate : await updateCandidate(ctx, row));
      }),
    getQuestions: (principal) =>
      asCandidate(ctx, principal, async ({ candidate, sitting, schedule, now }, ctx) => {
        assertAllowed(answeringRefusal(candidate, schedule, now));
        // The candidate's one question set, fixed by their lot: a re-read (刷新题目) gives the same questions.
        return (await questionsFor(ctx.repo, sitting, candidate)).map((q) => ({ id: q.id, order: q.order, text: q.text }));
      }),
    reportIncident: (principal, body) =>
      asCandidate(ctx, principal, async ({ candidate, now }, ctx) => {
        // Ids are the candidate's own; a retry of a stored one is answered as before, however fast it comes.
        const stored = await ctx.repo.listIncidents(candidate.id);
        if (stored.some((incident) => incident.id === body.id)) return;
        // Only the page's own reports count against its rate; the server's (evidenceSilent…) are not the page's doing.
        const reported = stored.filter((incident) => !SERVER_INCIDENT_KINDS.has(incident.kind));
        assertAllowed(rateLimitRefusal(reported.map((incident) => incident.receivedAt), now, INCIDENT_RATE));
        const row = { id: body.id, candidateId: candidate.id, kind: body.kind, at: body.at, detail: body.detail ?? null, receivedAt: now };
        if (await ctx.repo.insertIncidentIfAbsent(row)) ctx.tx.statusChanged(candidate.id);
      }),
    finish: (principal, body) =>
      asCandidate(ctx, principal, async ({ candidate, schedule, now }, ctx) => {
        const entered = candidate.enteredAt !== null;
        // Idempotent: once finished (by the candidate, or as timeUp at the deadline), the record stays as it is.
        if (entered && candidate.finishedAt !== null) return progressBody(candidate);
        assertAllowed(finishRefusal(body.reason, schedule, now, entered));
        return progressBody(await updateCandidate(ctx, { ...candidate, stage: 'finished', finishedAt: now, finishReason: body.reason }));
      }),
    getHelpMessages: (principal) => asCandidate(ctx, principal, async ({ candidate }, ctx) => (await ctx.repo.listHelpMessages(candidate.id)).map(helpBody)),
    sendHelpMessage: (principal, body) => asCandidate(ctx, principal, ({ candidate, now }, ctx) => storeHelpMessage(ctx, candidate.id, 'candidate', body, now)),
  };
}
