/** The face checks during 开始答题 on the server's clock: only while answering, one frame per interval, one incident of a kind a minute. */
import { describe, expect, it, vi } from 'vitest';
import type { FaceCheckFinding, FaceVerifier, FaceVerifierStatus } from '../exam-domain.types.js';
import { DEADLINE, ENTRY_OPENS, MIN, SEC, START, codeOf, world, type World } from '../exam-domain.test-kit.js';
import { FACE_CHECK_INCIDENT_GAP_MS, FACE_CHECK_INTERVAL_MS } from './face-check.js';

const FRAME = { mediaType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) };

/** A verifier whose next findings the test chooses; `judged` settles once the last frame's finding was acted on. */
function fakeVerifier() {
  let status: FaceVerifierStatus = 'ready';
  const findings: (FaceCheckFinding | 'busy')[] = [];
  const checkFace = vi.fn<NonNullable<FaceVerifier['checkFace']>>(async () => findings.shift() ?? 'oneFace');
  const verifier: FaceVerifier = { status: () => status, actions: ['turnLeft'], describe: async () => [], verify: async () => ({ matched: false, live: false, similarity: 0 }), checkFace };
  return { verifier, checkFace, next: (...f: (FaceCheckFinding | 'busy')[]) => void findings.push(...f), setStatus: (s: FaceVerifierStatus) => void (status = s) };
}

/** The domain judges a frame after answering; the incident (or none) is written a few promise turns later. */
const judged = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Candidate 0 entered, confirmed everything and answering at `START`. */
async function answering(w: World) {
  w.at(ENTRY_OPENS);
  const a = await w.candidate(0);
  await w.domain.enter(a);
  await w.confirmAll(a);
  w.at(START);
  await w.domain.saveProgress(a, { stage: 'answering' });
  return a;
}

const incidents = async (w: World) => (await w.repo.listIncidents(w.candidates[0]!.id)).map((i) => ({ kind: i.kind, at: i.at }));

