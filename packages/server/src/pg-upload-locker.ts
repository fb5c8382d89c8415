/**
 * tus's upload lock across several servers: a PostgreSQL advisory lock keyed by the upload id, so that a PATCH, a
 * HEAD or a completion of one upload runs on one server at a time, whichever servers the requests reach.
 *
 * Used instead of tus's MemoryLocker when the repository is PostgreSQL (several servers share the database and the
 * uploads' volume). Each server keeps a few connections of its own for its locks, an upload always on the same one
 * (session-level advisory locks belong to the connection that took them; LOCK_CONNECTIONS of them, so that a server's
 * hundreds of PATCHes a second do not queue behind one connection's round trips): a server that dies loses them, and
 * PostgreSQL releases every lock it held, so no upload stays locked by a dead server. Session-level locks are re-entrant within a connection, so the
 * requests of this server exclude each other in memory first (as MemoryLocker does), and only the one that got the
 * upload here asks PostgreSQL.
 *
 * As with MemoryLocker, a request that wants a held lock asks its holder to release it (tus then ends the holder's
 * PATCH soon, keeping what it wrote): on this server directly, on another one by NOTIFY on RELEASE_CHANNEL, which every
 * server LISTENs to on its first lock connection. Meanwhile it tries `pg_try_advisory_lock` again, at short intervals, until
 * it gets the lock, its request is aborted or the acquire timeout passes (ERR_LOCK_TIMEOUT, as MemoryLocker).
 *
 * A second kind of lock (`completionLock`) keeps a recording's completion to one server at a time: the domain re-reads
 * the recording once it holds it, so the file is finalised once however many servers receive the completion.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';

/** The advisory lock's first key: which kind of lock (two-key locks never meet the one-key schema migration lock). */
const UPLOAD_LOCKS = 0x7475_7331; // "tus1"
const COMPLETION_LOCKS = 0x636f_6d31; // "com1"

/** Where a server asks the others to release an upload's lock; the payload is `<kind>:<id>`. */
export const RELEASE_CHANNEL = 'examroom_upload_lock_release';

/** How long tus's requests wait for an upload's lock, as MemoryLocker. */
const ACQUIRE_TIMEOUT_MS = 30_000;
/** How long a completion waits for another server's completion of the same recording (finalising a long recording). */
const COMPLETION_TIMEOUT_MS = 10 * 60_000;
/** Tries again at first quickly (a PATCH's lock is held for about a second), then every 100 ms at most. */
const FIRST_RETRY_MS = 5;
const LONGEST_RETRY_MS = 100;
/** A holder that did not release is asked again this often (a NOTIFY can cross a reconnect and be lost). */
const ASK_AGAIN_MS = 1_000;
/** A server's lock connections; an upload's locks always go to the same one (by its key's hash). */
const LOCK_CONNECTIONS = 4;

/** Which lock connection a key's locks go to. */
function slotOf(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % LOCK_CONNECTIONS;
}

type Log = { error(object: object, message: string): void; warn(object: object, message: string): void };

export interface PgUploadLockerOptions {
  readonly connectionString: string;
  readonly log: Log;
  /** How long a PATCH or HEAD waits for an upload's lock (30 s); tests set it short. */
  readonly acquireTimeoutMs?: number;
}

export interface PgUploadLocker extends Locker {
  /** One completion of a recording at a time across every server (its own kind of lock, not the upload's). */
  completionLock(recordingId: string): Lock;
  /** Ends the lock connections: every lock this server held is released. */
  close(): Promise<void>;
}

/** A lock this server holds, or is getting from PostgreSQL, for one request. */
interface Holder {
  readonly requestRelease: RequestRelease;
  /** Holds the advisory lock (not only this server's turn). */
  acrossServers: boolean;
  readonly released: Promise<void>;
  release(): void;
}

type Kind = 'upload' | 'completion';
const CLASS_OF: Record<Kind, number> = { upload: UPLOAD_LOCKS, completion: COMPLETION_LOCKS };

