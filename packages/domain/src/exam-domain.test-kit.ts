/** A domain over the memory repository with two exams, a sitting of candidates and a supervisor, on a clock the test moves. */
import { vi } from 'vitest';
import { ExamError, PLEDGE_VERSION, type ErrorCode, type ErrorDetails } from '@examroom/core';
import type { LiveEvent } from '@examroom/adapters/rest';
import type { Audience, Principal, SessionEnd } from './dispatcher.types.js';
import { createExamDomain } from './exam-domain.js';
import type { FaceVerifier, UploadStorage } from './exam-domain.types.js';
import { candidateBody } from './exam-domain/bodies.js';
import { createMemoryCrypto, memoryPasswordHash } from './memory-crypto.js';
import { createMemoryRepository } from './memory-repository.js';
import { newCandidateRow, storedIdNumber, type RecordingRow } from './repository.js';

export const SEC = 1_000;
export const MIN = 60 * SEC;
/** 10:00 Beijing time. Default policy: login 09:30, entry 09:45, cutoff 10:02, deadline 10:05, evidence 11:05. */
export const START = Date.UTC(2030, 5, 1, 2, 0);
export const LOGIN_OPENS = START - 30 * MIN;
export const ENTRY_OPENS = START - 15 * MIN;
export const CUTOFF = START + 2 * MIN;
export const DEADLINE = START + 5 * MIN;
export const EVIDENCE_DUE = DEADLINE + 60 * MIN;

/** The ExamError a call throws (sync or async); fails the test when it does not throw one. */
export async function rejection(work: () => unknown): Promise<{ code: ErrorCode; details: ErrorDetails }> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ExamError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected an ExamError, but the call succeeded');
}

export const codeOf = async (work: () => unknown) => (await rejection(work)).code;

export interface WorldOptions {
  readonly faceVerifier?: FaceVerifier;
  readonly candidates?: number;
  readonly entryOpensAt?: number;
  /**
   * Whether the sitting requires the phone's evidence recording before the lot and entry (R9). Off by default: most
   * of these tests are about other rules; the evidence tests turn it on and play the phone (`phoneRecording`).
   */
  readonly requireEvidence?: boolean;
  /** The face checks' interval (ExamDomainOptions.faceCheckIntervalMs). */
  readonly faceCheckIntervalMs?: number;
}

