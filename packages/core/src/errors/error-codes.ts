/**
 * Stable error codes shared by core, the adapters, the REST contract and the server. Context and events carry
 * only these codes; the words for each live in the i18n messages.
 */
export const ErrorCode = {
  // 设备准备
  CAMERA_PERMISSION_DENIED: 'CAMERA_PERMISSION_DENIED',
  CAMERA_NOT_FOUND: 'CAMERA_NOT_FOUND',
  MICROPHONE_PERMISSION_DENIED: 'MICROPHONE_PERMISSION_DENIED',
  MICROPHONE_NOT_FOUND: 'MICROPHONE_NOT_FOUND',
  MEDIA_DEVICE_BUSY: 'MEDIA_DEVICE_BUSY',
  RECORDING_UNSUPPORTED: 'RECORDING_UNSUPPORTED',
  SCREEN_CAPTURE_UNSUPPORTED: 'SCREEN_CAPTURE_UNSUPPORTED',
  STORAGE_UNSUPPORTED: 'STORAGE_UNSUPPORTED',
  BATTERY_LOW: 'BATTERY_LOW',
  NETWORK_OFFLINE: 'NETWORK_OFFLINE',
  // 登录
  EXAM_NOT_FOUND: 'EXAM_NOT_FOUND',
  LOGIN_NOT_OPEN: 'LOGIN_NOT_OPEN',
  LOGIN_CLOSED: 'LOGIN_CLOSED',
  FACE_LOGIN_UNAVAILABLE: 'FACE_LOGIN_UNAVAILABLE',
  FACE_NOT_DETECTED: 'FACE_NOT_DETECTED',
  FACE_NOT_MATCHED: 'FACE_NOT_MATCHED',
  INVALID_ID_NUMBER: 'INVALID_ID_NUMBER',
  PASSWORD_REQUIRED: 'PASSWORD_REQUIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ALREADY_ACTIVE_ELSEWHERE: 'ALREADY_ACTIVE_ELSEWHERE',
  /** Another window or tab of this browser has the exam (R6): the page's own refusal, never a server's. */
  OPEN_IN_ANOTHER_WINDOW: 'OPEN_IN_ANOTHER_WINDOW',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  SESSION_REVOKED: 'SESSION_REVOKED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  // 佐证绑定, 抽签, 进入考试
  PAIRING_FAILED: 'PAIRING_FAILED',
  PHONE_REPLACED: 'PHONE_REPLACED',
  PAIRING_CODE_INVALID: 'PAIRING_CODE_INVALID',
  EVIDENCE_NOT_RECORDING: 'EVIDENCE_NOT_RECORDING',
  EVIDENCE_NOT_UPLOADED: 'EVIDENCE_NOT_UPLOADED',
  LOT_UNAVAILABLE: 'LOT_UNAVAILABLE',
  ENTRY_NOT_OPEN: 'ENTRY_NOT_OPEN',
  LATE_ENTRY_CLOSED: 'LATE_ENTRY_CLOSED',
  EXTERNAL_DISPLAY_CONNECTED: 'EXTERNAL_DISPLAY_CONNECTED',
  SCREEN_SHARE_DENIED: 'SCREEN_SHARE_DENIED',
  SCREEN_SHARE_NOT_MONITOR: 'SCREEN_SHARE_NOT_MONITOR',
  STAGE_OUT_OF_ORDER: 'STAGE_OUT_OF_ORDER',
  // 答题
  QUESTIONS_NOT_RELEASED: 'QUESTIONS_NOT_RELEASED',
  QUESTIONS_UNAVAILABLE: 'QUESTIONS_UNAVAILABLE',
  NOT_ENTERED: 'NOT_ENTERED',
  CONFIRMATIONS_MISSING: 'CONFIRMATIONS_MISSING',
  FINISH_REASON_INVALID: 'FINISH_REASON_INVALID',
  EXAM_OVER: 'EXAM_OVER',
  EXAM_FINISHED: 'EXAM_FINISHED',
  HELP_MESSAGE_EMPTY: 'HELP_MESSAGE_EMPTY',
  HELP_MESSAGE_FAILED: 'HELP_MESSAGE_FAILED',
  HELP_MESSAGE_RATE_LIMITED: 'HELP_MESSAGE_RATE_LIMITED',
  // 上传
  STORAGE_QUOTA_LOW: 'STORAGE_QUOTA_LOW',
  UPLOAD_FAILED: 'UPLOAD_FAILED',
  CHECKSUM_MISMATCH: 'CHECKSUM_MISMATCH',
  RECORDING_ALREADY_OPEN: 'RECORDING_ALREADY_OPEN',
  RECORDING_TOO_LARGE: 'RECORDING_TOO_LARGE',
  // 监督员 (the supervisor's interventions and review)
  CANDIDATE_FINISHED: 'CANDIDATE_FINISHED',
  ALREADY_ENTERED: 'ALREADY_ENTERED',
  RECORDING_LINK_INVALID: 'RECORDING_LINK_INVALID',
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  // 管理员 (the administrator's routes)
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  TIME_ZONE_INVALID: 'TIME_ZONE_INVALID',
  SITTING_IN_PAST: 'SITTING_IN_PAST',
  SITTING_IN_USE: 'SITTING_IN_USE',
  EXAM_IN_USE: 'EXAM_IN_USE',
  // generic
  NETWORK_ERROR: 'NETWORK_ERROR',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  // 实时画面 (a supervisor's live view, answered on the live-events socket)
  LIVE_VIEWS_EXHAUSTED: 'LIVE_VIEWS_EXHAUSTED',
  LIVE_VIEW_UNAVAILABLE: 'LIVE_VIEW_UNAVAILABLE',
  // Roster import (the administrator's candidates and photos)
  FILE_TYPE_UNSUPPORTED: 'FILE_TYPE_UNSUPPORTED',
  FILE_UNREADABLE: 'FILE_UNREADABLE',
  ROSTER_INVALID: 'ROSTER_INVALID',
  // 人脸登录 (the server's face verifier)
  /** The face verifier is still loading its models after the server started: try again in a moment. */
  FACE_LOGIN_STARTING: 'FACE_LOGIN_STARTING',
  /** More than one face in a frame (or an enrolment photo): only the candidate may be in view. */
  FACE_SEVERAL_FACES: 'FACE_SEVERAL_FACES',
  /** The frames do not show the movement the liveness challenge asked for (turn the head, blink). */
  FACE_NOT_LIVE: 'FACE_NOT_LIVE',
  /** The liveness challenge is unknown, expired or already used: ask for a new one. */
  FACE_CHALLENGE_EXPIRED: 'FACE_CHALLENGE_EXPIRED',
  /** No usable photo is on file for that 身份证号 (none imported, or no single clear face in it). */
  FACE_NOT_ENROLLED: 'FACE_NOT_ENROLLED',
  // R7 「不得使用滤镜、美颜等功能」: a virtual or filter camera at 设备准备 and 设备确认 (rules/virtual-camera.ts)
  VIRTUAL_CAMERA: 'VIRTUAL_CAMERA',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES = Object.values(ErrorCode) as readonly ErrorCode[];

/** Extra facts an error may carry, e.g. when login opens. Never display text. */
export interface ErrorDetails {
  /** Server time (epoch ms) at which a refused action becomes possible. */
  readonly opensAt?: number;
  /** Seconds after which a rate-limited request may be retried. */
  readonly retryAfterSeconds?: number;
  /** The schema path of the offending input, for VALIDATION_FAILED. */
  readonly field?: string;
  /** The recording a refusal is about, e.g. the one still open for RECORDING_ALREADY_OPEN. */
  readonly recordingId?: string;
}

/** The one error type every port rejects with. `message` is for logs, not for the candidate. */
export class ExamError extends Error {
  override readonly name = 'ExamError';
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Any thrown value as an error code: ExamErrors keep theirs, anything else is a network or internal failure. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof ExamError) return error.code;
  if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) return error.code;
  if (error instanceof TypeError) return ErrorCode.NETWORK_ERROR;
  return ErrorCode.INTERNAL_ERROR;
}