export function createPgUploadLocker(options: PgUploadLockerOptions): PgUploadLocker {
  const acquireTimeoutMs = options.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS;
  /** By `<kind>:<id>`: who has the upload on this server. */
  const holders = new Map<string, Holder>();
  /** The lock connections (opened on first use, again after one was lost), and each one's statements in turn. */
  const connections: (Promise<pg.Client> | null)[] = Array.from({ length: LOCK_CONNECTIONS }, () => null);
  const statements: Promise<unknown>[] = Array.from({ length: LOCK_CONNECTIONS }, () => Promise.resolve());
  let closed = false;

  /** Lock connection `slot`; the first one LISTENs, and is opened with any other (it hears the other servers). */
  function connected(slot: number): Promise<pg.Client> {
    if (closed) return Promise.reject(new Error('upload locker closed'));
    if (slot !== 0) void connected(0).catch(() => undefined);
    let connection = connections[slot];
    if (!connection) {
      const opening = open(slot, () => {
        if (connections[slot] === opening) connections[slot] = null;
      });
      connections[slot] = opening;
      connection = opening;
    }
    return connection;
  }

  /** @param gone called once the connection is lost or failed to open: the next lock opens another. */
  async function open(slot: number, gone: () => void): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: options.connectionString });
    client.on('error', (error) => {
      gone();
      if (closed) return;
      // Every advisory lock of this connection went with it: another server may now take those uploads, so their
      // holders here are asked to let go (tus ends their PATCHes soon, keeping what they wrote).
      const lost = [...holders.entries()].filter(([key, holder]) => holder.acrossServers && slotOf(key) === slot).map(([, holder]) => holder);
      options.log.error({ err: error, locksLost: lost.length }, 'upload lock connection lost');
      for (const holder of lost) void askToRelease(holder);
    });
    client.on('end', gone);
    client.on('notification', (message) => {
      const holder = message.channel === RELEASE_CHANNEL && message.payload ? holders.get(message.payload) : undefined;
      // Only a holder of the advisory lock: a request still waiting for it (also the one that asked) has nothing to give.
      if (holder?.acrossServers) void askToRelease(holder);
    });
    try {
      await client.connect();
      if (slot === 0) await client.query(`LISTEN ${RELEASE_CHANNEL}`);
      return client;
    } catch (error) {
      gone();
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  async function askToRelease(holder: Holder | undefined): Promise<void> {
    try {
      await holder?.requestRelease();
    } catch (error) {
      options.log.warn({ err: error }, 'an upload lock holder failed to release');
    }
  }

  const keyValues = (kind: Kind, id: string) => [CLASS_OF[kind], id];

  /**
   * A statement on lock connection `slot`, after the ones before it: a pg client given a query while another runs
   * queues it, but that is deprecated (pg 9 refuses it).
   */
  function query<R extends pg.QueryResultRow>(slot: number, sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const result = statements[slot]!.then(async () => (await connected(slot)).query<R>(sql, values));
    statements[slot] = result.catch(() => undefined);
    return result;
  }

  async function tryLockAcrossServers(kind: Kind, id: string): Promise<boolean> {
    const { rows } = await query<{ locked: boolean }>(slotOf(`${kind}:${id}`), 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', keyValues(kind, id));
    return rows[0]?.locked === true;
  }

  async function unlockAcrossServers(kind: Kind, id: string): Promise<void> {
    await query(slotOf(`${kind}:${id}`), 'SELECT pg_advisory_unlock($1, hashtext($2))', keyValues(kind, id));
  }

  async function askOtherServers(key: string): Promise<void> {
    await query(slotOf(key), 'SELECT pg_notify($1, $2)', [RELEASE_CHANNEL, key]);
  }

  /** The request's holder once it has the lock; null when aborted or out of time. */
  async function acquire(kind: Kind, id: string, requestRelease: RequestRelease, signal: AbortSignal, deadline: number): Promise<Holder | null> {
    const key = `${kind}:${id}`;
    const stopped = () => signal.aborted || performance.now() >= deadline;
    /** Waits at most `ms` (and never past the deadline or the abort). */
    const pause = (ms: number) => delay(Math.max(0, Math.min(ms, deadline - performance.now())), undefined, { signal }).catch(() => undefined);

    // This server first: one request per upload at a time (the one before is asked to let go).
    for (let current = holders.get(key); current !== undefined; current = holders.get(key)) {
      void askToRelease(current);
      await Promise.race([current.released, pause(ASK_AGAIN_MS)]);
      if (stopped()) return null;
    }
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder: Holder = { requestRelease, acrossServers: false, released, release };
    holders.set(key, holder);

    // Then every other server.
    try {
      let wait = FIRST_RETRY_MS;
      let askedAt = -Infinity;
      for (;;) {
        if (await tryLockAcrossServers(kind, id)) {
          holder.acrossServers = true;
          return holder;
        }
        if (stopped()) break;
        if (performance.now() - askedAt >= ASK_AGAIN_MS) {
          askedAt = performance.now();
          await askOtherServers(key);
        }
        await pause(wait);
        if (stopped()) break;
        wait = Math.min(wait * 2, LONGEST_RETRY_MS);
      }
    } catch (error) {
      forget(key, holder);
      throw error;
    }
    forget(key, holder);
    return null;
  }

  function forget(key: string, holder: Holder): void {
    if (holders.get(key) === holder) holders.delete(key);
    holder.release();
  }

  function newLock(kind: Kind, id: string, timeoutMs: number): Lock {
    const key = `${kind}:${id}`;
    let mine: Holder | undefined;
    return {
      async lock(signal, requestRelease) {
        mine = (await acquire(kind, id, requestRelease, signal, performance.now() + timeoutMs)) ?? undefined;
        if (mine === undefined) throw ERRORS.ERR_LOCK_TIMEOUT;
      },
      async unlock() {
        const holder = mine;
        if (holder === undefined || holders.get(key) !== holder) throw new Error('Releasing an unlocked lock!');
        mine = undefined;
        try {
          await unlockAcrossServers(kind, id);
        } catch (error) {
          // The connection is gone, and the advisory lock with it: nothing is left held.
          options.log.warn({ err: error, id }, 'upload lock not released by its connection (which is gone, and the lock with it)');
        } finally {
          forget(key, holder);
        }
      },
    };
  }

  return {
    newLock: (id) => newLock('upload', id, acquireTimeoutMs),
    completionLock: (recordingId) => newLock('completion', recordingId, COMPLETION_TIMEOUT_MS),
    async close() {
      closed = true;
      for (const [slot, connection] of connections.entries()) {
        connections[slot] = null;
        const client = connection ? await connection.catch(() => null) : null;
        await client?.end().catch(() => undefined);
      }
    },
  };
}
