/**
 * Every port of examMachine as the browser implements it, wired to one examroom server: the REST client, a clock
 * synced with the server, the browser's media, an IndexedDB chunk store and tus uploads. `<exam-room>` and the
 * browser tests use this; an integrator with another backend passes their own `api`.
 */
import { createServerClock, type ExamApi, type ExamPorts, type ServerClock } from '@examroom/core';
import { createIdbChunkStore, type IdbChunkStoreOptions } from '../idb/index.js';
import { createRecordingCompleter, createRestCaller, createRestExamApi, createStorageTokenStore, type RestExamApi } from '../rest/index.js';
import { createTusTransport } from '../tus/index.js';
import { createBrowserDisplayCheck } from './display-check.js';
import { createBrowserEnvironment } from './environment.js';
import { createBrowserIntegritySignals } from './integrity-signals.js';
import { createBrowserMediaDevices } from './media-devices.js';
import { createRecordRtcRecorder } from './record-rtc-recorder.js';
import { createBrowserScreenCapture } from './screen-capture.js';
import { createBrowserVolumeMeter } from './volume-meter.js';
import { createBrowserWindowLock } from './window-lock.js';
import { createLiveViewPublisher } from './live-view.js';
import { createBrowserFaceSnapshot } from './face-snapshot.js';
import { createBrowserFaceDetector } from './face-detector.js';

export interface BrowserExamPortsOptions {
  /** Origin of the examroom API, e.g. `https://exam.example.edu` (empty for the page's own origin). */
  readonly baseUrl: string;
  /** Language of the server's error messages. */
  readonly acceptLanguage?: string;
  /**
   * Where the session token lives; localStorage by default, so a reload and a browser restart both keep the session
   * (R33) for as long as the server accepts the token. Pass sessionStorage to forget it when the browser closes.
   */
  readonly tokenStorage?: Storage;
  readonly idb?: IdbChunkStoreOptions;
  /** Another backend's implementation of the ExamApi port (then uploads still go to `baseUrl`'s tus and completion routes). */
  readonly api?: ExamApi;
  /**
   * Where 人脸登录's face detector files are (human.esm.js, the BlazeFace model, the tfjs wasm binaries), ending in
   * `/`: the examroom server's `/face-models/` by default; null for no live outline (the oval guide alone).
   */
  readonly faceModelsUrl?: string | null;
}

export interface BrowserExamPorts extends ExamPorts {
  readonly clock: ServerClock;
  /** The REST client, when `api` was not given. */
  readonly rest: RestExamApi | null;
}

export function createBrowserExamPorts(options: BrowserExamPortsOptions): BrowserExamPorts {
  const baseUrl = options.baseUrl.replace(/\/+$/, '') || globalThis.location.origin;
  const tokenStore = createStorageTokenStore(options.tokenStorage ?? globalThis.localStorage);
  const rest = options.api ? null : createRestExamApi({ baseUrl, tokenStore, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) });
  const api = options.api ?? rest!;
  const token = () => tokenStore.get();
  const clock = createServerClock({ fetchServerTime: () => api.getServerTime() });
  clock.start();
  return {
    api,
    rest,
    clock,
    media: createBrowserMediaDevices(),
    display: createBrowserDisplayCheck(),
    screen: createBrowserScreenCapture(),
    recorder: createRecordRtcRecorder(),
    store: createIdbChunkStore(options.idb),
    transport: createTusTransport({
      headers: (): Record<string, string> => {
        const current = token();
        return current ? { Authorization: `Bearer ${current}` } : {};
      },
      complete: createRecordingCompleter({ baseUrl, token }),
    }),
    integrity: createBrowserIntegritySignals(),
    volume: createBrowserVolumeMeter(),
    environment: createBrowserEnvironment(),
    windowLock: createBrowserWindowLock(),
    // 实时画面 signals on the examroom server's socket, so only with the REST client (another backend has its own).
    ...(options.faceModelsUrl !== null ? { faceDetector: createBrowserFaceDetector({ modelsUrl: options.faceModelsUrl ?? `${baseUrl}/face-models/` }) } : {}),
    ...(rest ? { liveView: createLiveViewPublisher({ caller: createRestCaller({ baseUrl, token, ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}) }) }) } : {}),
    // The face checks while answering: stills of the recorded camera; the backend says whether it takes them.
    faceSnapshot: createBrowserFaceSnapshot(),
  };
}
