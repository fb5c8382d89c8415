/**
 * core's PhoneApi over the examroom REST contract: the phone's routes (pairPhone, setEvidenceStatus,
 * createEvidenceRecording, abandonRecording, heartbeat) and the live-events socket, on the same request and socket
 * code as the candidate's client (createRestCaller), so both map errors and reconnect alike.
 */
import { normalizePairingCode, type PhoneApi, type PhoneLiveEvent, type PhoneSessionStore, type Subscribable } from '@examroom/core';
import { createRestCaller, type LiveSocketConstructor } from './client.js';

export interface RestPhoneApiOptions {
  /** Where the examroom server is, e.g. `https://exam.example.edu`; '' for the page's own origin. */
  readonly baseUrl: string;
  /**
   * The kept phone session: its token is the bearer token of every call. The machine saves the session after
   * pairing, so the token is read from here at each request rather than held by the adapter.
   */
  readonly sessionStore: PhoneSessionStore;
  /** Sent as Accept-Language: the language of the error messages (zh-CN when absent). */
  readonly acceptLanguage?: string;
  /** Defaults to the global fetch, looked up at each request. */
  readonly fetch?: typeof fetch;
  /** WebSocket constructor for live events; defaults to the global one. Node tests pass the `ws` package's. */
  readonly WebSocket?: LiveSocketConstructor;
}

/** The REST adapter: the port, plus the server's clock for the phone's own synced clock (GET /time, public). */
export type RestPhoneApi = PhoneApi & { getServerTime(): Promise<number> };

export function createRestPhoneApi(options: RestPhoneApiOptions): RestPhoneApi {
  const { request, resolveUploadUrl, liveEvents } = createRestCaller({
    baseUrl: options.baseUrl,
    token: () => options.sessionStore.load()?.token ?? null,
    ...(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
  });

  return {
    async getServerTime() {
      return (await request('getTime')).serverTime;
    },

    async pair(code) {
      // Typed as shown (`abcd-efgh`, with spaces) or read from the link: the server compares the bare code.
      const created = await request('pairPhone', { body: { code: normalizePairingCode(code) } });
      return { token: created.token };
    },

    reportEvidence: (state, progress) =>
      request('setEvidenceStatus', { body: progress === undefined ? { state } : { state, bytesPending: progress.bytesPending } }),

    heartbeat: (report) => request('heartbeat', report ? { body: { recordings: report.recordings.map(({ id, bytesRecorded }) => ({ id, bytesRecorded })) } } : {}),

    async createEvidenceRecording({ mimeType }) {
      const target = await request('createEvidenceRecording', { body: { mimeType } });
      return { recordingId: target.recordingId, uploadUrl: resolveUploadUrl(target.uploadUrl) };
    },

    async abandonRecording(recordingId) {
      await request('abandonRecording', { params: { recordingId } });
    },

    liveEvents(): Subscribable<PhoneLiveEvent> {
      const events = liveEvents();
      return {
        subscribe(observer) {
          // A phone session is sent evidence.status and its own end only; anything else is not the phone's.
          return events.subscribe({
            next: (event) => {
              if (event.type === 'evidence.status' || event.type === 'session.revoked') observer.next?.(event);
            },
            error: (error) => observer.error?.(error),
            complete: () => observer.complete?.(),
          });
        },
      };
    },
  };
}
