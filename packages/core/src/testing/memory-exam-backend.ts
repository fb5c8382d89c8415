/**
 * An exam backend in memory that enforces the rules on a given clock with the same functions the reference server
 * does (rules/access.ts). Tests use it through `client()`, an ExamApi for one browser; several clients may share one
 * backend. `server` is the same backend by bearer token, which the REST contract suite reaches over HTTP.
 */
import { Subject } from 'rxjs';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { Clock } from '../ports/clock.port.js';
import type { EvidenceState, ExamApi, HelpMessage, Incident, LiveEvent } from '../ports/exam-api.port.js';
import type { Schedule } from '../rules/schedule.js';
import type { Progress } from '../rules/stages.js';
import { MemoryExam } from './memory-exam-server.js';
import type { EvidenceProgress, MemoryExamFixture, MemoryExamServer, MemoryRecording, SeedSitting } from './memory-exam.types.js';

export type * from './memory-exam.types.js';
export { sampleFixture } from './memory-exam-fixture.js';

type Method = keyof ExamApi;

export interface MemoryExamBackend {
  readonly clock: Pick<Clock, 'now'>;
  /** The backend by bearer token: one method per candidate route, plus the dev control's seeding. */
  readonly server: MemoryExamServer;
  /**
   * An ExamApi for one browser, with its own session token; pass the same `kept` session to a later client to play a
   * reload or a browser restart that kept the token (as the browser adapters keep it in localStorage).
   */
  client(kept?: KeptSession): ExamApi;
  /** Makes the next call of `method` (from any client) reject with `code`. */
  failNext(method: Method, code: ErrorCode, times?: number): void;
  /**
   * Whose face the camera shows: face login matches this candidate when their 身份证号 is given (until set it answers
   * FACE_LOGIN_UNAVAILABLE, as the server does without a verifier).
   */
  setFaceMatch(candidateId: string | null | 'unavailable'): void;
  /** The phone's evidence status changes (pushed to the candidate's live events). */
  setEvidence(candidateId: string, state: EvidenceState): void;
  /** Another phone pairs with a new code in place of the one before: the evidence starts over, marked replaced. */
  replacePhone(candidateId: string): void;
  /**
   * What the server learns of the phone besides its state: bytes received and expected, its last request
   * (`phoneSeenAt`). Pushed to the candidate's live events unless `push` is false (a server that did not push it).
   */
  updateEvidence(candidateId: string, patch: EvidenceProgress, options?: { readonly push?: boolean }): void;
  /** A supervisor's reply in the help chat. */
  reply(candidateId: string, text: string): HelpMessage;
  /** Revokes every session of a candidate (e.g. a supervisor's action). */
  revoke(candidateId: string): void;
  /** Pushes an event to the candidate's pages, as the server does after a supervisor's intervention. */
  push(candidateId: string, event: LiveEvent): void;
  /** A supervisor waives the candidate's virtual or filter camera (R7): 设备确认 accepts it, and their pages are told. */
  waiveVirtualCamera(candidateId: string): void;
  /** A new sitting of the exam with fresh candidates, as the dev control seeds one. */
  seedSitting: MemoryExamServer['seedSitting'];
  /** The interval the face checks answer (seconds; 0, the default, is off). */
  setFaceCheckInterval(seconds: number): void;
  /** When (server time) the candidate's face-check frames arrived. */
  faceChecksOf(candidateId: string): readonly number[];
  progressOf(candidateId: string): Progress;
  incidentsOf(candidateId: string): readonly Incident[];
  helpOf(candidateId: string): readonly HelpMessage[];
  recordingsOf(candidateId: string): readonly MemoryRecording[];
  scheduleOf(candidateId: string): Schedule;
  /** Calls made to each method, in order, by any client. */
  readonly calls: { readonly method: Method; readonly args: readonly unknown[] }[];
}

/** The session token a browser keeps across page loads. */
export interface KeptSession {
  token: string | null;
}

/** Failures injected with failNext, in the order they were asked for. */
interface InjectedFailures {
  readonly calls: { method: Method; args: readonly unknown[] }[];
  readonly failures: { method: Method; code: ErrorCode; times: number }[];
}

/** Throws the next failure injected for `method`, if any. */
function injectedFailure({ failures }: InjectedFailures, method: Method): void {
  const i = failures.findIndex((f) => f.method === method);
  if (i < 0) return;
  const f = failures[i]!;
  if (--f.times <= 0) failures.splice(i, 1);
  throw new ExamError(f.code, `injected failure of ${method}`);
}

