/** View models of 人脸登录 / 普通登录 for tests and stories, one per state the stage can show. */
import type { LoginView } from '@examroom/core';

/** Login opens 30 minutes before the 10:00 sitting (Beijing time, 02:00 UTC). */
export const loginOpensAt = Date.UTC(2026, 1, 28, 1, 30);

/** Server time for the stories and tests: 12 min 30 s before login opens. */
export const loginNow = loginOpensAt - 12 * 60_000 - 30_000;

/** One face in the middle of the picture, as the live outline shows a candidate sitting well. */
const centredFace = { x: 0.36, y: 0.2, width: 0.28, height: 0.4 };

const base = {
  stage: 'login',
  phase: 'face',
  method: 'face',
  opensAt: null,
  timeZone: 'Asia/Shanghai',
  face: { phase: 'capturing', canCapture: true, canRetry: false, preview: null, action: 'turnLeft', faces: [centredFace], attemptsLeft: 3 },
  password: { submitting: false, canSubmit: false },
  suggestPassword: false,
  faceAllowed: true,
  error: null,
} satisfies LoginView;

const password = { ...base, phase: 'password', method: 'password', password: { submitting: false, canSubmit: true } } satisfies LoginView;

const opening = { ...base.face, phase: 'opening', canCapture: false, action: null, faces: null } satisfies LoginView['face'];
const failed = { ...base.face, phase: 'failed', canCapture: false, canRetry: true, action: null } satisfies LoginView['face'];

export const loginViews = {
  loading: { ...base, phase: 'loading', face: opening },
  loadFailed: { ...base, phase: 'loadFailed', error: 'NETWORK_ERROR' },
  notOpen: { ...base, phase: 'notOpen', opensAt: loginOpensAt, face: opening },
  faceOpening: { ...base, face: opening },
  faceReady: base,
  /** The server asked for a blink; the detector cannot run in this browser: the oval guide alone. */
  faceReadyBlinkNoDetector: { ...base, face: { ...base.face, action: 'blink', faces: null } },
  /** Nobody in the picture. */
  faceReadyNoFace: { ...base, face: { ...base.face, faces: [] } },
  /** Someone behind the candidate. */
  faceReadySeveralFaces: { ...base, face: { ...base.face, faces: [centredFace, { x: 0.72, y: 0.1, width: 0.16, height: 0.24 }] } },
  faceRecording: { ...base, face: { ...base.face, phase: 'recording', canCapture: false } },
  faceVerifying: { ...base, face: { ...base.face, phase: 'verifying', canCapture: false } },
  faceFailed: { ...base, face: { ...failed, attemptsLeft: 2 }, suggestPassword: true, error: 'FACE_NOT_MATCHED' },
  faceNotLive: { ...base, face: { ...failed, attemptsLeft: 1 }, suggestPassword: true, error: 'FACE_NOT_LIVE' },
  faceSeveralFaces: { ...base, face: { ...failed, attemptsLeft: 2 }, suggestPassword: true, error: 'FACE_SEVERAL_FACES' },
  faceChallengeExpired: { ...base, face: failed, error: 'FACE_CHALLENGE_EXPIRED' },
  faceStarting: { ...base, face: failed, error: 'FACE_LOGIN_STARTING' },
  faceCameraFailed: { ...base, face: { ...failed, preview: null, faces: null }, error: 'CAMERA_PERMISSION_DENIED' },
  faceUnavailable: { ...base, face: failed, error: 'FACE_LOGIN_UNAVAILABLE' },
  password,
  /** After 3 faces not recognised, or FACE_NOT_ENROLLED: 普通登录 with the reason. */
  passwordAfterFace: { ...password, suggestPassword: true, error: 'FACE_NOT_ENROLLED' },
  /** The exam's policy turns 人脸登录 off: no way back to it. */
  passwordOnly: { ...password, faceAllowed: false },
  passwordSubmitting: { ...password, password: { submitting: true, canSubmit: false } },
  passwordRejected: { ...password, error: 'INVALID_CREDENTIALS' },
  refused: { ...password, phase: 'refused', error: 'ALREADY_ACTIVE_ELSEWHERE' },
} satisfies Record<string, LoginView>;
