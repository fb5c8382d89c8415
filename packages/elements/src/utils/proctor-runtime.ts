/**
 * The supervisor console's real ports over the examroom REST API. <exam-proctor-console> imports this module lazily,
 * only when it is not given `ports`.
 */
import { createBrowserProctorPorts } from '@examroom/adapters/browser';
import type { ProctorPorts } from '@examroom/core';

export interface LoadedProctorPorts {
  readonly ports: ProctorPorts;
  /** Stops what the ports started (the clock's periodic re-sync). */
  dispose(): void;
}

export function createProctorPorts(apiBase: string, locale: string): LoadedProctorPorts {
  const ports = createBrowserProctorPorts({ baseUrl: apiBase, acceptLanguage: locale });
  return { ports, dispose: () => ports.clock.stop() };
}
