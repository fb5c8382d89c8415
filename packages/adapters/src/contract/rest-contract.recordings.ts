/** The recordings' part of the REST contract suite: tus uploads and their completion against the client's length and SHA-256 (R28, R30, R31). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, RECORDING_HEADER_ALLOWANCE_BYTES } from '@examroom/core';
import { sampleBytes, sha256Hex, tusUpload, type ContractTarget } from './http.js';
import type { ContractRun } from './rest-contract.suite.js';

const MIN = 60_000;

type Target = { recordingId: string; uploadUrl: string };

/** One PATCH of `bytes` at `offset`, answered as it is (no retry). */
function patch(target: ContractTarget, uploadUrl: string, token: string, offset: number, bytes: Uint8Array<ArrayBuffer>) {
  return target.fetch(uploadUrl, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    body: bytes,
  });
}

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

    it.runIf(run.implements('phone'))('counts the evidence uploaded once the phone stopped and its parts are complete, in either order (R30)', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { tokens, phones } = await c.entered(startsAt);
      const [candidate, phone] = [tokens[0]!, phones[0]!];
      const upload = async (seed: number, complete: boolean) => {
        const part = (await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/webm' } })) as { recordingId: string; uploadUrl: string };
        const bytes = sampleBytes(20_000, seed);
        await tusUpload(target, part.uploadUrl, phone, bytes);
        const completion = { params: { recordingId: part.recordingId }, body: { totalBytes: bytes.length, sha256: await sha256Hex(bytes) } };
        if (complete) await c.ok('completeRecording', { token: phone, ...completion });
        return completion;
      };
      // A part completed while the phone records (the one a reload left) is not the end of the evidence.
      await upload(21, true);
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'recording', bytesReceived: 20_000 });
      // A part given up by a phone that no longer held it holds nothing up.
      const lost = (await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/webm' } })) as { recordingId: string };
      await c.ok('abandonRecording', { token: phone, params: { recordingId: lost.recordingId } });
      // 结束录制 while the last part is still uploading: stopped, then uploaded when that part completes.
      const last = await upload(22, false);
      expect(await c.ok('setEvidenceStatus', { token: phone, body: { state: 'stopped', bytesPending: 0 } })).toMatchObject({ state: 'stopped' });
      await c.fails('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } }, 409, 'EVIDENCE_NOT_UPLOADED');
      await c.ok('completeRecording', { token: phone, ...last });
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'uploaded', bytesReceived: 40_000, bytesExpected: 40_000 });
    });

    it.runIf(run.implements('phone'))('lets the phone complete its evidence recording, which counts as uploaded once the phone stopped (R30)', async () => {
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
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'recording' });
      // 结束录制 with every part already on the server: uploaded at once.
      expect(await c.ok('setEvidenceStatus', { token: phone, body: { state: 'stopped' } })).toMatchObject({ state: 'uploaded' });
      expect(await c.ok('getEvidenceStatus', { token: candidate })).toMatchObject({ state: 'uploaded' });
      expect(await c.ok('setEvidenceStatus', { token: phone, body: { state: 'uploaded' } })).toMatchObject({ state: 'uploaded' });
    });

    it('keeps one open part per kind: 409 RECORDING_ALREADY_OPEN names it until it is completed or abandoned', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { candidates, tokens } = await c.entered(startsAt, 2);
      const [me, other] = [tokens[0]!, tokens[1]!];
      const body = { kind: 'camera', mimeType: 'video/webm' };
      const first = (await c.ok('createRecording', { token: me, body })) as Target;
      // Another kind, and another candidate, are independent.
      await c.ok('createRecording', { token: me, body: { kind: 'screen', mimeType: 'video/webm' } });
      await c.ok('createRecording', { token: other, body });
      const refused = await c.fails('createRecording', { token: me, body }, 409, 'RECORDING_ALREADY_OPEN');
      expect(refused.recordingId).toBe(first.recordingId);

      // Completed: the next part may be created.
      const bytes = sampleBytes(5_000, 11);
      await tusUpload(target, first.uploadUrl, me, bytes);
      await c.ok('completeRecording', { token: me, params: { recordingId: first.recordingId }, body: { totalBytes: bytes.length, sha256: await sha256Hex(bytes) } });
      const second = (await c.ok('createRecording', { token: me, body })) as Target;

      // Abandoned (this browser lost its bytes): the bytes received stay, and the next part may be created.
      await tusUpload(target, second.uploadUrl, me, sampleBytes(3_000, 12), { declareLength: false });
      await c.fails('abandonRecording', { token: other, params: { recordingId: second.recordingId } }, 403, 'FORBIDDEN');
      await c.fails('abandonRecording', { token: me, params: { recordingId: 'rec_no_such_recording' } }, 404, 'NOT_FOUND');
      await c.setClock(startsAt - 14 * MIN);
      const abandoned = await c.ok('abandonRecording', { token: me, params: { recordingId: second.recordingId } });
      expect(abandoned).toMatchObject({ id: second.recordingId, part: 2, complete: false, bytesReceived: 3_000, abandonedAt: startsAt - 14 * MIN });
      expect(await c.ok('abandonRecording', { token: me, params: { recordingId: second.recordingId } })).toEqual(abandoned);
      const third = (await c.ok('createRecording', { token: me, body })) as Target;

      const listed = (await c.ok('listRecordings', { token: await c.supervisor(), params: { candidateId: candidates[0]!.id } })) as { id: string; kind: string; part: number }[];
      expect(listed.filter((r) => r.kind === 'camera').map((r) => [r.id, r.part])).toEqual([
        [first.recordingId, 1],
        [second.recordingId, 2],
        [third.recordingId, 3],
      ]);
    });

    it('after finishing: no new recording (403 EXAM_FINISHED), while what was recorded before uploads and completes', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      const token = tokens[0]!;
      const camera = (await c.ok('createRecording', { token, body: { kind: 'camera', mimeType: 'video/webm' } })) as Target;
      const bytes = sampleBytes(90_000, 13);
      await tusUpload(target, camera.uploadUrl, token, bytes.subarray(0, 40_000), { declareLength: false });
      await c.setClock(startsAt + MIN);
      await c.ok('finish', { token, body: { reason: 'completed' } });
      await c.fails('createRecording', { token, body: { kind: 'screen', mimeType: 'video/webm' } }, 403, 'EXAM_FINISHED');
      expect(await tusUpload(target, camera.uploadUrl, token, bytes)).toBe(bytes.length);
      expect(await c.ok('completeRecording', { token, params: { recordingId: camera.recordingId }, body: { totalBytes: bytes.length, sha256: await sha256Hex(bytes) } })).toMatchObject({
        complete: true,
      });
    });

    it('refuses a PATCH beyond the recording’s quota (413 RECORDING_TOO_LARGE) and writes nothing; the quota grows with its duration', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const { tokens } = await c.entered(startsAt);
      const token = tokens[0]!;
      const screen = (await c.ok('createRecording', { token, body: { kind: 'screen', mimeType: 'video/webm' } })) as Target;
      // Well past what the server's own clock could allow in the moments this test takes.
      const tooMuch = sampleBytes(RECORDING_HEADER_ALLOWANCE_BYTES + 1024 * 1024, 14);
      const refused = await patch(target, screen.uploadUrl, token, 0, tooMuch);
      expect(refused.status).toBe(413);
      expect(((await refused.json()) as { code: string }).code).toBe('RECORDING_TOO_LARGE');
      const head = await target.fetch(screen.uploadUrl, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
      expect(head.headers.get('upload-offset')).toBe('0');
      // Ten seconds later the recording may hold ten seconds at the policy's bitrate more.
      expect(10 * (DEFAULT_POLICY.maxBitrateBps / 8)).toBeGreaterThan(1024 * 1024);
      await c.setClock(startsAt - 15 * MIN + 10_000);
      const accepted = await patch(target, screen.uploadUrl, token, 0, tooMuch);
      expect(accepted.status).toBe(204);
      expect(accepted.headers.get('upload-offset')).toBe(String(tooMuch.length));
    });

    it.runIf(run.implements('phone'))('accepts evidence until its due time; past it the lateness is an evidenceLate incident and the phone’s session has ended (R30)', async () => {
      const target = run.target();
      const startsAt = nextStart();
      const evidenceDueAt = startsAt + DEFAULT_POLICY.answerMs + DEFAULT_POLICY.evidenceDueAfterEndMs;
      const { candidates } = await c.seed(startsAt, 1, { policy: { requireEvidence: true } });
      const candidateId = candidates[0]!.id;
      await c.setClock(startsAt - 15 * MIN);
      const token = await c.login(candidates[0]!, 'device-late-evidence');
      const pairing = (await c.ok('createPairing', { token })) as { code: string };
      const phone = ((await c.ok('pairPhone', { body: { code: pairing.code } })) as { token: string }).token;
      await c.ok('setEvidenceStatus', { token: phone, body: { state: 'recording' } });
      await c.ok('enter', { token });
      const evidence = (await c.ok('createEvidenceRecording', { token: phone, body: { mimeType: 'video/mp4' } })) as Target;
      const refused = await c.fails('createEvidenceRecording', { token: phone, body: { mimeType: 'video/mp4' } }, 409, 'RECORDING_ALREADY_OPEN');
      expect(refused.recordingId).toBe(evidence.recordingId);
      const bytes = sampleBytes(20_000, 15);
      await tusUpload(target, evidence.uploadUrl, phone, bytes.subarray(0, 8_000), { declareLength: false });
      const supervisor = await c.supervisor();
      // (The phone is not heard from during the interview: that silence is an evidenceSilent incident of its own.)
      const incidents = async () =>
        ((await c.ok('listIncidents', { token: supervisor, params: { candidateId } })) as { kind: string; at: number }[]).filter((i) => i.kind === 'evidenceLate');

      await c.setClock(evidenceDueAt - 1);
      expect(await incidents()).toEqual([]);
      await c.setClock(evidenceDueAt);
      const late = await incidents();
      expect(late).toMatchObject([{ kind: 'evidenceLate', at: evidenceDueAt }]);

      // The phone's session ended at the due time: nothing more is accepted, what arrived before stays, nothing more is raised.
      await c.setClock(evidenceDueAt + 10 * MIN);
      const body = { totalBytes: bytes.length, sha256: await sha256Hex(bytes) };
      await c.fails('completeRecording', { token: phone, params: { recordingId: evidence.recordingId }, body }, 401, 'SESSION_EXPIRED');
      const kept = (await c.ok('listRecordings', { token: supervisor, params: { candidateId } })) as { id: string; bytesReceived: number; complete: boolean }[];
      expect(kept).toMatchObject([{ id: evidence.recordingId, bytesReceived: 8_000, complete: false }]);
      expect(await incidents()).toEqual(late);
    });
  });
}
