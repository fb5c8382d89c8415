import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, ExamError } from '@examroom/core';
import type { FaceVerdict, FaceVerifier, FaceVerifierStatus } from '../exam-domain.types.js';
import { LOGIN_THROTTLE } from './attempts.js';
import { LOGIN_OPENS, codeOf, rejection, world } from '../exam-domain.test-kit.js';
import { FACE_CHALLENGE_TTL_MS } from './face-login.js';

const freeFailures = LOGIN_THROTTLE.freeFailures;

/** A verifier double: the server's runs a model; here each answer is chosen by the test. */
function fakeVerifier(verdict: Partial<FaceVerdict> | (() => never) = {}) {
  let status: FaceVerifierStatus = 'ready';
  const verify = vi.fn<FaceVerifier['verify']>(async () => (typeof verdict === 'function' ? verdict() : { matched: true, live: true, similarity: 0.9, ...verdict }));
  const describe = vi.fn<FaceVerifier['describe']>(async () => [0.1, 0.2, 0.3]);
  const verifier: FaceVerifier = { status: () => status, actions: ['turnLeft'], describe, verify };
  return { verifier, verify, describe, setStatus: (s: FaceVerifierStatus) => void (status = s) };
}

/** A world whose candidate 0 has an enrolled face. */
async function faceWorld(verdict?: Parameters<typeof fakeVerifier>[0]) {
  const fake = fakeVerifier(verdict);
  const w = await world({ faceVerifier: fake.verifier });
  const candidate = w.candidates[0]!;
  await w.repo.updateCandidate({ ...(await w.repo.getCandidate(candidate.id))!, photoFile: `${candidate.id}.jpg` });
  await w.repo.putFaceDescriptor({ candidateId: candidate.id, photoFile: `${candidate.id}.jpg`, descriptor: [1, 2, 3], createdAt: 0 });
  w.at(LOGIN_OPENS);
  const ip = { ip: '10.6.6.6' };
  const login = async (over: Record<string, unknown> = {}, caller = ip) => {
    const { challengeId } = await w.domain.faceChallenge({ examId: 'exam-1' }, caller);
    return w.domain.loginWithFace({ examId: 'exam-1', deviceKey: 'device-1-key', idNumber: candidate.idNumber, challengeId, frames: ['aGVsbG8=', 'd29ybGQ='], ...over }, caller);
  };
  return { ...fake, w, candidate, login };
}

