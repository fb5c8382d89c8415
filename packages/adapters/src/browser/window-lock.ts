/**
 * One window of this browser has the exam (R6, 「不得多屏登录」): core's WindowLock over the Web Locks API, which the
 * browser itself keeps for every tab of the origin and lets go of when a page closes, crashes or navigates away.
 * Where it is missing — an older browser, or a page that is not a secure context (plain http on a LAN address, where
 * `navigator.locks` does not exist) — over a BroadcastChannel the windows talk on; where both are missing, every
 * window gets the lock (nothing can tell the windows apart there).
 */
import type { PortObserver, Subscribable, WindowLock, WindowLockHandle } from '@examroom/core';

/**
 * How long acquire waits for the window holding the lock to let go before answering `heldElsewhere`. A reloaded page
 * lets go as it unloads, which the browser may see a moment after the new page asks; and over BroadcastChannel it is
 * how long the holder has to answer.
 */
export const WINDOW_LOCK_GRACE_MS = 1_000;

/** How often, over BroadcastChannel, a refused window asks again whether the holder is still there (it may have crashed without a word). */
export const WINDOW_LOCK_RECHECK_MS = 3_000;

/** The channel the windows of a browser talk on when there are no Web Locks. */
export const WINDOW_LOCK_CHANNEL = 'examroom-window-lock';

export interface BrowserWindowLockOptions {
  /** The Web Locks API; `navigator.locks` by default. Null: use the BroadcastChannel fallback (tests). */
  readonly locks?: LockManager | null;
  /** Makes the fallback's channel; `new BroadcastChannel(name)` by default. Null: no channel either. */
  readonly channel?: ((name: string) => BroadcastChannel) | null;
  readonly graceMs?: number;
  readonly recheckMs?: number;
}

export function createBrowserWindowLock(options: BrowserWindowLockOptions = {}): WindowLock {
  const graceMs = options.graceMs ?? WINDOW_LOCK_GRACE_MS;
  const locks = options.locks === undefined ? (globalThis.navigator as Navigator | undefined)?.locks : options.locks;
  if (locks && typeof locks.request === 'function') return webLocksWindowLock(locks, graceMs);
  const channel =
    options.channel === undefined ? (typeof globalThis.BroadcastChannel === 'function' ? (name: string) => new BroadcastChannel(name) : null) : options.channel;
  if (channel) return channelWindowLock(channel(WINDOW_LOCK_CHANNEL), graceMs, options.recheckMs ?? WINDOW_LOCK_RECHECK_MS);
  return everyWindowGetsIt;
}

/** Once, however often it is called. */
function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

/** `next` then `complete`, once. */
const emitOnce = (observer: PortObserver<void>) =>
  once(() => {
    observer.next?.();
    observer.complete?.();
  });

// ---- Web Locks ----

function webLocksWindowLock(locks: LockManager, graceMs: number): WindowLock {
  return {
    acquire: (key) =>
      new Promise<WindowLockHandle | 'heldElsewhere'>((resolve, reject) => {
        // A request, not `ifAvailable`: granted at once when the lock is free, and as soon as a window that is
        // unloading lets go; abandoned (AbortError) when the holder is still there after the grace.
        const giveUp = new AbortController();
        const timer = setTimeout(() => giveUp.abort(), graceMs);
        locks
          .request(key, { signal: giveUp.signal }, () => {
            clearTimeout(timer);
            // The lock is held for as long as this promise is pending: until release(), or until the page goes.
            return new Promise<void>((letGo) => resolve({ release: once(letGo) }));
          })
          .catch((error: unknown) => {
            clearTimeout(timer);
            if (error instanceof DOMException && error.name === 'AbortError') resolve('heldElsewhere');
            // Anything else (a sandboxed frame, a document no longer active): the caller decides.
            else reject(error instanceof Error ? error : new Error(String(error)));
          });
      }),
    whenFree: (key) => ({
      subscribe(observer) {
        const stop = new AbortController();
        const notify = emitOnce(observer);
        // A shared request is granted once no window holds the lock (nor waits for it before us); the callback
        // returns at once, so it is let go of at once and never stands in the way of the window that takes it next.
        locks
          .request(key, { mode: 'shared', signal: stop.signal }, () => {
            if (!stop.signal.aborted) notify();
          })
          .catch(() => undefined);
        return { unsubscribe: () => stop.abort() };
      },
    }),
  };
}

