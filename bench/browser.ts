/**
 * Headless Chromium for the bench, as the browser tests launch it (fake camera and microphone, fresh persistent
 * profile: IndexedDB on disk as for a real candidate), with the measurements the bench needs.
 */
import { execFileSync } from 'node:child_process';
import type { CDPSession, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium, type LaunchedChromium } from '../packages/adapters/test-browser/launch.js';

export interface BenchBrowser {
  readonly launched: LaunchedChromium;
  readonly page: Page;
  readonly cdp: CDPSession;
  close(): Promise<void>;
}

/** Launches a browser of its own (own processes and blob storage, so memory can be told apart) and opens the bench page. */
export async function openBenchBrowser(pageUrl: string): Promise<BenchBrowser> {
  const launched = await launchChromium();
  try {
    const page = launched.context.pages()[0] ?? (await launched.context.newPage());
    page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`  [page console] ${message.text()}`);
    });
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'examroomBench' in window);
    const cdp = await launched.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    return { launched, page, cdp, close: () => launched.close() };
  } catch (error) {
    await launched.close();
    throw error;
  }
}

export interface Throttle {
  /** Upload bytes per second. */
  readonly uploadBytesPerSecond: number;
  /** Added to every request, in ms. */
  readonly latencyMs: number;
}

/** DevTools network emulation for the page: the uplink throttled, the downlink left alone. */
export async function throttle(cdp: CDPSession, conditions: Throttle): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: conditions.latencyMs,
    downloadThroughput: -1,
    uploadThroughput: conditions.uploadBytesPerSecond,
  });
}

/**
 * Cuts the page's network (fetch and XMLHttpRequest fail, localhost included, and the page gets `offline`) or
 * brings it back with the given throttle: what Playwright's `context.setOffline` does, on the session that also
 * throttles, so that neither undoes the other.
 */
export async function setOffline(cdp: CDPSession, offline: boolean, conditions: Throttle): Promise<void> {
  if (!offline) return throttle(cdp, conditions);
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: 0, uploadThroughput: 0 });
}

export interface MemorySample {
  /** Performance.getMetrics JSHeapUsedSize after a full garbage collection: live V8 objects. */
  readonly jsHeapUsed: number;
  /** Runtime.getHeapUsage backingStorageSize: ArrayBuffer contents, which live outside the V8 heap. */
  readonly arrayBuffers: number;
  /**
   * Bytes of Blobs this browser holds in memory (chrome://blob-internals, items of type data). A Blob's bytes live
   * in the browser process's blob storage, not in the page's JS heap; Blobs read back from IndexedDB are files on
   * disk and do not count.
   */
  readonly blobMemory: number;
}

/** Collects garbage twice (weak references and finalisers need a second pass), then reads the heap and the Blobs. */
export async function sampleMemory(browser: BenchBrowser): Promise<MemorySample> {
  await browser.cdp.send('HeapProfiler.collectGarbage');
  await browser.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await browser.cdp.send('Performance.getMetrics');
  const jsHeapUsed = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value;
  if (jsHeapUsed === undefined) throw new Error('Performance.getMetrics reported no JSHeapUsedSize');
  const usage = (await browser.cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return { jsHeapUsed, arrayBuffers: usage.backingStorageSize ?? 0, blobMemory: await blobMemory(browser) };
}

/**
 * Sums the in-memory items chrome://blob-internals lists, e.g. `Type: data` followed by `Length: 84,044`. Blobs a
 * garbage-collected page no longer references are released asynchronously, so call after collecting garbage.
 */
async function blobMemory(browser: BenchBrowser): Promise<number> {
  const internals = await browser.launched.context.newPage();
  try {
    await internals.goto('chrome://blob-internals');
    const text = await internals.evaluate(() => document.body.innerText);
    let total = 0;
    let type: string | undefined;
    for (const line of text.split('\n')) {
      const typeMatch = /^Type: (\S+)/.exec(line.trim());
      if (typeMatch) type = typeMatch[1];
      const lengthMatch = /^Length: ([\d,]+)/.exec(line.trim());
      if (lengthMatch && type === 'data') total += Number(lengthMatch[1]!.replaceAll(',', ''));
      if (lengthMatch) type = undefined;
    }
    return total;
  } finally {
    await internals.close();
  }
}

/** `Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)`, or the path when it does not say. */
export function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return CHROMIUM_PATH;
  }
}
