/**
 * The channel between the servers of a cluster that share one PostgreSQL database: each server LISTENs on one
 * channel on a connection of its own and publishes with NOTIFY, every message tagged with its server id (a server
 * ignores its own). What goes through it: the live events and session ends its domain published after a commit
 * (cluster-bus.ts) and the 实时画面 relay's messages (cluster-live-view.ts).
 *
 * - **Order.** A server's messages are sent one batch at a time, each batch one statement (one transaction: PostgreSQL
 *   delivers a transaction's notifications together, in the order they were sent), so the other servers receive them
 *   in the order they were published.
 * - **Size.** NOTIFY's payload must be shorter than 8000 bytes: a longer message is split into parts (cut at UTF-8
 *   character boundaries), sent in the same batch and joined again by the readers.
 * - **Losses.** The LISTEN connection reconnects with back-off when it breaks (a database restart, a failover); what
 *   other servers published meanwhile is lost, and the channel says so (`onGap`): the live sockets are then closed
 *   so that their clients reconnect and read again what they show. A batch that cannot be sent is tried again with
 *   back-off; if too much piles up, it is dropped and the other servers are told to do the same (`resync`).
 * - **Who is there.** Every server says `alive` every `heartbeatMs`, `hello` when it starts listening and `bye` when
 *   it closes; a server not heard for three heartbeats is gone (`onServerGone`): the relay forgets its sockets.
 *
 * pg-listen (npm) would give the reconnection only; the splitting, the ordered batches and the heartbeats would
 * still be ours, so this uses pg (already the repository's driver) directly.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A message between servers: JSON with a type `t`. */
export interface ClusterMessage {
  readonly t: string;
  /** Only this server handles it; every server when absent. */
  readonly to?: string;
  readonly [field: string]: unknown;
}

export interface ClusterChannel {
  /** This server's id, random per start. */
  readonly serverId: string;
  /** Sends a message to the other servers (never back to this one), after every message published before it. */
  publish(message: ClusterMessage): void;
  /** Every other server's message meant for this one, in the order each server published them. */
  subscribe(listener: (message: ClusterMessage, from: string) => void): () => void;
  /** The channel was down (its LISTEN connection broke, or a server dropped what it could not send): messages were lost. */
  onGap(listener: () => void): () => void;
  /** A server said hello (it started, or listens again after a gap). */
  onServerJoined(listener: (serverId: string) => void): () => void;
  /** A server said bye, or was not heard for three heartbeats. */
  onServerGone(listener: (serverId: string) => void): () => void;
  /** Says bye and stops listening and publishing. */
  close(): Promise<void>;
}

export interface ClusterChannelOptions {
  readonly connectionString: string;
  /** How often this server says it is alive; 5 s by default. */
  readonly heartbeatMs?: number;
  /** Told when the channel's connections fail (they are retried). */
  readonly onError?: (error: unknown, what: string) => void;
}

/** NOTIFY refuses a payload of 8000 bytes or more; the part header takes the rest. */
export const NOTIFY_PART_BYTES = 7_000;
/** Messages waiting to be sent while the database cannot be reached; beyond, they are dropped (and the others told). */
const MAX_PENDING = 10_000;
const RECONNECT_INITIAL_MS = 100;
const RECONNECT_MAX_MS = 5_000;
const HEARTBEAT_MS = 5_000;
/** How long closing waits for the last messages (the bye) to go out. */
const CLOSE_WAIT_MS = 2_000;
/** A server not heard for this many heartbeats is gone. */
const HEARTBEATS_MISSED = 3;

/**
 * The channel's name: one per schema, so that deployments (or tests) sharing a database in different schemas do not
 * hear each other. At most 63 bytes, PostgreSQL's identifier length.
 */
export function channelName(schema: string): string {
  return `examroom_live:${schema}`.slice(0, 63);
}

/** Cuts a text into pieces of at most `maxBytes` of UTF-8 each, never inside a character. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + maxBytes, bytes.length);
    // Back off to the first byte of a character (continuation bytes are 0b10xxxxxx).
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return parts.length > 0 ? parts : [''];
}

/** `<server> <message number> <part> <parts> <text>`: the text is the message's JSON, or a part of it. */
function payloadsOf(serverId: string, number: number, text: string): string[] {
  const parts = splitUtf8(text, NOTIFY_PART_BYTES);
  return parts.map((part, index) => `${serverId} ${number} ${index} ${parts.length} ${part}`);
}

