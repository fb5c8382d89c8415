import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { api, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, tempDir, type TestServer } from './test-support/server.js';

const running: TestServer[] = [];
afterAll(async () => {
  for (const server of running.splice(0)) await server.close();
  removeTempDirs();
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

describe('a restarted server', () => {
  it('keeps sessions, progress, lots, chat, incidents and uploads', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    running.push(first);
    const exam = await seedExam(first, 2);
    const candidate = exam.candidates[0]!;
    const token = await login(first, exam, 0);
    const supervisor = await supervisorToken(first, [exam.examId]);

    const drawn = await api(first, 'POST', '/me/lot', { token });
    expect(drawn.status).toBe(200);
    await enter(first, token);
    const progress = await api(first, 'PUT', '/me/progress', { token, body: { stage: 'confirmingInfo' } });
    expect(progress.status).toBe(200);
    await api(first, 'POST', '/me/help', { token, body: { id: 'msg_before_restart', text: '麦克风没有声音' } });
    await api(first, 'POST', `/supervisor/candidates/${candidate.id}/help`, { token: supervisor, body: { id: 'msg_reply_before', text: '请检查设置' } });
    expect((await api(first, 'POST', '/me/incidents', { token, body: { id: 'inc_1', kind: 'windowBlur', at: Date.now() } })).status).toBe(204);
    const recording = await api(first, 'POST', '/me/recordings', { token, body: { kind: 'screen', mimeType: 'video/webm' } });
    expect(recording.status).toBe(201);
    const source = randomBytes(256 * 1024);
    await uploadPart(source, recording.body.uploadUrl, token, 128 * 1024);
    const meBefore = (await api(first, 'GET', '/me', { token })).body;

    await first.close();
    running.pop();
    const second = await startServer({ dataDir });
    running.push(second);

    const me = await api(second, 'GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.progress).toEqual(meBefore.progress);
    expect(me.body.progress).toMatchObject({ stage: 'confirmingInfo', lot: expect.any(Number), enteredAt: expect.any(Number) });
    const chat = await api(second, 'GET', '/me/help', { token });
    expect(chat.body.map((m: { id: string }) => m.id)).toEqual(['msg_before_restart', 'msg_reply_before']);
    const incidents = await api(second, 'GET', `/supervisor/candidates/${candidate.id}/incidents`, { token: supervisor });
    expect(incidents.status).toBe(200);
    expect(incidents.body).toEqual([expect.objectContaining({ id: 'inc_1', kind: 'windowBlur' })]);

    // The upload goes on where it stopped, at the new server's address.
    const uploadUrl = `${second.baseUrl}/api/v1/uploads/${recording.body.recordingId}`;
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', authorization: `Bearer ${token}` } });
    expect(Number(head.headers.get('upload-offset'))).toBe(128 * 1024);
    await uploadPart(source, uploadUrl, token);
    expect(readFileSync(second.app.examroom.uploads.pathOf(recording.body.recordingId)).equals(source)).toBe(true);
    await expect.poll(() => second.app.examroom.repo.getRecording(recording.body.recordingId), { timeout: 20_000 }).toMatchObject({ bytesReceived: source.length, complete: false });
    const sha256 = createHash('sha256').update(source).digest('hex');
    const done = await api(second, 'POST', `/recordings/${recording.body.recordingId}/complete`, { token, body: { totalBytes: source.length, sha256 } });
    expect(done.body).toMatchObject({ complete: true, clientSha256: sha256, serverSha256: sha256 });
  });
});
