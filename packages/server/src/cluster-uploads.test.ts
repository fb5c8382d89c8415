/**
 * tus uploads through several servers: two (or three) servers on one throwaway PostgreSQL and one shared data
 * directory, as behind a load balancer. An upload goes on through whichever server a request reaches, at the exact
 * offset, also after a server was killed in the middle of a PATCH; a recording completed on two servers at once is
 * finalised once; the upload locks (pg-upload-locker.ts) are held across servers and released by a dead server's
 * dropped connection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { ERRORS } from '@tus/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgUploadLocker, type PgUploadLocker } from './pg-upload-locker.js';
import { startPostgres, type ThrowawayPostgres } from './test-support/postgres.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, tempDir, type SeededExam, type TestServer } from './test-support/server.js';

let postgres: ThrowawayPostgres;
let admin: pg.Pool;
let databaseUrl: string;
let dataDir: string;
let a: TestServer;
let b: TestServer;
let exam: SeededExam;
const tokens: string[] = [];
const quietLog = { error: () => undefined, warn: () => undefined };

/** The same database as `databaseUrl`, its connections named, so that a test can cut them as a dying server's. */
const named = (applicationName: string) => `${databaseUrl}&application_name=${applicationName}`;

beforeAll(async () => {
  postgres = await startPostgres();
  admin = new pg.Pool({ connectionString: postgres.connectionString, max: 2 });
  admin.on('error', () => undefined);
  databaseUrl = await postgres.freshSchema();
  dataDir = tempDir('examroom-cluster-');
  // One after the other: the first creates the schema (and the demo exam), the second finds them.
  a = await startServer({ dataDir, databaseUrl: named('examroom-a') });
  b = await startServer({ dataDir, databaseUrl: named('examroom-b') });
  exam = await seedExam(a, 4);
  for (let index = 0; index < 4; index += 1) {
    tokens.push(await login(a, exam, index));
    await enter(a, tokens[index]!);
  }
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await admin?.end();
  await postgres?.stop();
  removeTempDirs();
});

/** Cuts every connection of the named servers or lockers to PostgreSQL, as a dead process's are. */
async function dropConnections(applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ cut: boolean }>('SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return rows.filter((row) => row.cut).length;
}

async function newRecording(server: TestServer, token: string): Promise<string> {
  const created = await api(server, 'POST', '/me/recordings', { token, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } });
  expect(created.status).toBe(201);
  return created.body.recordingId;
}

const uploadUrl = (server: TestServer, recordingId: string) => `${server.baseUrl}/api/v1/uploads/${recordingId}`;

