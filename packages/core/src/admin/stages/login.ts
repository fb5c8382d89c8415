/**
 * Login (管理员登录): username and password, exchanged for an administrator session that is kept, so that a reload
 * skips this. A one-time password (from `examroom-server admin create`) must be replaced first: 设置新密码 asks it
 * again with the new one twice, says what the server would refuse (shorter than 12 characters, the same as the
 * current one) and a mistyped confirmation before sending, and shows WRONG_PASSWORD. Passwords are handed to the
 * requests only, never kept in the machine's context.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import { actorOutput, adminSetup, sessionGone } from '../admin.setup.js';
import type { PasswordProblem } from '../admin.types.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';

export const login = adminSetup.createStateConfig({
  initial: 'entering',
  states: {
    entering: {
      tags: 'login:entering',
      on: { 'user.login': { target: 'submitting', actions: ['assignUsername', 'clearError'] } },
    },
    submitting: {
      tags: 'login:submitting',
      invoke: {
        src: 'login',
        input: ({ event }) => (event.type === 'user.login' ? { username: event.username.trim(), password: event.password } : { username: '', password: '' }),
        onDone: [
          { guard: { type: 'mustChangePassword', params: actorOutput }, target: 'passwordRequired', actions: { type: 'assignMe', params: actorOutput } },
          { target: '#admin.session', actions: [{ type: 'assignMe', params: actorOutput }, 'clearError'] },
        ],
        onError: { target: 'entering', actions: 'assignError' },
      },
    },
    // 设置新密码: every other route answers PASSWORD_CHANGE_REQUIRED until it is done.
    passwordRequired: {
      tags: 'login:passwordRequired',
      on: {
        'user.changePassword': [{ guard: 'isPasswordAcceptable', target: 'changingPassword', actions: 'clearPasswordProblem' }, { actions: 'assignPasswordProblem' }],
        'user.logout': '#admin.loggingOut',
      },
    },
    changingPassword: {
      tags: 'login:changingPassword',
      invoke: {
        src: 'changePassword',
        input: ({ event }) => (event.type === 'user.changePassword' ? { currentPassword: event.currentPassword, newPassword: event.newPassword } : { currentPassword: '', newPassword: '' }),
        onDone: { target: '#admin.session', actions: 'assignPasswordChanged' },
        onError: [sessionGone, { target: 'passwordRequired', actions: 'assignError' }],
      },
    },
  },
});

export interface AdminLoginView {
  readonly stage: 'login';
  /** Reading a kept session (a moment), typing, logging in; then, with a one-time password, 设置新密码 and sending it. */
  readonly phase: 'starting' | 'entering' | 'submitting' | 'passwordRequired' | 'changingPassword';
  /** The username tried last (or logged in with), to show in the field again. */
  readonly username: string;
  /** INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, WRONG_PASSWORD; SESSION_EXPIRED when a session ended while in use… */
  readonly error: ErrorCode | null;
  /** Why the new password was not sent. */
  readonly passwordProblem: PasswordProblem | null;
}

export function selectAdminLoginView(snapshot: AdminSnapshot): AdminLoginView {
  const { context } = snapshot;
  return {
    stage: 'login',
    phase: adminPhaseOf(snapshot, 'login', ['starting', 'entering', 'submitting', 'passwordRequired', 'changingPassword'] as const) ?? 'entering',
    username: context.me?.username ?? context.username,
    error: context.error,
    passwordProblem: context.passwordProblem,
  };
}
