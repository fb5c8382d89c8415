/**
 * createBrowserWindowLock in real Chromium: two pages (tabs) of one browser context on one origin, over the Web Locks
 * API and over the BroadcastChannel fallback. A tab is refused while another holds the lock, learns when that one lets
 * go (release, or the tab closed), and a reload of the tab holding it gets it back.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserAdaptersPage } from '../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../test-browser/harness.js';

const KEY = 'examroom:exam:exam-demo';
type Mode = 'webLocks' | 'channel';

let browser: BrowserPage;
const extraPages: Page[] = [];

beforeAll(async () => {
  browser = await openBrowserAdaptersPage();
});

afterEach(async () => {
  for (const page of extraPages.splice(0)) await page.close().catch(() => undefined);
  // The first page starts each test afresh: no lock held, no watch running.
  await browser.page.reload();
  await browser.page.waitForFunction(() => 'examroomBrowser' in window);
});

afterAll(async () => {
  await browser?.close();
});

/** Makes the page's lock (Web Locks, or the fallback as where `navigator.locks` is missing). */
async function prepare(page: Page, mode: Mode): Promise<void> {
  await page.waitForFunction(() => 'examroomBrowser' in window);
  await page.evaluate((useChannel) => {
    window.testState = { lock: window.examroomBrowser.createBrowserWindowLock(useChannel ? { locks: null } : {}) };
  }, mode === 'channel');
}

/** Another tab of the same browser on the same page, its lock made the same way. */
async function anotherTab(mode: Mode): Promise<Page> {
  const page = await browser.context.newPage();
  extraPages.push(page);
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(browser.url);
  await prepare(page, mode);
  return page;
}

type PageLock = ReturnType<typeof window.examroomBrowser.createBrowserWindowLock>;

/** Takes the lock in `page`: 'acquired' (the handle kept in the page) or 'heldElsewhere'. */
function acquire(page: Page): Promise<'acquired' | 'heldElsewhere'> {
  return page.evaluate(async (key) => {
    const result = await (window.testState['lock'] as PageLock).acquire(key);
    if (result === 'heldElsewhere') return result;
    window.testState['handle'] = result;
    return 'acquired' as const;
  }, KEY);
}

function release(page: Page): Promise<void> {
  return page.evaluate(() => (window.testState['handle'] as { release(): void }).release());
}

/** Starts watching for the lock's release in `page`; `window.testState.free` turns true when it comes. */
function watch(page: Page): Promise<void> {
  return page.evaluate((key) => {
    window.testState['free'] = false;
    (window.testState['lock'] as PageLock).whenFree(key).subscribe({ next: () => (window.testState['free'] = true) });
  }, KEY);
}

const isFree = (page: Page) => page.evaluate(() => window.testState['free'] === true);
const untilFree = (page: Page) => page.waitForFunction(() => window.testState['free'] === true, undefined, { timeout: 15_000 });

describe.each(['webLocks', 'channel'] as const)('createBrowserWindowLock (%s, real Chromium, two tabs)', (mode) => {
  it('refuses the second tab while the first holds the lock, tells it when the first lets go, then gives it the lock', async () => {
    const first = browser.page;
    await prepare(first, mode);
    expect(await acquire(first)).toBe('acquired');

    const second = await anotherTab(mode);
    await watch(second);
    expect(await acquire(second)).toBe('heldElsewhere');
    // The watch saw no release while the first tab held on (the refusal took the whole grace).
    expect(await isFree(second)).toBe(false);

    await release(first);
    await untilFree(second);
    expect(await acquire(second)).toBe('acquired');
    expect(await acquire(first)).toBe('heldElsewhere');
  });

  it('lets go when the tab holding the lock is closed', async () => {
    const holder = await anotherTab(mode);
    expect(await acquire(holder)).toBe('acquired');
    const other = browser.page;
    await prepare(other, mode);
    await watch(other);
    expect(await acquire(other)).toBe('heldElsewhere');

    await holder.close({ runBeforeUnload: true });
    await untilFree(other);
    expect(await acquire(other)).toBe('acquired');
  });

  it('a reload of the tab holding the lock gets it back, even while another tab watches it', async () => {
    const page = browser.page;
    await prepare(page, mode);
    expect(await acquire(page)).toBe('acquired');
    const watcher = await anotherTab(mode);
    await watch(watcher);

    await page.reload();
    await prepare(page, mode);
    expect(await acquire(page)).toBe('acquired');
    expect(await acquire(watcher)).toBe('heldElsewhere');
  });

  it('gives the lock to exactly one of two tabs asking at once', async () => {
    const first = browser.page;
    await prepare(first, mode);
    const second = await anotherTab(mode);
    const results = await Promise.all([acquire(first), acquire(second)]);
    expect(results.sort()).toEqual(['acquired', 'heldElsewhere']);
  });
});
