/**
 * 人脸登录 in headless Chromium against the real server with the real face verifier: the candidate's photo enrolled
 * through the administrator's photo route, the fake camera fed a clip of that face turning its head
 * (test-support/face-clip.ts), the page outlines the face (human's BlazeFace in the page, from /face-models/), shows
 * the server's challenge, captures the frames during it and reaches 阅读面试流程. The server asks for turnLeft only,
 * the one action the clip shows. The clip loops on its own clock, so the test starts the capture as the face turns
 * back to the camera (a marker square in the picture says where the loop is), as a candidate starts facing it.
 */
import type { ElementHandle } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { API_PREFIX } from '@examroom/adapters/rest';
import { LOCALES } from '@examroom/core';
import { createFaceVerifier } from './face-verifier.js';
import { turningFaceClip } from './test-support/face-clip.js';
import { faceSamplesInstalled, original } from './test-support/face-samples.js';
import { Journey, MIN, RESULTS_DIR, openPortal, portalServerPerFile, seedPortalSitting, seriousErrors, seriousOrCritical, type PortalServer } from '../test-browser/portal.js';

const words = LOCALES['zh-CN'];
const MODEL_TIMEOUT = 300_000;
const MAX_ATTEMPTS = 3;

/**
 * Waits until the clip's marker square in the preview is dark (`dark`: the head is turned) or bright (facing). The
 * page draws the video's corner into a 1×1 canvas on every animation frame.
 */
async function markerIs(video: ElementHandle<HTMLVideoElement>, dark: boolean): Promise<void> {
  await video.evaluate(
    (element, wantDark) =>
      new Promise<void>((resolve) => {
        const canvas = document.createElement('canvas');
        canvas.width = 1;
        canvas.height = 1;
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        const look = () => {
          context.drawImage(element, 8, 8, 24, 24, 0, 0, 1, 1);
          const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
          const brightness = (r + g + b) / 3;
          if (wantDark ? brightness < 60 : brightness > 200) resolve();
          else requestAnimationFrame(look);
        };
        look();
      }),
    dark,
  );
}

describe.runIf(faceSamplesInstalled())('人脸登录 in the browser (R5, R7)', () => {
  const verifier = createFaceVerifier({ actions: ['turnLeft'] });
  let server: PortalServer;
  const cleanups = portalServerPerFile((started) => (server = started), { faceVerifier: verifier });
  cleanups.push(() => verifier.close());

  it('outlines the face, shows the server’s challenge, and logs in from 人脸登录 to 阅读面试流程', async () => {
    await verifier.ready;
    const startsAt = Math.ceil((Date.now() + 6 * 24 * 60 * MIN) / MIN) * MIN;
    const seeded = await seedPortalSitting(server, { startsAt });
    await server.setClock(startsAt - 20 * MIN);

    // ---- the administrator enrols the candidate's photo ----
    await server.call('POST', '/dev/administrators', { body: { username: 'photo-office', password: 'photo-office-pass-1', mustChangePassword: false } });
    const { token } = await server.call<{ token: string }>('POST', '/admin/login', { body: { username: 'photo-office', password: 'photo-office-pass-1' } });
    const upload = await fetch(`${server.origin}${API_PREFIX}/admin/candidates/${seeded.candidate.id}/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Blob([Buffer.from(await original('astronaut'))]),
    });
    expect(upload.status).toBe(200);

    // ---- the candidate's browser, its camera showing the clip ----
    const clip = await turningFaceClip(RESULTS_DIR);
    const portal = await openPortal(server, 'zh-CN', { args: [`--use-file-for-fake-video-capture=${clip}`] });
    cleanups.push(() => portal.close());
    const journey = new Journey(server, seeded, portal, { locale: 'zh-CN', audit: (stage) => stage === 'login' });
    await journey.checkDevices();

    const stage = portal.page.locator('exam-room [data-stage="login"]');
    // The detector loads on this stage (human's browser build from /face-models/), then outlines the one face.
    const visit = await journey.arrive('login', { variant: 'face-outlined', ready: () => stage.locator('svg[part="outline"] rect.face-one').waitFor({ timeout: 120_000 }) });
    expect(seriousOrCritical(visit.axe)).toEqual([]);
    const start = await journey.enabled(words.actions.captureFace);
    // The challenge in words, the guidance, and one face outlined.
    expect(await stage.locator('.challenge').textContent()).toBe(words.login.challenge.turnLeft);
    expect(await stage.locator('.guide li').allTextContents()).toEqual([...words.login.faceGuide]);
    expect(await stage.locator('.faces-seen').textContent()).toBe(words.login.facesSeen.one);
    await journey.type(stage.getByLabel(words.login.idNumber, { exact: true }), seeded.candidate.idNumber);

    const video = (await stage.locator('exam-video-preview video').elementHandle({ timeout: 10_000 })) as ElementHandle<HTMLVideoElement>;
    for (let attempt = 1; ; attempt += 1) {
      await markerIs(video, true);
      await markerIs(video, false);
      await start.click();
      const outcome = await Promise.race([
        portal.page.locator('exam-room [data-stage="readingProcess"]').waitFor({ timeout: 60_000 }).then(() => 'in' as const),
        stage.getByRole('button', { name: words.actions.retry, exact: true }).waitFor({ timeout: 60_000 }).then(() => 'refused' as const),
      ]);
      if (outcome === 'in') {
        console.log(`[face login] in at attempt ${attempt}`);
        break;
      }
      const refusal = await stage.locator('[role="alert"]').first().textContent();
      console.log(`[face login] attempt ${attempt} refused: ${refusal}`);
      // A frame taken late (a busy machine) may miss the turn: the page lets the candidate try again.
      expect(attempt, `refused: ${refusal}`).toBeLessThan(MAX_ATTEMPTS);
      await journey.click(words.actions.retry);
      await journey.enabled(words.actions.captureFace, 30_000);
    }
    await journey.arrive('readingProcess');
    expect(seriousErrors(portal.errors)).toEqual([]);
  }, MODEL_TIMEOUT);
});
