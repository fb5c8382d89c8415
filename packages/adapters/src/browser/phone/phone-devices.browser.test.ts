import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addHeading, coversWholeCircle, NO_HEADINGS, type PhoneCapture, type Subscribable, type Unsubscribable } from '@examroom/core';
import { openBrowserAdaptersPage } from '../../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../../test-browser/harness.js';
import { installPageWaits, type Collector } from '../../../test-browser/wait.js';

/** The motion sensors' permissions, which Chromium's DeviceOrientationEvent.requestPermission() answers from. */
const SENSORS = ['accelerometer', 'gyroscope', 'magnetometer'];

let browser: BrowserPage;

beforeAll(async () => {
  browser = await openBrowserAdaptersPage({ permissions: ['camera', 'microphone', ...SENSORS] });
});

afterAll(async () => {
  await browser?.close();
});

/** Another page of the same browser on the adapters' page, with `prepare` run before any of the page's scripts. */
async function openPage(prepare?: () => void): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  if (prepare) await page.addInitScript(prepare);
  await page.goto(browser.url);
  await page.waitForFunction(() => 'examroomBrowser' in window);
  await page.evaluate(() => {
    window.testState = {};
  });
  await installPageWaits(page);
  return page;
}

describe('createBrowserPhoneCamera (real Chromium, fake camera and microphone)', () => {
  it('opens the camera by facing with the microphone: a live video and audio track, the facing asked for', async () => {
    const result = await browser.page.evaluate(async () => {
      const camera = window.examroomBrowser.createBrowserPhoneCamera();
      const opened = [];
      for (const facing of ['front', 'rear'] as const) {
        // The fake camera names no facing: asked as an ideal, it opens anyway, as a desktop's camera would.
        const capture: PhoneCapture = await camera.open(facing);
        const video = capture.stream.getVideoTracks();
        const audio = capture.stream.getAudioTracks();
        opened.push({
          facing: capture.facing,
          video: video.map((track) => track.readyState),
          audio: audio.map((track) => track.readyState),
          cameraId: capture.cameraId,
          microphoneId: capture.microphoneId,
          constraints: video[0]?.getConstraints(),
        });
        capture.stop();
        opened.push({ stopped: capture.stream.getTracks().map((track) => track.readyState) });
      }
      return opened;
    });
    expect(result[0]).toMatchObject({ facing: 'front', video: ['live'], audio: ['live'] });
    // Chromium gives ideals back as bare values (a bare value is an ideal), never as `exact`.
    expect(result[0]).toMatchObject({ constraints: { facingMode: 'user', width: 1280, height: 720, frameRate: 24 } });
    expect(result[2]).toMatchObject({ facing: 'rear', video: ['live'], audio: ['live'], constraints: { facingMode: 'environment' } });
    for (const opened of [result[0], result[2]]) {
      expect(opened).toHaveProperty('cameraId', expect.stringMatching(/.+/));
      expect(opened).toHaveProperty('microphoneId', expect.stringMatching(/.+/));
    }
    expect(result[1]).toEqual({ stopped: ['ended', 'ended'] });
  });

  it('refuses with CAMERA_PERMISSION_DENIED as the PC’s camera does', async () => {
    const code = await browser.page.evaluate(async () => {
      const real = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      try {
        await window.examroomBrowser.createBrowserPhoneCamera().open('front');
        return 'opened';
      } catch (error) {
        return (error as { code?: string }).code;
      } finally {
        navigator.mediaDevices.getUserMedia = real;
      }
    });
    expect(code).toBe('CAMERA_PERMISSION_DENIED');
  });
});

