/**
 * One call for a browser test: bundle an entry, serve it on a page, launch Chromium with the fake devices, open the
 * page. The entry's exports are on `window[globalName]` for `page.evaluate` to drive.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { bundle, type BundleOptions } from './bundle.js';
import { launchChromium, type LaunchOptions } from './launch.js';
import { javascript, serve, testPage, type Routes, type ServeOptions, type StaticServer } from './serve.js';

export interface BrowserPageOptions extends LaunchOptions {
  /** Absolute path of the TypeScript entry to bundle. */
  readonly entry: string;
  /** The global receiving the entry's exports. Default 'examroom'. */
  readonly globalName?: string;
  /** More esbuild options (format is always 'iife' here). */
  readonly bundle?: Omit<BundleOptions, 'format' | 'globalName'>;
  /** More files to serve beside the page ('/' and '/app.js' are taken). */
  readonly routes?: Routes;
  readonly serve?: ServeOptions;
}

export interface BrowserPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly server: StaticServer;
  /** The page's URL. */
  readonly url: string;
  /** Closes the browser and the server, and deletes the temporary profile. */
  close(): Promise<void>;
}

export async function openBrowserPage(options: BrowserPageOptions): Promise<BrowserPage> {
  const globalName = options.globalName ?? 'examroom';
  const code = await bundle(options.entry, { ...options.bundle, format: 'iife', globalName });
  const server = await serve({ ...options.routes, '/': testPage(['/app.js']), '/app.js': javascript(code) }, options.serve);
  let browser;
  try {
    browser = await launchChromium(options);
  } catch (error) {
    await server.close();
    throw error;
  }
  const launched = browser;
  const page = launched.context.pages()[0] ?? (await launched.context.newPage());
  // Surface page errors in the test output rather than timing out silently.
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  const url = `${server.origin}/`;
  await page.goto(url);
  await page.waitForFunction((name) => name in window, globalName);
  return {
    page,
    context: launched.context,
    server,
    url,
    async close() {
      await launched.close().finally(() => server.close());
    },
  };
}
