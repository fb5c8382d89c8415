/**
 * The asynchronous Repository over a synchronous one on a single connection: the Maps of the mocks, one SQLite
 * handle. Both answer at once, but a transaction's work is asynchronous now, and while it awaits, another request's
 * call would land in the open transaction (and be rolled back with it) or read its uncommitted writes. So every
 * call and every transaction takes one mutex: a transaction holds it from begin to commit or rollback, and the
 * transaction's own calls (through the `tx` its work is given) go straight through.
 *
 * Work inside a transaction must make its calls through `tx`: a call on the outer repository waits for the
 * transaction to end, and awaiting it inside the work waits for ever.
 */
import { Mutex } from 'async-mutex';
import type { Repository } from './repository.js';

/** The Repository port with the Promises taken off, and without transactions (the hooks below make those). */
export type SyncRepository = {
  readonly [K in Exclude<keyof Repository, 'transaction'>]: Repository[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/** How the synchronous repository begins, commits and rolls back one transaction (never nested: the wrapper's rule). */
export interface TransactionHooks {
  begin(): void;
  commit(): void;
  rollback(): void;
}

type AnyMethod = (...args: unknown[]) => unknown;

/** The port's methods a synchronous repository has, by name (every function of it). */
function methodNames(sync: SyncRepository): string[] {
  return Object.keys(sync).filter((name) => typeof (sync as unknown as Record<string, unknown>)[name] === 'function');
}

/** A synchronous call as a promise: a throw becomes a rejection, as an asynchronous database's errors are. */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function serializeRepository(sync: SyncRepository, hooks: TransactionHooks): Repository {
  const mutex = new Mutex();
  const names = methodNames(sync);
  const method = (name: string) => (sync as unknown as Record<string, AnyMethod>)[name]!;

  /** The repository a transaction's work is given: straight to the connection, refused once the transaction ended. */
  const boundTo = (transaction: { open: boolean }): Repository => {
    const ended = () => Promise.reject(new Error('Repository call through a transaction that has ended: use the repository itself'));
    const tx: Record<string, unknown> = {};
    for (const name of names) {
      const call = method(name);
      tx[name] = (...args: unknown[]) => (transaction.open ? settle(() => call(...args)) : ended());
    }
    // Nested: part of the transaction already open (its rollback undoes the nested work's writes too).
    tx.transaction = <T>(work: (inner: Repository) => Promise<T>): Promise<T> =>
      transaction.open ? new Promise<T>((resolve) => resolve(work(tx as unknown as Repository))) : ended();
    return tx as unknown as Repository;
  };

  const repository: Record<string, unknown> = {};
  for (const name of names) {
    const call = method(name);
    repository[name] = (...args: unknown[]) => mutex.runExclusive(() => call(...args));
  }
  repository.transaction = <T>(work: (tx: Repository) => Promise<T>): Promise<T> =>
    mutex.runExclusive(async () => {
      hooks.begin();
      const transaction = { open: true };
      let result: T;
      try {
        result = await work(boundTo(transaction));
      } catch (error) {
        transaction.open = false;
        hooks.rollback();
        throw error;
      }
      transaction.open = false;
      try {
        hooks.commit();
      } catch (error) {
        hooks.rollback();
        throw error;
      }
      return result;
    });
  return repository as unknown as Repository;
}
