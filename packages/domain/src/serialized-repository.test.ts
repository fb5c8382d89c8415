import { describe, expect, it } from 'vitest';
import type { ExamRow, Repository } from './repository.js';
import { serializeRepository, type SyncRepository, type TransactionHooks } from './serialized-repository.js';

/** A one-table synchronous store that writes down every step it is asked for, hooks included. */
function recordingStore(options: { failCommit?: boolean } = {}) {
  const steps: string[] = [];
  const exams = new Map<string, ExamRow>();
  const store = {
    getExam: (id: string) => {
      steps.push(`get ${id}`);
      return exams.get(id);
    },
    insertExam: (row: ExamRow) => {
      steps.push(`insert ${row.id}`);
      if (exams.has(row.id)) throw new Error(`exam ${row.id} exists`);
      exams.set(row.id, row);
    },
  } as unknown as SyncRepository;
  const hooks: TransactionHooks = {
    begin: () => steps.push('begin'),
    commit: () => {
      steps.push('commit');
      if (options.failCommit) throw new Error('commit refused');
    },
    rollback: () => steps.push('rollback'),
  };
  return { steps, repo: serializeRepository(store, hooks) };
}

const exam = (id: string): ExamRow => ({ id, title: id, policy: {}, timeZone: 'Asia/Shanghai' });

describe('serializeRepository', () => {
  it('lets a call made during a transaction run only after its commit, never in between', async () => {
    const { steps, repo } = recordingStore();
    let outside: Promise<unknown> | undefined;
    await repo.transaction(async (tx) => {
      await tx.insertExam(exam('e-1'));
      outside = repo.getExam('e-1');
      await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.insertExam(exam('e-2'));
    });
    await outside;
    expect(steps).toEqual(['begin', 'insert e-1', 'insert e-2', 'commit', 'get e-1']);
  });

  it('runs transactions one after another, in the order they were asked for', async () => {
    const { steps, repo } = recordingStore();
    await Promise.all(
      ['a', 'b'].map((id) =>
        repo.transaction(async (tx) => {
          await tx.insertExam(exam(id));
          await new Promise((resolve) => setTimeout(resolve, 5));
          await tx.getExam(id);
        }),
      ),
    );
    expect(steps).toEqual(['begin', 'insert a', 'get a', 'commit', 'begin', 'insert b', 'get b', 'commit']);
  });

  it('rolls back on a throw (a synchronous store’s throw included) and rejects with it', async () => {
    const { steps, repo } = recordingStore();
    await repo.insertExam(exam('e-1'));
    await expect(repo.transaction((tx) => tx.insertExam(exam('e-1')))).rejects.toThrow('exam e-1 exists');
    await expect(repo.insertExam(exam('e-1'))).rejects.toThrow('exam e-1 exists');
    expect(steps).toEqual(['insert e-1', 'begin', 'insert e-1', 'rollback', 'insert e-1']);
  });

  it('rolls back when the commit fails, and frees the mutex for the next call', async () => {
    const { steps, repo } = recordingStore({ failCommit: true });
    await expect(repo.transaction((tx) => tx.insertExam(exam('e-1')))).rejects.toThrow('commit refused');
    await repo.getExam('e-1');
    expect(steps).toEqual(['begin', 'insert e-1', 'commit', 'rollback', 'get e-1']);
  });

  it('refuses calls through a transaction’s repository once it has ended', async () => {
    const { steps, repo } = recordingStore();
    let leaked: Repository | undefined;
    await repo.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.getExam('e-1')).rejects.toThrow(/transaction that has ended/);
    await expect(leaked!.transaction((tx) => tx.getExam('e-1'))).rejects.toThrow(/transaction that has ended/);
    expect(steps).toEqual(['begin', 'commit']);
  });
});
