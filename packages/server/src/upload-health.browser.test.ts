/**
 * Upload health in real headless Chromium against the real server: a candidate on the portal records camera and
 * screen and uploads them; the supervisor's grid shows bytes recorded / acknowledged for both (reported by the page
 * in its heartbeats, sampled by the server), acknowledged never above recorded and equal to it once the upload is
 * done; 上传状况 draws a uPlot canvas with its text summary, for the sitting and for the candidate, and uPlot's chunk
 * is requested only when that view opens.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROCTOR_CONSOLE_LOCALES } from '@examroom/core';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { Journey, MIN, RESULTS_DIR, axeAudit, openPortal, seriousOrCritical, settled, seedPortalSitting, seriousErrors, serverRecordings, portalServerPerFile, supervisorToken, type PortalServer } from '../test-browser/portal.js';

const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const LEAD_MS = 12_000;
const ELEMENTS_BUILD = fileURLToPath(new URL('../../elements/dist/examroom/', import.meta.url));

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

/** The built chunk that holds uPlot (its stylesheet's last rule names .u-cursor-pt): the one the view imports. */
async function uplotChunk(): Promise<string> {
  const files = (await readdir(ELEMENTS_BUILD)).filter((file) => file.endsWith('.js'));
  const holding: string[] = [];
  for (const file of files) if ((await readFile(`${ELEMENTS_BUILD}${file}`, 'utf8')).includes('.u-cursor-pt')) holding.push(file);
  expect(holding, 'exactly one built chunk holds uPlot').toHaveLength(1);
  return holding[0]!;
}

/** A grid cell's figures as the element wrote them beside the text (data-recorded, data-acknowledged). */
async function cellBytes(cell: Locator): Promise<{ recorded: number; acknowledged: number; text: string } | null> {
  if ((await cell.count()) === 0) return null;
  const [recorded, acknowledged, text] = await Promise.all([cell.getAttribute('data-recorded'), cell.getAttribute('data-acknowledged'), cell.textContent()]);
  return recorded === null || acknowledged === null ? null : { recorded: Number(recorded), acknowledged: Number(acknowledged), text: text ?? '' };
}

