/**
 * Who may do what, and when: every rule that a backend enforces on a candidate's calls, as pure functions of the
 * schedule, the server's time and the candidate's record. Each answers the refusal (the contract's error code and
 * its details) or null when the call may go on. The reference server's domain and core's in-memory backend both
 * call these, so that the two cannot disagree.
 */
import { ErrorCode, ExamError, type ErrorDetails } from '../errors/error-codes.js';
import type { EvidenceState } from '../ports/exam-api.port.js';
import { areQuestionsReleased, isEntryOpen, isLoginOpen, isPastDeadline, type Schedule } from './schedule.js';
import { isForward, stageIndex, type FinishReason, type Progress, type ProgressStage } from './stages.js';

/** Why a call is refused: the error code and, where the contract gives them, its details (e.g. `opensAt`). */
export interface Refusal {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;
}

/** Throws a refusal as the ExamError every port rejects with; null lets the caller go on. */
export function assertAllowed(refusal: Refusal | null): void {
  if (refusal) throw new ExamError(refusal.code, refusal.code, refusal.details ?? {});
}

// ---- login and entry ----

/**
 * R4, R21: login opens at loginOpensAt (LOGIN_NOT_OPEN until then, telling when); it closes at the late cutoff for
 * one who has not entered (LATE_ENTRY_CLOSED) and when the evidence is due for one who has (EXAM_OVER).
 */
export function loginRefusal(schedule: Schedule, now: number, entered: boolean): Refusal | null {
  if (now < schedule.loginOpensAt) return { code: ErrorCode.LOGIN_NOT_OPEN, details: { opensAt: schedule.loginOpensAt } };
  if (!isLoginOpen(schedule, now, entered)) return { code: entered ? ErrorCode.EXAM_OVER : ErrorCode.LATE_ENTRY_CLOSED };
  return null;
}

/**
 * R12, R21: 进入考试 opens at entryOpensAt (ENTRY_NOT_OPEN until then, telling when); it closes at the late cutoff
 * for one who has not entered (LATE_ENTRY_CLOSED), and at the deadline for one re-entering (EXAM_OVER).
 */
export function entryRefusal(schedule: Schedule, now: number, entered: boolean): Refusal | null {
  if (now < schedule.entryOpensAt) return { code: ErrorCode.ENTRY_NOT_OPEN, details: { opensAt: schedule.entryOpensAt } };
  if (!isEntryOpen(schedule, now, entered)) return { code: entered ? ErrorCode.EXAM_OVER : ErrorCode.LATE_ENTRY_CLOSED };
  return null;
}

// ---- sessions ----

/** A session seen within this long is alive: another device may not take it over (R6). */
export const SESSION_STALE_MS = 30_000;

/** R6: a session last seen at `lastSeenAt` is still alive at `now` (the candidate counts as online). */
export function isSessionAlive(lastSeenAt: number, now: number): boolean {
  return now - lastSeenAt < SESSION_STALE_MS;
}

/** What the takeover rule needs of a candidate's session that is not revoked. */
export interface OpenSession {
  /** The browser's device key. */
  readonly deviceKey: string;
  readonly lastSeenAt: number;
}

/**
 * R6, one live session per candidate: a login from another device is refused (ALREADY_ACTIVE_ELSEWHERE) while any
 * of the candidate's open sessions is alive; the same device may always reconnect. When this answers null, the new
 * session replaces every open session of the candidate: the caller revokes all of `open`.
 */
export function takeoverRefusal(open: readonly OpenSession[], deviceKey: string, now: number): Refusal | null {
  const elsewhere = open.some((s) => isSessionAlive(s.lastSeenAt, now) && s.deviceKey !== deviceKey);
  return elsewhere ? { code: ErrorCode.ALREADY_ACTIVE_ELSEWHERE } : null;
}

/** A supervisor's session ends this long after its last use (sliding): a working day with its breaks, not a week. */
export const SUPERVISOR_SESSION_IDLE_MS = 12 * 60 * 60_000;

