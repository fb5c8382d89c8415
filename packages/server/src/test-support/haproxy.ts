/**
 * HAProxy in front of several servers, for the tests of more than one examroom server (Debian's haproxy:
 * scripts/ensure-haproxy.sh installs it). HTTP mode, round robin, WebSocket upgrades passed through (`timeout
 * tunnel`), each server checked with `GET /readyz` and taken out while it fails, and a request that cannot reach a
 * server retried on another (`option redispatch`): what the deployment's haproxy.cfg does, on ports of the test's.
 * When haproxy is missing (a package's tests run without the root `pretest`), scripts/ensure-haproxy.sh installs it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cleanUpAfterThisProcess, shellQuote } from './watchdog.js';

export interface HaproxyBackend {
  readonly host: string;
  readonly port: number;
}

export interface HaproxyOptions {
  /** How often each server's /readyz is asked (ms); two failures take it out, one success brings it back. */
  readonly checkIntervalMs?: number;
}

export interface RunningHaproxy {
  /** Where the clients go: http://127.0.0.1:<port>. */
  readonly url: string;
  /** Stops haproxy and removes its configuration. */
  stop(): Promise<void>;
}

export function haproxyPath(): string {
  return process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
}

const ENSURE_SCRIPT = fileURLToPath(new URL('../../../../scripts/ensure-haproxy.sh', import.meta.url));
let ensured: Promise<void> | undefined;

/** Installs haproxy once per run when it is missing (less than a minute the first time). */
function ensureHaproxy(): Promise<void> {
  ensured ??= existsSync(haproxyPath())
    ? Promise.resolve()
    : promisify(execFile)('bash', [ENSURE_SCRIPT], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }).then(() => undefined);
  return ensured;
}

/** A TCP port nobody listens on now (the kernel's pick, released for haproxy to bind). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('No TCP port');
  return address.port;
}

export function haproxyConfig(port: number, backends: readonly HaproxyBackend[], checkIntervalMs: number): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  option forwardfor',
    '  option redispatch',
    '  retries 3',
    '  timeout connect 5s',
    // Long uploads (tus PATCH) and slow clients; WebSockets are tunnels once upgraded.
    '  timeout client 5m',
    '  timeout server 5m',
    '  timeout tunnel 1h',
    'frontend examroom',
    `  bind 127.0.0.1:${port}`,
    '  default_backend servers',
    'backend servers',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    `  default-server inter ${checkIntervalMs}ms fall 2 rise 1`,
    ...backends.map((backend, i) => `  server server${i + 1} ${backend.host}:${backend.port} check`),
    '',
  ].join('\n');
}

/** Resolves once something accepts TCP connections on the port, rejects when `deadline` passes first. */
async function waitForPort(port: number, deadline: number, exited: () => string | undefined): Promise<void> {
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    const exit = exited();
    if (exit !== undefined) throw new Error(`haproxy exited: ${exit}`);
    if (Date.now() > deadline) throw new Error(`haproxy did not listen on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startHaproxy(backends: readonly HaproxyBackend[], options: HaproxyOptions = {}): Promise<RunningHaproxy> {
  await ensureHaproxy();
  const dir = mkdtempSync(join(tmpdir(), 'examroom-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  const port = await freePort();
  writeFileSync(config, haproxyConfig(port, backends, options.checkIntervalMs ?? 500));

  // -db: in the foreground, not as a daemon, so that the child is haproxy itself and stops with it.
  const child: ChildProcess = spawn(haproxyPath(), ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exit: string | undefined;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = `${code ?? signal} ${stderr}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = String(error);
      resolve();
    });
  });
  // A test process that dies without stop() (a crash, a killed worker) must not leave haproxy behind.
  const cancelCleanUp = child.pid === undefined ? () => undefined : cleanUpAfterThisProcess(`kill ${child.pid} 2>/dev/null; rm -rf ${shellQuote(dir)}`);

  const stop = async () => {
    cancelCleanUp();
    if (exit === undefined) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, Date.now() + 15_000, () => exit);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