export async function createPgClusterChannel(options: ClusterChannelOptions): Promise<ClusterChannel> {
  const serverId = randomUUID().replace(/-/g, '').slice(0, 16);
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const onError = options.onError ?? (() => undefined);
  const listeners = new Set<(message: ClusterMessage, from: string) => void>();
  const gapListeners = new Set<() => void>();
  const joinedListeners = new Set<(serverId: string) => void>();
  const goneListeners = new Set<(serverId: string) => void>();
  const tell = <A extends unknown[]>(to: Iterable<(...args: A) => void>, ...args: A) => {
    for (const listener of [...to]) {
      try {
        listener(...args);
      } catch (error) {
        onError(error, 'cluster message listener');
      }
    }
  };

  // One connection publishes, so that batches go out one after another.
  const publisher = new pg.Pool({ connectionString: options.connectionString, max: 1, application_name: `examroom-live-publish:${serverId}` });
  publisher.on('error', () => undefined); // an idle connection cut by the server: the next query opens another
  const schema = (await publisher.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
  const channel = channelName(schema);

  let closed = false;
  /** Closing: a batch that fails is not tried again (the bye is best effort). */
  let closing = false;
  let numbered = 0;
  let pending: string[] = [];
  let sending: Promise<void> | null = null;
  /** Messages were dropped: the others are told to resynchronise once sending works again. */
  let dropped = false;
  let sendFailures = 0;

  const flush = async (): Promise<void> => {
    while (pending.length > 0 && !closed) {
      const batch = pending;
      pending = [];
      try {
        await publisher.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [channel, batch]);
        sendFailures = 0;
      } catch (error) {
        onError(error, 'cluster publish');
        if (closing) return;
        sendFailures += 1;
        pending = batch.concat(pending);
        if (pending.length > MAX_PENDING) {
          pending = [];
          dropped = true;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(RECONNECT_MAX_MS, RECONNECT_INITIAL_MS * 2 ** sendFailures)));
      }
      if (dropped && pending.length === 0 && !closed) {
        dropped = false;
        enqueue({ t: 'resync' });
      }
    }
  };
  function enqueue(message: ClusterMessage): void {
    if (closed) return;
    numbered += 1;
    pending.push(...payloadsOf(serverId, numbered, JSON.stringify(message)));
    sending ??= flush().finally(() => {
      sending = null;
    });
  }

  // ---- listening ----
  /** Parts of long messages being joined, by `<server> <number>`. */
  const joining = new Map<string, string[]>();
  const lastHeard = new Map<string, number>();
  const heard = (from: string) => {
    const known = lastHeard.has(from);
    lastHeard.set(from, Date.now());
    return known;
  };
  const forget = (from: string) => {
    if (!lastHeard.delete(from)) return;
    for (const key of [...joining.keys()]) if (key.startsWith(`${from} `)) joining.delete(key);
    tell(goneListeners, from);
  };

  const receive = (payload: string) => {
    const match = /^(\S+) (\d+) (\d+) (\d+) /.exec(payload);
    if (!match) return;
    const [head, from, number, index, count] = match as unknown as [string, string, string, string, string];
    if (from === serverId) return;
    let text = payload.slice(head.length);
    if (count !== '1') {
      const key = `${from} ${number}`;
      const parts = index === '0' ? [] : joining.get(key);
      // A part whose first parts were lost (the connection broke between them) is dropped with the rest of it.
      if (!parts || parts.length !== Number(index)) return void joining.delete(key);
      parts.push(text);
      if (parts.length < Number(count)) return void joining.set(key, parts);
      joining.delete(key);
      text = parts.join('');
    }
    let message: ClusterMessage;
    try {
      message = JSON.parse(text) as ClusterMessage;
    } catch (error) {
      return onError(error, 'cluster message');
    }
    const known = heard(from);
    if (message.t === 'bye') return forget(from);
    const forMe = message.to === undefined || message.to === serverId;
    const hello = message.t === 'hello' && forMe;
    if (hello || !known) tell(joinedListeners, from);
    // A server heard of without its hello (this one started after it, or had taken it for gone): it is asked to
    // say what this one must know, as it would after a hello.
    if (!known && !hello) enqueue({ t: 'hello', to: from });
    if (!forMe || message.t === 'alive' || message.t === 'hello') return;
    if (message.t === 'resync') {
      // Like a gap of this server's own: what it knows of the others' sockets may be stale too.
      enqueue({ t: 'hello' });
      return tell(gapListeners);
    }
    tell(listeners, message, from);
  };

  let listener: pg.Client | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: `examroom-live:${serverId}` });
    let lost = false;
    const lose = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error !== undefined) onError(error, 'cluster listen');
      if (listener === client) listener = null;
      client.end().catch(() => undefined);
      if (!closed) reconnect();
    };
    client.on('error', lose);
    client.on('end', () => lose());
    client.on('notification', (notification) => {
      if (notification.channel === channel && notification.payload !== undefined) receive(notification.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    if (closed) {
      await client.end();
      return;
    }
    listener = client;
  };
  function reconnect(): void {
    clearTimeout(reconnectTimer);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_INITIAL_MS * 2 ** attempts);
    attempts += 1;
    reconnectTimer = setTimeout(() => {
      listen().then(
        () => {
          attempts = 0;
          joining.clear();
          // What the others published while this server did not listen is lost; it says hello again so that they
          // tell it what it must know (who publishes a live view).
          enqueue({ t: 'hello' });
          tell(gapListeners);
        },
        (error: unknown) => {
          onError(error, 'cluster listen');
          if (!closed) reconnect();
        },
      );
    }, delay);
    reconnectTimer.unref();
  }

  try {
    await listen();
  } catch (error) {
    closed = true;
    clearTimeout(reconnectTimer);
    await publisher.end();
    throw error;
  }
  enqueue({ t: 'hello' });

  const heartbeat = setInterval(() => {
    enqueue({ t: 'alive' });
    const silentSince = Date.now() - HEARTBEATS_MISSED * heartbeatMs;
    for (const [from, at] of [...lastHeard]) if (at < silentSince) forget(from);
  }, heartbeatMs);
  heartbeat.unref();

  const add =
    <L>(set: Set<L>) =>
    (listener: L) => {
      set.add(listener);
      return () => void set.delete(listener);
    };

  return {
    serverId,
    publish: enqueue,
    subscribe: add(listeners),
    onGap: add(gapListeners),
    onServerJoined: add(joinedListeners),
    onServerGone: add(goneListeners),
    async close() {
      if (closed) return;
      clearInterval(heartbeat);
      clearTimeout(reconnectTimer);
      closing = true;
      enqueue({ t: 'bye' });
      // The bye is best effort: a database that does not answer must not hold up the server's shutdown.
      await Promise.race([sending, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
      closed = true;
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      await publisher.end().catch(() => undefined);
    },
  };
}
