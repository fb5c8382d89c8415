/**
 * The exam domain: every rule of the seed (issue 3, item 3) on the server's clock, over a Repository. The reference
 * server and the MSW handlers both run it; core's in-memory backend (memory-exam-backend.ts) is the reference for
 * the candidate's side, and this module behaves the same way.
 *
 * Notes on choices that are not obvious from the contract:
 * - Lots at entry time (R11) are assigned lazily: every call that reads or changes a candidate of a sitting whose
 *   entryOpensAt has passed first gives each candidate of that sitting without a lot the smallest free number, in
 *   the repository's candidate order. Nobody can observe a missing lot after entryOpensAt, so this is the same as
 *   assigning them at that instant, without a timer that must survive restarts.
 * - Pairing codes are stored as `crypto.hashToken(code)`, like session tokens: a leaked database pairs no phone.
 * - ID numbers are compared in upper case (a mainland ID's check character X is often typed x).
 * - Live events are published after the transaction commits; a call that fails publishes nothing.
 */
import {
  ErrorCode,
  ExamError,
  areQuestionsReleased,
  isEntryOpen,
  isForward,
  isLoginOpen,
  scheduleOf,
  stageIndex,
  type ErrorDetails,
  type EvidenceState,
  type ExamPolicy,
  type ProgressStage,
  type Schedule,
} from '@examroom/core';
import type * as C from '../contract.js';
import type { Audience, DomainClock, Principal } from './dispatcher.types.js';
import type { CallerInfo, ExamDomain, ExamDomainOptions } from './exam-domain.types.js';
import type { CandidateRow, ExamRow, RecordingRow, SessionRole, SessionRow, SittingRow, SupervisorRow } from './repository.js';

/** A session seen within this long is alive: another device may not take it over (R6). */
export const SESSION_STALE_MS = 30_000;
/** How long a pairing code pairs a phone. */
export const PAIRING_TTL_MS = 10 * 60_000;
/** Failed attempts allowed per window, per subject (ID number, username) and per address. */
export const ATTEMPT_LIMITS = { windowMs: 15 * 60_000, perSubject: 10, perAddress: 30 } as const;

const FIRST_STAGE: ProgressStage = 'readingProcess';
/** The last stage a candidate may reach before entering (进入考试). */
const ENTRY_STAGE: ProgressStage = 'awaitingEntry';
/** The stage entering moves to. */
const AFTER_ENTRY_STAGE: ProgressStage = 'confirmingDevices';
const EVIDENCE_ORDER: readonly EvidenceState[] = ['waitingForPhone', 'phoneConnected', 'roomScanned', 'recording', 'stopped', 'uploaded'];
const PAIRING_CODE_LENGTH = 12;

function fail(code: ErrorCode, details?: ErrorDetails): never {
  throw new ExamError(code, code, details);
}

/** 身份证号 as shown: the first and last four characters, the middle masked; shorter numbers keep less. */
export function maskIdNumber(idNumber: string): string {
  const keep = Math.min(4, Math.floor(idNumber.length / 4));
  if (keep === 0) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, keep) + '*'.repeat(idNumber.length - 2 * keep) + idNumber.slice(-keep);
}

export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

function defined<T extends object>(partial: T | undefined): T {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) as T;
}

/** Failed attempts in a sliding window, in memory, on the domain's clock. */
class AttemptCounter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: DomainClock,
    private readonly windowMs: number,
  ) {}

  /** Throws TOO_MANY_ATTEMPTS while any key has reached its limit. */
  check(keys: readonly (readonly [key: string, limit: number])[]): void {
    const now = this.clock.now();
    let waitMs = 0;
    for (const [key, limit] of keys) {
      const recent = this.#recent(key, now);
      if (recent.length >= limit) waitMs = Math.max(waitMs, recent[recent.length - limit]! + this.windowMs - now);
    }
    if (waitMs > 0) fail(ErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }

  fail(keys: readonly (readonly [key: string, limit: number])[]): void {
    const now = this.clock.now();
    for (const [key] of keys) this.#failures.set(key, [...this.#recent(key, now), now]);
    if (this.#failures.size > 10_000) for (const key of [...this.#failures.keys()]) this.#recent(key, now);
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > now - this.windowMs && at <= now);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    return recent;
  }
}

interface Outbox {
  readonly events: [C.LiveEvent, Audience][];
  /** Candidates whose supervisor-visible status changed; their candidate.status is built before commit. */
  readonly changed: Set<string>;
}

