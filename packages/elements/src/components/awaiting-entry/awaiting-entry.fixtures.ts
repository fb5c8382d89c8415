/** View models of 进入考试 for tests and stories, one per state the stage can show. */
import type { AwaitingEntryView } from '@examroom/core';

/** The 10:00 sitting (Beijing time, 02:00 UTC); entry opens 15 minutes before and closes 2 minutes after the start. */
const startsAt = Date.UTC(2026, 1, 28, 2, 0);
export const entryOpensAt = startsAt - 15 * 60_000;
export const entryClosesAt = startsAt + 2 * 60_000;

/** Server time for the stories and tests: 4 min 10 s before entry opens. */
export const awaitingEntryNow = entryOpensAt - 4 * 60_000 - 10_000;

const notYetOpen = {
  stage: 'awaitingEntry',
  phase: 'notYetOpen',
  entryOpensAt,
  entryClosesAt,
  timeZone: 'Asia/Shanghai',
  canEnter: false,
  canRefresh: true,
  lot: 7,
  error: null,
} satisfies AwaitingEntryView;

const ready = { ...notYetOpen, phase: 'ready', canEnter: true, canRefresh: false } satisfies AwaitingEntryView;

export const awaitingEntryViews = {
  notYetOpen,
  refreshing: { ...notYetOpen, phase: 'refreshing', canRefresh: false },
  ready,
  notDrawn: { ...ready, lot: null },
  checkingDisplay: { ...ready, phase: 'checkingDisplay', canEnter: false },
  sharingScreen: { ...ready, phase: 'sharingScreen', canEnter: false },
  entering: { ...ready, phase: 'entering', canEnter: false },
  externalDisplay: { ...ready, error: 'EXTERNAL_DISPLAY_CONNECTED' },
  shareDenied: { ...ready, error: 'SCREEN_SHARE_DENIED' },
  notWholeScreen: { ...ready, error: 'SCREEN_SHARE_NOT_MONITOR' },
} satisfies Record<string, AwaitingEntryView>;
