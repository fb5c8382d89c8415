/** View models of 继续面试 (back after a reload) for tests and stories, one per state the prompt can show. */
import type { ResumingView } from '@examroom/core';

/** The 10:00 sitting (Beijing time, 02:00 UTC) with 30 minutes to answer. */
const startsAt = Date.UTC(2026, 1, 28, 2, 0);
const deadline = startsAt + 30 * 60_000;

/** Server time for the stories and tests: 12 min 34 s of answer time left. */
export const resumingNow = deadline - 12 * 60_000 - 34_000;

const ready = {
  stage: 'resuming',
  phase: 'ready',
  returnsTo: 'answering',
  deadline,
  canShare: true,
  canReopenCamera: false,
  error: null,
} satisfies ResumingView;

export const resumingViews = {
  openingCamera: { ...ready, phase: 'openingCamera', canShare: false },
  cameraFailed: { ...ready, phase: 'cameraFailed', canShare: false, canReopenCamera: true, error: 'CAMERA_PERMISSION_DENIED' },
  ready,
  sharingScreen: { ...ready, phase: 'sharingScreen', canShare: false },
  notWholeScreen: { ...ready, error: 'SCREEN_SHARE_NOT_MONITOR' },
  shareDenied: { ...ready, error: 'SCREEN_SHARE_DENIED' },
  toConfirmingInfo: { ...ready, returnsTo: 'confirmingInfo', deadline: null },
  toCountdown: { ...ready, returnsTo: 'countdown', deadline: null },
} satisfies Record<string, ResumingView>;
