import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, ExamError, recordingByteQuota } from '@examroom/core';
import { newCandidateRow, newRecordingRow, type RecordingRow } from '../repository.js';
import { createExamDomain } from '../exam-domain.js';
import { createMemoryCrypto } from '../memory-crypto.js';
import { createMemoryRepository } from '../memory-repository.js';
import { MIN, SEC, ENTRY_OPENS, EVIDENCE_DUE, START, codeOf, rejection, world, type World } from '../exam-domain.test-kit.js';
import { UPLOAD_SEEN_EVERY_MS } from './recordings.js';

const candidateRow = (id: string, examId: string, sittingId: string) =>
  newCandidateRow({ id, examId, sittingId, name: id, idNumberHash: `${id}-hash`, idNumberMasked: `${id}****`, admissionNumber: id, passwordHash: 'x' }, START);

const recordingRow = (id: string, candidateId: string, createdAt: number): RecordingRow =>
  newRecordingRow({ id, candidateId, kind: 'camera', part: 1, mimeType: 'video/webm', createdAt, realCreatedAt: createdAt });

describe('recordings and uploads (R14, R23)', () => {
  it('creates a recording for one who entered, with its upload', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [me, outsider] = [await w.candidate(0), await w.candidate(1)];
    expect(await codeOf(() => w.domain.createRecording(outsider, { kind: 'camera', mimeType: 'video/webm' }))).toBe('NOT_ENTERED');
    await w.domain.enter(me);
    const target = await w.domain.createRecording(me, { kind: 'screen', mimeType: 'video/webm;codecs=vp9' });
    expect(target.uploadUrl).toBe(`/api/v1/uploads/${target.recordingId}`);
    expect(w.uploads).toEqual([expect.objectContaining({ id: target.recordingId, candidateId: me.subjectId, kind: 'screen', bytesReceived: 0, complete: false })]);
    expect(await w.repo.getRecording(target.recordingId)).toEqual(w.uploads[0]);
  });

  it('authorises an upload only to the session that owns the recording and may upload its kind', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const aToken = await w.login(0);
    const a = await w.domain.authenticate(aToken);
    const bToken = await w.login(1);
    await w.domain.enter(a);
    const camera = await w.domain.createRecording(a, { kind: 'camera', mimeType: 'video/webm' });
    const pairing = await w.domain.createPairing(a);
    const phoneToken = (await w.domain.pairPhone({ code: pairing.code }, { ip: '1.1.1.1' })).token;
    const evidence = await w.domain.createEvidenceRecording(await w.domain.authenticate(phoneToken), { mimeType: 'video/mp4' });
    const supervisorToken = (await w.domain.supervisorLogin({ username: 'supervisor', password: 'sup-pass' }, { ip: '1.1.1.1' })).token;

    expect((await w.domain.authorizeUpload(aToken, camera.recordingId)).recording.id).toBe(camera.recordingId);
    expect((await w.domain.authorizeUpload(phoneToken, evidence.recordingId)).recording.kind).toBe('evidence');
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
    const w = await world();
    w.at(ENTRY_OPENS);
    const phone = await w.phone(0);
    const target = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    await w.domain.recordUploadProgress(target.recordingId, 1000);
    await w.domain.recordUploadProgress(target.recordingId, 500);
    expect(await w.repo.getRecording(target.recordingId)).toMatchObject({ bytesReceived: 1000, complete: false });
    w.events.length = 0;
    await w.domain.recordUploadProgress(target.recordingId, 2000);
    expect(await w.domain.listRecordings(await w.supervisor(), phone.subjectId)).toEqual([
      { id: target.recordingId, kind: 'evidence', part: 1, mimeType: 'video/mp4', createdAt: ENTRY_OPENS, bytesReceived: 2000, complete: false },
    ]);
    expect(w.eventsOf('evidence.status')).toEqual([]);
    expect(await codeOf(() => w.domain.recordUploadProgress('rec_unknown', 1))).toBe('NOT_FOUND');
  });

  it('writes the session’s lastSeenAt on an upload’s authorisation at most every UPLOAD_SEEN_EVERY_MS', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const token = await w.login(0);
    const me = await w.domain.authenticate(token);
    await w.domain.enter(me);
    const { recordingId } = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm' });
    const seen = async () => (await w.repo.listSessions('candidate', me.subjectId)).find((s) => s.id === me.sessionId)!.lastSeenAt;
    // Seen at entry; an authorisation within the interval leaves it, one after it writes it.
    w.at(ENTRY_OPENS + UPLOAD_SEEN_EVERY_MS - 1);
    await w.domain.authorizeUpload(token, recordingId);
    expect(await seen()).toBe(ENTRY_OPENS);
    const later = ENTRY_OPENS + UPLOAD_SEEN_EVERY_MS;
    w.at(later);
    await w.domain.authorizeUpload(token, recordingId);
    expect(await seen()).toBe(later);
    w.at(later + SEC);
    await w.domain.authorizeUpload(token, recordingId);
    expect(await seen()).toBe(later);
    // Any other request writes it as before.
    await w.domain.heartbeat(await w.domain.authenticate(token));
    expect(await seen()).toBe(later + SEC);
  });

  it('records the progress of many uploads together, leaving out the unknown ones and counts that went back', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const [a, b] = [await w.candidate(0), await w.candidate(1)];
    for (const me of [a, b]) await w.domain.enter(me);
    const camera = await w.domain.createRecording(a, { kind: 'camera', mimeType: 'video/webm' });
    const screen = await w.domain.createRecording(b, { kind: 'screen', mimeType: 'video/webm' });
    await w.domain.recordUploadProgress(screen.recordingId, 5000);
    await w.domain.recordUploadsProgress([
      { recordingId: camera.recordingId, bytesReceived: 1000 },
      { recordingId: 'rec_unknown', bytesReceived: 1 },
      { recordingId: screen.recordingId, bytesReceived: 4000 },
    ]);
    expect(await w.repo.getRecording(camera.recordingId)).toMatchObject({ bytesReceived: 1000, complete: false });
    expect(await w.repo.getRecording(screen.recordingId)).toMatchObject({ bytesReceived: 5000, complete: false });
  });
});

