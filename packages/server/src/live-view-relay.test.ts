/**
 * 实时画面's signalling on the real server's live-events socket (the relay in domain/src/live-view-relay.ts): who may
 * watch (the sitting's supervisors only: FORBIDDEN, NOT_FOUND, nothing relayed), the views per candidate
 * (LIVE_VIEWS_EXHAUSTED), a candidate whose page does not publish (LIVE_VIEW_UNAVAILABLE) or who finished
 * (CANDIDATE_FINISHED), signals relayed only between the two ends of one view, the phone joining, and every view
 * ended when an end's socket closes or the interview finishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectLive, enter, login, removeTempDirs, seedExam, startServer, supervisorToken, type LiveClient, type SeededExam, type TestServer } from './test-support/server.js';

let server: TestServer;
let exam: SeededExam;
let otherExam: SeededExam;
const ICE = [{ urls: 'stun:stun.example.test:3478' }];

beforeAll(async () => {
  server = await startServer({ liveView: { viewsPerCandidate: 2, maxBitrateBps: 300_000, iceServers: ICE } });
  exam = await seedExam(server, 2);
  otherExam = await seedExam(server, 1);
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

type Message = { type: string; [field: string]: unknown };
const live = (client: LiveClient) => client as unknown as { events: readonly Message[]; next(predicate: (event: Message) => boolean, timeoutMs?: number): Promise<Message> };
const send = (client: LiveClient, message: object) => client.socket.send(JSON.stringify(message));
const of = (type: string, viewId?: string) => (event: Message) => event.type === type && (viewId === undefined || event['viewId'] === viewId);
let fences = 0;
/** Everything the server sent this socket before now has arrived: the answer to a later message has (the fence). */
async function fence(client: LiveClient): Promise<void> {
  const viewId = `fence-view-${String((fences += 1)).padStart(4, '0')}`;
  send(client, { type: 'live.stop', viewId });
  await live(client).next((event) => event.type === 'live.error' && event['viewId'] === viewId);
}
/** Nothing of `type` for this view arrived. */
async function noneArrived(client: LiveClient, type: string, viewId: string): Promise<void> {
  await fence(client);
  expect(live(client).events.filter(of(type, viewId))).toEqual([]);
}

async function publishingCandidate(index: number, within: SeededExam = exam): Promise<{ token: string; socket: LiveClient }> {
  const token = await login(server, within, index, `live-view-key-${index}-${within.examId}`);
  const socket = await connectLive(server, token);
  send(socket, { type: 'live.publish', sources: ['camera', 'screen'] });
  return { token, socket };
}

