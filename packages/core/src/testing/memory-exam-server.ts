/**
 * The in-memory exam backend as a server sees it: every call names its session by a bearer token, and every rule is
 * one of core's (rules/access.ts), the same functions the reference server's domain calls. MemoryExamBackend wraps it
 * into ExamApi clients for the machine's tests; the REST contract suite reaches it over HTTP.
 */
import { Subject } from 'rxjs';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { Clock } from '../ports/clock.port.js';
import type { FaceChallenge, LivenessAction, LoginWithFace } from '../ports/exam-api.port.js';
import type {
  Candidate,
  Confirmation,
  EvidenceState,
  EvidenceStatus,
  ExamInfo,
  HelpMessage,
  Incident,
  LiveEvent,
  LoginWithPassword,
  Me,
  Pairing,
  Question,
  RecordingTarget,
} from '../ports/exam-api.port.js';
import type { RecordingKind } from '../ports/recorder.port.js';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH, formatPairingCode, normalizePairingCode } from '../rules/pairing-code.js';
import {
  PAIRING_TTL_MS,
  STAGE_AFTER_ENTRY,
  answeringRefusal,
  assertAllowed,
  candidateSessionExpiresAt,
  confirmationRefusal,
  entryRefusal,
  evidenceRefusal,
  evidenceStatusRefusal,
  finishRefusal,
  finishedRefusal,
  furthestStage,
  loginRefusal,
  notEnteredRefusal,
  saveProgressRefusal,
  sessionExpiryRefusal,
  settledLots,
  smallestFreeLot,
  takeoverRefusal,
  timedOut,
  withConfirmation,
} from '../rules/access.js';
import { HELP_MESSAGE_RATE, INCIDENT_RATE, newRecordingRefusal, rateLimitRefusal } from '../rules/quotas.js';
import { maskIdNumber, normalizeIdNumber } from '../rules/identity.js';
import { deviceConfirmationRefusal } from '../rules/virtual-camera.js';
import { scheduleOf, type Schedule, type Sitting } from '../rules/schedule.js';
import { INITIAL_PROGRESS, type FinishReason, type Progress, type ProgressStage } from '../rules/stages.js';
import type { EvidenceProgress, MemoryCandidate, MemoryCandidateRecord, MemoryExamFixture, MemoryExamServer, SeedSitting } from './memory-exam.types.js';

interface Session {
  readonly token: string;
  readonly candidateId: string;
  /** A candidate's browser, or the phone paired with the candidate's code (R9). */
  readonly role: 'candidate' | 'phone';
  readonly deviceKey: string;
  lastSeenAt: number;
  revoked: boolean;
  readonly live: Subject<LiveEvent>;
}

/** A candidate's record with their sitting's schedule at `now`, their sitting's lots settled (R11). */
interface CandidateContext {
  readonly record: MemoryCandidateRecord;
  readonly sitting: Sitting;
  readonly schedule: Schedule;
  readonly now: number;
  readonly entered: boolean;
}

function fail(code: ErrorCode): never {
  throw new ExamError(code);
}

/** Pairing codes as the reference server shows them: 8 characters of PAIRING_CODE_ALPHABET, `ABCD-EFGH` (here counted, not random). */
const pairingCode = (n: number) => {
  let code = '';
  for (let rest = n; code.length < PAIRING_CODE_LENGTH; rest = Math.floor(rest / PAIRING_CODE_ALPHABET.length)) code = PAIRING_CODE_ALPHABET[rest % PAIRING_CODE_ALPHABET.length] + code;
  return formatPairingCode(code);
};

/** Failed pairings allowed per window (the server counts them per address; this backend serves one browser). */
const PAIRING_FAILURES = { limit: 30, windowMs: 15 * 60_000 } as const;

