/** View models of 人脸登录 / 普通登录 for tests and stories, one per state the stage can show. */
import type { LoginView } from '@examroom/core';

/** Login opens 30 minutes before the 10:00 sitting (Beijing time, 02:00 UTC). */
export const loginOpensAt = Date.UTC(2026, 1, 28, 1, 30);

/** Server time for the stories and tests: 12 min 30 s before login opens. */
export const loginNow = loginOpensAt - 12 * 60_000 - 30_000;

const base = {
  stage: 'login',
  phase: 'face',
  method: 'face',
  opensAt: null,
  timeZone: 'Asia/Shanghai',
  face: { phase: 'capturing', canCapture: true, canRetry: false, preview: null },
  password: { submitting: false, canSubmit: false },
  suggestPassword: false,
  error: null,
} satisfies LoginView;

const password = { ...base, phase: 'password', method: 'password', password: { submitting: false, canSubmit: true } } satisfies LoginView;

export const loginViews = {
  loading: { ...base, phase: 'loading', face: { ...base.face, phase: 'opening', canCapture: false } },
  loadFailed: { ...base, phase: 'loadFailed', error: 'NETWORK_ERROR' },
  notOpen: { ...base, phase: 'notOpen', opensAt: loginOpensAt, face: { ...base.face, phase: 'opening', canCapture: false } },
  faceOpening: { ...base, face: { ...base.face, phase: 'opening', canCapture: false } },
  faceReady: base,
  faceVerifying: { ...base, face: { ...base.face, phase: 'verifying', canCapture: false } },
  faceFailed: {
    ...base,
    face: { ...base.face, phase: 'failed', canCapture: false, canRetry: true },
    suggestPassword: true,
    error: 'FACE_NOT_MATCHED',
  },
  faceUnavailable: { ...base, face: { ...base.face, phase: 'failed', canCapture: false, canRetry: true }, error: 'FACE_LOGIN_UNAVAILABLE' },
  password,
  passwordSubmitting: { ...password, password: { submitting: true, canSubmit: false } },
  passwordRejected: { ...password, error: 'INVALID_CREDENTIALS' },
  refused: { ...password, phase: 'refused', error: 'ALREADY_ACTIVE_ELSEWHERE' },
} satisfies Record<string, LoginView>;
