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

describe('createBrowserScreenCapture (real Chromium, fake screen picker)', () => {
  it('shares a whole monitor and says so', async () => {
    const share = await browser.page.evaluate(async () => {
      const share = await window.examroomBrowser.createBrowserScreenCapture().start();
      const result = {
        surface: share.surface,
        video: share.stream.getVideoTracks().length,
        audio: share.stream.getAudioTracks().length,
        live: share.stream.getVideoTracks()[0]?.readyState,
      };
      share.stop();
      return { ...result, afterStop: share.stream.getVideoTracks()[0]?.readyState };
    });
    expect(share).toEqual({ surface: 'monitor', video: 1, audio: 0, live: 'live', afterStop: 'ended' });
  });

  it('emits ended once when the shared track ends by itself (the candidate pressed "Stop sharing")', async () => {
    const result = await browser.page.evaluate(async () => {
      const share = await window.examroomBrowser.createBrowserScreenCapture().start();
      let ended = 0;
      let completed = false;
      share.ended.subscribe({ next: () => ended++, complete: () => (completed = true) });
      const track = share.stream.getVideoTracks()[0];
      if (!track) throw new Error('no video track');
      // The browser's own "Stop sharing" ends the track and fires 'ended'; track.stop() alone fires nothing.
      track.stop();
      track.dispatchEvent(new Event('ended'));
      track.dispatchEvent(new Event('ended'));
      let late = 0;
      share.ended.subscribe({ next: () => late++ });
      return { ended, completed, late };
    });
    expect(result).toEqual({ ended: 1, completed: true, late: 0 });
  });

  it('does not report an intended stop() as ended', async () => {
    const result = await browser.page.evaluate(async () => {
      const share = await window.examroomBrowser.createBrowserScreenCapture().start();
      let ended = 0;
      let completed = false;
      share.ended.subscribe({ next: () => ended++, complete: () => (completed = true) });
      share.stop();
      return { ended, completed };
    });
    expect(result).toEqual({ ended: 0, completed: true });
  });

  it('rejects SCREEN_CAPTURE_UNSUPPORTED without getDisplayMedia and SCREEN_SHARE_DENIED when refused', async () => {
    const codes = await browser.page.evaluate(async () => {
      const md = navigator.mediaDevices;
      const codeOf = () =>
        window.examroomBrowser
          .createBrowserScreenCapture()
          .start()
          .then(
            () => 'shared',
            (error: unknown) => (error as { code?: string }).code,
          );
      try {
        Object.defineProperty(md, 'getDisplayMedia', { value: undefined, configurable: true });
        const unsupported = await codeOf();
        Object.defineProperty(md, 'getDisplayMedia', {
          value: () => Promise.reject(new DOMException('Permission denied by user', 'NotAllowedError')),
          configurable: true,
        });
        const denied = await codeOf();
        return { unsupported, denied };
      } finally {
        delete (md as { getDisplayMedia?: unknown }).getDisplayMedia;
      }
    });
    expect(codes).toEqual({ unsupported: 'SCREEN_CAPTURE_UNSUPPORTED', denied: 'SCREEN_SHARE_DENIED' });
    expect(await browser.page.evaluate(() => typeof navigator.mediaDevices.getDisplayMedia)).toBe('function');
  });
});

describe('createBrowserDisplayCheck', () => {
  it('finds no external display on headless Chromium (one 1280×720 screen)', async () => {
    const result = await browser.page.evaluate(async () => ({
      external: await window.examroomBrowser.createBrowserDisplayCheck().hasExternalDisplay(),
      isExtended: (screen as Screen & { isExtended?: boolean }).isExtended,
    }));
    expect(result).toEqual({ external: false, isExtended: false });
  });

  it('reports an external display when screen.isExtended is true', async () => {
    const external = await browser.page.evaluate(async () => {
      Object.defineProperty(screen, 'isExtended', { value: true, configurable: true });
      try {
        return await window.examroomBrowser.createBrowserDisplayCheck().hasExternalDisplay();
      } finally {
        delete (screen as { isExtended?: boolean }).isExtended;
      }
    });
    expect(external).toBe(true);
  });
});

describe('createBrowserEnvironment', () => {
  it('supports MediaRecorder, getDisplayMedia and IndexedDB, and reads the battery where it can', async () => {
    const result = await browser.page.evaluate(async () => {
      const environment = window.examroomBrowser.createBrowserEnvironment();
      return { support: environment.support(), battery: await environment.battery() };
    });
    expect(result.support).toEqual({ mediaRecorder: true, displayMedia: true, indexedDb: true });
    if (result.battery !== null) {
      expect(result.battery.level).toBeGreaterThanOrEqual(0);
      expect(result.battery.level).toBeLessThanOrEqual(1);
      expect(typeof result.battery.charging).toBe('boolean');
    }
  });
});
