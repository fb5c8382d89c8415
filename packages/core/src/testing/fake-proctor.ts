/**
 * Fakes of the supervisor console's ports for proctorMachine's tests and the elements' tests: a small supervisor
 * backend (one supervisor, sittings, candidates whose status the test changes and pushes, help conversations, a login
 * throttle), the kept session and quick replies in memory, and a fake clock.
 */
import { createFakeLiveViewer, type FakeLiveViewer } from './fake-live-view.js';
import { Subject } from 'rxjs';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { ProctorPorts } from '../ports/index.js';
import type { HelpMessage, Incident } from '../ports/exam-api.port.js';
import type {
  CandidateStatus,
  Intervention,
  InterventionResult,
  KeptProctorSession,
  NoticeSent,
  ProctorApi,
  ProctorLiveEvent,
  ProctorSessionStore,
  SittingSummary,
  Timeline,
  VerdictState,
} from '../ports/proctor-api.port.js';
import { accommodatedPolicy, DEFAULT_POLICY, scheduleOf, type Accommodation } from '../rules/schedule.js';
import { INITIAL_PROGRESS, type Progress } from '../rules/stages.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { nextUploadSample, sittingTotals, UPLOAD_KINDS, type UploadKind, type UploadLatestByKind, type UploadPoint, type UploadSeries } from '../rules/upload-health.js';

export const FAKE_SUPERVISOR = { username: 'supervisor', password: 'demo-supervisor' } as const;
/** Wrong passwords in a row before the fake answers TOO_MANY_ATTEMPTS (the server's throttle, in small). */
export const FAKE_LOGIN_ATTEMPTS = 5;

export interface FakeProctorApi extends ProctorApi {
  readonly sittings: SittingSummary[];
  /** Every candidate by id, in every sitting. */
  readonly candidates: Map<string, CandidateStatus>;
  readonly help: Map<string, HelpMessage[]>;
  readonly incidents: Map<string, Incident[]>;
  /** Replies the supervisor sent, in order. */
  readonly replies: readonly { readonly candidateId: string; readonly text: string }[];
  /** Notices the supervisor sent, in order. */
  readonly notices: readonly (NoticeSent & { readonly sittingId: string })[];
  /** Every candidate's interventions, oldest first. */
  readonly interventions: Map<string, Intervention[]>;
  readonly verdicts: Map<string, VerdictState>;
  /** How many times the candidates of a sitting were read. */
  readonly candidateReads: number;
  /** Whether a live-events subscription is open. */
  readonly listening: boolean;
  /** Changes a candidate as the server does and pushes candidate.status (unless `push` is false: a lost push). */
  update(candidateId: string, change: Partial<Omit<CandidateStatus, 'candidate' | 'sittingId' | 'progress'>> & { progress?: Partial<Progress> }, push?: boolean): void;
  /** The candidate sends a 求助 message: help.message, then candidate.status with the new count, as the server does. */
  candidateAsks(candidateId: string, text: string): HelpMessage;
  /** The socket (re)connected. */
  connect(): void;
  /** The next `count` calls of `method` reject with `code`. */
  failNext(method: keyof ProctorApi, code: ErrorCode, count?: number): void;
  /** Ends the session: every later call rejects with UNAUTHENTICATED. */
  endSession(): void;
  /** Every candidate's upload-health samples per kind, oldest first. */
  readonly uploadSamples: Map<string, Record<UploadKind, UploadPoint[]>>;
  /** How many times upload health was read (a candidate's or a sitting's). */
  readonly uploadHealthReads: number;
  /** A heartbeat's sample as the server stores it: added to the series, the candidate's latest updated and pushed. */
  sampleUpload(candidateId: string, kind: UploadKind, point: Omit<UploadPoint, 'at'>): void;
  /** Each candidate's timeline as the review reads it; a candidate without one has no markers and no recordings. */
  readonly timelines: Map<string, Timeline>;
  /** Every recording link given, in order. */
  readonly links: readonly { readonly recordingId: string; readonly url: string; readonly expiresAt: number }[];
}

