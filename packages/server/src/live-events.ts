/**
 * The live-events WebSocket (`/api/v1/ws`): the first message authenticates, then the domain's events flow to the
 * sessions they are meant for. Who gets what is decided here from the event's audience; the domain decides the
 * audience. The socket closes (4401) as soon as its session ends: revoked (logout, another login, a new phone) or
 * expired on the server's clock.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { API_PREFIX, LIVE_CLOSE_UNAUTHENTICATED, LIVE_EVENTS_PATH, errorBodyOf } from '@examroom/adapters/rest';
import {
  createLiveViewRelay,
  isLiveEventFor,
  liveAuthToken,
  liveLookups,
  watchLiveSession,
  type ExamDomain,
  type LiveClock,
  type LiveEventBus,
  type LiveViewConnection,
  type LiveViewSettings,
  type Principal,
  type Repository,
} from '@examroom/domain';
import { errorCodeOf } from '@examroom/core';
import type { ClusterChannel } from './cluster-channel.js';
import { createClusterLiveViewRelay } from './cluster-live-view.js';

/** Close code for a failed or missing authentication, and for a session that ended (the client treats it as final). */
export const CLOSE_UNAUTHENTICATED = LIVE_CLOSE_UNAUTHENTICATED;

export interface LiveEventsOptions {
  readonly domain: ExamDomain;
  readonly repo: Repository;
  /** Server time, whose jumps (the dev clock) make every socket check its session's expiry. */
  readonly clock: LiveClock;
  /** How long a connection may stay silent before its auth message; 5 s by default. */
  readonly authTimeoutMs?: number;
  /** Interval of keep-alive pings; a peer that misses one is dropped. 30 s by default. */
  readonly pingIntervalMs?: number;
  /** 实时画面: ICE servers, the bitrate cap and the views per candidate (LIVE_VIEW_DEFAULTS where absent). */
  readonly liveView?: Partial<LiveViewSettings>;
  /**
   * Several servers on one PostgreSQL database (cluster-bus.ts): the events of every server (the domain's own by
   * default), and the channel the 实时画面 relay's messages cross. Absent on one server: nothing leaves the process.
   */
  readonly cluster?: { readonly events: LiveEventBus; readonly channel: ClusterChannel };
}

/** Close code of the sockets when this server may have missed other servers' events: the clients reconnect and read again. */
export const CLOSE_RESYNC = 1012;

export interface LiveEvents {
  /** Authenticated connections open right now. */
  readonly connections: number;
  /** Live views open right now (on this server's relay). */
  readonly liveViews: number;
  /** This server's id in its cluster, or null on one server (SQLite: nothing is published anywhere). */
  readonly serverId: string | null;
}

