/**
 * The storage port of the exam domain: plain rows, asynchronous (SQLite through better-sqlite3 or PostgreSQL through
 * pg in the server, Maps in the MSW handlers). One shared suite (repository.contract.ts) checks every implementation.
 */
import type { DomainCrypto } from './exam-domain.types.js';
import { INITIAL_PROGRESS, maskIdNumber, normalizeIdNumber, type EvidenceState, type ExamPolicy, type FinishReason, type IncidentKind, type ProgressStage } from '@examroom/core';

export interface ExamRow {
  readonly id: string;
  readonly title: string;
  readonly policy: Partial<ExamPolicy>;
  /** The IANA time zone the pages show the exam's times in (DEFAULT_TIME_ZONE, Asia/Shanghai, where none was set). */
  readonly timeZone: string;
}

export interface SittingRow {
  readonly id: string;
  readonly examId: string;
  readonly name: string;
  readonly startsAt: number;
  readonly entryOpensAt: number | null;
  readonly policy: Partial<ExamPolicy>;
}

export interface QuestionRow {
  readonly id: string;
  readonly examId: string;
  readonly order: number;
  readonly text: string;
  /** The question set it belongs to (absent: the exam's questions from before sets, e.g. the demo's). */
  readonly setId?: string;
}

/**
 * A named set of questions, of the whole exam or of one sitting (sittingId). A candidate answers one set: their
 * sitting's sets where it has any, else the exam's, else the exam's questions outside any set (questionsFor).
 */
export interface QuestionSetRow {
  readonly id: string;
  readonly examId: string;
  readonly sittingId: string | null;
  readonly name: string;
}

export interface CandidateRow {
  readonly id: string;
  readonly examId: string;
  readonly sittingId: string;
  readonly name: string;
  /**
   * The ID number (身份证号) as a keyed hash (DomainCrypto.idNumberHash of the normalised number): what login and the
   * roster import look it up by. The number itself is never stored (storedIdNumber).
   */
  readonly idNumberHash: string;
  /** The ID number masked (maskIdNumber), the only form ever shown. */
  readonly idNumberMasked: string;
  readonly admissionNumber: string;
  /** The photo's file name the roster's 照片 column gave, matched against a zip of photos; null when none. */
  readonly rosterPhotoName: string | null;
  /** The stored photo (face login), a file name under the data directory's photos/; null before one is imported. */
  readonly photoFile: string | null;
  /** scrypt hash, `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. */
  readonly passwordHash: string;
  readonly stage: ProgressStage;
  readonly lot: number | null;
  readonly enteredAt: number | null;
  readonly finishedAt: number | null;
  readonly finishReason: FinishReason | null;
  readonly evidenceState: EvidenceState;
  readonly evidenceUpdatedAt: number;
  /**
   * The whole evidence in bytes, known once the phone reported `stopped` with what it still held: the bytes received
   * then plus its `bytesPending`. Null before (and after a phone replaced it: the new one records again).
   */
  readonly evidenceBytesExpected: number | null;
  /** Server time of 设备确认 (R16), or null. */
  readonly devicesConfirmedAt: number | null;
  /** Server time of 信息确认 (R17), or null. */
  readonly infoConfirmedAt: number | null;
  /** Server time the 考试承诺书 was accepted (R17, R24), or null. */
  readonly pledgeAcceptedAt: number | null;
  /** The version of the pledge text accepted, or null. */
  readonly pledgeVersion: string | null;
  /** Extra answer time supervisors granted (the sum of the extraTime interventions), ms; 0 for most. */
  readonly extraTimeMs: number;
  /** When a supervisor let the candidate in after the late cutoff (R21), or null. */
  readonly lateEntryAllowedAt: number | null;
}

/** What a new candidate's row is written from; the rest is the same for everyone. */
export type NewCandidate = Pick<CandidateRow, 'id' | 'examId' | 'sittingId' | 'name' | 'idNumberHash' | 'idNumberMasked' | 'admissionNumber' | 'passwordHash'> &
  Partial<Pick<CandidateRow, 'rosterPhotoName'>>;

