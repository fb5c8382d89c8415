/**
 * Completions at the end of a sitting come all at once: the finalisations queue behind at most MAX_RUNNING running
 * ones (recording-finaliser.ts), and every completion is answered.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, describe, expect, it } from 'vitest';
import { tusUpload } from '../../adapters/src/contract/http.js';
import { MAX_RUNNING, RECORDING_FINALISED_CHANNEL, finalisationQueue } from './recording-finaliser.js';
import { liveWebm } from './test-support/webm.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, type TestServer } from './test-support/server.js';

const running: TestServer[] = [];
afterAll(async () => {
  for (const server of running.splice(0)) await server.close();
  removeTempDirs();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a burst of completions', () => {
  it('runs at most MAX_RUNNING finalisations at a time and answers every completion', async () => {
    const server = await startServer();
    running.push(server);
    const candidates = 6;
    const exam = await seedExam(server, candidates);
    const target = { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    // Each candidate's camera and screen recording, uploaded whole and not yet completed.
    const uploaded: { token: string; recordingId: string; bytes: Uint8Array }[] = [];
    for (let index = 0; index < candidates; index++) {
      const token = await login(server, exam, index);
      await enter(server, token);
      for (const kind of ['camera', 'screen'] as const) {
        const bytes = liveWebm([0, 500, 1000, 1500 + index * 10]);
        const created = await api(server, 'POST', '/me/recordings', { token, body: { kind, mimeType: 'video/webm' } });
        expect(created.status).toBe(201);
        await tusUpload(target, created.body.uploadUrl, token, bytes, { chunkSize: 4_000 });
        uploaded.push({ token, recordingId: created.body.recordingId, bytes });
      }
    }

    // Watched on every turn of the event loop and at every finalisation's end.
    let mostRunning = 0;
    const watch = () => (mostRunning = Math.max(mostRunning, finalisationQueue().running));
    const timer = setInterval(watch, 1);
    const onFinalised = () => watch();
    subscribe(RECORDING_FINALISED_CHANNEL, onFinalised);
    let answers;
    try {
      answers = await Promise.all(
        uploaded.map(({ token, recordingId, bytes }) =>
          api(server, 'POST', `/recordings/${recordingId}/complete`, { token, body: { totalBytes: bytes.length, sha256: sha256(bytes) } }),
        ),
      );
    } finally {
      clearInterval(timer);
      unsubscribe(RECORDING_FINALISED_CHANNEL, onFinalised);
    }

    expect(answers.map((answer) => answer.status)).toEqual(uploaded.map(() => 200));
    for (const [index, answer] of answers.entries()) {
      const { recordingId, bytes } = uploaded[index]!;
      expect(answer.body).toMatchObject({ id: recordingId, complete: true, clientSha256: sha256(bytes), durationMs: expect.any(Number) });
      const finalFile = readFileSync(server.app.examroom.uploads.finalPathOf({ id: recordingId, mimeType: 'video/webm' }));
      expect(answer.body.serverSha256).toBe(sha256(finalFile));
    }
    expect(mostRunning).toBeGreaterThan(0);
    expect(mostRunning).toBeLessThanOrEqual(MAX_RUNNING);
    expect(finalisationQueue()).toEqual({ running: 0, waiting: 0 });
  });
});
