/**
 * The phone's real ports over the examroom REST API (the phone routes, camera, QR reader, compass, wake lock,
 * recorder, IndexedDB, tus). <exam-evidence-recorder> imports this module lazily, only when it is not given `ports`,
 * so the heavy libraries (RecordRTC, tus, jsQR) stay out of the phone page's first load.
 */
import { createBrowserPhonePorts } from '@examroom/adapters/browser';
import type { PhonePorts } from '@examroom/core';

export interface LoadedPhonePorts {
  readonly ports: PhonePorts;
  /** Stops what the ports started (the clock's periodic re-sync). */
  dispose(): void;
}

export function createPhonePorts(apiBase: string, locale: string): LoadedPhonePorts {
  const ports = createBrowserPhonePorts({ baseUrl: apiBase, acceptLanguage: locale });
  return { ports, dispose: () => ports.clock.stop() };
}
