/** 人脸登录 (R5, R7) on fakes: the challenge, the frames, each refusal, and 普通登录 after repeated failures or when off. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { sampleFixture } from '../testing/memory-exam-backend.js';
import { CENTRED_FACE } from '../testing/fake-face-detector.js';
import { FACE_ATTEMPTS_BEFORE_PASSWORD, FACE_FRAME_COUNT, FACE_FRAME_INTERVAL_MS, FACE_STARTING_RETRY_MS } from './exam.face-login.js';
import type { LoginView } from './stages/login.js';
import { CANDIDATE, START, expectState, passDeviceChecks, startExam, type Harness } from './exam.test-kit.js';

function loginView(h: Harness): LoginView {
  const view = h.view();
  if (view.stage !== 'login') throw new Error(`expected the login stage, got ${view.stage}`);
  return view;
}

/** 开始人脸识别 with a 身份证号, then the frames over the challenge's action, on the simulated clock. */
async function captureFace(h: Harness, idNumber: string = CANDIDATE.idNumber): Promise<void> {
  await h.send({ type: 'user.captureFace', idNumber });
  expectState(h, { login: { open: { face: { camera: 'capturing' } } } });
  await framesTaken(h);
}

/** Lets the frames' timers run one interval at a time (a timer set by a frame's capture fires in a later step). */
async function framesTaken(h: Harness): Promise<void> {
  while (h.actor.getSnapshot().matches({ login: { open: { face: { camera: 'capturing' } } } })) await h.advance(FACE_FRAME_INTERVAL_MS.turnLeft);
}

const calls = (h: Harness, method: string) => h.backend.calls.filter((c) => c.method === method);

