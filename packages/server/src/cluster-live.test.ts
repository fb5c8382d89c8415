/**
 * Live events and 实时画面 signalling across servers: two (or three) reference servers on one throwaway PostgreSQL,
 * each holding its own sockets. Whatever a call on one server publishes reaches the sockets of the other; a session
 * ended on one closes its sockets on the other; a view's signalling crosses whichever server each end is on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { LiveEvent } from '@examroom/adapters/rest';
import { channelName, createPgClusterChannel, NOTIFY_PART_BYTES, splitUtf8, type ClusterMessage } from './cluster-channel.js';
import { createInbox } from '../../adapters/src/contract/inbox.js';
import { startPostgres, type ThrowawayPostgres } from './test-support/postgres.js';
import {
  api,
  connectLive,
  enter,
  login,
  removeTempDirs,
  seedExam,
  startServer,
  supervisorToken,
  tempDir,
  type LiveClient,
  type SeededExam,
  type TestServer,
} from './test-support/server.js';

let postgres: ThrowawayPostgres;
let databaseUrl: string;
let dataDir: string;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.freshSchema();
  // One data directory for both, as on a shared volume (the same ID number key).
  dataDir = tempDir();
  a = await startServer({ databaseUrl, dataDir, liveView: { viewsPerCandidate: 2 } });
  b = await startServer({ databaseUrl, dataDir, liveView: { viewsPerCandidate: 2 } });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await postgres?.stop();
  removeTempDirs();
});

const help = (id: string, text: string) => ({ id, text });

/** Moves both servers' clocks (each server has its own dev clock) to the same later time. */
async function advance(ms: number): Promise<void> {
  const now = (await api(a, 'GET', '/time')).body.serverTime as number;
  for (const server of [a, b]) expect((await api(server, 'POST', '/dev/clock', { body: { now: now + ms } })).status).toBe(200);
}

async function pairPhone(server: TestServer, token: string): Promise<string> {
  const pairing = await api(server, 'POST', '/me/pairing', { token });
  return (await api(server, 'POST', '/phone/sessions', { body: { code: pairing.body.code } })).body.token as string;
}

