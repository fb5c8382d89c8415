/**
 * Login (监督员登录): username and password, exchanged for a supervisor session that is kept, so that a reload skips
 * this. INVALID_CREDENTIALS and TOO_MANY_ATTEMPTS (the server's throttle) show under the form; the password is never
 * kept in the machine's context, only handed to the login request.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import { proctorSetup } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';

export const login = proctorSetup.createStateConfig({
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
        onDone: { target: '#proctor.session', actions: 'clearError' },
        onError: { target: 'entering', actions: 'assignError' },
      },
    },
  },
});

export interface ProctorLoginView {
  readonly stage: 'login';
  /** Reading a kept session (a moment), typing, or logging in. */
  readonly phase: 'starting' | 'entering' | 'submitting';
  /** The username tried last, to show in the field again. */
  readonly username: string;
  /** INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS; SESSION_EXPIRED when a session ended while in use; NETWORK_ERROR… */
  readonly error: ErrorCode | null;
}

export function selectLoginView(snapshot: ProctorSnapshot): ProctorLoginView {
  return {
    stage: 'login',
    phase: proctorPhaseOf(snapshot, 'login', ['starting', 'entering', 'submitting'] as const) ?? 'entering',
    username: snapshot.context.username,
    error: snapshot.context.error,
  };
}
