/**
 * The live events of a cluster: what this server's domain publishes after a commit (live events with their
 * audience, session ends) goes to the other servers over the cluster channel, and what they publish comes back here,
 * merged with the local events into one LiveEventBus. The live-events socket and the 实时画面 relay subscribe to it
 * exactly as they subscribe to the domain on one server: they decide, for each of their sockets, what it gets.
 *
 * On SQLite (one server) there is no cluster bus: the sockets subscribe to the domain itself, in process, and nothing
 * is published anywhere.
 */
import type { Audience, LiveEventBus, SessionEnd } from '@examroom/domain';
import type { LiveEvent } from '@examroom/adapters/rest';
import { createPgClusterChannel, type ClusterChannel, type ClusterMessage } from './cluster-channel.js';

export interface ClusterLiveEvents extends LiveEventBus {
  /** Stops publishing the domain's events and delivering the others'. */
  dispose(): void;
}

interface EventMessage extends ClusterMessage {
  readonly t: 'event';
  readonly event: LiveEvent;
  readonly audience: Audience;
}

interface EndMessage extends ClusterMessage {
  readonly t: 'end';
  readonly end: SessionEnd;
}

export function createClusterLiveEvents(local: LiveEventBus, channel: ClusterChannel): ClusterLiveEvents {
  const listeners = new Set<(event: LiveEvent, audience: Audience) => void>();
  const endListeners = new Set<(end: SessionEnd) => void>();
  const tell = <A extends unknown[]>(to: Iterable<(...args: A) => void>, ...args: A) => {
    for (const listener of [...to]) {
      try {
        listener(...args);
      } catch (error) {
        console.error('examroom: live event listener failed', error);
      }
    }
  };

  // This server's events: delivered here at once, as on one server, and published for the others.
  const stopLocal = local.subscribe((event, audience) => {
    tell(listeners, event, audience);
    channel.publish({ t: 'event', event, audience } satisfies EventMessage);
  });
  const stopLocalEnds = local.subscribeSessionEnds((end) => {
    tell(endListeners, end);
    channel.publish({ t: 'end', end } satisfies EndMessage);
  });
  // The others' events: delivered here exactly as this server's own.
  const stopRemote = channel.subscribe((message) => {
    if (message.t === 'event') {
      const { event, audience } = message as EventMessage;
      tell(listeners, event, audience);
    } else if (message.t === 'end') {
      tell(endListeners, (message as EndMessage).end);
    }
  });

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeSessionEnds(listener) {
      endListeners.add(listener);
      return () => endListeners.delete(listener);
    },
    dispose() {
      stopLocal();
      stopLocalEnds();
      stopRemote();
    },
  };
}

/** A server's part of the cluster: its channel and its live events merged with the others'. */
export interface ClusterLive {
  readonly channel: ClusterChannel;
  readonly events: ClusterLiveEvents;
  close(): Promise<void>;
}

/** Joins the cluster of servers on this PostgreSQL database (listening before it answers). */
export async function openClusterLive(options: {
  readonly connectionString: string;
  readonly domain: LiveEventBus;
  readonly onError: (error: unknown, what: string) => void;
  readonly heartbeatMs?: number;
}): Promise<ClusterLive> {
  const channel = await createPgClusterChannel({
    connectionString: options.connectionString,
    onError: options.onError,
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const events = createClusterLiveEvents(options.domain, channel);
  return {
    channel,
    events,
    async close() {
      events.dispose();
      await channel.close();
    },
  };
}
