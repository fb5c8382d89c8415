/**
 * Resuming where the candidate was, in headless Chromium against the real server: a reload and a
 * browser restart (the context closed, a new one opened on the same profile directory) during 开始答题 come back to
 * 开始答题 asking only for the screen share, with the remaining time the server's deadline gives, and the stepper
 * showing the stages before as 已完成. The phone's evidence is reported over the API as in the other portal journeys.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interpolate, LOCALES } from '@examroom/core';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import {
  Journey,
  MIN,
  currentStep,
  openPortal,
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
/** How far before the start 「刷新」 puts server time at 进入考试 (as in the portal journeys without audits). */
const LEAD_MS = 8_000;
/** Where server time stands when the page comes back: 1 min 40 s into answering. */
const INTO_ANSWERING_MS = 100_000;

let server: PortalServer;
const browsers: PortalBrowser[] = [];
const profiles: string[] = [];
let nextStart = Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;
const m = LOCALES['zh-CN'];

beforeAll(async () => {
  server = await startPortalServer();
});

afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close().catch((error: unknown) => console.error('closing the browser failed', error));
  for (const profile of profiles.splice(0)) await rm(profile, { recursive: true, force: true });
});

afterAll(async () => {
  await server?.close();
});

async function open(options: { userDataDir?: string } = {}): Promise<PortalBrowser> {
  const browser = await openPortal(server, 'zh-CN', options);
  browsers.push(browser);
  return browser;
}

async function sitting(): Promise<PortalSitting> {
  nextStart += DAY;
  const seeded = await seedPortalSitting(server, { startsAt: nextStart, answerMs: 10 * MIN });
  await server.setClock(seeded.startsAt - 20 * MIN);
  return seeded;
}

/** The stepper's status words, in order. */
const stepStatuses = (page: Page) => page.locator('exam-room exam-stepper li .status').allTextContents();

/**
 * The page has come back (after `goneAt`, a wall-clock instant taken before the reload or restart) with server time
 * standing at `serverNow`: it shows 继续面试 with the stepper on 开始答题 and only 「重新共享屏幕」 to press; pressed,
 * 开始答题 is back with the questions and the countdown to the server's deadline.
 */
async function expectBackAtAnswering(journey: Journey, seeded: PortalSitting, serverNow: number, goneAt: number): Promise<{ shown: string; backAfterMs: number }> {
  const page = journey.page;
  const prompt = await journey.arrive('resuming', { ready: () => journey.enabled(m.actions.shareScreen) });
  expect(prompt.heading).toBe(m.resuming.title);
  expect(await currentStep(page).textContent()).toBe(m.steps.answering);
  expect(await stepStatuses(page)).toEqual([...Array<string>(9).fill(m.stageStatus.done), m.stageStatus.current, m.stageStatus.upcoming]);
  // Only what the browser lost is asked for: one button, the screen share.
  expect(await page.locator('exam-room [data-stage="resuming"]').getByRole('button').allTextContents()).toEqual([m.actions.shareScreen]);
  expect(seriousOrCritical(prompt.axe)).toEqual([]);

  await journey.click(m.actions.shareScreen);
  const firstQuestion = page.getByText(interpolate(m.answering.questionNumber, { n: 1 })).first();
  await journey.arrive('answering', { ready: () => firstQuestion.waitFor({ timeout: 15_000 }) });
  const backAfterMs = Date.now() - goneAt;
  // The remaining time is the server's: its deadline minus its time, less what the page's clock ran on since it
  // measured server time (after `goneAt`); one second either way for rounding to whole seconds.
  const fromServer = (seeded.deadline - serverNow) / 1000;
  const shown = await journey.waitForTimer(
    (left) => left !== null && left <= Math.ceil(fromServer) + 1 && left >= Math.floor(fromServer - (Date.now() - goneAt) / 1000) - 1,
    `the timer to show the server's remaining ${fromServer} s`,
  );
  return { shown, backAfterMs };
}

/** After the reload or restart both recorders run again: a second recording of each kind receives bytes. */
async function expectRecordingAgain(candidateId: string): Promise<void> {
  const token = await supervisorToken(server);
  await waitUntil(
    () => serverRecordings(server, candidateId, token),
    (recordings) => ['camera', 'screen'].every((kind) => recordings.filter((r) => r.kind === kind).some((r, i) => i > 0 && r.bytesReceived > 0)),
    'a new camera and screen recording on the server after the page came back',
    60_000,
  );
}

describe('resuming in Chromium against the real server', () => {
  it('a reload during 开始答题 is back at 开始答题 asking only for the screen share, with the server’s remaining time; the stages before show 已完成', async () => {
    const seeded = await sitting();
    const browser = await open();
    const first = new Journey(server, seeded, browser, { locale: 'zh-CN' });
    await first.walkToAnswering(LEAD_MS);
    await waitForBothRecordings(server, seeded.candidate.id, 0);

    const serverNow = seeded.startsAt + INTO_ANSWERING_MS;
    await server.setClock(serverNow);
    const eventsBefore = browser.hostEvents.length;
    const goneAt = Date.now();
    await browser.page.reload();

    const back = new Journey(server, seeded, browser, { locale: 'zh-CN', audit: (stage) => stage === 'resuming' });
    const { shown, backAfterMs } = await expectBackAtAnswering(back, seeded, serverNow, goneAt);
    // No 设备准备 to pass, no login, no 进入考试, 设备确认, 信息确认 or 承诺书: the host page heard 设备准备 start (the
    // kept session is read there) and then 开始答题.
    const stages = browser.hostEvents.slice(eventsBefore).filter((e) => e.type === 'examStageChange').map((e) => (e.detail as { stage: string }).stage);
    expect(stages).toEqual(['checkingDevices', 'answering']);
    await expectRecordingAgain(seeded.candidate.id);
    expect(seriousErrors(browser.errors)).toEqual([]);
    console.log(`[resume] reload: back at 开始答题 after ${(backAfterMs / 1000).toFixed(1)} s (the share clicked included), timer ${shown}`);
  });

  it('a browser restart (context closed, reopened on the same profile) during 开始答题 resumes the same way, without logging in again', async () => {
    const seeded = await sitting();
    const profile = await mkdtemp(join(tmpdir(), 'examroom-portal-profile-'));
    profiles.push(profile);
    const before = await open({ userDataDir: profile });
    const first = new Journey(server, seeded, before, { locale: 'zh-CN' });
    await first.walkToAnswering(LEAD_MS);
    await waitForBothRecordings(server, seeded.candidate.id, 0);

    const serverNow = seeded.startsAt + INTO_ANSWERING_MS;
    await server.setClock(serverNow);
    const goneAt = Date.now();
    await before.close();
    browsers.splice(browsers.indexOf(before), 1);

    const after = await open({ userDataDir: profile });
    const back = new Journey(server, seeded, after, { locale: 'zh-CN' });
    const { shown, backAfterMs } = await expectBackAtAnswering(back, seeded, serverNow, goneAt);
    const stages = after.hostEvents.filter((e) => e.type === 'examStageChange').map((e) => (e.detail as { stage: string }).stage);
    expect(stages).toEqual(['checkingDevices', 'answering']);
    await expectRecordingAgain(seeded.candidate.id);
    expect(seriousErrors(after.errors)).toEqual([]);
    console.log(`[resume] browser restart: back at 开始答题 after ${(backAfterMs / 1000).toFixed(1)} s (the share clicked included), timer ${shown}`);
  });
});
