/**
 * What operators watch: /healthz, /readyz (the database and the data directory), /metrics in Prometheus text
 * (requests, active candidates by stage, upload bytes and lag, finalisations, live connections), open or behind
 * EXAMROOM_METRICS_TOKEN; none of it names a person. The logs: JSON lines without personal data.
 */
import { createHash } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, tempDir, type TestServer } from './test-support/server.js';

afterAll(removeTempDirs);

/** One sample's value in Prometheus text, e.g. `examroom_active_candidates{stage="answering"}`; null when absent. */
function sample(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? null : Number(line.slice(name.length + 1));
}

async function metrics(server: TestServer, headers: Record<string, string> = {}): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${server.baseUrl}/metrics`, { headers });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

describe('operations', () => {
  it('logs structured lines (JSON) whose requests carry the method, the route and the path, without the client address, the query values or who it was', async () => {
    const lines: string[] = [];
    const server = await startServer({ logger: 'info', logStream: { write: (line) => void lines.push(line) } });
    try {
      const exam = await seedExam(server, 1);
      const token = await login(server, exam, 0);
      await enter(server, token);
      // A recording link's token travels in the query string: a credential, like a password.
      await fetch(`${server.baseUrl}/api/v1/supervisor/recordings/rec-unknown/file?link=link-secret-0123456789`);
      const entries = lines.map((line) => JSON.parse(line) as { msg: string; req?: Record<string, unknown>; res?: { statusCode: number } });
      const incoming = entries.filter((entry) => entry.msg === 'incoming request').map((entry) => entry.req);
      expect(incoming).toContainEqual({ method: 'POST', route: '/api/v1/sessions/password', url: '/api/v1/sessions/password' });
      expect(incoming).toContainEqual({ method: 'GET', route: '/api/v1/supervisor/recordings/:recordingId/file', url: '/api/v1/supervisor/recordings/rec-unknown/file?link=…' });
      expect(entries.some((entry) => entry.msg === 'request completed' && typeof entry.res?.statusCode === 'number')).toBe(true);
      // The server says where it listens; no line about a request says where it came from.
      const requestLines = lines.filter((line) => !line.includes('Server listening at')).join('');
      for (const secret of ['link-secret-0123456789', '127.0.0.1', 'remoteAddress', exam.candidates[0]!.idNumber, exam.candidates[0]!.password, 'Candidate 1', token]) expect(requestLines).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it('answers /healthz and /readyz; /readyz turns 503 when the data directory cannot be written, and back', async () => {
    const server = await startServer();
    try {
      const health = await fetch(`${server.baseUrl}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`${server.baseUrl}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { database: 'ok', storage: 'ok' } }]);
      // The recordings' directory gone (a volume unmounted): not ready until it is back.
      await rename(join(server.dataDir, 'recordings'), join(server.dataDir, 'recordings-away'));
      const refused = await fetch(`${server.baseUrl}/readyz`);
      expect([refused.status, await refused.json()]).toEqual([503, { status: 'unavailable', checks: { database: 'ok', storage: 'failed' } }]);
      await rename(join(server.dataDir, 'recordings-away'), join(server.dataDir, 'recordings'));
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('counts requests by route pattern, candidates active by stage, upload bytes and lag, and finalisations, naming nobody', async () => {
    const server = await startServer();
    try {
      const exam = await seedExam(server, 2);
      const token = await login(server, exam, 0);
      await enter(server, token);
      await login(server, exam, 1);
      const before = await metrics(server);
      expect(before.status).toBe(200);
      expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sample(before.text, 'examroom_active_candidates{stage="confirmingDevices"}')).toBe(1);
      expect(sample(before.text, 'examroom_active_candidates{stage="readingProcess"}')).toBe(1);
      expect(sample(before.text, 'examroom_active_candidates{stage="answering"}')).toBe(0);
      expect(sample(before.text, 'examroom_http_requests_total{method="POST",route="/api/v1/sessions/password",status="201"}')).toBe(2);

      // A recording: two acknowledged PATCHes, a heartbeat saying what is recorded, then its completion.
      const created = await api<{ recordingId: string; uploadUrl: string }>(server, 'POST', '/me/recordings', { token, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } });
      expect(created.status).toBe(201);
      const bytes = Buffer.alloc(3000, 7);
      for (const [offset, chunk] of [
        [0, bytes.subarray(0, 1000)],
        [1000, bytes.subarray(1000)],
      ] as const) {
        const patch = await fetch(created.body.uploadUrl, {
          method: 'PATCH',
          headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', authorization: `Bearer ${token}` },
          body: chunk,
        });
        expect(patch.status).toBe(204);
      }
      const beat = await api(server, 'POST', '/sessions/current/heartbeat', { token, body: { recordings: [{ id: created.body.recordingId, bytesRecorded: 5000 }] } });
      expect(beat.status).toBe(204);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await api(server, 'POST', `/recordings/${created.body.recordingId}/complete`, { token, body: { totalBytes: bytes.length, sha256 } });

      const after = await metrics(server);
      expect(sample(after.text, 'examroom_upload_bytes_total')).toBe(3000);
      expect(sample(after.text, 'examroom_upload_lag_bytes{kind="camera"}')).toBe(2000);
      expect(sample(after.text, 'examroom_upload_lag_bytes{kind="screen"}')).toBe(0);
      expect(sample(after.text, 'examroom_recording_finalisation_seconds_count{outcome="ok"}')! + (sample(after.text, 'examroom_recording_finalisation_seconds_count{outcome="failed"}') ?? 0)).toBeGreaterThanOrEqual(1);
      // Route patterns, never a recording's or a candidate's id; and nothing of the candidates.
      expect(after.text).toContain('route="/api/v1/uploads/:recordingId"');
      expect(after.text).not.toContain(created.body.recordingId);
      for (const candidate of exam.candidates) {
        expect(after.text).not.toContain(candidate.id);
        expect(after.text).not.toContain(candidate.idNumber);
      }
      expect(sample(after.text, 'examroom_live_connections')).toBe(0);
      expect(after.text).toContain('examroom_process_resident_memory_bytes');
    } finally {
      await server.close();
    }
  });

  it('takes EXAMROOM_METRICS_TOKEN as a bearer token when set', async () => {
    const dataDir = tempDir();
    const app = await buildApp({ dataDir, metricsToken: 'scrape-secret-1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const server: TestServer = { app, baseUrl: app.examroom.origin(), dataDir, close: () => app.close() };
    try {
      const refused = await metrics(server);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await metrics(server, { authorization: 'Bearer wrong' })).status).toBe(401);
      const allowed = await metrics(server, { authorization: 'Bearer scrape-secret-1' });
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('examroom_http_requests_total');
      // Health and readiness stay open to the load balancer.
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
