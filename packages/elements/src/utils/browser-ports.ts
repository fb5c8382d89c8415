/**
 * The browser's real ports over the examroom REST API (recorder, IndexedDB, tus, media…). <exam-room> imports this
 * module lazily, only when it is given `api-base`, so the heavy libraries stay out of the first load.
 */
import { browserDeviceKey, createBrowserExamPorts } from '@examroom/adapters/browser';
import type { ExamPorts } from '@examroom/core';

export interface LoadedPorts {
  readonly ports: ExamPorts;
  /** Stops what the ports started (the clock's periodic re-sync). */
  dispose(): void;
}

export function createRestPorts(apiBase: string, locale: string): LoadedPorts {
  const ports = createBrowserExamPorts({ baseUrl: apiBase, acceptLanguage: locale });
  return { ports, dispose: () => ports.clock.stop() };
}

export { browserDeviceKey };
