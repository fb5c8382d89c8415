/**
 * The Repository on Maps, for the MSW handlers and tests (it runs in browsers: no Node imports). Rows are copied in
 * and out of the store so a caller can never change stored state behind its back; a transaction keeps an undo log
 * and replays it backwards on a rollback. The store itself is synchronous; serializeRepository makes it the
 * asynchronous port, one call or transaction at a time.
 */
import type {
  AdministratorRow,
  AuditRow,
  QuestionSetRow,
  CandidateRow,
  ExamRow,
  FaceChallengeRow,
  FaceDescriptorRow,
  HelpMessageRow,
  IncidentRow,
  InterventionRow,
  RecordingLinkRow,
  UploadSampleRow,
  VerdictRow,
  PairingRow,
  QuestionRow,
  RecordingRow,
  Repository,
  SessionRole,
  SessionRow,
  SittingRow,
  SupervisorRow,
} from './repository.js';
import type { ProgressStage } from '@examroom/core';
import { serializeRepository, type SyncRepository, type TransactionHooks } from './serialized-repository.js';

/** A stored row and its insertion sequence number (the tie-breaker of every ordered list). */
interface Stored<T> {
  readonly row: T;
  readonly seq: number;
}

class Table<T> {
  readonly #rows = new Map<string, Stored<T>>();

  constructor(
    private readonly name: string,
    /** The row's primary key as one string. */
    private readonly key: (row: T) => string,
    private readonly log: (undo: () => void) => void,
    private readonly nextSeq: () => number,
  ) {}

