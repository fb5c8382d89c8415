/**
 * The face checks on the candidate's page: during 开始答题 a small still of the recorded camera goes to the server at
 * the interval the server answers, on the simulated clock; a failed still or send is dropped until the next interval;
 * an answer of 0 stops them; they stop with the stage and while the camera is lost. Never before 开始答题.
 */
import { describe, expect, it } from 'vitest';
import { createFakeFaceSnapshot } from '../testing/fake-face-snapshot.js';
import { ErrorCode } from '../errors/error-codes.js';
import { FACE_CHECK_FRAME_WIDTH, FACE_CHECK_RETRY_MS } from './actors/face-checks.js';
import { CANDIDATE, START, enterAndConfirm, expectState, reachAnswering, reachEntry, startExam, type Harness } from './exam.test-kit.js';

const SEC = 1_000;

async function answeringWithChecks(intervalSeconds: number) {
  const faceSnapshot = createFakeFaceSnapshot();
  const h = await startExam({ faceSnapshot, prepare: (fakes) => fakes.backend.setFaceCheckInterval(intervalSeconds) });
  return { h, faceSnapshot };
}

const sent = (h: Harness) => h.backend.faceChecksOf(CANDIDATE.id);

describe('the face checks while answering', () => {
  it('sends a still of the recorded camera at once, then every interval the server answers', async () => {
    const { h, faceSnapshot } = await answeringWithChecks(20);
    await reachAnswering(h);
    expect(sent(h)).toEqual([START]);
    // Taken from the camera the recorder records, small.
    const camera = h.media.opened.at(-1)!.stream;
    expect(faceSnapshot.taken).toEqual([{ stream: camera, maxWidth: FACE_CHECK_FRAME_WIDTH }]);
    await h.advance(19 * SEC);
    expect(sent(h)).toHaveLength(1);
    await h.advance(1 * SEC);
    await h.advance(40 * SEC);
    expect(sent(h)).toEqual([START, START + 20 * SEC, START + 40 * SEC, START + 60 * SEC]);
    expectState(h, 'answering');
  });

  it('drops a still that could not be taken or sent, and tries again only at the next interval', async () => {
    const { h, faceSnapshot } = await answeringWithChecks(10);
    faceSnapshot.failNext();
    await reachAnswering(h);
    expect(sent(h)).toEqual([]);
    await h.advance(FACE_CHECK_RETRY_MS - SEC);
    expect(sent(h)).toEqual([]);
    await h.advance(SEC);
    expect(sent(h)).toEqual([START + FACE_CHECK_RETRY_MS]);
    // A refused send (the network, the server) is dropped the same way: the interview goes on.
    h.backend.failNext('sendFaceCheck', ErrorCode.NETWORK_ERROR);
    await h.advance(10 * SEC);
    expect(sent(h)).toHaveLength(1);
    await h.advance(FACE_CHECK_RETRY_MS);
    expect(sent(h)).toHaveLength(2);
    expect(h.view()).toMatchObject({ stage: 'answering', error: null });
  });

  it('sends no more once the server answers 0 (no face checks there)', async () => {
    const { h } = await answeringWithChecks(0);
    await reachAnswering(h);
    expect(sent(h)).toEqual([START]);
    await h.advance(5 * 60 * SEC);
    expect(sent(h)).toEqual([START]);
  });

  it('pauses while the camera is lost, and stops with 开始答题', async () => {
    const { h } = await answeringWithChecks(20);
    await reachAnswering(h);
    h.media.opened.at(-1)!.end('camera');
    await h.settle();
    await h.advance(60 * SEC);
    expect(sent(h)).toEqual([START]);
    await h.send({ type: 'user.reopenCamera' });
    await h.recordingStarted('camera', 2);
    expect(sent(h)).toEqual([START, START + 60 * SEC]);

    await h.send({ type: 'user.endExam' });
    await h.send({ type: 'user.confirmEnd' });
    expect(h.stage()).not.toBe('answering');
    const count = sent(h).length;
    await h.advance(2 * 60 * SEC);
    expect(sent(h)).toHaveLength(count);
  });

  it('sends nothing before 开始答题, nor without the port', async () => {
    const { h } = await answeringWithChecks(20);
    // Entered, recording the screen, counting down: no still yet.
    await reachEntry(h);
    await enterAndConfirm(h);
    await h.advanceTo(START - SEC);
    expect(h.stage()).toBe('countdown');
    expect(sent(h)).toEqual([]);
    await h.advanceTo(START);
    await h.until(() => sent(h).length === 1);
    const without = await startExam({ prepare: (fakes) => fakes.backend.setFaceCheckInterval(20) });
    await reachAnswering(without);
    await without.advance(60 * SEC);
    expect(without.backend.faceChecksOf(CANDIDATE.id)).toEqual([]);
  });
});
