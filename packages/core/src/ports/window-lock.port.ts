/**
 * One window per exam in this browser (R6, 「不得多屏登录」): the server keeps one live session per candidate, but every
 * tab and window of one browser shares that session (the kept token), the chunk store and the device key, so the
 * server cannot tell them apart. This lock, held by one window of the browser at a time, is what refuses the second
 * tab. In the browser: the Web Locks API, BroadcastChannel where it is missing (`@examroom/adapters/browser`).
 */
import type { Subscribable } from './subscribable.js';

/** The lock as this window holds it. */
export interface WindowLockHandle {
  /** Lets go of the lock (once; later calls do nothing). The browser also lets go of it when the page closes. */
  release(): void;
}

export interface WindowLock {
  /**
   * Takes the lock named `key` for this window, or answers `heldElsewhere` while another window of the same browser
   * holds it. A window that is being reloaded or closed lets go as it unloads: an implementation waits a moment for
   * that before answering `heldElsewhere`, so that a reload of the only window gets the lock back.
   */
  acquire(key: string): Promise<WindowLockHandle | 'heldElsewhere'>;
  /**
   * Emits once, then completes, as soon as no window holds `key` (at once when none does now): the other window was
   * closed or let go. Watching never takes the lock for longer than it takes to notice; unsubscribing stops watching.
   */
  whenFree(key: string): Subscribable<void>;
}
