/**
 * The three example apps as an integrator builds them: the packages packed with npm (`npm run examples:pack` at the
 * root, into examples/.packs), each example installing those tarballs (`npm install`), React and Vue built with Vite
 * (their type check included), the HTML page served as it is, each on its own origin; the reference server beside
 * them allows those origins (EXAMROOM_CORS_ORIGINS). In headless Chromium with the fake camera, microphone and
 * screen, a candidate sits a whole interview in each app, from 设备准备 to 上传成功, and the app itself hears
 * `examFinish` and says so on its own page. Needs the build (`npm run build`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { STAGES } from '@examroom/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../packages/adapters/test-browser/wait.js';
import {
  Journey,
  MIN,
  openRoomPage,
  seedPortalSitting,
  seriousErrors,
  startPortalServer,
  waitForBothRecordings,
  type PortalBrowser,
  type PortalServer,
} from '../packages/server/test-browser/portal.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const DAY = 24 * 60 * MIN;

interface Example {
  readonly name: 'react' | 'vue' | 'html';
  /** The npm script that serves it (Vite's preview server: the built app, or the plain page as it is). */
  readonly serve: string;
  readonly built: boolean;
}

const EXAMPLES: readonly Example[] = [
  { name: 'react', serve: 'preview', built: true },
  { name: 'vue', serve: 'preview', built: true },
  { name: 'html', serve: 'start', built: false },
];

const dirOf = (example: Example) => fileURLToPath(new URL(`./${example.name}/`, import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the example's own preview server and waits until it answers. */
async function serve(example: Example, port: number): Promise<ChildProcess> {
  const child = spawn('npm', ['run', example.serve, '--', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: dirOf(example),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  await waitUntil(
    () => fetch(`http://127.0.0.1:${port}/`).then((response) => response.ok, () => false),
    (ok) => ok,
    `${example.name}'s preview server on port ${port} (${output})`,
    60_000,
  );
  return child;
}

let server: PortalServer;
const origins = new Map<Example['name'], string>();
const previews: ChildProcess[] = [];
const browsers: PortalBrowser[] = [];
let nextStart = Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;

beforeAll(async () => {
  await run('npm', ['run', 'examples:pack'], { cwd: root });
  for (const example of EXAMPLES) {
    const dir = dirOf(example);
    // The tarballs change with every build under the same version: install them afresh.
    await rm(new URL(`./${example.name}/node_modules/@examroom/`, import.meta.url), { recursive: true, force: true });
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir });
    if (example.built) await run('npm', ['run', 'build'], { cwd: dir });
    const port = await freePort();
    previews.push(await serve(example, port));
    origins.set(example.name, `http://127.0.0.1:${port}`);
  }
  server = await startPortalServer({ corsOrigins: [...origins.values()] });
}, 600_000);

afterAll(async () => {
  for (const browser of browsers) await browser.close().catch(() => undefined);
  for (const child of previews) if (child.pid) process.kill(-child.pid, 'SIGTERM');
  await server?.close();
});

describe.each(EXAMPLES)('examples/$name', (example) => {
  it('embeds the interview against the reference server: 设备准备 to 上传成功, and the app hears examFinish', async () => {
    nextStart += DAY;
    const sitting = await seedPortalSitting(server, { startsAt: nextStart });
    await server.setClock(sitting.startsAt - 20 * MIN);
    const url = `${origins.get(example.name)}/?api=${encodeURIComponent(server.origin)}&exam=exam-demo`;
    const browser = await openRoomPage(server, url);
    browsers.push(browser);
    const journey = new Journey(server, sitting, browser, { locale: 'zh-CN' });
    await journey.walkToAnswering(12_000);
    await waitForBothRecordings(server, sitting.candidate.id, 10_000);
    await journey.click('结束考试');
    await journey.click('确认');
    await journey.arrive('finished', { timeoutMs: 90_000 });
    await browser.page.getByText('上传成功').first().waitFor({ timeout: 15_000 });

    // The app's own page, outside the element, says what it heard.
    const status = browser.page.locator('[data-finish-reason]');
    await status.waitFor({ timeout: 15_000 });
    expect(await status.getAttribute('data-finish-reason')).toBe('endedEarly');
    expect(await status.textContent()).toContain('门户已收到：面试结束');
    expect(await browser.page.locator('[data-host-stage]').getAttribute('data-host-stage')).toBe('finished');
    expect(browser.hostEvents.filter((event) => event.type === 'examStageChange').map((event) => (event.detail as { stage: string }).stage)).toEqual([...STAGES]);
    expect(browser.hostEvents.find((event) => event.type === 'examFinish')?.detail).toEqual({ reason: 'endedEarly' });
    // Cross-origin, every request to the reference server was let through (no CORS refusal).
    expect(browser.errors.filter((error) => /CORS|blocked/i.test(error))).toEqual([]);
    expect(seriousErrors(browser.errors)).toEqual([]);
  });
});