describe('the evidence recording in MP4 (as on iOS Safari), forced in Chromium', () => {
  it('chooses MP4 when MediaRecorder has no WebM, and records chunks that start with an ftyp box', async () => {
    const page = await openPage(() => {
      // iOS Safari's MediaRecorder: no WebM at all.
      const native = MediaRecorder.isTypeSupported.bind(MediaRecorder);
      MediaRecorder.isTypeSupported = (type: string) => !/webm/i.test(type) && native(type);
    });
    try {
      const result = await page.evaluate(async () => {
        const { createBrowserPhoneCamera, createRecordRtcRecorder } = window.examroomBrowser;
        const recorder = createRecordRtcRecorder();
        const mimeType = recorder.mimeTypeFor('evidence');
        const capture = await createBrowserPhoneCamera().open('rear');
        const chunks = window.testWaits.collect<Blob>();
        const active = recorder.start(capture.stream, { timesliceMs: 1000, mimeType });
        active.chunks.subscribe({ next: (chunk) => chunks.push(chunk) });
        await chunks.reach(1, 'a first evidence chunk');
        await active.stop();
        capture.stop();
        const first = chunks.values[0]!;
        const head = new Uint8Array(await first.slice(0, 8).arrayBuffer());
        return { mimeType, chunkType: first.type, size: first.size, box: new TextDecoder().decode(head.slice(4, 8)) };
      });
      // Chromium records no AAC, so its MP4 is the plain type; iOS Safari takes the H.264/AAC one before it.
      expect(result.mimeType).toMatch(/^video\/mp4/);
      expect(result.chunkType).toMatch(/^video\/mp4/);
      expect(result.size).toBeGreaterThan(0);
      expect(result.box).toBe('ftyp');
    } finally {
      await page.close();
    }
  });
});

describe('createBrowserOrientationSensor (real Chromium, orientation set through the DevTools protocol)', () => {
  it('emits the headings set, turning a full circle', async () => {
    const page = await openPage();
    try {
      const cdp = await page.context().newCDPSession(page);
      const supported = await page.evaluate(async () => {
        const headings = await window.examroomBrowser.createBrowserOrientationSensor().headings();
        if (headings === 'unsupported') return false;
        const seen = window.testWaits.collect<number | null>();
        window.testState['headings'] = seen;
        window.testState['subscription'] = (headings as Subscribable<number | null>).subscribe({ next: (heading) => seen.push(heading) });
        return true;
      });
      expect(supported).toBe(true);

      const turn = Array.from({ length: 13 }, (_, step) => (step * 30) % 360);
      for (const [index, alpha] of turn.entries()) {
        await cdp.send('DeviceOrientation.setDeviceOrientationOverride', { alpha, beta: 80, gamma: 0 });
        // The heading's own event, whatever came before it: the index-th heading seen is this one.
        await page.waitForFunction(
          ({ index, alpha }) => {
            const headings = (window.testState['headings'] as Collector<number | null>).values.filter((heading) => heading !== null);
            return headings.length > index && headings[index] === alpha;
          },
          { index, alpha },
        );
      }
      const seen = await page.evaluate(() => {
        (window.testState['subscription'] as Unsubscribable).unsubscribe();
        return (window.testState['headings'] as Collector<number | null>).values;
      });
      const headings = seen.filter((heading): heading is number => heading !== null);
      expect(headings).toEqual(turn);
      // What the room scan makes of them: the whole circle.
      expect(coversWholeCircle(headings.reduce(addHeading, NO_HEADINGS))).toBe(true);
      await cdp.detach();
    } finally {
      await page.close();
    }
  });

  it('emits null where the browser has no orientation sensor to read', async () => {
    const page = await openPage();
    try {
      const first = await page.evaluate(async () => {
        const headings = await window.examroomBrowser.createBrowserOrientationSensor().headings();
        if (headings === 'unsupported') return 'unsupported';
        const seen = window.testWaits.collect<number | null>();
        const subscription = (headings as Subscribable<number | null>).subscribe({ next: (heading) => seen.push(heading) });
        await seen.reach(1, 'a first orientation event');
        subscription.unsubscribe();
        return seen.values[0];
      });
      expect(first).toBeNull();
    } finally {
      await page.close();
    }
  });
});