  delete(id: string): void {
    const previous = this.#rows.get(id);
    if (!previous) return;
    this.#rows.delete(id);
    this.log(() => this.#rows.set(id, previous));
  }

  get(id: string): T | undefined {
    const stored = this.#rows.get(id);
    return stored ? clone(stored.row) : undefined;
  }

  has(id: string): boolean {
    return this.#rows.has(id);
  }

  insert(row: T): void {
    const id = this.key(row);
    if (this.#rows.has(id)) throw new Error(`${this.name} ${id} exists`);
    this.#rows.set(id, { row: clone(row), seq: this.nextSeq() });
    this.log(() => this.#rows.delete(id));
  }

  update(row: T): void {
    const id = this.key(row);
    const previous = this.#rows.get(id);
    if (!previous) throw new Error(`${this.name} ${id} does not exist`);
    this.#rows.set(id, { row: clone(row), seq: previous.seq });
    this.log(() => this.#rows.set(id, previous));
  }

  find(predicate: (row: T) => boolean): T | undefined {
    for (const { row } of this.#rows.values()) if (predicate(row)) return clone(row);
    return undefined;
  }

  /** Matching rows ordered by `by` (ascending), then by insertion. */
  list(predicate: (row: T) => boolean, by: (row: T) => number | string = () => 0): T[] {
    return [...this.#rows.values()]
      .filter(({ row }) => predicate(row))
      .sort((a, b) => compare(by(a.row), by(b.row)) || a.seq - b.seq)
      .map(({ row }) => clone(row));
  }
}

/** Plain `<` ordering: numbers numerically, strings by code unit (like SQLite's BINARY collation), not by locale. */
function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ids match the contract's pattern (no spaces), so a space cannot make two keys equal. */
const candidateKey = (candidateId: string, id: string) => `${candidateId} ${id}`;

function clone<T>(row: T): T {
  return structuredClone(row);
}

export function createMemoryRepository(): Repository {
  const { repository, hooks } = createSyncMemoryRepository();
  return serializeRepository(repository, hooks);
}

/** One failed attempt of a limiter (login throttle, pairing), by key. */
interface Failure {
  readonly key: string;
  readonly at: number;
}

function createSyncMemoryRepository(): { repository: SyncRepository; hooks: TransactionHooks } {
  /** The open transaction's undo steps, latest last; null outside a transaction. */
  let undo: (() => void)[] | null = null;
  let seq = 0;
  const log = (step: () => void) => undo?.push(step);
  const nextSeq = () => ++seq;
  const table = <T extends { readonly [K in Key]: string }, Key extends string>(name: string, key: Key) =>
    new Table<T>(name, (row) => row[key], log, nextSeq);
  /** Incidents and help messages: ids are the candidate's own, the key is (candidateId, id). */
  const byCandidate = <T extends { readonly candidateId: string; readonly id: string }>(name: string) =>
    new Table<T>(name, (row) => candidateKey(row.candidateId, row.id), log, nextSeq);

  const exams = table<ExamRow, 'id'>('exam', 'id');
  const sittings = table<SittingRow, 'id'>('sitting', 'id');
  const questions = table<QuestionRow, 'id'>('question', 'id');
  const candidates = table<CandidateRow, 'id'>('candidate', 'id');
  const supervisors = table<SupervisorRow, 'id'>('supervisor', 'id');
  const sessions = table<SessionRow, 'id'>('session', 'id');
  const pairings = table<PairingRow, 'code'>('pairing', 'code');
  const incidents = byCandidate<IncidentRow>('incident');
  const help = byCandidate<HelpMessageRow>('help message');
  const recordings = table<RecordingRow, 'id'>('recording', 'id');
  const interventions = table<InterventionRow, 'id'>('intervention', 'id');
  const verdicts = table<VerdictRow, 'id'>('verdict', 'id');
  const recordingLinks = table<RecordingLinkRow, 'tokenHash'>('recording link', 'tokenHash');
  const uploadSamples: UploadSampleRow[] = [];
  /** A candidate's samples by time, those of one instant in the order they were stored (as SQLite's rowid). */
  const samplesOf = (candidateId: string) => uploadSamples.filter((s) => s.candidateId === candidateId).sort((a, b) => a.at - b.at);
  const questionSets = table<QuestionSetRow, 'id'>('question set', 'id');
  const administrators = table<AdministratorRow, 'id'>('administrator', 'id');
  const audit = table<AuditRow, 'id'>('audit entry', 'id');
  const faceDescriptors = table<FaceDescriptorRow, 'candidateId'>('face descriptor', 'candidateId');
  const deleteQuestionsOfSet = (setId: string) => {
    for (const q of questions.list((row) => row.setId === setId)) questions.delete(q.id);
  };

  const faceChallenges = table<FaceChallengeRow, 'id'>('face challenge', 'id');
  let failures: Failure[] = [];
  /** Keeps the failures `keep` says, undoably. */
  const keepFailures = (keep: (failure: Failure) => boolean) => {
    const previous = failures;
    failures = failures.filter(keep);
    log(() => (failures = previous));
  };

  const hooks: TransactionHooks = {
    begin() {
      undo = [];
    },
    commit() {
      undo = null;
    },
    rollback() {
      for (const step of (undo ?? []).reverse()) step();
      undo = null;
    },
  };

  const repository: SyncRepository = {
    getExam: (id) => exams.get(id),
    insertExam: (row) => exams.insert(row),

    getSitting: (id) => sittings.get(id),
    listSittings: (examId) => sittings.list((s) => s.examId === examId, (s) => s.startsAt),
    insertSitting: (row) => sittings.insert(row),

    listQuestions: (examId) => questions.list((q) => q.examId === examId, (q) => q.order),
    insertQuestion: (row) => questions.insert(row),

    getCandidate: (id) => candidates.get(id),
    findCandidateByIdNumberHash: (examId, idNumberHash) => candidates.find((c) => c.examId === examId && c.idNumberHash === idNumberHash),
    listCandidates: (sittingId) => candidates.list((c) => c.sittingId === sittingId, (c) => c.admissionNumber),
    listCandidatesByEvidenceState: (state) => candidates.list((c) => c.evidenceState === state),
    insertCandidate: (row) => candidates.insert(row),
    updateCandidate: (row) => candidates.update(row),

    getSupervisor: (id) => supervisors.get(id),
    findSupervisorByUsername: (username) => supervisors.find((s) => s.username === username),
    insertSupervisor: (row) => supervisors.insert(row),

    findSessionByTokenHash: (tokenHash) => sessions.find((s) => s.tokenHash === tokenHash),
    listSessions: (role: SessionRole, subjectId) => sessions.list((s) => s.role === role && s.subjectId === subjectId, (s) => s.createdAt),
    insertSession: (row) => sessions.insert(row),
    updateSession: (row) => sessions.update(row),

    findPairing: (code) => pairings.get(code),
    listPairings: (candidateId) => pairings.list((p) => p.candidateId === candidateId),
    insertPairing: (row) => pairings.insert(row),
    updatePairing: (row) => pairings.update(row),

    insertIncidentIfAbsent(row) {
      if (incidents.has(candidateKey(row.candidateId, row.id))) return false;
      incidents.insert(row);
      return true;
    },
    listIncidents: (candidateId) => incidents.list((i) => i.candidateId === candidateId, (i) => i.at),

    insertHelpMessageIfAbsent(row) {
      if (help.has(candidateKey(row.candidateId, row.id))) return false;
      help.insert(row);
      return true;
    },
    getHelpMessage: (candidateId, id) => help.get(candidateKey(candidateId, id)),
    listHelpMessages: (candidateId) => help.list((m) => m.candidateId === candidateId, (m) => m.at),

    getRecording: (id) => recordings.get(id),
    listRecordings: (candidateId) => recordings.list((r) => r.candidateId === candidateId, (r) => r.createdAt),
    insertRecording: (row) => recordings.insert(row),
    updateRecording: (row) => recordings.update(row),

    insertIntervention: (row) => interventions.insert(row),
    listInterventions: (candidateId) => interventions.list((i) => i.candidateId === candidateId, (i) => i.at),
    insertVerdict: (row) => verdicts.insert(row),
    listVerdicts: (candidateId) => verdicts.list((v) => v.candidateId === candidateId, (v) => v.at),
    insertRecordingLink: (row) => recordingLinks.insert(row),
    findRecordingLink: (tokenHash) => recordingLinks.get(tokenHash),

    insertUploadSample(row) {
      uploadSamples.push(row);
      undo?.push(() => void uploadSamples.splice(uploadSamples.lastIndexOf(row), 1));
    },
    latestUploadSample: (candidateId, kind) => samplesOf(candidateId).findLast((s) => s.kind === kind),
    listUploadSamples: (candidateId) => samplesOf(candidateId),
    listExams: () => exams.list(() => true),
    updateExam: (row) => exams.update(row),
    updateSitting: (row) => sittings.update(row),
    deleteSitting(id) {
      for (const set of questionSets.list((s) => s.sittingId === id)) {
        deleteQuestionsOfSet(set.id);
        questionSets.delete(set.id);
      }
      sittings.delete(id);
    },

    getQuestionSet: (id) => questionSets.get(id),
    listQuestionSets: (examId) => questionSets.list((s) => s.examId === examId),
    insertQuestionSet: (row) => questionSets.insert(row),
    updateQuestionSet: (row) => questionSets.update(row),
    deleteQuestionSet(id) {
      deleteQuestionsOfSet(id);
      questionSets.delete(id);
    },
    deleteQuestionsOfSet,

    listSupervisors: () => supervisors.list(() => true, (s) => s.username),
    updateSupervisor: (row) => supervisors.update(row),

    getAdministrator: (id) => administrators.get(id),
    findAdministratorByUsername: (username) => administrators.find((a) => a.username === username),
    insertAdministrator: (row) => administrators.insert(row),
    updateAdministrator: (row) => administrators.update(row),

    insertAudit: (row) => audit.insert(row),
    listAudit({ actorId, action, before, limit }) {
      const newestFirst = audit.list(() => true).reverse();
      // Entries recorded before `before`; an unknown `before` gives an empty page rather than the first one again.
      const from = before === undefined ? 0 : newestFirst.findIndex((row) => row.id === before) + 1;
      if (before !== undefined && from === 0) return [];
      return newestFirst
        .slice(from)
        .filter((row) => (actorId === undefined || row.actorId === actorId) && (action === undefined || row.action === action))
        .slice(0, limit);
    },

    countActiveCandidatesByStage(seenSince) {
      const counts: Partial<Record<ProgressStage, number>> = {};
      for (const candidate of candidates.list(() => true)) {
        const active = sessions.list((s) => s.role === 'candidate' && s.subjectId === candidate.id && s.revokedAt === null && s.lastSeenAt >= seenSince).length > 0;
        if (active) counts[candidate.stage] = (counts[candidate.stage] ?? 0) + 1;
      }
      return counts;
    },
    uploadLagByKind(since) {
      const latest = new Map<string, UploadSampleRow>();
      for (const sample of [...uploadSamples].sort((a, b) => a.at - b.at)) latest.set(`${sample.candidateId}\u0000${sample.kind}`, sample);
      const lag: Partial<Record<UploadSampleRow['kind'], number>> = {};
      for (const sample of latest.values()) if (sample.at >= since) lag[sample.kind] = (lag[sample.kind] ?? 0) + sample.recorded - sample.acknowledged;
      return lag;
    },

    eraseCandidateTexts(candidateId, erased) {
      for (const m of help.list((row) => row.candidateId === candidateId)) help.update({ ...m, text: erased });
      for (const i of incidents.list((row) => row.candidateId === candidateId)) incidents.update({ ...i, detail: null });
      for (const i of interventions.list((row) => row.candidateId === candidateId)) interventions.update({ ...i, reason: null });
      for (const v of verdicts.list((row) => row.candidateId === candidateId)) verdicts.update({ ...v, comment: '' });
    },
    eraseAuditTexts(targetId) {
      for (const entry of audit.list((row) => row.targetId === targetId)) {
        const { text: _text, comment: _comment, reason: _reason, ...detail } = entry.detail;
        audit.update({ ...entry, detail });
      }
    },

    getFaceDescriptor: (candidateId) => faceDescriptors.get(candidateId),
    putFaceDescriptor(row) {
      faceDescriptors.delete(row.candidateId);
      faceDescriptors.insert(row);
    },
    deleteFaceDescriptor: (candidateId) => faceDescriptors.delete(candidateId),

    recordFailure(key, at) {
      const failure = { key, at };
      failures.push(failure);
      log(() => void failures.splice(failures.lastIndexOf(failure), 1));
    },
    listFailures: (key) =>
      failures
        .filter((f) => f.key === key)
        .map((f) => f.at)
        .sort((a, b) => a - b),
    forgetFailures: (key, before) => keepFailures((f) => f.key !== key || (before !== undefined && f.at >= before)),
    forgetFailuresBefore: (before) => keepFailures((f) => f.at >= before),

    insertFaceChallenge: (row) => faceChallenges.insert(row),
    takeFaceChallenge(id) {
      const row = faceChallenges.get(id);
      faceChallenges.delete(id);
      return row;
    },
    deleteExpiredFaceChallenges(at) {
      for (const row of faceChallenges.list((c) => c.expiresAt <= at)) faceChallenges.delete(row.id);
    },
  };
  return { repository, hooks };
}
