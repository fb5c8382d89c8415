/**
 * The transaction that publishes live events only once it has committed: calls queue their events (and the
 * candidates whose supervisor-visible status changed) in an outbox; the outbox is delivered after the repository's
 * transaction commits, and dropped when it rolls back, so a call that fails publishes nothing.
 */
import type * as C from '@examroom/adapters/rest';
import type { Audience, LiveEventBus, SessionEnd } from '../dispatcher.types.js';
import type { Repository } from '../repository.js';

export interface Transaction extends LiveEventBus {
  /** Runs `work` in one repository transaction (inside a running one, as part of it) and publishes its events after the commit. */
  run<T>(work: () => T): T;
  /** Queues a live event of the running transaction. */
  emit(event: C.LiveEvent, audience: Audience): void;
  /** Marks a candidate whose supervisor-visible status changed; their candidate.status is built just before the commit. */
  statusChanged(candidateId: string): void;
  /** Queues the end of a session, told after the commit (its live sockets close). */
  sessionEnded(end: SessionEnd): void;
}

interface Outbox {
  readonly events: [C.LiveEvent, Audience][];
  readonly changed: Set<string>;
  readonly ends: SessionEnd[];
}

/** @param statusOf a candidate's status as supervisors see it at commit time, or null when the candidate is unknown */
export function createTransaction(repo: Repository, statusOf: (candidateId: string) => C.CandidateStatusBody | null): Transaction {
  const listeners = new Set<(event: C.LiveEvent, audience: Audience) => void>();
  const endListeners = new Set<(end: SessionEnd) => void>();
  let outbox: Outbox | null = null;

  function tell<A extends unknown[]>(to: Iterable<(...args: A) => void>, ...args: A): void {
    for (const listener of [...to]) {
      try {
        listener(...args);
      } catch (error) {
        // A front's failure to deliver must not undo or fail a committed call.
        console.error('examroom: live event listener failed', error);
      }
    }
  }

  function run<T>(work: () => T): T {
    if (outbox) return work();
    const mine: Outbox = { events: [], changed: new Set(), ends: [] };
    outbox = mine;
    let result: T;
    try {
      result = repo.transaction(() => {
        const value = work();
        for (const candidateId of mine.changed) {
          const status = statusOf(candidateId);
          if (status) mine.events.push([{ type: 'candidate.status', status }, { candidateId, supervisors: true }]);
        }
        return value;
      });
    } finally {
      outbox = null;
    }
    for (const [event, audience] of mine.events) tell(listeners, event, audience);
    for (const end of mine.ends) tell(endListeners, end);
    return result;
  }

  return {
    run,
    emit(event, audience) {
      outbox?.events.push([event, audience]);
    },
    statusChanged(candidateId) {
      outbox?.changed.add(candidateId);
    },
    sessionEnded(end) {
      outbox?.ends.push(end);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeSessionEnds(listener) {
      endListeners.add(listener);
      return () => endListeners.delete(listener);
    },
  };
}
