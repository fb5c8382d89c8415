/**
 * 实时画面's signalling across the servers of a cluster. Each server keeps the domain's relay
 * (domain/src/live-view-relay.ts) unchanged, with its rules; what this adds is where a message is handled:
 *
 * - **Publications are known everywhere.** A page's or phone's `live.publish` is handled by its own server's relay and
 *   by every other server's, where the publishing socket is a stand-in (a proxy connection whose messages go back over
 *   the cluster channel to the real socket). So every relay tells its own supervisors `live.available`, and a phone
 *   publishing on one server joins the views of its candidate held on another.
 * - **A candidate's views live where the candidate's computer publishes** (its home). A supervisor's `live.watch` goes
 *   to the home's relay, with the supervisor's socket as a stand-in there; the supervisor's later `live.signal` and
 *   `live.stop` for that view go to the same server, and a phone's or page's signals for a view go to the server
 *   that asked them to connect (`live.request`). So one relay decides each view: the domain's check of the watch,
 *   the `viewId` in use, and the cap of views per candidate counted cluster-wide (the cap guards the candidate's
 *   upload: every view is another peer connection from their page, whichever server the supervisor is on).
 * - **Ends.** A socket that closes is told to every server (its stand-ins close: the views end as on one server); a
 *   server that says bye or is not heard for three heartbeats takes its sockets with it: stand-ins close, and a
 *   local socket whose view that server held is told `live.ended` (`candidateOffline` for the supervisor, `stopped`
 *   for a publisher), as if the other end had gone.
 * - **Gaps.** When this server's channel was down it forgets every stand-in and says hello again; the other servers
 *   answer with their publications. (Its own sockets are closed by the live-events socket, see registerLiveEvents:
 *   their pages publish again on reconnection.)
 */
import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { LiveViewClientMessage, type LiveViewServerMessage } from '@examroom/adapters/rest';
import { LIVE_MESSAGE_MAX_CHARS, type LiveViewConnection, type LiveViewRelay, type Principal } from '@examroom/domain';
import type { ClusterChannel, ClusterMessage } from './cluster-channel.js';

/** What a server says about one of its sockets to the others. */
interface SocketMessage extends ClusterMessage {
  readonly t: 'view';
  /**
   * `publish`: the socket publishes (`text`, to every server or the one that said hello); `message`: a message of the
   * socket for the addressed server's relay; `deliver`: a message of the addressed server's relay for its socket;
   * `closed`: the socket closed.
   */
  readonly op: 'publish' | 'message' | 'deliver' | 'closed';
  readonly socket: string;
  readonly principal?: Principal;
  readonly acceptLanguage?: string | null;
  readonly text?: string;
  readonly message?: LiveViewServerMessage;
}

interface LocalSocket {
  readonly principal: Principal;
  readonly send: (message: LiveViewServerMessage) => void;
  readonly acceptLanguage: string | null | undefined;
  readonly connection: LiveViewConnection;
  /** The views of this socket held by another server's relay, by view id: that server. */
  readonly remoteViews: Map<string, string>;
  /** Views this (supervisor's) socket asked another server for, not answered yet: a refusal forgets their route. */
  readonly asked: Set<string>;
  /** Its last `live.publish`, told again to a server that says hello. */
  published: string | null;
  /** Other servers hold a stand-in of it: they are told when it closes. */
  known: boolean;
}

interface StandIn {
  readonly server: string;
  readonly principal: Principal;
  readonly connection: LiveViewConnection;
}

export interface ClusterLiveViewRelay extends LiveViewRelay {
  /** Forgets every stand-in and asks the other servers who publishes (after the channel was down). */
  resync(): void;
}

