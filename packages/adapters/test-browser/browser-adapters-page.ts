/** A page with `@examroom/adapters/browser` (src/browser/index.ts) bundled onto `window.examroomBrowser`. */
import { fileURLToPath } from 'node:url';
import type * as BrowserAdapters from '../src/browser/index.js';
import { openBrowserPage, type BrowserPage, type BrowserPageOptions } from './harness.js';
import { installPageWaits } from './wait.js';

declare global {
  interface Window {
    /** The browser adapters, bundled from source. */
    examroomBrowser: typeof BrowserAdapters;
    /** Scratch space for values one `page.evaluate` leaves for the next. */
    testState: Record<string, unknown>;
  }
}

export const BROWSER_ADAPTERS_ENTRY = fileURLToPath(new URL('../src/browser/index.ts', import.meta.url));

export async function openBrowserAdaptersPage(options: Omit<BrowserPageOptions, 'entry' | 'globalName'> = {}): Promise<BrowserPage> {
  const opened = await openBrowserPage({ ...options, entry: BROWSER_ADAPTERS_ENTRY, globalName: 'examroomBrowser' });
  await opened.page.evaluate(() => {
    window.testState = {};
  });
  await installPageWaits(opened.page);
  return opened;
}
