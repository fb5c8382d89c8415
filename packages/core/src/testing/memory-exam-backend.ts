/**
 * An exam backend in memory that enforces the seed's rules on a given clock, like the reference server does.
 * Tests use it through `client()`, an ExamApi for one browser; several clients may share one backend.
 */
import { Subject } from 'rxjs';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { Clock } from '../ports/clock.port.js';
import type {
  Candidate,
  EvidenceState,
  EvidenceStatus,
  ExamApi,
  ExamInfo,
  HelpMessage,
  Incident,
  LiveEvent,
  Question,
} from '../ports/exam-api.port.js';
import type { RecordingKind } from '../ports/recorder.port.js';
import { isEntryOpen, isLoginOpen, scheduleOf, areQuestionsReleased, type Schedule } from '../rules/schedule.js';
import { isForward, type FinishReason, type Progress, type ProgressStage } from '../rules/stages.js';

export interface MemoryCandidate {
  readonly candidate: Candidate;
  readonly sittingId: string;
  /** 身份证号 for 普通登录. */
  readonly idNumber: string;
  readonly password: string;
}

export interface MemoryExamFixture {
  readonly exam: ExamInfo;
  readonly candidates: readonly MemoryCandidate[];
  readonly questions: readonly Question[];
}

/** A session without a heartbeat for this long may be taken over by another device (R6). */
export const SESSION_STALE_MS = 30_000;

type Method = keyof ExamApi;

interface Session {
  readonly token: string;
  readonly candidateId: string;
  readonly deviceKey: string;
  lastSeen: number;
  revoked: boolean;
  readonly live: Subject<LiveEvent>;
}

interface CandidateRecord {
  progress: Progress;
  evidence: EvidenceStatus;
  readonly incidents: Incident[];
  readonly help: HelpMessage[];
  readonly recordings: { id: string; kind: RecordingKind; mimeType: string; uploadUrl: string }[];
}

export interface MemoryExamBackend {
  readonly clock: Pick<Clock, 'now'>;
  /** An ExamApi for one browser, with its own session token. */
  client(): ExamApi;
  /** Makes the next call of `method` (from any client) reject with `code`. */
  failNext(method: Method, code: ErrorCode, times?: number): void;
  /** Makes face login match this candidate (until then it answers FACE_LOGIN_UNAVAILABLE, as the server does without a verifier). */
  setFaceMatch(candidateId: string | null | 'unavailable'): void;
  /** The phone's evidence status changes (pushed to the candidate's live events). */
  setEvidence(candidateId: string, state: EvidenceState): void;
  /** A supervisor's reply in the help chat. */
  reply(candidateId: string, text: string): HelpMessage;
  /** Revokes every session of a candidate (e.g. a supervisor's action). */
  revoke(candidateId: string): void;
  progressOf(candidateId: string): Progress;
  incidentsOf(candidateId: string): readonly Incident[];
  helpOf(candidateId: string): readonly HelpMessage[];
  recordingsOf(candidateId: string): readonly { id: string; kind: RecordingKind; mimeType: string; uploadUrl: string }[];
  scheduleOf(candidateId: string): Schedule;
  /** Calls made to each method, in order, by any client. */
  readonly calls: { readonly method: Method; readonly args: readonly unknown[] }[];
}