// ---- BroadcastChannel ----

/** What the windows say to each other about a lock `key`. `from` and `to` are the windows' random ids. */
type ChannelMessage =
  | { readonly type: 'query'; readonly key: string; readonly from: string }
  | { readonly type: 'held'; readonly key: string; readonly to: string }
  | { readonly type: 'released'; readonly key: string };

function isChannelMessage(data: unknown): data is ChannelMessage {
  return typeof data === 'object' && data !== null && typeof (data as { key?: unknown }).key === 'string' && ['query', 'held', 'released'].includes((data as { type?: unknown }).type as string);
}

/**
 * The windows ask on the channel who holds a lock; its holder answers. No answer within the grace: the asker holds
 * it. Two windows asking at once: the one with the smaller id wins. Each hears the other's question while it waits
 * (or the winner's claim): the one with the larger id gives up, and the one with the smaller id answers the other's
 * question as if it held the lock already — so the outcome does not depend on which question was heard in time (a
 * window that started listening after the other's question went by still hears the claim). The holder says `released` when it lets go and when its page is hidden for good (pagehide); a
 * window that disappears without a word simply stops answering.
 */
function channelWindowLock(channel: BroadcastChannel, graceMs: number, recheckMs: number): WindowLock {
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const held = new Set<string>();
  const listeners = new Set<(message: ChannelMessage) => void>();
  const post = (message: ChannelMessage) => channel.postMessage(message);

  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isChannelMessage(message)) return;
    if (message.type === 'query' && held.has(message.key)) post({ type: 'held', key: message.key, to: message.from });
    for (const listener of [...listeners]) listener(message);
  });
  if (typeof globalThis.addEventListener === 'function') {
    globalThis.addEventListener('pagehide', () => {
      for (const key of held) post({ type: 'released', key });
    });
  }

  /** Asks who holds `key`; answers whether someone said so within the grace (or, with `contending`, asked first). */
  const ask = (key: string, contending: boolean) =>
    new Promise<boolean>((resolve) => {
      const finish = (heldElsewhere: boolean) => {
        clearTimeout(timer);
        listeners.delete(listen);
        resolve(heldElsewhere);
      };
      const listen = (message: ChannelMessage) => {
        if (message.key !== key) return;
        if (message.type === 'held' && message.to === id) finish(true);
        else if (contending && message.type === 'query' && message.from !== id) {
          if (message.from < id) finish(true);
          // This window comes first: it tells the later one so, whether or not that one heard this window's question.
          else post({ type: 'held', key, to: message.from });
        }
      };
      const timer = setTimeout(() => finish(false), graceMs);
      listeners.add(listen);
      post({ type: 'query', key, from: id });
    });

  return {
    async acquire(key) {
      if (held.has(key) || (await ask(key, true))) return 'heldElsewhere';
      held.add(key);
      return {
        release: once(() => {
          held.delete(key);
          post({ type: 'released', key });
        }),
      };
    },
    whenFree: (key) => ({
      subscribe(observer) {
        const notify = emitOnce(observer);
        let stopped = false;
        let recheck: ReturnType<typeof setTimeout> | undefined;
        const onReleased = (message: ChannelMessage) => {
          if (message.type === 'released' && message.key === key) void check();
        };
        const check = async () => {
          clearTimeout(recheck);
          const taken = held.has(key) || (await ask(key, false));
          if (stopped) return;
          if (!taken) {
            stop();
            notify();
          } else {
            clearTimeout(recheck);
            recheck = setTimeout(() => void check(), recheckMs);
          }
        };
        const stop = () => {
          stopped = true;
          clearTimeout(recheck);
          listeners.delete(onReleased);
        };
        listeners.add(onReleased);
        void check();
        return { unsubscribe: stop };
      },
    }),
  };
}

// ---- neither ----

const everyWindowGetsIt: WindowLock = {
  acquire: async () => ({ release() {} }),
  whenFree: (): Subscribable<void> => ({
    subscribe(observer) {
      const notify = emitOnce(observer);
      queueMicrotask(notify);
      return { unsubscribe() {} };
    },
  }),
};