describe('upload health', () => {
  it('shows camera and screen recorded vs acknowledged in the grid, and draws 上传状况 with uPlot loaded only then', async () => {
    const chunk = await uplotChunk();
    const startsAt = Math.ceil((Date.now() + 3 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt, answerMs: 10 * MIN });
    await server.setClock(startsAt - 20 * MIN);

    // ---- the supervisor: log in, open the sitting; every request of the page is noted ----
    const supervisor = await launchChromium();
    cleanups.push(() => supervisor.close());
    const page = supervisor.context.pages()[0] ?? (await supervisor.context.newPage());
    await page.setViewportSize({ width: 1366, height: 768 });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
    });
    await page.goto(`${server.origin}/proctor`);
    const demo = server.app.examroom.demo!;
    await page.getByLabel(m.login.username).fill(demo.supervisor.username);
    await page.getByLabel(m.login.password).fill(demo.supervisor.password);
    await page.getByRole('button', { name: m.login.submit, exact: true }).click();
    await page.locator(`button[data-sitting="${seeded.sittingId}"]`).click();
    const row = page.locator(`exam-proctor-console tr[data-candidate="${seeded.candidate.id}"]`);
    await row.waitFor({ timeout: 30_000 });

    // ---- the candidate answers on camera; server time runs with real time, so that the server samples ----
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    const candidateRequested: string[] = [];
    portal.page.on('request', (request) => candidateRequested.push(new URL(request.url()).pathname));
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: false });
    await journey.walkToAnswering(LEAD_MS);
    const answeringFrom = Date.now();
    let clockRuns = true;
    const clock = (async () => {
      while (clockRuns) {
        await server.setClock(startsAt + (Date.now() - answeringFrom));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    cleanups.push(async () => {
      clockRuns = false;
      await clock;
    });

    const camera = row.locator('td.upload.camera');
    const screen = row.locator('td.upload.screen');
    const bothRecorded = async () => ({ camera: await cellBytes(camera), screen: await cellBytes(screen) });
    const recording = await waitUntil(
      bothRecorded,
      (cells) => [cells.camera, cells.screen].every((cell) => cell !== null && cell.acknowledged > 0 && cell.recorded >= cell.acknowledged),
      'camera and screen recorded and acknowledged bytes in the grid',
      60_000,
    );
    for (const cell of [recording.camera!, recording.screen!]) expect(cell.text).toMatch(/^\d+\.\d \/ \d+\.\d MB/);
    // The grid with its upload columns passes axe (no serious or critical violations).
    await settled(page);
    expect(seriousOrCritical(await axeAudit(page))).toEqual([]);
    // The console's first load and the grid never asked for uPlot.
    expect(requested.filter((path) => path.endsWith(chunk))).toEqual([]);

    // ---- 结束考试 → 确认: the upload completes; then acknowledged equals recorded, as on the server ----
    await journey.click('结束考试');
    await portal.page.getByRole('alertdialog').waitFor({ state: 'visible', timeout: 15_000 });
    await journey.click('确认');
    await journey.arrive('finished', { timeoutMs: 90_000 });
    const recordings = await serverRecordings(server, seeded.candidate.id, await supervisorToken(server));
    const received = (kind: string) => recordings.filter((r) => r.kind === kind).reduce((sum, r) => sum + r.bytesReceived, 0);
    expect(recordings.filter((r) => r.kind !== 'evidence').every((r) => r.complete)).toBe(true);
    const caughtUp = await waitUntil(
      bothRecorded,
      (cells) => cells.camera?.acknowledged === received('camera') && cells.screen?.acknowledged === received('screen'),
      'the grid to show every byte of both recordings acknowledged',
      60_000,
    );
    expect(caughtUp.camera!.recorded).toBe(caughtUp.camera!.acknowledged);
    expect(caughtUp.screen!.recorded).toBe(caughtUp.screen!.acknowledged);
    expect(caughtUp.camera!.acknowledged).toBeGreaterThan(recording.camera!.acknowledged);

    // ---- 上传状况 for the sitting: uPlot is requested now, draws its canvas, the summary says it in text ----
    await page.locator('exam-proctor-console button.open-upload-health').first().click();
    const view = page.locator('exam-proctor-console section.upload-health');
    await view.locator('.upload-chart canvas').first().waitFor({ timeout: 30_000 });
    expect(requested.filter((path) => path.endsWith(chunk))).toHaveLength(1);
    expect(await view.locator('h2').textContent()).toContain(m.uploadHealth.title);
    const summary = view.locator('table.upload-summary');
    expect(await summary.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))).toEqual(['camera', 'screen']);
    expect(await summary.locator('tr[data-kind="camera"] th').textContent()).toBe(m.uploadHealth.kinds.camera);
    expect(await view.locator('.upload-chart').getAttribute('role')).toBe('img');
    // uPlot's legend names each line: recorded and acknowledged of both kinds.
    const legend = await view.locator('.u-legend .u-series th').allTextContents();
    expect(legend.filter((label) => label.includes(m.uploadHealth.kinds.camera))).toHaveLength(2);
    expect(legend.filter((label) => label.includes(m.uploadHealth.kinds.screen))).toHaveLength(2);

    await settled(page);
    expect(seriousOrCritical(await axeAudit(page))).toEqual([]);
    await mkdir(join(RESULTS_DIR, 'zh-CN'), { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'zh-CN', 'proctor-upload-health.png'), fullPage: true });

    // ---- back to the grid, then the candidate's own from their panel ----
    await view.locator('button.back').click();
    await row.getByRole('button', { name: new RegExp(m.sitting.openHelp) }).click();
    await page.locator('exam-proctor-console .candidate-panel button.open-upload-health').click();
    const own = page.locator('exam-proctor-console section.upload-health');
    await own.locator('h2').getByText(seeded.candidate.name).waitFor({ timeout: 15_000 });
    await own.locator('.upload-chart canvas').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(RESULTS_DIR, 'zh-CN', 'proctor-upload-health-candidate.png'), fullPage: true });
    const cameraLine = own.locator('table.upload-summary tr[data-kind="camera"]');
    expect(await cameraLine.locator('.recorded').textContent()).toBe(await cameraLine.locator('.acknowledged').textContent());
    // The chunk is the browser's now: opening the view again asks for nothing more.
    expect(requested.filter((path) => path.endsWith(chunk))).toHaveLength(1);

    // The candidate's page, which recorded and uploaded all along, never loaded uPlot.
    expect(candidateRequested.length).toBeGreaterThan(0);
    expect(candidateRequested.filter((path) => path.endsWith(chunk))).toEqual([]);
    expect(seriousErrors(errors)).toEqual([]);
    expect(seriousErrors(portal.errors)).toEqual([]);
  });
});
