/**
 * The review (回放) in real headless Chromium against the real server. A candidate on the portal, with a real phone
 * recording the evidence on /phone, answers, switches away (an incident), sends a 求助 message, finishes and uploads;
 * the supervisor opens the candidate's review in /proctor: the timeline's markers are those of the server's timeline,
 * in order; a click on a marker seeks the camera, the screen and the phone evidence to that instant of the interview
 * (each to the offset in its part that the timeline gives); one 播放 plays all three (frames, time advancing); a
 * verdict given beside them joins the timeline; every file is served by range requests (206 with Content-Range, and
 * the seek read from inside the file).
 *
 * Server time runs with the real clock here (the dev clock is never set): recordings' starts, their durations and
 * the markers are then on one time line, as in production.
 */
import { describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { LOCALES, PROCTOR_CONSOLE_LOCALES, interpolate, type Timeline } from '@examroom/core';
import { DEMO_EXAM_ID } from '@examroom/domain';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { Phone } from '../test-browser/phone.js';
import { readQrCode } from '../test-browser/phone-device.js';
import { Journey, MIN, openPortal, seriousErrors, portalServerPerFile, supervisorToken, waitForBothRecordings, type PortalServer, type PortalSitting } from '../test-browser/portal.js';

const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
const candidateWords = LOCALES['zh-CN'];
/** How close a video's currentTime must come to the offset the timeline gives for the instant chosen. */
const SEEK_TOLERANCE_S = 0.35;

let server: PortalServer;
const cleanups = portalServerPerFile((started) => (server = started));

/**
 * A sitting of the demo exam starting `leadMs` from now on the real clock, entry open already and late entry allowed
 * for 15 minutes (so a slow walk to 进入考试 still gets in), with one new candidate.
 */
async function seedRealTimeSitting(leadMs: number): Promise<PortalSitting> {
  const startsAt = Date.now() + leadMs;
  const suffix = Math.random().toString(16).slice(2, 8);
  const candidate = { name: '周晓峰', idNumber: `32010219990101${String(Date.now() % 10_000).padStart(4, '0')}`, password: `pw-${suffix}`, admissionNumber: `R${suffix}` };
  const entryOpensAt = startsAt - 10 * MIN;
  const body = await server.call<{ sitting: { id: string }; candidates: { id: string }[] }>('POST', '/dev/sittings', {
    body: { examId: DEMO_EXAM_ID, name: '回放测试场次', startsAt, entryOpensAt, policy: { answerMs: 5 * MIN, lateEntryCutoffMs: 15 * MIN }, candidates: [candidate] },
  });
  return {
    sittingId: body.sitting.id,
    startsAt,
    entryOpensAt,
    deadline: startsAt + 5 * MIN,
    candidate: { id: body.candidates[0]!.id, name: candidate.name, idNumber: candidate.idNumber, password: candidate.password },
  };
}

/** Where an instant lies in the recording of a kind, by the timeline: the part that covers it and the offset (s). */
function expectedOffset(timeline: Timeline, kind: string, at: number): { recordingId: string; seconds: number } {
  const part = timeline.recordings.find((r) => r.kind === kind && r.complete && r.durationMs !== undefined && r.createdAt <= at && at <= r.createdAt + r.durationMs);
  if (!part) throw new Error(`no ${kind} recording at ${at}: ${JSON.stringify(timeline.recordings)}`);
  return { recordingId: part.id, seconds: (at - part.createdAt) / 1000 };
}

describe('the review of a candidate’s interview', () => {
  it('shows the timeline’s markers in order, seeks every recording to a marker, plays them together, by range requests', async () => {
    const began = Date.now();
    const step = (what: string) => console.log(`[review] ${((Date.now() - began) / 1000).toFixed(1)} s: ${what}`);
    const seeded = await seedRealTimeSitting(45_000);

    // ---- the candidate, with a real phone, to 开始答题 ----
    const portal = await openPortal(server, 'zh-CN');
    cleanups.push(() => portal.close());
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: false });
    await journey.checkDevices();
    await journey.passwordLogin();
    await journey.readProcedure();
    let phone!: Phone;
    await journey.bindEvidence(async ({ qr }) => {
      phone = await Phone.open(server, await readQrCode(qr));
      cleanups.push(() => phone.close());
      await phone.recordFromCamera();
    });
    step('phone recording');
    // Entry is open already, so the server has given the lot: 抽签 has nothing to draw, 下一步 goes on.
    await journey.arrive('drawingLot', { ready: () => journey.enabled(journey.m.actions.continue) });
    await journey.click(journey.m.actions.continue);
    await journey.arrive('awaitingEntry', { ready: () => journey.enabled(journey.m.actions.enter) });
    await journey.click(journey.m.actions.enter);
    await journey.confirmDevices();
    await journey.confirmInfo();
    await journey.acceptPledge();
    // The countdown runs to the start on the real clock (or the walk was slower than the lead: straight in).
    const firstQuestion = portal.page.getByText(interpolate(journey.m.answering.questionNumber, { n: 1 })).first();
    await journey.arrive('answering', { timeoutMs: 120_000, ready: () => firstQuestion.waitFor({ timeout: 15_000 }) });

    step('answering');
    // ---- answering: an incident (切屏) and a 求助 message, each with recording on both sides of it ----
    const token = await supervisorToken(server);
    const timeline = () => server.call<Timeline>('GET', `/supervisor/candidates/${seeded.candidate.id}/timeline`, { token });
    const grown = async (bytes: number) => waitForBothRecordings(server, seeded.candidate.id, bytes, 60_000);
    await grown(300_000);
    await portal.page.evaluate(() => window.dispatchEvent(new FocusEvent('blur')));
    await waitUntil(timeline, (t) => t.markers.some((marker) => marker.kind === 'incident'), 'the incident on the server', 30_000);
    // Some seconds of recording between the two, so that their markers lie apart on the timeline.
    const least = async () => {
      const recordings = await grown(0);
      return Math.min(...['camera', 'screen'].map((kind) => Math.max(...recordings.filter((r) => r.kind === kind).map((r) => r.bytesReceived))));
    };
    await grown((await least()) + 600_000);
    const question = '老师，我的屏幕共享好像断了一下。';
    await journey.button(candidateWords.actions.help).click();
    const chat = portal.page.locator('exam-help-chat');
    await chat.locator('textarea').fill(question);
    await chat.getByRole('button', { name: candidateWords.actions.send, exact: true }).click();
    await waitUntil(timeline, (t) => t.markers.some((marker) => marker.kind === 'help'), 'the help message on the server', 30_000);
    await grown((await least()) + 600_000);

    step('incident and help sent');
    // ---- 交卷, the uploads, and the phone stopped and uploaded ----
    await journey.click(journey.m.actions.endExam);
    await portal.page.getByRole('alertdialog').waitFor({ state: 'visible', timeout: 15_000 });
    await journey.click(journey.m.actions.confirm);
    await journey.arrive('finished', { timeoutMs: 90_000 });
    await phone.stopAndUpload();
    const final = await waitUntil(
      timeline,
      (t) => ['camera', 'screen', 'evidence'].every((kind) => t.recordings.some((r) => r.kind === kind && r.complete && r.durationMs !== undefined)),
      'every recording finalised with its duration',
      90_000,
    );

    step('every recording finalised');
    // ---- the supervisor opens the review from the candidate's panel ----
    const supervisor = await launchChromium();
    cleanups.push(() => supervisor.close());
    const page = supervisor.context.pages()[0] ?? (await supervisor.context.newPage());
    await page.setViewportSize({ width: 1440, height: 900 });
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    const files: { url: string; status: number; range: string | null; contentRange: string | null }[] = [];
    page.on('response', (response: Response) => {
      if (!/\/supervisor\/recordings\/[^/]+\/file/.test(response.url())) return;
      files.push({ url: response.url().replace(server.origin, ''), status: response.status(), range: response.request().headers()['range'] ?? null, contentRange: response.headers()['content-range'] ?? null });
    });
    await page.goto(`${server.origin}/proctor`);
    const demo = server.app.examroom.demo!;
    await page.getByLabel(m.login.username).fill(demo.supervisor.username);
    await page.getByLabel(m.login.password).fill(demo.supervisor.password);
    await page.getByRole('button', { name: m.login.submit, exact: true }).click();
    await page.locator(`button[data-sitting="${seeded.sittingId}"]`).click();
    const row = page.locator(`exam-proctor-console tr[data-candidate="${seeded.candidate.id}"]`);
    await row.getByRole('button', { name: new RegExp(m.sitting.openHelp) }).click();
    await page.getByRole('button', { name: m.review.open, exact: true }).click();
    const review = page.locator('exam-proctor-console section.review');
    await review.getByRole('heading', { name: interpolate(m.review.title, { name: seeded.candidate.name }) }).waitFor({ timeout: 30_000 });
    const markers = review.locator('.markers .marker');
    await markers.first().waitFor({ timeout: 30_000 });

    step('review open');
    // The markers are the timeline's, in its order, placed in order of time.
    const routeMarkers = (await timeline()).markers;
    const shown = await markers.evaluateAll((elements) => elements.map((el) => ({ kind: el.getAttribute('data-kind'), at: Number(el.getAttribute('data-at')), left: Number.parseFloat((el as HTMLElement).style.left) })));
    expect(shown.map((marker) => marker.kind)).toEqual(routeMarkers.map((marker) => marker.kind));
    expect(shown.map((marker) => marker.at)).toEqual(routeMarkers.map((marker) => marker.at));
    for (const kind of ['entered', 'devicesConfirmed', 'infoConfirmed', 'pledgeAccepted', 'incident', 'help', 'finished']) expect(shown.map((marker) => marker.kind)).toContain(kind);
    for (let i = 1; i < shown.length; i += 1) expect(shown[i]!.left).toBeGreaterThanOrEqual(shown[i - 1]!.left);
    expect(await review.locator('.marker-list li').count()).toBe(routeMarkers.length);

    // ---- a click on the incident's marker seeks every recording to that instant ----
    const incident = routeMarkers.find((marker) => marker.kind === 'incident')!;
    await review.locator(`.markers .marker[data-kind="incident"]`).first().click();
    const video = (kind: string) => review.locator(`video[data-kind="${kind}"]`);
    for (const kind of ['camera', 'screen', 'evidence']) {
      const expected = expectedOffset(final, kind, incident.at);
      const at = await waitUntil(
        () => video(kind).evaluate((el: HTMLVideoElement) => ({ src: el.currentSrc, readyState: el.readyState, currentTime: el.currentTime, error: el.error ? `${el.error.code} ${el.error.message}` : null })),
        (state) => state.src.includes(`/recordings/${expected.recordingId}/file`) && state.readyState >= 1 && Math.abs(state.currentTime - expected.seconds) <= SEEK_TOLERANCE_S,
        `the ${kind} video at ${expected.seconds.toFixed(2)} s of ${expected.recordingId}`,
        30_000,
      );
      expect(at.error, `the ${kind} video: ${JSON.stringify(at)}`).toBeNull();
    }

    step('sought to the incident');
    // ---- one 播放 for all three: each shows frames and its time advances ----
    const started = Object.fromEntries(await Promise.all(['camera', 'screen', 'evidence'].map(async (kind) => [kind, await video(kind).evaluate((el: HTMLVideoElement) => el.currentTime)] as const)));
    await review.getByRole('button', { name: m.review.play, exact: true }).click();
    for (const kind of ['camera', 'screen', 'evidence']) {
      const playing = await waitUntil(
        () => video(kind).evaluate((el: HTMLVideoElement) => ({ paused: el.paused, currentTime: el.currentTime, videoWidth: el.videoWidth, videoHeight: el.videoHeight })),
        (state) => !state.paused && state.videoWidth > 0 && state.currentTime >= started[kind]! + 1,
        `the ${kind} video playing on from ${started[kind]}`,
        30_000,
      );
      expect(playing.videoHeight).toBeGreaterThan(0);
    }
    // The playhead moved on with them; 暂停 stops all three.
    await review.getByRole('button', { name: m.review.pause, exact: true }).click();
    await waitUntil(() => review.locator('video').evaluateAll((els) => els.every((el) => (el as HTMLVideoElement).paused)), (paused) => paused, 'every video paused');

    // ---- the verdict, given beside the recordings (the panel's action), joins the timeline at once ----
    const verdictPanel = page.locator('exam-proctor-console .review-verdict');
    await verdictPanel.getByLabel(m.candidate.verdicts.passed).check();
    await verdictPanel.locator('textarea#verdict-comment').fill('复核录像，无异常。');
    await verdictPanel.getByRole('button', { name: m.candidate.saveVerdict, exact: true }).click();
    await verdictPanel.locator('.verdict-history li[data-verdict="passed"]').waitFor({ timeout: 15_000 });
    await review.locator('.markers .marker[data-kind="verdict"]').waitFor({ timeout: 15_000 });
    expect((await timeline()).markers.filter((marker) => marker.kind === 'verdict')).toHaveLength(1);

    // ---- every file came by range requests ----
    for (const kind of ['camera', 'screen', 'evidence']) {
      const { recordingId } = expectedOffset(final, kind, incident.at);
      const served = files.filter((file) => file.url.includes(`/recordings/${recordingId}/file`));
      expect(served.length, `${kind}: requests for its file`).toBeGreaterThan(0);
      for (const file of served) {
        expect(file.status, `${kind}: ${JSON.stringify(file)}`).toBe(206);
        expect(file.contentRange).toMatch(/^bytes \d+-\d+\/\d+$/);
      }
      // The seek far into the file was read from there (preload="metadata" read only its start before) — unless the
      // browser had read the whole file already from its first range (a small file on a fast, idle machine): then the
      // seek needs no request.
      const fromInside = served.some((file) => /^bytes [1-9]\d*-/.test(file.contentRange ?? ''));
      const wholeAtOnce = served.some((file) => {
        const range = /^bytes 0-(\d+)\/(\d+)$/.exec(file.contentRange ?? '');
        return range !== null && Number(range[1]) + 1 === Number(range[2]) && file.range === 'bytes=0-';
      });
      expect(fromInside || wholeAtOnce, `${kind}: a range from inside the file, or the whole file at once: ${JSON.stringify(served)}`).toBe(true);
    }
    console.log(`[review] ${shown.length} markers; file responses: ${JSON.stringify(files.map((f) => [f.url.replace(/\?.*$/, '').split('/').at(-2), f.status, f.range, f.contentRange]))}`);
    expect(seriousErrors(consoleErrors)).toEqual([]);
    expect(seriousErrors([...portal.errors, ...phone.errors])).toEqual([]);
  }, 420_000);
});