describe('live view signalling', () => {
  it('opens a view for the sitting’s supervisor and relays signals between its two ends only', async () => {
    const candidate = await publishingCandidate(0);
    const other = await publishingCandidate(1);
    const supervisor = await connectLive(server, await supervisorToken(server, [exam.examId]));
    const bystander = await connectLive(server, await supervisorToken(server, [exam.examId]));

    send(supervisor, { type: 'live.watch', viewId: 'view-relay-0001', candidateId: exam.candidates[0]!.id });
    expect(await live(supervisor).next(of('live.accepted', 'view-relay-0001'))).toMatchObject({ candidateId: exam.candidates[0]!.id, iceServers: ICE, peers: ['candidate'] });
    expect(await live(candidate.socket).next(of('live.request', 'view-relay-0001'))).toMatchObject({ iceServers: ICE, maxBitrateBps: 300_000 });

    send(candidate.socket, { type: 'live.signal', viewId: 'view-relay-0001', signal: { type: 'offer', sdp: 'v=0' } });
    expect(await live(supervisor).next(of('live.signal', 'view-relay-0001'))).toMatchObject({ peer: 'candidate', signal: { type: 'offer', sdp: 'v=0' } });
    send(supervisor, { type: 'live.signal', viewId: 'view-relay-0001', peer: 'candidate', signal: { type: 'answer', sdp: 'v=0' } });
    expect(await live(candidate.socket).next(of('live.signal', 'view-relay-0001'))).toMatchObject({ peer: 'candidate', signal: { type: 'answer', sdp: 'v=0' } });

    // Another supervisor, or another candidate, who names the view is refused and nothing reaches its ends.
    send(bystander, { type: 'live.signal', viewId: 'view-relay-0001', peer: 'candidate', signal: { candidate: 'x' } });
    expect(await live(bystander).next(of('live.error', 'view-relay-0001'))).toMatchObject({ code: 'NOT_FOUND' });
    send(other.socket, { type: 'live.signal', viewId: 'view-relay-0001', signal: { candidate: 'y' } });
    expect(await live(other.socket).next(of('live.error', 'view-relay-0001'))).toMatchObject({ code: 'NOT_FOUND' });
    send(bystander, { type: 'live.stop', viewId: 'view-relay-0001' });
    await fence(bystander);
    expect(live(bystander).events.filter(of('live.error', 'view-relay-0001')).map((e) => e['code'])).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    await noneArrived(candidate.socket, 'live.ended', 'view-relay-0001');
    expect(live(candidate.socket).events.filter(of('live.signal', 'view-relay-0001'))).toHaveLength(1);
    expect(live(supervisor).events.filter(of('live.signal', 'view-relay-0001'))).toHaveLength(1);
    expect(server.app.examroom.live.liveViews).toBe(1);

    // Closed by the supervisor: the candidate's page is told, the view is gone.
    send(supervisor, { type: 'live.stop', viewId: 'view-relay-0001' });
    expect(await live(candidate.socket).next(of('live.ended', 'view-relay-0001'))).toMatchObject({ reason: 'stopped' });
    expect(server.app.examroom.live.liveViews).toBe(0);
    for (const socket of [candidate.socket, other.socket, supervisor, bystander]) socket.socket.close();
  });

  it('refuses anyone but the sitting’s supervisors, and relays nothing for them', async () => {
    const candidate = await publishingCandidate(0, otherExam);
    const outsider = await connectLive(server, await supervisorToken(server, [exam.examId]));
    send(outsider, { type: 'live.watch', viewId: 'view-forbid-0001', candidateId: otherExam.candidates[0]!.id });
    expect(await live(outsider).next(of('live.error', 'view-forbid-0001'))).toMatchObject({ code: 'FORBIDDEN' });
    send(outsider, { type: 'live.watch', viewId: 'view-forbid-0002', candidateId: 'no_such_candidate' });
    expect(await live(outsider).next(of('live.error', 'view-forbid-0002'))).toMatchObject({ code: 'NOT_FOUND' });
    // A candidate asking to watch (even themselves) is no supervisor; a supervisor cannot publish.
    send(candidate.socket, { type: 'live.watch', viewId: 'view-forbid-0003', candidateId: otherExam.candidates[0]!.id });
    expect(await live(candidate.socket).next(of('live.error', 'view-forbid-0003'))).toMatchObject({ code: 'FORBIDDEN' });
    send(outsider, { type: 'live.publish', sources: ['camera'] });
    expect(await live(outsider).next((e) => e.type === 'live.error' && e['viewId'] === undefined)).toMatchObject({ code: 'FORBIDDEN' });
    // A malformed message is refused in the caller's words.
    send(outsider, { type: 'live.watch', viewId: 'short', candidateId: otherExam.candidates[0]!.id });
    expect(await live(outsider).next((e) => e.type === 'live.error' && e['code'] === 'VALIDATION_FAILED')).toMatchObject({ message: expect.any(String) });
    await noneArrived(candidate.socket, 'live.request', 'view-forbid-0001');
    expect(live(candidate.socket).events.filter((e) => e.type === 'live.request')).toEqual([]);
    candidate.socket.socket.close();
    outsider.socket.close();
  });

  it('caps the views per candidate, and says when the candidate’s page does not publish', async () => {
    const own = await seedExam(server, 1);
    const token = await supervisorToken(server, [own.examId]);
    const supervisor = await connectLive(server, token);
    send(supervisor, { type: 'live.watch', viewId: 'view-cap-0000', candidateId: own.candidates[0]!.id });
    expect(await live(supervisor).next(of('live.error', 'view-cap-0000'))).toMatchObject({ code: 'LIVE_VIEW_UNAVAILABLE' });

    const candidate = await publishingCandidate(0, own);
    // The supervisors of the sitting hear that the page publishes: a console waiting to reconnect asks again.
    expect(await live(supervisor).next((e) => e.type === 'live.available')).toMatchObject({ candidateId: own.candidates[0]!.id, peers: ['candidate'] });
    for (const viewId of ['view-cap-0001', 'view-cap-0002']) {
      send(supervisor, { type: 'live.watch', viewId, candidateId: own.candidates[0]!.id });
      await live(supervisor).next(of('live.accepted', viewId));
    }
    const second = await connectLive(server, await supervisorToken(server, [own.examId]));
    send(second, { type: 'live.watch', viewId: 'view-cap-0003', candidateId: own.candidates[0]!.id });
    const refused = await live(second).next(of('live.error', 'view-cap-0003'));
    expect(refused).toMatchObject({ code: 'LIVE_VIEWS_EXHAUSTED' });
    expect(String(refused['message'])).toContain('上限');
    await noneArrived(candidate.socket, 'live.request', 'view-cap-0003');

    // The supervisor's socket closes: its views end and the candidate's page is told; then there is room again.
    supervisor.socket.close();
    await live(candidate.socket).next(of('live.ended', 'view-cap-0002'));
    expect(live(candidate.socket).events.filter(of('live.ended'))).toHaveLength(2);
    send(second, { type: 'live.watch', viewId: 'view-cap-0004', candidateId: own.candidates[0]!.id });
    await live(second).next(of('live.accepted', 'view-cap-0004'));

    // The candidate's socket closes (the network cut): the view ends as candidateOffline.
    candidate.socket.socket.close();
    expect(await live(second).next(of('live.ended', 'view-cap-0004'))).toMatchObject({ reason: 'candidateOffline' });
    expect(server.app.examroom.live.liveViews).toBe(0);
    second.socket.close();
  });

  it('brings the phone into a view, ends only its part when it goes, and ends the view when the interview finishes', async () => {
    const own = await seedExam(server, 1);
    const candidate = await publishingCandidate(0, own);
    await enter(server, candidate.token);
    const supervisorSession = await supervisorToken(server, [own.examId]);
    const supervisor = await connectLive(server, supervisorSession);
    send(supervisor, { type: 'live.watch', viewId: 'view-phone-0001', candidateId: own.candidates[0]!.id });
    await live(supervisor).next(of('live.accepted', 'view-phone-0001'));

    const pairing = await api(server, 'POST', '/me/pairing', { token: candidate.token });
    const phoneToken = (await api(server, 'POST', '/phone/sessions', { body: { code: pairing.body.code } })).body.token as string;
    const phone = await connectLive(server, phoneToken);
    send(phone, { type: 'live.publish', sources: ['phone'] });
    expect(await live(phone).next(of('live.request', 'view-phone-0001'))).toMatchObject({ maxBitrateBps: 300_000 });
    send(phone, { type: 'live.signal', viewId: 'view-phone-0001', signal: { type: 'offer', sdp: 'v=0 phone' } });
    expect(await live(supervisor).next((e) => e.type === 'live.signal' && e['peer'] === 'phone')).toMatchObject({ signal: { sdp: 'v=0 phone' } });
    send(supervisor, { type: 'live.signal', viewId: 'view-phone-0001', peer: 'phone', signal: { type: 'answer', sdp: 'v=0 to phone' } });
    expect(await live(phone).next(of('live.signal', 'view-phone-0001'))).toMatchObject({ signal: { sdp: 'v=0 to phone' } });
    expect(live(candidate.socket).events.filter(of('live.signal', 'view-phone-0001'))).toEqual([]);

    phone.socket.close();
    expect(await live(supervisor).next(of('live.ended', 'view-phone-0001'))).toMatchObject({ reason: 'phoneOffline', peer: 'phone' });
    expect(server.app.examroom.live.liveViews).toBe(1);

    // A supervisor ends the interview (any finish does: the page's own, the deadline's).
    expect((await api(server, 'POST', `/supervisor/candidates/${own.candidates[0]!.id}/end`, { token: supervisorSession, body: { reason: '测试结束' } })).status).toBe(201);
    expect(await live(supervisor).next((e) => e.type === 'live.ended' && e['reason'] === 'finished')).toMatchObject({ viewId: 'view-phone-0001' });
    expect(await live(candidate.socket).next((e) => e.type === 'live.ended' && e['reason'] === 'finished')).toBeTruthy();
    send(supervisor, { type: 'live.watch', viewId: 'view-phone-0002', candidateId: own.candidates[0]!.id });
    expect(await live(supervisor).next(of('live.error', 'view-phone-0002'))).toMatchObject({ code: 'CANDIDATE_FINISHED' });
    candidate.socket.socket.close();
    supervisor.socket.close();
  });
});