export function createMemoryExamBackend(fixture: MemoryExamFixture, clock: Pick<Clock, 'now'>): MemoryExamBackend {
  const records = new Map<string, CandidateRecord>();
  const sessions = new Map<string, Session>();
  const failures: { method: Method; code: ErrorCode; times: number }[] = [];
  const calls: { method: Method; args: readonly unknown[] }[] = [];
  let faceMatch: string | null | 'unavailable' = 'unavailable';
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${++counter}`;

  for (const { candidate } of fixture.candidates) {
    records.set(candidate.id, {
      progress: { stage: 'readingProcess', lot: null, enteredAt: null, finishedAt: null, finishReason: null },
      evidence: { state: 'waitingForPhone', updatedAt: clock.now() },
      incidents: [],
      help: [],
      recordings: [],
    });
  }

  const entryOf = (candidateId: string) => {
    const entry = fixture.candidates.find((c) => c.candidate.id === candidateId);
    if (!entry) throw new ExamError(ErrorCode.NOT_FOUND);
    return entry;
  };
  const sittingOf = (candidateId: string) => {
    const sitting = fixture.exam.sittings.find((s) => s.id === entryOf(candidateId).sittingId);
    if (!sitting) throw new ExamError(ErrorCode.NOT_FOUND);
    return sitting;
  };
  const scheduleFor = (candidateId: string) => {
    const sitting = sittingOf(candidateId);
    return scheduleOf({ ...sitting, policy: { ...fixture.exam.policy, ...sitting.policy } });
  };
  const recordOf = (candidateId: string) => records.get(candidateId)!;
  const push = (candidateId: string, event: LiveEvent) => {
    for (const s of sessions.values()) if (s.candidateId === candidateId && !s.revoked) s.live.next(event);
  };
  const failure = (method: Method) => {
    const i = failures.findIndex((f) => f.method === method);
    if (i < 0) return;
    const f = failures[i]!;
    if (--f.times <= 0) failures.splice(i, 1);
    throw new ExamError(f.code, `injected failure of ${method}`);
  };
  const advance = (record: CandidateRecord, stage: ProgressStage) => {
    if (isForward(record.progress.stage, stage)) record.progress = { ...record.progress, stage };
  };
  const assignLot = (candidateId: string) => {
    const record = recordOf(candidateId);
    if (record.progress.lot !== null) return;
    const sittingId = entryOf(candidateId).sittingId;
    const taken = new Set(
      fixture.candidates.filter((c) => c.sittingId === sittingId).map((c) => recordOf(c.candidate.id).progress.lot),
    );
    let lot = 1;
    while (taken.has(lot)) lot += 1;
    record.progress = { ...record.progress, lot };
  };

  function startSession(candidateId: string, deviceKey: string, examId: string): string {
    if (examId !== fixture.exam.id) throw new ExamError(ErrorCode.EXAM_NOT_FOUND);
    const now = clock.now();
    const schedule = scheduleFor(candidateId);
    const record = recordOf(candidateId);
    const entered = record.progress.enteredAt !== null;
    if (now < schedule.loginOpensAt) throw new ExamError(ErrorCode.LOGIN_NOT_OPEN, 'login not open', { opensAt: schedule.loginOpensAt });
    if (!isLoginOpen(schedule, now, entered)) throw new ExamError(entered ? ErrorCode.EXAM_OVER : ErrorCode.LATE_ENTRY_CLOSED);
    for (const other of sessions.values()) {
      if (other.candidateId !== candidateId || other.revoked) continue;
      const alive = now - other.lastSeen < SESSION_STALE_MS;
      if (alive && other.deviceKey !== deviceKey) throw new ExamError(ErrorCode.ALREADY_ACTIVE_ELSEWHERE);
      other.revoked = true;
      other.live.next({ type: 'session.revoked', reason: ErrorCode.SESSION_REVOKED });
    }
    const token = nextId('token');
    sessions.set(token, { token, candidateId, deviceKey, lastSeen: now, revoked: false, live: new Subject() });
    return token;
  }

  const backend: MemoryExamBackend = {
    clock,
    calls,
    client() {
      let token: string | null = null;
      const live = new Subject<LiveEvent>();
      let forwarding: { unsubscribe(): void } | null = null;
      const session = (): Session => {
        const s = token ? sessions.get(token) : undefined;
        if (!s) throw new ExamError(ErrorCode.UNAUTHENTICATED);
        if (s.revoked) throw new ExamError(ErrorCode.SESSION_REVOKED);
        s.lastSeen = clock.now();
        return s;
      };
      const signedIn = (newToken: string) => {
        token = newToken;
        forwarding?.unsubscribe();
        forwarding = sessions.get(newToken)!.live.subscribe(live);
      };
      const call =
        <A extends unknown[], R>(method: Method, body: (...args: A) => R | Promise<R>) =>
        async (...args: A): Promise<Awaited<R>> => {
          calls.push({ method, args });
          await Promise.resolve();
          failure(method);
          return await body(...args);
        };
      const me = () => session().candidateId;

      const api: ExamApi = {
        getServerTime: call('getServerTime', () => clock.now()),
        getExam: call('getExam', (examId: string) => {
          if (examId !== fixture.exam.id) throw new ExamError(ErrorCode.EXAM_NOT_FOUND);
          return fixture.exam;
        }),
        loginWithFace: call('loginWithFace', ({ examId, deviceKey }) => {
          if (faceMatch === 'unavailable') throw new ExamError(ErrorCode.FACE_LOGIN_UNAVAILABLE);
          if (faceMatch === null) throw new ExamError(ErrorCode.FACE_NOT_MATCHED);
          signedIn(startSession(faceMatch, deviceKey, examId));
        }),
        loginWithPassword: call('loginWithPassword', ({ examId, idNumber, password, deviceKey }) => {
          const entry = fixture.candidates.find((c) => c.idNumber === idNumber && c.password === password);
          if (!entry) throw new ExamError(ErrorCode.INVALID_CREDENTIALS);
          signedIn(startSession(entry.candidate.id, deviceKey, examId));
        }),
        logout: call('logout', () => {
          const s = session();
          s.revoked = true;
          token = null;
        }),
        heartbeat: call('heartbeat', () => {
          session();
        }),
        getMe: call('getMe', () => {
          const id = me();
          return { candidate: entryOf(id).candidate, exam: fixture.exam, sitting: sittingOf(id), progress: recordOf(id).progress };
        }),
        saveProgress: call('saveProgress', (stage: ProgressStage) => {
          const id = me();
          const record = recordOf(id);
          const entered = record.progress.enteredAt !== null;
          const needsEntry: ProgressStage[] = ['confirmingDevices', 'confirmingInfo', 'readingPledge', 'countdown', 'answering', 'uploading', 'finished'];
          if (needsEntry.includes(stage) && !entered) throw new ExamError(ErrorCode.STAGE_OUT_OF_ORDER);
          // Progress never moves back: saving an earlier stage (a re-entry after a reload) changes nothing.
          advance(record, stage);
          return record.progress;
        }),
        createPairing: call('createPairing', () => {
          me();
          const code = nextId('pair');
          return { code, url: `https://examroom.test/phone#${code}`, expiresAt: clock.now() + 10 * 60_000 };
        }),
        getEvidenceStatus: call('getEvidenceStatus', () => recordOf(me()).evidence),
        drawLot: call('drawLot', () => {
          const id = me();
          assignLot(id);
          advance(recordOf(id), 'drawingLot');
          return recordOf(id).progress;
        }),
        enter: call('enter', () => {
          const id = me();
          const record = recordOf(id);
          const schedule = scheduleFor(id);
          const now = clock.now();
          const entered = record.progress.enteredAt !== null;
          if (now < schedule.entryOpensAt) throw new ExamError(ErrorCode.ENTRY_NOT_OPEN, 'entry not open', { opensAt: schedule.entryOpensAt });
          if (!isEntryOpen(schedule, now, entered)) throw new ExamError(entered ? ErrorCode.EXAM_OVER : ErrorCode.LATE_ENTRY_CLOSED);
          assignLot(id);
          record.progress = { ...record.progress, enteredAt: record.progress.enteredAt ?? now };
          advance(record, 'confirmingDevices');
          return record.progress;
        }),
        getQuestions: call('getQuestions', () => {
          const id = me();
          if (recordOf(id).progress.enteredAt === null) throw new ExamError(ErrorCode.NOT_ENTERED);
          if (!areQuestionsReleased(scheduleFor(id), clock.now())) throw new ExamError(ErrorCode.QUESTIONS_NOT_RELEASED);
          return fixture.questions;
        }),
        reportIncident: call('reportIncident', (incident: Incident) => {
          const record = recordOf(me());
          if (!record.incidents.some((i) => i.id === incident.id)) record.incidents.push(incident);
        }),
        finish: call('finish', (reason: FinishReason) => {
          const record = recordOf(me());
          if (record.progress.enteredAt === null) throw new ExamError(ErrorCode.NOT_ENTERED);
          if (record.progress.finishedAt === null) {
            record.progress = { ...record.progress, stage: 'finished', finishedAt: clock.now(), finishReason: reason };
          }
          return record.progress;
        }),
        createRecording: call('createRecording', ({ kind, mimeType }: { kind: RecordingKind; mimeType: string }) => {
          const record = recordOf(me());
          const id = nextId('rec');
          const recording = { id, kind, mimeType, uploadUrl: `memory://uploads/${id}` };
          record.recordings.push(recording);
          return { recordingId: id, uploadUrl: recording.uploadUrl };
        }),
        getHelpMessages: call('getHelpMessages', () => [...recordOf(me()).help]),
        sendHelpMessage: call('sendHelpMessage', ({ id, text }: { id: string; text: string }) => {
          const record = recordOf(me());
          const existing = record.help.find((m) => m.id === id);
          if (existing) return existing;
          const message: HelpMessage = { id, from: 'candidate', text, at: clock.now() };
          record.help.push(message);
          return message;
        }),
        liveEvents: () => live,
      };
      return api;
    },
    failNext(method, code, times = 1) {
      failures.push({ method, code, times });
    },
    setFaceMatch(candidateId) {
      faceMatch = candidateId;
    },
    setEvidence(candidateId, state) {
      const record = recordOf(candidateId);
      record.evidence = { state, updatedAt: clock.now() };
      push(candidateId, { type: 'evidence.status', status: record.evidence });
    },
    reply(candidateId, text) {
      const message: HelpMessage = { id: nextId('msg'), from: 'supervisor', text, at: clock.now() };
      recordOf(candidateId).help.push(message);
      push(candidateId, { type: 'help.message', message });
      return message;
    },
    revoke(candidateId) {
      for (const s of sessions.values()) {
        if (s.candidateId === candidateId && !s.revoked) {
          s.revoked = true;
          s.live.next({ type: 'session.revoked', reason: ErrorCode.SESSION_REVOKED });
        }
      }
    },
    progressOf: (id) => recordOf(id).progress,
    incidentsOf: (id) => recordOf(id).incidents,
    helpOf: (id) => recordOf(id).help,
    recordingsOf: (id) => recordOf(id).recordings,
    scheduleOf: (id) => scheduleFor(id),
  };
  return backend;
}

