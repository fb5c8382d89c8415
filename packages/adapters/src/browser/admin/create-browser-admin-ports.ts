/**
 * Every port of adminMachine (the administrator's console) as a browser implements it, wired to one examroom server:
 * the REST /admin routes with the session kept in localStorage, and the browser's downloads for the files it saves. `<exam-admin-console>` and the browser tests use this.
 */
import type { AdminPorts } from '@examroom/core';
import { createRestAdminApi, createStorageAdminSessionStore } from '../../rest/index.js';
import { createBrowserFileSaver } from '../file-saver.js';

export interface BrowserAdminPortsOptions {
  /** Origin of the examroom API, e.g. `https://exam.example.edu` (empty for the page's own origin). */
  readonly baseUrl: string;
  /** Language of the server's error messages. */
  readonly acceptLanguage?: string;
  /** Where the session is kept; localStorage by default, so a reload skips the login. */
  readonly storage?: Storage;
}

export function createBrowserAdminPorts(options: BrowserAdminPortsOptions): AdminPorts {
  const baseUrl = options.baseUrl.replace(/\/+$/, '') || globalThis.location.origin;
  const session = createStorageAdminSessionStore(options.storage);
  const api = createRestAdminApi({ baseUrl, sessionStore: session, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) });
  return { api, session, files: createBrowserFileSaver() };
}
