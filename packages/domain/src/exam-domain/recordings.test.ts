import { describe, expect, it } from 'vitest';
import { ExamError } from '@examroom/core';
import { createExamDomain } from '../exam-domain.js';
import { createMemoryCrypto } from '../memory-crypto.js';
import { createMemoryRepository } from '../memory-repository.js';
import { MIN, ENTRY_OPENS, codeOf, world, type World } from '../exam-domain.test-kit.js';

describe('recordings and uploads (R14, R23)', () => {
  it('creates a recording for one who entered, with its upload', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [await w.candidate(0), await w.candidate(1)];
    expect(await codeOf(() => w.domain.createRecording(outsider, { kind: 'camera', mimeType: 'video/webm' }))).toBe('NOT_ENTERED');
    w.domain.enter(me);
    const target = await w.domain.createRecording(me, { kind: 'screen', mimeType: 'video/webm;codecs=vp9' });
    expect(target.uploadUrl).toBe(`/api/v1/uploads/${target.recordingId}`);
    expect(w.uploads).toEqual([expect.objectContaining({ id: target.recordingId, candidateId: me.subjectId, kind: 'screen', bytesReceived: 0, complete: false })]);
    expect(w.repo.getRecording(target.recordingId)).toEqual(w.uploads[0]);
  });

  it('authorises an upload only to the session that owns the recording and may upload its kind', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const aToken = await w.login(0);
    const a = w.domain.authenticate(aToken);
    const bToken = await w.login(1);
    w.domain.enter(a);
    const camera = await w.domain.createRecording(a, { kind: 'camera', mimeType: 'video/webm' });
    const pairing = w.domain.createPairing(a);
    const phoneToken = w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' }).token;
    const evidence = await w.domain.createEvidenceRecording(w.domain.authenticate(phoneToken), { mimeType: 'video/mp4' });
    const supervisorToken = (await w.domain.supervisorLogin({ username: 'supervisor', password: 'sup-pass' }, { ip: '1.1.1.1' })).token;

    expect(w.domain.authorizeUpload(aToken, camera.recordingId).id).toBe(camera.recordingId);
    expect(w.domain.authorizeUpload(phoneToken, evidence.recordingId).kind).toBe('evidence');
    expect(await codeOf(() => w.domain.authorizeUpload(bToken, camera.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(phoneToken, camera.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(aToken, evidence.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(supervisorToken, camera.recordingId))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.authorizeUpload(aToken, 'rec_unknown'))).toBe('NOT_FOUND');
    expect(await codeOf(() => w.domain.authorizeUpload(null, camera.recordingId))).toBe('UNAUTHENTICATED');
    await w.login(0); // same device: the old token is revoked
    expect(await codeOf(() => w.domain.authorizeUpload(aToken, camera.recordingId))).toBe('SESSION_REVOKED');
  });

  it('records upload progress, which never completes a recording by itself', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const phone = await w.phone(0);
    const target = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.domain.recordUploadProgress(target.recordingId, 1000);
    w.domain.recordUploadProgress(target.recordingId, 500);
    expect(w.repo.getRecording(target.recordingId)).toMatchObject({ bytesReceived: 1000, complete: false });
    w.events.length = 0;
    w.domain.recordUploadProgress(target.recordingId, 2000);
    expect(w.domain.listRecordings(await w.supervisor(), phone.subjectId)).toEqual([
      { id: target.recordingId, kind: 'evidence', mimeType: 'video/mp4', createdAt: ENTRY_OPENS, bytesReceived: 2000, complete: false },
    ]);
    expect(w.eventsOf('evidence.status')).toEqual([]);
    expect(await codeOf(() => w.domain.recordUploadProgress('rec_unknown', 1))).toBe('NOT_FOUND');
  });
});