describe('completing a recording (R28, R31)', () => {
  const SHA = 'a'.repeat(64);

  async function uploaded(w: World, bytes = 2000) {
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    await w.domain.enter(me);
    const camera = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus' });
    await w.domain.recordUploadProgress(camera.recordingId, bytes);
    return { me, id: camera.recordingId };
  }

  it('finalises the upload once its length is right, and keeps both checksums and the duration', async () => {
    const w = await world();
    const { me, id } = await uploaded(w);
    const done = await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA });
    expect(done).toEqual({
      id,
      kind: 'camera',
      part: 1,
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
    expect(await w.repo.getRecording(id)).toMatchObject({ complete: true, clientSha256: SHA, serverSha256: 'f'.repeat(64), durationMs: 1500 });
    expect(await w.domain.listRecordings(await w.supervisor(), me.subjectId)).toEqual([done]);
  });

  it('is idempotent: the same declaration gets the stored row, a different one an error, nothing finalised again', async () => {
    const w = await world();
    const { me, id } = await uploaded(w);
    const done = await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA });
    expect(await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })).toEqual(done);
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: 'b'.repeat(64) }))).toBe('CHECKSUM_MISMATCH');
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 1999, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(w.finalize).toHaveBeenCalledTimes(1);
    expect(await w.repo.getRecording(id)).toMatchObject({ complete: true, clientSha256: SHA });
  });

  it('finalises once when the same call races itself (a retry while the first is still running)', async () => {
    const w = await world();
    const { me, id } = await uploaded(w);
    const calls = await Promise.all([1, 2, 3].map(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })));
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[2]).toEqual(calls[0]);
    expect(w.finalize).toHaveBeenCalledTimes(1);
  });

  it('refuses a length other than what arrived (UPLOAD_FAILED) without asking the storage', async () => {
    const w = await world();
    const { me, id } = await uploaded(w);
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2001, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 1999, sha256: SHA }))).toBe('UPLOAD_FAILED');
    expect(w.finalize).not.toHaveBeenCalled();
    expect(await w.repo.getRecording(id)).toMatchObject({ complete: false, clientSha256: null });
  });

  it('keeps the recording incomplete when the storage finds another checksum, and can still complete it after', async () => {
    const w = await world();
    const { me, id } = await uploaded(w);
    w.finalize.mockRejectedValueOnce(new ExamError('CHECKSUM_MISMATCH'));
    expect(await codeOf(() => w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: 'b'.repeat(64) }))).toBe('CHECKSUM_MISMATCH');
    expect(await w.repo.getRecording(id)).toMatchObject({ bytesReceived: 2000, complete: false, clientSha256: null, serverSha256: null, durationMs: null });
    expect((await w.domain.completeRecording(me, id, { totalBytes: 2000, sha256: SHA })).complete).toBe(true);
  });

  it('lets only the owner complete: a candidate their camera and screen, a phone its evidence', async () => {
    const w = await world();
    const { me, id } = await uploaded(w);
    const other = await w.candidate(1);
    const phone = await w.phone(0);
    const evidence = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    await w.domain.recordUploadProgress(evidence.recordingId, 10);
    const body = { totalBytes: 10, sha256: SHA };
    expect(await codeOf(() => w.domain.completeRecording(other, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(phone, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(me, evidence.recordingId, body))).toBe('FORBIDDEN');
    const supervisor = await w.supervisor();
    expect(await codeOf(() => w.domain.completeRecording(supervisor, id, body))).toBe('FORBIDDEN');
    expect(await codeOf(() => w.domain.completeRecording(me, 'rec_unknown', body))).toBe('NOT_FOUND');
    expect(w.finalize).not.toHaveBeenCalled();
  });

  it('marks the evidence uploaded when the phone, stopped, completes its last part (R30)', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const phone = await w.phone(0);
    await w.domain.setEvidenceStatus(phone, { state: 'recording' });
    await w.domain.setEvidenceStatus(phone, { state: 'stopped' });
    const target = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    await w.domain.recordUploadProgress(target.recordingId, 3000);
    w.finalize.mockResolvedValueOnce({ serverSha256: SHA, durationMs: null });
    w.events.length = 0;
    w.at(ENTRY_OPENS + MIN);
    const done = await w.domain.completeRecording(phone, target.recordingId, { totalBytes: 3000, sha256: SHA });
    expect(done).toMatchObject({ complete: true, clientSha256: SHA, serverSha256: SHA });
    expect(done).not.toHaveProperty('durationMs');
    expect(w.eventsOf('evidence.status')[0]![0]).toEqual({ type: 'evidence.status', candidateId: phone.subjectId, status: { state: 'uploaded', updatedAt: ENTRY_OPENS + MIN, bytesReceived: 3000, phoneSeenAt: ENTRY_OPENS } });
    await w.domain.completeRecording(phone, target.recordingId, { totalBytes: 3000, sha256: SHA });
    expect(w.eventsOf('evidence.status')).toHaveLength(1);
  });

  it('refuses to complete without a storage that can vouch for the bytes', async () => {
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const domain = createExamDomain({ repo, clock: { now: () => 0 }, crypto, phoneUrl: (c) => c, uploadUrl: (id) => id });
    await repo.insertRecording({ ...recordingRow('rec_1', 'c-1', 0), bytesReceived: 5 });
    const principal = { role: 'candidate' as const, sessionId: 's-1', subjectId: 'c-1' };
    expect(await codeOf(() => domain.completeRecording(principal, 'rec_1', { totalBytes: 5, sha256: SHA }))).toBe('UPLOAD_FAILED');
  });
});