describe('face login (R5)', () => {
  it('is unavailable without a verifier, and while it starts tells so; nothing pretends to recognise a face', async () => {
    const plain = await world();
    plain.at(LOGIN_OPENS);
    expect(await codeOf(() => plain.domain.faceChallenge({ examId: 'exam-1' }, { ip: '1.1.1.1' }))).toBe('FACE_LOGIN_UNAVAILABLE');
    expect(await codeOf(() => plain.domain.loginWithFace({ examId: 'exam-1', deviceKey: 'device-key-1', image: 'aGVsbG8=' }, { ip: '1.1.1.1' }))).toBe('FACE_LOGIN_UNAVAILABLE');
    const f = await faceWorld();
    f.setStatus('starting');
    expect(await codeOf(() => f.w.domain.faceChallenge({ examId: 'exam-1' }, { ip: '1.1.1.1' }))).toBe('FACE_LOGIN_STARTING');
    f.setStatus('failed');
    expect(await codeOf(() => f.w.domain.faceChallenge({ examId: 'exam-1' }, { ip: '1.1.1.1' }))).toBe('FACE_LOGIN_UNAVAILABLE');
  });

  it('logs in the candidate the 身份证号 names when the verifier matches their enrolled face and sees the action', async () => {
    const f = await faceWorld();
    const session = await f.login();
    expect((await f.w.domain.authenticate(session.token)).subjectId).toBe(f.candidate.id);
    expect(f.verify).toHaveBeenLastCalledWith({ frames: [new TextEncoder().encode('hello'), new TextEncoder().encode('world')], enrolled: [1, 2, 3], action: 'turnLeft' });
  });

  it('keeps the password login’s rules: LOGIN_NOT_OPEN, ALREADY_ACTIVE_ELSEWHERE', async () => {
    const f = await faceWorld();
    f.w.at(LOGIN_OPENS - 1);
    expect(await codeOf(() => f.login())).toBe('LOGIN_NOT_OPEN');
    f.w.at(LOGIN_OPENS);
    await f.login();
    expect(await codeOf(() => f.login({ deviceKey: 'device-2-key' }))).toBe('ALREADY_ACTIVE_ELSEWHERE');
  });

  it('refuses a face that does not match, or frames without the action, counting them under the throttle', async () => {
    const f = await faceWorld({ matched: false });
    for (let i = 0; i < freeFailures; i += 1) expect(await codeOf(() => f.login())).toBe('FACE_NOT_MATCHED');
    expect((await rejection(() => f.login())).code).toBe('TOO_MANY_ATTEMPTS');
    const g = await faceWorld({ live: false });
    expect(await codeOf(() => g.login())).toBe('FACE_NOT_LIVE');
  });

  it('does not count a frame without one face: the page simply tries again', async () => {
    const f = await faceWorld(() => {
      throw new ExamError(ErrorCode.FACE_NOT_DETECTED);
    });
    for (let i = 0; i < 3 * freeFailures; i += 1) expect(await codeOf(() => f.login())).toBe('FACE_NOT_DETECTED');
  });

  it('uses a challenge once, within its time, for its exam only', async () => {
    const f = await faceWorld();
    const ip = { ip: '10.1.1.1' };
    const body = (challengeId: string) => ({ examId: 'exam-1', deviceKey: 'device-1-key', idNumber: f.candidate.idNumber, challengeId, frames: ['aGVsbG8=', 'aGVsbG8='] });
    const late = await f.w.domain.faceChallenge({ examId: 'exam-1' }, ip);
    expect(late).toMatchObject({ action: 'turnLeft', expiresAt: LOGIN_OPENS + FACE_CHALLENGE_TTL_MS });
    f.w.at(LOGIN_OPENS + FACE_CHALLENGE_TTL_MS);
    expect(await codeOf(() => f.w.domain.loginWithFace(body(late.challengeId), ip))).toBe('FACE_CHALLENGE_EXPIRED');
    const other = await f.w.domain.faceChallenge({ examId: 'exam-2' }, ip);
    expect(await codeOf(() => f.w.domain.loginWithFace(body(other.challengeId), ip))).toBe('FACE_CHALLENGE_EXPIRED');
    const once = await f.w.domain.faceChallenge({ examId: 'exam-1' }, ip);
    await f.w.domain.loginWithFace(body(once.challengeId), ip);
    expect(await codeOf(() => f.w.domain.loginWithFace(body(once.challengeId), ip))).toBe('FACE_CHALLENGE_EXPIRED');
  });

  it('answers FACE_NOT_ENROLLED alike for an unknown 身份证号 and a candidate without a photo', async () => {
    const f = await faceWorld();
    expect(await codeOf(() => f.login({ idNumber: '110105199912319999' }))).toBe('FACE_NOT_ENROLLED');
    expect(await codeOf(() => f.login({ idNumber: f.w.candidates[1]!.idNumber }))).toBe('FACE_NOT_ENROLLED');
  });

  it('answers the first contract’s one-image body FACE_LOGIN_UNAVAILABLE (the page goes on with 普通登录); a partial body is invalid', async () => {
    const f = await faceWorld();
    const old = { examId: 'exam-1', deviceKey: 'device-1-key', image: 'aGVsbG8=' };
    expect(await codeOf(() => f.w.domain.loginWithFace(old, { ip: '1.1.1.1' }))).toBe('FACE_LOGIN_UNAVAILABLE');
    expect(await rejection(() => f.w.domain.loginWithFace({ ...old, idNumber: f.candidate.idNumber }, { ip: '1.1.1.1' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: '/challengeId' } });
    expect(f.verify).not.toHaveBeenCalled();
  });

  it('follows the exam’s policy: face login off answers FACE_LOGIN_UNAVAILABLE', async () => {
    const f = await faceWorld();
    await f.w.repo.updateExam({ ...(await f.w.repo.getExam('exam-1'))!, policy: { faceLogin: false } });
    expect(await codeOf(() => f.login())).toBe('FACE_LOGIN_UNAVAILABLE');
  });
});
