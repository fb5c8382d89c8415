/**
 * 人脸登录 end to end on a real server with the real face verifier: an administrator uploads a candidate's photo
 * (PUT /admin/candidates/:id/photo, described at once), the candidate's page asks for a liveness challenge and sends
 * frames of the candidate doing it, and gets a session as the password login gives. Waits for the verifier's
 * readiness, never for a time.
 */
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '@examroom/adapters/rest';
import { createFaceVerifier, type ServerFaceVerifier } from './face-verifier.js';
import { faceSamplesInstalled, facing, original, turned, twoFaces } from './test-support/face-samples.js';
import { api, removeTempDirs, seedExam, startServer, type SeededExam, type TestServer } from './test-support/server.js';

const MODEL_TIMEOUT = 300_000;
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe.runIf(faceSamplesInstalled() || process.env['CI'] === 'true')('face login on the server', () => {
  let server: TestServer;
  let verifier: ServerFaceVerifier;
  let exam: SeededExam;
  let adminToken: string;

  beforeAll(async () => {
    // Head turns only: a blink cannot be made from still pictures.
    verifier = createFaceVerifier({ actions: ['turnLeft', 'turnRight'] });
    server = await startServer({ faceVerifier: verifier });
    exam = await seedExam(server, 2);
    expect((await api(server, 'POST', '/dev/administrators', { body: { username: 'office', password: 'office-pass-1', mustChangePassword: false } })).status).toBe(201);
    adminToken = (await api<{ token: string }>(server, 'POST', '/admin/login', { body: { username: 'office', password: 'office-pass-1' } })).body.token;
  }, MODEL_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    await verifier?.close();
    removeTempDirs();
  });

  const uploadPhoto = async (candidateId: string, bytes: Uint8Array, type = 'image/jpeg') => {
    const response = await fetch(`${server.baseUrl}${API_PREFIX}/admin/candidates/${candidateId}/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': type },
      body: new Blob([Buffer.from(bytes)]),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const challenge = () => api<{ challengeId: string; action: 'turnLeft' | 'turnRight'; expiresAt: number }>(server, 'POST', '/sessions/face/challenge', { body: { examId: exam.examId } });
  /** Frames of the astronaut doing `action`: facing the camera, then turned (see face-samples.ts). */
  const framesFor = async (action: 'turnLeft' | 'turnRight') => [base64(await facing('astronaut')), base64(await turned('astronaut', action === 'turnLeft' ? 'right' : 'left'))];
  const faceLogin = (body: Record<string, unknown>) => api<{ token?: string; code?: string }>(server, 'POST', '/sessions/face', { body: { examId: exam.examId, deviceKey: 'device-face-0001', ...body } });

  it('answers FACE_LOGIN_STARTING until the models are warm, then enrols the photo an administrator uploads', async () => {
    if (verifier.status() === 'starting') expect((await challenge()).body).toMatchObject({ code: 'FACE_LOGIN_STARTING' });
    await verifier.ready;
    const candidate = exam.candidates[0]!;
    expect(await uploadPhoto(candidate.id, await twoFaces())).toMatchObject({ status: 400, body: { code: 'FACE_SEVERAL_FACES' } });
    expect(await uploadPhoto(candidate.id, new TextEncoder().encode('no picture'))).toMatchObject({ status: 400, body: { code: 'FILE_UNREADABLE' } });
    expect(await uploadPhoto(candidate.id, await original('astronaut'), 'image/png')).toMatchObject({ status: 200, body: { id: candidate.id, photo: true } });
    expect((await server.app.examroom.repo.getFaceDescriptor(candidate.id))?.descriptor.length).toBeGreaterThan(100);
  }, MODEL_TIMEOUT);

  it('logs the candidate in from frames of their face doing the challenge, under the password login’s rules', async () => {
    await verifier.ready;
    const candidate = exam.candidates[0]!;
    const issued = await challenge();
    expect(issued.status).toBe(201);
    expect(['turnLeft', 'turnRight']).toContain(issued.body.action);
    const frames = await framesFor(issued.body.action);
    const login = await faceLogin({ idNumber: candidate.idNumber, challengeId: issued.body.challengeId, frames });
    expect(login).toMatchObject({ status: 201, body: { role: 'candidate' } });
    const me = await api(server, 'GET', '/me', { token: login.body.token! });
    expect(me.status).toBe(200);
    // A challenge is used once.
    expect((await faceLogin({ idNumber: candidate.idNumber, challengeId: issued.body.challengeId, frames })).body).toMatchObject({ code: 'FACE_CHALLENGE_EXPIRED' });
    // Another device while this one is live: refused as a password login would be.
    const again = await challenge();
    const elsewhere = await api(server, 'POST', '/sessions/face', {
      body: { examId: exam.examId, deviceKey: 'device-face-other', idNumber: candidate.idNumber, challengeId: again.body.challengeId, frames: await framesFor(again.body.action) },
    });
    expect(elsewhere.body).toMatchObject({ code: 'ALREADY_ACTIVE_ELSEWHERE' });
  }, MODEL_TIMEOUT);

  it('refuses another person’s face, frames without the action, a candidate without a photo, and the one-image body', async () => {
    await verifier.ready;
    const [first, second] = exam.candidates;
    // Grace Hopper's face for the astronaut's 身份证号.
    let issued = await challenge();
    const grace = base64(await facing('grace'));
    expect((await faceLogin({ idNumber: first!.idNumber, challengeId: issued.body.challengeId, frames: [grace, grace] })).body).toMatchObject({ code: 'FACE_NOT_MATCHED' });
    // The right face, standing still.
    issued = await challenge();
    const still = base64(await facing('astronaut'));
    expect((await faceLogin({ idNumber: first!.idNumber, challengeId: issued.body.challengeId, frames: [still, still] })).body).toMatchObject({ code: 'FACE_NOT_LIVE' });
    // No photo on file, and an unknown 身份证号: the same answer.
    issued = await challenge();
    expect((await faceLogin({ idNumber: second!.idNumber, challengeId: issued.body.challengeId, frames: [still, still] })).body).toMatchObject({ code: 'FACE_NOT_ENROLLED' });
    issued = await challenge();
    expect((await faceLogin({ idNumber: '110105199001019999', challengeId: issued.body.challengeId, frames: [still, still] })).body).toMatchObject({ code: 'FACE_NOT_ENROLLED' });
    // The first contract's body (one image, nobody named) is not guessed at: unavailable, the page goes on with 普通登录.
    expect(await faceLogin({ image: still })).toMatchObject({ status: 503, body: { code: 'FACE_LOGIN_UNAVAILABLE' } });
  }, MODEL_TIMEOUT);

  it('describes a photo of the roster’s zip at the candidate’s first face login, and keeps the descriptor', async () => {
    await verifier.ready;
    const second = exam.candidates[1]!;
    // Named after the 准考证号 (seedExam gives A001, A002…), as an office's zip of photos is.
    const zip = zipSync({ 'photos/A002.jpg': await original('grace') });
    const imported = await fetch(`${server.baseUrl}${API_PREFIX}/admin/exams/${exam.examId}/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/zip' },
      body: new Blob([Buffer.from(zip)]),
    });
    expect(((await imported.json()) as { matched: unknown[] }).matched).toHaveLength(1);
    expect(await server.app.examroom.repo.getFaceDescriptor(second.id)).toBeUndefined();
    const issued = await challenge();
    const frames = [base64(await facing('grace')), base64(await turned('grace', issued.body.action === 'turnLeft' ? 'right' : 'left'))];
    const login = await api(server, 'POST', '/sessions/face', { body: { examId: exam.examId, deviceKey: 'device-face-0002', idNumber: second.idNumber, challengeId: issued.body.challengeId, frames } });
    expect(login).toMatchObject({ status: 201, body: { role: 'candidate' } });
    expect(await server.app.examroom.repo.getFaceDescriptor(second.id)).toMatchObject({ candidateId: second.id, photoFile: `${second.id}.jpg` });
  }, MODEL_TIMEOUT);
});
