import { createHash, randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Upload } from 'tus-js-client';
import { createUploadAuthorization } from './upload-authorization.js';
import { createUploadProgress } from './upload-progress.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, tempDir, type TestServer } from './test-support/server.js';

const running: TestServer[] = [];
afterAll(async () => {
  for (const server of running.splice(0)) await server.close();
  removeTempDirs();
});

const silentLog = { error: () => undefined };

/** A record function whose writes (each one transaction's counts) the test can wait for. */
function recorder() {
  const writes: [string, number][][] = [];
  const waiters: (() => void)[] = [];
  return {
    writes,
    record: (reports: readonly { recordingId: string; bytesReceived: number }[]) => {
      writes.push(reports.map((r) => [r.recordingId, r.bytesReceived]));
      waiters.splice(0).forEach((wake) => wake());
    },
    /** Resolves once `count` writes were made. */
    async written(count: number): Promise<void> {
      while (writes.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

describe('upload progress', () => {
  it('writes uploads’ first counts at once, then the latest count of each together once the interval has passed', async () => {
    const { writes, record, written } = recorder();
    const progress = createUploadProgress({ record, offsetOf: async () => 0, log: silentLog, intervalMs: 50 });
    progress.report('rec_a', 100);
    progress.report('rec_b', 10);
    // Their first counts: in the next turn of the event loop, in one write.
    expect(writes).toEqual([]);
    await written(1);
    expect(writes[0]).toEqual([
      ['rec_a', 100],
      ['rec_b', 10],
    ]);
    progress.report('rec_a', 300);
    progress.report('rec_a', 200);
    progress.report('rec_b', 20);
    await new Promise((resolve) => setImmediate(resolve));
    // Not per PATCH: nothing more until the interval has passed, then one write of the latest (largest) of each.
    expect(writes).toHaveLength(1);
    await written(2);
    expect(writes[1]).toEqual([
      ['rec_a', 300],
      ['rec_b', 20],
    ]);
  });

  it('writes the offset on disk at once when flushed (completion, abandon), also with nothing in memory', async () => {
    const { writes, record } = recorder();
    const onDisk = new Map([['rec_b', 5_000], ['rec_c', 7_000]]);
    const progress = createUploadProgress({
      record,
      offsetOf: async (id) => onDisk.get(id) ?? Promise.reject(new Error('no such upload')),
      log: silentLog,
      intervalMs: 3_600_000,
    });
    progress.report('rec_b', 1_000);
    progress.report('rec_b', 4_000);
    await progress.flush('rec_b');
    // After a restart nothing is in memory: the file's offset is the count.
    await progress.flush('rec_c');
    // An id without an upload writes nothing.
    await progress.flush('rec_unknown');
    expect(writes).toEqual([[['rec_b', 5_000]], [['rec_c', 7_000]]]);
  });

  it('writes the waiting counts of the uploads a heartbeat reports at once', async () => {
    const { writes, record } = recorder();
    const progress = createUploadProgress({ record, offsetOf: async () => 0, log: silentLog, intervalMs: 3_600_000 });
    progress.report('rec_f', 10);
    progress.report('rec_g', 30);
    await new Promise((resolve) => setImmediate(resolve));
    progress.report('rec_f', 20);
    progress.report('rec_g', 40);
    await progress.flushWaiting(['rec_f', 'rec_unknown']);
    expect(writes).toEqual([
      [
        ['rec_f', 10],
        ['rec_g', 30],
      ],
      [['rec_f', 20]],
    ]);
  });

  it('writes every waiting count when the server closes', async () => {
    const { writes, record } = recorder();
    const progress = createUploadProgress({ record, offsetOf: async () => 0, log: silentLog, intervalMs: 3_600_000 });
    progress.report('rec_d', 10);
    progress.report('rec_d', 20);
    progress.report('rec_e', 30);
    // Before the next turn: the first counts still wait, and go with the rest.
    await progress.flushAll();
    expect(writes).toEqual([
      [
        ['rec_d', 20],
        ['rec_e', 30],
      ],
    ]);
  });
});

describe('upload authorisation', () => {
  function fakeDomain() {
    const state = { asked: 0, revoked: false, quota: 1_000 };
    return {
      state,
      domain: {
        authorizeUpload: async (_token: string | null, _recordingId: string, uploadEnd?: number) => {
          state.asked++;
          if (state.revoked) throw new Error('SESSION_REVOKED');
          if (uploadEnd !== undefined && uploadEnd > state.quota) throw new Error('RECORDING_TOO_LARGE');
          return { recording: undefined as never, quota: state.quota };
        },
        recordingQuota: async () => state.quota,
      },
    };
  }

  it('asks the domain once per upload and session while its answer is kept, again for a PATCH beyond the kept quota', async () => {
    const { state, domain } = fakeDomain();
    const authorization = createUploadAuthorization(domain, 3_600_000);
    await authorization.authorize('token', 'rec_1', 100);
    await authorization.authorize('token', 'rec_1', 200);
    await authorization.authorize('token', 'rec_1', undefined);
    expect(state.asked).toBe(1);
    expect(await authorization.quotaOf('rec_1')).toBe(1_000);
    // Another session, another recording: asked again.
    await authorization.authorize('other', 'rec_1', 100);
    await authorization.authorize('token', 'rec_2', 100);
    expect(state.asked).toBe(3);
    // Beyond the kept quota the domain decides: it refuses, then allows once the quota grew.
    await expect(authorization.authorize('token', 'rec_1', 1_500)).rejects.toThrow('RECORDING_TOO_LARGE');
    state.quota = 2_000;
    await authorization.authorize('token', 'rec_1', 1_500);
    expect(state.asked).toBe(5);
  });

  it('keeps each answer between half the TTL and the TTL, so that uploads started together do not all ask again together', async () => {
    const { state, domain } = fakeDomain();
    const now = vi.spyOn(performance, 'now').mockReturnValue(0);
    try {
      const authorization = createUploadAuthorization(domain, 1_000);
      const ids = Array.from({ length: 40 }, (_, i) => `rec_${i}`);
      for (const id of ids) await authorization.authorize('token', id, 100);
      now.mockReturnValue(499);
      for (const id of ids) await authorization.authorize('token', id, 100);
      expect(state.asked).toBe(40);
      now.mockReturnValue(750);
      for (const id of ids) await authorization.authorize('token', id, 100);
      // Some expired by now, not all (the chance of either is 2 × 2⁻⁴⁰).
      expect(state.asked).toBeGreaterThan(40);
      expect(state.asked).toBeLessThan(80);
    } finally {
      now.mockRestore();
    }
  });

  it('tells the fast path whether a kept answer allows a request, without asking the domain', async () => {
    const { state, domain } = fakeDomain();
    const now = vi.spyOn(performance, 'now').mockReturnValue(0);
    try {
      const authorization = createUploadAuthorization(domain, 1_000);
      expect(authorization.allowedNow('token', 'rec_1', 100)).toBe(false);
      await authorization.authorize('token', 'rec_1', 100);
      expect([authorization.allowedNow('token', 'rec_1', 1_000), authorization.allowedNow('token', 'rec_1', undefined)]).toEqual([true, true]);
      // Beyond the kept quota, another token, no token, another recording: the domain must be asked.
      expect(authorization.allowedNow('token', 'rec_1', 1_001)).toBe(false);
      expect(authorization.allowedNow('other', 'rec_1', 100)).toBe(false);
      expect(authorization.allowedNow(null, 'rec_1', 100)).toBe(false);
      expect(authorization.allowedNow('token', 'rec_2', 100)).toBe(false);
      now.mockReturnValue(1_000);
      expect(authorization.allowedNow('token', 'rec_1', 100)).toBe(false);
      expect(state.asked).toBe(1);
    } finally {
      now.mockRestore();
    }
  });

  it('refuses a revoked session once its kept answer expires', async () => {
    const { state, domain } = fakeDomain();
    const authorization = createUploadAuthorization(domain, 0);
    await authorization.authorize('token', 'rec_1', 100);
    state.revoked = true;
    await expect(authorization.authorize('token', 'rec_1', 200)).rejects.toThrow('SESSION_REVOKED');
    // Refused answers are never kept.
    await expect(authorization.authorize('token', 'rec_1', 200)).rejects.toThrow('SESSION_REVOKED');
  });
});

function uploadPart(source: Buffer, uploadUrl: string, token: string, stopAfter?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new Upload(source, {
      uploadUrl,
      uploadLengthDeferred: true,
      chunkSize: 64 * 1024,
      headers: { Authorization: `Bearer ${token}` },
      retryDelays: [],
      onChunkComplete: (_chunk, accepted) => {
        if (stopAfter !== undefined && accepted >= stopAfter) void client.abort().then(resolve, reject);
      },
      onSuccess: () => resolve(),
      onError: reject,
    });
    client.start();
  });
}

describe('a server that stops without closing', () => {
  it('loses at most the counts of the last interval; the upload resumes at the file’s offset and completes', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, uploadProgressWriteMs: 3_600_000 });
    running.push(first);
    const exam = await seedExam(first, 1);
    const token = await login(first, exam, 0);
    await enter(first, token);
    const recording = await api(first, 'POST', '/me/recordings', { token, body: { kind: 'camera', mimeType: 'video/webm' } });
    const recordingId: string = recording.body.recordingId;
    const source = randomBytes(320 * 1024);
    await uploadPart(source, recording.body.uploadUrl, token, 192 * 1024);

    // What a crash leaves on disk now: the database (with its WAL) and the received files, copied while it runs.
    const crashedDir = tempDir();
    cpSync(dataDir, crashedDir, { recursive: true });
    const second = await startServer({ dataDir: crashedDir });
    running.push(second);
    // Only the first PATCH's count was written; the two after it waited in memory and were lost.
    expect(await second.app.examroom.repo.getRecording(recordingId)).toMatchObject({ bytesReceived: 64 * 1024, complete: false });

    const uploadUrl = `${second.baseUrl}/api/v1/uploads/${recordingId}`;
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${token}` } });
    expect(Number(head.headers.get('upload-offset'))).toBe(192 * 1024);
    await uploadPart(source, uploadUrl, token);
    const sha256 = createHash('sha256').update(source).digest('hex');
    // The completion writes the count from the file first, whatever the database had.
    const done = await api(second, 'POST', `/recordings/${recordingId}/complete`, { token, body: { totalBytes: source.length, sha256 } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, bytesReceived: source.length, serverSha256: sha256 });
  });
});
