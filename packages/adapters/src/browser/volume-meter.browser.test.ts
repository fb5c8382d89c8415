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

describe('createBrowserVolumeMeter (real Chromium, beeping fake microphone)', () => {
  it('hears the fake microphone about ten times a second and closes its AudioContext on unsubscribe', async () => {
    const result = await browser.page.evaluate(async () => {
      let closed = 0;
      const close = AudioContext.prototype.close;
      AudioContext.prototype.close = function (this: AudioContext) {
        closed++;
        return close.call(this);
      };
      const capture = await window.examroomBrowser.createBrowserMediaDevices().open({});
      const levels: number[] = [];
      let completed = false;
      const subscription = window.examroomBrowser
        .createBrowserVolumeMeter()
        .levels(capture.stream)
        .subscribe({ next: (level) => levels.push(level), complete: () => (completed = true) });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      subscription.unsubscribe();
      const count = levels.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      capture.stop();
      AudioContext.prototype.close = close;
      return { levels, count, after: levels.length, closed, completed };
    });
    expect(result.count).toBeGreaterThanOrEqual(15);
    expect(result.count).toBeLessThanOrEqual(25);
    expect(Math.max(...result.levels)).toBeGreaterThan(0.01);
    expect(result.levels.every((level) => level >= 0 && level <= 1)).toBe(true);
    expect(result.after).toBe(result.count);
    expect(result.closed).toBe(1);
    expect(result.completed).toBe(false);
  });

  it('completes at once for a stream without audio', async () => {
    const completed = await browser.page.evaluate(async () => {
      const share = await window.examroomBrowser.createBrowserScreenCapture().start();
      let done = false;
      window.examroomBrowser
        .createBrowserVolumeMeter()
        .levels(share.stream)
        .subscribe({ complete: () => (done = true) });
      share.stop();
      return done;
    });
    expect(completed).toBe(true);
  });
});
