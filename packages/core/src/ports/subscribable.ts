/**
 * The smallest push-stream shape a port may return. RxJS Observables satisfy it, and so does any hand-written
 * emitter, so integrators need not depend on RxJS to implement a port.
 */
export interface PortObserver<T> {
  next?(value: T): void;
  error?(error: unknown): void;
  complete?(): void;
}

export interface Unsubscribable {
  unsubscribe(): void;
}

export interface Subscribable<T> {
  subscribe(observer: PortObserver<T>): Unsubscribable;
}