/** A candidate's row as first written (seeding, the demo exam, the roster): no progress yet, the phone not yet paired. */
export function newCandidateRow(candidate: NewCandidate, now: number): CandidateRow {
  return {
    rosterPhotoName: null,
    photoFile: null,
    ...candidate,
    ...INITIAL_PROGRESS,
    evidenceState: 'waitingForPhone',
    evidenceUpdatedAt: now,
    evidenceBytesExpected: null,
    extraTimeMs: 0,
    lateEntryAllowedAt: null,
  };
}

/** The stored forms of an ID number as typed: its keyed hash (normalised first) and its masked form. */
export function storedIdNumber(crypto: Pick<DomainCrypto, 'idNumberHash'>, idNumber: string): Pick<CandidateRow, 'idNumberHash' | 'idNumberMasked'> {
  const normalized = normalizeIdNumber(idNumber);
  return { idNumberHash: crypto.idNumberHash(normalized), idNumberMasked: maskIdNumber(normalized) };
}

export interface SupervisorRow {
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
  /** Exams this supervisor watches, every sitting of them. */
  readonly examIds: readonly string[];
  /** Single sittings this supervisor watches besides whole exams (absent: none). */
  readonly sittingIds?: readonly string[];
  /** When an administrator disabled the supervisor (absent: enabled): no login, no session. */
  readonly disabledAt?: number;
}

/** An administrator: created by the `examroom-server admin` command, never by a route. */
export interface AdministratorRow {
  readonly id: string;
  readonly username: string;
  /** scrypt hash, like the others'. */
  readonly passwordHash: string;
  /** True while the password is the one-time one the command printed: only the password change is allowed. */
  readonly mustChangePassword: boolean;
  readonly createdAt: number;
}