describe('live events across servers', () => {
  let exam: SeededExam;
  beforeAll(async () => {
    exam = await seedExam(a, 2);
  });

  it('each server has a cluster id; the two differ', () => {
    expect(a.app.examroom.live.serverId).toEqual(expect.any(String));
    expect(b.app.examroom.live.serverId).toEqual(expect.any(String));
    expect(a.app.examroom.live.serverId).not.toBe(b.app.examroom.live.serverId);
  });

  it('a supervisor’s socket on A sees the status, help and evidence events of calls made on B', async () => {
    const candidate = exam.candidates[0]!;
    const supervisor = await connectLive(a, await supervisorToken(a, [exam.examId]));
    const token = await login(b, exam, 0, 'cross-device-key-0');
    await supervisor.next((e) => e.type === 'candidate.status' && e.status.candidate.id === candidate.id && e.status.online);

    expect((await api(b, 'POST', '/me/help', { token, body: help('msg_cross_1', '摄像头打不开') })).status).toBe(201);
    expect(await supervisor.next((e) => e.type === 'help.message' && e.message.id === 'msg_cross_1')).toMatchObject({ candidateId: candidate.id, message: { text: '摄像头打不开' } });
    await supervisor.next((e) => e.type === 'candidate.status' && e.status.candidate.id === candidate.id && e.status.helpMessages === 1);

    const phone = await pairPhone(b, token);
    expect((await api(b, 'PUT', '/phone/evidence', { token: phone, body: { state: 'recording' } })).status).toBe(200);
    expect(await supervisor.next((e) => e.type === 'evidence.status' && e.status.state === 'recording')).toMatchObject({ candidateId: candidate.id });
    supervisor.socket.close();
  });

  it('a candidate’s socket on A gets the supervisor’s reply made on B, and nothing meant for others', async () => {
    const [candidate, other] = [exam.candidates[0]!, exam.candidates[1]!];
    const token = await login(a, exam, 0, 'cross-device-key-0');
    const live = await connectLive(a, token);
    const supervisor = await supervisorToken(b, [exam.examId]);
    expect((await api(b, 'POST', `/supervisor/candidates/${other.id}/help`, { token: supervisor, body: help('msg_cross_other', '不是给你的') })).status).toBe(201);
    expect((await api(b, 'POST', `/supervisor/candidates/${candidate.id}/help`, { token: supervisor, body: help('msg_cross_reply', '请稍等') })).status).toBe(201);
    // Events from one server arrive in the order it published them: the reply after the other candidate's message.
    expect(await live.next((e) => e.type === 'help.message')).toMatchObject({ candidateId: candidate.id, message: { id: 'msg_cross_reply', from: 'supervisor' } });
    expect(live.events.filter((e) => e.type === 'candidate.status' || ('candidateId' in e && e.candidateId !== candidate.id))).toEqual([]);
    live.socket.close();
  });

  it('a logout on B closes the session’s socket on A', async () => {
    await advance(31_000);
    const token = await login(a, exam, 1, 'logout-cross-key');
    const live = await connectLive(a, token);
    expect((await api(b, 'DELETE', '/sessions/current', { token })).status).toBe(204);
    expect(await live.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(live.events.at(-1)).toEqual({ type: 'session.revoked', candidateId: exam.candidates[1]!.id, reason: 'SESSION_REVOKED' });
  });

  it('a takeover on B closes the old session’s socket on A, and a supervisor’s logout on B closes theirs on A', async () => {
    await advance(31_000);
    const first = await login(a, exam, 1, 'takeover-first-key');
    const live = await connectLive(a, first);
    await advance(31_000);
    const second = await login(b, exam, 1, 'takeover-second-key');
    expect(await live.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(live.events.at(-1)).toMatchObject({ type: 'session.revoked', reason: 'SESSION_REVOKED' });
    expect((await api(a, 'GET', '/me', { token: second })).status).toBe(200);

    const supervisor = await supervisorToken(a, [exam.examId]);
    const liveSupervisor = await connectLive(a, supervisor);
    expect((await api(b, 'DELETE', '/sessions/current', { token: supervisor })).status).toBe(204);
    expect(await liveSupervisor.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
  });

  it('a phone replaced through B closes the old phone’s socket on A', async () => {
    const own = await seedExam(a, 1);
    const token = await login(a, own, 0, 'phone-cross-key');
    const oldPhone = await pairPhone(a, token);
    const liveOld = await connectLive(a, oldPhone);
    await pairPhone(b, token);
    expect(await liveOld.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(liveOld.events.at(-1)).toEqual({ type: 'session.revoked', candidateId: own.candidates[0]!.id, reason: 'PHONE_REPLACED' });
  });

  it('an event longer than NOTIFY’s payload limit crosses whole', async () => {
    const own = await seedExam(a, 1);
    const token = await login(b, own, 0, 'big-event-key');
    const live = await connectLive(a, token);
    const supervisor = await supervisorToken(b, [own.examId]);
    // 2000 characters, each written \u0001 in JSON (6 bytes), the help text's longest: 12 kB, two parts.
    const text = `长${'\u0001'.repeat(1998)}尾`;
    expect((await api(b, 'POST', `/supervisor/candidates/${own.candidates[0]!.id}/help`, { token: supervisor, body: help('msg_big_1', text) })).status).toBe(201);
    const arrived = await live.next((e) => e.type === 'help.message');
    expect(Buffer.byteLength(JSON.stringify(arrived))).toBeGreaterThan(NOTIFY_PART_BYTES);
    expect(arrived).toMatchObject({ message: { id: 'msg_big_1', text } });
    live.socket.close();
  });
});

describe('the cluster channel', () => {
  it('carries a message of many parts whole and in order, with characters of every width', async () => {
    const url = await postgres.freshSchema();
    const [one, two] = [await createPgClusterChannel({ connectionString: url }), await createPgClusterChannel({ connectionString: url })];
    try {
      const inbox = createInbox<ClusterMessage>((message) => message.t);
      two.subscribe((message) => inbox.push(message));
      const text = Array.from({ length: 30_000 }, (_, i) => ['a', 'é', '测', '😀'][i % 4]).join('');
      one.publish({ t: 'test', n: 1, text });
      one.publish({ t: 'test', n: 2, text: 'short' });
      await inbox.next((message) => message['n'] === 2, 10_000);
      expect(inbox.items.map((message) => message['n'])).toEqual([1, 2]);
      expect(inbox.items[0]!['text']).toBe(text);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('cuts text at character boundaries only', () => {
    const text = '测😀a'.repeat(1000);
    const parts = splitUtf8(text, 100);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(100);
  });

  it('takes a server not heard for three heartbeats for gone, and asks one it did not hear say hello to say it', async () => {
    const url = await postgres.freshSchema();
    const one = await createPgClusterChannel({ connectionString: url, heartbeatMs: 100 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const happened = createInbox<string>();
      one.onServerJoined((id) => happened.push(`joined ${id}`));
      one.onServerGone((id) => happened.push(`gone ${id}`));
      const heard = createInbox<string>();
      admin.on('notification', (notification) => heard.push(notification.payload ?? ''));
      const schema = (await admin.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
      await admin.query(`LISTEN ${admin.escapeIdentifier(channelName(schema))}`);
      // A server that says it is alive once, then nothing (killed without its bye).
      await admin.query('SELECT pg_notify($1, $2)', [channelName(schema), `silentserver 1 0 1 ${JSON.stringify({ t: 'alive' })}`]);
      await happened.next((what) => what === 'joined silentserver');
      expect(await heard.next((payload) => payload.startsWith(one.serverId) && payload.includes('"to":"silentserver"'))).toContain('"t":"hello"');
      await happened.next((what) => what === 'gone silentserver', 10_000);
    } finally {
      await admin.end();
      await one.close();
    }
  });

  it('says a server is gone at its bye, and tells of a gap when its LISTEN connection is cut', async () => {
    const url = await postgres.freshSchema();
    const one = await createPgClusterChannel({ connectionString: url });
    const two = await createPgClusterChannel({ connectionString: url });
    try {
      const happened = createInbox<string>();
      one.onServerJoined((id) => happened.push(`joined ${id}`));
      one.onServerGone((id) => happened.push(`gone ${id}`));
      one.onGap(() => happened.push('gap'));
      // Two says hello when it starts; one hears of it at the latest with two's next message.
      two.publish({ t: 'test' });
      await happened.next((what) => what === `joined ${two.serverId}`);

      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`examroom-live:${one.serverId}`]);
      await admin.end();
      await happened.next((what) => what === 'gap', 10_000);

      await two.close();
      await happened.next((what) => what === `gone ${two.serverId}`, 10_000);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('live sockets when the channel was down', () => {
  it('closes the sockets for a reconnection (1012), and the events flow again on the new ones', async () => {
    const own = await seedExam(a, 1);
    const token = await supervisorToken(a, [own.examId]);
    const live = await connectLive(a, token);
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    // Both of A's connections (listening, publishing) cut, as by a database restart.
    const cut = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name IN ($1, $2)', [
      `examroom-live:${a.app.examroom.live.serverId}`,
      `examroom-live-publish:${a.app.examroom.live.serverId}`,
    ]);
    expect(cut.rowCount).toBe(2);
    await admin.end();
    expect(await live.closed).toEqual({ code: 1012, reason: 'RESYNC' });

    // The console reconnects; events cross both ways again.
    const again = await connectLive(a, token);
    const candidate = await login(b, own, 0, 'after-gap-key');
    const onB = await connectLive(b, candidate);
    expect((await api(b, 'POST', '/me/help', { token: candidate, body: help('msg_after_gap', '还在吗') })).status).toBe(201);
    await again.next((e) => e.type === 'help.message' && e.message.id === 'msg_after_gap', 10_000);
    expect((await api(a, 'POST', `/supervisor/candidates/${own.candidates[0]!.id}/help`, { token, body: help('msg_after_gap_reply', '在') })).status).toBe(201);
    await onB.next((e) => e.type === 'help.message' && e.message.id === 'msg_after_gap_reply', 10_000);
    again.socket.close();
    onB.socket.close();
  });
});

type Message = { type: string; [field: string]: unknown };
const live = (client: LiveClient) => client as unknown as { events: readonly Message[]; next(predicate: (event: Message) => boolean, timeoutMs?: number): Promise<Message> };
const send = (client: LiveClient, message: object) => client.socket.send(JSON.stringify(message));
const of = (type: string, viewId?: string) => (event: Message) => event.type === type && (viewId === undefined || event['viewId'] === viewId);

describe('实时画面 signalling across servers', () => {
  /** A candidate whose page publishes on `server`, and a supervisor on another who has heard of it. */
  async function publishing(server: TestServer, own: SeededExam, key: string) {
    const token = await login(server, own, 0, key);
    const socket = await connectLive(server, token);
    send(socket, { type: 'live.publish', sources: ['camera', 'screen'] });
    return { token, socket };
  }

  it('relays a view between a supervisor on A and the candidate’s page and phone on B, and ends it from either side', async () => {
    const own = await seedExam(a, 1);
    const candidateId = own.candidates[0]!.id;
    const supervisorSession = await supervisorToken(a, [own.examId]);
    const supervisor = await connectLive(a, supervisorSession);
    const candidate = await publishing(b, own, 'view-cross-key');
    // A's relay heard of the publication on B: its supervisors are told.
    expect(await live(supervisor).next(of('live.available'))).toMatchObject({ candidateId, peers: ['candidate'] });

    send(supervisor, { type: 'live.watch', viewId: 'view-cross-0001', candidateId });
    expect(await live(supervisor).next(of('live.accepted', 'view-cross-0001'))).toMatchObject({ candidateId, peers: ['candidate'] });
    await live(candidate.socket).next(of('live.request', 'view-cross-0001'));
    send(candidate.socket, { type: 'live.signal', viewId: 'view-cross-0001', signal: { type: 'offer', sdp: 'v=0 from B' } });
    expect(await live(supervisor).next(of('live.signal', 'view-cross-0001'))).toMatchObject({ peer: 'candidate', signal: { sdp: 'v=0 from B' } });
    send(supervisor, { type: 'live.signal', viewId: 'view-cross-0001', signal: { type: 'answer', sdp: 'v=0 from A' } });
    expect(await live(candidate.socket).next(of('live.signal', 'view-cross-0001'))).toMatchObject({ signal: { sdp: 'v=0 from A' } });
    // The view lives on the server where the candidate's computer publishes.
    expect([a.app.examroom.live.liveViews, b.app.examroom.live.liveViews]).toEqual([0, 1]);
    // Its id is in use there: a second watch with it is refused, and the view goes on.
    send(supervisor, { type: 'live.watch', viewId: 'view-cross-0001', candidateId });
    expect(await live(supervisor).next(of('live.error', 'view-cross-0001'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    send(supervisor, { type: 'live.signal', viewId: 'view-cross-0001', signal: { candidate: 'still relayed' } });
    expect(await live(candidate.socket).next((e) => e.type === 'live.signal' && JSON.stringify(e['signal']).includes('still relayed'))).toBeTruthy();

    // The phone, paired and publishing on A, joins the view held on B; its signals reach the supervisor.
    await enter(b, candidate.token);
    const phone = await connectLive(a, await pairPhone(b, candidate.token));
    send(phone, { type: 'live.publish', sources: ['phone'] });
    await live(phone).next(of('live.request', 'view-cross-0001'));
    send(phone, { type: 'live.signal', viewId: 'view-cross-0001', signal: { type: 'offer', sdp: 'v=0 phone' } });
    expect(await live(supervisor).next((e) => e.type === 'live.signal' && e['peer'] === 'phone')).toMatchObject({ signal: { sdp: 'v=0 phone' } });
    send(supervisor, { type: 'live.signal', viewId: 'view-cross-0001', peer: 'phone', signal: { type: 'answer', sdp: 'v=0 to phone' } });
    expect(await live(phone).next(of('live.signal', 'view-cross-0001'))).toMatchObject({ signal: { sdp: 'v=0 to phone' } });
    phone.socket.close();
    expect(await live(supervisor).next(of('live.ended', 'view-cross-0001'))).toMatchObject({ reason: 'phoneOffline', peer: 'phone' });

    // Stopped by the supervisor on A: the page on B is told.
    send(supervisor, { type: 'live.stop', viewId: 'view-cross-0001' });
    expect(await live(candidate.socket).next(of('live.ended', 'view-cross-0001'))).toMatchObject({ reason: 'stopped' });

    // Another view; the page on B goes: the supervisor on A is told candidateOffline.
    send(supervisor, { type: 'live.watch', viewId: 'view-cross-0002', candidateId });
    await live(candidate.socket).next(of('live.request', 'view-cross-0002'));
    candidate.socket.socket.close();
    expect(await live(supervisor).next(of('live.ended', 'view-cross-0002'))).toMatchObject({ reason: 'candidateOffline' });
    expect(b.app.examroom.live.liveViews).toBe(0);
    supervisor.socket.close();
  });

  it('counts the views of a candidate across servers, and frees one when a supervisor’s socket on another server closes', async () => {
    const own = await seedExam(a, 1);
    const candidateId = own.candidates[0]!.id;
    const onA = await connectLive(a, await supervisorToken(a, [own.examId]));
    const onB = await connectLive(b, await supervisorToken(b, [own.examId]));
    const candidate = await publishing(b, own, 'view-cap-cross-key');
    await live(onA).next(of('live.available'));
    await live(onB).next(of('live.available'));
    send(onA, { type: 'live.watch', viewId: 'view-ccap-0001', candidateId });
    send(onB, { type: 'live.watch', viewId: 'view-ccap-0002', candidateId });
    await live(onA).next(of('live.accepted', 'view-ccap-0001'));
    await live(onB).next(of('live.accepted', 'view-ccap-0002'));
    // Two views per candidate (this cluster's setting), whichever server their supervisors are on.
    send(onA, { type: 'live.watch', viewId: 'view-ccap-0003', candidateId });
    expect(await live(onA).next(of('live.error', 'view-ccap-0003'))).toMatchObject({ code: 'LIVE_VIEWS_EXHAUSTED' });

    onA.socket.close();
    expect(await live(candidate.socket).next(of('live.ended', 'view-ccap-0001'))).toMatchObject({ reason: 'stopped' });
    const again = await connectLive(a, await supervisorToken(a, [own.examId]));
    send(again, { type: 'live.watch', viewId: 'view-ccap-0004', candidateId });
    await live(again).next(of('live.accepted', 'view-ccap-0004'));

    // A supervisor of another exam is refused by the domain on the view's server, in their own words.
    const outsider = await connectLive(a, await supervisorToken(a, [(await seedExam(a, 1)).examId]));
    send(outsider, { type: 'live.watch', viewId: 'view-ccap-0005', candidateId });
    expect(await live(outsider).next(of('live.error', 'view-ccap-0005'))).toMatchObject({ code: 'FORBIDDEN' });

    // The interview ends through A: the views held on B end as finished.
    const ender = await supervisorToken(a, [own.examId]);
    await enter(b, candidate.token);
    expect((await api(a, 'POST', `/supervisor/candidates/${candidateId}/end`, { token: ender, body: { reason: '测试结束' } })).status).toBe(201);
    expect(await live(again).next(of('live.ended', 'view-ccap-0004'))).toMatchObject({ reason: 'finished' });
    expect(await live(onB).next(of('live.ended', 'view-ccap-0002'))).toMatchObject({ reason: 'finished' });
    for (const socket of [onB, again, outsider, candidate.socket]) socket.socket.close();
  });

  it('ends the views of a server that stops: those of its supervisors, and those of its candidates’ pages', async () => {
    const c = await startServer({ databaseUrl, dataDir, liveView: { viewsPerCandidate: 2 } });
    try {
      const own = await seedExam(a, 2);
      const [first, second] = [own.candidates[0]!.id, own.candidates[1]!.id];
      const onC = await connectLive(c, await supervisorToken(c, [own.examId]));
      const onA = await connectLive(a, await supervisorToken(a, [own.examId]));
      const candidate = await publishing(b, own, 'view-gone-key');
      const onServerC = await connectLive(c, await login(c, own, 1, 'view-gone-key-c'));
      send(onServerC, { type: 'live.publish', sources: ['camera'] });
      await live(onC).next(of('live.available'));
      await live(onA).next((e) => e.type === 'live.available' && e['candidateId'] === second);
      send(onC, { type: 'live.watch', viewId: 'view-gone-0001', candidateId: first });
      await live(candidate.socket).next(of('live.request', 'view-gone-0001'));
      send(onA, { type: 'live.watch', viewId: 'view-gone-0002', candidateId: second });
      await live(onA).next(of('live.accepted', 'view-gone-0002'));
      expect(b.app.examroom.live.liveViews).toBe(1);
      await c.close();
      // The view's supervisor went with server C: the page on B is told and the view is free.
      expect(await live(candidate.socket).next(of('live.ended', 'view-gone-0001'))).toMatchObject({ reason: 'stopped' });
      expect(b.app.examroom.live.liveViews).toBe(0);
      // The page of the view held on C went with it: the supervisor on A is told, as when a page goes offline.
      expect(await live(onA).next(of('live.ended', 'view-gone-0002'))).toMatchObject({ reason: 'candidateOffline' });
      candidate.socket.socket.close();
      onA.socket.close();
    } finally {
      await c.close();
    }
  });
});

describe('one server on SQLite', () => {
  it('has no cluster: nothing is published to any database, and the events still reach its sockets', async () => {
    const single = await startServer();
    try {
      expect(single.app.examroom.live.serverId).toBeNull();
      const own = await seedExam(single, 1);
      const token = await login(single, own, 0);
      const socket = await connectLive(single, token);
      const supervisor = await supervisorToken(single, [own.examId]);
      await api(single, 'POST', `/supervisor/candidates/${own.candidates[0]!.id}/help`, { token: supervisor, body: help('msg_single', '好') });
      const event: LiveEvent = await socket.next((e) => e.type === 'help.message');
      expect(event).toMatchObject({ message: { id: 'msg_single' } });
      socket.socket.close();
    } finally {
      await single.close();
    }
  });
});
