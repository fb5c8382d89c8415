/** Pure conditions of examMachine; none reads the clock (time arrives as clock.* events). */
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { ExamContext, DeviceCheckResult } from './exam.types.js';
import { REQUIRED_CHECKS } from './exam.types.js';
import type { RecordingProgress } from '../streams/upload-queue.js';

type Args = { context: ExamContext };
type ErrorArgs = { event: { error?: unknown } };

export const allRequiredChecksPass = ({ context }: Args) =>
  context.checks.length > 0 &&
  REQUIRED_CHECKS.every((id) => context.checks.some((c: DeviceCheckResult) => c.id === id && c.status !== 'fail'));

export const hasEntered = ({ context }: Args) => context.progress?.enteredAt != null;

export const evidenceReady = ({ context }: Args) =>
  !context.requireEvidence || context.evidence?.state === 'recording' || context.evidence?.state === 'stopped' || context.evidence?.state === 'uploaded';

export const hasLot = ({ context }: Args) => context.progress?.lot != null;

export const pledgeAndNoticeAccepted = ({ context }: Args) => context.pledgeAccepted && context.noticeAccepted;

export const isWholeMonitor = ({ event }: { event: { output: { surface: string } } }) => event.output.surface === 'monitor';

export const hasExternalDisplay = ({ event }: { event: { output: boolean } }) => event.output;

export const isOnline = ({ context }: Args) => context.online;

export const isValidHelpText = ({ event }: { event: { text: string } }) => event.text.trim().length > 0;

export const isValidPasswordLogin = ({ event }: { event: { idNumber: string; password: string } }) =>
  isIdNumber(event.idNumber) && event.password.length > 0;

/** Mainland resident ID: 17 digits + a digit or X; other ID types (passport, HK/Macau/Taiwan) are 6–20 letters and digits. */
export function isIdNumber(value: string): boolean {
  return /^[0-9A-Za-z]{6,20}$/.test(value.trim());
}

export const hasCameraId = ({ context }: Args) => context.cameraId !== null;

const errorIs =
  (...codes: ErrorCode[]) =>
  ({ event }: ErrorArgs) =>
    codes.includes(errorCodeOf(event.error));

export const isRefusedElsewhere = errorIs(ErrorCode.ALREADY_ACTIVE_ELSEWHERE);
export const isLoginNotOpen = errorIs(ErrorCode.LOGIN_NOT_OPEN);
export const isTooLate = errorIs(ErrorCode.LATE_ENTRY_CLOSED, ErrorCode.LOGIN_CLOSED, ErrorCode.EXAM_OVER);
export const isEntryNotOpen = errorIs(ErrorCode.ENTRY_NOT_OPEN);
export const isFaceUnavailable = errorIs(ErrorCode.FACE_LOGIN_UNAVAILABLE);
export const isSessionGone = errorIs(ErrorCode.SESSION_REVOKED, ErrorCode.UNAUTHENTICATED);

/** Uploading is over when the recorders flushed and every recording this device knows is on the server. */
export const allRecordingsAcknowledged = ({ context }: Args) =>
  context.recordersStopped && context.finishRecorded && context.recordings.every((r: RecordingProgress) => r.state === 'done');

export const hasFailedRecording = ({ context }: Args) => context.recordings.some((r: RecordingProgress) => r.state === 'failed');
