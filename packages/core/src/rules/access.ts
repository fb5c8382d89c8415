/**
 * Who may do what, and when: every rule that a backend enforces on a candidate's calls, as pure functions of the
 * schedule, the server's time and the candidate's record. Each answers the refusal (the contract's error code and
 * its details) or null when the call may go on. The reference server's domain and core's in-memory backend both
 * call these, so that the two cannot disagree.
 */
import { ErrorCode, ExamError, type ErrorDetails } from '../errors/error-codes.js';
import type { EvidenceState } from '../ports/exam-api.port.js';
import { areQuestionsReleased, isEntryOpen, isLoginOpen, type Schedule } from './schedule.js';
import { isForward, stageIndex, type ProgressStage } from './stages.js';

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

/**
 * R9: where the policy requires the phone's evidence recording, the candidate may not go on past 佐证绑定 until the
 * phone records (EVIDENCE_NOT_RECORDING); unknown evidence counts as not recording.
 */
export function evidenceRefusal(requireEvidence: boolean, state: EvidenceState | null | undefined): Refusal | null {
  if (!requireEvidence || (state != null && EVIDENCE_RECORDED.includes(state))) return null;
  return { code: ErrorCode.EVIDENCE_NOT_RECORDING };
}

/** How long a pairing code pairs a phone (R9). */
export const PAIRING_TTL_MS = 10 * 60_000;
