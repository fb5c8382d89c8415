/** View models of the phone's room scan (环拍) for tests and stories, one per state it can show. */
import type { ScanningView } from '@examroom/core';

const turning = { stage: 'scanning', phase: 'turning', method: 'orientation', progress: 0.4, stream: null, error: null } satisfies ScanningView;

export const scanningViews = {
  turning,
  turningByDuration: { ...turning, method: 'duration', progress: 0.25 },
  reporting: { ...turning, phase: 'reporting', progress: 1 },
  reportFailing: { ...turning, phase: 'reporting', progress: 1, error: 'NETWORK_ERROR' },
} satisfies Record<string, ScanningView>;
