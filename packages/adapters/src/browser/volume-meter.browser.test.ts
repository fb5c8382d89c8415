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
      const levels = window.testWaits.collect<number>();
      let completed = false;
      const subscription = window.examroomBrowser
        .createBrowserVolumeMeter()
        .levels(capture.stream)
        .subscribe({ next: (level) => levels.push(level), complete: () => (completed = true) });
      await levels.reach(21, 'twenty-one levels');
      subscription.unsubscribe();
      const count = levels.values.length;
      // Timers run in the order they fall due: a sampling tick left scheduled would run before this one, however
      // slow the page, so nothing may arrive in the meantime.
      await new Promise((resolve) => setTimeout(resolve, 3 * window.examroomBrowser.VOLUME_SAMPLE_MS));
      capture.stop();
      AudioContext.prototype.close = close;
      const { times } = levels;
      // Levels per two seconds, from the first level to the last: the AudioContext's start-up is left out.
      const perTwoSeconds = ((times.length - 1) * 2_000) / (times.at(-1)! - times[0]!);
      return { levels: levels.values, count, perTwoSeconds, after: levels.values.length, closed, completed };
    });
    expect(result.perTwoSeconds).toBeGreaterThanOrEqual(15);
    expect(result.perTwoSeconds).toBeLessThanOrEqual(25);
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
