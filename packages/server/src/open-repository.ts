/**
 * The repository a server (or a command) opens: PostgreSQL when EXAMROOM_DATABASE_URL names one — several servers
 * then share it —, else the SQLite file in the data directory, the default for one server.
 */
import { join } from 'node:path';
import type { DomainCrypto, Repository } from '@examroom/domain';
import { createPgRepository } from './pg-repository.js';
import { createSqliteRepository } from './sqlite-repository.js';

export type ServerRepository = Repository & {
  /** Closes the database (the SQLite file, or the pool's connections); the repository is unusable afterwards. */
  close(): void | Promise<void>;
  /** Which database it is, for the log and the operator. */
  readonly kind: 'sqlite' | 'postgresql';
};

export interface RepositoryChoice {
  /** The data directory (its examroom.sqlite is the SQLite repository). */
  readonly dataDir: string;
  /** A PostgreSQL connection string (EXAMROOM_DATABASE_URL); absent or empty: SQLite. */
  readonly databaseUrl?: string | undefined;
}

export async function openRepository(choice: RepositoryChoice, crypto: Pick<DomainCrypto, 'idNumberHash'>): Promise<ServerRepository> {
  if (choice.databaseUrl) {
    // The key check makes every server of the cluster hash ID numbers with the same key, or refuse to start.
    const repo = await createPgRepository({ connectionString: choice.databaseUrl, idNumberHash: (idNumber) => crypto.idNumberHash(idNumber) });
    return Object.assign(repo, { kind: 'postgresql' as const });
  }
  return Object.assign(createSqliteRepository(join(choice.dataDir, 'examroom.sqlite'), crypto), { kind: 'sqlite' as const });
}

/** EXAMROOM_DATABASE_URL, checked: a PostgreSQL URL, or nothing. */
export function parseDatabaseUrl(value: string | undefined): string | undefined {
  const url = value?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`EXAMROOM_DATABASE_URL must be a postgresql:// URL, not "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  return url;
}
