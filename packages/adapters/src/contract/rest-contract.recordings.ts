/** The recordings' part of the REST contract suite: tus uploads and their completion against the client's length and SHA-256 (R28, R30, R31). */
import { describe, expect, it } from 'vitest';
import { sampleBytes, sha256Hex, tusUpload } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';

export function describeRecordingsContract(run: ContractRun) {
  const { c, nextStart } = run;
  describe('recordings', () => {
    it('completes a recording once the bytes check out against the client’s length and SHA-256, idempotently (R28, R31)', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { candidates, tokens } = await c.entered(startsAt, 2);
      const [mine, theirs] = [tokens[0]!, tokens[1]!];
      const camera = (await c.ok('createRecording', { token: mine, body: { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' } })) as { recordingId: string; uploadUrl: string };
      const bytes = sampleBytes(150_000, 1);
      const sha256 = await sha256Hex(bytes);
      expect(await tusUpload(target, camera.uploadUrl, mine, bytes, { chunkSize: 64 * 1024 })).toBe(bytes.length);
      const params = { recordingId: camera.recordingId };
      const body = { totalBytes: bytes.length, sha256 };

      await c.fails('completeRecording', { token: theirs, params, body }, 403, 'FORBIDDEN');
      await c.fails('completeRecording', { token: mine, params: { recordingId: 'rec_no_such_recording' }, body }, 404, 'NOT_FOUND');
      await c.fails('completeRecording', { token: mine, params, body: { ...body, totalBytes: bytes.length - 1 } }, 400, 'UPLOAD_FAILED');
      await c.fails('completeRecording', { token: mine, params, body: { ...body, totalBytes: bytes.length + 1 } }, 400, 'UPLOAD_FAILED');
      await c.fails('completeRecording', { token: mine, params, body: { ...body, sha256: await sha256Hex(sampleBytes(150_000, 2)) } }, 409, 'CHECKSUM_MISMATCH');

      // A refused completion deletes nothing and completes nothing (R31).
      const supervisor = await c.supervisor();
      const listed = async () =>
        ((await c.ok('listRecordings', { token: supervisor, params: { candidateId: candidates[0]!.id } })) as { id: string }[]).find((r) => r.id === camera.recordingId);
      const before = await listed();
      expect(before).toMatchObject({ bytesReceived: bytes.length, complete: false });
      expect(before).not.toHaveProperty('clientSha256');
      const head = await target.fetch(camera.uploadUrl, { method: 'HEAD', headers: { authorization: `Bearer ${mine}`, 'tus-resumable': '1.0.0' } });
      expect(head.headers.get('upload-offset')).toBe(String(bytes.length));

      const done = (await c.ok('completeRecording', { token: mine, params, body })) as Record<string, unknown>;
      expect(done).toMatchObject({ id: camera.recordingId, kind: 'camera', bytesReceived: bytes.length, complete: true, clientSha256: sha256 });
      expect(done.serverSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await c.ok('completeRecording', { token: mine, params, body })).toEqual(done);
      await c.fails('completeRecording', { token: mine, params, body: { ...body, sha256: 'e'.repeat(64) } }, 409, 'CHECKSUM_MISMATCH');
      expect(await listed()).toEqual(done);

      // Once complete, the file is the one the client hashed: no byte can be added.
      const more = await target.fetch(camera.uploadUrl, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${mine}`, 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(bytes.length) },
        body: new Uint8Array([1, 2, 3]),
      });
      expect(more.status).toBeGreaterThanOrEqual(400);
      expect(more.status).toBeLessThan(500);
      expect(await c.ok('completeRecording', { token: mine, params, body })).toEqual(done);
    });

    it('refuses to complete an upload that is missing bytes, and completes it once they have arrived', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      const token = tokens[0]!;
      const screen = (await c.ok('createRecording', { token, body: { kind: 'screen', mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
      const bytes = sampleBytes(100_000, 3);
      const body = { totalBytes: bytes.length, sha256: await sha256Hex(bytes) };
      await tusUpload(target, screen.uploadUrl, token, bytes.subarray(0, 60_000), { declareLength: false });
      await c.fails('completeRecording', { token, params: { recordingId: screen.recordingId }, body }, 400, 'UPLOAD_FAILED');
      await tusUpload(target, screen.uploadUrl, token, bytes);
      expect(await c.ok('completeRecording', { token, params: { recordingId: screen.recordingId }, body })).toMatchObject({ complete: true, bytesReceived: bytes.length });
    });

    it.runIf(run.implements('phone'))('lets the phone complete its evidence recording, which then counts as uploaded (R30)', async () => {
      const target = run.target();
      const startsAt = nextStart();
      // The phone paired and reported 录制中 before entry (R9).
      const { tokens, phones } = await c.entered(startsAt);
      const [candidate, phone] = [tokens[0]!, phones[0]!];
      const evidence = (await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/mp4' } })) as { recordingId: string; uploadUrl: string };
      const bytes = sampleBytes(80_000, 4);
      await tusUpload(target, evidence.uploadUrl, phone, bytes);
      const options = { params: { recordingId: evidence.recordingId }, body: { totalBytes: bytes.length, sha256: await sha256Hex(bytes) } };
      await c.fails('completeRecording', { token: candidate, ...options }, 403, 'FORBIDDEN');
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'recording' });
      // Every byte arrived, but until the completion checks the checksum the phone cannot call it uploaded.
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } }, 409, 'EVIDENCE_NOT_UPLOADED');
      await c.fails('completeRecording', { token: phone, ...options, body: { ...options.body, sha256: 'e'.repeat(64) } }, 409, 'CHECKSUM_MISMATCH');
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } }, 409, 'EVIDENCE_NOT_UPLOADED');
      const done = await c.ok('completeRecording', { token: phone, ...options });
      expect(done).toMatchObject({ kind: 'evidence', complete: true, clientSha256: options.body.sha256 });
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'uploaded' });
      expect(await c.ok('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } })).toMatchObject({ state: 'uploaded' });
    });
  });
}