/** A small exam like the demo's: two sittings, three candidates, three questions. `startsAt` is sitting 1's start. */
export function sampleFixture(startsAt: number): MemoryExamFixture {
  return {
    exam: {
      id: 'exam-demo',
      title: '综合素质评估',
      policy: {},
      sittings: [
        { id: 'sitting-1', name: '第一场', startsAt },
        { id: 'sitting-2', name: '第二场', startsAt: startsAt + 90 * 60_000 },
      ],
    },
    candidates: [
      {
        candidate: { id: 'cand-1', name: '张三', idNumberMasked: '1101**********0011', admissionNumber: '2026000001' },
        sittingId: 'sitting-1',
        idNumber: '110101200001010011',
        password: 'demo-pass-1',
      },
      {
        candidate: { id: 'cand-2', name: '李四', idNumberMasked: '1101**********0022', admissionNumber: '2026000002' },
        sittingId: 'sitting-1',
        idNumber: '110101200001010022',
        password: 'demo-pass-2',
      },
      {
        candidate: { id: 'cand-3', name: '王五', idNumberMasked: '1101**********0033', admissionNumber: '2026000003' },
        sittingId: 'sitting-2',
        idNumber: '110101200001010033',
        password: 'demo-pass-3',
      },
    ],
    questions: [
      { id: 'q1', order: 1, text: '请简要介绍你报考本专业的原因。' },
      { id: 'q2', order: 2, text: '请谈谈你在团队合作中遇到的一次困难以及你的解决办法。' },
      { id: 'q3', order: 3, text: '你如何看待人工智能对未来学习方式的影响？' },
    ],
  };
}