/** By admission number, as the server's repository lists a sitting's candidates (the order lots are settled in). */
const byAdmissionNumber = (a: MemoryCandidateRecord, b: MemoryCandidateRecord) => {
  const [x, y] = [a.entry.candidate.admissionNumber, b.entry.candidate.admissionNumber];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The liveness actions a server may ask for, in the order the memory server asks them. */
const LIVENESS_ACTIONS: readonly LivenessAction[] = ['turnLeft', 'turnRight', 'blink'];

/** How long a face login's challenge is valid, as on the server. */
export const FACE_CHALLENGE_TTL_MS = 60_000;

export class MemoryExam implements MemoryExamServer {
  readonly #exam: Omit<ExamInfo, 'sittings'>;
  readonly #sittings: Sitting[];
  readonly #questions: readonly Question[];
  readonly #records = new Map<string, MemoryCandidateRecord>();
  readonly #sessions = new Map<string, Session>();
  /** Pairing codes; `used` once a phone paired with it, or once a newer code of the candidate replaced it. */
  readonly #pairings = new Map<string, { readonly candidateId: string; readonly expiresAt: number; used: boolean }>();
  /** When pairings failed (server time), for their limit. */
  #pairingFailures: number[] = [];
  /** When each candidate's incidents arrived (server time), for the rate limit. */
  readonly #incidentTimes = new Map<string, number[]>();
  /** Candidates whose virtual or filter camera a supervisor waived (R7). */
  readonly #virtualCameraWaivers = new Set<string>();
  #counter = 0;
  /** The face checks' frames each candidate sent, by server time. */
  readonly faceChecks = new Map<string, number[]>();
  /** The interval the face checks answer; 0 (off) until set, as the server without a verifier. */
  faceCheckIntervalSeconds = 0;
  /** Whom face login recognises; until set it answers FACE_LOGIN_UNAVAILABLE, as the server does without a verifier. */
  faceMatch: string | null | 'unavailable' = 'unavailable';
  /** Face login's liveness challenges by id. */
  readonly #faceChallenges = new Map<string, { readonly examId: string; readonly expiresAt: number; used: boolean }>();

  constructor(
    fixture: MemoryExamFixture,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    const { sittings, ...exam } = fixture.exam;
    this.#exam = exam;
    this.#sittings = [...sittings];
    this.#questions = fixture.questions;
    for (const entry of fixture.candidates) this.#addCandidate(entry);
  }

  now(): number {
    return this.clock.now();
  }

  getExam(examId: string): ExamInfo {
    if (examId !== this.#exam.id) fail(ErrorCode.EXAM_NOT_FOUND);
    return { ...this.#exam, sittings: [...this.#sittings] };
  }

  loginWithPassword({ examId, idNumber, password, deviceKey }: LoginWithPassword): string {
    this.getExam(examId);
    const record = [...this.#records.values()].find((r) => normalizeIdNumber(r.entry.idNumber) === normalizeIdNumber(idNumber));
    if (!record || record.entry.password !== password) fail(ErrorCode.INVALID_CREDENTIALS);
    return this.#startSession(record.entry.candidate.id, deviceKey);
  }

  /** 人脸登录's liveness challenge, as the server issues it: the actions in turn, valid FACE_CHALLENGE_TTL_MS for one login. */
  createFaceChallenge(examId: string): FaceChallenge {
    this.#faceLoginAllowed(examId);
    const challenge = { challengeId: this.#nextId('challenge'), action: LIVENESS_ACTIONS[this.#faceChallenges.size % LIVENESS_ACTIONS.length]!, expiresAt: this.now() + FACE_CHALLENGE_TTL_MS };
    this.#faceChallenges.set(challenge.challengeId, { examId, expiresAt: challenge.expiresAt, used: false });
    return challenge;
  }

  /**
   * 1:1 by 身份证号, in the server's order: policy and verifier, the challenge (used up now), the enrolment, then
   * whether the camera shows the candidate `faceMatch` names. The body of the first contract (no challenge) answers
   * FACE_LOGIN_UNAVAILABLE as the server's does.
   */
  loginWithFace({ examId, deviceKey, idNumber, challengeId, frames }: LoginWithFace): string {
    this.#faceLoginAllowed(examId);
    if (challengeId === undefined || idNumber === undefined || frames === undefined) fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
    if (frames.length < 2 || frames.length > 6) fail(ErrorCode.VALIDATION_FAILED);
    const challenge = this.#faceChallenges.get(challengeId);
    if (!challenge || challenge.used || challenge.examId !== examId || challenge.expiresAt <= this.now()) fail(ErrorCode.FACE_CHALLENGE_EXPIRED);
    challenge.used = true;
    const record = [...this.#records.values()].find((r) => normalizeIdNumber(r.entry.idNumber) === normalizeIdNumber(idNumber));
    if (!record) fail(ErrorCode.FACE_NOT_ENROLLED);
    if (this.faceMatch !== record.entry.candidate.id) fail(ErrorCode.FACE_NOT_MATCHED);
    return this.#startSession(record.entry.candidate.id, deviceKey);
  }

  #faceLoginAllowed(examId: string): void {
    const exam = this.getExam(examId);
    if (exam.policy.faceLogin === false || this.faceMatch === 'unavailable') fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
  }

  logout(token: string | null): void {
    this.#session(token, 'any').revoked = true;
  }

  heartbeat(token: string | null): void {
    this.#session(token, 'any');
  }

  getMe(token: string | null): Me {
    const { record, sitting } = this.#candidateAfterFinish(token);
    return { candidate: record.entry.candidate, exam: this.getExam(this.#exam.id), sitting, progress: record.progress };
  }

  saveProgress(token: string | null, stage: ProgressStage): Progress {
    const { record } = this.#candidate(token);
    assertAllowed(saveProgressRefusal(record.progress, stage));
    return this.#advance(record, stage);
  }

  createPairing(token: string | null): Pairing {
    const { record, now } = this.#candidate(token);
    const code = pairingCode(++this.#counter);
    const expiresAt = now + PAIRING_TTL_MS;
    // A newer code revokes the candidate's older unused ones.
    for (const older of this.#pairings.values()) if (older.candidateId === record.entry.candidate.id) older.used = true;
    this.#pairings.set(normalizePairingCode(code), { candidateId: record.entry.candidate.id, expiresAt, used: false });
    return { code, url: `https://examroom.test/phone#code=${code}`, expiresAt };
  }

  /**
   * The phone scans the pairing code (R9): a phone session of the candidate; the evidence shows the phone connected.
   * A code pairs one phone, once; the phone it pairs replaces any phone paired before (PHONE_REPLACED).
   */
  pairPhone(code: string): string {
    const now = this.clock.now();
    // Typed in any case, with spaces or the dash; guesses are counted so that the 8 characters cannot be tried out.
    this.#pairingFailures = this.#pairingFailures.filter((at) => at > now - PAIRING_FAILURES.windowMs && at <= now);
    if (this.#pairingFailures.length >= PAIRING_FAILURES.limit) {
      const retryAfterSeconds = Math.ceil((this.#pairingFailures.at(-PAIRING_FAILURES.limit)! + PAIRING_FAILURES.windowMs - now) / 1000);
      throw new ExamError(ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds });
    }
    const pairing = this.#pairings.get(normalizePairingCode(code));
    if (!pairing || pairing.used || now >= pairing.expiresAt) {
      this.#pairingFailures.push(now);
      fail(ErrorCode.PAIRING_FAILED);
    }
    pairing.used = true;
    const { record } = this.#contextOf(pairing.candidateId);
    const previous = [...this.#sessions.values()].filter((s) => s.candidateId === pairing.candidateId && s.role === 'phone' && !s.revoked);
    for (const phone of previous) this.#revoke(phone, ErrorCode.PHONE_REPLACED);
    if (previous.length > 0) this.replacePhone(pairing.candidateId);
    else if (record.evidence.state === 'waitingForPhone') this.setEvidence(pairing.candidateId, 'phoneConnected');
    const token = this.#nextId('phone-token');
    this.#sessions.set(token, { token, candidateId: pairing.candidateId, role: 'phone', deviceKey: '', lastSeenAt: now, revoked: false, live: new Subject() });
    return token;
  }

  /** The phone reports its evidence recording's state (R9, R10): forward only, "uploaded" only once its recording completed. */
  setEvidenceStatus(token: string | null, state: EvidenceState): EvidenceStatus {
    const { record } = this.#contextOf(this.#session(token, 'phone').candidateId);
    // This backend takes no uploads (the recordings part of the contract is the server's and MSW's), so no evidence
    // recording ever completes here: "uploaded" is always refused, as the server refuses it before completion.
    assertAllowed(evidenceStatusRefusal(record.evidence.state, state, false));
    if (state !== record.evidence.state) this.setEvidence(record.entry.candidate.id, state);
    return this.#evidenceOf(record.entry.candidate.id, record.evidence);
  }

  /** The evidence status with when the candidate's newest phone was last heard from, as the server tells it. */
  #evidenceOf(candidateId: string, evidence: EvidenceStatus): EvidenceStatus {
    const phone = [...this.#sessions.values()].filter((s) => s.candidateId === candidateId && s.role === 'phone').at(-1);
    return phone ? { ...evidence, phoneSeenAt: phone.lastSeenAt } : evidence;
  }

  /** The phone's evidence recording and where to upload it (R10). */
  createEvidenceRecording(token: string | null, { mimeType }: { readonly mimeType: string }): RecordingTarget {
    const { record } = this.#contextOf(this.#session(token, 'phone').candidateId);
    return this.#newRecording(record, 'evidence', mimeType);
  }

  getEvidenceStatus(token: string | null): EvidenceStatus {
    const { record } = this.#candidateAfterFinish(token);
    return this.#evidenceOf(record.entry.candidate.id, record.evidence);
  }

  drawLot(token: string | null): Progress {
    const { record, schedule, entered } = this.#candidate(token);
    assertAllowed(evidenceRefusal(schedule.policy.requireEvidence, record.evidence.state, entered));
    this.#withLot(record);
    return this.#advance(record, 'drawingLot');
  }

  enter(token: string | null): Progress {
    const { record, schedule, now, entered } = this.#candidate(token);
    assertAllowed(entryRefusal(schedule, now, entered));
    assertAllowed(evidenceRefusal(schedule.policy.requireEvidence, record.evidence.state, entered));
    this.#withLot(record);
    record.progress = { ...record.progress, enteredAt: record.progress.enteredAt ?? now };
    return this.#advance(record, STAGE_AFTER_ENTRY);
  }

  confirm(token: string | null, confirmation: Confirmation): Progress {
    const { record, now, entered } = this.#candidate(token);
    // The pledge is recorded with the version of the text read, as the contract requires.
    if (confirmation.kind === 'pledge' && !confirmation.pledgeVersion) fail(ErrorCode.VALIDATION_FAILED);
    assertAllowed(confirmationRefusal(entered));
    if (confirmation.kind === 'devices') {
      const waived = this.#virtualCameraWaivers.has(record.entry.candidate.id);
      assertAllowed(deviceConfirmationRefusal({ cameraLabel: confirmation.cameraLabel, alreadyConfirmed: record.progress.devicesConfirmedAt != null, waived }));
    }
    const pledgeVersion = confirmation.kind === 'pledge' ? confirmation.pledgeVersion : null;
    record.progress = withConfirmation(record.progress, confirmation.kind, now, pledgeVersion);
    return record.progress;
  }

  getQuestions(token: string | null): readonly Question[] {
    const { record, schedule, now } = this.#candidate(token);
    assertAllowed(answeringRefusal(record.progress, schedule, now));
    return this.#questions;
  }

  sendFaceCheck(token: string | null, _frame: Blob): { readonly intervalSeconds: number } {
    const { record, schedule, now } = this.#candidate(token);
    assertAllowed(answeringRefusal(record.progress, schedule, now));
    const id = record.entry.candidate.id;
    this.faceChecks.set(id, [...(this.faceChecks.get(id) ?? []), now]);
    return { intervalSeconds: this.faceCheckIntervalSeconds };
  }

  reportIncident(token: string | null, incident: Incident): void {
    const { record, now } = this.#candidate(token);
    // The server's own kinds are not the page's to report (the contract's body schema leaves them out).
    if (incident.kind === 'evidenceLate') fail(ErrorCode.VALIDATION_FAILED);
    // A retry of a stored incident is answered as before, however fast it comes.
    if (record.incidents.some((i) => i.id === incident.id)) return;
    const times = this.#incidentTimes.get(record.entry.candidate.id) ?? [];
    assertAllowed(rateLimitRefusal(times, now, INCIDENT_RATE));
    this.#incidentTimes.set(record.entry.candidate.id, [...times, now]);
    record.incidents.push(incident);
  }

  finish(token: string | null, reason: FinishReason): Progress {
    const { record, schedule, now, entered } = this.#candidateAfterFinish(token);
    if (entered && record.progress.finishedAt !== null) return record.progress;
    assertAllowed(finishRefusal(reason, schedule, now, entered));
    record.progress = { ...record.progress, stage: 'finished', finishedAt: now, finishReason: reason };
    return record.progress;
  }

  createRecording(token: string | null, { kind, mimeType }: { readonly kind: RecordingKind; readonly mimeType: string }): RecordingTarget {
    const { record, entered } = this.#candidate(token);
    assertAllowed(notEnteredRefusal(entered));
    assertAllowed(newRecordingRefusal(record.progress.finishedAt !== null));
    return this.#newRecording(record, kind, mimeType);
  }

  /** This backend does not see uploads complete, so it keeps no rule on open recordings; it only marks the part. */
  abandonRecording(token: string | null, recordingId: string): void {
    const { record } = this.#candidate(token);
    const recording = record.recordings.find((r) => r.id === recordingId) ?? fail(ErrorCode.NOT_FOUND);
    recording.abandoned = true;
  }

  getHelpMessages(token: string | null): readonly HelpMessage[] {
    return [...this.#candidate(token).record.help];
  }

  sendHelpMessage(token: string | null, { id, text }: { readonly id: string; readonly text: string }): HelpMessage {
    const { record, now } = this.#candidate(token);
    const existing = record.help.find((m) => m.id === id && m.from === 'candidate');
    if (existing) return existing;
    const sent = record.help.filter((m) => m.from === 'candidate').map((m) => m.at);
    assertAllowed(rateLimitRefusal(sent, now, HELP_MESSAGE_RATE));
    const message: HelpMessage = { id, from: 'candidate', text, at: now };
    record.help.push(message);
    return message;
  }

  liveEvents(token: string): Subject<LiveEvent> {
    return this.#sessions.get(token)?.live ?? fail(ErrorCode.UNAUTHENTICATED);
  }

  seedSitting(request: SeedSitting): { readonly sitting: Sitting; readonly candidates: readonly Candidate[] } {
    this.getExam(request.examId);
    const taken = new Set([...this.#records.values()].map((r) => normalizeIdNumber(r.entry.idNumber)));
    for (const c of request.candidates) {
      const idNumber = normalizeIdNumber(c.idNumber);
      if (taken.has(idNumber)) fail(ErrorCode.VALIDATION_FAILED);
      taken.add(idNumber);
    }
    const hasPolicy = request.policy !== undefined && Object.keys(request.policy).length > 0;
    const sitting: Sitting = {
      id: this.#nextId('seeded-sitting'),
      name: request.name,
      startsAt: request.startsAt,
      ...(request.entryOpensAt !== undefined ? { entryOpensAt: request.entryOpensAt } : {}),
      ...(hasPolicy ? { policy: request.policy } : {}),
    };
    this.#sittings.push(sitting);
    const candidates = request.candidates.map(({ name, idNumber, password, admissionNumber }) => {
      const candidate: Candidate = { id: this.#nextId('seeded-cand'), name, idNumberMasked: maskIdNumber(idNumber), admissionNumber };
      this.#addCandidate({ candidate, sittingId: sitting.id, idNumber, password });
      return candidate;
    });
    return { sitting, candidates };
  }

  // ---- what the backend's test controls reach ----

  /** The candidate's record, with their sitting's lots settled: nobody sees a missing lot after entryOpensAt. */
  record(candidateId: string): MemoryCandidateRecord {
    return this.#contextOf(candidateId).record;
  }

  scheduleOf(candidateId: string): Schedule {
    return this.#contextOf(candidateId).schedule;
  }

  /** Pushes an event to every live session of the candidate (their browsers, not the phone). */
  /** A supervisor waives the candidate's virtual or filter camera (R7), told to their page as the server does. */
  waiveVirtualCamera(candidateId: string): void {
    this.#virtualCameraWaivers.add(candidateId);
    this.push(candidateId, { type: 'virtualCamera.waived' });
  }

  push(candidateId: string, event: LiveEvent): void {
    for (const s of this.#sessions.values()) if (s.candidateId === candidateId && s.role === 'candidate' && !s.revoked) s.live.next(event);
  }

  setEvidence(candidateId: string, state: EvidenceState): void {
    const record = this.record(candidateId);
    const { phoneReplacedAt } = record.evidence;
    record.evidence = { state, updatedAt: this.clock.now(), ...(phoneReplacedAt !== undefined ? { phoneReplacedAt } : {}) };
    this.push(candidateId, { type: 'evidence.status', status: record.evidence });
  }

  /** As the server does when a new code pairs another phone: it starts over, connected, and the page is told. */
  replacePhone(candidateId: string): void {
    const record = this.record(candidateId);
    const now = this.clock.now();
    record.evidence = { state: 'phoneConnected', updatedAt: now, phoneReplacedAt: now };
    this.push(candidateId, { type: 'evidence.status', status: record.evidence });
  }

  /** The phone's upload progress and last sign of life, as the server records them (see EvidenceProgress). */
  updateEvidence(candidateId: string, patch: EvidenceProgress, { push = true }: { readonly push?: boolean } = {}): void {
    const record = this.record(candidateId);
    record.evidence = { ...record.evidence, ...patch };
    if (push) this.push(candidateId, { type: 'evidence.status', status: record.evidence });
  }

  reply(candidateId: string, text: string): HelpMessage {
    const message: HelpMessage = { id: this.#nextId('msg'), from: 'supervisor', text, at: this.clock.now() };
    this.record(candidateId).help.push(message);
    this.push(candidateId, { type: 'help.message', message });
    return message;
  }

  /** Revokes every session of a candidate (the phone's too), telling each. */
  revoke(candidateId: string): void {
    for (const s of this.#sessions.values()) if (s.candidateId === candidateId && !s.revoked) this.#revoke(s);
  }

  // ---- private ----

  #newRecording(record: MemoryCandidateRecord, kind: RecordingKind, mimeType: string): RecordingTarget {
    const id = this.#nextId('rec');
    const recording = { id, kind, mimeType, uploadUrl: `memory://uploads/${id}` };
    record.recordings.push(recording);
    return { recordingId: id, uploadUrl: recording.uploadUrl };
  }

  #nextId(prefix: string): string {
    return `${prefix}-${++this.#counter}`;
  }

  #addCandidate(entry: MemoryCandidate): void {
    this.#records.set(entry.candidate.id, {
      entry,
      progress: INITIAL_PROGRESS,
      evidence: { state: 'waitingForPhone', updatedAt: this.clock.now() },
      incidents: [],
      help: [],
      recordings: [],
    });
  }

  #contextOf(candidateId: string): CandidateContext {
    const record = this.#records.get(candidateId) ?? fail(ErrorCode.NOT_FOUND);
    const sitting = this.#sittings.find((s) => s.id === record.entry.sittingId) ?? fail(ErrorCode.NOT_FOUND);
    const schedule = scheduleOf({ ...sitting, policy: { ...this.#exam.policy, ...sitting.policy } });
    const now = this.clock.now();
    this.#settleLots(sitting.id, schedule, now);
    // R1: one still answering at the deadline is finished then, as timeUp; lazily, like the lots.
    record.progress = timedOut(record.progress, schedule, now);
    return { record, sitting, schedule, now, entered: record.progress.enteredAt !== null };
  }

  #sittingRecords(sittingId: string): MemoryCandidateRecord[] {
    return [...this.#records.values()].filter((r) => r.entry.sittingId === sittingId).sort(byAdmissionNumber);
  }

  #settleLots(sittingId: string, schedule: Schedule, now: number): void {
    const records = this.#sittingRecords(sittingId);
    const lots = settledLots(
      records.map((r) => r.progress.lot),
      schedule,
      now,
    );
    records.forEach((record, i) => {
      if (record.progress.lot !== lots[i]) record.progress = { ...record.progress, lot: lots[i]! };
    });
  }

  #withLot(record: MemoryCandidateRecord): void {
    if (record.progress.lot !== null) return;
    const lot = smallestFreeLot(this.#sittingRecords(record.entry.sittingId).map((r) => r.progress.lot));
    record.progress = { ...record.progress, lot };
  }

  #advance(record: MemoryCandidateRecord, stage: ProgressStage): Progress {
    record.progress = { ...record.progress, stage: furthestStage(record.progress.stage, stage) };
    return record.progress;
  }

  #session(token: string | null, role: Session['role'] | 'any' = 'candidate'): Session {
    const session = (token ? this.#sessions.get(token) : undefined) ?? fail(ErrorCode.UNAUTHENTICATED);
    if (session.revoked) fail(ErrorCode.SESSION_REVOKED);
    if (role !== 'any' && session.role !== role) fail(ErrorCode.FORBIDDEN);
    const { schedule, now } = this.#contextOf(session.candidateId);
    assertAllowed(sessionExpiryRefusal(candidateSessionExpiresAt(schedule), now));
    session.lastSeenAt = now;
    return session;
  }

  /** The calls a candidate may make until they finish (EXAM_FINISHED after). */
  #candidate(token: string | null): CandidateContext {
    const context = this.#candidateAfterFinish(token);
    assertAllowed(finishedRefusal(context.record.progress.finishedAt));
    return context;
  }

  /** The calls that stay after finishing: reading the record, and finishing again (idempotent). */
  #candidateAfterFinish(token: string | null): CandidateContext {
    return this.#contextOf(this.#session(token).candidateId);
  }

  #revoke(session: Session, reason: ErrorCode = ErrorCode.SESSION_REVOKED): void {
    session.revoked = true;
    session.live.next({ type: 'session.revoked', reason });
  }

  /** R4, R21, R6: the login window, then one live session per candidate (the same device may reconnect). */
  #startSession(candidateId: string, deviceKey: string): string {
    const { schedule, now, entered } = this.#contextOf(candidateId);
    assertAllowed(loginRefusal(schedule, now, entered));
    const open = [...this.#sessions.values()].filter((s) => s.candidateId === candidateId && s.role === 'candidate' && !s.revoked);
    assertAllowed(takeoverRefusal(open, deviceKey, now));
    for (const other of open) this.#revoke(other);
    const token = this.#nextId('token');
    this.#sessions.set(token, { token, candidateId, role: 'candidate', deviceKey, lastSeenAt: now, revoked: false, live: new Subject() });
    return token;
  }
}
