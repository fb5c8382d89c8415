import { describe, expect, it } from 'vitest';
import { createBrowserWakeLock, type WakeLockTarget } from './wake-lock.js';

/** A wake lock API and a page whose visibility the test flips, as the browser does when the phone sleeps. */
function fakePage(options: { refuse?: () => boolean } = {}) {
  const sentinels: { released: boolean; release(): Promise<void> }[] = [];
  const pending: Array<() => void> = [];
  let holdRequests = false;
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const wakeLock = {
    request(type: 'screen') {
      expect(type).toBe('screen');
      const answer = () => {
        if (options.refuse?.()) throw new DOMException('Wake Lock permission request denied', 'NotAllowedError');
        const sentinel = {
          released: false,
          async release() {
            sentinel.released = true;
          },
        };
        sentinels.push(sentinel);
        return sentinel;
      };
      if (!holdRequests) return Promise.resolve().then(answer);
      return new Promise<ReturnType<typeof answer>>((resolve, reject) =>
        pending.push(() => {
          try {
            resolve(answer());
          } catch (error) {
            reject(error);
          }
        }),
      );
    },
  };
  const setVisibility = (state: DocumentVisibilityState) => {
    document.visibilityState = state;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  return {
    target: { navigator: { wakeLock }, document } as unknown as WakeLockTarget,
    /** A visibilitychange that changes nothing (the page stayed visible). */
    visibilityChange: () => document.dispatchEvent(new Event('visibilitychange')),
    sentinels,
    /** The browser drops the lock as the page is hidden, and the page comes back. */
    hideAndShow() {
      setVisibility('hidden');
      for (const sentinel of sentinels) sentinel.released = true;
      setVisibility('visible');
    },
    holdRequests() {
      holdRequests = true;
    },
    answerHeldRequests() {
      for (const answer of pending.splice(0)) answer();
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createBrowserWakeLock', () => {
  it('is null where the browser has no Wake Lock API', async () => {
    await expect(createBrowserWakeLock({ navigator: {} }).request()).resolves.toBeNull();
    await expect(createBrowserWakeLock({}).request()).resolves.toBeNull();
  });

  it('is null where the lock is refused', async () => {
    const page = fakePage({ refuse: () => true });
    await expect(createBrowserWakeLock(page.target).request()).resolves.toBeNull();
  });

  it('holds the lock, asks again each time the page is visible after the browser released it, and releases it', async () => {
    const page = fakePage();
    const handle = await createBrowserWakeLock(page.target).request();
    expect(handle).not.toBeNull();
    expect(page.sentinels).toHaveLength(1);

    page.hideAndShow();
    await settled();
    expect(page.sentinels).toHaveLength(2);
    expect(page.sentinels[1]?.released).toBe(false);

    page.hideAndShow();
    await settled();
    expect(page.sentinels).toHaveLength(3);

    await handle!.release();
    expect(page.sentinels.every((sentinel) => sentinel.released)).toBe(true);
    // Released: coming back to the page asks for nothing more.
    page.hideAndShow();
    await settled();
    expect(page.sentinels).toHaveLength(3);
  });

  it('does not ask again while the lock it holds is still held', async () => {
    const page = fakePage();
    await createBrowserWakeLock(page.target).request();
    page.visibilityChange();
    await settled();
    expect(page.sentinels).toHaveLength(1);
  });

  it('releases a lock granted after release() was called', async () => {
    const page = fakePage();
    const handle = await createBrowserWakeLock(page.target).request();
    page.holdRequests();
    page.hideAndShow();
    const releasing = handle!.release();
    page.answerHeldRequests();
    await releasing;
    expect(page.sentinels).toHaveLength(2);
    expect(page.sentinels.every((sentinel) => sentinel.released)).toBe(true);
  });

  it('asks again on the next return when one re-request was refused', async () => {
    let refuse = false;
    const page = fakePage({ refuse: () => refuse });
    const handle = await createBrowserWakeLock(page.target).request();
    refuse = true;
    page.hideAndShow();
    await settled();
    expect(page.sentinels).toHaveLength(1);
    refuse = false;
    page.hideAndShow();
    await settled();
    expect(page.sentinels).toHaveLength(2);
    expect(page.sentinels[1]?.released).toBe(false);
    await handle!.release();
  });
});