describe('completing a recording (R28, R31)', () => {
  const SHA = 'a'.repeat(64);

  async function uploaded(w: World, bytes = 2000) {
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    w.domain.enter(me);
    const camera = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' });
    w.domain.recordUploadProgress(camera.recordingId, bytes);
    return { me, id: camera.recordingId };
  }

  it('finalises the upload once its length is right, and keeps both checksums and the duration', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const done = await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA });
    expect(done).toEqual({
      id,
      kind: 'camera',
      mimeType: 'video/webm;codecs=vp8,opus',
      createdAt: ENTRY_OPENS,
      bytesReceived: 2000,
      complete: true,
      clientSha256: SHA,
      serverSha256: 'f'.repeat(64),
      durationMs: 1500,
    });
    expect(w.finalize).toHaveBeenCalledTimes(1);
    expect(w.finalize.mock.calls[0]![0]).toMatchObject({ id, bytesReceived: 2000, complete: false });
    expect(w.finalize.mock.calls[0]![1]).toEqual({ totalBytes: 2000, sha256: SHA });
    expect(w.repo.getRecording(id)).toMatchObject({ complete: true, clientSha256: SHA, serverSha256: 'f'.repeat(64), durationMs: 1500 });
    expect(w.domain.listRecordings(await w.supervisor(), me.subjectId)).toEqual([done]);
  });

  it('is idempotent: the same declaration gets the stored row, a different one an error, nothing finalised again', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const done = await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA });
    expect(await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })).toEqual(done);
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: 'b'.repeat(64) }))).toBe('CHECKSUM_MISMATCH');
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 1999, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(w.finalize).toHaveBeenCalledTimes(1);
    expect(w.repo.getRecording(id)).toMatchObject({ complete: true, clientSha256: SHA });
  });

  it('finalises once when the same call races itself (a retry while the first is still running)', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const calls = await Promise.all([1, 2, 3].map(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })));
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[2]).toEqual(calls[0]);
    expect(w.finalize).toHaveBeenCalledTimes(1);
  });

  it('refuses a length other than what arrived (UPLOAD_FAILED) without asking the storage', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2001, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 1999, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(w.finalize).not.toHaveBeenCalled();
    expect(w.repo.getRecording(id)).toMatchObject({ complete: false, clientSha256: null });
  });

  it('keeps the recording incomplete when the storage finds another checksum, and can still complete it after', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    w.finalize.mockRejectedValueOnce(new ExamError('CHECKSUM_MISMATCH'));
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: 'b'.repeat(64) }))).toBe('CHECKSUM_MISMATCH');
    expect(w.repo.getRecording(id)).toMatchObject({ bytesReceived: 2000, complete: false, clientSha256: null, serverSha256: null, durationMs: null });
    expect((await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })).complete).toBe(true);
  });

  it('lets only the owner complete: a candidate their camera and screen, a phone its evidence', async () => {
    const w = world();
    const { me, id } = await uploaded(w);
    const other = await w.candidate(1);
    const phone = await w.phone(0);
    const evidence = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.domain.recordUploadProgress(evidence.recordingId, 10);
    const body = { totalBytes: 10, sha256: SHA };
    expect(await codeOf(() => w.domain.completeRecording(other, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(phone, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(me, evidence.recordingId, body))).toBe('FORBIDDEN');
    const supervisor = await w.supervisor();
    expect(await codeOf(() => w.domain.completeRecording(supervisor, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(me, 'rec_unknown', body))).toBe('NOT_FOUND');
    expect(w.finalize).not.toHaveBeenCalled();
  });

  it('marks the evidence uploaded when the phone completes its recording (R30)', async () => {
    const w = world();
    w.at(ENTRY_OPENS);
    const phone = await w.phone(0);
    w.domain.setEvidenceStatus(phone, { state: 'recording' });
    const target = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.domain.recordUploadProgress(target.recordingId, 3000);
    w.finalize.mockResolvedValueOnce({ serverSha256: SHA, durationMs: null });
    w.events.length = 0;
    w.at(ENTRY_OPENS + MIN);
    const done = await w.domain.completeRecording(phone, target.recordingId, { totalBytes: 3000, sha256: SHA });
    expect(done).toMatchObject({ complete: true, clientSha256: SHA, serverSha256: SHA });
    expect(done).not.toHaveProperty('durationMs');
    expect(w.eventsOf('evidence.status')[0]![0]).toEqual({ type: 'evidence.status', candidateId: phone.subjectId, status: { state: 'uploaded', updatedAt: ENTRY_OPENS + MIN } });
    await w.domain.completeRecording(phone, target.recordingId, { totalBytes: 3000, sha256: SHA });
    expect(w.eventsOf('evidence.status')).toHaveLength(1);
  });

  it('refuses to complete without a storage that can vouch for the bytes', async () => {
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const domain = createExamDomain({ repo, clock: { now: () => 0 }, crypto, phoneUrl: (c) => c, uploadUrl: (id) => id });
    repo.insertRecording({
      id: 'rec_1', candidateId: 'c-1', kind: 'camera', mimeType: 'video/webm', createdAt: 0, bytesReceived: 5,
      complete: false, clientSha256: null, serverSha256: null, durationMs: null,
    });
    const principal = { role: 'candidate' as const, sessionId: 's-1', subjectId: 'c-1' };
    expect(await codeOf(() => domain.completeRecording(principal, 'rec_1', { totalBytes: 5, sha256: SHA }))).toBe('UPLOAD_FAILED');
  });
});
