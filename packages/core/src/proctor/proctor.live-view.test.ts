/**
 * 实时画面 in proctorMachine on a fake LiveViewer and a simulated clock: asked when opened beside the candidate's panel,
 * 已连接 when the candidate's computer connects, its streams by source; 重新连接中 when the view drops (the candidate's
 * page offline, a failed peer) and asked again when the page is back or after LIVE_VIEW_RETRY_MS; 不在线 when the page
 * does not publish; refusals shown and final; closed by the supervisor or another candidate's panel.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { openGrid, startProctor, type ProctorHarness } from './proctor.test-kit.js';
import { LIVE_VIEW_CONNECT_TIMEOUT_MS, LIVE_VIEW_RETRY_MS, selectLiveStreams } from './proctor.selectors.js';

const stream = (id: string) => ({ id }) as unknown as MediaStream;

async function openLive(h: ProctorHarness, candidateId = 'c1'): Promise<void> {
  await openGrid(h);
  await h.send({ type: 'user.openConversation', candidateId });
  await h.send({ type: 'user.watchLive' });
  await h.untilTag('liveView:connecting');
}

async function connect(h: ProctorHarness): Promise<void> {
  const channel = h.liveView.current();
  channel.emit({ type: 'accepted', viewId: `v${channel.asks}` });
  channel.emit({ type: 'stream', viewId: `v${channel.asks}`, source: 'camera', stream: stream('cam') });
  channel.emit({ type: 'stream', viewId: `v${channel.asks}`, source: 'screen', stream: stream('screen') });
  channel.emit({ type: 'connected', viewId: `v${channel.asks}`, peer: 'candidate' });
  await h.settle();
}

describe('实时画面 (live view) in the console', () => {
  it('asks for a view of the open candidate, shows it connected with its streams, and closes it', async () => {
    const h = await startProctor();
    await openLive(h);
    const channel = h.liveView.current();
    expect(channel).toMatchObject({ candidateId: 'c1', asks: 1, closed: false });
    expect(h.grid().liveView).toMatchObject({ stage: 'liveView', phase: 'connecting', candidateId: 'c1', sources: [] });

    await connect(h);
    expect(h.actor.getSnapshot().hasTag('liveView:connected')).toBe(true);
    expect(h.grid().liveView).toMatchObject({ phase: 'connected', sources: ['camera', 'screen'], error: null });
    expect(selectLiveStreams(h.actor.getSnapshot())).toEqual({ camera: stream('cam'), screen: stream('screen') });

    // The phone joins, then leaves alone: the computer's pictures stay.
    channel.emit({ type: 'stream', viewId: 'v1', source: 'phone', stream: stream('phone') });
    await h.settle();
    expect(h.grid().liveView?.sources).toEqual(['camera', 'screen', 'phone']);
    channel.emit({ type: 'ended', viewId: 'v1', reason: 'phoneOffline', peer: 'phone' });
    await h.settle();
    expect(h.grid().liveView).toMatchObject({ phase: 'connected', sources: ['camera', 'screen'] });

    await h.send({ type: 'user.stopLive' });
    expect(h.grid().liveView).toBeNull();
    expect(channel.closed).toBe(true);
    expect(selectLiveStreams(h.actor.getSnapshot())).toEqual({});
  });

  it('reconnects after the candidate goes offline: at once when the page is back, and every few seconds meanwhile', async () => {
    const h = await startProctor();
    await openLive(h);
    await connect(h);
    const channel = h.liveView.current();

    channel.emit({ type: 'ended', viewId: 'v1', reason: 'candidateOffline' });
    await h.settle();
    expect(h.grid().liveView).toMatchObject({ phase: 'reconnecting', sources: [] });
    expect(selectLiveStreams(h.actor.getSnapshot())).toEqual({});

    // Asked again after the retry delay; the page is still offline, so it waits again, still 重新连接中.
    await h.advance(LIVE_VIEW_RETRY_MS);
    expect(channel.asks).toBe(2);
    channel.emit({ type: 'refused', viewId: 'v2', code: ErrorCode.LIVE_VIEW_UNAVAILABLE });
    await h.settle();
    expect(h.grid().liveView?.phase).toBe('reconnecting');

    // The page publishes again: asked at once, and connected in a new view.
    channel.emit({ type: 'available' });
    await h.settle();
    expect(channel.asks).toBe(3);
    await connect(h);
    expect(h.grid().liveView).toMatchObject({ phase: 'connected', sources: ['camera', 'screen'] });
  });

  it('re-creates a view whose peer failed (no ICE restart), and one that never connects', async () => {
    const h = await startProctor();
    await openLive(h);
    await connect(h);
    const channel = h.liveView.current();
    channel.emit({ type: 'ended', viewId: 'v1', reason: 'failed' });
    await h.settle();
    expect(h.grid().liveView?.phase).toBe('reconnecting');
    await h.advance(LIVE_VIEW_RETRY_MS);
    expect(channel.asks).toBe(2);
    // Never connects: asked anew after the timeout.
    await h.advance(LIVE_VIEW_CONNECT_TIMEOUT_MS + LIVE_VIEW_RETRY_MS);
    expect(channel.asks).toBe(3);
    await connect(h);
    expect(h.grid().liveView?.phase).toBe('connected');
  });

  it('says 不在线 when the candidate’s page does not publish, and connects when it does', async () => {
    const h = await startProctor();
    await openLive(h);
    const channel = h.liveView.current();
    channel.emit({ type: 'refused', viewId: 'v1', code: ErrorCode.LIVE_VIEW_UNAVAILABLE });
    await h.settle();
    expect(h.grid().liveView).toMatchObject({ phase: 'offline', error: null });
    channel.emit({ type: 'available' });
    await h.settle();
    expect(channel.asks).toBe(2);
    await connect(h);
    expect(h.grid().liveView?.phase).toBe('connected');
  });

  it('shows a refusal (the cap, another sitting, a finished interview) and asks again only when told', async () => {
    const h = await startProctor();
    await openLive(h);
    const channel = h.liveView.current();
    channel.emit({ type: 'refused', viewId: 'v1', code: ErrorCode.LIVE_VIEWS_EXHAUSTED });
    await h.settle();
    expect(h.grid().liveView).toMatchObject({ phase: 'failed', error: ErrorCode.LIVE_VIEWS_EXHAUSTED });
    await h.advance(5 * LIVE_VIEW_RETRY_MS);
    expect(channel.asks).toBe(1);
    await h.send({ type: 'user.watchLive' });
    expect(channel.asks).toBe(2);
    await connect(h);
    channel.emit({ type: 'ended', viewId: 'v2', reason: 'finished' });
    await h.settle();
    expect(h.grid().liveView).toMatchObject({ phase: 'failed', error: ErrorCode.CANDIDATE_FINISHED });
  });

  it('closes with the candidate’s panel: another candidate’s conversation or closing it', async () => {
    const h = await startProctor();
    await openLive(h);
    const first = h.liveView.current();
    await h.send({ type: 'user.openConversation', candidateId: 'c2' });
    expect(first.closed).toBe(true);
    expect(h.grid().liveView).toBeNull();
    await h.send({ type: 'user.watchLive' });
    expect(h.liveView.current()).toMatchObject({ candidateId: 'c2', asks: 1 });
    await h.send({ type: 'user.closeConversation' });
    expect(h.liveView.current().closed).toBe(true);
  });
});
