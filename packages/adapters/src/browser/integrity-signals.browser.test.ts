import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegritySignal } from '@examroom/core';
import { openBrowserAdaptersPage } from '../../test-browser/browser-adapters-page.js';
import type { BrowserPage } from '../../test-browser/harness.js';

let browser: BrowserPage;

beforeAll(async () => {
  browser = await openBrowserAdaptersPage();
});

afterAll(async () => {
  await browser?.close();
});

/** Subscribes in the page; signals collect in window.testState.signals until `stopSignals`. */
async function startSignals(): Promise<void> {
  await browser.page.evaluate(() => {
    const signals: IntegritySignal[] = [];
    window.testState['signals'] = signals;
    window.testState['subscription'] = window.examroomBrowser
      .createBrowserIntegritySignals()
      .signals()
      .subscribe({ next: (signal) => signals.push(signal) });
  });
}

async function takeSignals(): Promise<IntegritySignal[]> {
  return browser.page.evaluate(() => (window.testState['signals'] as IntegritySignal[]).splice(0));
}

async function stopSignals(): Promise<void> {
  await browser.page.evaluate(() => (window.testState['subscription'] as { unsubscribe(): void }).unsubscribe());
}

describe('createBrowserIntegritySignals (real Chromium)', () => {
  it('turns blur, hidden page, leaving full screen, clipboard and PrintScreen into signals', async () => {
    await startSignals();
    await browser.page.evaluate(() => {
      window.dispatchEvent(new FocusEvent('blur'));
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      delete (document as { visibilityState?: unknown }).visibilityState;
      // Visible again: not a signal.
      document.dispatchEvent(new Event('visibilitychange'));
      document.dispatchEvent(new Event('fullscreenchange'));
      for (const type of ['copy', 'cut', 'paste']) document.body.dispatchEvent(new ClipboardEvent(type, { bubbles: true }));
      // Windows: keyup only. Elsewhere keydown (repeating) then keyup: still one signal.
      window.dispatchEvent(new KeyboardEvent('keyup', { key: 'PrintScreen' }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'PrintScreen' }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'PrintScreen', repeat: true }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key: 'PrintScreen' }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key: 'a' }));
    });
    expect(await takeSignals()).toEqual([
      { kind: 'windowBlur' },
      { kind: 'pageHidden' },
      { kind: 'fullscreenExit' },
      { kind: 'clipboard', action: 'copy' },
      { kind: 'clipboard', action: 'cut' },
      { kind: 'clipboard', action: 'paste' },
      { kind: 'printScreen' },
      { kind: 'printScreen' },
    ]);
    await stopSignals();
  });

  it('signals offline and online when the network goes and comes back, and isOnline follows', async () => {
    await startSignals();
    const isOnline = () => browser.page.evaluate(() => window.examroomBrowser.createBrowserIntegritySignals().isOnline());
    expect(await isOnline()).toBe(true);
    await browser.context.setOffline(true);
    await browser.page.waitForFunction(() => !navigator.onLine);
    expect(await isOnline()).toBe(false);
    await browser.context.setOffline(false);
    await browser.page.waitForFunction(() => navigator.onLine);
    expect(await isOnline()).toBe(true);
    await browser.page.waitForFunction(() => (window.testState['signals'] as unknown[]).length >= 2);
    expect(await takeSignals()).toEqual([{ kind: 'offline' }, { kind: 'online' }]);
    await stopSignals();
  });

  it('signals a removed camera or microphone, not an added one', async () => {
    const signals = await browser.page.evaluate(async () => {
      const md = navigator.mediaDevices;
      const device = (kind: MediaDeviceKind, deviceId: string) => ({ kind, deviceId, groupId: deviceId, label: deviceId });
      let devices = [device('videoinput', 'cam-1'), device('videoinput', 'cam-2'), device('audioinput', 'mic-1')];
      // Each look at the devices, so that a change is made only once the page has seen the one before.
      const looks = window.testWaits.collect<number>();
      md.enumerateDevices = async () => {
        looks.push(devices.length);
        return devices as MediaDeviceInfo[];
      };
      const signals = window.testWaits.collect<IntegritySignal>();
      const subscription = window.examroomBrowser
        .createBrowserIntegritySignals()
        .signals()
        .subscribe({ next: (signal) => signals.push(signal) });
      const change = async (next: typeof devices) => {
        const seen = looks.values.length;
        devices = next;
        md.dispatchEvent(new Event('devicechange'));
        await looks.reach(seen + 1, 'the page to enumerate the devices after a devicechange');
      };
      try {
        await change([...devices, device('audioinput', 'mic-2')]);
        await change([device('videoinput', 'cam-1'), device('audioinput', 'mic-1'), device('audioinput', 'mic-2')]);
        await change([device('videoinput', 'cam-1'), device('audioinput', 'mic-2')]);
        await signals.reach(2, 'two deviceRemoved signals');
        // Changes are compared in order: whatever the added microphone signalled came before the first removal.
        const afterAdding = signals.values.findIndex((signal) => signal.kind === 'deviceRemoved');
        return { afterAdding, signals: signals.values };
      } finally {
        subscription.unsubscribe();
        delete (md as { enumerateDevices?: unknown }).enumerateDevices;
      }
    });
    expect(signals).toEqual({
      afterAdding: 0,
      signals: [
        { kind: 'deviceRemoved', device: 'camera' },
        { kind: 'deviceRemoved', device: 'microphone' },
      ],
    });
  });

  it('signals a display added when screen.isExtended turns true', async () => {
    const signals = await browser.page.evaluate(() => {
      const signals: IntegritySignal[] = [];
      const subscription = window.examroomBrowser
        .createBrowserIntegritySignals()
        .signals()
        .subscribe({ next: (signal) => signals.push(signal) });
      const setExtended = (value: boolean) => {
        Object.defineProperty(screen, 'isExtended', { value, configurable: true });
        (screen as Screen & EventTarget).dispatchEvent(new Event('change'));
      };
      setExtended(false);
      setExtended(true);
      setExtended(true);
      setExtended(false);
      setExtended(true);
      subscription.unsubscribe();
      delete (screen as { isExtended?: boolean }).isExtended;
      return signals;
    });
    expect(signals).toEqual([{ kind: 'displayAdded' }, { kind: 'displayAdded' }]);
  });

  it('stops listening on unsubscribe', async () => {
    await startSignals();
    await stopSignals();
    await browser.page.evaluate(() => {
      window.dispatchEvent(new FocusEvent('blur'));
      document.dispatchEvent(new ClipboardEvent('copy'));
    });
    expect(await takeSignals()).toEqual([]);
  });
});
