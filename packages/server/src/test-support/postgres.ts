/**
 * A throwaway PostgreSQL for tests: Debian's server binaries (scripts/ensure-postgres.sh installs them) run a
 * cluster of their own in a temporary directory, reached only through a unix socket in that directory (no TCP port
 * to collide with anything), trust authentication, no fsync. Started once per test file; stop() removes all of it.
 *
 * initdb and postgres refuse to run as root, which the tests are here: as root the directory is handed to the
 * unprivileged `nobody` and the binaries run through runuser; as anyone else they run directly. When the binaries are
 * missing (a package's tests run without the root `pretest`), scripts/ensure-postgres.sh installs them first.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { cleanUpAfterThisProcess, shellQuote } from './watchdog.js';

const run = promisify(execFile);

/** The port only names the socket file (.s.PGSQL.<port>) in the cluster's own directory: no TCP listens. */
const SOCKET_PORT = 5432;
const UNPRIVILEGED_USER = 'nobody';

export interface ThrowawayPostgres {
  /** The cluster's `postgres` database, as the superuser `postgres` (trust: no password). */
  readonly connectionString: string;
  /**
   * Makes a fresh, empty schema and answers a connection string whose connections have it first on their search
   * path: what one test's repository writes to, apart from every other test's, without a database of its own.
   */
  freshSchema(): Promise<string>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** The directory holding initdb and pg_ctl: EXAMROOM_PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const configured = process.env.EXAMROOM_PG_BIN;
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('No PostgreSQL server binaries: run scripts/ensure-postgres.sh (or set EXAMROOM_PG_BIN).');
  return join(root, versions[0]!, 'bin');
}

const ENSURE_SCRIPT = fileURLToPath(new URL('../../../../scripts/ensure-postgres.sh', import.meta.url));
let ensured: Promise<void> | undefined;

/** Installs PostgreSQL once per run when its binaries are missing (a minute or two the first time). */
function ensurePostgres(): Promise<void> {
  ensured ??= (() => {
    try {
      postgresBinDir();
      return Promise.resolve();
    } catch {
      return run('bash', [ENSURE_SCRIPT], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }).then(() => undefined);
    }
  })();
  return ensured;
}

const asRoot = () => process.getuid?.() === 0;

/** A binary of the cluster, run as the unprivileged user when the tests run as root. */
function command(bin: string, args: readonly string[]): [string, string[]] {
  const path = join(postgresBinDir(), bin);
  return asRoot() ? ['runuser', ['-u', UNPRIVILEGED_USER, '--', path, ...args]] : [path, [...args]];
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
  await ensurePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'examroom-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot()) {
    const user = execFileSync('id', ['-u', UNPRIVILEGED_USER], { encoding: 'utf8' }).trim();
    const group = execFileSync('id', ['-g', UNPRIVILEGED_USER], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(user), Number(group));
  }
  const pgCtl = (...args: string[]) => command('pg_ctl', ['-D', data, ...args]);
  const [stopFile, stopArgs] = pgCtl('-m', 'immediate', '-w', 'stop');
  // A test process that dies without stop() (a crash, a killed worker) must not leave a server behind.
  const cancelCleanUp = cleanUpAfterThisProcess(`${[stopFile, ...stopArgs].map(shellQuote).join(' ')} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`);
  const stopNow = () => {
    try {
      execFileSync(stopFile, stopArgs, { stdio: 'ignore' });
    } catch {
      // Not running (never started, or already stopped): nothing to stop.
    }
    cancelCleanUp();
  };

  try {
    await run(...command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']));
    const options = [
      `-k ${dir}`,
      `-p ${SOCKET_PORT}`,
      "-c listen_addresses=''",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    await run(...pgCtl('-l', log, '-o', options, '-w', '-t', '60', 'start'));
  } catch (error) {
    stopNow();
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The throwaway PostgreSQL did not start: ${String(error)}\n${serverLog}`, { cause: error });
  }

  const connectionString = `postgresql://postgres@/postgres?host=${encodeURIComponent(dir)}&port=${SOCKET_PORT}`;
  const admin = new pg.Pool({ connectionString, max: 1 });
  admin.on('error', () => undefined); // an idle connection cut by a stopping server is dropped, not thrown
  let schemas = 0;
  return {
    connectionString,
    async freshSchema() {
      schemas += 1;
      const schema = `test_${schemas}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      return `${connectionString}&options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    },
    async stop() {
      await admin.end();
      stopNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