/** One administrator's or supervisor's action, as the audit log keeps it. */
export interface AuditRow {
  readonly id: string;
  readonly at: number;
  readonly actorRole: 'administrator' | 'supervisor';
  readonly actorId: string;
  /** The actor's username then. */
  readonly actorName: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  /** A small JSON record; never an ID number nor a password. */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A page of the audit log: newest first in the order recorded, the entries before `before` (an entry's id). */
export interface AuditQuery {
  readonly actorId?: string;
  readonly action?: string;
  readonly before?: string;
  readonly limit: number;
}

export type SessionRole = 'candidate' | 'phone' | 'supervisor' | 'administrator';

export interface SessionRow {
  readonly id: string;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  readonly tokenHash: string;
  readonly role: SessionRole;
  /** The candidate for candidate and phone sessions, the supervisor or administrator for theirs. */
  readonly subjectId: string;
  /** The browser's device key (candidate sessions), '' otherwise. */
  readonly deviceKey: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly revokedAt: number | null;
}

export interface PairingRow {
  /** The code's hash (crypto.hashToken), like a session token's. */
  readonly code: string;
  readonly candidateId: string;
  readonly expiresAt: number;
  /** When a phone paired with it: a code pairs one phone, once. */
  readonly usedAt: number | null;
  /** When a newer code of the candidate replaced it before it was used. */
  readonly revokedAt: number | null;
}

/** Ids are the candidate's own: the key is (candidateId, id). */
export interface IncidentRow {
  readonly id: string;
  readonly candidateId: string;
  readonly kind: IncidentKind;
  readonly at: number;
  readonly detail: string | null;
  readonly receivedAt: number;
}

/** Ids are the candidate's own: the key is (candidateId, id). */
export interface HelpMessageRow {
  readonly id: string;
  readonly candidateId: string;
  readonly from: 'candidate' | 'supervisor';
  readonly text: string;
  readonly at: number;
  /** A supervisor's notice to the whole sitting (present and true only then). */
  readonly notice?: boolean;
  /** The supervisor who wrote it (replies and notices stored since migration 8). */
  readonly supervisorId?: string;
}

/** A supervisor's intervention on one candidate: who, when, what. */
export interface InterventionRow {
  readonly id: string;
  readonly candidateId: string;
  readonly supervisorId: string;
  readonly kind: 'extraTime' | 'endInterview' | 'lateEntry' | 'virtualCameraWaiver';
  readonly at: number;
  /** extraTime: minutes granted; null otherwise. */
  readonly minutes: number | null;
  /** endInterview, lateEntry, virtualCameraWaiver: why; null otherwise. */
  readonly reason: string | null;
}

/** One verdict given on a candidate; the last one is the current verdict, the others its history. */
export interface VerdictRow {
  readonly id: string;
  readonly candidateId: string;
  readonly supervisorId: string;
  readonly verdict: 'passed' | 'doubtful' | 'violation';
  readonly comment: string;
  readonly at: number;
}

/** A short-lived link to a recording's file, for a <video src>: only the token's hash is stored. */
export interface RecordingLinkRow {
  readonly tokenHash: string;
  readonly recordingId: string;
  readonly supervisorId: string;
  /** The supervisor session that made it: the link dies with it. */
  readonly sessionId: string;
  readonly expiresAt: number;
}

export interface RecordingRow {
  readonly id: string;
  readonly candidateId: string;
  readonly kind: 'camera' | 'screen' | 'evidence';
  /** 1, 2, … among the candidate's recordings of this kind: a reload or a new screen share starts the next part. */
  readonly part: number;
  readonly mimeType: string;
  readonly createdAt: number;
  /** The machine's clock at creation (DomainClock.realNow), which the byte quota is also measured from. */
  readonly realCreatedAt: number;
  /** When the part was given up unfinished; null while open or once complete. */
  readonly abandonedAt: number | null;
  readonly bytesReceived: number;
  readonly complete: boolean;
  /** SHA-256 the client declared / the server computed, once complete. */
  readonly clientSha256: string | null;
  readonly serverSha256: string | null;
  /** Duration of the finalised file in ms, when known. */
  readonly durationMs: number | null;
}

/** What a new recording part's row is written from; the rest says that nothing has arrived yet. */
export type NewRecording = Pick<RecordingRow, 'id' | 'candidateId' | 'kind' | 'part' | 'mimeType' | 'createdAt' | 'realCreatedAt'>;

/** A recording part's row as first written: no bytes received, not complete, not abandoned, nothing checked yet. */
export function newRecordingRow(recording: NewRecording): RecordingRow {
  return { ...recording, abandonedAt: null, bytesReceived: 0, complete: false, clientSha256: null, serverSha256: null, durationMs: null };
}

/**
 * One upload-health sample: a candidate's bytes of one kind recorded (as the device reported them) and acknowledged by
 * the server at a server time, with since when the lag has lasted (see core's rules/upload-health.ts).
 */
export interface UploadSampleRow {
  readonly candidateId: string;
  readonly kind: 'camera' | 'screen' | 'phone';
  readonly at: number;
  readonly recorded: number;
  readonly acknowledged: number;
  readonly lagSince: number | null;
}

/**
 * A candidate's enrolled face for face login: the face verifier's descriptor of the one face in their stored photo,
 * and which photo it came from (a new photo makes it stale: it is computed again from the new one).
 */
export interface FaceDescriptorRow {
  readonly candidateId: string;
  /** CandidateRow.photoFile the descriptor was computed from. */
  readonly photoFile: string;
  /** The verifier's embedding of the face (numbers it alone interprets). */
  readonly descriptor: readonly number[];
  readonly createdAt: number;
}

/** An open liveness challenge of face login: which action the page must show, for which exam, until when. */
export interface FaceChallengeRow {
  readonly id: string;
  readonly examId: string;
  readonly action: string;
  readonly expiresAt: number;
}

/** Ids are unique per table; `insert` of an existing id rejects, except where `insertIfAbsent` says it is idempotent. */
export interface Repository {
  /**
   * Runs `work` atomically: every write in it happens, or none. `work` is given the repository bound to the
   * transaction and must make its calls through it; inside a transaction, `transaction` runs `work` as part of it.
   * An implementation may run `work` again when the database refused to commit it (PostgreSQL's serialization
   * failures): `work` writes nothing but through the repository.
   */
  transaction<T>(work: (tx: Repository) => Promise<T>): Promise<T>;

  getExam(id: string): Promise<ExamRow | undefined>;
  insertExam(row: ExamRow): Promise<void>;

  getSitting(id: string): Promise<SittingRow | undefined>;
  listSittings(examId: string): Promise<readonly SittingRow[]>;
  insertSitting(row: SittingRow): Promise<void>;

  listQuestions(examId: string): Promise<readonly QuestionRow[]>;
  insertQuestion(row: QuestionRow): Promise<void>;

  getCandidate(id: string): Promise<CandidateRow | undefined>;
  /** The exam's candidate with this ID number's keyed hash (CandidateRow.idNumberHash). */
  findCandidateByIdNumberHash(examId: string, idNumberHash: string): Promise<CandidateRow | undefined>;
  listCandidates(sittingId: string): Promise<readonly CandidateRow[]>;
  /** Every candidate whose evidence is in `state` (the silent-phone sweep looks for `recording`), in insertion order. */
  listCandidatesByEvidenceState(state: EvidenceState): Promise<readonly CandidateRow[]>;
  insertCandidate(row: CandidateRow): Promise<void>;
  updateCandidate(row: CandidateRow): Promise<void>;

  getSupervisor(id: string): Promise<SupervisorRow | undefined>;
  findSupervisorByUsername(username: string): Promise<SupervisorRow | undefined>;
  insertSupervisor(row: SupervisorRow): Promise<void>;

  findSessionByTokenHash(tokenHash: string): Promise<SessionRow | undefined>;
  listSessions(role: SessionRole, subjectId: string): Promise<readonly SessionRow[]>;
  insertSession(row: SessionRow): Promise<void>;
  updateSession(row: SessionRow): Promise<void>;

  findPairing(code: string): Promise<PairingRow | undefined>;
  /** A candidate's pairing codes, oldest first. */
  listPairings(candidateId: string): Promise<readonly PairingRow[]>;
  insertPairing(row: PairingRow): Promise<void>;
  updatePairing(row: PairingRow): Promise<void>;

  /** Stores an incident unless the candidate has one with its id; true when it was new. */
  insertIncidentIfAbsent(row: IncidentRow): Promise<boolean>;
  listIncidents(candidateId: string): Promise<readonly IncidentRow[]>;

  /** Stores a help message unless the candidate's chat has one with its id; true when it was new. */
  insertHelpMessageIfAbsent(row: HelpMessageRow): Promise<boolean>;
  getHelpMessage(candidateId: string, id: string): Promise<HelpMessageRow | undefined>;
  listHelpMessages(candidateId: string): Promise<readonly HelpMessageRow[]>;

  getRecording(id: string): Promise<RecordingRow | undefined>;
  listRecordings(candidateId: string): Promise<readonly RecordingRow[]>;
  insertRecording(row: RecordingRow): Promise<void>;
  updateRecording(row: RecordingRow): Promise<void>;

  insertIntervention(row: InterventionRow): Promise<void>;
  /** A candidate's interventions, oldest first. */
  listInterventions(candidateId: string): Promise<readonly InterventionRow[]>;

  insertVerdict(row: VerdictRow): Promise<void>;
  /** A candidate's verdicts, oldest first. */
  listVerdicts(candidateId: string): Promise<readonly VerdictRow[]>;

  insertRecordingLink(row: RecordingLinkRow): Promise<void>;
  findRecordingLink(tokenHash: string): Promise<RecordingLinkRow | undefined>;

  insertUploadSample(row: UploadSampleRow): Promise<void>;
  /** A candidate's latest sample of a kind. */
  latestUploadSample(candidateId: string, kind: UploadSampleRow['kind']): Promise<UploadSampleRow | undefined>;
  /** A candidate's samples of every kind, oldest first. */
  listUploadSamples(candidateId: string): Promise<readonly UploadSampleRow[]>;

  // ---- administration ----
  /** Every exam, in insertion order. */
  listExams(): Promise<readonly ExamRow[]>;
  updateExam(row: ExamRow): Promise<void>;
  updateSitting(row: SittingRow): Promise<void>;
  /** Deletes a sitting without candidates (the caller checks), with its question sets and their questions. */
  deleteSitting(id: string): Promise<void>;

  getQuestionSet(id: string): Promise<QuestionSetRow | undefined>;
  /** An exam's sets (the exam's own and its sittings'), in insertion order. */
  listQuestionSets(examId: string): Promise<readonly QuestionSetRow[]>;
  insertQuestionSet(row: QuestionSetRow): Promise<void>;
  updateQuestionSet(row: QuestionSetRow): Promise<void>;
  /** Deletes a set and its questions. */
  deleteQuestionSet(id: string): Promise<void>;
  /** Deletes a set's questions (before new ones are written). */
  deleteQuestionsOfSet(setId: string): Promise<void>;

  /** Every supervisor, by username. */
  listSupervisors(): Promise<readonly SupervisorRow[]>;
  updateSupervisor(row: SupervisorRow): Promise<void>;

  getAdministrator(id: string): Promise<AdministratorRow | undefined>;
  findAdministratorByUsername(username: string): Promise<AdministratorRow | undefined>;
  insertAdministrator(row: AdministratorRow): Promise<void>;
  updateAdministrator(row: AdministratorRow): Promise<void>;

  insertAudit(row: AuditRow): Promise<void>;
  listAudit(query: AuditQuery): Promise<readonly AuditRow[]>;

  // ---- retention (the `examroom-server retention run` command) ----
  /**
   * Replaces the free texts of a candidate's records with `erased` (help messages' texts) or empties them (incident
   * details and intervention reasons become null, verdict comments ''), keeping every row, so that counts stay.
   */
  eraseCandidateTexts(candidateId: string, erased: string): Promise<void>;
  /** Drops `text`, `comment` and `reason` from the detail of every audit entry about `targetId`; the entries stay. */
  eraseAuditTexts(targetId: string): Promise<void>;

  // ---- operations' figures (the server's metrics), read at each scrape ----
  /** Candidates with a candidate session not revoked and seen at or after `seenSince`, counted by their stage. */
  countActiveCandidatesByStage(seenSince: number): Promise<Readonly<Partial<Record<ProgressStage, number>>>>;
  /**
   * The upload lag (bytes recorded less bytes acknowledged) of each candidate's latest upload sample of each kind,
   * taken at or after `since`, summed by kind.
   */
  uploadLagByKind(since: number): Promise<Readonly<Partial<Record<UploadSampleRow['kind'], number>>>>;

  // ---- limiters shared by every server (login throttling, the phone's pairing attempts: exam-domain/attempts.ts) ----
  /** Counts one failed attempt against `key` at `at`. */
  recordFailure(key: string, at: number): Promise<void>;
  /** The times of `key`'s failed attempts, oldest first. */
  listFailures(key: string): Promise<readonly number[]>;
  /** Forgets `key`'s failed attempts (all of them, or those before `before`). */
  forgetFailures(key: string, before?: number): Promise<void>;
  /** Forgets every key's failed attempts before `before` (old ones no limit looks at any more). */
  forgetFailuresBefore(before: number): Promise<void>;

  // ---- face login ----
  /** Stores an open liveness challenge (face login). */
  insertFaceChallenge(row: FaceChallengeRow): Promise<void>;
  /** The challenge, deleted in the same step (a challenge is answered once); undefined when there is none. */
  takeFaceChallenge(id: string): Promise<FaceChallengeRow | undefined>;
  /** Forgets the challenges that expired at or before `at`. */
  deleteExpiredFaceChallenges(at: number): Promise<void>;
  getFaceDescriptor(candidateId: string): Promise<FaceDescriptorRow | undefined>;
  /** Stores a candidate's descriptor, replacing the one they had. */
  putFaceDescriptor(row: FaceDescriptorRow): Promise<void>;
  /** Forgets a candidate's descriptor (their photo was replaced: the next face login describes the new one). */
  deleteFaceDescriptor(candidateId: string): Promise<void>;
}