export async function world(options: WorldOptions = {}) {
  let now = START - 60 * MIN;
  const repo = createMemoryRepository();
  const crypto = createMemoryCrypto();
  const uploads: RecordingRow[] = [];
  /** What the storage's finalize does; by default it accepts the declaration and reports a 1.5 s WebM. */
  const finalize = vi.fn<UploadStorage['finalize']>(async (_row, declared) => ({ serverSha256: 'f'.repeat(64), durationMs: declared.totalBytes > 0 ? 1500 : null }));
  const domain = createExamDomain({
    repo,
    clock: { now: () => now },
    crypto,
    ...(options.faceVerifier ? { faceVerifier: options.faceVerifier } : {}),
    uploads: { create: async (row) => void uploads.push(row), finalize },
    phoneUrl: (code) => `https://examroom.test/phone#${code}`,
    uploadUrl: (id) => `/api/v1/uploads/${id}`,
    ...(options.faceCheckIntervalMs !== undefined ? { faceCheckIntervalMs: options.faceCheckIntervalMs } : {}),
  });
  await repo.insertExam({ id: 'exam-1', title: '综合素质评估', policy: {}, timeZone: 'Asia/Shanghai' });
  await repo.insertExam({ id: 'exam-2', title: '另一场考试', policy: {}, timeZone: 'Asia/Shanghai' });
  await repo.insertQuestion({ id: 'q2', examId: 'exam-1', order: 2, text: '第二题' });
  await repo.insertQuestion({ id: 'q1', examId: 'exam-1', order: 1, text: '第一题' });
  await repo.insertQuestion({ id: 'q3', examId: 'exam-1', order: 3, text: '第三题' });
  await repo.insertSupervisor({ id: 'sup-1', username: 'supervisor', passwordHash: memoryPasswordHash('sup-pass'), examIds: ['exam-1'] });
  const events: [LiveEvent, Audience][] = [];
  domain.subscribe((event, audience) => events.push([event, audience]));
  const ends: SessionEnd[] = [];
  domain.subscribeSessionEnds((end) => ends.push(end));

  const accounts = Array.from({ length: options.candidates ?? 3 }, (_, i) => ({
    name: `考生${i + 1}`,
    idNumber: `11010120000101${String(i + 1).padStart(4, '0')}`,
    password: `pass-${i + 1}`,
    admissionNumber: `2026${String(i + 1).padStart(6, '0')}`,
  }));
  /**
   * What the dev route's seedSitting writes (dev.test.ts tests that route), written directly with the memory
   * crypto's cheap password hashes. Not about evidence unless a test asks (R9).
   */
  const policy = { requireEvidence: options.requireEvidence ?? false };
  const seed = async (examId: string, sittingId: string, name: string, entryOpensAt: number | null, seats: typeof accounts) => {
    await repo.insertSitting({ id: sittingId, examId, name, startsAt: START, entryOpensAt, policy });
    const bodies = [];
    for (const [i, a] of seats.entries()) {
      const row = newCandidateRow(
        { id: `${sittingId}-cand-${i + 1}`, examId, sittingId, name: a.name, ...storedIdNumber(crypto, a.idNumber), admissionNumber: a.admissionNumber, passwordHash: memoryPasswordHash(a.password) },
        now,
      );
      await repo.insertCandidate(row);
      bodies.push(candidateBody(row));
    }
    return bodies;
  };
  const seeded = { sitting: { id: 'sit-1' }, candidates: await seed('exam-1', 'sit-1', '第一场', options.entryOpensAt ?? null, accounts) };
  const foreign = {
    sitting: { id: 'sit-x' },
    candidates: await seed('exam-2', 'sit-x', '别的考试', null, [{ name: '外人', idNumber: '220101200001010099', password: 'pass-x', admissionNumber: '9' }]),
  };
  const candidates = seeded.candidates.map((c, i) => ({ ...c, ...accounts[i]! }));
  const ip = { ip: '10.0.0.1' };

  const w = {
    repo,
    crypto,
    domain,
    events,
    ends,
    uploads,
    finalize,
    sittingId: seeded.sitting.id,
    candidates,
    foreign: { ...foreign.candidates[0]!, sittingId: foreign.sitting.id, idNumber: '220101200001010099', password: 'pass-x' },
    at(instant: number) {
      now = instant;
    },
    /** Logs candidate i in with their password (asynchronous, like the domain's password check) and returns the token. */
    async login(i: number, deviceKey = `device-${i}-key`, caller = ip) {
      const c = candidates[i]!;
      return (await domain.loginWithPassword({ examId: 'exam-1', idNumber: c.idNumber, password: c.password, deviceKey }, caller)).token;
    },
    /** Logs candidate i in and returns their principal. */
    async candidate(i: number, deviceKey?: string) {
      return domain.authenticate(await w.login(i, deviceKey));
    },
    async supervisor() {
      return domain.authenticate((await domain.supervisorLogin({ username: 'supervisor', password: 'sup-pass' }, ip)).token);
    },
    async phone(i: number) {
      const pairing = await domain.createPairing(await w.candidate(i, `device-${i}-key`));
      return domain.authenticate((await domain.pairPhone({ code: pairing.code }, ip)).token);
    },
    /** Candidate i's phone pairs and reports 录制中 (R9); answers the phone's principal. */
    async phoneRecording(i: number) {
      const phone = await w.phone(i);
      await domain.setEvidenceStatus(phone, { state: 'recording' });
      return phone;
    },
    /** 设备确认, 信息确认 and the pledge of one who entered, as the page sends them (R16, R17, R24). */
    async confirmAll(principal: Principal) {
      await domain.confirm(principal, { kind: 'devices' });
      await domain.confirm(principal, { kind: 'info' });
      return domain.confirm(principal, { kind: 'pledge', pledgeVersion: PLEDGE_VERSION });
    },
    eventsOf(type: LiveEvent['type']) {
      return events.filter(([e]) => e.type === type);
    },
  };
  return w;
}

export type World = Awaited<ReturnType<typeof world>>;