describe('the face checks while answering', () => {
  it('answers the interval at once, judges the frame, and raises one incident per finding', async () => {
    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier });
    const a = await answering(w);
    f.next('faceMissing');
    w.events.length = 0;
    expect(await w.domain.sendFaceCheck(a, FRAME)).toEqual({ intervalSeconds: FACE_CHECK_INTERVAL_MS / 1000 });
    expect(f.checkFace).toHaveBeenCalledWith(FRAME.bytes);
    await vi.waitFor(async () => expect(await incidents(w)).toEqual([{ kind: 'faceMissing', at: START }]));
    // The supervisors are told as of any incident: the candidate's status with its count.
    const pushed = w.eventsOf('candidate.status').map(([event]) => (event.type === 'candidate.status' ? event.status.incidents : null));
    expect(pushed.at(-1)).toBe(1);

    // One face as it should be raises nothing; several faces and a covered face raise their own kinds.
    for (const [i, finding] of (['oneFace', 'faceSeveral', 'faceCovered'] as const).entries()) {
      w.at(START + (i + 1) * FACE_CHECK_INTERVAL_MS);
      f.next(finding);
      await w.domain.sendFaceCheck(a, FRAME);
      await judged();
    }
    expect(await incidents(w)).toEqual([
      { kind: 'faceMissing', at: START },
      { kind: 'faceSeveral', at: START + 2 * FACE_CHECK_INTERVAL_MS },
      { kind: 'faceCovered', at: START + 3 * FACE_CHECK_INTERVAL_MS },
    ]);
  });

  it('judges at most one frame per candidate per interval, on the server’s clock', async () => {
    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier, faceCheckIntervalMs: 10 * SEC });
    const a = await answering(w);
    expect(await w.domain.sendFaceCheck(a, FRAME)).toEqual({ intervalSeconds: 10 });
    // Sooner than the interval (less the network's jitter): answered the same, not judged.
    w.at(START + 8 * SEC);
    expect(await w.domain.sendFaceCheck(a, FRAME)).toEqual({ intervalSeconds: 10 });
    expect(f.checkFace).toHaveBeenCalledTimes(1);
    w.at(START + 9 * SEC);
    await w.domain.sendFaceCheck(a, FRAME);
    expect(f.checkFace).toHaveBeenCalledTimes(2);
    // Another candidate has their own interval.
    const b = await w.candidate(1);
    await w.domain.enter(b);
    await w.confirmAll(b);
    await w.domain.sendFaceCheck(b, FRAME);
    expect(f.checkFace).toHaveBeenCalledTimes(3);
  });

  it('raises at most one incident of a kind per minute', async () => {
    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier, faceCheckIntervalMs: 10 * SEC });
    const a = await answering(w);
    for (let i = 0; i <= 7; i++) {
      w.at(START + i * 10 * SEC);
      f.next(i === 3 ? 'faceSeveral' : 'faceMissing');
      await w.domain.sendFaceCheck(a, FRAME);
      await judged();
    }
    // Missing at 0, 10, 20, 40, 50 s → one (0 s); at 60 s the minute since it is over → a second; several at 30 s → its own.
    expect(await incidents(w)).toEqual([
      { kind: 'faceMissing', at: START },
      { kind: 'faceSeveral', at: START + 30 * SEC },
      { kind: 'faceMissing', at: START + FACE_CHECK_INCIDENT_GAP_MS },
    ]);
  });

  it('takes frames only while answering: a clear refusal before it and after the end, nothing judged', async () => {
    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier });
    w.at(ENTRY_OPENS);
    const a = await w.candidate(0);
    expect(await codeOf(() => w.domain.sendFaceCheck(a, FRAME))).toBe('NOT_ENTERED');
    await w.domain.enter(a);
    expect(await codeOf(() => w.domain.sendFaceCheck(a, FRAME))).toBe('QUESTIONS_NOT_RELEASED');
    w.at(START);
    expect(await codeOf(() => w.domain.sendFaceCheck(a, FRAME))).toBe('CONFIRMATIONS_MISSING');
    await w.confirmAll(a);
    w.at(DEADLINE);
    expect(await codeOf(() => w.domain.sendFaceCheck(a, FRAME))).toBe('EXAM_OVER');
    expect(f.checkFace).not.toHaveBeenCalled();
    // Only a candidate sends frames.
    const supervisor = await w.supervisor();
    expect(await codeOf(() => w.domain.sendFaceCheck(supervisor, FRAME))).toBe('FORBIDDEN');
  });

  it('raises nothing when the interview ended while the frame was judged', async () => {
    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier });
    const a = await answering(w);
    let release: (finding: FaceCheckFinding) => void = () => undefined;
    f.checkFace.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    await w.domain.sendFaceCheck(a, FRAME);
    await w.domain.finish(a, { reason: 'endedEarly' });
    release('faceMissing');
    await judged();
    expect(await incidents(w)).toEqual([]);
  });

  it('does nothing when the checks are off, without a verifier, or while it starts or is busy', async () => {
    const off = await world({ faceVerifier: fakeVerifier().verifier, faceCheckIntervalMs: 0 });
    expect(await off.domain.sendFaceCheck(await answering(off), FRAME)).toEqual({ intervalSeconds: 0 });
    const none = await world();
    expect(await none.domain.sendFaceCheck(await answering(none), FRAME)).toEqual({ intervalSeconds: 0 });

    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier });
    const a = await answering(w);
    f.setStatus('starting');
    expect(await w.domain.sendFaceCheck(a, FRAME)).toEqual({ intervalSeconds: 20 });
    expect(f.checkFace).not.toHaveBeenCalled();
    f.setStatus('ready');
    f.next('busy');
    await w.domain.sendFaceCheck(a, FRAME);
    await judged();
    expect(f.checkFace).toHaveBeenCalledTimes(1);
    expect(await incidents(w)).toEqual([]);
    // Still answering and recording as before: the checks change nothing of the candidate.
    expect((await w.domain.getMe(a)).progress).toMatchObject({ stage: 'answering', finishedAt: null });
  });

  it('a later frame after a dropped one is judged once the interval passed', async () => {
    const f = fakeVerifier();
    const w = await world({ faceVerifier: f.verifier });
    const a = await answering(w);
    f.next('busy', 'faceCovered');
    await w.domain.sendFaceCheck(a, FRAME);
    w.at(START + MIN);
    await w.domain.sendFaceCheck(a, FRAME);
    await vi.waitFor(async () => expect(await incidents(w)).toEqual([{ kind: 'faceCovered', at: START + MIN }]));
  });
});
