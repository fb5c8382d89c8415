/**
 * The transactions of the domain's calls, which publish live events only once they have committed. A call runs its
 * work with a context of its own (DomainContext): the repository bound to its transaction and an outbox where it
 * queues its events (and the candidates whose supervisor-visible status changed). The outbox is delivered after the
 * repository's transaction commits and dropped when it rolls back, so a call that fails publishes nothing; a
 * repository that runs the work again (PostgreSQL's serialization failures) starts it with an empty outbox.
 */
import type * as C from '@examroom/adapters/rest';
import type { Audience, LiveEventBus, SessionEnd } from '../dispatcher.types.js';
import type { Repository } from '../repository.js';

/** What a call queues for after its commit. */
export interface CallEvents {
  /** Queues a live event of the call. */
  emit(event: C.LiveEvent, audience: Audience): void;
  /** Marks a candidate whose supervisor-visible status changed; their candidate.status is built just before the commit. */
  statusChanged(candidateId: string): void;
  /** Queues the end of a session, told after the commit (its live sockets close). */
  sessionEnded(end: SessionEnd): void;
}

export interface Transactions extends LiveEventBus {
  /**
   * Runs `work` in one repository transaction with the call's repository and outbox, and publishes its events after
   * the commit.
   */
  run<T>(work: (repo: Repository, events: CallEvents) => Promise<T>): Promise<T>;
}

interface Outbox extends CallEvents {
  readonly events: [C.LiveEvent, Audience][];
  readonly changed: Set<string>;
  readonly ends: SessionEnd[];
}

function newOutbox(): Outbox {
  const outbox: Outbox = {
    events: [],
    changed: new Set(),
    ends: [],
    emit: (event, audience) => void outbox.events.push([event, audience]),
    statusChanged: (candidateId) => void outbox.changed.add(candidateId),
    sessionEnded: (end) => void outbox.ends.push(end),
  };
  return outbox;
}

/** @param statusOf a candidate's status as supervisors see it at commit time, or null when the candidate is unknown */
export function createTransactions(repo: Repository, statusOf: (repo: Repository, candidateId: string) => Promise<C.CandidateStatusBody | null>): Transactions {
  const listeners = new Set<(event: C.LiveEvent, audience: Audience) => void>();
  const endListeners = new Set<(end: SessionEnd) => void>();

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

  async function run<T>(work: (repo: Repository, events: CallEvents) => Promise<T>): Promise<T> {
    const [result, outbox] = await repo.transaction(async (tx) => {
      const outbox = newOutbox();
      const value = await work(tx, outbox);
      for (const candidateId of outbox.changed) {
        const status = await statusOf(tx, candidateId);
        if (status) outbox.events.push([{ type: 'candidate.status', status }, { candidateId, supervisors: true }]);
      }
      return [value, outbox] as const;
    });
    for (const [event, audience] of outbox.events) tell(listeners, event, audience);
    for (const end of outbox.ends) tell(endListeners, end);
    return result;
  }

  return {
    run,
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
