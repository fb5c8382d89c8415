/** View models of the barred page for tests and stories, one per reason the machine bars a candidate for. */
import type { BarredView } from '@examroom/core';

export const barredViews = {
  lateEntryClosed: { stage: 'barred', reason: 'LATE_ENTRY_CLOSED' },
  loginClosed: { stage: 'barred', reason: 'LOGIN_CLOSED' },
  sessionRevoked: { stage: 'barred', reason: 'SESSION_REVOKED' },
  sessionExpired: { stage: 'barred', reason: 'SESSION_EXPIRED' },
  examOver: { stage: 'barred', reason: 'EXAM_OVER' },
} satisfies Record<string, BarredView>;
