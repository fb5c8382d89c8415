/**
 * The administrator console's real ports over the examroom REST API. <exam-admin-console> imports this module lazily,
 * only when it is not given `ports`.
 */
import { createBrowserAdminPorts } from '@examroom/adapters/browser';
import type { AdminPorts } from '@examroom/core';

export interface LoadedAdminPorts {
  readonly ports: AdminPorts;
  /** Nothing runs behind these ports (no clock, no socket): nothing to stop. */
  dispose(): void;
}

export function createAdminPorts(apiBase: string, locale: string): LoadedAdminPorts {
  return { ports: createBrowserAdminPorts({ baseUrl: apiBase, acceptLanguage: locale }), dispose: () => undefined };
}
