import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRepositoryContract } from '../../domain/src/repository.contract.js';
import { MIGRATIONS, createSqliteRepository, type MigrationTools, type SqliteRepository } from './sqlite-repository.js';
import { removeTempDirs, tempDir } from './test-support/server.js';

const opened: SqliteRepository[] = [];
afterAll(() => {
  for (const repo of opened.splice(0)) repo.close();
  removeTempDirs();
});

/** A migration step that is plain SQL, as the steps before 11 all are. */
function sqlStep(index: number): string {
  const step = MIGRATIONS[index];
  if (typeof step !== 'string') throw new Error(`step ${index + 1} is not SQL`);
  return step;
}

const keyed = (key: string) => ({ idNumberHash: (idNumber: string) => createHmac('sha256', key).update(idNumber).digest('hex') });
const KEYED = keyed('the-test-key-of-at-least-32-characters');

function open(file = join(tempDir(), 'examroom.sqlite')): SqliteRepository {
  const repo = createSqliteRepository(file, KEYED);
  opened.push(repo);
  return repo;
}

describeRepositoryContract('SQLite repository', () => open());

describe('SQLite repository file', () => {
  const exam = { id: 'exam_1', title: 'Exam', policy: { answerMs: 300_000 }, timeZone: 'Asia/Shanghai' };
  const sitting = { id: 'sit_1', examId: 'exam_1', name: 'Sitting 1', startsAt: 1_000, entryOpensAt: null, policy: {} };

  it('keeps its rows when reopened, and migrates only once', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const first = open(file);
    await first.insertExam(exam);
    await first.insertSitting(sitting);
    first.close();

    const second = open(file);
    expect(await second.getExam('exam_1')).toEqual(exam);
    expect(await second.listSittings('exam_1')).toEqual([sitting]);
    second.close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('refuses rows that point at nothing (foreign keys are on)', async () => {
    const repo = open();
    await expect(repo.insertSitting({ ...sitting, examId: 'exam_missing' })).rejects.toThrow();
    expect(await repo.getSitting('sit_1')).toBeUndefined();
  });

  it('migrates a version 1 file: recordings gain an unknown duration, and only checksummed ones stay complete', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF'); // recordings without their candidates, for brevity
    raw.exec(sqlStep(0));
    raw.pragma('user_version = 1');
    const insert = raw.prepare(
      `INSERT INTO recordings (id, candidate_id, kind, mime_type, created_at, bytes_received, complete, client_sha256, server_sha256)
       VALUES (?, 'c-1', 'camera', 'video/webm', 1, 10, ?, ?, ?)`,
    );
    insert.run('rec_received', 1, null, null);
    insert.run('rec_checked', 1, 'a'.repeat(64), 'b'.repeat(64));
    insert.run('rec_partial', 0, null, null);
    raw.close();

    const repo = open(file);
    expect(await repo.getRecording('rec_received')).toMatchObject({ complete: false, durationMs: null });
    expect(await repo.getRecording('rec_checked')).toMatchObject({ complete: true, clientSha256: 'a'.repeat(64), durationMs: null });
    expect(await repo.getRecording('rec_partial')).toMatchObject({ complete: false, durationMs: null });
  });

  it('migrates a version 2 file: an exam created before time zones is on Beijing time', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const raw = new Database(file);
    raw.exec(sqlStep(0));
    raw.exec(sqlStep(1));
    raw.pragma('user_version = 2');
    raw.prepare(`INSERT INTO exams (id, title, policy) VALUES ('exam_old', 'Old', '{}')`).run();
    raw.close();

    const repo = open(file);
    expect(await repo.getExam('exam_old')).toEqual({ id: 'exam_old', title: 'Old', policy: {}, timeZone: 'Asia/Shanghai' });
  });

  it('migrates a version 2 file: incidents and help keyed by (candidate, id), recordings numbered in parts per kind', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const raw = new Database(file);
    raw.exec(sqlStep(0));
    raw.exec(sqlStep(1));
    raw.pragma('user_version = 2');
    raw.exec(`INSERT INTO exams (id, title) VALUES ('e', 'e'); INSERT INTO sittings (id, exam_id, name, starts_at) VALUES ('s', 'e', 's', 0)`);
    for (const id of ['c-1', 'c-2']) {
      raw
        .prepare(
          `INSERT INTO candidates (id, exam_id, sitting_id, name, id_number, admission_number, password_hash, stage, evidence_state, evidence_updated_at)
           VALUES (?, 'e', 's', ?, ?, ?, 'h', 'deviceCheck', 'waitingForPhone', 0)`,
        )
        .run(id, id, `${id}-number`, id);
    }
    const recording = raw.prepare(
      `INSERT INTO recordings (id, candidate_id, kind, mime_type, created_at, bytes_received, complete) VALUES (?, ?, ?, 'video/webm', ?, 0, 0)`,
    );
    recording.run('rec_c1_cam_b', 'c-1', 'camera', 20);
    recording.run('rec_c1_cam_a', 'c-1', 'camera', 10);
    recording.run('rec_c1_screen', 'c-1', 'screen', 30);
    recording.run('rec_c2_cam', 'c-2', 'camera', 5);
    raw.prepare(`INSERT INTO incidents (id, candidate_id, kind, at, detail, received_at) VALUES ('inc-1', 'c-1', 'windowBlur', 1, NULL, 2)`).run();
    raw.prepare(`INSERT INTO help_messages (id, candidate_id, sender, text, at) VALUES ('m-1', 'c-1', 'candidate', '你好', 3)`).run();
    raw.close();

    const repo = open(file);
    expect(await repo.getRecording('rec_c1_cam_a')).toMatchObject({ part: 1, realCreatedAt: 10, abandonedAt: null });
    expect(await repo.getRecording('rec_c1_cam_b')).toMatchObject({ part: 2, realCreatedAt: 20 });
    expect(await repo.getRecording('rec_c1_screen')).toMatchObject({ part: 1 });
    expect(await repo.getRecording('rec_c2_cam')).toMatchObject({ part: 1 });
    expect(await repo.listIncidents('c-1')).toEqual([{ id: 'inc-1', candidateId: 'c-1', kind: 'windowBlur', at: 1, detail: null, receivedAt: 2 }]);
    expect(await repo.getHelpMessage('c-1', 'm-1')).toMatchObject({ text: '你好' });
    // The same ids from another candidate are rows of their own now.
    expect(await repo.insertIncidentIfAbsent({ id: 'inc-1', candidateId: 'c-2', kind: 'printScreen', at: 4, detail: null, receivedAt: 4 })).toBe(true);
    expect(await repo.insertHelpMessageIfAbsent({ id: 'm-1', candidateId: 'c-2', from: 'candidate', text: '我也是', at: 5 })).toBe(true);
    expect(await repo.insertIncidentIfAbsent({ id: 'inc-1', candidateId: 'c-1', kind: 'printScreen', at: 4, detail: null, receivedAt: 4 })).toBe(false);
  });

  it('refuses to open a database written by a newer server', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => createSqliteRepository(file, KEYED)).toThrow(/newer/);
  });

  it('stores a supervisor’s exams and a policy as JSON, and a recording’s completeness as a boolean', async () => {
    const repo = open();
    await repo.insertExam(exam);
    await repo.insertSupervisor({ id: 'sup_1', username: 'watcher', passwordHash: 'h', examIds: ['exam_1', 'exam_2'] });
    expect((await repo.findSupervisorByUsername('watcher'))?.examIds).toEqual(['exam_1', 'exam_2']);
    expect((await repo.getExam('exam_1'))?.policy).toEqual({ answerMs: 300_000 });
  });
});