/** How long the fake's recording links open a file, as the server's (RECORDING_LINK_TTL_MS). */
export const FAKE_RECORDING_LINK_TTL_MS = 5 * 60_000;

export interface FakeCandidate {
  readonly id: string;
  readonly name: string;
  readonly sittingId?: string;
  readonly admissionNumber?: string;
}

export function fakeCandidateStatus(candidate: FakeCandidate, now: number): CandidateStatus {
  return {
    candidate: { id: candidate.id, name: candidate.name, idNumberMasked: '1101**********1234', admissionNumber: candidate.admissionNumber ?? `A${candidate.id}` },
    sittingId: candidate.sittingId ?? 'sitting-1',
    online: false,
    progress: INITIAL_PROGRESS,
    evidence: { state: 'waitingForPhone', updatedAt: now },
    incidents: 0,
    helpMessages: 0,
  };
}

export function createFakeProctorApi(clock: FakeClock, options: { sittings: SittingSummary[]; candidates: readonly FakeCandidate[] }): FakeProctorApi {
  const live = new Subject<ProctorLiveEvent>();
  const candidates = new Map(options.candidates.map((c) => [c.id, fakeCandidateStatus(c, clock.now())]));
  const help = new Map<string, HelpMessage[]>();
  const replies: { candidateId: string; text: string }[] = [];
  const notices: (NoticeSent & { sittingId: string })[] = [];
  const interventions = new Map<string, Intervention[]>();
  const verdicts = new Map<string, VerdictState>();
  const accommodations = new Map<string, Accommodation>();
  const failures = new Map<keyof ProctorApi, { code: ErrorCode; count: number }>();
  const timelines = new Map<string, Timeline>();
  const links: { recordingId: string; url: string; expiresAt: number }[] = [];
  let wrongPasswords = 0;
  let sessionEnded = false;
  let candidateReads = 0;
  let listeners = 0;
  let nextId = 1;
  const uploadSamples = new Map<string, Record<UploadKind, UploadPoint[]>>();
  let uploadHealthReads = 0;
  const seriesOf = (candidateId: string): Record<UploadKind, UploadPoint[]> => uploadSamples.get(candidateId) ?? { camera: [], screen: [], phone: [] };
  const failIfAsked = (method: keyof ProctorApi) => {
    const failure = failures.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      throw new ExamError(failure.code);
    }
  };
  const guard = (method: keyof ProctorApi) => {
    failIfAsked(method);
    if (sessionEnded) throw new ExamError(ErrorCode.UNAUTHENTICATED);
  };
  const known = (candidateId: string) => {
    const status = candidates.get(candidateId);
    if (!status) throw new ExamError(ErrorCode.NOT_FOUND);
    return status;
  };
  const addMessage = (candidateId: string, from: HelpMessage['from'], text: string, id = `help-${nextId++}`): HelpMessage => {
    const list = help.get(candidateId) ?? [];
    const existing = list.find((m) => m.id === id);
    if (existing) return existing;
    const message: HelpMessage = { id, from, text, at: clock.now() };
    help.set(candidateId, [...list, message]);
    live.next({ type: 'help.message', candidateId, message });
    api.update(candidateId, { helpMessages: list.length + 1 });
    return message;
  };
  /** Records an intervention as the server does, and answers what it did to the candidate's schedule. */
  const intervene = (candidateId: string, kind: Intervention['kind'], detail: { minutes?: number; reason?: string }, accommodation: Accommodation): InterventionResult => {
    const status = known(candidateId);
    const intervention: Intervention = { id: `intervention-${nextId++}`, candidateId, kind, supervisorId: 'supervisor-1', supervisorName: 'supervisor', at: clock.now(), ...detail };
    const recorded = [...(interventions.get(candidateId) ?? []), intervention];
    interventions.set(candidateId, recorded);
    accommodations.set(candidateId, accommodation);
    api.update(candidateId, { interventions: recorded.length });
    const sitting = api.sittings.find((s) => s.sitting.id === status.sittingId)?.sitting;
    const { policy: _policy, ...instants } = scheduleOf({ startsAt: sitting?.startsAt ?? 0, policy: accommodatedPolicy({ ...DEFAULT_POLICY, ...sitting?.policy }, accommodation) });
    return { intervention, schedule: { ...instants, ...accommodation }, progress: known(candidateId).progress };
  };
  const accommodationOf = (candidateId: string): Accommodation => accommodations.get(candidateId) ?? { extraTimeMs: 0, lateEntryAllowed: false };
  const isFinished = (status: CandidateStatus) => status.progress.finishedAt !== null;

  const api: FakeProctorApi = {
    sittings: options.sittings,
    candidates,
    help,
    incidents: new Map(),
    replies,
    notices,
    interventions,
    verdicts,
    get candidateReads() {
      return candidateReads;
    },
    get listening() {
      return listeners > 0;
    },
    async login(username, password) {
      failIfAsked('login');
      if (wrongPasswords >= FAKE_LOGIN_ATTEMPTS) throw new ExamError(ErrorCode.TOO_MANY_ATTEMPTS);
      if (username !== FAKE_SUPERVISOR.username || password !== FAKE_SUPERVISOR.password) {
        wrongPasswords += 1;
        throw new ExamError(ErrorCode.INVALID_CREDENTIALS);
      }
      wrongPasswords = 0;
      sessionEnded = false;
      return { token: `supervisor-token-${username}` };
    },
    async listSittings() {
      guard('listSittings');
      return api.sittings.map((summary) => ({ ...summary, candidates: [...candidates.values()].filter((c) => c.sittingId === summary.sitting.id).length }));
    },
    async listCandidates(sittingId) {
      guard('listCandidates');
      candidateReads += 1;
      return [...candidates.values()].filter((c) => c.sittingId === sittingId);
    },
    async getCandidateHelp(candidateId) {
      guard('getCandidateHelp');
      known(candidateId);
      return help.get(candidateId) ?? [];
    },
    async replyHelp(candidateId, reply) {
      guard('replyHelp');
      known(candidateId);
      replies.push({ candidateId, text: reply.text });
      return addMessage(candidateId, 'supervisor', reply.text, reply.id);
    },
    async listIncidents(candidateId) {
      guard('listIncidents');
      known(candidateId);
      return api.incidents.get(candidateId) ?? [];
    },
    async sendNotice(sittingId, notice) {
      guard('sendNotice');
      const existing = notices.find((n) => n.id === notice.id);
      if (existing) return { id: existing.id, text: existing.text, at: existing.at, candidates: existing.candidates };
      const inSitting = [...candidates.values()].filter((c) => c.sittingId === sittingId);
      for (const status of inSitting) addMessage(status.candidate.id, 'supervisor', notice.text, `${notice.id}:${status.candidate.id}`);
      const sent: NoticeSent = { id: notice.id, text: notice.text, at: clock.now(), candidates: inSitting.length };
      notices.push({ ...sent, sittingId });
      return sent;
    },
    async giveExtraTime(candidateId, minutes) {
      guard('giveExtraTime');
      if (isFinished(known(candidateId))) throw new ExamError(ErrorCode.CANDIDATE_FINISHED);
      const before = accommodationOf(candidateId);
      return intervene(candidateId, 'extraTime', { minutes }, { ...before, extraTimeMs: before.extraTimeMs + minutes * 60_000 });
    },
    async endInterview(candidateId, reason) {
      guard('endInterview');
      const status = known(candidateId);
      if (status.progress.enteredAt === null) throw new ExamError(ErrorCode.NOT_ENTERED);
      if (isFinished(status)) throw new ExamError(ErrorCode.CANDIDATE_FINISHED);
      api.update(candidateId, { progress: { stage: 'finished', finishedAt: clock.now(), finishReason: 'endedBySupervisor' } });
      return intervene(candidateId, 'endInterview', { reason }, accommodationOf(candidateId));
    },
    async allowLateEntry(candidateId, reason) {
      guard('allowLateEntry');
      if (known(candidateId).progress.enteredAt !== null) throw new ExamError(ErrorCode.ALREADY_ENTERED);
      return intervene(candidateId, 'lateEntry', { reason }, { ...accommodationOf(candidateId), lateEntryAllowed: true });
    },
    async listInterventions(candidateId) {
      guard('listInterventions');
      known(candidateId);
      return interventions.get(candidateId) ?? [];
    },
    async getVerdict(candidateId) {
      guard('getVerdict');
      known(candidateId);
      return verdicts.get(candidateId) ?? { current: null, history: [] };
    },
    async setVerdict(candidateId, given) {
      guard('setVerdict');
      known(candidateId);
      const verdict = { verdict: given.verdict, comment: given.comment, supervisorId: 'supervisor-1', supervisorName: 'supervisor', at: clock.now() };
      const state: VerdictState = { current: verdict, history: [...(verdicts.get(candidateId)?.history ?? []), verdict] };
      verdicts.set(candidateId, state);
      api.update(candidateId, { verdict: given.verdict, verdicts: state.history.length });
      return state;
    },
    liveEvents() {
      return {
        subscribe(observer) {
          listeners += 1;
          const subscription = live.subscribe({ next: (event) => observer.next?.(event) });
          // The socket connects as it is opened.
          queueMicrotask(() => {
            if (!subscription.closed) observer.next?.({ type: 'connected' });
          });
          return {
            unsubscribe() {
              if (subscription.closed) return;
              listeners -= 1;
              subscription.unsubscribe();
            },
          };
        },
      };
    },
    update(candidateId, change, push = true) {
      const current = known(candidateId);
      const { progress, ...rest } = change;
      const status: CandidateStatus = { ...current, ...rest, progress: { ...current.progress, ...progress } };
      candidates.set(candidateId, status);
      if (push) live.next({ type: 'candidate.status', status });
    },
    candidateAsks: (candidateId, text) => addMessage(candidateId, 'candidate', text),
    connect: () => live.next({ type: 'connected' }),
    failNext(method, code, count = 1) {
      failures.set(method, { code, count });
    },
    endSession() {
      sessionEnded = true;
    },
    uploadSamples,
    get uploadHealthReads() {
      return uploadHealthReads;
    },
    sampleUpload(candidateId, kind, point) {
      const series = seriesOf(candidateId);
      const latest = nextUploadSample(known(candidateId).upload?.[kind], { ...point, at: clock.now() });
      uploadSamples.set(candidateId, { ...series, [kind]: [...series[kind], { at: latest.at, recorded: latest.recorded, acknowledged: latest.acknowledged }] });
      api.update(candidateId, { upload: { ...known(candidateId).upload, [kind]: latest } });
    },
    async getCandidateUploadHealth(candidateId) {
      guard('getCandidateUploadHealth');
      known(candidateId);
      uploadHealthReads += 1;
      return { candidateId, series: seriesOf(candidateId) };
    },
    async getSittingUploadHealth(sittingId) {
      guard('getSittingUploadHealth');
      uploadHealthReads += 1;
      const inSitting = [...candidates.values()].filter((c) => c.sittingId === sittingId);
      const totals = Object.fromEntries(UPLOAD_KINDS.map((kind) => [kind, sittingTotals(inSitting.map((c) => seriesOf(c.candidate.id)[kind]))])) as unknown as UploadSeries;
      return { sittingId, totals, candidates: inSitting.map((c) => ({ candidateId: c.candidate.id, name: c.candidate.name, latest: c.upload ?? ({} as UploadLatestByKind) })) };
    },
    timelines,
    links,
    async getTimeline(candidateId) {
      guard('getTimeline');
      const status = known(candidateId);
      const kept = timelines.get(candidateId);
      if (kept) return { ...kept, progress: status.progress };
      const sitting = api.sittings.find((s) => s.sitting.id === status.sittingId)?.sitting;
      const { policy: _policy, ...instants } = scheduleOf({ startsAt: sitting?.startsAt ?? 0, policy: accommodatedPolicy({ ...DEFAULT_POLICY, ...sitting?.policy }, accommodationOf(candidateId)) });
      return { candidateId, schedule: { ...instants, ...accommodationOf(candidateId) }, progress: status.progress, markers: [], recordings: [] };
    },
    async createRecordingLink(recordingId) {
      guard('createRecordingLink');
      const exists = [...timelines.values()].some((timeline) => timeline.recordings.some((r) => r.id === recordingId));
      if (!exists) throw new ExamError(ErrorCode.NOT_FOUND);
      const link = { recordingId, url: `/api/v1/supervisor/recordings/${recordingId}/file?link=fake-${nextId++}`, expiresAt: clock.now() + FAKE_RECORDING_LINK_TTL_MS };
      links.push(link);
      return { url: link.url, expiresAt: link.expiresAt };
    },
    async waiveVirtualCamera(candidateId, reason) {
      guard('waiveVirtualCamera');
      const status = known(candidateId);
      if (isFinished(status)) throw new ExamError(ErrorCode.CANDIDATE_FINISHED);
      const result = intervene(candidateId, 'virtualCameraWaiver', { reason }, accommodationOf(candidateId));
      // As the server answers: the candidate's virtual camera, if the page reported one, is waived from now on.
      if (status.virtualCamera) api.update(candidateId, { virtualCamera: { ...status.virtualCamera, waived: true } });
      return result;
    },
  };
  return api;
}

