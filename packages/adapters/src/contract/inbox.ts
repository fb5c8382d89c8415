/**
 * What a test receives asynchronously (live events, socket messages) as it arrives, and a wait for the first item
 * that matches: tests wait for the event itself, never for a guessed delay. The timeout only turns a lost event into
 * a failure that says what did arrive.
 */
export interface Inbox<T> {
  /** Everything received so far, in order. */
  readonly items: readonly T[];
  push(item: T): void;
  /** Resolves with the first item, already received or still to come, that matches. */
  next(predicate: (item: T) => boolean, timeoutMs?: number): Promise<T>;
}

export function createInbox<T>(describe: (item: T) => unknown = (item) => item): Inbox<T> {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  return {
    items,
    push(item) {
      items.push(item);
      for (const wake of [...waiters]) wake();
    },
    next(predicate, timeoutMs = 10_000) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = items.find(predicate);
          if (found === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`nothing matching arrived in ${timeoutMs} ms; got ${JSON.stringify(items.map(describe))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