export function createClusterLiveViewRelay(relay: LiveViewRelay, channel: ClusterChannel): ClusterLiveViewRelay {
  const self = channel.serverId;
  const locals = new Map<string, LocalSocket>();
  const standIns = new Map<string, StandIn>();
  /** Where each candidate's computer publishes now: the server and its socket. */
  const homes = new Map<string, { readonly server: string; readonly socket: string }>();
  const refOf = (server: string, socket: string) => `${server}/${socket}`;

  const publish = (message: Omit<SocketMessage, 't'>) => channel.publish({ t: 'view', ...message });

  /** The stand-in of another server's socket in this server's relay, made on its first message. */
  const standInFor = (server: string, socket: string, principal: Principal, acceptLanguage: string | null | undefined): StandIn => {
    const ref = refOf(server, socket);
    let standIn = standIns.get(ref);
    if (!standIn) {
      const connection = relay.connect(
        principal,
        (message) => {
          // A supervisor's own server tells them who publishes: the relay holding their view must not say it twice.
          if (principal.role === 'supervisor' && message.type === 'live.available') return;
          publish({ op: 'deliver', to: server, socket, message });
        },
        acceptLanguage,
      );
      standIn = { server, principal, connection };
      standIns.set(ref, standIn);
    }
    return standIn;
  };

  const closeStandIn = (ref: string) => {
    const standIn = standIns.get(ref);
    if (!standIn) return;
    standIns.delete(ref);
    standIn.connection.close();
  };

  const noteHome = (principal: Principal, server: string, socket: string) => {
    if (principal.role === 'candidate') homes.set(principal.subjectId, { server, socket });
  };
  const forgetHome = (server: string, socket: string) => {
    for (const [candidateId, home] of [...homes]) if (home.server === server && home.socket === socket) homes.delete(candidateId);
  };

  /** A message of this server's relay or another's, for a local socket: the routes of its views follow it. */
  const deliver = (local: LocalSocket, message: LiveViewServerMessage, from: string) => {
    if (from !== self && 'viewId' in message && message.viewId !== undefined) {
      const viewId = message.viewId;
      if (message.type === 'live.request' || message.type === 'live.accepted' || message.type === 'live.signal') local.remoteViews.set(viewId, from);
      // A refused watch has no view; any other refusal (a signal of a view that ended meanwhile) leaves the route.
      const refusedWatch = message.type === 'live.error' && local.asked.has(viewId);
      if ((message.type === 'live.ended' && message.peer === undefined) || refusedWatch) local.remoteViews.delete(viewId);
      if (message.type === 'live.accepted' || message.type === 'live.error') local.asked.delete(viewId);
    }
    local.send(message);
  };

  const stopMessages = channel.subscribe((message, from) => {
    if (message.t !== 'view') return;
    const { op, socket, principal, acceptLanguage, text } = message as SocketMessage;
    if (op === 'deliver') {
      const local = locals.get(socket);
      const delivered = (message as SocketMessage).message;
      if (local && delivered) deliver(local, delivered, from);
    } else if (op === 'closed') {
      closeStandIn(refOf(from, socket));
      forgetHome(from, socket);
    } else if (principal && text !== undefined) {
      if (op === 'publish') noteHome(principal, from, socket);
      standInFor(from, socket, principal, acceptLanguage).connection.receive(text);
    }
  });

  /** Another server is gone: its sockets went with it. */
  const stopGone = channel.onServerGone((server) => {
    for (const [ref, standIn] of [...standIns]) if (standIn.server === server) closeStandIn(ref);
    for (const [candidateId, home] of [...homes]) if (home.server === server) homes.delete(candidateId);
    for (const local of locals.values()) {
      for (const [viewId, holder] of [...local.remoteViews]) {
        if (holder !== server) continue;
        local.remoteViews.delete(viewId);
        local.send({ type: 'live.ended', viewId, reason: local.principal.role === 'supervisor' ? 'candidateOffline' : 'stopped' });
      }
    }
  });

  /** A server (re)starts listening: it is told who publishes here. */
  const stopJoined = channel.onServerJoined((server) => {
    for (const [socket, local] of locals) {
      if (local.published === null) continue;
      local.known = true;
      publish({ op: 'publish', to: server, socket, principal: local.principal, acceptLanguage: local.acceptLanguage ?? null, text: local.published });
    }
  });

  /** Where a local socket's valid live-view message is handled: this server's relay, or another's (its id). */
  const routeOf = (local: LocalSocket, message: LiveViewClientMessage): string => {
    if (message.type === 'live.watch' && local.principal.role === 'supervisor') return local.remoteViews.get(message.viewId) ?? homes.get(message.candidateId)?.server ?? self;
    if (message.type === 'live.signal' || message.type === 'live.stop') return local.remoteViews.get(message.viewId) ?? self;
    return self;
  };

  return {
    connect(principal, send, acceptLanguage) {
      const id = randomUUID();
      const local: LocalSocket = {
        principal,
        send,
        acceptLanguage,
        remoteViews: new Map(),
        asked: new Set(),
        published: null,
        known: false,
        connection: relay.connect(principal, (message) => deliver(local, message, self), acceptLanguage),
      };
      locals.set(id, local);
      return {
        receive(text) {
          let parsed: unknown = null;
          if (text.length <= LIVE_MESSAGE_MAX_CHARS) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = null;
            }
          }
          // Anything but a well-formed live-view message is this server's relay's to answer (or to ignore).
          if (!Value.Check(LiveViewClientMessage, parsed)) return local.connection.receive(text);
          const message = parsed as LiveViewClientMessage;
          if (message.type === 'live.publish' && principal.role !== 'supervisor') {
            local.published = text;
            local.known = true;
            noteHome(principal, self, id);
            publish({ op: 'publish', socket: id, principal, acceptLanguage: acceptLanguage ?? null, text });
            return local.connection.receive(text);
          }
          const server = routeOf(local, message);
          if (server === self) return local.connection.receive(text);
          // A view id in use already goes where its view is, and is refused there without losing the route.
          if (message.type === 'live.watch' && !local.remoteViews.has(message.viewId)) {
            local.remoteViews.set(message.viewId, server);
            local.asked.add(message.viewId);
          }
          // The supervisor who stops a view is not told that it ended: its route goes now.
          if (message.type === 'live.stop') local.remoteViews.delete(message.viewId);
          local.known = true;
          publish({ op: 'message', to: server, socket: id, principal, acceptLanguage: acceptLanguage ?? null, text });
          return true;
        },
        close() {
          locals.delete(id);
          local.connection.close();
          forgetHome(self, id);
          if (local.known) publish({ op: 'closed', socket: id });
        },
      };
    },
    get views() {
      return relay.views;
    },
    resync() {
      for (const ref of [...standIns.keys()]) closeStandIn(ref);
      homes.clear();
      for (const local of locals.values()) local.remoteViews.clear();
    },
    dispose() {
      stopMessages();
      stopGone();
      stopJoined();
      relay.dispose();
    },
  };
}
