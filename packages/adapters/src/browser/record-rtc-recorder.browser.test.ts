import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserAdaptersPage } from '../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../test-browser/harness.js';

/** The first four bytes of every WebM (EBML) file. */
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

let browser: BrowserPage;

beforeAll(async () => {
  browser = await openBrowserAdaptersPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('createRecordRtcRecorder (real Chromium, fake camera and microphone)', () => {
  it('prefers WebM with VP9/VP8 and Opus for the camera, and no audio codec for the screen', async () => {
    const types = await browser.page.evaluate(() => {
      const recorder = window.examroomBrowser.createRecordRtcRecorder();
      return { camera: recorder.mimeTypeFor('camera'), screen: recorder.mimeTypeFor('screen') };
    });
    expect(types.camera).toMatch(/^video\/webm;codecs=vp[89],opus$/);
    expect(types.screen).toMatch(/^video\/webm;codecs=vp[89]$/);
  });

  it('records camera+mic as about one chunk a second that join into a playable WebM, and completes after stop()', async () => {
    const result = await browser.page.evaluate(async () => {
      const { createBrowserMediaDevices, createRecordRtcRecorder } = window.examroomBrowser;
      const capture = await createBrowserMediaDevices().open({});
      const recorder = createRecordRtcRecorder();
      const chunks = window.testWaits.collect<Blob>();
      let completed = false;
      let completedBeforeStopResolved = false;
      const started = performance.now();
      const active = recorder.start(capture.stream, { timesliceMs: 1000, mimeType: recorder.mimeTypeFor('camera') });
      active.chunks.subscribe({ next: (chunk) => chunks.push(chunk), complete: () => (completed = true) });
      await chunks.reach(3, 'three camera chunks');
      const beforeStop = chunks.values.length;
      const completedBeforeStop = completed;
      const [first, , third] = chunks.times.map((time) => time - started);
      await active.stop().then(() => (completedBeforeStopResolved = completed));
      capture.stop();

      const file = new Blob(chunks.values, { type: chunks.values[0]?.type });
      const head = [...new Uint8Array(await file.slice(0, 4).arrayBuffer())];
      // Does the browser itself read the joined chunks as a video?
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(file);
      const size = await new Promise<[number, number]>((resolve, reject) => {
        video.onloadedmetadata = () => resolve([video.videoWidth, video.videoHeight]);
        video.onerror = () => reject(new Error(`video error ${video.error?.code}`));
      });
      URL.revokeObjectURL(video.src);
      return {
        beforeStop,
        thirdChunkMs: third!,
        meanGapMs: (third! - first!) / 2,
        total: chunks.values.length,
        sizes: chunks.values.map((chunk) => chunk.size),
        type: file.type,
        head,
        size,
        completedBeforeStop,
        completedBeforeStopResolved,
      };
    });
    expect(result.beforeStop).toBeGreaterThanOrEqual(3);
    // About one a second: three timeslices cannot end sooner than about three seconds after the start (however fast
    // the machine), and once running the chunks follow each other about a second apart (the start-up, slow on a busy
    // machine, is left out of the gap).
    expect(result.thirdChunkMs).toBeGreaterThanOrEqual(2_500);
    expect(result.meanGapMs).toBeGreaterThanOrEqual(500);
    expect(result.meanGapMs).toBeLessThanOrEqual(1_500);
    expect(result.total).toBeLessThanOrEqual(6);
    expect(result.sizes.every((size) => size > 0)).toBe(true);
    expect(result.type).toMatch(/^video\/webm/);
    expect(result.head).toEqual(EBML_MAGIC);
    expect(result.size).toEqual([640, 480]);
    expect(result.completedBeforeStop).toBe(false);
    expect(result.completedBeforeStopResolved).toBe(true);
  });

  it('flushes and completes by itself when the stream ends, and stop() afterwards resolves at once', async () => {
    const result = await browser.page.evaluate(async () => {
      const { createBrowserMediaDevices, createRecordRtcRecorder } = window.examroomBrowser;
      const capture = await createBrowserMediaDevices().open({});
      const recorder = createRecordRtcRecorder();
      const active = recorder.start(capture.stream, { timesliceMs: 1000, mimeType: recorder.mimeTypeFor('camera') });
      const chunks = window.testWaits.collect<Blob>();
      const completed = new Promise<number>((resolve) => {
        active.chunks.subscribe({ next: (chunk) => chunks.push(chunk), complete: () => resolve(chunks.values.length) });
      });
      await chunks.reach(1, 'a first camera chunk');
      // Every track gone (unplugged, revoked): the stream is inactive and MediaRecorder stops on its own.
      for (const track of capture.stream.getTracks()) track.stop();
      const chunksAtCompletion = await completed;
      // "At once": before any other task runs, so without waiting for a timer or a MediaRecorder event.
      const stopped = await Promise.race([
        active.stop().then(() => 'resolved'),
        new Promise<string>((resolve) => setTimeout(() => resolve('still pending a task later'), 0)),
      ]);
      const head = [...new Uint8Array(await new Blob(chunks.values).slice(0, 4).arrayBuffer())];
      return { chunksAtCompletion, stopped, head };
    });
    expect(result.chunksAtCompletion).toBeGreaterThanOrEqual(1);
    expect(result.head).toEqual(EBML_MAGIC);
    expect(result.stopped).toBe('resolved');
  });

  it('flushes and completes when one track ends by itself while the others go on', async () => {
    const result = await browser.page.evaluate(async () => {
      const { createBrowserMediaDevices, createRecordRtcRecorder } = window.examroomBrowser;
      const capture = await createBrowserMediaDevices().open({});
      const recorder = createRecordRtcRecorder();
      const active = recorder.start(capture.stream, { timesliceMs: 1000, mimeType: recorder.mimeTypeFor('camera') });
      const chunks = window.testWaits.collect<Blob>();
      const completed = new Promise<void>((resolve) => active.chunks.subscribe({ next: (chunk) => chunks.push(chunk), complete: resolve }));
      await chunks.reach(1, 'a first camera chunk');
      const camera = capture.stream.getVideoTracks()[0];
      camera?.stop();
      camera?.dispatchEvent(new Event('ended'));
      await completed;
      capture.stop();
      return { chunks: chunks.values.length };
    });
    expect(result.chunks).toBeGreaterThanOrEqual(1);
  });

  it('records the shared screen', async () => {
    const result = await browser.page.evaluate(async () => {
      const { createBrowserScreenCapture, createRecordRtcRecorder } = window.examroomBrowser;
      const share = await createBrowserScreenCapture().start();
      const recorder = createRecordRtcRecorder();
      const active = recorder.start(share.stream, { timesliceMs: 1000, mimeType: recorder.mimeTypeFor('screen') });
      const chunks = window.testWaits.collect<Blob>();
      active.chunks.subscribe({ next: (chunk) => chunks.push(chunk) });
      await chunks.reach(2, 'two screen chunks');
      await active.stop();
      share.stop();
      return { count: chunks.values.length, head: [...new Uint8Array(await new Blob(chunks.values).slice(0, 4).arrayBuffer())] };
    });
    expect(result.count).toBeGreaterThanOrEqual(2);
    expect(result.head).toEqual(EBML_MAGIC);
  });

  it('hands chunks emitted before anyone subscribed to the first subscriber', async () => {
    const result = await browser.page.evaluate(async () => {
      const { createBrowserMediaDevices, createRecordRtcRecorder } = window.examroomBrowser;
      // Nobody may subscribe yet, so watch the browser's own MediaRecorder to know that chunks were emitted.
      const delivered = window.testWaits.collect<Blob>();
      const NativeMediaRecorder = window.MediaRecorder;
      window.MediaRecorder = class extends NativeMediaRecorder {
        constructor(...args: ConstructorParameters<typeof MediaRecorder>) {
          super(...args);
          this.addEventListener('dataavailable', (event) => {
            if (event.data.size > 0) delivered.push(event.data);
          });
        }
      };
      try {
        const capture = await createBrowserMediaDevices().open({});
        const recorder = createRecordRtcRecorder();
        const active = recorder.start(capture.stream, { timesliceMs: 500, mimeType: recorder.mimeTypeFor('camera') });
        await delivered.reach(2, 'two chunks from MediaRecorder');
        await active.stop();
        capture.stop();
        const chunks: Blob[] = [];
        let completed = false;
        active.chunks.subscribe({ next: (chunk) => chunks.push(chunk), complete: () => (completed = true) });
        return {
          count: chunks.length,
          delivered: delivered.values.length,
          completed,
          head: [...new Uint8Array(await new Blob(chunks).slice(0, 4).arrayBuffer())],
        };
      } finally {
        window.MediaRecorder = NativeMediaRecorder;
      }
    });
    expect(result.count).toBeGreaterThanOrEqual(2);
    // Every chunk the browser delivered, the final one after stop() included, reached the late subscriber.
    expect(result.count).toBe(result.delivered);
    expect(result.completed).toBe(true);
    expect(result.head).toEqual(EBML_MAGIC);
  });
});