/**
 * When a candidate's or a phone's session ends: at the evidence deadline of the candidate's sitting (R30). After it
 * nothing is left for either to do, so a token found later is worth nothing.
 */
export function candidateSessionExpiresAt(schedule: Schedule): number {
  return schedule.evidenceDueAt;
}

/** When a supervisor's session ends: 12 hours after its last use, so that a console left open overnight logs in again. */
export function supervisorSessionExpiresAt(lastSeenAt: number): number {
  return lastSeenAt + SUPERVISOR_SESSION_IDLE_MS;
}

/** A session is expired from the instant it ends (SESSION_EXPIRED, 401): the client logs in again. */
export function sessionExpiryRefusal(expiresAt: number, now: number): Refusal | null {
  return now >= expiresAt ? { code: ErrorCode.SESSION_EXPIRED } : null;
}

/**
 * After finishing (结束考试) a candidate's token keeps only what completing the uploads needs (reading their record,
 * the heartbeat, logging out, uploading and completing recordings); everything else answers EXAM_FINISHED.
 */
export function finishedRefusal(finishedAt: number | null): Refusal | null {
  return finishedAt === null ? null : { code: ErrorCode.EXAM_FINISHED };
}

// ---- stages ----

/** The last stage a candidate may reach before entering (进入考试). */
export const LAST_STAGE_BEFORE_ENTRY: ProgressStage = 'awaitingEntry';
/** The stage entering moves a candidate to (设备确认). */
export const STAGE_AFTER_ENTRY: ProgressStage = 'confirmingDevices';

/**
 * R2: progress never moves back, so an earlier stage is no refusal (it changes nothing, see furthestStage); a stage
 * past 进入考试 is refused (STAGE_OUT_OF_ORDER) to one who has not entered.
 */
export function progressRefusal(current: ProgressStage, next: ProgressStage, entered: boolean): Refusal | null {
  if (!isForward(current, next)) return null;
  if (!entered && stageIndex(next) > stageIndex(LAST_STAGE_BEFORE_ENTRY)) return { code: ErrorCode.STAGE_OUT_OF_ORDER };
  return null;
}

/** R2: the stage recorded once `next` is reached: the later of the two, since progress never moves back. */
export function furthestStage(current: ProgressStage, next: ProgressStage): ProgressStage {
  return isForward(current, next) ? next : current;
}

// ---- lots ----

/** R11: the smallest lot number (from 1) that no candidate of the sitting holds yet. */
export function smallestFreeLot(taken: Iterable<number | null>): number {
  const held = new Set(taken);
  let lot = 1;
  while (held.has(lot)) lot += 1;
  return lot;
}

/**
 * R11: from entryOpensAt on, every candidate of a sitting has a lot. Given the sitting's lots in its candidate order,
 * answers them with every missing one filled with the smallest free number, in that order; before entryOpensAt, the
 * lots as they are. A backend may settle them lazily, on any call after entryOpensAt: nobody can see the difference.
 */
export function settledLots(lots: readonly (number | null)[], schedule: Schedule, now: number): readonly (number | null)[] {
  if (now < schedule.entryOpensAt || lots.every((lot) => lot !== null)) return lots;
  const taken = new Set(lots);
  return lots.map((lot) => {
    if (lot !== null) return lot;
    const next = smallestFreeLot(taken);
    taken.add(next);
    return next;
  });
}

// ---- after entry ----

/** R14, R25: what only one who entered may do (finish, make a recording): NOT_ENTERED otherwise. */
export function notEnteredRefusal(entered: boolean): Refusal | null {
  return entered ? null : { code: ErrorCode.NOT_ENTERED };
}

/** R18: the questions go to one who entered (NOT_ENTERED), from the start (QUESTIONS_NOT_RELEASED until then, telling when). */
export function questionsRefusal(schedule: Schedule, now: number, entered: boolean): Refusal | null {
  const notEntered = notEnteredRefusal(entered);
  if (notEntered) return notEntered;
  if (!areQuestionsReleased(schedule, now)) return { code: ErrorCode.QUESTIONS_NOT_RELEASED, details: { opensAt: schedule.startsAt } };
  return null;
}

