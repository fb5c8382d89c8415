/**
 * View models of the barred page for tests and stories: one per reason the machine bars a candidate for, and the
 * phases of the interview open in another window of the browser (R6).
 */
import type { BarredView } from '@examroom/core';

const closed = { stage: 'barred', phase: 'closed', canContinueHere: false } as const;
const otherWindow = { stage: 'barred', reason: 'OPEN_IN_ANOTHER_WINDOW' } as const;

export const barredViews = {
  lateEntryClosed: { ...closed, reason: 'LATE_ENTRY_CLOSED' },
  loginClosed: { ...closed, reason: 'LOGIN_CLOSED' },
  sessionRevoked: { ...closed, reason: 'SESSION_REVOKED' },
  sessionExpired: { ...closed, reason: 'SESSION_EXPIRED' },
  examOver: { ...closed, reason: 'EXAM_OVER' },
  otherWindowOpen: { ...otherWindow, phase: 'otherWindowOpen', canContinueHere: false },
  otherWindowClosed: { ...otherWindow, phase: 'otherWindowClosed', canContinueHere: true },
  claiming: { ...otherWindow, phase: 'claiming', canContinueHere: false },
} satisfies Record<string, BarredView>;
