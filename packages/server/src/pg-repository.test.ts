import { createHmac } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateRow, Repository } from '@examroom/domain';
import { describeRepositoryContract } from '../../domain/src/repository.contract.js';
import { PG_MIGRATIONS, createPgRepository, type PgRepository } from './pg-repository.js';
import { startPostgres, type ThrowawayPostgres } from './test-support/postgres.js';

let cluster: ThrowawayPostgres;
const opened: PgRepository[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
}, 300_000); // minutes only when PostgreSQL must be installed first
afterEach(async () => {
  await Promise.all(opened.splice(0).map((repo) => repo.close()));
});
afterAll(async () => {
  await cluster?.stop();
});

async function open(connectionString: string, poolSize?: number): Promise<PgRepository> {
  const repo = await createPgRepository({ connectionString, ...(poolSize !== undefined ? { poolSize } : {}) });
  opened.push(repo);
  return repo;
}

/** Runs one query on its own connection (to look at what the repository wrote, as an operator would). */
async function query<R extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

describeRepositoryContract('PostgreSQL repository', async () => open(await cluster.freshSchema()));

describe('PostgreSQL repository: migrations', () => {
  it('records each step once in schema_migrations, also when two servers start together, and keeps rows when reopened', async () => {
    const url = await cluster.freshSchema();
    const [first] = await Promise.all([open(url), open(url), open(url)]);
    await first!.insertExam({ id: 'exam-1', title: '考试', policy: { answerMs: 1 }, timeZone: 'Asia/Shanghai' });
    const steps = await query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(steps.map((row) => row.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    const again = await open(url);
    expect(await again.getExam('exam-1')).toEqual({ id: 'exam-1', title: '考试', policy: { answerMs: 1 }, timeZone: 'Asia/Shanghai' });
  });

  it('keeps the ID number key’s check value and refuses a server with another key', async () => {
    const url = await cluster.freshSchema();
    const keyed = (key: string) => (idNumber: string) => createHmac('sha256', key).update(idNumber).digest('hex');
    opened.push(await createPgRepository({ connectionString: url, idNumberHash: keyed('the-key-of-at-least-32-characters!!') }));
    opened.push(await createPgRepository({ connectionString: url, idNumberHash: keyed('the-key-of-at-least-32-characters!!') }));
    await expect(createPgRepository({ connectionString: url, idNumberHash: keyed('another-key-of-at-least-32-characters') })).rejects.toThrow(/ID number key/);
  });

  it('refuses a database written by a newer server', async () => {
    const url = await cluster.freshSchema();
    await open(url);
    await query(url, `INSERT INTO schema_migrations (version, applied_at) VALUES (${PG_MIGRATIONS.length + 1}, 0)`);
    await expect(createPgRepository({ connectionString: url })).rejects.toThrow(/newer/);
  });
});

describe('PostgreSQL repository: two servers racing the same rule', () => {
  const T0 = Date.UTC(2030, 0, 1, 2, 0);

  /** Two repositories on one database, each with its own pool: two servers. */
  async function twoServers(): Promise<[Repository, Repository]> {
    const url = await cluster.freshSchema();
    const one = await open(url, 5);
    const two = await open(url, 5);
    await one.insertExam({ id: 'exam-1', title: '考试', policy: {}, timeZone: 'Asia/Shanghai' });
    await one.insertSitting({ id: 's-1', examId: 'exam-1', name: '场次', startsAt: T0, entryOpensAt: null, policy: {} });
    for (const id of ['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6']) {
      await one.insertCandidate(candidate(id));
    }
    return [one, two];
  }

  const candidate = (id: string): CandidateRow => ({
    id,
    examId: 'exam-1',
    sittingId: 's-1',
    name: id,
    idNumberHash: `hash-${id}`,
    idNumberMasked: '1101**********0000',
    admissionNumber: id,
    rosterPhotoName: null,
    photoFile: null,
    passwordHash: 'x',
    stage: 'drawingLot',
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
  });

  it('20 concurrent read-and-increment transactions, half on each server, add up to 20', async () => {
    const servers = await twoServers();
    const increment = (repo: Repository) =>
      repo.transaction(async (tx) => {
        const row = (await tx.getCandidate('c-1'))!;
        await tx.updateCandidate({ ...row, extraTimeMs: row.extraTimeMs + 1 });
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(servers[i % 2]!)));
    expect((await servers[0].getCandidate('c-1'))?.extraTimeMs).toBe(20);
  });

  it('one active session: of ten logins at once on two servers, one opens a session, the others find it', async () => {
    const servers = await twoServers();
    const login = (repo: Repository, i: number) =>
      repo.transaction(async (tx) => {
        const active = (await tx.listSessions('candidate', 'c-1')).filter((s) => s.revokedAt === null);
        if (active.length > 0) return false;
        await tx.insertSession({ id: `ses-${i}`, tokenHash: `hash-${i}`, role: 'candidate', subjectId: 'c-1', deviceKey: `device-${i}`, createdAt: T0, lastSeenAt: T0, revokedAt: null });
        return true;
      });
    const opened = await Promise.all(Array.from({ length: 10 }, (_, i) => login(servers[i % 2]!, i)));
    expect(opened.filter(Boolean)).toHaveLength(1);
    expect(await servers[1].listSessions('candidate', 'c-1')).toHaveLength(1);
  });

  it('idempotent incidents: the same incident reported ten times at once on two servers is stored, and counted, once', async () => {
    const servers = await twoServers();
    const report = (repo: Repository) =>
      repo.transaction(async (tx) => {
        const stored = await tx.insertIncidentIfAbsent({ id: 'inc-1', candidateId: 'c-1', kind: 'windowBlur', at: T0, detail: null, receivedAt: T0 });
        // What the domain does with a new incident besides storing it, here counted on the candidate's row.
        if (stored) {
          const row = (await tx.getCandidate('c-1'))!;
          await tx.updateCandidate({ ...row, extraTimeMs: row.extraTimeMs + 1 });
        }
        return stored;
      });
    const stored = await Promise.all(Array.from({ length: 10 }, (_, i) => report(servers[i % 2]!)));
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(await servers[1].listIncidents('c-1')).toHaveLength(1);
    expect((await servers[0].getCandidate('c-1'))?.extraTimeMs).toBe(1);
  });

  it('unique lots: six candidates drawing at once on two servers get six different lots', async () => {
    const servers = await twoServers();
    const draw = (repo: Repository, candidateId: string) =>
      repo.transaction(async (tx) => {
        const taken = (await tx.listCandidates('s-1')).map((c) => c.lot).filter((lot) => lot !== null);
        const row = (await tx.getCandidate(candidateId))!;
        await tx.updateCandidate({ ...row, lot: taken.length === 0 ? 1 : Math.max(...taken) + 1 });
      });
    await Promise.all(['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6'].map((id, i) => draw(servers[i % 2]!, id)));
    const lots = (await servers[0].listCandidates('s-1')).map((c) => c.lot).sort();
    expect(lots).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
