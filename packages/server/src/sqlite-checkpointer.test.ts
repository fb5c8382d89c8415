import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startSqliteCheckpointer, type CheckpointResult, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import { createSqliteRepository } from './sqlite-repository.js';
import { removeTempDirs, tempDir } from './test-support/server.js';

afterAll(() => removeTempDirs());

const TOOLS = { idNumberHash: (idNumber: string) => createHmac('sha256', 'the-test-key-of-at-least-32-characters').update(idNumber).digest('hex') };
const exam = (id: string) => ({ id, title: 'Exam', policy: { answerMs: 300_000 }, timeZone: 'Asia/Shanghai' });
const quietLog = { error: (object: object, message: string) => console.error(message, object) };

/** The exam ids in the database file alone, as a copy without its WAL sees them: what has been checkpointed. */
function examIdsInDatabaseFile(file: string): string[] {
  const copy = join(tempDir(), 'copy.sqlite');
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    // Not even the tables, while the migrations themselves are still only in the WAL.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'exams'").get()) return [];
    return db.prepare<[], { id: string }>('SELECT id FROM exams ORDER BY id').all().map((row) => row.id);
  } finally {
    db.close();
  }
}

/** Resolves with the first checkpoint that satisfies `wanted` (polling-free: the worker reports each one). */
function checkpointWhere(checkpointer: SqliteCheckpointer, wanted: (result: CheckpointResult) => boolean): Promise<CheckpointResult> {
  return new Promise((resolve) => checkpointer.onCheckpoint((result) => wanted(result) && resolve(result)));
}

describe('SQLite checkpointer', () => {
  it('leaves checkpoints off the repository connection: its commits stay in the WAL', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const repo = createSqliteRepository(file, TOOLS);
    try {
      const migrated = examIdsInDatabaseFile(file);
      // Far more than the 1000 pages after which SQLite would checkpoint by itself.
      for (let i = 0; i < 3000; i++) await repo.insertExam({ ...exam(`exam_${i}`), title: 'x'.repeat(2000) });
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(4096 * 1000);
      expect(examIdsInDatabaseFile(file)).toEqual(migrated);
    } finally {
      repo.close();
    }
  });

  it('copies a commit into the database file from its worker thread', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const repo = createSqliteRepository(file, TOOLS);
    const checkpointer = await startSqliteCheckpointer(file, quietLog, { tickMs: 20, checkpointEveryMs: 50 });
    try {
      const done = checkpointWhere(checkpointer, (result) => result.walFrames > 0 && result.checkpointedFrames === result.walFrames);
      await repo.insertExam(exam('exam_a'));
      const result = await done;
      expect(result.mode).toBe('PASSIVE');
      expect(examIdsInDatabaseFile(file)).toContain('exam_a');
      // The repository still reads and writes as before.
      await repo.insertExam(exam('exam_b'));
      expect((await repo.getExam('exam_b'))?.id).toBe('exam_b');
    } finally {
      repo.close();
      await checkpointer.close();
    }
  });

  it('checkpoints everything and empties the WAL when it closes after the repository', async () => {
    const file = join(tempDir(), 'examroom.sqlite');
    const repo = createSqliteRepository(file, TOOLS);
    // Never on its own within the test: only the close checkpoints.
    const checkpointer = await startSqliteCheckpointer(file, quietLog, { tickMs: 60_000, checkpointEveryMs: 60_000 });
    const results: CheckpointResult[] = [];
    checkpointer.onCheckpoint((result) => results.push(result));
    await repo.insertExam(exam('exam_c'));
    expect(examIdsInDatabaseFile(file)).not.toContain('exam_c');
    repo.close();
    await checkpointer.close();
    expect(results.map((result) => result.mode)).toEqual(['TRUNCATE']);
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    expect(examIdsInDatabaseFile(file)).toContain('exam_c');
    // Closing twice is harmless.
    await checkpointer.close();
  });
});
