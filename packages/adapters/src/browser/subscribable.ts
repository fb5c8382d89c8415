/** The two small push-stream shapes the browser adapters hand out as the ports' `Subscribable` (no RxJS needed). */
import type { PortObserver, Subscribable, Unsubscribable } from '@examroom/core';

/** A hot, multicast stream the adapter pushes into. */
export interface Emitter<T> extends Subscribable<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
  /** True once it has completed or failed. */
  readonly closed: boolean;
}

export interface EmitterOptions {
  /**
   * Keep values emitted while nobody is subscribed and hand them to the first subscriber. For recorder chunks: a
   * chunk that arrives before the consumer subscribed must not be lost.
   */
  readonly bufferUntilSubscribed?: boolean;
}

/** A multicast emitter. A subscriber that arrives after the end still gets the completion or the error. */
export function createEmitter<T>(options: EmitterOptions = {}): Emitter<T> {
  const observers = new Set<PortObserver<T>>();
  let pending: T[] | undefined = options.bufferUntilSubscribed ? [] : undefined;
  let end: { readonly error: unknown } | 'complete' | undefined;

  function finish(observer: PortObserver<T>): void {
    if (end === 'complete') observer.complete?.();
    else if (end !== undefined) observer.error?.(end.error);
  }

  return {
    get closed() {
      return end !== undefined;
    },
    next(value) {
      if (end !== undefined) return;
      if (pending && observers.size === 0) {
        pending.push(value);
        return;
      }
      for (const observer of [...observers]) observer.next?.(value);
    },
    error(error) {
      if (end !== undefined) return;
      end = { error };
      for (const observer of [...observers]) observer.error?.(error);
      observers.clear();
    },
    complete() {
      if (end !== undefined) return;
      end = 'complete';
      for (const observer of [...observers]) observer.complete?.();
      observers.clear();
    },
    subscribe(observer): Unsubscribable {
      if (pending) {
        const buffered = pending;
        pending = undefined;
        for (const value of buffered) observer.next?.(value);
      }
      if (end !== undefined) {
        finish(observer);
        return { unsubscribe() {} };
      }
      observers.add(observer);
      return {
        unsubscribe() {
          observers.delete(observer);
        },
      };
    },
  };
}

/**
 * A cold stream: each subscription runs `start`, which adds its listeners and returns the function that removes them.
 * Unsubscribing (or the stream ending) calls it once.
 */
export function fromListeners<T>(start: (observer: Required<PortObserver<T>>) => () => void): Subscribable<T> {
  return {
    subscribe(observer) {
      let closed = false;
      let started = false;
      const close = () => {
        if (closed) return;
        closed = true;
        if (started) teardown();
      };
      const teardown = start({
        next: (value) => {
          if (!closed) observer.next?.(value);
        },
        error: (error) => {
          if (closed) return;
          close();
          observer.error?.(error);
        },
        complete: () => {
          if (closed) return;
          close();
          observer.complete?.();
        },
      });
      started = true;
      // It ended while starting, before its teardown was known.
      if (closed) teardown();
      return { unsubscribe: close };
    },
  };
}
