/**
 * The suite every Repository implementation must pass (the Maps of the mocks, the server's SQLite). It speaks only
 * through the port, inserts parents before children (so foreign keys may exist) and never relies on anything the
 * port does not promise. Not exported from the package index: tests import it by path.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  CandidateRow,
  ExamRow,
  HelpMessageRow,
  IncidentRow,
  QuestionRow,
  RecordingRow,
  Repository,
  SessionRow,
  SittingRow,
  SupervisorRow,
} from './repository.js';
import { newRecordingRow } from './repository.js';
import { describeAdministrationContract } from './repository.contract.admin.js';
import { describeRetentionContract } from './repository.contract.retention.js';

const T0 = Date.UTC(2030, 0, 1, 2, 0);

const exam = (id: string, policy: ExamRow['policy'] = {}, timeZone = 'Asia/Shanghai'): ExamRow => ({ id, title: `考试 ${id}`, policy, timeZone });

const sitting = (id: string, examId: string, startsAt: number, extra: Partial<SittingRow> = {}): SittingRow => ({
  id,
  examId,
  name: `场次 ${id}`,
  startsAt,
  entryOpensAt: null,
  policy: {},
  ...extra,
});

const candidate = (id: string, sittingId: string, extra: Partial<CandidateRow> = {}): CandidateRow => ({
  id,
  examId: 'exam-1',
  sittingId,
  name: `考生 ${id}`,
  idNumberHash: `hmac-of-${id}`,
  idNumberMasked: `1101**********${id.padStart(4, '0').slice(-4)}`,
  admissionNumber: `A-${id}`,
  rosterPhotoName: null,
  photoFile: null,
  passwordHash: `scrypt$16384$8$1$c2FsdA==$aGFzaA==`,
  stage: 'readingProcess',
  lot: null,
  enteredAt: null,
  finishedAt: null,
  finishReason: null,
  evidenceState: 'waitingForPhone',
  evidenceUpdatedAt: T0,
  evidenceBytesExpected: null,
  devicesConfirmedAt: null,
  infoConfirmedAt: null,
  pledgeAcceptedAt: null,
  pledgeVersion: null,
  extraTimeMs: 0,
  lateEntryAllowedAt: null,
  ...extra,
});

const session = (id: string, subjectId: string, extra: Partial<SessionRow> = {}): SessionRow => ({
  id,
  tokenHash: `hash-${id}`,
  role: 'candidate',
  subjectId,
  deviceKey: 'device-key-1',
  createdAt: T0,
  lastSeenAt: T0,
  revokedAt: null,
  ...extra,
});

const incident = (id: string, candidateId: string, at: number, extra: Partial<IncidentRow> = {}): IncidentRow => ({
  id,
  candidateId,
  kind: 'windowBlur',
  at,
  detail: null,
  receivedAt: at + 10,
  ...extra,
});

const message = (id: string, candidateId: string, at: number, extra: Partial<HelpMessageRow> = {}): HelpMessageRow => ({
  id,
  candidateId,
  from: 'candidate',
  text: `消息 ${id}`,
  at,
  ...extra,
});

const recording = (id: string, candidateId: string, createdAt: number, extra: Partial<RecordingRow> = {}): RecordingRow => ({
  ...newRecordingRow({ id, candidateId, kind: 'camera', part: 1, mimeType: 'video/webm;codecs=vp8,opus', createdAt, realCreatedAt: createdAt }),
  ...extra,
});

const ids = (rows: readonly { readonly id: string }[]) => rows.map((r) => r.id);

export function describeRepositoryContract(name: string, make: () => Repository | Promise<Repository>): void {
  describe(`Repository contract: ${name}`, () => {
    let repo: Repository;

    /** Two exams, three sittings and two candidates: the parents most tables need. */
    const seedWorld = () => {
      repo.insertExam(exam('exam-1'));
      repo.insertExam(exam('exam-2'));
      repo.insertSitting(sitting('s-1', 'exam-1', T0));
      repo.insertSitting(sitting('s-2', 'exam-1', T0 + 90 * 60_000));
      repo.insertSitting(sitting('s-3', 'exam-2', T0));
      repo.insertCandidate(candidate('c-1', 's-1'));
      repo.insertCandidate(candidate('c-2', 's-1'));
    };

    beforeEach(async () => {
      repo = await make();
    });

    describeAdministrationContract(() => repo);
    describeRetentionContract(() => repo);

    describe('exams', () => {
      it('round-trips an exam with its policy', () => {
        const row = exam('exam-1', { answerMs: 8 * 60_000, requireEvidence: false, lateEntryCutoffMs: 0 });
        repo.insertExam(row);
        expect(repo.getExam('exam-1')).toEqual(row);
      });

      it('round-trips the exam’s time zone', () => {
        repo.insertExam(exam('exam-1', {}, 'Europe/Berlin'));
        repo.insertExam(exam('exam-2'));
        expect([repo.getExam('exam-1')?.timeZone, repo.getExam('exam-2')?.timeZone]).toEqual(['Europe/Berlin', 'Asia/Shanghai']);
      });

      it('answers undefined for an unknown exam', () => {
        expect(repo.getExam('nope')).toBeUndefined();
      });

      it('refuses a second exam with the same id', () => {
        repo.insertExam(exam('exam-1'));
        expect(() => repo.insertExam(exam('exam-1'))).toThrow();
      });
    });

    describe('sittings', () => {
      beforeEach(() => {
        repo.insertExam(exam('exam-1'));
        repo.insertExam(exam('exam-2'));
      });

      it('round-trips a sitting with and without an entry time and policy', () => {
        const plain = sitting('s-1', 'exam-1', T0);
        const full = sitting('s-2', 'exam-1', T0 + 1, { entryOpensAt: T0 - 600_000, policy: { loginOpensBeforeStartMs: 45 * 60_000, answerMs: 300_000 } });
        repo.insertSitting(plain);
        repo.insertSitting(full);
        expect(repo.getSitting('s-1')).toEqual(plain);
        expect(repo.getSitting('s-2')).toEqual(full);
        expect(repo.getSitting('nope')).toBeUndefined();
      });

      it('lists an exam’s sittings by start time, then in insertion order', () => {
        repo.insertSitting(sitting('late', 'exam-1', T0 + 2));
        repo.insertSitting(sitting('tie-a', 'exam-1', T0 + 1));
        repo.insertSitting(sitting('other-exam', 'exam-2', T0));
        repo.insertSitting(sitting('early', 'exam-1', T0));
        repo.insertSitting(sitting('tie-b', 'exam-1', T0 + 1));
        expect(ids(repo.listSittings('exam-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(ids(repo.listSittings('exam-2'))).toEqual(['other-exam']);
        expect(repo.listSittings('nope')).toEqual([]);
      });
    });

    describe('questions', () => {
      it('lists an exam’s questions by order', () => {
        repo.insertExam(exam('exam-1'));
        repo.insertExam(exam('exam-2'));
        const rows: QuestionRow[] = [
          { id: 'q3', examId: 'exam-1', order: 3, text: '第三题' },
          { id: 'q1', examId: 'exam-1', order: 1, text: '第一题' },
          { id: 'x1', examId: 'exam-2', order: 1, text: '别的考试' },
          { id: 'q2', examId: 'exam-1', order: 2, text: '第二题' },
        ];
        for (const row of rows) repo.insertQuestion(row);
        expect(repo.listQuestions('exam-1')).toEqual([rows[1], rows[3], rows[0]]);
        expect(ids(repo.listQuestions('exam-2'))).toEqual(['x1']);
      });
    });

    describe('candidates', () => {
      beforeEach(seedWorld);

      it('round-trips every field, nulls included', () => {
        const row = candidate('c-9', 's-2', {
          stage: 'answering',
          lot: 7,
          enteredAt: T0 - 60_000,
          finishedAt: T0 + 300_000,
          finishReason: 'timeUp',
          evidenceState: 'recording',
          evidenceUpdatedAt: T0 + 5,
          evidenceBytesExpected: 12_345_678_901,
          devicesConfirmedAt: T0 - 50_000,
          infoConfirmedAt: T0 - 40_000,
          pledgeAcceptedAt: T0 - 30_000,
          pledgeVersion: '2026-12-01',
        });
        repo.insertCandidate(row);
        expect(repo.getCandidate('c-9')).toEqual(row);
        expect(repo.getCandidate('c-1')).toEqual(candidate('c-1', 's-1'));
        expect(repo.getCandidate('nope')).toBeUndefined();
      });

      it('finds a candidate by ID number (its keyed hash) within one exam only', () => {
        const inOtherExam = candidate('c-x', 's-3', { examId: 'exam-2', idNumberHash: candidate('c-1', 's-1').idNumberHash });
        repo.insertCandidate(inOtherExam);
        expect(repo.findCandidateByIdNumberHash('exam-1', candidate('c-1', 's-1').idNumberHash)?.id).toBe('c-1');
        expect(repo.findCandidateByIdNumberHash('exam-2', candidate('c-1', 's-1').idNumberHash)?.id).toBe('c-x');
        expect(repo.findCandidateByIdNumberHash('exam-2', candidate('c-2', 's-1').idNumberHash)).toBeUndefined();
        expect(repo.findCandidateByIdNumberHash('exam-1', 'hmac-of-nobody')).toBeUndefined();
      });

      it('lists a sitting’s candidates by admission number, then in insertion order', () => {
        repo.insertCandidate(candidate('c-3', 's-2', { admissionNumber: '2026000003' }));
        repo.insertCandidate(candidate('c-4', 's-2', { admissionNumber: '2026000001' }));
        repo.insertCandidate(candidate('c-5', 's-2', { admissionNumber: '2026000002' }));
        repo.insertCandidate(candidate('c-6', 's-2', { admissionNumber: '2026000001' }));
        expect(ids(repo.listCandidates('s-2'))).toEqual(['c-4', 'c-6', 'c-5', 'c-3']);
        expect(ids(repo.listCandidates('s-1'))).toEqual(['c-1', 'c-2']);
        expect(repo.listCandidates('s-3')).toEqual([]);
      });

      it('lists the candidates whose evidence is in a state, across sittings, in insertion order', () => {
        repo.insertCandidate(candidate('c-7', 's-2', { evidenceState: 'recording' }));
        repo.insertCandidate(candidate('c-8', 's-1', { evidenceState: 'stopped' }));
        repo.updateCandidate(candidate('c-1', 's-1', { evidenceState: 'recording' }));
        expect(ids(repo.listCandidatesByEvidenceState('recording'))).toEqual(['c-1', 'c-7']);
        expect(ids(repo.listCandidatesByEvidenceState('stopped'))).toEqual(['c-8']);
        expect(repo.listCandidatesByEvidenceState('uploaded')).toEqual([]);
      });

      it('updates every mutable field', () => {
        const updated = candidate('c-1', 's-1', {
          stage: 'finished',
          lot: 3,
          enteredAt: T0 - 1,
          finishedAt: T0 + 2,
          finishReason: 'endedEarly',
          evidenceState: 'uploaded',
          evidenceUpdatedAt: T0 + 3,
          evidenceBytesExpected: 4_096,
          devicesConfirmedAt: T0 + 4,
          infoConfirmedAt: T0 + 5,
          pledgeAcceptedAt: T0 + 6,
          pledgeVersion: 'v2',
        });
        repo.updateCandidate(updated);
        expect(repo.getCandidate('c-1')).toEqual(updated);
        expect(repo.getCandidate('c-2')).toEqual(candidate('c-2', 's-1'));
      });

      it('refuses a second candidate with the same id', () => {
        expect(() => repo.insertCandidate(candidate('c-1', 's-2'))).toThrow();
      });
    });

    describe('face descriptors', () => {
      beforeEach(seedWorld);

      it('round-trips a candidate’s descriptor (as float32 numbers), replaces it, and forgets it', () => {
        expect(repo.getFaceDescriptor('c-1')).toBeUndefined();
        const row = { candidateId: 'c-1', photoFile: 'c-1.jpg', descriptor: [0.5, -0.25, 1.5, 0], createdAt: T0 };
        repo.putFaceDescriptor(row);
        expect(repo.getFaceDescriptor('c-1')).toEqual(row);
        repo.putFaceDescriptor({ ...row, photoFile: 'c-1.png', descriptor: [0.1], createdAt: T0 + 1 });
        const replaced = repo.getFaceDescriptor('c-1')!;
        expect(replaced).toMatchObject({ photoFile: 'c-1.png', createdAt: T0 + 1 });
        expect(replaced.descriptor[0]).toBeCloseTo(0.1, 6);
        expect(repo.getFaceDescriptor('c-2')).toBeUndefined();
        repo.deleteFaceDescriptor('c-1');
        expect(repo.getFaceDescriptor('c-1')).toBeUndefined();
      });
    });

    describe('supervisors', () => {
      it('round-trips a supervisor with their exams, and finds them by username', () => {
        repo.insertExam(exam('exam-1'));
        repo.insertExam(exam('exam-2'));
        const row: SupervisorRow = { id: 'sup-1', username: 'supervisor', passwordHash: 'scrypt$x', examIds: ['exam-2', 'exam-1'] };
        const other: SupervisorRow = { id: 'sup-2', username: 'other.one', passwordHash: 'scrypt$y', examIds: [] };
        repo.insertSupervisor(row);
        repo.insertSupervisor(other);
        expect(repo.getSupervisor('sup-1')).toEqual(row);
        expect(repo.getSupervisor('sup-2')).toEqual(other);
        expect(repo.findSupervisorByUsername('supervisor')).toEqual(row);
        expect(repo.findSupervisorByUsername('nobody')).toBeUndefined();
        expect(repo.getSupervisor('nope')).toBeUndefined();
      });
    });

    describe('sessions', () => {
      beforeEach(seedWorld);

      it('round-trips a session and finds it by token hash', () => {
        const row = session('ses-1', 'c-1', { revokedAt: T0 + 1, lastSeenAt: T0 + 1 });
        repo.insertSession(row);
        expect(repo.findSessionByTokenHash('hash-ses-1')).toEqual(row);
        expect(repo.findSessionByTokenHash('hash-unknown')).toBeUndefined();
      });

      it('lists the sessions of one role and subject, oldest first, then in insertion order', () => {
        repo.insertSession(session('late', 'c-1', { createdAt: T0 + 2 }));
        repo.insertSession(session('tie-a', 'c-1', { createdAt: T0 + 1 }));
        repo.insertSession(session('phone', 'c-1', { role: 'phone', deviceKey: '', createdAt: T0 }));
        repo.insertSession(session('other', 'c-2', { createdAt: T0 }));
        repo.insertSession(session('early', 'c-1', { createdAt: T0 }));
        repo.insertSession(session('tie-b', 'c-1', { createdAt: T0 + 1 }));
        expect(ids(repo.listSessions('candidate', 'c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(ids(repo.listSessions('phone', 'c-1'))).toEqual(['phone']);
        expect(repo.listSessions('supervisor', 'c-1')).toEqual([]);
      });

      it('updates lastSeenAt and revokedAt', () => {
        repo.insertSession(session('ses-1', 'c-1'));
        repo.insertSession(session('ses-2', 'c-1'));
        repo.updateSession(session('ses-1', 'c-1', { lastSeenAt: T0 + 30_000, revokedAt: T0 + 31_000 }));
        expect(repo.findSessionByTokenHash('hash-ses-1')).toEqual(session('ses-1', 'c-1', { lastSeenAt: T0 + 30_000, revokedAt: T0 + 31_000 }));
        expect(repo.findSessionByTokenHash('hash-ses-2')).toEqual(session('ses-2', 'c-1'));
      });
    });

    describe('pairings', () => {
      it('round-trips a pairing by its code', () => {
        seedWorld();
        const pairing = { code: 'code-hash-1', candidateId: 'c-1', expiresAt: T0 + 600_000, usedAt: null, revokedAt: null };
        repo.insertPairing(pairing);
        expect(repo.findPairing('code-hash-1')).toEqual(pairing);
        expect(repo.findPairing('code-hash-2')).toBeUndefined();
      });

      it('lists a candidate’s codes oldest first, and marks one used or revoked', () => {
        seedWorld();
        const pairing = (code: string, candidateId: string, expiresAt: number) => ({ code, candidateId, expiresAt, usedAt: null, revokedAt: null });
        repo.insertPairing(pairing('code-b', 'c-1', T0 + 1));
        repo.insertPairing(pairing('code-a', 'c-1', T0 + 2));
        repo.insertPairing(pairing('code-c', 'c-2', T0 + 3));
        expect(repo.listPairings('c-1').map((p) => p.code)).toEqual(['code-b', 'code-a']);
        repo.updatePairing({ ...pairing('code-b', 'c-1', T0 + 1), revokedAt: T0 + 5 });
        repo.updatePairing({ ...pairing('code-a', 'c-1', T0 + 2), usedAt: T0 + 6 });
        expect(repo.listPairings('c-1')).toEqual([
          { ...pairing('code-b', 'c-1', T0 + 1), revokedAt: T0 + 5 },
          { ...pairing('code-a', 'c-1', T0 + 2), usedAt: T0 + 6 },
        ]);
        expect(repo.findPairing('code-c')).toEqual(pairing('code-c', 'c-2', T0 + 3));
        expect(() => repo.updatePairing(pairing('code-x', 'c-1', T0))).toThrow();
      });
    });

    describe('incidents', () => {
      beforeEach(seedWorld);

      it('stores an incident once per id and keeps the first', () => {
        const first = incident('inc-1', 'c-1', T0, { detail: 'camera' });
        expect(repo.insertIncidentIfAbsent(first)).toBe(true);
        expect(repo.insertIncidentIfAbsent({ ...first, kind: 'printScreen', detail: null })).toBe(false);
        expect(repo.listIncidents('c-1')).toEqual([first]);
      });

      it('keys incidents by (candidate, id): the same id from two candidates is two incidents', () => {
        expect(repo.insertIncidentIfAbsent(incident('inc-1', 'c-1', T0))).toBe(true);
        expect(repo.insertIncidentIfAbsent(incident('inc-1', 'c-2', T0 + 1, { kind: 'printScreen' }))).toBe(true);
        expect(repo.listIncidents('c-1')).toEqual([incident('inc-1', 'c-1', T0)]);
        expect(repo.listIncidents('c-2')).toEqual([incident('inc-1', 'c-2', T0 + 1, { kind: 'printScreen' })]);
      });

      it('lists a candidate’s incidents by time, then in insertion order', () => {
        repo.insertIncidentIfAbsent(incident('late', 'c-1', T0 + 2));
        repo.insertIncidentIfAbsent(incident('tie-a', 'c-1', T0 + 1));
        repo.insertIncidentIfAbsent(incident('other', 'c-2', T0));
        repo.insertIncidentIfAbsent(incident('early', 'c-1', T0));
        repo.insertIncidentIfAbsent(incident('tie-b', 'c-1', T0 + 1));
        expect(ids(repo.listIncidents('c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(repo.listIncidents('c-2')).toEqual([incident('other', 'c-2', T0)]);
      });
    });

    describe('help messages', () => {
      beforeEach(seedWorld);

      it('stores a message once per id, keeps the first, and gets it by id', () => {
        const first = message('m-1', 'c-1', T0);
        expect(repo.insertHelpMessageIfAbsent(first)).toBe(true);
        expect(repo.insertHelpMessageIfAbsent({ ...first, text: '改过的', at: T0 + 1 })).toBe(false);
        expect(repo.getHelpMessage('c-1', 'm-1')).toEqual(first);
        expect(repo.getHelpMessage('c-1', 'm-2')).toBeUndefined();
      });

      it('keys messages by (candidate, id): another candidate’s chat may use the same id', () => {
        const mine = message('m-1', 'c-1', T0);
        const theirs = message('m-1', 'c-2', T0 + 1, { text: '另一位考生' });
        expect(repo.insertHelpMessageIfAbsent(mine)).toBe(true);
        expect(repo.insertHelpMessageIfAbsent(theirs)).toBe(true);
        expect(repo.getHelpMessage('c-1', 'm-1')).toEqual(mine);
        expect(repo.getHelpMessage('c-2', 'm-1')).toEqual(theirs);
        expect(repo.listHelpMessages('c-2')).toEqual([theirs]);
      });

      it('lists a candidate’s chat by time, then in insertion order', () => {
        repo.insertHelpMessageIfAbsent(message('late', 'c-1', T0 + 2, { from: 'supervisor' }));
        repo.insertHelpMessageIfAbsent(message('tie-a', 'c-1', T0 + 1));
        repo.insertHelpMessageIfAbsent(message('other', 'c-2', T0));
        repo.insertHelpMessageIfAbsent(message('early', 'c-1', T0));
        repo.insertHelpMessageIfAbsent(message('tie-b', 'c-1', T0 + 1, { from: 'supervisor' }));
        expect(ids(repo.listHelpMessages('c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(repo.listHelpMessages('c-1')[3]).toEqual(message('late', 'c-1', T0 + 2, { from: 'supervisor' }));
        expect(ids(repo.listHelpMessages('c-2'))).toEqual(['other']);
      });
    });

    describe('the supervisor console (interventions, verdicts, recording links, notices)', () => {
      beforeEach(seedWorld);

      it('round-trips a supervisor of single sittings', () => {
        const row: SupervisorRow = { id: 'sup-s', username: 'sitting.only', passwordHash: 'scrypt$z', examIds: [], sittingIds: ['s-1'] };
        repo.insertSupervisor(row);
        expect(repo.getSupervisor('sup-s')).toEqual(row);
      });

      it('round-trips a notice and the supervisor who wrote it', () => {
        repo.insertSupervisor({ id: 'sup-n', username: 'notices', passwordHash: 'scrypt$n', examIds: ['exam-1'] });
        const notice = message('n-1', 'c-1', T0, { from: 'supervisor', notice: true, supervisorId: 'sup-n' });
        repo.insertHelpMessageIfAbsent(notice);
        expect(repo.getHelpMessage('c-1', 'n-1')).toEqual(notice);
      });

      it('lists a candidate’s interventions and verdicts oldest first, and finds a recording link by its hash', () => {
        repo.insertSupervisor({ id: 'sup-i', username: 'intervenes', passwordHash: 'scrypt$i', examIds: ['exam-1'] });
        const late = { id: 'int-2', candidateId: 'c-1', supervisorId: 'sup-i', kind: 'endInterview' as const, at: T0 + 2, minutes: null, reason: '作弊' };
        const early = { id: 'int-1', candidateId: 'c-1', supervisorId: 'sup-i', kind: 'extraTime' as const, at: T0, minutes: 5, reason: null };
        repo.insertIntervention(late);
        repo.insertIntervention(early);
        expect(repo.listInterventions('c-1')).toEqual([early, late]);
        expect(repo.listInterventions('c-2')).toEqual([]);
        const first = { id: 'v-1', candidateId: 'c-1', supervisorId: 'sup-i', verdict: 'doubtful' as const, comment: '看不清', at: T0 };
        const second = { id: 'v-2', candidateId: 'c-1', supervisorId: 'sup-i', verdict: 'passed' as const, comment: '', at: T0 + 1 };
        repo.insertVerdict(second);
        repo.insertVerdict(first);
        expect(repo.listVerdicts('c-1')).toEqual([first, second]);
        repo.insertSession(session('sess-i', 'sup-i', { role: 'supervisor' }));
        repo.insertRecording(recording('rec-l', 'c-1', T0));
        const link = { tokenHash: 'hash-link', recordingId: 'rec-l', supervisorId: 'sup-i', sessionId: 'sess-i', expiresAt: T0 + 300_000 };
        repo.insertRecordingLink(link);
        expect(repo.findRecordingLink('hash-link')).toEqual(link);
        expect(repo.findRecordingLink('hash-other')).toBeUndefined();
      });

      it('counts the candidates with a live session by stage, and sums the latest upload samples’ lag by kind (the metrics)', () => {
        repo.updateCandidate({ ...repo.getCandidate('c-2')!, stage: 'answering' });
        repo.insertSession(session('sess-a', 'c-1', { lastSeenAt: T0 }));
        repo.insertSession(session('sess-b', 'c-1', { lastSeenAt: T0 - 60_000 }));
        repo.insertSession(session('sess-c', 'c-2', { lastSeenAt: T0 - 60_000 }));
        repo.insertSession(session('sess-d', 'c-2', { lastSeenAt: T0, revokedAt: T0 }));
        // c-1 (its stage as seeded) has a session seen since; c-2's recent one is revoked, its live one too old.
        expect(repo.countActiveCandidatesByStage(T0 - 30_000)).toEqual({ [repo.getCandidate('c-1')!.stage]: 1 });
        expect(repo.countActiveCandidatesByStage(T0 - 90_000)).toEqual({ [repo.getCandidate('c-1')!.stage]: 1, answering: 1 });
        expect(repo.countActiveCandidatesByStage(T0 + 1)).toEqual({});

        const sample = (candidateId: string, kind: 'camera' | 'screen' | 'phone', at: number, recorded: number, acknowledged: number) => ({ candidateId, kind, at, recorded, acknowledged, lagSince: null });
        repo.insertUploadSample(sample('c-1', 'camera', T0 - 20_000, 500, 100));
        repo.insertUploadSample(sample('c-1', 'camera', T0, 900, 800));
        repo.insertUploadSample(sample('c-2', 'camera', T0, 400, 100));
        repo.insertUploadSample(sample('c-1', 'screen', T0 - 60_000, 70, 0));
        // The latest sample of each candidate and kind counts, only if it is recent enough: c-1's old screen one is not.
        expect(repo.uploadLagByKind(T0 - 30_000)).toEqual({ camera: 100 + 300 });
        expect(repo.uploadLagByKind(T0 - 90_000)).toEqual({ camera: 400, screen: 70 });
      });

      it('keeps upload-health samples per candidate and kind, lists them by time and finds the latest; a rollback drops them', () => {
        const sample = (kind: 'camera' | 'screen' | 'phone', at: number, recorded: number, lagSince: number | null = null) => ({ candidateId: 'c-1', kind, at, recorded, acknowledged: recorded - 1, lagSince });
        const first = sample('camera', T0, 100);
        const screen = sample('screen', T0 + 5, 50, T0 + 5);
        const second = sample('camera', T0 + 10_000, 200, T0 + 10_000);
        repo.insertUploadSample(first);
        repo.insertUploadSample(second);
        repo.insertUploadSample(screen);
        expect(repo.listUploadSamples('c-1')).toEqual([first, screen, second]);
        expect(repo.latestUploadSample('c-1', 'camera')).toEqual(second);
        expect(repo.latestUploadSample('c-1', 'phone')).toBeUndefined();
        expect(repo.listUploadSamples('c-2')).toEqual([]);
        expect(() => repo.transaction(() => {
          repo.insertUploadSample(sample('phone', T0 + 20_000, 9));
          throw new Error('rolled back');
        })).toThrow('rolled back');
        expect(repo.latestUploadSample('c-1', 'phone')).toBeUndefined();
      });
    });

    describe('recordings', () => {
      beforeEach(seedWorld);

      it('round-trips a recording, booleans and nulls included', () => {
        const row = recording('rec-1', 'c-1', T0, { kind: 'evidence', mimeType: 'video/mp4', bytesReceived: 1234, complete: true, clientSha256: 'a'.repeat(64), serverSha256: 'b'.repeat(64), durationMs: 0 });
        repo.insertRecording(row);
        repo.insertRecording(recording('rec-2', 'c-1', T0));
        const abandoned = recording('rec-3', 'c-1', T0 + 5, { part: 2, realCreatedAt: T0 - 77, abandonedAt: T0 + 9 });
        repo.insertRecording(abandoned);
        expect(repo.getRecording('rec-3')).toEqual(abandoned);
        repo.updateRecording({ ...abandoned, abandonedAt: null, complete: true });
        expect(repo.getRecording('rec-3')).toMatchObject({ part: 2, realCreatedAt: T0 - 77, abandonedAt: null, complete: true });
        expect(repo.getRecording('rec-1')).toEqual(row);
        expect(repo.getRecording('rec-2')).toEqual(recording('rec-2', 'c-1', T0));
        expect(repo.getRecording('nope')).toBeUndefined();
      });

      it('lists a candidate’s recordings by creation time, then in insertion order', () => {
        repo.insertRecording(recording('late', 'c-1', T0 + 2));
        repo.insertRecording(recording('tie-a', 'c-1', T0 + 1, { kind: 'screen' }));
        repo.insertRecording(recording('other', 'c-2', T0));
        repo.insertRecording(recording('early', 'c-1', T0));
        repo.insertRecording(recording('tie-b', 'c-1', T0 + 1));
        expect(ids(repo.listRecordings('c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(ids(repo.listRecordings('c-2'))).toEqual(['other']);
      });

      it('updates the bytes received, completion, checksums and duration', () => {
        repo.insertRecording(recording('rec-1', 'c-1', T0));
        const done = recording('rec-1', 'c-1', T0, {
          bytesReceived: 5_000_000_000,
          complete: true,
          clientSha256: 'c'.repeat(64),
          serverSha256: 'd'.repeat(64),
          durationMs: 3 * 60 * 60_000 + 1,
        });
        repo.updateRecording(done);
        expect(repo.getRecording('rec-1')).toEqual(done);
        expect(repo.listRecordings('c-1')).toEqual([done]);
        // And back to unknown: a null duration stays null, not 0.
        repo.updateRecording({ ...done, durationMs: null });
        expect(repo.getRecording('rec-1')?.durationMs).toBeNull();
      });
    });

    describe('rows handed out', () => {
      it('are copies: changing one changes nothing stored', () => {
        seedWorld();
        const row = repo.getCandidate('c-1') as { lot: number | null };
        row.lot = 99;
        const listed = repo.listCandidates('s-1')[0] as { lot: number | null };
        listed.lot = 98;
        expect(repo.getCandidate('c-1')?.lot).toBeNull();
      });
    });

    describe('transactions', () => {
      it('return the value of their work and keep its writes', () => {
        const value = repo.transaction(() => {
          repo.insertExam(exam('exam-1'));
          repo.insertSitting(sitting('s-1', 'exam-1', T0));
          return 42;
        });
        expect(value).toBe(42);
        expect(repo.getExam('exam-1')).toEqual(exam('exam-1'));
        expect(ids(repo.listSittings('exam-1'))).toEqual(['s-1']);
      });

      it('undo every write of work that throws, and rethrow its error', () => {
        seedWorld();
        repo.insertSession(session('ses-1', 'c-1'));
        repo.insertRecording(recording('rec-1', 'c-1', T0));
        const failure = new Error('boom');
        expect(() =>
          repo.transaction(() => {
            repo.insertExam(exam('exam-3'));
            repo.insertSitting(sitting('s-9', 'exam-1', T0));
            repo.insertQuestion({ id: 'q-9', examId: 'exam-1', order: 1, text: 'x' });
            repo.insertCandidate(candidate('c-9', 's-1'));
            repo.updateCandidate(candidate('c-1', 's-1', { lot: 1, stage: 'drawingLot' }));
            repo.insertSupervisor({ id: 'sup-9', username: 'nine', passwordHash: 'x', examIds: ['exam-1'] });
            repo.insertSession(session('ses-9', 'c-2'));
            repo.updateSession(session('ses-1', 'c-1', { revokedAt: T0 + 1 }));
            repo.insertPairing({ code: 'code-9', candidateId: 'c-1', expiresAt: T0, usedAt: null, revokedAt: null });
            repo.insertIncidentIfAbsent(incident('inc-9', 'c-1', T0));
            repo.insertHelpMessageIfAbsent(message('m-9', 'c-1', T0));
            repo.insertRecording(recording('rec-9', 'c-1', T0));
            repo.updateRecording(recording('rec-1', 'c-1', T0, { bytesReceived: 10 }));
            throw failure;
          }),
        ).toThrow(failure);
        expect(repo.getExam('exam-3')).toBeUndefined();
        expect(ids(repo.listSittings('exam-1'))).toEqual(['s-1', 's-2']);
        expect(repo.listQuestions('exam-1')).toEqual([]);
        expect(repo.getCandidate('c-9')).toBeUndefined();
        expect(repo.getCandidate('c-1')).toEqual(candidate('c-1', 's-1'));
        expect(repo.getSupervisor('sup-9')).toBeUndefined();
        expect(repo.findSessionByTokenHash('hash-ses-9')).toBeUndefined();
        expect(repo.findSessionByTokenHash('hash-ses-1')).toEqual(session('ses-1', 'c-1'));
        expect(repo.findPairing('code-9')).toBeUndefined();
        expect(repo.listIncidents('c-1')).toEqual([]);
        expect(repo.getHelpMessage('c-1', 'm-9')).toBeUndefined();
        expect(repo.getRecording('rec-9')).toBeUndefined();
        expect(repo.getRecording('rec-1')).toEqual(recording('rec-1', 'c-1', T0));
        // The ids of rolled-back rows are free again.
        expect(repo.insertIncidentIfAbsent(incident('inc-9', 'c-1', T0))).toBe(true);
        repo.insertExam(exam('exam-3'));
        expect(repo.getExam('exam-3')).toEqual(exam('exam-3'));
      });

      it('undo everything when an insert of an existing id throws inside them', () => {
        repo.insertExam(exam('exam-1'));
        expect(() =>
          repo.transaction(() => {
            repo.insertExam(exam('exam-2'));
            repo.insertExam(exam('exam-1'));
          }),
        ).toThrow();
        expect(repo.getExam('exam-2')).toBeUndefined();
        expect(repo.getExam('exam-1')).toEqual(exam('exam-1'));
      });

      it('undo a nested transaction’s writes when the outer one throws', () => {
        expect(() =>
          repo.transaction(() => {
            repo.insertExam(exam('exam-1'));
            repo.transaction(() => repo.insertExam(exam('exam-2')));
            throw new Error('outer fails');
          }),
        ).toThrow('outer fails');
        expect(repo.getExam('exam-1')).toBeUndefined();
        expect(repo.getExam('exam-2')).toBeUndefined();
      });
    });
  });
}
