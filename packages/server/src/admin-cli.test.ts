/**
 * `examroom-server admin create|reset-password`: the built command against a data directory of its own, then the
 * server on that directory, where the administrator logs in with the printed one-time password.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contractClient } from '../../adapters/src/contract/contract-client.js';
import { removeTempDirs, startServer, tempDir } from './test-support/server.js';

afterAll(removeTempDirs);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `examroom-server` with `args` until it exits. */
function runCommand(args: readonly string[], dataDir: string): Promise<Run> {
  const child = spawn(process.execPath, [new URL('../dist/main.js', import.meta.url).pathname, ...args], {
    env: { ...process.env, EXAMROOM_DATA_DIR: dataDir, EXAMROOM_DEMO: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const oneTimePassword = (stdout: string) => /One-time password \(shown only now[^:]*\): (\S+)/.exec(stdout)?.[1] ?? '';

/** Every file of the data directory, as text: the password must be in none of them. */
const everyFileText = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');

describe('examroom-server admin', () => {
  it('creates an administrator with a one-time password printed once, who must change it at the first login', async () => {
    const dataDir = tempDir('examroom-admin-cli-');
    const created = await runCommand(['admin', 'create', 'it-office'], dataDir);
    expect(created.code, created.stderr).toBe(0);
    const password = oneTimePassword(created.stdout);
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(everyFileText(dataDir)).not.toContain(password);

    const again = await runCommand(['admin', 'create', 'it-office'], dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stdout).toBe('');

    const server = await startServer({ dataDir, demo: false, testClock: false });
    try {
      const c = contractClient({ baseUrl: server.baseUrl, fetch: (input, init) => fetch(input, init) });
      const { token } = (await c.ok('adminLogin', { body: { username: 'it-office', password } })) as { token: string };
      await c.fails('adminListExams', { token }, 403, 'PASSWORD_CHANGE_REQUIRED');
      await c.ok('changeAdminPassword', { token, body: { currentPassword: password, newPassword: 'our-own-long-password' } });
      expect(await c.ok('adminListExams', { token })).toEqual([]);

      // A new one-time password, beside the running server: the old password and the open session end.
      const reset = await runCommand(['admin', 'reset-password', 'it-office'], dataDir);
      expect(reset.code, reset.stderr).toBe(0);
      const fresh = oneTimePassword(reset.stdout);
      expect(fresh).not.toBe(password);
      await c.fails('adminListExams', { token }, 401, 'SESSION_REVOKED');
      await c.fails('adminLogin', { body: { username: 'it-office', password: 'our-own-long-password' } }, 401, 'INVALID_CREDENTIALS');
      const second = (await c.ok('adminLogin', { body: { username: 'it-office', password: fresh } })) as { token: string };
      expect(await c.ok('getAdminMe', { token: second.token })).toMatchObject({ username: 'it-office', mustChangePassword: true });
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown administrator, a bad username and a wrong command, changing nothing', async () => {
    const dataDir = tempDir('examroom-admin-cli-');
    const unknown = await runCommand(['admin', 'reset-password', 'nobody'], dataDir);
    expect([unknown.code, unknown.stdout]).toEqual([1, '']);
    expect(unknown.stderr).toContain('no administrator "nobody"');
    const bad = await runCommand(['admin', 'create', 'not a name'], dataDir);
    expect(bad.code).toBe(2);
    const usage = await runCommand(['admin', 'delete', 'someone'], dataDir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });
});
