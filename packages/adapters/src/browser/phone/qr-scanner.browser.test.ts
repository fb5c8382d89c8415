import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairingCodeFrom, type QrScan } from '@examroom/core';
import { openBrowserAdaptersPage } from '../../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../../test-browser/harness.js';

/** What the PC's 佐证绑定 QR code encodes: the phone page's link with the pairing code in its fragment. */
const LINK = 'https://exam.example.edu/phone#code=ABCD-EFGH';

let directory: string;
let browser: BrowserPage;

beforeAll(async () => {
  // The fake camera shows one picture, looped: the QR code on a white 640×480 frame, as a phone sees a screen.
  directory = await mkdtemp(join(tmpdir(), 'examroom-qr-'));
  const png = join(directory, 'qr.png');
  const y4m = join(directory, 'qr.y4m');
  await QRCode.toFile(png, LINK, { width: 360, margin: 4 });
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-i', png, '-vf', 'scale=360:360:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p', '-frames:v', '1', y4m]);
  browser = await openBrowserAdaptersPage({ args: [`--use-file-for-fake-video-capture=${y4m}`] });
});

afterAll(async () => {
  await browser?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('createBrowserQrScanner (real Chromium, a fake camera showing a QR code)', () => {
  it("reads the PC's QR code from the camera's frames, and stop() ends the scan and releases the camera", async () => {
    const result = await browser.page.evaluate(async () => {
      const scan: QrScan = await window.examroomBrowser.createBrowserQrScanner().open();
      const codes = window.testWaits.collect<string>();
      let completed = false;
      scan.codes.subscribe({ next: (code) => codes.push(code), complete: () => (completed = true) });
      await codes.reach(1, 'a QR code read');
      const tracks = scan.stream.getTracks().map((track) => ({ kind: track.kind, state: track.readyState }));
      scan.stop();
      return {
        first: codes.values[0],
        tracks,
        constraints: scan.stream.getVideoTracks()[0]?.getConstraints(),
        afterStop: scan.stream.getTracks().map((track) => track.readyState),
        completed,
      };
    });
    expect(result.first).toBe(LINK);
    expect(pairingCodeFrom(result.first ?? '')).toBe('ABCDEFGH');
    // The camera only, no microphone, the rear one where there is a choice.
    expect(result.tracks).toEqual([{ kind: 'video', state: 'live' }]);
    expect(result.constraints).toMatchObject({ facingMode: 'environment' });
    expect(result.afterStop).toEqual(['ended']);
    expect(result.completed).toBe(true);
  });

  it('decodes nothing while the tab is hidden, and reads again once it is visible', async () => {
    const result = await browser.page.evaluate(async () => {
      const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
      let hidden = true;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : visibility.get!.call(document)) });
      // Frames read by the scanner: it draws each one onto its canvas first.
      const drawn = window.testWaits.collect<true>();
      const drawImage = CanvasRenderingContext2D.prototype.drawImage;
      CanvasRenderingContext2D.prototype.drawImage = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        drawn.push(true);
        return (drawImage as (...a: unknown[]) => void).apply(this, args);
      } as typeof drawImage;
      try {
        // Fifty scans a second: a scanner that did scan while hidden would draw many times over the frames below.
        const scan = await window.examroomBrowser.createBrowserQrScanner({ scansPerSecond: 50 }).open();
        const codes = window.testWaits.collect<string>();
        scan.codes.subscribe({ next: (code) => codes.push(code) });
        // The camera runs (its preview would show) while nothing is decoded: ten frames reach a <video> meanwhile.
        const preview = document.createElement('video');
        preview.muted = true;
        preview.srcObject = scan.stream;
        await preview.play();
        const frames = window.testWaits.collect<true>();
        const onFrame = () => {
          frames.push(true);
          preview.requestVideoFrameCallback(onFrame);
        };
        preview.requestVideoFrameCallback(onFrame);
        await frames.reach(10, 'ten camera frames');
        const whileHidden = { drawn: drawn.values.length, codes: codes.values.length };
        hidden = false;
        document.dispatchEvent(new Event('visibilitychange'));
        await codes.reach(1, 'a QR code read once visible');
        scan.stop();
        preview.srcObject = null;
        return { whileHidden, code: codes.values[0] };
      } finally {
        CanvasRenderingContext2D.prototype.drawImage = drawImage;
        delete (document as { visibilityState?: unknown }).visibilityState;
      }
    });
    expect(result.whileHidden).toEqual({ drawn: 0, codes: 0 });
    expect(result.code).toBe(LINK);
  });
});