// ---- evidence ----

/** The phone's states in which the evidence recording runs or has run (录制中, stopped, uploaded). */
const EVIDENCE_RECORDED: readonly EvidenceState[] = ['recording', 'stopped', 'uploaded'];

/** Whether the phone's evidence recording runs or has run. */
export const hasEvidenceRecorded = (state: EvidenceState | null | undefined): boolean => state != null && EVIDENCE_RECORDED.includes(state);

/**
 * R9, R10: where the policy requires the phone's evidence recording, the candidate may not go on past 佐证绑定 (抽签,
 * the first 进入考试) unless the phone records 录制中 now (EVIDENCE_NOT_RECORDING) — a phone that stopped before the
 * interview must record again (不得中断拍摄); unknown evidence counts as not recording. Once entered, re-entering is
 * never refused for the evidence: the phone may stop at the end (R30).
 */
export function evidenceRefusal(requireEvidence: boolean, state: EvidenceState | null | undefined, entered: boolean): Refusal | null {
  if (!requireEvidence || entered || state === 'recording') return null;
  return { code: ErrorCode.EVIDENCE_NOT_RECORDING };
}

/** The evidence states in the only order the phone may report them. */
export const EVIDENCE_ORDER: readonly EvidenceState[] = ['waitingForPhone', 'phoneConnected', 'roomScanned', 'recording', 'stopped', 'uploaded'];

/**
 * R9, R10, R30: the phone reports its evidence states only forward (STAGE_OUT_OF_ORDER; the current one again is no
 * refusal and changes nothing), and "uploaded" only once its evidence parts are all on the server
 * (areEvidencePartsClosed, EVIDENCE_NOT_UPLOADED): the server knows, the phone's word is not enough.
 */
export function evidenceStatusRefusal(current: EvidenceState, next: EvidenceState, evidenceRecordingComplete: boolean): Refusal | null {
  const from = EVIDENCE_ORDER.indexOf(current);
  const to = EVIDENCE_ORDER.indexOf(next);
  if (to === from) return null;
  if (to < from) return { code: ErrorCode.STAGE_OUT_OF_ORDER };
  if (next === 'uploaded' && !evidenceRecordingComplete) return { code: ErrorCode.EVIDENCE_NOT_UPLOADED };
  return null;
}

/**
 * R30: the phone's evidence is uploaded once the phone has stopped recording (结束录制) and every part it created has
 * reached the server — completed with a matching checksum, or given up by the phone that no longer held it — at
 * least one of them complete. A part completed while the phone still records (the one before a reload) is not the
 * end of the evidence.
 */
export function isEvidenceUploaded(
  state: EvidenceState,
  parts: readonly { readonly complete: boolean; readonly abandoned: boolean }[],
): boolean {
  return (state === 'stopped' || state === 'uploaded') && areEvidencePartsClosed(parts);
}

/** Every evidence part complete or given up, at least one complete: nothing more will reach the server. */
export function areEvidencePartsClosed(parts: readonly { readonly complete: boolean; readonly abandoned: boolean }[]): boolean {
  return parts.some((part) => part.complete) && parts.every((part) => part.complete || part.abandoned);
}

// ---- confirmations (设备确认, 信息确认, 考试承诺书) ----

/** What a candidate confirms after entering, each recorded once with server time: R16, R17, R24. */
export const CONFIRMATION_KINDS = ['devices', 'info', 'pledge'] as const;
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number];

/** R16, R17: only one who entered confirms (NOT_ENTERED). */
export const confirmationRefusal = (entered: boolean): Refusal | null => notEnteredRefusal(entered);

/**
 * R16, R17, R24: the progress with a confirmation recorded at `now`, the pledge with the version of its text. The
 * first time is kept (a retry or a reload confirms again and changes nothing), and so is the version then accepted.
 */
