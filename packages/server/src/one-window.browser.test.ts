/**
 * One exam per window (R6, 「不得多屏登录」 within one browser), in headless Chromium against the real server: the
 * candidate walks the portal to 开始答题 in one tab; a second tab of the same browser (the kept session shared) is
 * refused with the guide's words and asks the API for nothing of the candidate's, while the first tab answers on and
 * its recordings keep uploading; once the first tab is closed, 「在此窗口继续」 in the second takes over and comes back
 * as a reload does (继续面试, then 开始答题, recording again); and a reload of that tab, now the only one, resumes
 * without being refused.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interpolate, LOCALES } from '@examroom/core';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import {
  Journey,
  MIN,
  openPortal,
  portalUrl,
  seedPortalSitting,
  seriousErrors,
  seriousOrCritical,
  serverRecordings,
  startPortalServer,
  supervisorToken,
  waitForBothRecordings,
  type PortalBrowser,
  type PortalServer,
  type PortalSitting,
} from '../test-browser/portal.js';

const DAY = 24 * 60 * MIN;
/** How far before the start 「刷新」 puts server time at 进入考试 (as in the other portal journeys). */
const LEAD_MS = 8_000;

let server: PortalServer;
const browsers: PortalBrowser[] = [];
let nextStart = Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;
const m = LOCALES['zh-CN'];

beforeAll(async () => {
  server = await startPortalServer();
});

afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close().catch((error: unknown) => console.error('closing the browser failed', error));
});

afterAll(async () => {
  await server?.close();
});

async function sitting(): Promise<PortalSitting> {
  nextStart += DAY;
  const seeded = await seedPortalSitting(server, { startsAt: nextStart, answerMs: 10 * MIN });
  await server.setClock(seeded.startsAt - 20 * MIN);
  return seeded;
}

/** A second tab of `browser` on the portal; its errors and the API paths it asks for are noted. */
async function secondTab(browser: PortalBrowser): Promise<{ tab: PortalBrowser; apiRequests: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors: string[] = [];
  const apiRequests: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  // The stages the tab shows, as a host page hears them (examStageChange).
  const hostEvents: { type: string; detail: unknown }[] = [];
  await page.exposeFunction('examroomTestStage', (detail: unknown) => void hostEvents.push({ type: 'examStageChange', detail }));
  await page.addInitScript(() => {
    const record = (window as unknown as { examroomTestStage: (detail: unknown) => void }).examroomTestStage;
    document.addEventListener('examStageChange', (event) => record((event as CustomEvent).detail));
  });
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/') || path.startsWith('/uploads')) apiRequests.push(`${request.method()} ${path}`);
  });
  await page.goto(portalUrl(server, 'zh-CN'));
  return { tab: { context: browser.context, page, errors, hostEvents, close: () => page.close() }, apiRequests };
}

/** Bytes the server holds of each kind of the candidate's recordings, and how many parts of each. */
async function recordingState(candidateId: string) {
  const recordings = await serverRecordings(server, candidateId, await supervisorToken(server));
  const of = (kind: string) => recordings.filter((r) => r.kind === kind);
  return {
    parts: { camera: of('camera').length, screen: of('screen').length },
    bytes: Math.min(...['camera', 'screen'].map((kind) => of(kind).reduce((sum, r) => sum + r.bytesReceived, 0))),
  };
}

const continueHere = (page: Page) => page.getByRole('button', { name: m.actions.continueHere, exact: true });
const stagesHeard = (tab: PortalBrowser, from = 0) => tab.hostEvents.slice(from).map((e) => (e.detail as { stage: string }).stage);

describe('one exam per window in Chromium against the real server (R6)', () => {
  it('refuses a second tab of the interview while the first answers, lets it take over once the first is closed, and a reload of it resumes', async () => {
    const seeded = await sitting();
    const browser = await openPortal(server, 'zh-CN');
    browsers.push(browser);
    const first = new Journey(server, seeded, browser, { locale: 'zh-CN' });
    await first.walkToAnswering(LEAD_MS);
    await waitForBothRecordings(server, seeded.candidate.id, 0);

    // ---- a second tab: refused in the guide's words, asking nothing of the candidate's ----
    const { tab, apiRequests } = await secondTab(browser);
    const second = new Journey(server, seeded, tab, { locale: 'zh-CN', audit: (stage) => stage === 'barred' });
    const refused = await second.arrive('barred', { heading: m.barred.otherWindowTitle, variant: 'other-window' });
    expect(refused.heading).toBe(m.barred.otherWindowTitle);
    expect(seriousOrCritical(refused.axe)).toEqual([]);
    const room = tab.page.locator('exam-room [data-stage="barred"]');
    await expect.poll(() => room.getByRole('alert').textContent()).toBe(m.errors.OPEN_IN_ANOTHER_WINDOW);
    expect(await continueHere(tab.page).isDisabled()).toBe(true);
    expect(await tab.page.locator('exam-room exam-stepper').isHidden()).toBe(true);

    // The first tab answers on, and its recordings keep uploading, in the same parts (nothing closed or abandoned).
    const before = await recordingState(seeded.candidate.id);
    await waitUntil(
      () => recordingState(seeded.candidate.id),
      (now) => now.bytes > before.bytes + 100_000,
      'the first tab’s recordings to keep growing on the server',
      60_000,
    );
    expect((await recordingState(seeded.candidate.id)).parts).toEqual({ camera: 1, screen: 1 });
    expect(await browser.page.locator('exam-room [data-stage="answering"]').isVisible()).toBe(true);
    await first.waitForTimer((left) => left !== null && left > 0, 'the first tab’s countdown to run');
    // The refused tab read the server's time (the clock) and nothing else: no session, no heartbeat, no upload.
    expect(apiRequests.filter((request) => request !== 'GET /api/v1/time')).toEqual([]);

    // ---- the first tab is closed: 「在此窗口继续」 in the second ----
    await browser.page.close({ runBeforeUnload: true });
    await second.enabled(m.actions.continueHere, 15_000);
    await expect.poll(() => room.getByRole('alert').textContent()).toBe(m.barred.otherWindowClosed);
    await second.click(m.actions.continueHere);

    // Back as after a reload: 继续面试 asks for the screen share only, then 开始答题 with the questions.
    await second.arrive('resuming', { ready: () => second.enabled(m.actions.shareScreen) });
    await second.click(m.actions.shareScreen);
    const firstQuestion = tab.page.getByText(interpolate(m.answering.questionNumber, { n: 1 })).first();
    await second.arrive('answering', { ready: () => firstQuestion.waitFor({ timeout: 15_000 }) });
    await waitUntil(
      () => serverRecordings(server, seeded.candidate.id),
      (recordings) => ['camera', 'screen'].every((kind) => recordings.filter((r) => r.kind === kind).some((r) => r.part > 1 && r.bytesReceived > 0)),
      'the second tab to record camera and screen as the next parts',
      60_000,
    );
    expect(stagesHeard(tab)).toEqual(['checkingDevices', 'barred', 'checkingDevices', 'answering']);

    // ---- a reload of the one tab left: the unloaded page lets go of the lock, and the new page gets it ----
    const heard = tab.hostEvents.length;
    await tab.page.reload();
    await second.arrive('resuming', { ready: () => second.enabled(m.actions.shareScreen) });
    expect(stagesHeard(tab, heard)).toEqual(['checkingDevices']);
    expect(seriousErrors(tab.errors)).toEqual([]);
    expect(seriousErrors(browser.errors)).toEqual([]);
  });
});