async function head(server: TestServer, recordingId: string, token: string): Promise<number> {
  const response = await fetch(uploadUrl(server, recordingId), { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return Number(response.headers.get('upload-offset'));
}

/** One PATCH of `bytes` at `offset`; answers the new offset. */
async function patch(server: TestServer, recordingId: string, token: string, offset: number, bytes: Buffer): Promise<number> {
  const response = await fetch(uploadUrl(server, recordingId), {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', authorization: `Bearer ${token}` },
    body: new Uint8Array(bytes),
  });
  expect(response.status).toBe(204);
  return Number(response.headers.get('upload-offset'));
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function complete(server: TestServer, recordingId: string, token: string, source: Buffer) {
  return api(server, 'POST', `/recordings/${recordingId}/complete`, { token, body: { totalBytes: source.length, sha256: sha256Of(source) } });
}

/** The recording's final file, read back. */
function finalFile(server: TestServer, recordingId: string): Buffer {
  return readFileSync(server.app.examroom.uploads.finalPathOf({ id: recordingId, mimeType: 'video/webm;codecs=vp8,opus' }));
}

/** Resolves once `check` holds, trying every few milliseconds for at most 20 s. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('uploads through several servers', () => {
  it('goes on through another server at the exact offset, and completes there byte for byte', async () => {
    const token = tokens[0]!;
    const recordingId = await newRecording(a, token);
    const source = randomBytes(600_000);

    expect(await patch(a, recordingId, token, 0, source.subarray(0, 150_000))).toBe(150_000);
    expect(await patch(a, recordingId, token, 150_000, source.subarray(150_000, 300_000))).toBe(300_000);
    // B knows nothing of this upload in memory: the offset is the shared file's.
    expect(await head(b, recordingId, token)).toBe(300_000);
    expect(await patch(b, recordingId, token, 300_000, source.subarray(300_000))).toBe(source.length);
    expect(await head(a, recordingId, token)).toBe(source.length);

    const done = await complete(b, recordingId, token, source);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, bytesReceived: source.length, clientSha256: sha256Of(source) });
    expect(sha256Of(finalFile(a, recordingId))).toBe(sha256Of(source));
  });

  it('checks the SHA-256 of bytes that came through two servers by turns, on the server that received the fewest', async () => {
    const token = tokens[1]!;
    const recordingId = await newRecording(a, token);
    const source = randomBytes(400_000);
    // B's bytes come between A's: the completion on A checks the file they share, not what A saw.
    await patch(a, recordingId, token, 0, source.subarray(0, 100_000));
    await patch(b, recordingId, token, 100_000, source.subarray(100_000, 300_000));
    await patch(a, recordingId, token, 300_000, source.subarray(300_000));

    const done = await complete(a, recordingId, token, source);
    expect(done.status).toBe(200);
    expect(done.body.serverSha256).toBe(sha256Of(source));
    expect(sha256Of(finalFile(b, recordingId))).toBe(sha256Of(source));
  });

  it('finalises a recording completed on two servers at once only once, and answers both alike', async () => {
    const token = tokens[2]!;
    const recordingId = await newRecording(a, token);
    const source = randomBytes(300_000);
    await patch(a, recordingId, token, 0, source.subarray(0, 200_000));
    await patch(b, recordingId, token, 200_000, source.subarray(200_000));

    const finalizedOnA = vi.spyOn(a.app.examroom.uploads.storage, 'finalize');
    const finalizedOnB = vi.spyOn(b.app.examroom.uploads.storage, 'finalize');
    try {
      const [onA, onB] = await Promise.all([complete(a, recordingId, token, source), complete(b, recordingId, token, source)]);
      expect(onA.status).toBe(200);
      expect(onB.status).toBe(200);
      expect(onA.body).toEqual(onB.body);
      expect(onA.body).toMatchObject({ complete: true, clientSha256: sha256Of(source), serverSha256: sha256Of(source) });
      expect(finalizedOnA.mock.calls.length + finalizedOnB.mock.calls.length).toBe(1);
    } finally {
      finalizedOnA.mockRestore();
      finalizedOnB.mockRestore();
    }
    expect(sha256Of(finalFile(a, recordingId))).toBe(sha256Of(source));
  });

  it('resumes through another server at the exact offset after a server was killed in the middle of a PATCH', async () => {
    const token = tokens[3]!;
    const dying = await startServer({ dataDir, databaseUrl: named('examroom-dying') });
    try {
      const recordingId = await newRecording(dying, token);
      const source = randomBytes(500_000);
      expect(await patch(dying, recordingId, token, 0, source.subarray(0, 120_000))).toBe(120_000);

      // A PATCH announcing 200 000 bytes sends 80 000, which reach the shared disk; then its server dies.
      const received = dying.app.examroom.uploads.pathOf(recordingId);
      const cut = new Promise<void>((resolve) => {
        const request = httpRequest(uploadUrl(dying, recordingId), {
          method: 'PATCH',
          headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '120000', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': '200000', authorization: `Bearer ${token}` },
        });
        request.on('error', () => resolve());
        request.on('close', () => resolve());
        request.write(source.subarray(120_000, 200_000));
      });
      await eventually(async () => (await stat(received)).size === 200_000, 'the first 80 000 bytes of the PATCH on disk');
      // Killed: no new connection, every open one cut (the PATCH's among them), its database connections dropped,
      // which releases its advisory locks (the upload's lock is held by that PATCH).
      dying.app.server.close();
      dying.app.server.closeAllConnections();
      expect(await dropConnections('examroom-dying')).toBeGreaterThan(0);
      await cut;

      // B's HEAD gets the upload's lock at once (the dead server's went with its connection) and the exact offset.
      expect(await head(b, recordingId, token)).toBe(200_000);
      expect(await patch(b, recordingId, token, 200_000, source.subarray(200_000))).toBe(source.length);
      const done = await complete(b, recordingId, token, source);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ complete: true, bytesReceived: source.length, serverSha256: sha256Of(source) });
      expect(sha256Of(finalFile(b, recordingId))).toBe(sha256Of(source));
    } finally {
      await dying.close().catch(() => undefined);
    }
  });
});

describe('upload locks across servers (PostgreSQL advisory locks)', () => {
  const lockers: PgUploadLocker[] = [];
  const newLocker = (applicationName: string, acquireTimeoutMs?: number) => {
    const locker = createPgUploadLocker({ connectionString: named(applicationName), log: quietLog, ...(acquireTimeoutMs ? { acquireTimeoutMs } : {}) });
    lockers.push(locker);
    return locker;
  };
  afterAll(async () => {
    await Promise.all(lockers.map((locker) => locker.close()));
  });
  const never = () => new AbortController().signal;

  /** Who holds the upload lock of `id`: the backends' application names. */
  async function holdersOf(id: string): Promise<string[]> {
    const { rows } = await admin.query<{ name: string }>(
      `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.objid = hashtext($1)::oid`,
      [id],
    );
    return rows.map((row) => row.name);
  }

  it('asks the holder on another server to release, and gets the lock once it did', async () => {
    const one = newLocker('locker-ask-1');
    const two = newLocker('locker-ask-2');
    const id = `rec_${randomBytes(6).toString('hex')}`;
    let asked!: () => void;
    const releaseAsked = new Promise<void>((resolve) => (asked = resolve));
    const held = one.newLock(id);
    await held.lock(never(), () => asked());
    expect(await holdersOf(id)).toEqual(['locker-ask-1']);

    const wanted = two.newLock(id);
    const acquired = wanted.lock(never(), () => undefined);
    await releaseAsked;
    await held.unlock();
    await acquired;
    expect(await holdersOf(id)).toEqual(['locker-ask-2']);
    await wanted.unlock();
    expect(await holdersOf(id)).toEqual([]);
  });

  it('is released by PostgreSQL when the holding server’s connection drops', async () => {
    const dying = newLocker('locker-dying');
    const other = newLocker('locker-survivor');
    const id = `rec_${randomBytes(6).toString('hex')}`;
    // A holder that does not let go when another server asks (a server that hangs, then dies).
    let toldLost!: () => void;
    const lostTold = new Promise<void>((resolve) => (toldLost = resolve));
    let askedBefore = 0;
    let dropped = false;
    const held = dying.newLock(id);
    await held.lock(never(), () => {
      if (dropped) toldLost();
      else askedBefore += 1;
    });
    expect(await holdersOf(id)).toEqual(['locker-dying']);

    const wanted = other.newLock(id);
    const acquired = wanted.lock(never(), () => undefined);
    await eventually(async () => askedBefore > 0, 'the holder asked to release');
    dropped = true;
    expect(await dropConnections('locker-dying')).toBeGreaterThanOrEqual(1);
    await acquired;
    expect(await holdersOf(id)).toEqual(['locker-survivor']);
    // The holder is told that its lock went with the connection; its unlock then changes nothing elsewhere.
    await lostTold;
    await held.unlock();
    expect(await holdersOf(id)).toEqual(['locker-survivor']);
    await wanted.unlock();

    // The server that lost its connection opens another for its next lock.
    const later = dying.newLock(id);
    await later.lock(never(), () => undefined);
    expect(await holdersOf(id)).toEqual(['locker-dying']);
    await later.unlock();
  });

  it('gives up after the acquire timeout while another server holds the lock, as tus’s MemoryLocker does', async () => {
    const holder = newLocker('locker-holder');
    const impatient = newLocker('locker-impatient', 300);
    const id = `rec_${randomBytes(6).toString('hex')}`;
    const held = holder.newLock(id);
    await held.lock(never(), () => undefined);
    await expect(impatient.newLock(id).lock(never(), () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    // An aborted request stops waiting too.
    const abort = new AbortController();
    const waiting = holder.newLock(id).lock(abort.signal, () => undefined);
    abort.abort();
    await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await held.unlock();
    expect(await holdersOf(id)).toEqual([]);
  });

  it('lets one request of a server hold an upload at a time (advisory locks alone are re-entrant per connection)', async () => {
    const locker = newLocker('locker-local');
    const id = `rec_${randomBytes(6).toString('hex')}`;
    const first = locker.newLock(id);
    let asked!: () => void;
    const releaseAsked = new Promise<void>((resolve) => (asked = resolve));
    await first.lock(never(), () => asked());
    const second = locker.newLock(id);
    let secondHolds = false;
    const acquired = second.lock(never(), () => undefined).then(() => (secondHolds = true));
    await releaseAsked;
    expect(secondHolds).toBe(false);
    await first.unlock();
    await acquired;
    expect(await holdersOf(id)).toEqual(['locker-local']);
    await second.unlock();
    expect(await holdersOf(id)).toEqual([]);
  });

  it('keeps a completion apart from the upload lock of the same recording', async () => {
    const one = newLocker('locker-completion-1');
    const two = newLocker('locker-completion-2', 300);
    const id = `rec_${randomBytes(6).toString('hex')}`;
    const completion = one.completionLock(id);
    await completion.lock(never(), () => undefined);
    // The finalisation inside a completion takes the upload's lock: another kind, free.
    const upload = two.newLock(id);
    await upload.lock(never(), () => undefined);
    await upload.unlock();
    await completion.unlock();
  });
});