export function withConfirmation<P extends Progress>(progress: P, kind: ConfirmationKind, now: number, pledgeVersion: string | null = null): P {
  switch (kind) {
    case 'devices':
      return progress.devicesConfirmedAt !== null ? progress : { ...progress, devicesConfirmedAt: now };
    case 'info':
      return progress.infoConfirmedAt !== null ? progress : { ...progress, infoConfirmedAt: now };
    case 'pledge':
      return progress.pledgeAcceptedAt !== null ? progress : { ...progress, pledgeAcceptedAt: now, pledgeVersion };
  }
}

type Confirmations = Pick<Progress, 'devicesConfirmedAt' | 'infoConfirmedAt' | 'pledgeAcceptedAt'>;

/** R16, R17, R24: answering needs all three confirmations (CONFIRMATIONS_MISSING). */
export function confirmationsRefusal(progress: Confirmations): Refusal | null {
  const given = progress.devicesConfirmedAt !== null && progress.infoConfirmedAt !== null && progress.pledgeAcceptedAt !== null;
  return given ? null : { code: ErrorCode.CONFIRMATIONS_MISSING };
}

/** The stages of answering: reaching them needs the three confirmations. */
const ANSWERING_STAGES: readonly ProgressStage[] = ['countdown', 'answering'];

/**
 * R2, R16–R18: saving progress. On top of progressRefusal, moving on to the countdown or to answering needs the
 * three confirmations (CONFIRMATIONS_MISSING); an earlier stage is no refusal and changes nothing.
 */
export function saveProgressRefusal(progress: Progress, next: ProgressStage): Refusal | null {
  const order = progressRefusal(progress.stage, next, progress.enteredAt !== null);
  if (order) return order;
  if (isForward(progress.stage, next) && ANSWERING_STAGES.includes(next)) return confirmationsRefusal(progress);
  return null;
}

// ---- the answering window ----

/**
 * R18, R1: answering only between the start and the deadline. The questions go to one who entered (NOT_ENTERED),
 * from the start (QUESTIONS_NOT_RELEASED, telling when), until the deadline or their finish (EXAM_OVER), and only
 * after the three confirmations (CONFIRMATIONS_MISSING).
 */
export function answeringRefusal(progress: Progress, schedule: Schedule, now: number): Refusal | null {
  const released = questionsRefusal(schedule, now, progress.enteredAt !== null);
  if (released) return released;
  if (progress.finishedAt !== null || isPastDeadline(schedule, now)) return { code: ErrorCode.EXAM_OVER };
  return confirmationsRefusal(progress);
}

/**
 * R1: one who entered and had not finished by the deadline is finished at the deadline exactly, as timeUp. Answers
 * the progress so finished, or the same progress when nothing changes. A backend may apply it lazily, on any read of
 * the candidate after the deadline: nobody can see the difference from a timer that fired at the deadline.
 */
export function timedOut<P extends Progress>(progress: P, schedule: Schedule, now: number): P {
  if (progress.enteredAt === null || progress.finishedAt !== null || !isPastDeadline(schedule, now)) return progress;
  const finishReason: FinishReason = 'timeUp';
  return { ...progress, stage: furthestStage(progress.stage, 'finished'), finishedAt: schedule.deadline, finishReason };
}

/**
 * R25, R29: why an exam ended, checked against server time. Only one who entered finishes (NOT_ENTERED), and
 * "time up" before the deadline is refused (FINISH_REASON_INVALID). After the deadline the server has already
 * recorded timeUp (timedOut), whatever the client says.
 */
export function finishRefusal(reason: FinishReason, schedule: Schedule, now: number, entered: boolean): Refusal | null {
  const notEntered = notEnteredRefusal(entered);
  if (notEntered) return notEntered;
  if (reason === 'timeUp' && !isPastDeadline(schedule, now)) return { code: ErrorCode.FINISH_REASON_INVALID };
  // Only a supervisor ends an interview so (the supervisor's endInterview), never the candidate's own page.
  if (reason === 'endedBySupervisor') return { code: ErrorCode.FINISH_REASON_INVALID };
  return null;
}

/** How long a pairing code pairs a phone (R9). */
export const PAIRING_TTL_MS = 10 * 60_000;
