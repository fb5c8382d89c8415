/**
 * core's ProctorApi over the examroom REST contract: the supervisor's routes (supervisorLogin, listSittings,
 * listCandidates, getCandidateHelp, replyHelp, listIncidents, sendNotice, grantExtraTime, endInterview, allowLateEntry,
 * listInterventions, getVerdict, setVerdict, getTimeline, createRecordingLink, waiveVirtualCamera) and the live-events socket, on the same request and
 * socket code as the candidate's and the phone's clients (createRestCaller), so all map errors and reconnect alike.
 */
import type { CandidateStatus, HelpMessage, ProctorApi, ProctorLiveEvent, ProctorSessionStore, EvidenceStatus } from '@examroom/core';
import { createRestCaller, socketMessage, type LiveSocketConstructor } from './client.js';

export interface RestProctorApiOptions {
  /** Where the examroom server is, e.g. `https://exam.example.edu`; '' for the page's own origin. */
  readonly baseUrl: string;
  /** The kept supervisor session: its token is the bearer token of every call, read at each request. */
  readonly sessionStore: ProctorSessionStore;
  /** Sent as Accept-Language: the language of the error messages (zh-CN when absent). */
  readonly acceptLanguage?: string;
  /** Defaults to the global fetch, looked up at each request. */
  readonly fetch?: typeof fetch;
  /** WebSocket constructor for live events; defaults to the global one. Node tests pass the `ws` package's. */
  readonly WebSocket?: LiveSocketConstructor;
}

/** The REST adapter: the port, plus the server's clock for the console's synced clock (GET /time, public). */
export type RestProctorApi = ProctorApi & { getServerTime(): Promise<number> };

export function createRestProctorApi(options: RestProctorApiOptions): RestProctorApi {
  const { request, liveMessages } = createRestCaller({
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
    async login(username, password) {
      const created = await request('supervisorLogin', { body: { username, password } });
      return { token: created.token };
    },
    listSittings: () => request('listSittings'),
    listCandidates: (sittingId) => request('listCandidates', { params: { sittingId } }),
    getCandidateHelp: (candidateId) => request('getCandidateHelp', { params: { candidateId } }),
    replyHelp: (candidateId, reply) => request('replyHelp', { params: { candidateId }, body: { id: reply.id, text: reply.text } }),
    listIncidents: (candidateId) => request('listIncidents', { params: { candidateId } }),
    sendNotice: (sittingId, notice) => request('sendNotice', { params: { sittingId }, body: { id: notice.id, text: notice.text } }),
    giveExtraTime: (candidateId, minutes) => request('grantExtraTime', { params: { candidateId }, body: { minutes } }),
    endInterview: (candidateId, reason) => request('endInterview', { params: { candidateId }, body: { reason } }),
    allowLateEntry: (candidateId, reason) => request('allowLateEntry', { params: { candidateId }, body: { reason } }),
    listInterventions: (candidateId) => request('listInterventions', { params: { candidateId } }),
    getVerdict: (candidateId) => request('getVerdict', { params: { candidateId } }),
    setVerdict: (candidateId, verdict) => request('setVerdict', { params: { candidateId }, body: { verdict: verdict.verdict, comment: verdict.comment } }),
    liveEvents: () => liveMessages<ProctorLiveEvent>({ parse: toProctorLiveEvent, connected: { type: 'connected' } }),
    getCandidateUploadHealth: (candidateId) => request('getCandidateUploadHealth', { params: { candidateId } }),
    getSittingUploadHealth: (sittingId) => request('getSittingUploadHealth', { params: { sittingId } }),
    getTimeline: (candidateId) => request('getTimeline', { params: { candidateId } }),
    async createRecordingLink(recordingId) {
      const link = await request('createRecordingLink', { params: { recordingId } });
      // The server answers the file's path on its own origin (with the API prefix): the page may be elsewhere.
      return { url: `${options.baseUrl.replace(/\/+$/, '')}${link.url}`, expiresAt: link.expiresAt };
    },
    waiveVirtualCamera: (candidateId, reason) => request('waiveVirtualCamera', { params: { candidateId }, body: { reason } }),
  };
}

/**
 * A server push as the console's event, or null. A candidate's session.revoked is theirs, not the supervisor's: the
 * candidate.status that follows it tells the grid; the supervisor's own session ending closes the socket for good.
 */
export function toProctorLiveEvent(data: unknown): ProctorLiveEvent | null {
  const value = socketMessage(data);
  if (value === null) return null;
  const candidateId = typeof value['candidateId'] === 'string' ? value['candidateId'] : null;
  const isObject = (field: unknown): field is object => typeof field === 'object' && field !== null;
  switch (value.type) {
    case 'candidate.status':
      return isObject(value['status']) ? { type: 'candidate.status', status: value['status'] as CandidateStatus } : null;
    case 'help.message':
      return candidateId !== null && isObject(value['message']) ? { type: 'help.message', candidateId, message: value['message'] as HelpMessage } : null;
    case 'evidence.status':
      return candidateId !== null && isObject(value['status']) ? { type: 'evidence.status', candidateId, status: value['status'] as EvidenceStatus } : null;
    default:
      return null;
  }
}