describe('createBrowserWakeLock (real Chromium)', () => {
  it('resolves to null without throwing where the lock is refused (headless, by default), and to a handle where it is granted', async () => {
    const refused = await browser.page.evaluate(async () => {
      const handle = await window.examroomBrowser.createBrowserWakeLock().request();
      return handle === null ? 'null' : 'handle';
    });
    expect(refused).toBe('null');

    const page = await openPage();
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Browser.setPermission', { permission: { name: 'screen-wake-lock' }, setting: 'granted', origin: new URL(browser.url).origin });
      const granted = await page.evaluate(async () => {
        const handle = await window.examroomBrowser.createBrowserWakeLock().request();
        if (handle === null) return 'null';
        await handle.release();
        await handle.release();
        return 'released';
      });
      expect(granted).toBe('released');
      await cdp.detach();
    } finally {
      await page.close();
    }
  });
});

describe('createBrowserPhonePorts (real Chromium)', () => {
  it("wires the phone's session, token, server clock and its own IndexedDB database", async () => {
    const page = await openPage();
    const requests: { path: string; authorization: string | null }[] = [];
    await page.route('**/api/v1/**', async (route) => {
      const request = route.request();
      const path = new URL(request.url()).pathname;
      requests.push({ path, authorization: (await request.allHeaders())['authorization'] ?? null });
      if (path === '/api/v1/time') return route.fulfill({ json: { serverTime: 1_000_000 } });
      return route.fulfill({ status: 204 });
    });
    try {
      const result = await page.evaluate(async () => {
        const { createBrowserPhonePorts } = window.examroomBrowser;
        const ports = createBrowserPhonePorts({ baseUrl: '' });
        await ports.clock.sync();
        const serverNow = ports.clock.now();
        ports.clock.stop();
        ports.session.save({ token: 'phone-tok', reported: 'recording', facing: 'rear' });
        await ports.api.heartbeat();
        // A reload: new ports read the session kept in localStorage.
        const reloaded = createBrowserPhonePorts({ baseUrl: '' });
        reloaded.clock.stop();
        await ports.store.listRecordings();
        return {
          serverNow,
          kept: reloaded.session.load(),
          databases: (await indexedDB.databases()).map((database) => database.name),
          mimeType: ports.recorder.mimeTypeFor('evidence'),
        };
      });
      // Server time, as GET /time said (plus the moments since), not the page's own clock.
      expect(result.serverNow).toBeGreaterThanOrEqual(1_000_000 - 1_000);
      expect(result.serverNow).toBeLessThan(1_000_000 + 60_000);
      expect(result.kept).toEqual({ token: 'phone-tok', reported: 'recording', facing: 'rear' });
      // A PC page in the same browser keeps its chunks in examroom-recordings and never lists the phone's.
      expect(result.databases).toContain('examroom-phone');
      expect(result.databases).not.toContain('examroom-recordings');
      expect(result.mimeType).toMatch(/^video\/webm;codecs=vp[89],opus$/);
      expect(requests.filter((r) => r.path === '/api/v1/time').every((r) => r.authorization === null)).toBe(true);
      expect(requests.find((r) => r.path === '/api/v1/sessions/current/heartbeat')).toEqual({
        path: '/api/v1/sessions/current/heartbeat',
        authorization: 'Bearer phone-tok',
      });
    } finally {
      await page.close();
    }
  });
});

describe('createBrowserOrientationSensor without the sensors’ permission', () => {
  it('is unsupported where requestPermission() is refused', async () => {
    await browser.context.clearPermissions();
    await browser.context.grantPermissions(['camera', 'microphone']);
    const page = await openPage();
    try {
      const answer = await page.evaluate(() => window.examroomBrowser.createBrowserOrientationSensor().headings().then((headings) => (headings === 'unsupported' ? headings : 'headings')));
      expect(answer).toBe('unsupported');
    } finally {
      await page.close();
      await browser.context.grantPermissions(SENSORS);
    }
  });
});