describe('人脸登录 (R5, R7)', () => {
  it('asks the server for a challenge, outlines the face, sends the frames with the 身份证号 and goes on to 阅读面试流程', async () => {
    const h = await startExam();
    h.backend.setFaceMatch(CANDIDATE.id);
    await passDeviceChecks(h);
    expectState(h, { login: { open: { face: { camera: 'ready' } } } });
    const ready = loginView(h);
    expect(ready.face).toMatchObject({ phase: 'capturing', canCapture: true, action: 'turnLeft', faces: [CENTRED_FACE], attemptsLeft: FACE_ATTEMPTS_BEFORE_PASSWORD });
    expect(ready.face.preview).not.toBeNull();

    // The outline follows the face as the detector sees it.
    h.faceDetector.faces = [];
    await h.advance(1_000);
    expect(loginView(h).face.faces).toEqual([]);

    await h.send({ type: 'user.captureFace', idNumber: ` ${CANDIDATE.idNumber} ` });
    expect(loginView(h).face.phase).toBe('recording');
    await framesTaken(h);
    expect(h.stage()).toBe('readingProcess');
    const [login] = calls(h, 'loginWithFace');
    const request = login!.args[0] as { idNumber: string; challengeId: string; frames: Blob[] };
    expect(request.idNumber).toBe(CANDIDATE.idNumber);
    expect(request.challengeId).toMatch(/^challenge-/);
    expect(request.frames).toHaveLength(FACE_FRAME_COUNT);
    expect(h.media.opened.every((c) => c.stopped)).toBe(true);
  });

  it('checks the 身份证号 before capturing', async () => {
    const h = await startExam();
    h.backend.setFaceMatch(CANDIDATE.id);
    await passDeviceChecks(h);
    await h.send({ type: 'user.captureFace', idNumber: '12' });
    expectState(h, { login: { open: { face: { camera: 'ready' } } } });
    expect(loginView(h).error).toBe(ErrorCode.INVALID_ID_NUMBER);
  });

  it.each([ErrorCode.FACE_NOT_DETECTED, ErrorCode.FACE_SEVERAL_FACES, ErrorCode.FACE_NOT_LIVE])(
    'shows %s, counts the attempt and asks a new challenge on 重试',
    async (code) => {
      const h = await startExam();
      h.backend.setFaceMatch(CANDIDATE.id);
      await passDeviceChecks(h);
      h.backend.failNext('loginWithFace', code);
      await captureFace(h);
      expectState(h, { login: { open: { face: { camera: 'failed' } } } });
      expect(loginView(h)).toMatchObject({ error: code, suggestPassword: true, face: { phase: 'failed', canRetry: true, action: null, attemptsLeft: FACE_ATTEMPTS_BEFORE_PASSWORD - 1 } });
      await h.send({ type: 'user.retry' });
      expect(calls(h, 'createFaceChallenge')).toHaveLength(2);
      expect(loginView(h).face.action).toBe('turnRight');
      await captureFace(h);
      expect(h.stage()).toBe('readingProcess');
    },
  );

  it('does not count an expired challenge: 重试 asks a new one', async () => {
    const h = await startExam();
    h.backend.setFaceMatch(CANDIDATE.id);
    await passDeviceChecks(h);
    await h.advance(61_000);
    await captureFace(h);
    expect(loginView(h)).toMatchObject({ error: ErrorCode.FACE_CHALLENGE_EXPIRED, face: { phase: 'failed', attemptsLeft: FACE_ATTEMPTS_BEFORE_PASSWORD } });
    await h.send({ type: 'user.retry' });
    await captureFace(h);
    expect(h.stage()).toBe('readingProcess');
  });

  it('asks again by itself while the server’s face model warms up (FACE_LOGIN_STARTING)', async () => {
    const h = await startExam();
    h.backend.setFaceMatch(CANDIDATE.id);
    h.backend.failNext('createFaceChallenge', ErrorCode.FACE_LOGIN_STARTING);
    await passDeviceChecks(h);
    expectState(h, { login: { open: { face: { camera: 'starting' } } } });
    expect(loginView(h).error).toBe(ErrorCode.FACE_LOGIN_STARTING);
    await h.advance(FACE_STARTING_RETRY_MS);
    expectState(h, { login: { open: { face: { camera: 'ready' } } } });
    expect(loginView(h).error).toBeNull();
  });

  it(`switches to 普通登录 after ${FACE_ATTEMPTS_BEFORE_PASSWORD} faces not recognised, keeping the refusal (R5)`, async () => {
    const h = await startExam();
    h.backend.setFaceMatch('someone-else');
    await passDeviceChecks(h);
    for (let attempt = 1; attempt < FACE_ATTEMPTS_BEFORE_PASSWORD; attempt += 1) {
      await captureFace(h);
      expect(loginView(h)).toMatchObject({ error: ErrorCode.FACE_NOT_MATCHED, face: { phase: 'failed', attemptsLeft: FACE_ATTEMPTS_BEFORE_PASSWORD - attempt } });
      await h.send({ type: 'user.retry' });
    }
    await captureFace(h);
    expectState(h, { login: { open: { password: 'editing' } } });
    expect(loginView(h)).toMatchObject({ phase: 'password', method: 'password', error: ErrorCode.FACE_NOT_MATCHED });
    expect(h.media.opened.every((c) => c.stopped)).toBe(true);
    await h.send({ type: 'user.submitPassword', idNumber: CANDIDATE.idNumber, password: CANDIDATE.password });
    expect(h.stage()).toBe('readingProcess');
  });

  it('goes to 普通登录 at once for a 身份证号 without an enrolled face (FACE_NOT_ENROLLED)', async () => {
    const h = await startExam();
    h.backend.setFaceMatch(CANDIDATE.id);
    await passDeviceChecks(h);
    await captureFace(h, '110101199001010099');
    expectState(h, { login: { open: { password: 'editing' } } });
    expect(loginView(h).error).toBe(ErrorCode.FACE_NOT_ENROLLED);
  });

  it('offers 普通登录 only when the exam’s policy turns face login off', async () => {
    const fixture = sampleFixture(START);
    const h = await startExam({ fixture: { ...fixture, exam: { ...fixture.exam, policy: { ...fixture.exam.policy, faceLogin: false } } } });
    h.backend.setFaceMatch(CANDIDATE.id);
    await passDeviceChecks(h);
    expectState(h, { login: { open: { password: 'editing' } } });
    expect(loginView(h)).toMatchObject({ faceAllowed: false, error: null });
    await h.send({ type: 'user.useFace' });
    expectState(h, { login: { open: { password: 'editing' } } });
    expect(calls(h, 'createFaceChallenge')).toHaveLength(0);
  });

  it('keeps the oval guide without a live outline when the detector cannot run here', async () => {
    const h = await startExam({ prepare: (fakes) => (fakes.faceDetector.broken = true) });
    h.backend.setFaceMatch(CANDIDATE.id);
    await passDeviceChecks(h);
    expect(loginView(h).face.faces).toBeNull();
    await captureFace(h);
    expect(h.stage()).toBe('readingProcess');
  });
});
