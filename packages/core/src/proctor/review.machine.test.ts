import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import type { Timeline } from '../ports/proctor-api.port.js';
import { INITIAL_PROGRESS } from '../rules/stages.js';
import { FAKE_SITTINGS } from '../testing/fake-proctor.js';
import type { ReviewView } from './proctor.selectors.js';
import { openGrid, startProctor, type ProctorHarness } from './proctor.test-kit.js';
import { RECORDING_LINK_RENEW_MS } from './review-timeline.js';

const S = 1_000;
const START = FAKE_SITTINGS[0]!.sitting.startsAt;

/** c1's interview: entered at the start, answered 5 minutes; camera in two parts with a gap, the screen, the phone from before the entry. */
const TIMELINE: Timeline = {
  candidateId: 'c1',
  schedule: { loginOpensAt: START - 1_800 * S, entryOpensAt: START - 900 * S, startsAt: START, entryClosesAt: START + 120 * S, deadline: START + 300 * S, evidenceDueAt: START + 3_900 * S, extraTimeMs: 0, lateEntryAllowed: false },
  progress: INITIAL_PROGRESS,
  markers: [
    { at: START - 60 * S, kind: 'entered' },
    { at: START - 50 * S, kind: 'devicesConfirmed' },
    { at: START + 30 * S, kind: 'incident', detail: 'windowBlur' },
    { at: START + 40 * S, kind: 'help', detail: 'candidate', text: '老师，听不到声音' },
    { at: START + 300 * S, kind: 'finished', detail: 'completed' },
  ],
  recordings: [
    { id: 'cam-1', kind: 'camera', part: 1, mimeType: 'video/webm', createdAt: START - 60 * S, complete: true, durationMs: 100 * S },
    { id: 'cam-2', kind: 'camera', part: 2, mimeType: 'video/webm', createdAt: START + 60 * S, complete: true, durationMs: 240 * S },
    { id: 'scr-1', kind: 'screen', part: 1, mimeType: 'video/webm', createdAt: START - 58 * S, complete: true, durationMs: 358 * S },
    { id: 'scr-2', kind: 'screen', part: 2, mimeType: 'video/webm', createdAt: START + 299 * S, complete: false },
    { id: 'ev-1', kind: 'evidence', part: 1, mimeType: 'video/mp4', createdAt: START - 300 * S, complete: true, durationMs: 700 * S },
  ],
};

async function openReview(h: ProctorHarness): Promise<ReviewView> {
  h.api.timelines.set('c1', TIMELINE);
  h.api.update('c1', { progress: { stage: 'finished', enteredAt: START - 60 * S, finishedAt: START + 300 * S, finishReason: 'completed' } });
  await openGrid(h);
  await h.send({ type: 'user.openConversation', candidateId: 'c1' });
  await h.untilTag('candidate:shown');
  await h.send({ type: 'user.openReview' });
  await h.untilTag('review:shown');
  return review(h);
}

function review(h: ProctorHarness): ReviewView {
  const view = h.view();
  if (view.stage !== 'review') throw new Error(`not on the review but on ${view.stage}`);
  return view;
}

