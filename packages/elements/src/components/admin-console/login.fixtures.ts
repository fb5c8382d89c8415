/** View models of the console's login (管理员登录, 设置新密码) for tests and stories, one per state it can show. */
import type { AdminLoginView } from '@examroom/core';

const entering = { stage: 'login', phase: 'entering', username: '', error: null, passwordProblem: null } satisfies AdminLoginView;
const passwordRequired = { ...entering, phase: 'passwordRequired', username: 'it-office' } satisfies AdminLoginView;

export const loginViews = {
  starting: { ...entering, phase: 'starting' },
  entering,
  submitting: { ...entering, phase: 'submitting', username: 'it-office' },
  invalidCredentials: { ...entering, username: 'it-office', error: 'INVALID_CREDENTIALS' },
  tooManyAttempts: { ...entering, username: 'it-office', error: 'TOO_MANY_ATTEMPTS' },
  sessionEnded: { ...entering, username: 'it-office', error: 'SESSION_EXPIRED' },
  passwordRequired,
  passwordTooShort: { ...passwordRequired, passwordProblem: 'tooShort' },
  passwordMismatch: { ...passwordRequired, passwordProblem: 'mismatch' },
  wrongPassword: { ...passwordRequired, error: 'WRONG_PASSWORD' },
  changingPassword: { ...passwordRequired, phase: 'changingPassword' },
} satisfies Record<string, AdminLoginView>;
