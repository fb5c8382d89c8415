/**
 * Every port of proctorMachine (the supervisor's console) as a browser implements it, wired to one examroom server:
 * the REST supervisor routes with the session and quick replies kept in localStorage, and a clock synced with the
 * server (evidence due times are judged on the server's time). `<exam-proctor-console>` and the browser tests use this.
 */
import { createServerClock, type ProctorPorts, type ServerClock } from '@examroom/core';
import { createRestCaller, createRestProctorApi, createStorageProctorSessionStore, type RestProctorApi } from '../../rest/index.js';
import { createLiveViewer } from '../live-view.js';

export interface BrowserProctorPortsOptions {
  /** Origin of the examroom API, e.g. `https://exam.example.edu` (empty for the page's own origin). */
  readonly baseUrl: string;
  /** Language of the server's error messages. */
  readonly acceptLanguage?: string;
  /** Where the session and quick replies are kept; localStorage by default, so a reload skips the login. */
  readonly storage?: Storage;
}

export interface BrowserProctorPorts extends ProctorPorts {
  readonly api: RestProctorApi;
  readonly clock: ServerClock;
}

export function createBrowserProctorPorts(options: BrowserProctorPortsOptions): BrowserProctorPorts {
  const baseUrl = options.baseUrl.replace(/\/+$/, '') || globalThis.location.origin;
  const session = createStorageProctorSessionStore(options.storage);
  const api = createRestProctorApi({ baseUrl, sessionStore: session, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) });
  const clock = createServerClock({ fetchServerTime: () => api.getServerTime() });
  clock.start();
  const signalling = createRestCaller({ baseUrl, token: () => session.load()?.token ?? null, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) });
  return { api, session, clock, liveView: createLiveViewer({ caller: signalling }) };
}
