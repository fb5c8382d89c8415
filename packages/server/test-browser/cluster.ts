/**
 * Several examroom servers as a university would run them (deploy/cluster): each its own process
 * (`node dist/main.js`, as the container runs it) on one PostgreSQL (a throwaway cluster) and one data directory they
 * all mount, HAProxy in front of them. The browsers, the phone and the supervisor reach only HAProxy; a server can be
 * killed (SIGKILL: no goodbye, requests cut mid-body) and started again on its port.
 *
 * The dev clock is each process's own: `setClock` sets it on every server directly (not through HAProxy), and again
 * on a server that starts after it was set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SUPERVISOR } from '@examroom/domain';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { startHaproxy, type RunningHaproxy } from '../src/test-support/haproxy.js';
import { startPostgres, type ThrowawayPostgres } from '../src/test-support/postgres.js';
import { callApi } from '../src/test-support/server.js';
import type { RoomServer } from './portal.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** One server process of the cluster. */
export interface ClusterMember {
  readonly name: string;
  readonly port: number;
  readonly origin: string;
  /** Whether its process runs now. */
  readonly running: boolean;
  /** Everything it wrote to stdout and stderr, across its starts. */
  readonly output: string;
}

export interface Cluster extends RoomServer {
  readonly members: readonly ClusterMember[];
  /** Kills a server's process at once (SIGKILL) and waits until it is gone. */
  kill(index: number): Promise<void>;
  /** Starts a killed server again on its port, and waits until it is ready. */
  start(index: number): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Member extends ClusterMember {
  child: ChildProcess | null;
  output: string;
  running: boolean;
}

/** `count` servers (2 by default) on a throwaway PostgreSQL and one data directory, HAProxy in front of them. */
export async function startCluster(count = 2): Promise<Cluster> {
  const postgres: ThrowawayPostgres = await startPostgres();
  const databaseUrl = await postgres.freshSchema();
  const dataDir = await mkdtemp(join(tmpdir(), 'examroom-cluster-'));
  // Every server must hash ID numbers with the same key (the database refuses another).
  const idKey = randomBytes(32).toString('hex');
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const haproxy: RunningHaproxy = await startHaproxy(
    ports.map((port) => ({ host: '127.0.0.1', port })),
    { checkIntervalMs: 300 },
  );
  const members: Member[] = ports.map((port, i) => ({ name: `server${i + 1}`, port, origin: `http://127.0.0.1:${port}`, child: null, output: '', running: false }));
  let clock: number | null = null;

  const env = (member: Member): NodeJS.ProcessEnv => ({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(member.port),
    EXAMROOM_DATA_DIR: dataDir,
    EXAMROOM_DATABASE_URL: databaseUrl,
    EXAMROOM_ID_KEY: idKey,
    // Upload and phone addresses go through HAProxy, like the pages.
    EXAMROOM_PUBLIC_URL: haproxy.url,
    EXAMROOM_TRUST_PROXY: 'loopback',
    EXAMROOM_DEMO: '1',
    EXAMROOM_TEST_CLOCK: '1',
    EXAMROOM_FACE_LOGIN: 'off',
    EXAMROOM_LOG_LEVEL: 'warn',
  });

  const ready = (member: Member) =>
    waitUntil(
      () => fetch(`${member.origin}/readyz`).then((response) => response.status, () => 0),
      (status) => status === 200 || !member.running,
      `${member.name} ready`,
      60_000,
    ).then(() => {
      if (!member.running) throw new Error(`${member.name} exited: ${member.output}`);
    });

  const launch = async (member: Member) => {
    const child = spawn(process.execPath, [MAIN], { env: env(member), stdio: ['ignore', 'pipe', 'pipe'] });
    member.child = child;
    member.running = true;
    child.stdout?.on('data', (data: Buffer) => (member.output += data.toString()));
    child.stderr?.on('data', (data: Buffer) => (member.output += data.toString()));
    child.once('exit', () => {
      member.running = false;
    });
    await ready(member);
    if (clock !== null) await callApi(member.origin, 'POST', '/dev/clock', { body: { now: clock } });
  };

  const stopMember = async (member: Member, signal: NodeJS.Signals) => {
    const child = member.child;
    if (!child || !member.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  // One after the other: the first migrates the database and seeds the demo, the next finds them.
  for (const member of members) await launch(member);
  // HAProxy has seen every server healthy before the test sends anything.
  await waitUntil(
    () => fetch(`${haproxy.url}/readyz`).then((response) => response.status, () => 0),
    (status) => status === 200,
    'HAProxy forwarding',
    30_000,
  );

  const call = <T>(method: string, path: string, options: { token?: string; body?: unknown } = {}) => callApi<T>(haproxy.url, method, path, options);

  return {
    origin: haproxy.url,
    dataDir,
    members,
    demoSupervisor: { username: DEMO_SUPERVISOR.username, password: DEMO_SUPERVISOR.password },
    get clock() {
      return clock;
    },
    async setClock(now) {
      clock = now;
      for (const member of members) if (member.running) await callApi(member.origin, 'POST', '/dev/clock', { body: { now } });
    },
    call,
    async kill(index) {
      await stopMember(members[index]!, 'SIGKILL');
    },
    async start(index) {
      // Ready on its port; HAProxy takes it back at its next check (every 300 ms), meanwhile the others answer.
      await launch(members[index]!);
    },
    async close() {
      for (const member of members) await stopMember(member, 'SIGTERM');
      await haproxy.stop();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
