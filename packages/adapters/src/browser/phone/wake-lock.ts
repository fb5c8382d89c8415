/**
 * The screen wake lock while the phone records (Screen Wake Lock API): a phone whose screen goes dark may stop the
 * page, and with it the recording. The browser releases the lock by itself whenever the page is hidden (another app,
 * the screen turned off), so the handle asks for it again each time the page is visible, until release().
 */
import type { WakeLockHandle, WakeLockPort } from '@examroom/core';

/** The parts of the API used here (TypeScript's DOM types have them; stand-ins in tests need no more). */
interface SentinelLike {
  readonly released: boolean;
  release(): Promise<void>;
}
interface WakeLockLike {
  request(type: 'screen'): Promise<SentinelLike>;
}

/** Where the lock is asked for: the page's navigator and document (tests pass stand-ins). */
export interface WakeLockTarget {
  readonly navigator?: { readonly wakeLock?: WakeLockLike };
  readonly document?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

export function createBrowserWakeLock(target: WakeLockTarget = globalThis as unknown as WakeLockTarget): WakeLockPort {
  return {
    async request(): Promise<WakeLockHandle | null> {
      const wakeLock = target.navigator?.wakeLock;
      if (typeof wakeLock?.request !== 'function') return null;
      let sentinel: SentinelLike;
      try {
        sentinel = await wakeLock.request('screen');
      } catch {
        // Refused: not allowed here (a frame without the permission policy), the battery saver, a hidden page.
        return null;
      }
      return holdLock(wakeLock, sentinel, target.document);
    },
  };
}

function holdLock(wakeLock: WakeLockLike, first: SentinelLike, document: WakeLockTarget['document']): WakeLockHandle {
  let sentinel = first;
  let released = false;
  let asking: Promise<void> | null = null;

  const onVisibilityChange = () => {
    if (released || asking || document?.visibilityState !== 'visible' || !sentinel.released) return;
    asking = wakeLock.request('screen').then(
      (next) => {
        asking = null;
        // Released while the request was under way: this lock is not wanted any more.
        if (released) void next.release().catch(() => undefined);
        else sentinel = next;
      },
      () => {
        // Refused this time (e.g. the battery saver came on): the next return to the page asks again.
        asking = null;
      },
    );
  };
  document?.addEventListener('visibilitychange', onVisibilityChange);

  return {
    async release() {
      if (released) return;
      released = true;
      document?.removeEventListener('visibilitychange', onVisibilityChange);
      await asking;
      if (!sentinel.released) await sentinel.release().catch(() => undefined);
    },
  };
}
