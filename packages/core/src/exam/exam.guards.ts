/**
 * Pure conditions of examMachine, shaped as XState guards (`(args, params) => boolean`) so that exam.setup.ts names
 * them as they are. None reads the clock: time arrives as clock.* events.
 */
import { assertEvent, type EventObject } from 'xstate';
import { ErrorCode } from '../errors/error-codes.js';
import type { ScreenShare } from '../ports/screen-capture.port.js';
import { hasEvidenceRecorded } from '../rules/access.js';
import { isEnteredStage, type ProgressStage } from '../rules/stages.js';
import type { LoadedMe } from './actors/session.js';
import { actorErrorCode } from './exam.context.js';
import type { ExamContext, ExamEvent } from './exam.types.js';
import { REQUIRED_CHECKS } from './exam.types.js';

type ContextArgs = { readonly context: ExamContext };
type EventArgs = { readonly event: ExamEvent };
/** Any event: an invoked actor's error arrives as xstate.error.actor.<id>, which ExamEvent does not list. */
type AnyEventArgs = { readonly event: EventObject };

export const allRequiredChecksPass = ({ context }: ContextArgs) =>
  context.checks.length > 0 && REQUIRED_CHECKS.every((id) => context.checks.some((c) => c.id === id && c.status !== 'fail'));

export const hasEntered = ({ context }: ContextArgs) => context.progress?.enteredAt != null;

/** Entered and not finished: the interview a supervisor may end. */
export const isInterviewGoingOn = ({ context }: ContextArgs) => hasEntered({ context }) && context.finishReason === null;

/** The server has the finish already (told by this page, or ended there by a supervisor). */
export const isFinishRecorded = ({ context }: ContextArgs) => context.finishRecorded;

/** Integrity signals count as incidents only between entering and finishing (R15). */
export const isMonitored = ({ context }: ContextArgs) => hasEntered({ context }) && context.finishReason === null;

/** A new code paired another phone in place of the one before, and it does not record yet (its page says so). */
export const phoneReplaced = ({ context }: ContextArgs) => context.evidence?.phoneReplacedAt !== undefined && !hasEvidenceRecorded(context.evidence.state);

/**
 * R9, R10: 佐证绑定's 「下一步」 while the phone records (or the exam does not require it). Stricter than the server's
 * evidenceRefusal, which also lets a phone that stopped or uploaded pass: before the interview that phone must be
 * paired again and record, since the evidence runs without a break until the end.
 */
export const phoneRecords = ({ context }: ContextArgs) => !context.requireEvidence || context.evidence?.state === 'recording';

/**
 * The code on screen has paired a phone (a code pairs once): the evidence left 等待手机扫码, or another phone replaced
 * the one before. The page then shows a fresh code, so that the QR code in view always pairs a (new) phone.
 */
export const pairingUsed = ({ context, event }: { readonly context: ExamContext; readonly event: ExamEvent }) => {
  assertEvent(event, 'api.evidenceStatus');
  const before = context.evidence;
  const next = event.status;
  if (before?.state === 'waitingForPhone' && next.state !== 'waitingForPhone') return true;
  return next.phoneReplacedAt !== undefined && next.phoneReplacedAt !== before?.phoneReplacedAt;
};

/** 上传成功 has nothing left to watch of the phone: its evidence is uploaded, or there is none to wait for. */
export const evidenceSettled = ({ context }: ContextArgs) => {
  const state = context.evidence?.state ?? 'waitingForPhone';
  return state === 'uploaded' || (!context.requireEvidence && state === 'waitingForPhone');
};

export const pledgeAndNoticeAccepted = ({ context }: ContextArgs) => context.pledgeAccepted && context.noticeAccepted;

export const isOnline = ({ context }: ContextArgs) => context.online;

export const isOffline = ({ context }: ContextArgs) => !context.online;

export const prefersPassword = ({ context }: ContextArgs) => context.loginMethod === 'password';

export const resumeIsBarred = ({ context }: ContextArgs) => context.resume?.kind === 'barred';

export const resumesAt = ({ context }: ContextArgs, { stage }: { readonly stage: ProgressStage }) =>
  context.resume?.kind === 'stage' && context.resume.stage === stage;

/** Back to a stage after entry, where the screen is recorded: the browser lost the share and must be asked for it again. */
export const resumesAfterEntry = ({ context }: ContextArgs) => context.resume?.kind === 'stage' && isEnteredStage(context.resume.stage);

/** A session kept in this browser belongs to this page's exam (a candidate of another exam logs in afresh). */
export const isSessionOfThisExam = ({ context }: ContextArgs, { me }: Pick<LoadedMe, 'me'>) => me.exam.id === context.examId;

/** R14: only a whole monitor counts as the shared screen. */
export const isWholeMonitor = (_: unknown, share: Pick<ScreenShare, 'surface'>) => share.surface === 'monitor';

/** R13: one display only. */
export const hasExternalDisplay = (_: unknown, external: boolean) => external;

export const isValidHelpText = ({ event }: EventArgs) => {
  assertEvent(event, 'user.sendHelp');
  return event.text.trim().length > 0;
};

export const isValidPasswordLogin = ({ event }: EventArgs) => {
  assertEvent(event, 'user.submitPassword');
  return isIdNumber(event.idNumber) && event.password.length > 0;
};

/** Mainland resident ID: 17 digits + a digit or X; other ID types (passport, HK/Macau/Taiwan) are 6–20 letters and digits. */
export function isIdNumber(value: string): boolean {
  return /^[0-9A-Za-z]{6,20}$/.test(value.trim());
}

/** Storage running out is something a supervisor must see at once, not only the candidate. */
export const isStorageLow = ({ event }: EventArgs) => {
  assertEvent(event, 'upload.error');
  return event.code === ErrorCode.STORAGE_QUOTA_LOW;
};

const failedWith =
  (...codes: ErrorCode[]) =>
  ({ event }: AnyEventArgs) =>
    codes.includes(actorErrorCode(event));

export const isRefusedElsewhere = failedWith(ErrorCode.ALREADY_ACTIVE_ELSEWHERE);
export const isLoginNotOpen = failedWith(ErrorCode.LOGIN_NOT_OPEN);
export const isTooLate = failedWith(ErrorCode.LATE_ENTRY_CLOSED, ErrorCode.LOGIN_CLOSED, ErrorCode.EXAM_OVER);
export const isEntryNotOpen = failedWith(ErrorCode.ENTRY_NOT_OPEN);
export const isFaceUnavailable = failedWith(ErrorCode.FACE_LOGIN_UNAVAILABLE);
export const isSessionGone = failedWith(ErrorCode.SESSION_REVOKED, ErrorCode.SESSION_EXPIRED, ErrorCode.UNAUTHENTICATED);

/** Uploading is over when the recorders flushed and every recording this device knows is on the server. */
export const allRecordingsAcknowledged = ({ context }: ContextArgs) =>
  context.recordersStopped && context.finishRecorded && context.recordings.every((r) => r.state === 'done');

export const hasFailedRecording = ({ context }: ContextArgs) => context.recordings.some((r) => r.state === 'failed');
