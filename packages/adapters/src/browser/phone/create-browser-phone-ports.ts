/**
 * Every port of evidenceMachine (the phone's evidence recorder) as a phone's browser implements it, wired to one
 * examroom server: the REST phone routes with the session kept in localStorage, a clock synced with the server, the
 * camera by facing, the QR reader, the compass, the wake lock, RecordRTC, an IndexedDB chunk store of the phone's own
 * and tus uploads with the phone's token. `<exam-evidence-recorder>` and the browser tests use this.
 */
import { createServerClock, type PhonePorts, type ServerClock } from '@examroom/core';
import { createIdbChunkStore, type IdbChunkStoreOptions } from '../../idb/index.js';
import { createRecordingCompleter, createRestCaller, createRestPhoneApi, createStoragePhoneSessionStore, type RestPhoneApi } from '../../rest/index.js';
import { createLiveViewPublisher } from '../live-view.js';
import { createTusTransport } from '../../tus/index.js';
import { createBrowserEnvironment } from '../environment.js';
import { createRecordRtcRecorder } from '../record-rtc-recorder.js';
import { createBrowserOrientationSensor } from './orientation-sensor.js';
import { createBrowserPhoneCamera } from './phone-camera.js';
import { createBrowserQrScanner } from './qr-scanner.js';
import { createBrowserWakeLock } from './wake-lock.js';

/**
 * The phone's chunks live in a database of their own: a PC page in the same browser (a candidate trying the link on
 * the computer) lists its store at start-up and finalises what it finds, and must never take the phone's parts for
 * its own, nor the phone the PC's.
 */
export const PHONE_DB_NAME = 'examroom-phone';

export interface BrowserPhonePortsOptions {
  /** Origin of the examroom API, e.g. `https://exam.example.edu` (empty for the page's own origin). */
  readonly baseUrl: string;
  /** Language of the server's error messages. */
  readonly acceptLanguage?: string;
  /**
   * Where the phone session is kept; localStorage by default, so a reload, a closed tab and a browser restart all go
   * on with the same session (the recording as its next part).
   */
  readonly storage?: Storage;
  /** The chunk store's options; its database is PHONE_DB_NAME unless `dbName` says otherwise. */
  readonly idb?: IdbChunkStoreOptions;
}

export interface BrowserPhonePorts extends PhonePorts {
  readonly api: RestPhoneApi;
  readonly clock: ServerClock;
}

export function createBrowserPhonePorts(options: BrowserPhonePortsOptions): BrowserPhonePorts {
  const baseUrl = options.baseUrl.replace(/\/+$/, '') || globalThis.location.origin;
  const session = createStoragePhoneSessionStore(options.storage);
  const api = createRestPhoneApi({ baseUrl, sessionStore: session, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) });
  const token = () => session.load()?.token ?? null;
  const clock = createServerClock({ fetchServerTime: () => api.getServerTime() });
  clock.start();
  return {
    api,
    session,
    clock,
    camera: createBrowserPhoneCamera(),
    qrScanner: createBrowserQrScanner(),
    orientation: createBrowserOrientationSensor(),
    wakeLock: createBrowserWakeLock(),
    environment: createBrowserEnvironment(),
    recorder: createRecordRtcRecorder(),
    store: createIdbChunkStore({ ...options.idb, dbName: options.idb?.dbName ?? PHONE_DB_NAME }),
    transport: createTusTransport({
      headers: (): Record<string, string> => {
        const current = token();
        return current ? { Authorization: `Bearer ${current}` } : {};
      },
      complete: createRecordingCompleter({ baseUrl, token }),
    }),
    liveView: createLiveViewPublisher({ caller: createRestCaller({ baseUrl, token, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) }) }),
  };
}