describe('the review (回放)', () => {
  it('opens from the candidate’s panel: the timeline, a link per complete part, the markers in order on the span', async () => {
    const h = await startProctor();
    const view = await openReview(h);
    expect(view.candidate?.name).toBe('张三');
    expect(view.span).toEqual({ start: START - 300 * S, end: START + 400 * S });
    expect(view.markers.map((m) => m.kind)).toEqual(['entered', 'devicesConfirmed', 'incident', 'help', 'finished']);
    expect(view.markers.map((m) => m.position)).toEqual([240 / 700, 250 / 700, 330 / 700, 340 / 700, 600 / 700]);
    // The part still uploading has no file yet: no link.
    expect(Object.keys(view.links).sort()).toEqual(['cam-1', 'cam-2', 'ev-1', 'scr-1']);
    expect(h.api.links.map((l) => l.recordingId).sort()).toEqual(['cam-1', 'cam-2', 'ev-1', 'scr-1']);
    expect(view.parts.camera.map((p) => p.recordingId)).toEqual(['cam-1', 'cam-2']);
    expect(view.candidatePanel?.phase).toBe('shown');
    expect(view.seek).toBeNull();
  });

  it('seeks every kind to the instant chosen: the part that covers it, or none in a gap', async () => {
    const h = await startProctor();
    await openReview(h);
    await h.send({ type: 'user.seek', at: START + 50 * S });
    expect(review(h).seek).toEqual({
      at: START + 50 * S,
      seq: 1,
      plan: { camera: null, screen: { recordingId: 'scr-1', part: 1, offsetMs: 108 * S }, evidence: { recordingId: 'ev-1', part: 1, offsetMs: 350 * S } },
    });
    // The same instant again seeks again (the video may have played on).
    await h.send({ type: 'user.seek', at: START + 50 * S });
    expect(review(h).seek?.seq).toBe(2);
    await h.send({ type: 'user.seek', at: START + 60 * S });
    expect(review(h).seek?.plan.camera).toEqual({ recordingId: 'cam-2', part: 2, offsetMs: 0 });
  });

  it('asks fresh links a minute before they expire, and at once when a file did not load', async () => {
    const h = await startProctor();
    const first = (await openReview(h)).links['cam-1'];
    await h.advance(RECORDING_LINK_RENEW_MS - S);
    expect(h.api.links).toHaveLength(4);
    await h.advance(S);
    expect(h.api.links).toHaveLength(8);
    const renewed = review(h).links['cam-1'];
    expect(renewed?.url).not.toBe(first?.url);
    expect(renewed!.expiresAt - h.clock.now()).toBe(5 * 60 * S);

    await h.send({ type: 'user.renewLinks' });
    expect(h.api.links).toHaveLength(12);
    // A renewal that fails keeps the links it had, says why, and the next one tries again.
    h.api.failNext('createRecordingLink', ErrorCode.NETWORK_ERROR);
    const kept = review(h).links;
    await h.send({ type: 'user.renewLinks' });
    expect(review(h)).toMatchObject({ phase: 'shown', links: kept, error: ErrorCode.NETWORK_ERROR, renewing: false });
  });

  it('shows a verdict given on the review (the panel’s action) as a marker at once', async () => {
    const h = await startProctor();
    await openReview(h);
    // An hour later, after the interview.
    h.clock.advance(3_600 * S);
    await h.settle();
    await h.send({ type: 'user.act', action: { kind: 'verdict', verdict: 'violation', comment: ' 使用手机 ' } });
    const view = review(h);
    expect(view.candidatePanel?.verdict?.current).toMatchObject({ verdict: 'violation', comment: '使用手机' });
    expect(view.markers.at(-1)).toMatchObject({ kind: 'verdict', detail: 'violation', text: '使用手机', outside: 'after', position: 1 });
  });

  it('closes back to the grid; another candidate’s conversation closes it too', async () => {
    const h = await startProctor();
    await openReview(h);
    await h.send({ type: 'user.closeReview' });
    expect(h.view().stage).toBe('sitting');
    expect(h.actor.getSnapshot().context.review).toBeNull();
    await h.send({ type: 'user.openReview' });
    await h.untilTag('review:shown');
    await h.send({ type: 'user.openConversation', candidateId: 'c2' });
    expect(h.view()).toMatchObject({ stage: 'sitting', conversation: { candidateId: 'c2' } });
    // Leaving the sitting forgets it as well.
    await h.send({ type: 'user.openReview' });
    await h.untilTag('review:shown');
    await h.send({ type: 'user.leaveSitting' });
    expect(h.actor.getSnapshot().context.review).toBeNull();
  });

  it('opens only for a candidate whose panel is open', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openReview' });
    expect(h.view().stage).toBe('sitting');
    expect(h.api.links).toHaveLength(0);
  });

  it('shows 重试 when the timeline cannot be read, and goes to the login when the session is gone', async () => {
    const h = await startProctor();
    h.api.failNext('getTimeline', ErrorCode.NETWORK_ERROR);
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    await h.send({ type: 'user.openReview' });
    expect(review(h)).toMatchObject({ phase: 'failed', error: ErrorCode.NETWORK_ERROR, span: null, markers: [] });
    await h.send({ type: 'user.retry' });
    expect(review(h)).toMatchObject({ phase: 'shown', error: null });
    h.api.endSession();
    await h.send({ type: 'user.closeReview' });
    await h.send({ type: 'user.openReview' });
    expect(h.view()).toMatchObject({ stage: 'login', error: ErrorCode.UNAUTHENTICATED });
  });

  it('and 上传状况 take turns over the grid: opening one closes the other', async () => {
    const h = await startProctor();
    await openReview(h);
    await h.send({ type: 'user.openUploadHealth', candidateId: 'c1' });
    await h.untilTag('uploadHealth:shown');
    expect(h.view().stage).toBe('uploadHealth');
    expect(h.actor.getSnapshot().context.review).toBeNull();
    await h.send({ type: 'user.openReview' });
    await h.untilTag('review:shown');
    expect(h.view().stage).toBe('review');
    expect(h.actor.getSnapshot().matches({ session: { sitting: { uploadHealth: 'closed' } } })).toBe(true);
  });
});
