/**
 * The demo portal served by the real server, driven in headless Chromium (fake
 * camera, microphone and screen) the way a candidate uses it — buttons by their names, inputs by their labels — with
 * server time moved by the dev clock and the phone's evidence reported over the API. One server for the file; each
 * test seeds its own sitting of the demo exam, a day after the previous one, so the clock only moves forward.
 * Screenshots land in test-results/<locale>/ at the repository root.
 */
import { stat } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, STAGES } from '@examroom/core';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { checkMedia } from '../test-browser/media-check.js';
import {
  Journey,
  MIN,
  clockSeconds as seconds,
  finalPath,
  openPortal,
  seedPortalSitting,
  seriousErrors,
  seriousOrCritical,
  serverRecordings,
  startPortalServer,
  storedChunkCounts,
  throttleUploads,
  waitForBothRecordings,
  type Locale,
  type PortalBrowser,
  type PortalServer,
  type StageVisit,
} from '../test-browser/portal.js';

const DAY = 24 * 60 * MIN;
/** How far before the start 「刷新」 puts server time: 进入考试 … 承诺书 with axe and screenshots take about 2 s. */
const LEAD_AUDITED_MS = 12_000;

let server: PortalServer;
const browsers: PortalBrowser[] = [];
/** Every sitting starts a day after the previous one: the dev clock never goes back. */
let nextStart = Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;

beforeAll(async () => {
  server = await startPortalServer();
});

afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close().catch((error: unknown) => console.error('closing the browser failed', error));
});

afterAll(async () => {
  await server?.close();
});

async function open(locale: Locale): Promise<PortalBrowser> {
  const browser = await openPortal(server, locale);
  browsers.push(browser);
  return browser;
}

async function sitting(options: { answerMs?: number; clockFromStart: number }) {
  nextStart += DAY;
  const seeded = await seedPortalSitting(server, { startsAt: nextStart, ...(options.answerMs ? { answerMs: options.answerMs } : {}) });
  await server.setClock(seeded.startsAt + options.clockFromStart);
  return seeded;
}

/** The stages visited, each once, in order. */
const stagesOf = (visits: readonly StageVisit[]) => visits.map((v) => v.stage).filter((stage, i, all) => all[i - 1] !== stage);

/** The serious and critical axe findings per visit (empty when the page is fine). */
const axeProblems = (visits: readonly StageVisit[]) =>
  visits.flatMap((v) => seriousOrCritical(v.axe).map((f) => `${v.stage}${v.variant ? `/${v.variant}` : ''}: ${f.id} (${f.impact}) ${f.help} ${f.targets.join(' ')}`));

const moderateFindings = (visits: readonly StageVisit[]) =>
  visits.flatMap((v) => v.axe.filter((f) => f.impact !== 'serious' && f.impact !== 'critical').map((f) => `${v.stage}: ${f.id} (${f.impact}) ${f.targets.join(' ')}`));

/** Each visit showed its stage's heading and the stepper's matching step, and (after the first) focus was on the heading. */
function expectHeadingsStepsAndFocus(journey: Journey): void {
  for (const visit of journey.visits) {
    const seen = { stage: visit.stage, heading: visit.heading, step: visit.step };
    expect(seen, `stage ${visit.stage}${visit.variant ? `/${visit.variant}` : ''}`).toEqual({ stage: visit.stage, heading: visit.expectedHeading, step: journey.expectedStep(visit.stage) });
  }
  // A stage change moves focus to the new stage's heading (not on the first stage: the host page keeps its focus).
  const firstVisits = journey.visits.filter((v, i, all) => i > 0 && all[i - 1]!.stage !== v.stage);
  expect(firstVisits.filter((v) => !v.focus.startsWith('heading:')).map((v) => `${v.stage}: ${v.focus}`)).toEqual([]);
}

