/**
 * The suite every Repository implementation must pass (the Maps of the mocks, the server's SQLite and PostgreSQL). It
 * speaks only through the port, inserts parents before children (so foreign keys may exist) and never relies on
 * anything the port does not promise. Not exported from the package index: tests import it by path.
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
    const seedWorld = async () => {
      await repo.insertExam(exam('exam-1'));
      await repo.insertExam(exam('exam-2'));
      await repo.insertSitting(sitting('s-1', 'exam-1', T0));
      await repo.insertSitting(sitting('s-2', 'exam-1', T0 + 90 * 60_000));
      await repo.insertSitting(sitting('s-3', 'exam-2', T0));
      await repo.insertCandidate(candidate('c-1', 's-1'));
      await repo.insertCandidate(candidate('c-2', 's-1'));
    };

    beforeEach(async () => {
      repo = await make();
    });

    describeAdministrationContract(() => repo);
    describeRetentionContract(() => repo);

    describe('exams', () => {
      it('round-trips an exam with its policy', async () => {
        const row = exam('exam-1', { answerMs: 8 * 60_000, requireEvidence: false, lateEntryCutoffMs: 0 });
        await repo.insertExam(row);
        expect(await repo.getExam('exam-1')).toEqual(row);
      });

      it('round-trips the exam’s time zone', async () => {
        await repo.insertExam(exam('exam-1', {}, 'Europe/Berlin'));
        await repo.insertExam(exam('exam-2'));
        expect([(await repo.getExam('exam-1'))?.timeZone, (await repo.getExam('exam-2'))?.timeZone]).toEqual(['Europe/Berlin', 'Asia/Shanghai']);
      });

      it('answers undefined for an unknown exam', async () => {
        expect(await repo.getExam('nope')).toBeUndefined();
      });

      it('refuses a second exam with the same id', async () => {
        await repo.insertExam(exam('exam-1'));
        await expect(repo.insertExam(exam('exam-1'))).rejects.toThrow();
      });
    });

    describe('sittings', () => {
      beforeEach(async () => {
        await repo.insertExam(exam('exam-1'));
        await repo.insertExam(exam('exam-2'));
      });

      it('round-trips a sitting with and without an entry time and policy', async () => {
        const plain = sitting('s-1', 'exam-1', T0);
        const full = sitting('s-2', 'exam-1', T0 + 1, { entryOpensAt: T0 - 600_000, policy: { loginOpensBeforeStartMs: 45 * 60_000, answerMs: 300_000 } });
        await repo.insertSitting(plain);
        await repo.insertSitting(full);
        expect(await repo.getSitting('s-1')).toEqual(plain);
        expect(await repo.getSitting('s-2')).toEqual(full);
        expect(await repo.getSitting('nope')).toBeUndefined();
      });

      it('lists an exam’s sittings by start time, then in insertion order', async () => {
        await repo.insertSitting(sitting('late', 'exam-1', T0 + 2));
        await repo.insertSitting(sitting('tie-a', 'exam-1', T0 + 1));
        await repo.insertSitting(sitting('other-exam', 'exam-2', T0));
        await repo.insertSitting(sitting('early', 'exam-1', T0));
        await repo.insertSitting(sitting('tie-b', 'exam-1', T0 + 1));
        expect(ids(await repo.listSittings('exam-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(ids(await repo.listSittings('exam-2'))).toEqual(['other-exam']);
        expect(await repo.listSittings('nope')).toEqual([]);
      });
    });

    describe('questions', () => {
      it('lists an exam’s questions by order', async () => {
        await repo.insertExam(exam('exam-1'));
        await repo.insertExam(exam('exam-2'));
        const rows: QuestionRow[] = [
          { id: 'q3', examId: 'exam-1', order: 3, text: '第三题' },
          { id: 'q1', examId: 'exam-1', order: 1, text: '第一题' },
          { id: 'x1', examId: 'exam-2', order: 1, text: '别的考试' },
          { id: 'q2', examId: 'exam-1', order: 2, text: '第二题' },
        ];
        for (const row of rows) await repo.insertQuestion(row);
        expect(await repo.listQuestions('exam-1')).toEqual([rows[1], rows[3], rows[0]]);
        expect(ids(await repo.listQuestions('exam-2'))).toEqual(['x1']);
      });
    });

    describe('candidates', () => {
      beforeEach(seedWorld);

      it('round-trips every field, nulls included', async () => {
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
        await repo.insertCandidate(row);
        expect(await repo.getCandidate('c-9')).toEqual(row);
        expect(await repo.getCandidate('c-1')).toEqual(candidate('c-1', 's-1'));
        expect(await repo.getCandidate('nope')).toBeUndefined();
      });

      it('finds a candidate by ID number (its keyed hash) within one exam only', async () => {
        const inOtherExam = candidate('c-x', 's-3', { examId: 'exam-2', idNumberHash: candidate('c-1', 's-1').idNumberHash });
        await repo.insertCandidate(inOtherExam);
        expect((await repo.findCandidateByIdNumberHash('exam-1', candidate('c-1', 's-1').idNumberHash))?.id).toBe('c-1');
        expect((await repo.findCandidateByIdNumberHash('exam-2', candidate('c-1', 's-1').idNumberHash))?.id).toBe('c-x');
        expect((await repo.findCandidateByIdNumberHash('exam-2', candidate('c-2', 's-1').idNumberHash))).toBeUndefined();
        expect(await repo.findCandidateByIdNumberHash('exam-1', 'hmac-of-nobody')).toBeUndefined();
      });

      it('lists a sitting’s candidates by admission number, then in insertion order', async () => {
        await repo.insertCandidate(candidate('c-3', 's-2', { admissionNumber: '2026000003' }));
        await repo.insertCandidate(candidate('c-4', 's-2', { admissionNumber: '2026000001' }));
        await repo.insertCandidate(candidate('c-5', 's-2', { admissionNumber: '2026000002' }));
        await repo.insertCandidate(candidate('c-6', 's-2', { admissionNumber: '2026000001' }));
        expect(ids(await repo.listCandidates('s-2'))).toEqual(['c-4', 'c-6', 'c-5', 'c-3']);
        expect(ids(await repo.listCandidates('s-1'))).toEqual(['c-1', 'c-2']);
        expect(await repo.listCandidates('s-3')).toEqual([]);
      });

      it('lists the candidates whose evidence is in a state, across sittings, in insertion order', async () => {
        await repo.insertCandidate(candidate('c-7', 's-2', { evidenceState: 'recording' }));
        await repo.insertCandidate(candidate('c-8', 's-1', { evidenceState: 'stopped' }));
        await repo.updateCandidate(candidate('c-1', 's-1', { evidenceState: 'recording' }));
        expect(ids(await repo.listCandidatesByEvidenceState('recording'))).toEqual(['c-1', 'c-7']);
        expect(ids(await repo.listCandidatesByEvidenceState('stopped'))).toEqual(['c-8']);
        expect(await repo.listCandidatesByEvidenceState('uploaded')).toEqual([]);
      });

      it('updates every mutable field', async () => {
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
        await repo.updateCandidate(updated);
        expect(await repo.getCandidate('c-1')).toEqual(updated);
        expect(await repo.getCandidate('c-2')).toEqual(candidate('c-2', 's-1'));
      });

      it('refuses a second candidate with the same id', async () => {
        await expect(repo.insertCandidate(candidate('c-1', 's-2'))).rejects.toThrow();
      });
    });

    describe('face descriptors', () => {
      beforeEach(seedWorld);

      it('round-trips a candidate’s descriptor (as float32 numbers), replaces it, and forgets it', async () => {
        expect(await repo.getFaceDescriptor('c-1')).toBeUndefined();
        const row = { candidateId: 'c-1', photoFile: 'c-1.jpg', descriptor: [0.5, -0.25, 1.5, 0], createdAt: T0 };
        await repo.putFaceDescriptor(row);
        expect(await repo.getFaceDescriptor('c-1')).toEqual(row);
        await repo.putFaceDescriptor({ ...row, photoFile: 'c-1.png', descriptor: [0.1], createdAt: T0 + 1 });
        const replaced = (await repo.getFaceDescriptor('c-1'))!;
        expect(replaced).toMatchObject({ photoFile: 'c-1.png', createdAt: T0 + 1 });
        expect(replaced.descriptor[0]).toBeCloseTo(0.1, 6);
        expect(await repo.getFaceDescriptor('c-2')).toBeUndefined();
        await repo.deleteFaceDescriptor('c-1');
        expect(await repo.getFaceDescriptor('c-1')).toBeUndefined();
      });
    });

    describe('supervisors', () => {
      it('round-trips a supervisor with their exams, and finds them by username', async () => {
        await repo.insertExam(exam('exam-1'));
        await repo.insertExam(exam('exam-2'));
        const row: SupervisorRow = { id: 'sup-1', username: 'supervisor', passwordHash: 'scrypt$x', examIds: ['exam-2', 'exam-1'] };
        const other: SupervisorRow = { id: 'sup-2', username: 'other.one', passwordHash: 'scrypt$y', examIds: [] };
        await repo.insertSupervisor(row);
        await repo.insertSupervisor(other);
        expect(await repo.getSupervisor('sup-1')).toEqual(row);
        expect(await repo.getSupervisor('sup-2')).toEqual(other);
        expect(await repo.findSupervisorByUsername('supervisor')).toEqual(row);
        expect(await repo.findSupervisorByUsername('nobody')).toBeUndefined();
        expect(await repo.getSupervisor('nope')).toBeUndefined();
      });
    });

    describe('sessions', () => {
      beforeEach(seedWorld);

      it('round-trips a session and finds it by token hash', async () => {
        const row = session('ses-1', 'c-1', { revokedAt: T0 + 1, lastSeenAt: T0 + 1 });
        await repo.insertSession(row);
        expect(await repo.findSessionByTokenHash('hash-ses-1')).toEqual(row);
        expect(await repo.findSessionByTokenHash('hash-unknown')).toBeUndefined();
      });

      it('lists the sessions of one role and subject, oldest first, then in insertion order', async () => {
        await repo.insertSession(session('late', 'c-1', { createdAt: T0 + 2 }));
        await repo.insertSession(session('tie-a', 'c-1', { createdAt: T0 + 1 }));
        await repo.insertSession(session('phone', 'c-1', { role: 'phone', deviceKey: '', createdAt: T0 }));
        await repo.insertSession(session('other', 'c-2', { createdAt: T0 }));
        await repo.insertSession(session('early', 'c-1', { createdAt: T0 }));
        await repo.insertSession(session('tie-b', 'c-1', { createdAt: T0 + 1 }));
        expect(ids(await repo.listSessions('candidate', 'c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(ids(await repo.listSessions('phone', 'c-1'))).toEqual(['phone']);
        expect(await repo.listSessions('supervisor', 'c-1')).toEqual([]);
      });

      it('updates lastSeenAt and revokedAt', async () => {
        await repo.insertSession(session('ses-1', 'c-1'));
        await repo.insertSession(session('ses-2', 'c-1'));
        await repo.updateSession(session('ses-1', 'c-1', { lastSeenAt: T0 + 30_000, revokedAt: T0 + 31_000 }));
        expect(await repo.findSessionByTokenHash('hash-ses-1')).toEqual(session('ses-1', 'c-1', { lastSeenAt: T0 + 30_000, revokedAt: T0 + 31_000 }));
        expect(await repo.findSessionByTokenHash('hash-ses-2')).toEqual(session('ses-2', 'c-1'));
      });
    });

    describe('pairings', () => {
      it('round-trips a pairing by its code', async () => {
        await seedWorld();
        const pairing = { code: 'code-hash-1', candidateId: 'c-1', expiresAt: T0 + 600_000, usedAt: null, revokedAt: null };
        await repo.insertPairing(pairing);
        expect(await repo.findPairing('code-hash-1')).toEqual(pairing);
        expect(await repo.findPairing('code-hash-2')).toBeUndefined();
      });

      it('lists a candidate’s codes oldest first, and marks one used or revoked', async () => {
        await seedWorld();
        const pairing = (code: string, candidateId: string, expiresAt: number) => ({ code, candidateId, expiresAt, usedAt: null, revokedAt: null });
        await repo.insertPairing(pairing('code-b', 'c-1', T0 + 1));
        await repo.insertPairing(pairing('code-a', 'c-1', T0 + 2));
        await repo.insertPairing(pairing('code-c', 'c-2', T0 + 3));
        expect((await repo.listPairings('c-1')).map((p) => p.code)).toEqual(['code-b', 'code-a']);
        await repo.updatePairing({ ...pairing('code-b', 'c-1', T0 + 1), revokedAt: T0 + 5 });
        await repo.updatePairing({ ...pairing('code-a', 'c-1', T0 + 2), usedAt: T0 + 6 });
        expect(await repo.listPairings('c-1')).toEqual([
          { ...pairing('code-b', 'c-1', T0 + 1), revokedAt: T0 + 5 },
          { ...pairing('code-a', 'c-1', T0 + 2), usedAt: T0 + 6 },
        ]);
        expect(await repo.findPairing('code-c')).toEqual(pairing('code-c', 'c-2', T0 + 3));
        await expect(repo.updatePairing(pairing('code-x', 'c-1', T0))).rejects.toThrow();
      });
    });

    describe('incidents', () => {
      beforeEach(seedWorld);

      it('stores an incident once per id and keeps the first', async () => {
        const first = incident('inc-1', 'c-1', T0, { detail: 'camera' });
        expect(await repo.insertIncidentIfAbsent(first)).toBe(true);
        expect(await repo.insertIncidentIfAbsent({ ...first, kind: 'printScreen', detail: null })).toBe(false);
        expect(await repo.listIncidents('c-1')).toEqual([first]);
      });

      it('keys incidents by (candidate, id): the same id from two candidates is two incidents', async () => {
        expect(await repo.insertIncidentIfAbsent(incident('inc-1', 'c-1', T0))).toBe(true);
        expect(await repo.insertIncidentIfAbsent(incident('inc-1', 'c-2', T0 + 1, { kind: 'printScreen' }))).toBe(true);
        expect(await repo.listIncidents('c-1')).toEqual([incident('inc-1', 'c-1', T0)]);
        expect(await repo.listIncidents('c-2')).toEqual([incident('inc-1', 'c-2', T0 + 1, { kind: 'printScreen' })]);
      });

      it('lists a candidate’s incidents by time, then in insertion order', async () => {
        await repo.insertIncidentIfAbsent(incident('late', 'c-1', T0 + 2));
        await repo.insertIncidentIfAbsent(incident('tie-a', 'c-1', T0 + 1));
        await repo.insertIncidentIfAbsent(incident('other', 'c-2', T0));
        await repo.insertIncidentIfAbsent(incident('early', 'c-1', T0));
        await repo.insertIncidentIfAbsent(incident('tie-b', 'c-1', T0 + 1));
        expect(ids(await repo.listIncidents('c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(await repo.listIncidents('c-2')).toEqual([incident('other', 'c-2', T0)]);
      });
    });

    describe('help messages', () => {
      beforeEach(seedWorld);

      it('stores a message once per id, keeps the first, and gets it by id', async () => {
        const first = message('m-1', 'c-1', T0);
        expect(await repo.insertHelpMessageIfAbsent(first)).toBe(true);
        expect(await repo.insertHelpMessageIfAbsent({ ...first, text: '改过的', at: T0 + 1 })).toBe(false);
        expect(await repo.getHelpMessage('c-1', 'm-1')).toEqual(first);
        expect(await repo.getHelpMessage('c-1', 'm-2')).toBeUndefined();
      });

      it('keys messages by (candidate, id): another candidate’s chat may use the same id', async () => {
        const mine = message('m-1', 'c-1', T0);
        const theirs = message('m-1', 'c-2', T0 + 1, { text: '另一位考生' });
        expect(await repo.insertHelpMessageIfAbsent(mine)).toBe(true);
        expect(await repo.insertHelpMessageIfAbsent(theirs)).toBe(true);
        expect(await repo.getHelpMessage('c-1', 'm-1')).toEqual(mine);
        expect(await repo.getHelpMessage('c-2', 'm-1')).toEqual(theirs);
        expect(await repo.listHelpMessages('c-2')).toEqual([theirs]);
      });

      it('lists a candidate’s chat by time, then in insertion order', async () => {
        await repo.insertHelpMessageIfAbsent(message('late', 'c-1', T0 + 2, { from: 'supervisor' }));
        await repo.insertHelpMessageIfAbsent(message('tie-a', 'c-1', T0 + 1));
        await repo.insertHelpMessageIfAbsent(message('other', 'c-2', T0));
        await repo.insertHelpMessageIfAbsent(message('early', 'c-1', T0));
        await repo.insertHelpMessageIfAbsent(message('tie-b', 'c-1', T0 + 1, { from: 'supervisor' }));
        expect(ids(await repo.listHelpMessages('c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect((await repo.listHelpMessages('c-1'))[3]).toEqual(message('late', 'c-1', T0 + 2, { from: 'supervisor' }));
        expect(ids(await repo.listHelpMessages('c-2'))).toEqual(['other']);
      });
    });

    describe('the supervisor console (interventions, verdicts, recording links, notices)', () => {
      beforeEach(seedWorld);

      it('round-trips a supervisor of single sittings', async () => {
        const row: SupervisorRow = { id: 'sup-s', username: 'sitting.only', passwordHash: 'scrypt$z', examIds: [], sittingIds: ['s-1'] };
        await repo.insertSupervisor(row);
        expect(await repo.getSupervisor('sup-s')).toEqual(row);
      });

      it('round-trips a notice and the supervisor who wrote it', async () => {
        await repo.insertSupervisor({ id: 'sup-n', username: 'notices', passwordHash: 'scrypt$n', examIds: ['exam-1'] });
        const notice = message('n-1', 'c-1', T0, { from: 'supervisor', notice: true, supervisorId: 'sup-n' });
        await repo.insertHelpMessageIfAbsent(notice);
        expect(await repo.getHelpMessage('c-1', 'n-1')).toEqual(notice);
      });

      it('lists a candidate’s interventions and verdicts oldest first, and finds a recording link by its hash', async () => {
        await repo.insertSupervisor({ id: 'sup-i', username: 'intervenes', passwordHash: 'scrypt$i', examIds: ['exam-1'] });
        const late = { id: 'int-2', candidateId: 'c-1', supervisorId: 'sup-i', kind: 'endInterview' as const, at: T0 + 2, minutes: null, reason: '作弊' };
        const early = { id: 'int-1', candidateId: 'c-1', supervisorId: 'sup-i', kind: 'extraTime' as const, at: T0, minutes: 5, reason: null };
        await repo.insertIntervention(late);
        await repo.insertIntervention(early);
        expect(await repo.listInterventions('c-1')).toEqual([early, late]);
        expect(await repo.listInterventions('c-2')).toEqual([]);
        const first = { id: 'v-1', candidateId: 'c-1', supervisorId: 'sup-i', verdict: 'doubtful' as const, comment: '看不清', at: T0 };
        const second = { id: 'v-2', candidateId: 'c-1', supervisorId: 'sup-i', verdict: 'passed' as const, comment: '', at: T0 + 1 };
        await repo.insertVerdict(second);
        await repo.insertVerdict(first);
        expect(await repo.listVerdicts('c-1')).toEqual([first, second]);
        await repo.insertSession(session('sess-i', 'sup-i', { role: 'supervisor' }));
        await repo.insertRecording(recording('rec-l', 'c-1', T0));
        const link = { tokenHash: 'hash-link', recordingId: 'rec-l', supervisorId: 'sup-i', sessionId: 'sess-i', expiresAt: T0 + 300_000 };
        await repo.insertRecordingLink(link);
        expect(await repo.findRecordingLink('hash-link')).toEqual(link);
        expect(await repo.findRecordingLink('hash-other')).toBeUndefined();
      });

      it('counts the candidates with a live session by stage, and sums the latest upload samples’ lag by kind (the metrics)', async () => {
        await repo.updateCandidate({ ...(await repo.getCandidate('c-2'))!, stage: 'answering' });
        await repo.insertSession(session('sess-a', 'c-1', { lastSeenAt: T0 }));
        await repo.insertSession(session('sess-b', 'c-1', { lastSeenAt: T0 - 60_000 }));
        await repo.insertSession(session('sess-c', 'c-2', { lastSeenAt: T0 - 60_000 }));
        await repo.insertSession(session('sess-d', 'c-2', { lastSeenAt: T0, revokedAt: T0 }));
        // c-1 (its stage as seeded) has a session seen since; c-2's recent one is revoked, its live one too old.
        expect(await repo.countActiveCandidatesByStage(T0 - 30_000)).toEqual({ [(await repo.getCandidate('c-1'))!.stage]: 1 });
        expect(await repo.countActiveCandidatesByStage(T0 - 90_000)).toEqual({ [(await repo.getCandidate('c-1'))!.stage]: 1, answering: 1 });
        expect(await repo.countActiveCandidatesByStage(T0 + 1)).toEqual({});

        const sample = (candidateId: string, kind: 'camera' | 'screen' | 'phone', at: number, recorded: number, acknowledged: number) => ({ candidateId, kind, at, recorded, acknowledged, lagSince: null });
        await repo.insertUploadSample(sample('c-1', 'camera', T0 - 20_000, 500, 100));
        await repo.insertUploadSample(sample('c-1', 'camera', T0, 900, 800));
        await repo.insertUploadSample(sample('c-2', 'camera', T0, 400, 100));
        await repo.insertUploadSample(sample('c-1', 'screen', T0 - 60_000, 70, 0));
        // The latest sample of each candidate and kind counts, only if it is recent enough: c-1's old screen one is not.
        expect(await repo.uploadLagByKind(T0 - 30_000)).toEqual({ camera: 100 + 300 });
        expect(await repo.uploadLagByKind(T0 - 90_000)).toEqual({ camera: 400, screen: 70 });
      });

      it('keeps upload-health samples per candidate and kind, lists them by time and finds the latest; a rollback drops them', async () => {
        const sample = (kind: 'camera' | 'screen' | 'phone', at: number, recorded: number, lagSince: number | null = null) => ({ candidateId: 'c-1', kind, at, recorded, acknowledged: recorded - 1, lagSince });
        const first = sample('camera', T0, 100);
        const screen = sample('screen', T0 + 5, 50, T0 + 5);
        const second = sample('camera', T0 + 10_000, 200, T0 + 10_000);
        await repo.insertUploadSample(first);
        await repo.insertUploadSample(second);
        await repo.insertUploadSample(screen);
        expect(await repo.listUploadSamples('c-1')).toEqual([first, screen, second]);
        expect(await repo.latestUploadSample('c-1', 'camera')).toEqual(second);
        expect(await repo.latestUploadSample('c-1', 'phone')).toBeUndefined();
        expect(await repo.listUploadSamples('c-2')).toEqual([]);
        await expect(
          repo.transaction(async (tx) => {
            await tx.insertUploadSample(sample('phone', T0 + 20_000, 9));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect(await repo.latestUploadSample('c-1', 'phone')).toBeUndefined();
      });
    });

    describe('recordings', () => {
      beforeEach(seedWorld);

      it('round-trips a recording, booleans and nulls included', async () => {
        const row = recording('rec-1', 'c-1', T0, { kind: 'evidence', mimeType: 'video/mp4', bytesReceived: 1234, complete: true, clientSha256: 'a'.repeat(64), serverSha256: 'b'.repeat(64), durationMs: 0 });
        await repo.insertRecording(row);
        await repo.insertRecording(recording('rec-2', 'c-1', T0));
        const abandoned = recording('rec-3', 'c-1', T0 + 5, { part: 2, realCreatedAt: T0 - 77, abandonedAt: T0 + 9 });
        await repo.insertRecording(abandoned);
        expect(await repo.getRecording('rec-3')).toEqual(abandoned);
        await repo.updateRecording({ ...abandoned, abandonedAt: null, complete: true });
        expect(await repo.getRecording('rec-3')).toMatchObject({ part: 2, realCreatedAt: T0 - 77, abandonedAt: null, complete: true });
        expect(await repo.getRecording('rec-1')).toEqual(row);
        expect(await repo.getRecording('rec-2')).toEqual(recording('rec-2', 'c-1', T0));
        expect(await repo.getRecording('nope')).toBeUndefined();
      });

      it('lists a candidate’s recordings by creation time, then in insertion order', async () => {
        await repo.insertRecording(recording('late', 'c-1', T0 + 2));
        await repo.insertRecording(recording('tie-a', 'c-1', T0 + 1, { kind: 'screen' }));
        await repo.insertRecording(recording('other', 'c-2', T0));
        await repo.insertRecording(recording('early', 'c-1', T0));
        await repo.insertRecording(recording('tie-b', 'c-1', T0 + 1));
        expect(ids(await repo.listRecordings('c-1'))).toEqual(['early', 'tie-a', 'tie-b', 'late']);
        expect(ids(await repo.listRecordings('c-2'))).toEqual(['other']);
      });

      it('updates the bytes received, completion, checksums and duration', async () => {
        await repo.insertRecording(recording('rec-1', 'c-1', T0));
        const done = recording('rec-1', 'c-1', T0, {
          bytesReceived: 5_000_000_000,
          complete: true,
          clientSha256: 'c'.repeat(64),
          serverSha256: 'd'.repeat(64),
          durationMs: 3 * 60 * 60_000 + 1,
        });
        await repo.updateRecording(done);
        expect(await repo.getRecording('rec-1')).toEqual(done);
        expect(await repo.listRecordings('c-1')).toEqual([done]);
        // And back to unknown: a null duration stays null, not 0.
        await repo.updateRecording({ ...done, durationMs: null });
        expect((await repo.getRecording('rec-1'))?.durationMs).toBeNull();
      });
    });

    describe('rows handed out', () => {
      it('are copies: changing one changes nothing stored', async () => {
        await seedWorld();
        const row = (await repo.getCandidate('c-1')) as { lot: number | null };
        row.lot = 99;
        const listed = (await repo.listCandidates('s-1'))[0] as { lot: number | null };
        listed.lot = 98;
        expect((await repo.getCandidate('c-1'))?.lot).toBeNull();
      });
    });


    describe('limiters’ failed attempts', () => {
      it('lists a key’s failures oldest first, each one counted (two at the same instant are two)', async () => {
        await repo.recordFailure('login:c-1', T0 + 2);
        await repo.recordFailure('login:c-1', T0);
        await repo.recordFailure('pairing:c-1', T0 + 1);
        await repo.recordFailure('login:c-1', T0 + 2);
        expect(await repo.listFailures('login:c-1')).toEqual([T0, T0 + 2, T0 + 2]);
        expect(await repo.listFailures('pairing:c-1')).toEqual([T0 + 1]);
        expect(await repo.listFailures('nobody')).toEqual([]);
      });

      it('forgets one key’s failures, all or those before a time, and every key’s old ones', async () => {
        for (const at of [T0, T0 + 1, T0 + 2, T0 + 3]) await repo.recordFailure('a', at);
        for (const at of [T0, T0 + 3]) await repo.recordFailure('b', at);
        await repo.forgetFailures('a', T0 + 2);
        expect(await repo.listFailures('a')).toEqual([T0 + 2, T0 + 3]);
        expect(await repo.listFailures('b')).toEqual([T0, T0 + 3]);
        await repo.forgetFailuresBefore(T0 + 3);
        expect(await repo.listFailures('a')).toEqual([T0 + 3]);
        expect(await repo.listFailures('b')).toEqual([T0 + 3]);
        await repo.forgetFailures('a');
        expect(await repo.listFailures('a')).toEqual([]);
        expect(await repo.listFailures('b')).toEqual([T0 + 3]);
      });
    });

    describe('face login’s liveness challenges', () => {
      const challenge = (id: string, expiresAt: number) => ({ id, examId: 'exam-1', action: 'blink', expiresAt });

      beforeEach(async () => {
        await repo.insertExam(exam('exam-1'));
      });

      it('hands a challenge out once: taking it deletes it', async () => {
        await repo.insertFaceChallenge(challenge('ch-1', T0 + 60_000));
        await repo.insertFaceChallenge({ ...challenge('ch-2', T0 + 60_000), action: 'turnLeft' });
        expect(await repo.takeFaceChallenge('ch-1')).toEqual(challenge('ch-1', T0 + 60_000));
        expect(await repo.takeFaceChallenge('ch-1')).toBeUndefined();
        expect(await repo.takeFaceChallenge('unknown')).toBeUndefined();
        expect(await repo.takeFaceChallenge('ch-2')).toEqual({ ...challenge('ch-2', T0 + 60_000), action: 'turnLeft' });
      });

      it('refuses a second challenge with the same id, and forgets those expired at or before a time', async () => {
        await repo.insertFaceChallenge(challenge('ch-1', T0));
        await expect(repo.insertFaceChallenge(challenge('ch-1', T0 + 5))).rejects.toThrow();
        await repo.insertFaceChallenge(challenge('ch-2', T0 + 1));
        await repo.insertFaceChallenge(challenge('ch-3', T0 + 2));
        await repo.deleteExpiredFaceChallenges(T0 + 1);
        expect(await repo.takeFaceChallenge('ch-1')).toBeUndefined();
        expect(await repo.takeFaceChallenge('ch-2')).toBeUndefined();
        expect(await repo.takeFaceChallenge('ch-3')).toEqual(challenge('ch-3', T0 + 2));
      });
    });

    describe('transactions', () => {
      /** Gives the other promises in flight a turn (of the event loop and of the database) before going on. */
      const otherTurns = () => new Promise((resolve) => setTimeout(resolve, 10));

      it('return the value of their work and keep its writes, which the work itself sees', async () => {
        const value = await repo.transaction(async (tx) => {
          await tx.insertExam(exam('exam-1'));
          await tx.insertSitting(sitting('s-1', 'exam-1', T0));
          expect(await tx.getExam('exam-1')).toEqual(exam('exam-1'));
          expect(ids(await tx.listSittings('exam-1'))).toEqual(['s-1']);
          return 42;
        });
        expect(value).toBe(42);
        expect(await repo.getExam('exam-1')).toEqual(exam('exam-1'));
        expect(ids(await repo.listSittings('exam-1'))).toEqual(['s-1']);
      });

      it('undo every write of work that throws, and rethrow its error', async () => {
        await seedWorld();
        await repo.insertSession(session('ses-1', 'c-1'));
        await repo.insertRecording(recording('rec-1', 'c-1', T0));
        await repo.recordFailure('login:c-1', T0);
        await repo.insertFaceChallenge({ id: 'ch-1', examId: 'exam-1', action: 'blink', expiresAt: T0 });
        const failure = new Error('boom');
        await expect(
          repo.transaction(async (tx) => {
            await tx.insertExam(exam('exam-3'));
            await tx.insertSitting(sitting('s-9', 'exam-1', T0));
            await tx.insertQuestion({ id: 'q-9', examId: 'exam-1', order: 1, text: 'x' });
            await tx.insertCandidate(candidate('c-9', 's-1'));
            await tx.updateCandidate(candidate('c-1', 's-1', { lot: 1, stage: 'drawingLot' }));
            await tx.insertSupervisor({ id: 'sup-9', username: 'nine', passwordHash: 'x', examIds: ['exam-1'] });
            await tx.insertSession(session('ses-9', 'c-2'));
            await tx.updateSession(session('ses-1', 'c-1', { revokedAt: T0 + 1 }));
            await tx.insertPairing({ code: 'code-9', candidateId: 'c-1', expiresAt: T0, usedAt: null, revokedAt: null });
            await tx.insertIncidentIfAbsent(incident('inc-9', 'c-1', T0));
            await tx.insertHelpMessageIfAbsent(message('m-9', 'c-1', T0));
            await tx.insertRecording(recording('rec-9', 'c-1', T0));
            await tx.updateRecording(recording('rec-1', 'c-1', T0, { bytesReceived: 10 }));
            await tx.recordFailure('login:c-1', T0 + 1);
            await tx.forgetFailuresBefore(T0 + 1);
            expect(await tx.takeFaceChallenge('ch-1')).toBeDefined();
            await tx.insertFaceChallenge({ id: 'ch-9', examId: 'exam-1', action: 'nod', expiresAt: T0 });
            throw failure;
          }),
        ).rejects.toThrow(failure);
        expect(await repo.getExam('exam-3')).toBeUndefined();
        expect(ids(await repo.listSittings('exam-1'))).toEqual(['s-1', 's-2']);
        expect(await repo.listQuestions('exam-1')).toEqual([]);
        expect(await repo.getCandidate('c-9')).toBeUndefined();
        expect(await repo.getCandidate('c-1')).toEqual(candidate('c-1', 's-1'));
        expect(await repo.getSupervisor('sup-9')).toBeUndefined();
        expect(await repo.findSessionByTokenHash('hash-ses-9')).toBeUndefined();
        expect(await repo.findSessionByTokenHash('hash-ses-1')).toEqual(session('ses-1', 'c-1'));
        expect(await repo.findPairing('code-9')).toBeUndefined();
        expect(await repo.listIncidents('c-1')).toEqual([]);
        expect(await repo.getHelpMessage('c-1', 'm-9')).toBeUndefined();
        expect(await repo.getRecording('rec-9')).toBeUndefined();
        expect(await repo.getRecording('rec-1')).toEqual(recording('rec-1', 'c-1', T0));
        expect(await repo.listFailures('login:c-1')).toEqual([T0]);
        expect(await repo.takeFaceChallenge('ch-9')).toBeUndefined();
        expect(await repo.takeFaceChallenge('ch-1')).toEqual({ id: 'ch-1', examId: 'exam-1', action: 'blink', expiresAt: T0 });
        // The ids of rolled-back rows are free again.
        expect(await repo.insertIncidentIfAbsent(incident('inc-9', 'c-1', T0))).toBe(true);
        await repo.insertExam(exam('exam-3'));
        expect(await repo.getExam('exam-3')).toEqual(exam('exam-3'));
      });

      it('undo everything when an insert of an existing id throws inside them', async () => {
        await repo.insertExam(exam('exam-1'));
        await expect(
          repo.transaction(async (tx) => {
            await tx.insertExam(exam('exam-2'));
            await tx.insertExam(exam('exam-1'));
          }),
        ).rejects.toThrow();
        expect(await repo.getExam('exam-2')).toBeUndefined();
        expect(await repo.getExam('exam-1')).toEqual(exam('exam-1'));
      });

      it('run a nested transaction as part of the outer one: its writes seen by the outer, kept or undone with it', async () => {
        const value = await repo.transaction(async (tx) => {
          await tx.insertExam(exam('exam-1'));
          const inner = await tx.transaction(async (nested) => {
            expect(await nested.getExam('exam-1')).toEqual(exam('exam-1'));
            await nested.insertExam(exam('exam-2'));
            return 'inner';
          });
          expect(await tx.getExam('exam-2')).toEqual(exam('exam-2'));
          return inner;
        });
        expect(value).toBe('inner');
        expect(ids(await repo.listExams())).toEqual(['exam-1', 'exam-2']);

        await expect(
          repo.transaction(async (tx) => {
            await tx.insertExam(exam('exam-3'));
            await tx.transaction((nested) => nested.insertExam(exam('exam-4')));
            throw new Error('outer fails');
          }),
        ).rejects.toThrow('outer fails');
        expect(await repo.getExam('exam-3')).toBeUndefined();
        expect(await repo.getExam('exam-4')).toBeUndefined();
      });

      it('each reading a value and writing it + 1, run concurrently, add up (none overwrites another’s write)', async () => {
        await seedWorld();
        const increment = () =>
          repo.transaction(async (tx) => {
            const row = (await tx.getCandidate('c-1'))!;
            await otherTurns(); // both have read before either writes, where the implementation lets them overlap
            await tx.updateCandidate({ ...row, extraTimeMs: row.extraTimeMs + 1 });
          });
        await Promise.all([increment(), increment()]);
        expect((await repo.getCandidate('c-1'))?.extraTimeMs).toBe(2);
      });

      it('keep their uncommitted writes from calls outside them', async () => {
        await repo.insertExam(exam('exam-1'));
        let outside: Promise<ExamRow | undefined> | undefined;
        // Committed: a call made meanwhile sees the exam as before or as committed, never the write in between.
        await repo.transaction(async (tx) => {
          await tx.updateExam({ ...exam('exam-1'), title: 'in between' });
          outside = repo.getExam('exam-1'); // not awaited here: on one connection it waits for this transaction
          await Promise.race([outside, otherTurns()]);
          await tx.updateExam({ ...exam('exam-1'), title: 'committed' });
        });
        expect(['考试 exam-1', 'committed']).toContain((await outside)?.title);
        // Rolled back: a call made meanwhile never sees the write.
        await expect(
          repo.transaction(async (tx) => {
            await tx.updateExam({ ...exam('exam-1'), title: 'rolled back' });
            outside = repo.getExam('exam-1');
            await Promise.race([outside, otherTurns()]);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect((await outside)?.title).toBe('committed');
        expect((await repo.getExam('exam-1'))?.title).toBe('committed');
      });
    });
  });
}