describe('migration 11: ID numbers kept as keyed hashes and masked', () => {
  /** A database at migration 10 with one exam, sitting, candidate and a recording that references them. */
  function atMigration10(file: string, idNumber: string): void {
    const raw = new Database(file);
    for (let i = 0; i < 10; i += 1) raw.exec(sqlStep(i));
    raw.pragma('user_version = 10');
    raw.exec(`INSERT INTO exams (id, title) VALUES ('exam_1', 'E');
      INSERT INTO sittings (id, exam_id, name, starts_at) VALUES ('sit_1', 'exam_1', 'S', 1000);
      INSERT INTO candidates (id, exam_id, sitting_id, name, id_number, admission_number, password_hash, stage, evidence_state, evidence_updated_at)
        VALUES ('cand_1', 'exam_1', 'sit_1', '张三', '${idNumber}', 'A1', 'scrypt$x', 'readingProcess', 'waitingForPhone', 0);
      INSERT INTO recordings (id, candidate_id, kind, mime_type, created_at, bytes_received, complete)
        VALUES ('rec_1', 'cand_1', 'camera', 'video/webm', 0, 0, 0);`);
    raw.close();
  }

  it('replaces the clear number with its keyed hash and masked form, keeps every reference, and the login lookup finds it', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    atMigration10(file, '11010519491231002x');
    const repo = open(file);
    const hash = KEYED.idNumberHash('11010519491231002X');
    expect(await repo.findCandidateByIdNumberHash('exam_1', hash)).toMatchObject({ id: 'cand_1', idNumberMasked: '1101**********002X', rosterPhotoName: null, photoFile: null });
    expect((await repo.listRecordings('cand_1')).map((r) => r.id)).toEqual(['rec_1']);
    repo.close();
    const raw = new Database(file, { readonly: true });
    try {
      const columns = (raw.prepare('PRAGMA table_info(candidates)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('id_number');
      expect(JSON.stringify(raw.prepare('SELECT * FROM candidates').all())).not.toMatch(/11010519491231002/i);
      expect(raw.pragma('foreign_key_check')).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('refuses to open the database with another key, which would fail every login', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    atMigration10(file, '11010519491231002X');
    open(file).close();
    const other: MigrationTools = keyed('another-key-of-at-least-32-characters');
    expect(() => createSqliteRepository(file, other)).toThrow(/ID number key/);
  });
});


describe('SQLite migration 13 (R7: the virtual camera waiver)', () => {
  it('keeps the interventions, in order, and takes the new kind', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF'); // interventions without their candidates and supervisors, for brevity
    MIGRATIONS.slice(0, 11).forEach((step) => (typeof step === 'string' ? raw.exec(step) : step(raw, KEYED)));
    raw.pragma('user_version = 11');
    const insert = raw.prepare(`INSERT INTO interventions (id, candidate_id, supervisor_id, kind, at, minutes, reason) VALUES (?, 'c-1', 's-1', ?, 5, ?, ?)`);
    insert.run('int_b', 'extraTime', 5, null);
    insert.run('int_a', 'lateEntry', null, '交通延误');
    expect(() => insert.run('int_c', 'virtualCameraWaiver', null, '只有这一个摄像头')).toThrow(/CHECK/);
    raw.close();

    const repo = open(file);
    expect((await repo.listInterventions('c-1')).map((row) => [row.id, row.kind])).toEqual([
      ['int_b', 'extraTime'],
      ['int_a', 'lateEntry'],
    ]);
    repo.close();

    const after = new Database(file);
    try {
      after.pragma('foreign_keys = OFF');
      after.prepare(`INSERT INTO interventions (id, candidate_id, supervisor_id, kind, at, minutes, reason) VALUES ('int_c', 'c-1', 's-1', 'virtualCameraWaiver', 6, NULL, '只有这一个摄像头')`).run();
      expect(() => after.prepare(`INSERT INTO interventions (id, candidate_id, supervisor_id, kind, at) VALUES ('int_d', 'c-1', 's-1', 'other', 7)`).run()).toThrow(/CHECK/);
      expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      after.close();
    }
  });
});