/** One browser's ExamApi over the server: it holds the session token and forwards the session's live events. */
function memoryClient(server: MemoryExamServer, injected: InjectedFailures, kept: KeptSession = { token: null }): ExamApi {
  const live = new Subject<LiveEvent>();
  let forwarding: { unsubscribe(): void } | null = null;
  const forward = (token: string) => {
    forwarding?.unsubscribe();
    forwarding = server.liveEvents(token).subscribe(live);
  };
  const signedIn = (newToken: string) => {
    kept.token = newToken;
    forward(newToken);
  };
  if (kept.token !== null) {
    try {
      forward(kept.token);
    } catch {
      // A kept token the server no longer knows: the calls will say so.
    }
  }
  const call =
    <A extends unknown[], R>(method: Method, body: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      injected.calls.push({ method, args });
      await Promise.resolve();
      injectedFailure(injected, method);
      return await body(...args);
    };
  return {
    getServerTime: call('getServerTime', () => server.now()),
    getExam: call('getExam', (examId: string) => server.getExam(examId)),
    createFaceChallenge: call('createFaceChallenge', (examId: string) => server.createFaceChallenge(examId)),
    loginWithFace: call('loginWithFace', (request) => signedIn(server.loginWithFace(request))),
    loginWithPassword: call('loginWithPassword', (request) => signedIn(server.loginWithPassword(request))),
    logout: call('logout', () => {
      server.logout(kept.token);
      kept.token = null;
    }),
    heartbeat: call('heartbeat', () => server.heartbeat(kept.token)),
    getMe: call('getMe', () => server.getMe(kept.token)),
    saveProgress: call('saveProgress', (stage) => server.saveProgress(kept.token, stage)),
    createPairing: call('createPairing', () => server.createPairing(kept.token)),
    getEvidenceStatus: call('getEvidenceStatus', () => server.getEvidenceStatus(kept.token)),
    drawLot: call('drawLot', () => server.drawLot(kept.token)),
    enter: call('enter', () => server.enter(kept.token)),
    confirm: call('confirm', (confirmation) => server.confirm(kept.token, confirmation)),
    getQuestions: call('getQuestions', () => server.getQuestions(kept.token)),
    reportIncident: call('reportIncident', (incident) => server.reportIncident(kept.token, incident)),
    finish: call('finish', (reason) => server.finish(kept.token, reason)),
    createRecording: call('createRecording', (request) => server.createRecording(kept.token, request)),
    abandonRecording: call('abandonRecording', (recordingId) => server.abandonRecording(kept.token, recordingId)),
    getHelpMessages: call('getHelpMessages', () => server.getHelpMessages(kept.token)),
    sendHelpMessage: call('sendHelpMessage', (request) => server.sendHelpMessage(kept.token, request)),
    liveEvents: () => live,
    sendFaceCheck: call('sendFaceCheck', (frame: Blob) => server.sendFaceCheck(kept.token, frame)),
  };
}

export function createMemoryExamBackend(fixture: MemoryExamFixture, clock: Pick<Clock, 'now'>): MemoryExamBackend {
  const exam = new MemoryExam(fixture, clock);
  const injected: InjectedFailures = { calls: [], failures: [] };
  return {
    clock,
    server: exam,
    calls: injected.calls,
    client: (kept) => memoryClient(exam, injected, kept),
    failNext(method, code, times = 1) {
      injected.failures.push({ method, code, times });
    },
    setFaceMatch(candidateId) {
      exam.faceMatch = candidateId;
    },
    setEvidence: (candidateId, state) => exam.setEvidence(candidateId, state),
    replacePhone: (candidateId) => exam.replacePhone(candidateId),
    updateEvidence: (candidateId, patch, options) => exam.updateEvidence(candidateId, patch, options),
    reply: (candidateId, text) => exam.reply(candidateId, text),
    revoke: (candidateId) => exam.revoke(candidateId),
    push: (candidateId, event) => exam.push(candidateId, event),
    waiveVirtualCamera: (candidateId) => exam.waiveVirtualCamera(candidateId),
    seedSitting: (request: SeedSitting) => exam.seedSitting(request),
    progressOf: (id) => exam.record(id).progress,
    incidentsOf: (id) => exam.record(id).incidents,
    helpOf: (id) => exam.record(id).help,
    recordingsOf: (id) => exam.record(id).recordings,
    scheduleOf: (id) => exam.scheduleOf(id),
    setFaceCheckInterval(seconds) {
      exam.faceCheckIntervalSeconds = seconds;
    },
    faceChecksOf: (id) => exam.faceChecks.get(id) ?? [],
  };
}