describe('recording parts, finishing and quotas (R14, R30)', () => {
  const SHA = 'a'.repeat(64);

  it('keeps one part per kind open: the next is created once the previous is completed or abandoned', async () => {
    const w = await world();
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    await w.domain.enter(me);
    const first = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm' });
    // Another kind is independent.
    await w.domain.createRecording(me, { kind: 'screen', mimeType: 'video/webm' });
    expect(await rejection(() => w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm' }))).toEqual({
      code: 'RECORDING_ALREADY_OPEN',
      details: { recordingId: first.recordingId },
    });
    await w.domain.recordUploadProgress(first.recordingId, 100);
    await w.domain.completeRecording(me, first.recordingId, { totalBytes: 100, sha256: SHA });
    const second = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm' });
    w.at(ENTRY_OPENS + 5_000);
    expect(await w.domain.abandonRecording(me, second.recordingId)).toMatchObject({ id: second.recordingId, part: 2, complete: false, abandonedAt: ENTRY_OPENS + 5_000 });
    // Idempotent: abandoning again keeps the first instant.
    w.at(ENTRY_OPENS + 9_000);
    expect((await w.domain.abandonRecording(me, second.recordingId)).abandonedAt).toBe(ENTRY_OPENS + 5_000);
    const third = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm' });
    expect((await w.repo.getRecording(third.recordingId))?.part).toBe(3);
    // An abandoned part keeps its bytes and may still be completed by the browser that holds them.
    await w.domain.recordUploadProgress(second.recordingId, 40);
    expect(await w.domain.completeRecording(me, second.recordingId, { totalBytes: 40, sha256: SHA })).toMatchObject({ complete: true, part: 2 });
    expect((await w.repo.getRecording(second.recordingId))?.abandonedAt).toBeNull();
    // Someone else's recording is not theirs to abandon.
    const other = await w.candidate(1);
    expect(await codeOf(() => w.domain.abandonRecording(other, third.recordingId))).toBe('FORBIDDEN');
  });

  it('refuses new recordings after finishing (EXAM_FINISHED) while what was recorded before uploads and completes', async () => {
    const w = await world();
    w.at(START);
    const token = await w.login(0);
    const me = await w.domain.authenticate(token);
    await w.domain.enter(me);
    const camera = await w.domain.createRecording(me, { kind: 'camera', mimeType: 'video/webm' });
    await w.domain.finish(me, { reason: 'completed' });
    expect(await codeOf(() => w.domain.createRecording(me, { kind: 'screen', mimeType: 'video/webm' }))).toBe('EXAM_FINISHED');
    expect((await w.domain.authorizeUpload(token, camera.recordingId, 500)).recording.id).toBe(camera.recordingId);
    await w.domain.recordUploadProgress(camera.recordingId, 500);
    expect(await w.domain.completeRecording(me, camera.recordingId, { totalBytes: 500, sha256: SHA })).toMatchObject({ complete: true });
  });

  it('lets the phone start evidence after the candidate finished until it reported the recording stopped', async () => {
    const w = await world();
    w.at(START);
    const me = await w.candidate(0);
    await w.domain.enter(me);
    const phone = await w.phone(0);
    await w.domain.finish(me, { reason: 'completed' });
    const evidence = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    expect(await rejection(() => w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' }))).toEqual({
      code: 'RECORDING_ALREADY_OPEN',
      details: { recordingId: evidence.recordingId },
    });
    await w.domain.setEvidenceStatus(phone, { state: 'stopped' });
    await w.domain.abandonRecording(phone, evidence.recordingId);
    expect(await codeOf(() => w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' }))).toBe('EXAM_FINISHED');
  });

  it('bounds the bytes of a recording by its duration times maxBitrateBps plus the header allowance', async () => {
    const w = await world();
    w.at(START);
    const token = await w.login(0);
    const me = await w.domain.authenticate(token);
    await w.domain.enter(me);
    const { recordingId } = await w.domain.createRecording(me, { kind: 'screen', mimeType: 'video/webm' });
    const atCreation = recordingByteQuota(0, DEFAULT_POLICY.maxBitrateBps);
    expect(await w.domain.recordingQuota(recordingId)).toBe(atCreation);
    expect((await w.domain.authorizeUpload(token, recordingId, atCreation)).recording.id).toBe(recordingId);
    expect(await codeOf(() => w.domain.authorizeUpload(token, recordingId, atCreation + 1))).toBe('RECORDING_TOO_LARGE');
    w.at(START + 10_000);
    expect(await w.domain.recordingQuota(recordingId)).toBe(atCreation + (10 * DEFAULT_POLICY.maxBitrateBps) / 8);
    expect((await w.domain.authorizeUpload(token, recordingId, atCreation + 1)).recording.id).toBe(recordingId);
  });

  it('measures the duration on the machine’s clock too, so a held server clock does not starve a real recorder', async () => {
    let real = 1_000_000;
    const repo = createMemoryRepository();
    const crypto = createMemoryCrypto();
    const domain = createExamDomain({ repo, crypto, clock: { now: () => START, realNow: () => real }, phoneUrl: (c) => c, uploadUrl: (id) => id });
    await repo.insertExam({ id: 'e', title: 't', policy: { maxBitrateBps: 8_000 }, timeZone: 'Asia/Shanghai' });
    await repo.insertSitting({ id: 's', examId: 'e', name: 's', startsAt: START, entryOpensAt: null, policy: {} });
    await repo.insertCandidate({ ...candidateRow('c', 'e', 's'), enteredAt: START });
    await repo.insertRecording({ ...recordingRow('r', 'c', START), realCreatedAt: real });
    expect(await domain.recordingQuota('r')).toBe(recordingByteQuota(0, 8_000));
    real += 5_000;
    expect(await domain.recordingQuota('r')).toBe(recordingByteQuota(0, 8_000) + 5_000);
  });
});

describe('late evidence (R30)', () => {
  const SHA = 'a'.repeat(64);
  // The phones of these tests are never heard from after reporting 录制中: their silence is an incident of its own.
  const late = <T extends { kind: string }>(incidents: readonly T[]) => incidents.filter((incident) => incident.kind === 'evidenceLate');

  it('is an incident when the evidence is not complete at the due time, raised by any read of the candidate', async () => {
    const w = await world({ requireEvidence: true });
    w.at(START);
    const [me, other] = [await w.candidate(0), await w.candidate(1)];
    const phone = await w.phoneRecording(0);
    await w.domain.enter(me);
    await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    w.at(EVIDENCE_DUE - 1);
    expect(late(await w.domain.listIncidents(await w.supervisor(), me.subjectId))).toEqual([]);
    w.at(EVIDENCE_DUE);
    await w.domain.getEvidenceStatus(me);
    const incidents = late(await w.domain.listIncidents(await w.supervisor(), me.subjectId));
    expect(incidents).toEqual([{ id: expect.any(String), kind: 'evidenceLate', at: EVIDENCE_DUE, detail: 'notComplete' }]);
    // Once: later reads add nothing.
    w.at(EVIDENCE_DUE + MIN);
    await w.domain.getMe(me);
    expect(late(await w.domain.listIncidents(await w.supervisor(), me.subjectId))).toEqual(incidents);
    // A candidate who never entered owes no evidence.
    expect(await w.domain.listIncidents(await w.supervisor(), other.subjectId)).toEqual([]);
  });

  it('raises the incident when a part completes after the due time and no read came first (a session that outlived it)', async () => {
    const w = await world({ requireEvidence: true });
    w.at(START);
    const me = await w.candidate(0);
    const phone = await w.phoneRecording(0);
    await w.domain.enter(me);
    const { recordingId } = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    await w.domain.recordUploadProgress(recordingId, 300);
    w.at(EVIDENCE_DUE + 10 * MIN);
    expect(await w.domain.completeRecording(phone, recordingId, { totalBytes: 300, sha256: SHA })).toMatchObject({ complete: true });
    expect(late(await w.repo.listIncidents(me.subjectId))).toEqual([expect.objectContaining({ kind: 'evidenceLate', at: EVIDENCE_DUE, detail: 'completedLate' })]);
  });

  it('is no incident when the evidence completed in time', async () => {
    const w = await world({ requireEvidence: true });
    w.at(START);
    const me = await w.candidate(0);
    const phone = await w.phoneRecording(0);
    await w.domain.enter(me);
    const { recordingId } = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/mp4' });
    await w.domain.recordUploadProgress(recordingId, 300);
    w.at(EVIDENCE_DUE - 1);
    await w.domain.completeRecording(phone, recordingId, { totalBytes: 300, sha256: SHA });
    w.at(EVIDENCE_DUE + MIN);
    expect(late(await w.domain.listIncidents(await w.supervisor(), me.subjectId))).toEqual([]);
  });
});
