/** View models of the console's login (监督员登录) for tests and stories, one per state it can show. */
import type { ProctorLoginView } from '@examroom/core';

const entering = { stage: 'login', phase: 'entering', username: '', error: null } satisfies ProctorLoginView;

export const loginViews = {
  starting: { ...entering, phase: 'starting' },
  entering,
  submitting: { ...entering, phase: 'submitting', username: 'supervisor' },
  invalidCredentials: { ...entering, username: 'supervisor', error: 'INVALID_CREDENTIALS' },
  tooManyAttempts: { ...entering, username: 'supervisor', error: 'TOO_MANY_ATTEMPTS' },
  sessionEnded: { ...entering, username: 'supervisor', error: 'UNAUTHENTICATED' },
} satisfies Record<string, ProctorLoginView>;
