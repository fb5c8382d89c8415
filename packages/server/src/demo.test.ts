/**
 * Production and demo apart: `examroom-server` starts empty, `--demo` (and `npm start`) seeds the demo exam with its
 * published accounts, and the demo stays takeable however long after start a newcomer arrives.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { contractClient } from '../../adapters/src/contract/contract-client.js';
import { api, removeTempDirs, startServer, tempDir, type TestServer } from './test-support/server.js';

const MIN = 60_000;
const DEMO_PASSWORD = 'demo1234';
const ZHANG_SAN = '110101200001010011';

afterAll(removeTempDirs);

const clientOf = (server: TestServer) => contractClient({ baseUrl: server.baseUrl, fetch: (input, init) => fetch(input, init) });

describe('a server without the demo', () => {
  it('has no demo exam and no demo account; its portal asks which exam', async () => {
    const server = await startServer({ demo: false });
    try {
      const c = clientOf(server);
      await c.fails('loginWithPassword', { body: { examId: 'exam-demo', idNumber: ZHANG_SAN, password: DEMO_PASSWORD, deviceKey: 'device-key-1' } }, 404, 'EXAM_NOT_FOUND');
      await c.fails('supervisorLogin', { body: { username: 'supervisor', password: 'demo-supervisor' } }, 401, 'INVALID_CREDENTIALS');
      const portal = await api<string>(server, 'GET', '/', { raw: true });
      expect(portal.body).not.toContain('<exam-room');
      expect(portal.body).not.toContain(DEMO_PASSWORD);
      expect(portal.body).toContain('?exam=');
      const chosen = await api<string>(server, 'GET', '/?exam=exam-2027', { raw: true });
      expect(chosen.body).toContain('exam-id="exam-2027"');
    } finally {
      await server.close();
    }
  });
});

describe('the demo left idle', () => {
  it('still lets a demo candidate sit an interview 20 minutes after start (dev clock): a new sitting five minutes on', async () => {
    const server = await startServer({ demo: true, testClock: true });
    try {
      const c = clientOf(server);
      const startedAt = server.app.examroom.clock.now();
      await c.setClock(startedAt + 20 * MIN);
      const token = ((await c.ok('loginWithPassword', { body: { examId: 'exam-demo', idNumber: ZHANG_SAN, password: DEMO_PASSWORD, deviceKey: 'device-key-1' } })) as { token: string }).token;
      const me = (await c.ok('getMe', { token })) as { sitting: { id: string; name: string; startsAt: number } };
      expect(me.sitting.startsAt - (startedAt + 20 * MIN)).toBeGreaterThanOrEqual(4 * MIN);
      expect(me.sitting.name).toMatch(/^演示场次 \d\d:\d\d$/);
      // The whole interview, as the page sends it: the phone records, the lot, entry, the confirmations, the answer time.
      await c.phoneRecording(token);
      await c.ok('drawLot', { token });
      await c.ok('enter', { token });
      await c.confirmAll(token);
      await c.setClock(me.sitting.startsAt);
      expect(await c.ok('getQuestions', { token })).toBeTruthy();
      expect(await c.ok('finish', { token, body: { reason: 'completed' } })).toMatchObject({ finishReason: 'completed' });
      // The portal and the supervisor see the new sitting.
      const portal = await api<string>(server, 'GET', '/', { raw: true });
      expect(portal.body).toContain(me.sitting.name);
      const supervisor = await c.supervisor();
      const sittings = (await c.ok('listSittings', { token: supervisor })) as { sitting: { id: string } }[];
      expect(sittings.map((s) => s.sitting.id)).toContain(me.sitting.id);
    } finally {
      await server.close();
    }
  });
});

/** Runs the built `examroom-server` until it prints its addresses (or exits), and gives back what it printed. */
function runServer(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [new URL('../dist/main.js', import.meta.url).pathname, ...args], {
    env: { ...process.env, PORT: '0', EXAMROOM_DATA_DIR: tempDir('examroom-main-'), EXAMROOM_DEMO: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk);
      // The last line it prints on start.
      if (/No demo:|Missed a sitting\?/.test(out)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
}

describe('examroom-server', () => {
  it('starts empty without --demo, and prints the demo accounts with it', async () => {
    const bare = await runServer([]);
    expect(bare).toContain('No demo');
    expect(bare).not.toContain(DEMO_PASSWORD);
    const demo = await runServer(['--demo']);
    expect(demo).toContain(ZHANG_SAN);
    expect(demo).toContain(DEMO_PASSWORD);
    expect(demo).toContain('supervisor / demo-supervisor');
  });
});