interface CandidateContext {
  readonly candidate: CandidateRow;
  readonly sitting: SittingRow;
  readonly exam: ExamRow;
  readonly schedule: Schedule;
  readonly now: number;
}

export function createExamDomain(options: ExamDomainOptions): ExamDomain {
  const { repo, clock, crypto } = options;
  const listeners = new Set<(event: C.LiveEvent, audience: Audience) => void>();
  const attempts = new AttemptCounter(clock, ATTEMPT_LIMITS.windowMs);
  let dummyHash: string | undefined;
  let outbox: Outbox | null = null;
  /** completeRecording calls in progress, by recording id. */
  const finalizing = new Map<string, Promise<C.RecordingBody>>();

  // ---- plumbing ----

  /** Runs `work` in one repository transaction and publishes its live events once it has committed. */
  function tx<T>(work: () => T): T {
    if (outbox) return work();
    const mine: Outbox = { events: [], changed: new Set() };
    outbox = mine;
    let result: T;
    try {
      result = repo.transaction(() => {
        const value = work();
        for (const candidateId of mine.changed) {
          const status = candidateStatus(candidateId, clock.now());
          if (status) mine.events.push([{ type: 'candidate.status', status }, { candidateId, supervisors: true }]);
        }
        return value;
      });
    } finally {
      outbox = null;
    }
    for (const [event, audience] of mine.events) publish(event, audience);
    return result;
  }

  function publish(event: C.LiveEvent, audience: Audience): void {
    for (const listener of [...listeners]) {
      try {
        listener(event, audience);
      } catch (error) {
        // A front's failure to deliver must not undo or fail a committed call.
        console.error('examroom: live event listener failed', error);
      }
    }
  }

  function emit(event: C.LiveEvent, audience: Audience): void {
    outbox?.events.push([event, audience]);
  }

  function statusChanged(candidateId: string): void {
    outbox?.changed.add(candidateId);
  }

  function assertRole(principal: Principal, ...roles: SessionRole[]): void {
    if (!roles.includes(principal.role)) fail(ErrorCode.FORBIDDEN);
  }

  // ---- bodies ----

  const policyBody = (policy: Partial<ExamPolicy>): C.ExamInfoBody['policy'] => defined(policy);

  function sittingBody(row: SittingRow): C.SittingBody {
    const policy = policyBody(row.policy);
    return {
      id: row.id,
      name: row.name,
      startsAt: row.startsAt,
      ...(row.entryOpensAt !== null ? { entryOpensAt: row.entryOpensAt } : {}),
      ...(Object.keys(policy).length > 0 ? { policy } : {}),
    };
  }

  function examBody(exam: ExamRow): C.ExamInfoBody {
    return { id: exam.id, title: exam.title, sittings: repo.listSittings(exam.id).map(sittingBody), policy: policyBody(exam.policy) };
  }

  const candidateBody = (row: CandidateRow): C.CandidateBody => ({
    id: row.id,
    name: row.name,
    idNumberMasked: maskIdNumber(row.idNumber),
    admissionNumber: row.admissionNumber,
  });

  const progressBody = (row: CandidateRow): C.ProgressBody => ({
    stage: row.stage,
    lot: row.lot,
    enteredAt: row.enteredAt,
    finishedAt: row.finishedAt,
    finishReason: row.finishReason,
  });

  const evidenceBody = (row: CandidateRow): C.EvidenceStatusBody => ({ state: row.evidenceState, updatedAt: row.evidenceUpdatedAt });

  const helpBody = (row: { id: string; from: 'candidate' | 'supervisor'; text: string; at: number }): C.HelpMessageBody => ({
    id: row.id,
    from: row.from,
    text: row.text,
    at: row.at,
  });

  const recordingBody = (row: RecordingRow): C.RecordingBody => ({
    id: row.id,
    kind: row.kind,
    mimeType: row.mimeType,
    createdAt: row.createdAt,
    bytesReceived: row.bytesReceived,
    complete: row.complete,
    ...(row.clientSha256 !== null ? { clientSha256: row.clientSha256 } : {}),
    ...(row.serverSha256 !== null ? { serverSha256: row.serverSha256 } : {}),
    ...(row.durationMs !== null ? { durationMs: row.durationMs } : {}),
  });

  function isOnline(candidateId: string, now: number): boolean {
    return repo.listSessions('candidate', candidateId).some((s) => s.revokedAt === null && now - s.lastSeenAt < SESSION_STALE_MS);
  }

  function candidateStatus(candidateId: string, now: number): C.CandidateStatusBody | null {
    const row = repo.getCandidate(candidateId);
    if (!row) return null;
    return {
      candidate: candidateBody(row),
      sittingId: row.sittingId,
      online: isOnline(row.id, now),
      progress: progressBody(row),
      evidence: evidenceBody(row),
      incidents: repo.listIncidents(row.id).length,
      helpMessages: repo.listHelpMessages(row.id).length,
    };
  }

  // ---- schedule and lots ----

  function scheduleFor(exam: ExamRow, sitting: SittingRow): Schedule {
    return scheduleOf({
      startsAt: sitting.startsAt,
      ...(sitting.entryOpensAt !== null ? { entryOpensAt: sitting.entryOpensAt } : {}),
      policy: { ...defined(exam.policy), ...defined(sitting.policy) },
    });
  }

  /** Lot numbers not yet taken in a sitting, smallest first. */
  function lotDispenser(sittingId: string): () => number {
    const taken = new Set(repo.listCandidates(sittingId).map((c) => c.lot));
    let next = 1;
    return () => {
      while (taken.has(next)) next += 1;
      taken.add(next);
      return next;
    };
  }

  /** R11: from entryOpensAt on, every candidate of the sitting has a lot (see the note at the top). */
  function settleLots(sitting: SittingRow, schedule: Schedule, now: number): void {
    if (now < schedule.entryOpensAt) return;
    const candidates = repo.listCandidates(sitting.id);
    if (candidates.every((c) => c.lot !== null)) return;
    const nextLot = lotDispenser(sitting.id);
    for (const candidate of candidates) {
      if (candidate.lot !== null) continue;
      repo.updateCandidate({ ...candidate, lot: nextLot() });
      statusChanged(candidate.id);
    }
  }

  /** The candidate with their sitting, exam and schedule, after settling the sitting's lots. */
  function contextOf(candidateId: string, missing: ErrorCode): CandidateContext {
    const now = clock.now();
    const found = repo.getCandidate(candidateId) ?? fail(missing);
    const sitting = repo.getSitting(found.sittingId) ?? fail(ErrorCode.NOT_FOUND);
    const exam = repo.getExam(sitting.examId) ?? fail(ErrorCode.EXAM_NOT_FOUND);
    const schedule = scheduleFor(exam, sitting);
    settleLots(sitting, schedule, now);
    const candidate = repo.getCandidate(candidateId) ?? fail(missing);
    return { candidate, sitting, exam, schedule, now };
  }

  function updateCandidate(row: CandidateRow): CandidateRow {
    repo.updateCandidate(row);
    statusChanged(row.id);
    return row;
  }

  function withLot(candidate: CandidateRow): CandidateRow {
    if (candidate.lot !== null) return candidate;
    return updateCandidate({ ...candidate, lot: lotDispenser(candidate.sittingId)() });
  }

  function advanced(candidate: CandidateRow, stage: ProgressStage): CandidateRow {
    if (stageIndex(stage) <= stageIndex(candidate.stage)) return candidate;
    return updateCandidate({ ...candidate, stage });
  }

  function setEvidence(candidate: CandidateRow, state: EvidenceState, now: number): CandidateRow {
    const row = updateCandidate({ ...candidate, evidenceState: state, evidenceUpdatedAt: now });
    emit({ type: 'evidence.status', candidateId: row.id, status: evidenceBody(row) }, { candidateId: row.id, supervisors: true });
    return row;
  }

  // ---- sessions ----

  function newSession(role: SessionRole, subjectId: string, deviceKey: string, now: number): C.SessionCreatedBody {
    const token = crypto.randomToken();
    repo.insertSession({
      id: crypto.randomId('ses'),
      tokenHash: crypto.hashToken(token),
      role,
      subjectId,
      deviceKey,
      createdAt: now,
      lastSeenAt: now,
      revokedAt: null,
    });
    if (role === 'candidate') statusChanged(subjectId);
    return { token, role };
  }

  function revoke(session: SessionRow, now: number): void {
    repo.updateSession({ ...session, revokedAt: now });
    emit(
      { type: 'session.revoked', candidateId: session.subjectId, reason: ErrorCode.SESSION_REVOKED },
      { candidateId: session.subjectId, supervisors: false, sessionId: session.id },
    );
  }

  /** R4, R21, R6: the login window, then one live session per candidate (the same device may reconnect). */
  function startCandidateSession(candidateId: string, deviceKey: string): C.SessionCreatedBody {
    return tx(() => {
      const { candidate, schedule, now } = contextOf(candidateId, ErrorCode.INVALID_CREDENTIALS);
      const entered = candidate.enteredAt !== null;
      if (now < schedule.loginOpensAt) fail(ErrorCode.LOGIN_NOT_OPEN, { opensAt: schedule.loginOpensAt });
      if (!isLoginOpen(schedule, now, entered)) fail(entered ? ErrorCode.EXAM_OVER : ErrorCode.LATE_ENTRY_CLOSED);
      const others = repo.listSessions('candidate', candidate.id).filter((s) => s.revokedAt === null);
      const alive = (s: SessionRow) => now - s.lastSeenAt < SESSION_STALE_MS;
      if (others.some((s) => alive(s) && s.deviceKey !== deviceKey)) fail(ErrorCode.ALREADY_ACTIVE_ELSEWHERE);
      for (const other of others) revoke(other, now);
      return newSession('candidate', candidate.id, deviceKey, now);
    });
  }

  function authenticate(token: string | null): Principal {
    if (!token) fail(ErrorCode.UNAUTHENTICATED);
    return tx(() => {
      const session = repo.findSessionByTokenHash(crypto.hashToken(token)) ?? fail(ErrorCode.UNAUTHENTICATED);
      if (session.revokedAt !== null) fail(ErrorCode.SESSION_REVOKED);
      const now = clock.now();
      if (now > session.lastSeenAt) {
        repo.updateSession({ ...session, lastSeenAt: now });
        // Back after a gap: the candidate is online again for the supervisors.
        if (session.role === 'candidate' && now - session.lastSeenAt >= SESSION_STALE_MS) statusChanged(session.subjectId);
      }
      return { role: session.role, sessionId: session.id, subjectId: session.subjectId };
    });
  }

  function verifyPassword(password: string, hash: string | undefined): boolean {
    // Unknown accounts are checked against a dummy hash so that the time taken does not tell which ones exist.
    dummyHash ??= crypto.hashPassword(crypto.randomToken());
    const ok = crypto.verifyPassword(password, hash ?? dummyHash);
    return ok && hash !== undefined;
  }

  function sessionOf(principal: Principal): SessionRow | undefined {
    return repo.listSessions(principal.role, principal.subjectId).find((s) => s.id === principal.sessionId);
  }

  function pairingCode(): string {
    // randomToken carries ≥ 128 bits; twelve of its letters and digits keep ≥ 48 bits and can still be typed.
    let code = '';
    while (code.length < PAIRING_CODE_LENGTH) code += crypto.randomToken().replace(/[^A-Za-z0-9]/g, '');
    return code.slice(0, PAIRING_CODE_LENGTH);
  }

  // ---- candidate, phone and supervisor contexts ----

  function asCandidate<T>(principal: Principal, work: (ctx: CandidateContext) => T): T {
    assertRole(principal, 'candidate');
    return tx(() => work(contextOf(principal.subjectId, ErrorCode.UNAUTHENTICATED)));
  }

  function asPhone<T>(principal: Principal, work: (ctx: CandidateContext) => T): T {
    assertRole(principal, 'phone');
    return tx(() => work(contextOf(principal.subjectId, ErrorCode.UNAUTHENTICATED)));
  }

  function asSupervisor<T>(principal: Principal, work: (supervisor: SupervisorRow, now: number) => T): T {
    assertRole(principal, 'supervisor');
    return tx(() => work(repo.getSupervisor(principal.subjectId) ?? fail(ErrorCode.UNAUTHENTICATED), clock.now()));
  }

  /** A candidate of one of the supervisor's exams: NOT_FOUND when unknown, FORBIDDEN when not theirs. */
  function watched(supervisor: SupervisorRow, candidateId: string): CandidateContext {
    const ctx = contextOf(candidateId, ErrorCode.NOT_FOUND);
    if (!supervisor.examIds.includes(ctx.exam.id)) fail(ErrorCode.FORBIDDEN);
    return ctx;
  }

  async function newRecording(candidateId: string, kind: RecordingRow['kind'], mimeType: string): Promise<C.RecordingTargetBody> {
    const row: RecordingRow = {
      id: crypto.randomId('rec'),
      candidateId,
      kind,
      mimeType,
      createdAt: clock.now(),
      bytesReceived: 0,
      complete: false,
      clientSha256: null,
      serverSha256: null,
      durationMs: null,
    };
    tx(() => repo.insertRecording(row));
    await options.uploads?.create(row);
    return { recordingId: row.id, uploadUrl: options.uploadUrl(row.id) };
  }

  /**
   * A recording the caller may upload to and complete: a candidate their camera and screen recordings, a phone its
   * candidate's evidence. NOT_FOUND when unknown, FORBIDDEN when someone else's or of the other kind.
   */
  function ownedRecording(principal: Principal, recordingId: string): RecordingRow {
    if (principal.role === 'supervisor') fail(ErrorCode.FORBIDDEN);
    const recording = repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
    const mayUpload = principal.role === 'phone' ? recording.kind === 'evidence' : recording.kind !== 'evidence';
    if (recording.candidateId !== principal.subjectId || !mayUpload) fail(ErrorCode.FORBIDDEN);
    return recording;
  }

  /**
   * Checks the declared length against what arrived, has the storage verify the SHA-256 and store the final file,
   * then marks the recording complete with both checksums. Idempotent: once complete, the same declaration gets the
   * stored row (nothing is finalised again), a different one an error. A failed check changes nothing: the row stays
   * incomplete and the bytes stay where they are (R31).
   */
  async function completeOnce(recordingId: string, declared: C.CompleteRecording): Promise<C.RecordingBody> {
    const recording = repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
    if (recording.complete) {
      if (recording.clientSha256 !== declared.sha256) fail(ErrorCode.CHECKSUM_MISMATCH);
      if (recording.bytesReceived !== declared.totalBytes) fail(ErrorCode.UPLOAD_FAILED);
      return recordingBody(recording);
    }
    if (recording.bytesReceived !== declared.totalBytes) fail(ErrorCode.UPLOAD_FAILED);
    // Without a storage nothing holds the bytes, so nothing can vouch for them.
    const storage = options.uploads ?? fail(ErrorCode.UPLOAD_FAILED);
    const stored = await storage.finalize(recording, { totalBytes: declared.totalBytes, sha256: declared.sha256 });
    return tx(() => {
      const current = repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
      const row: RecordingRow = {
        ...current,
        bytesReceived: Math.max(current.bytesReceived, declared.totalBytes),
        complete: true,
        clientSha256: declared.sha256,
        serverSha256: stored.serverSha256,
        durationMs: stored.durationMs,
      };
      repo.updateRecording(row);
      // The phone's evidence video is uploaded once it is complete (R30), whatever the phone last reported.
      if (row.kind === 'evidence') {
        const candidate = repo.getCandidate(row.candidateId);
        if (candidate && candidate.evidenceState !== 'uploaded') setEvidence(candidate, 'uploaded', clock.now());
      }
      return recordingBody(row);
    });
  }

  function storeHelpMessage(candidateId: string, from: 'candidate' | 'supervisor', body: C.SendHelp, now: number): C.HelpMessageBody {
    const existing = repo.getHelpMessage(body.id);
    if (existing) {
      // Idempotent for a retry of the same message; never hands out someone else's message under a reused id.
      if (existing.candidateId !== candidateId || existing.from !== from) fail(ErrorCode.VALIDATION_FAILED, { field: '/id' });
      return helpBody(existing);
    }
    const row = { id: body.id, candidateId, from, text: body.text, at: now };
    repo.insertHelpMessageIfAbsent(row);
    const message = helpBody(row);
    emit({ type: 'help.message', candidateId, message }, { candidateId, supervisors: true });
    statusChanged(candidateId);
    return message;
  }

  function decodeImage(image: string): Uint8Array {
    const base64 = image.startsWith('data:') ? image.slice(image.indexOf(',') + 1) : image;
    try {
      return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    } catch {
      return fail(ErrorCode.VALIDATION_FAILED, { field: '/image' });
    }
  }

  // ---- the domain ----

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    authenticate,

    getTime: () => ({ serverTime: clock.now() }),

    getExam(examId) {
      return examBody(repo.getExam(examId) ?? fail(ErrorCode.EXAM_NOT_FOUND));
    },

    loginWithPassword(body, caller: CallerInfo) {
      const idNumber = normalizeIdNumber(body.idNumber);
      const keys = [
        [`candidate:${idNumber}`, ATTEMPT_LIMITS.perSubject],
        [`candidate@${caller.ip}`, ATTEMPT_LIMITS.perAddress],
      ] as const;
      attempts.check(keys);
      if (!repo.getExam(body.examId)) fail(ErrorCode.EXAM_NOT_FOUND);
      // Looked up within the exam: a candidate of another exam is as unknown as a wrong ID number.
      const candidate = repo.findCandidateByIdNumber(body.examId, idNumber);
      if (!verifyPassword(body.password, candidate?.passwordHash) || !candidate) {
        attempts.fail(keys);
        fail(ErrorCode.INVALID_CREDENTIALS);
      }
      attempts.reset(keys[0][0]);
      return startCandidateSession(candidate.id, body.deviceKey);
    },

    async loginWithFace(body, caller) {
      const keys = [[`face@${caller.ip}`, ATTEMPT_LIMITS.perAddress]] as const;
      attempts.check(keys);
      if (!repo.getExam(body.examId)) fail(ErrorCode.EXAM_NOT_FOUND);
      const verifier = options.faceVerifier ?? fail(ErrorCode.FACE_LOGIN_UNAVAILABLE);
      const match = await verifier.identify({ examId: body.examId, image: decodeImage(body.image) });
      const candidate = match ? repo.getCandidate(match.candidateId) : undefined;
      if (!candidate || candidate.examId !== body.examId) {
        attempts.fail(keys);
        fail(ErrorCode.FACE_NOT_MATCHED);
      }
      return startCandidateSession(candidate.id, body.deviceKey);
    },

    logout(principal) {
      assertRole(principal, 'candidate', 'phone', 'supervisor');
      tx(() => {
        const session = sessionOf(principal);
        if (!session || session.revokedAt !== null) return;
        repo.updateSession({ ...session, revokedAt: clock.now() });
        if (session.role === 'candidate') statusChanged(session.subjectId);
      });
    },

    heartbeat(principal) {
      // authenticate() has already refreshed lastSeenAt.
      assertRole(principal, 'candidate', 'phone', 'supervisor');
    },

    getMe(principal) {
      return asCandidate(principal, ({ candidate, exam, sitting }) => ({
        candidate: candidateBody(candidate),
        exam: examBody(exam),
        sitting: sittingBody(sitting),
        progress: progressBody(candidate),
      }));
    },

    saveProgress(principal, body) {
      return asCandidate(principal, ({ candidate }) => {
        // Progress never moves back: an earlier stage (a reload) changes nothing.
        if (!isForward(candidate.stage, body.stage)) return progressBody(candidate);
        if (candidate.enteredAt === null && stageIndex(body.stage) > stageIndex(ENTRY_STAGE)) fail(ErrorCode.STAGE_OUT_OF_ORDER);
        return progressBody(advanced(candidate, body.stage));
      });
    },

    createPairing(principal) {
      return asCandidate(principal, ({ candidate, now }) => {
        let code = pairingCode();
        while (repo.findPairing(crypto.hashToken(code))) code = pairingCode();
        const expiresAt = now + PAIRING_TTL_MS;
        repo.insertPairing({ code: crypto.hashToken(code), candidateId: candidate.id, expiresAt });
        return { code, url: options.phoneUrl(code), expiresAt };
      });
    },

    getEvidenceStatus(principal) {
      return asCandidate(principal, ({ candidate }) => evidenceBody(candidate));
    },

    drawLot(principal) {
      return asCandidate(principal, ({ candidate }) => progressBody(advanced(withLot(candidate), 'drawingLot')));
    },

    enter(principal) {
      return asCandidate(principal, ({ candidate, schedule, now }) => {
        const entered = candidate.enteredAt !== null;
        if (now < schedule.entryOpensAt) fail(ErrorCode.ENTRY_NOT_OPEN, { opensAt: schedule.entryOpensAt });
        if (!isEntryOpen(schedule, now, entered)) fail(entered ? ErrorCode.EXAM_OVER : ErrorCode.LATE_ENTRY_CLOSED);
        let row = withLot(candidate);
        if (!entered) row = updateCandidate({ ...row, enteredAt: now });
        return progressBody(advanced(row, AFTER_ENTRY_STAGE));
      });
    },

    getQuestions(principal) {
      return asCandidate(principal, ({ candidate, exam, schedule, now }) => {
        if (candidate.enteredAt === null) fail(ErrorCode.NOT_ENTERED);
        if (!areQuestionsReleased(schedule, now)) fail(ErrorCode.QUESTIONS_NOT_RELEASED, { opensAt: schedule.startsAt });
        return repo.listQuestions(exam.id).map((q) => ({ id: q.id, order: q.order, text: q.text }));
      });
    },

    reportIncident(principal, body) {
      asCandidate(principal, ({ candidate, now }) => {
        const row = { id: body.id, candidateId: candidate.id, kind: body.kind, at: body.at, detail: body.detail ?? null, receivedAt: now };
        if (repo.insertIncidentIfAbsent(row)) statusChanged(candidate.id);
      });
    },

    finish(principal, body) {
      return asCandidate(principal, ({ candidate, now }) => {
        if (candidate.enteredAt === null) fail(ErrorCode.NOT_ENTERED);
        if (candidate.finishedAt !== null) return progressBody(candidate);
        return progressBody(updateCandidate({ ...candidate, stage: 'finished', finishedAt: now, finishReason: body.reason }));
      });
    },

    async createRecording(principal, body) {
      const candidateId = asCandidate(principal, ({ candidate }) => {
        if (candidate.enteredAt === null) fail(ErrorCode.NOT_ENTERED);
        return candidate.id;
      });
      return newRecording(candidateId, body.kind, body.mimeType);
    },

    async completeRecording(principal, recordingId, body) {
      const { id } = tx(() => ownedRecording(principal, recordingId));
      // Calls for one recording run one after another, so a retry racing the first call gets its answer instead of
      // finalising the file a second time.
      const run = (finalizing.get(id) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => completeOnce(id, body));
      finalizing.set(id, run);
      try {
        return await run;
      } finally {
        if (finalizing.get(id) === run) finalizing.delete(id);
      }
    },

    getHelpMessages(principal) {
      return asCandidate(principal, ({ candidate }) => repo.listHelpMessages(candidate.id).map(helpBody));
    },

    sendHelpMessage(principal, body) {
      return asCandidate(principal, ({ candidate, now }) => storeHelpMessage(candidate.id, 'candidate', body, now));
    },

    pairPhone(body, caller) {
      const keys = [[`pairing@${caller.ip}`, ATTEMPT_LIMITS.perAddress]] as const;
      attempts.check(keys);
      return tx(() => {
        const now = clock.now();
        const pairing = repo.findPairing(crypto.hashToken(body.code));
        const candidate = pairing && now < pairing.expiresAt ? repo.getCandidate(pairing.candidateId) : undefined;
        if (!candidate) {
          attempts.fail(keys);
          fail(ErrorCode.PAIRING_FAILED);
        }
        if (candidate.evidenceState === 'waitingForPhone') setEvidence(candidate, 'phoneConnected', now);
        return newSession('phone', candidate.id, '', now);
      });
    },

    setEvidenceStatus(principal, body) {
      return asPhone(principal, ({ candidate, now }) => {
        const from = EVIDENCE_ORDER.indexOf(candidate.evidenceState);
        const to = EVIDENCE_ORDER.indexOf(body.state);
        if (to === from) return evidenceBody(candidate);
        if (to < from) fail(ErrorCode.STAGE_OUT_OF_ORDER);
        return evidenceBody(setEvidence(candidate, body.state, now));
      });
    },

    async createEvidenceRecording(principal, body) {
      const candidateId = asPhone(principal, ({ candidate }) => candidate.id);
      return newRecording(candidateId, 'evidence', body.mimeType);
    },

    supervisorLogin(body, caller) {
      const keys = [
        [`supervisor:${body.username}`, ATTEMPT_LIMITS.perSubject],
        [`supervisor@${caller.ip}`, ATTEMPT_LIMITS.perAddress],
      ] as const;
      attempts.check(keys);
      const supervisor = repo.findSupervisorByUsername(body.username);
      if (!verifyPassword(body.password, supervisor?.passwordHash) || !supervisor) {
        attempts.fail(keys);
        fail(ErrorCode.INVALID_CREDENTIALS);
      }
      attempts.reset(keys[0][0]);
      return tx(() => newSession('supervisor', supervisor.id, '', clock.now()));
    },

    listSittings(principal) {
      return asSupervisor(principal, (supervisor) =>
        supervisor.examIds
          .flatMap((examId) => {
            const exam = repo.getExam(examId);
            if (!exam) return [];
            return repo.listSittings(exam.id).map((sitting) => ({
              examId: exam.id,
              examTitle: exam.title,
              sitting: sittingBody(sitting),
              candidates: repo.listCandidates(sitting.id).length,
            }));
          })
          .sort((a, b) => a.sitting.startsAt - b.sitting.startsAt),
      );
    },

    listCandidates(principal, sittingId) {
      return asSupervisor(principal, (supervisor, now) => {
        const sitting = repo.getSitting(sittingId) ?? fail(ErrorCode.NOT_FOUND);
        if (!supervisor.examIds.includes(sitting.examId)) fail(ErrorCode.FORBIDDEN);
        const exam = repo.getExam(sitting.examId) ?? fail(ErrorCode.NOT_FOUND);
        settleLots(sitting, scheduleFor(exam, sitting), now);
        return repo.listCandidates(sitting.id).flatMap((c) => candidateStatus(c.id, now) ?? []);
      });
    },

    getCandidateHelp(principal, candidateId) {
      return asSupervisor(principal, (supervisor) => repo.listHelpMessages(watched(supervisor, candidateId).candidate.id).map(helpBody));
    },

    replyHelp(principal, candidateId, body) {
      return asSupervisor(principal, (supervisor, now) => storeHelpMessage(watched(supervisor, candidateId).candidate.id, 'supervisor', body, now));
    },

    listIncidents(principal, candidateId) {
      return asSupervisor(principal, (supervisor) =>
        repo.listIncidents(watched(supervisor, candidateId).candidate.id).map((i) => ({
          id: i.id,
          kind: i.kind,
          at: i.at,
          ...(i.detail !== null ? { detail: i.detail } : {}),
        })),
      );
    },

    listRecordings(principal, candidateId) {
      return asSupervisor(principal, (supervisor) =>
        repo.listRecordings(watched(supervisor, candidateId).candidate.id).map(recordingBody),
      );
    },

    seedSitting(body) {
      if (!repo.getExam(body.examId)) fail(ErrorCode.EXAM_NOT_FOUND);
      const seen = new Set<string>();
      body.candidates.forEach((c, i) => {
        const idNumber = normalizeIdNumber(c.idNumber);
        if (seen.has(idNumber) || repo.findCandidateByIdNumber(body.examId, idNumber)) fail(ErrorCode.VALIDATION_FAILED, { field: `/candidates/${i}/idNumber` });
        seen.add(idNumber);
      });
      // Hashing is slow on purpose (scrypt): done before the transaction, not inside it.
      const hashes = body.candidates.map((c) => crypto.hashPassword(c.password));
      return tx(() => {
        const now = clock.now();
        const sitting: SittingRow = {
          id: crypto.randomId('sit'),
          examId: body.examId,
          name: body.name,
          startsAt: body.startsAt,
          entryOpensAt: body.entryOpensAt ?? null,
          policy: defined(body.policy),
        };
        repo.insertSitting(sitting);
        const candidates = body.candidates.map((c, i): CandidateRow => ({
          id: crypto.randomId('cand'),
          examId: body.examId,
          sittingId: sitting.id,
          name: c.name,
          idNumber: normalizeIdNumber(c.idNumber),
          admissionNumber: c.admissionNumber,
          passwordHash: hashes[i]!,
          stage: FIRST_STAGE,
          lot: null,
          enteredAt: null,
          finishedAt: null,
          finishReason: null,
          evidenceState: 'waitingForPhone',
          evidenceUpdatedAt: now,
        }));
        for (const row of candidates) repo.insertCandidate(row);
        return { sitting: sittingBody(sitting), candidates: candidates.map(candidateBody) };
      });
    },

    authorizeUpload(token, recordingId) {
      return ownedRecording(authenticate(token), recordingId);
    },

    recordUploadProgress(recordingId, bytesReceived) {
      // Only the count: reaching the declared length is not completion, which completeRecording decides once the
      // bytes are checked against the client's SHA-256.
      tx(() => {
        const recording = repo.getRecording(recordingId) ?? fail(ErrorCode.NOT_FOUND);
        if (bytesReceived > recording.bytesReceived) repo.updateRecording({ ...recording, bytesReceived });
      });
    },
  };
}
