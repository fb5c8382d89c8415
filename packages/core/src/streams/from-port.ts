/** A port's minimal Subscribable as an RxJS Observable (ports do not depend on RxJS). */
import { Observable } from 'rxjs';
import type { Subscribable } from '../ports/subscribable.js';

export function fromPort<T>(source: Subscribable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const subscription = source.subscribe({
      next: (value) => subscriber.next(value),
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => subscription.unsubscribe();
  });
}