export function registerLiveEvents(app: FastifyInstance, options: LiveEventsOptions): LiveEvents {
  const { domain, repo, clock } = options;
  const authTimeoutMs = options.authTimeoutMs ?? 5_000;
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  let connections = 0;
  // In a cluster, every server's events; the domain's own on one server.
  const events: LiveEventBus = options.cluster?.events ?? domain;
  const sessions = { checkSession: domain.checkSession, subscribeSessionEnds: events.subscribeSessionEnds };
  // After the auth message, a socket's messages are live-view signalling, relayed between the ends of one view.
  const localRelay = createLiveViewRelay({
    domain: { liveViewTarget: domain.liveViewTarget, subscribe: events.subscribe },
    repo,
    ...(options.liveView ? { settings: options.liveView } : {}),
  });
  const clusterRelay = options.cluster ? createClusterLiveViewRelay(localRelay, options.cluster.channel) : null;
  const relay = clusterRelay ?? localRelay;
  app.addHook('onClose', async () => relay.dispose());
  // Authenticated sockets, closed when this server may have missed other servers' events (its channel was down):
  // their clients reconnect and read what they show again (the supervisor's console reloads the sitting).
  const open = new Set<WebSocket>();
  options.cluster?.channel.onGap(() => {
    clusterRelay?.resync();
    for (const socket of [...open]) socket.close(CLOSE_RESYNC, 'RESYNC');
  });

  function serve(socket: WebSocket, acceptLanguage: string | undefined): void {
    let principal: Principal | null = null;
    let liveView: LiveViewConnection | null = null;
    let unsubscribe: (() => void) | null = null;
    let stopWatching: (() => void) | null = null;
    let alive = true;

    const close = (code: number, reason: string) => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    };
    const authTimer = setTimeout(() => close(CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED'), authTimeoutMs);
    const pingTimer = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, pingIntervalMs);
    pingTimer.unref();
    socket.on('pong', () => {
      alive = true;
    });

    const start = (who: Principal) => {
      principal = who;
      connections += 1;
      open.add(socket);
      const lookups = liveLookups(repo, who);
      // Decided one after another, so that the socket gets its events in the order they were published.
      let delivered: Promise<void> = Promise.resolve();
      unsubscribe = events.subscribe((event, audience) => {
        delivered = delivered
          .then(async () => {
            if (socket.readyState === socket.OPEN && (await isLiveEventFor(who, event, audience, lookups))) socket.send(JSON.stringify(event));
          })
          .catch((error: unknown) => app.log.error({ err: error }, 'live event delivery failed'));
      });
      // After the events already on their way (the new phone's evidence status comes before the old phone's end).
      const watching = watchLiveSession(sessions, who, clock, (last, reason) => {
        delivered = delivered.then(() => {
          if (last && socket.readyState === socket.OPEN) socket.send(JSON.stringify(last));
          close(CLOSE_UNAUTHENTICATED, reason);
        });
      });
      stopWatching = () => void watching.then((stop) => stop());
      liveView = relay.connect(
        who,
        (message) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
        },
        acceptLanguage,
      );
    };

    // Messages that come while the first one's token is checked wait for it (a page publishes right after its auth).
    let authenticating: string[] | null = null;
    socket.on('message', (data) => {
      if (principal !== null) {
        liveView?.receive(String(data));
        return;
      }
      if (authenticating) {
        authenticating.push(String(data));
        return;
      }
      clearTimeout(authTimer);
      const token = liveAuthToken(String(data));
      if (token === null) return close(CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED');
      authenticating = [];
      domain.authenticate(token).then(
        (who) => {
          const waiting = authenticating ?? [];
          authenticating = null;
          if (socket.readyState !== socket.OPEN) return;
          start(who);
          for (const text of waiting) liveView?.receive(text);
        },
        (error: unknown) => {
          const code = errorCodeOf(error);
          if (code === 'INTERNAL_ERROR') app.log.error({ err: error }, 'live events authentication failed');
          close(CLOSE_UNAUTHENTICATED, code === 'SESSION_REVOKED' || code === 'SESSION_EXPIRED' ? code : 'UNAUTHENTICATED');
        },
      );
    });

    socket.on('close', () => {
      clearTimeout(authTimer);
      clearInterval(pingTimer);
      open.delete(socket);
      stopWatching?.();
      liveView?.close();
      liveView = null;
      if (unsubscribe) {
        unsubscribe();
        unsubscribe = null;
        connections -= 1;
      }
    });
    socket.on('error', () => socket.terminate());
  }

  app.route({
    method: 'GET',
    url: `${API_PREFIX}${LIVE_EVENTS_PATH}`,
    // A plain GET (no upgrade) gets a JSON answer like every other route.
    handler: (request, reply) =>
      reply
        .code(426)
        .header('Upgrade', 'websocket')
        .send(errorBodyOf('VALIDATION_FAILED', request.headers['accept-language'])),
    // Signalling messages are small: a longer frame is refused by ws itself (close 1009) before it is buffered whole.
    wsHandler: (socket, request) => serve(socket, request.headers['accept-language']),
  });

  return {
    get connections() {
      return connections;
    },
    get liveViews() {
      return relay.views;
    },
    serverId: options.cluster?.channel.serverId ?? null,
  };
}