export interface FakeProctorSessionStore extends ProctorSessionStore {
  readonly kept: KeptProctorSession | null;
  readonly quickReplies: readonly string[] | null;
}

export function createFakeProctorSessionStore(from?: FakeProctorSessionStore): FakeProctorSessionStore {
  let kept = from?.kept ?? null;
  let quickReplies = from?.quickReplies ?? null;
  return {
    get kept() {
      return kept;
    },
    get quickReplies() {
      return quickReplies;
    },
    load: () => kept,
    save: (session) => void (kept = session),
    clear: () => void (kept = null),
    loadQuickReplies: () => quickReplies,
    saveQuickReplies: (replies) => void (quickReplies = [...replies]),
  };
}

export interface FakeProctorPorts {
  readonly ports: ProctorPorts;
  readonly api: FakeProctorApi;
  readonly session: FakeProctorSessionStore;
  readonly clock: FakeClock;
  /** 实时画面's viewer, driven by the test. */
  readonly liveView: FakeLiveViewer;
}

/** A morning sitting on 2026-03-01 (Beijing time) with its exam. */
export const FAKE_SITTINGS: readonly SittingSummary[] = [
  { examId: 'exam-1', examTitle: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', sitting: { id: 'sitting-1', name: '第一场', startsAt: Date.UTC(2026, 2, 1, 1, 0) }, candidates: 0 },
  { examId: 'exam-1', examTitle: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', sitting: { id: 'sitting-2', name: '第二场', startsAt: Date.UTC(2026, 2, 1, 6, 0) }, candidates: 0 },
];

export const FAKE_CANDIDATES: readonly FakeCandidate[] = [
  { id: 'c1', name: '张三', admissionNumber: '100001' },
  { id: 'c2', name: '李四', admissionNumber: '100002' },
  { id: 'c3', name: '王五', admissionNumber: '100003' },
  { id: 'c4', name: '赵六', admissionNumber: '200001', sittingId: 'sitting-2' },
];

export interface FakeProctorOptions {
  readonly now: number;
  /** A reload of an earlier page: the same backend and session store. */
  readonly from?: FakeProctorPorts;
  readonly sittings?: readonly SittingSummary[];
  readonly candidates?: readonly FakeCandidate[];
}

export function createFakeProctorPorts(options: FakeProctorOptions): FakeProctorPorts {
  const clock = createFakeClock(options.now);
  const api = options.from?.api ?? createFakeProctorApi(clock, { sittings: [...(options.sittings ?? FAKE_SITTINGS)], candidates: options.candidates ?? FAKE_CANDIDATES });
  const session = createFakeProctorSessionStore(options.from?.session);
  const liveView = createFakeLiveViewer();
  return { ports: { api, session, clock, liveView }, api, session, clock, liveView };
}
