import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserAdaptersPage } from '../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../test-browser/harness.js';

let browser: BrowserPage;

beforeAll(async () => {
  browser = await openBrowserAdaptersPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('createBrowserFaceSnapshot (real Chromium, fake camera)', () => {
  it('takes a small JPEG of an open camera track without ending or changing it; null once the track ended', async () => {
    const result = await browser.page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
      const [track] = stream.getVideoTracks();
      const snapshot = window.examroomBrowser.createBrowserFaceSnapshot();
      const blob = await snapshot.take(stream, 320);
      const bitmap = blob ? await createImageBitmap(blob) : null;
      const head = blob ? [...new Uint8Array(await blob.slice(0, 3).arrayBuffer())] : [];
      const still = { type: blob?.type, size: blob?.size, head, width: bitmap?.width, height: bitmap?.height, live: track!.readyState, trackWidth: track!.getSettings().width };
      track!.stop();
      return { still, afterEnd: await snapshot.take(stream, 320) };
    });
    expect(result.still).toMatchObject({ type: 'image/jpeg', head: [0xff, 0xd8, 0xff], width: 320, height: 240, live: 'live', trackWidth: 640 });
    expect(result.still.size).toBeLessThan(60_000);
    expect(result.afterEnd).toBeNull();
  });
});