async function expectBothRecordingsFinalised(candidateId: string): Promise<void> {
  const recordings = await serverRecordings(server, candidateId);
  expect(recordings.map((r) => r.kind).sort()).toEqual(['camera', 'screen']);
  for (const recording of recordings) {
    expect(recording, recording.kind).toMatchObject({ complete: true });
    expect(recording.bytesReceived).toBeGreaterThan(10_000);
    expect(recording.serverSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(finalPath(server, recording.id))).size).toBeGreaterThan(10_000);
    // It plays: a duration, and nothing but Chromium's own dts warning from ffmpeg (see media-check.ts).
    const media = await checkMedia(finalPath(server, recording.id));
    expect({ kind: recording.kind, errors: media.errors }).toEqual({ kind: recording.kind, errors: [] });
    expect(media.durationS, `${recording.kind}: ffprobe duration`).toBeGreaterThan(0);
  }
}

describe('the demo portal in Chromium against the real server', () => {
  it('a new candidate walks every stage in order to 上传成功 with the password login; 结束考试 → 取消, then 结束考试 → 确认; the server holds both recordings (zh-CN, axe, screenshots)', async () => {
    const seeded = await sitting({ clockFromStart: -20 * MIN });
    const browser = await open('zh-CN');
    const journey = new Journey(server, seeded, browser, { locale: 'zh-CN', audit: true });
    const m = journey.m;
    await journey.walkToAnswering(LEAD_AUDITED_MS);

    // Answering on camera until the server holds more of each recording than the end checks ask for.
    await waitForBothRecordings(server, seeded.candidate.id, 10_000);
    const dialog = browser.page.getByRole('alertdialog');
    await journey.click('结束考试');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await dialog.textContent()).toContain(m.answering.confirmEnd);
    await journey.arrive('answering', { variant: 'confirm-end' });
    await journey.click('取消');
    // The box closes in the render of the machine's answer to 「取消」, the stage it shows included: had 「取消」 ended
    // the exam, the stage would read uploading by now.
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await browser.page.locator('exam-room [data-stage]').getAttribute('data-stage')).toBe('answering');

    await journey.click('结束考试');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    // Uploads slowed for a moment so that 视频上传 stays long enough to be audited and photographed.
    const cdp = await throttleUploads(browser.context, browser.page, 48 * 1024);
    await journey.click('确认');
    // Counted once the second bar is there (or after the safety net): the expectation below judges.
    await journey.arrive('uploading', { ready: () => browser.page.getByRole('progressbar').nth(1).waitFor({ timeout: 15_000 }).catch(() => undefined) });
    const bars = await browser.page.getByRole('progressbar').count();
    await throttleUploads(browser.context, browser.page, null);
    await cdp.detach();
    await journey.arrive('finished', { timeoutMs: 60_000 });
    await browser.page.getByText(m.finished.success).waitFor({ timeout: 15_000 });
    await browser.page.getByText(m.finished.reasons.endedEarly).waitFor({ timeout: 15_000 });

    expect(stagesOf(journey.visits)).toEqual([...STAGES]);
    expect(journey.visits.at(-1)!.heading).toBe('上传成功');
    // What the host page heard: every stage change in order, then the finish and the completed upload.
    expect(browser.hostEvents.filter((e) => e.type === 'examStageChange').map((e) => (e.detail as { stage: string }).stage)).toEqual([...STAGES]);
    expect(browser.hostEvents.filter((e) => e.type !== 'examStageChange')).toEqual([
      { type: 'examFinish', detail: { reason: 'endedEarly' } },
      { type: 'examUploadComplete', detail: null },
    ]);
    expectHeadingsStepsAndFocus(journey);
    expect(bars, 'a progress bar per recording (camera and screen)').toBeGreaterThanOrEqual(2);
    await expectBothRecordingsFinalised(seeded.candidate.id);
    expect(axeProblems(journey.visits)).toEqual([]);
    expect(seriousErrors(browser.errors)).toEqual([]);
    console.log(`[portal] zh-CN journey: ${journey.visits.map((v) => `${v.stage}${v.variant ? `/${v.variant}` : ''}@${(v.at / 1000).toFixed(1)}s`).join(' ')}`);
    const moderate = moderateFindings(journey.visits);
    if (moderate.length > 0) console.log(`[portal] zh-CN axe (moderate/minor): ${[...new Set(moderate)].join('; ')}`);
  });

  it('with the keyboard alone (Tab, Enter, Space, typing) a candidate goes from 设备准备 to 上传成功, 结束考试 → 确认 included', async () => {
    const seeded = await sitting({ clockFromStart: -20 * MIN });
    const browser = await open('zh-CN');
    const journey = new Journey(server, seeded, browser, { locale: 'zh-CN', keyboard: true });
    const m = journey.m;
    await journey.walkToAnswering(LEAD_AUDITED_MS);
    // Both recordings hold something worth checking before the candidate ends the exam.
    await waitForBothRecordings(server, seeded.candidate.id, 10_000, 60_000);

    const dialog = browser.page.getByRole('alertdialog');
    await journey.click(m.actions.endExam);
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    // The confirmation box opens on 「取消」, so a stray Enter cannot end the exam; Tab reaches 「确认」.
    expect(await journey.page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.textContent?.trim();
    })).toBe(m.actions.cancel);
    await journey.click(m.actions.confirm);
    await journey.arrive('finished', { timeoutMs: 60_000 });
    await browser.page.getByText(m.finished.reasons.endedEarly).waitFor({ timeout: 15_000 });

    const expected = STAGES.filter((stage) => stage !== 'uploading');
    expect(stagesOf(journey.visits).filter((stage) => stage !== 'uploading')).toEqual([...expected]);
    expectHeadingsStepsAndFocus(journey);
    await expectBothRecordingsFinalised(seeded.candidate.id);
    expect(seriousErrors(browser.errors)).toEqual([]);
  });

  it('English: cutting the network while answering shows the banner and the timer runs on; restored, the time runs out by itself and the upload completes (axe, screenshots)', async () => {
    const seeded = await sitting({ clockFromStart: -20 * MIN, answerMs: 20_000 });
    const browser = await open('en');
    const journey = new Journey(server, seeded, browser, { locale: 'en', audit: true });
    const m = LOCALES.en;
    await journey.walkToAnswering(LEAD_AUDITED_MS);

    // Uploads are under way (some of both recordings on the server) when the network goes.
    await waitForBothRecordings(server, seeded.candidate.id, 0);
    await browser.context.setOffline(true);
    const banner = browser.page.getByText(m.answering.offlineBanner);
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    const storedAtCut = await storedChunkCounts(browser.page);
    const before = await journey.timerText();
    // The countdown runs on offline: the page shows two seconds less once (however late) it gets to draw them.
    const during = await journey.waitForTimer((left) => left !== null && left <= seconds(before) - 2, `the timer to go 2 s down from ${before} offline`);
    await journey.arrive('answering', { variant: 'offline' });
    expect(seconds(during), `timer ${before} → ${during} while offline`).toBeLessThan(seconds(before));
    expect(seconds(before) - seconds(during)).toBeGreaterThanOrEqual(2);
    // Offline until the recorder has put two more chunks of each recording into IndexedDB, for the upload to send
    // once the network is back.
    expect(Object.keys(storedAtCut)).toHaveLength(2);
    await waitUntil(
      () => storedChunkCounts(browser.page),
      (counts) => Object.entries(storedAtCut).every(([id, atCut]) => (counts[id] ?? 0) - atCut >= 2),
      'two more chunks of each recording stored while offline',
    );
    await browser.context.setOffline(false);
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });

    // Nobody presses 「End exam」: at zero the time is up and the recordings upload (slowed for the screenshot).
    await journey.waitForTimer((left) => left === null || left <= 2, 'the timer to reach 0:02 (or the time to be up)', 40_000);
    // The dev clock stood still at the start while the page's clock ran on; server time reaches the deadline as real
    // time would, for the server refuses "time up" before it (and then has finished the candidate as timeUp itself).
    await server.setClock(seeded.startsAt + 20_000);
    const cdp = await throttleUploads(browser.context, browser.page, 48 * 1024);
    await journey.arrive('uploading', { timeoutMs: 15_000, ready: () => browser.page.getByRole('progressbar').first().waitFor({ timeout: 10_000 }) });
    await throttleUploads(browser.context, browser.page, null);
    await cdp.detach();
    await journey.arrive('finished', { timeoutMs: 60_000 });
    await browser.page.getByText(m.finished.reasons.timeUp).waitFor({ timeout: 15_000 });

    expect(stagesOf(journey.visits)).toEqual([...STAGES]);
    expect(journey.visits.at(-1)!.heading).toBe(m.finished.title);
    expectHeadingsStepsAndFocus(journey);
    await expectBothRecordingsFinalised(seeded.candidate.id);
    const me = await server.app.examroom.repo.getCandidate(seeded.candidate.id);
    expect(me?.finishReason).toBe('timeUp');
    expect(axeProblems(journey.visits)).toEqual([]);
    expect(seriousErrors(browser.errors)).toEqual([]);
    const moderate = moderateFindings(journey.visits);
    if (moderate.length > 0) console.log(`[portal] en axe (moderate/minor): ${[...new Set(moderate)].join('; ')}`);
  });

  it('a candidate arriving after the 2-minute cutoff sees the barred page with the guide’s reason (zh-CN and en, axe)', async () => {
    const seeded = await sitting({ clockFromStart: 2 * MIN + 30_000 });
    const problems: string[] = [];
    for (const locale of ['zh-CN', 'en'] as const) {
      const browser = await open(locale);
      const journey = new Journey(server, seeded, browser, { locale, audit: (stage) => stage === 'barred' });
      await journey.checkDevices();
      await journey.passwordLogin();
      const visit = await journey.arrive('barred');
      expect(visit.heading).toBe(journey.m.barred.title);
      await browser.page.getByRole('alert').filter({ hasText: journey.m.errors.LATE_ENTRY_CLOSED }).waitFor({ timeout: 15_000 });
      expect(await browser.page.locator('exam-room exam-stepper').isVisible()).toBe(false);
      problems.push(...axeProblems(journey.visits));
      expect(seriousErrors(browser.errors)).toEqual([]);
    }
    expect(LOCALES['zh-CN'].errors.LATE_ENTRY_CLOSED).toBe('面试开始2分钟后，系统不再允许进入本场面试。');
    expect(problems).toEqual([]);
  });

  it('a second device for the same candidate is refused with the guide’s reason (不得多屏登录); the first device carries on', async () => {
    const seeded = await sitting({ clockFromStart: -20 * MIN });
    const first = await open('zh-CN');
    const one = new Journey(server, seeded, first, { locale: 'zh-CN' });
    await one.checkDevices();
    await one.passwordLogin();
    await one.arrive('readingProcess');

    const second = await open('zh-CN');
    const two = new Journey(server, seeded, second, { locale: 'zh-CN', audit: (stage, variant) => variant === 'refused' });
    await two.checkDevices();
    await two.passwordLogin();
    const reason = second.page.getByRole('alert').filter({ hasText: two.m.errors.ALREADY_ACTIVE_ELSEWHERE });
    const refused = await two.arrive('login', { variant: 'refused', ready: () => reason.waitFor({ timeout: 10_000 }) });
    expect(await reason.textContent()).toContain('该考生已在其他设备上登录。不得多屏登录');
    expect(axeProblems([refused])).toEqual([]);
    expect(stagesOf(two.visits)).toEqual(['checkingDevices', 'login']);

    // The first device was not disturbed.
    await one.click(one.m.actions.continue);
    await one.arrive('bindingEvidence');
    expect(seriousErrors([...first.errors, ...second.errors])).toEqual([]);
  });
});
