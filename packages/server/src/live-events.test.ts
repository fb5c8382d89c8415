import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PHONE_SILENT_AFTER_MS } from '@examroom/core';
import { sampleBytes, tusUpload } from '../../adapters/src/contract/http.js';
import type { LiveEvent } from '@examroom/adapters/rest';
import { api, connectLive, liveUrl, login, removeTempDirs, seedExam, startServer, supervisorToken, type SeededExam, type TestServer } from './test-support/server.js';

let server: TestServer;
let exam: SeededExam;
let otherExam: SeededExam;

beforeAll(async () => {
  server = await startServer();
  exam = await seedExam(server, 2);
  otherExam = await seedExam(server, 1);
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const help = (id: string, text: string) => ({ id, text });

/** Moves server time on, e.g. past the 30 s after which a silent session may be taken over (R6). */
async function advance(ms: number): Promise<void> {
  const now = (await api(server, 'GET', '/time')).body.serverTime as number;
  expect((await api(server, 'POST', '/dev/clock', { body: { now: now + ms } })).status).toBe(200);
}

describe('live events WebSocket', () => {
  it('closes with 4401 when the first message is not a valid auth', async () => {
    for (const first of ['hello', JSON.stringify({ type: 'auth' }), JSON.stringify({ type: 'auth', token: 'unknown-token' }), JSON.stringify({ type: 'subscribe' })]) {
      const client = await connectLive(server);
      client.socket.send(first);
      expect((await client.closed).code, first).toBe(4401);
    }
  });

  it('closes with 4401 when no auth arrives within 5 s', async () => {
    const socket = new WebSocket(liveUrl(server));
    const started = Date.now();
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  }, 15_000);

  it('delivers help messages to the candidate’s sessions and their exam’s supervisors only', async () => {
    const [a, b] = [exam.candidates[0]!, exam.candidates[1]!];
    const tokenA = await login(server, exam, 0);
    const tokenB = await login(server, exam, 1);
    const supervisor = await supervisorToken(server, [exam.examId]);
    const outsider = await supervisorToken(server, [otherExam.examId]);

    const liveA = await connectLive(server, tokenA);
    const liveB = await connectLive(server, tokenB);
    const liveSupervisor = await connectLive(server, supervisor);
    const liveOutsider = await connectLive(server, outsider);

    const reply = await api(server, 'POST', `/supervisor/candidates/${a.id}/help`, { token: supervisor, body: help('msg_reply_1', '请稍等，马上处理。') });
    expect(reply.status).toBe(201);
    const asked = await api(server, 'POST', '/me/help', { token: tokenB, body: help('msg_question_b', 'Camera?') });
    expect(asked.status).toBe(201);

    const toA = await liveA.next((e) => e.type === 'help.message');
    expect(toA).toEqual({ type: 'help.message', candidateId: a.id, message: reply.body });
    await liveSupervisor.next((e) => e.type === 'help.message' && e.candidateId === a.id);
    await liveSupervisor.next((e) => e.type === 'help.message' && e.candidateId === b.id);
    await liveSupervisor.next((e) => e.type === 'candidate.status');
    await liveB.next((e) => e.type === 'help.message' && e.candidateId === b.id);

    // Before checking that nothing stray arrived, a last message for each socket (a fence): a socket delivers in
    // order, so once its fence is in, nothing sent to it before is still on its way.
    const other = otherExam.candidates[0]!;
    await api(server, 'POST', `/supervisor/candidates/${a.id}/help`, { token: supervisor, body: help('msg_fence_a', '.') });
    await api(server, 'POST', `/supervisor/candidates/${b.id}/help`, { token: supervisor, body: help('msg_fence_b', '.') });
    await api(server, 'POST', `/supervisor/candidates/${other.id}/help`, { token: outsider, body: help('msg_fence_other', '.') });
    const isFence = (id: string) => (e: LiveEvent) => e.type === 'help.message' && e.message.id === id;
    await Promise.all([liveA.next(isFence('msg_fence_a')), liveB.next(isFence('msg_fence_b')), liveOutsider.next(isFence('msg_fence_other'))]);
    expect(liveA.events.every((e) => e.type !== 'candidate.status' && (!('candidateId' in e) || e.candidateId === a.id))).toBe(true);
    expect(liveB.events.some((e) => 'candidateId' in e && e.candidateId === a.id)).toBe(false);
    expect(liveOutsider.events.slice(0, liveOutsider.events.findIndex(isFence('msg_fence_other')))).toEqual([]);

    for (const live of [liveA, liveB, liveSupervisor, liveOutsider]) live.socket.close();
  });

  it('sends session.revoked to a taken-over session and closes its socket, leaving the new one open', async () => {
    const candidate = exam.candidates[0]!;
    await advance(31_000);
    const first = await login(server, exam, 0, 'first-device-key');
    const live = await connectLive(server, first);

    // R6: the first device falls silent for more than 30 s; another device may then take over.
    await advance(31_000);
    const second = await login(server, exam, 0, 'second-device-key');
    const liveSecond = await connectLive(server, second);

    const revoked = await live.next((e) => e.type === 'session.revoked');
    expect(revoked).toMatchObject({ type: 'session.revoked', candidateId: candidate.id });
    expect((await live.closed).code).toBe(4401);

    expect((await api(server, 'GET', '/me', { token: first })).status).toBe(401);
    expect((await api(server, 'GET', '/me', { token: second })).status).toBe(200);
    expect(liveSecond.socket.readyState).toBe(WebSocket.OPEN);
    expect(liveSecond.events.some((e) => e.type === 'session.revoked')).toBe(false);
    liveSecond.socket.close();
  });

  it('refuses a revoked token at auth', async () => {
    await advance(31_000);
    const first = await login(server, exam, 1, 'device-one-key');
    await advance(31_000);
    await login(server, exam, 1, 'device-two-key');
    const client = await connectLive(server);
    client.socket.send(JSON.stringify({ type: 'auth', token: first }));
    const closed = await client.closed;
    expect(closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
  });

  it('closes the socket at once when its session logs out', async () => {
    await advance(31_000);
    const token = await login(server, exam, 1, 'logout-device-key');
    const live = await connectLive(server, token);
    expect((await api(server, 'DELETE', '/sessions/current', { token })).status).toBe(204);
    expect(await live.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(live.events).toEqual([{ type: 'session.revoked', candidateId: exam.candidates[1]!.id, reason: 'SESSION_REVOKED' }]);
  });

  it('closes a supervisor’s socket at logout too', async () => {
    const token = await supervisorToken(server, [exam.examId]);
    const live = await connectLive(server, token);
    expect((await api(server, 'DELETE', '/sessions/current', { token })).status).toBe(204);
    expect(await live.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
  });

  it('gives the phone its evidence status and never the help chat; a new phone replaces it and closes its socket', async () => {
    const own = await seedExam(server, 1);
    const candidate = own.candidates[0]!;
    const token = await login(server, own, 0, 'phone-owner-key');
    const pair = async () => {
      const pairing = await api(server, 'POST', '/me/pairing', { token });
      return (await api(server, 'POST', '/phone/sessions', { body: { code: pairing.body.code } })).body.token as string;
    };
    const phone = await pair();
    const livePhone = await connectLive(server, phone);
    const liveCandidate = await connectLive(server, token);
    const supervisor = await supervisorToken(server, [own.examId]);
    await api(server, 'POST', `/supervisor/candidates/${candidate.id}/help`, { token: supervisor, body: help('msg_not_for_phone', '请看屏幕') });
    await api(server, 'POST', '/me/help', { token, body: help('msg_not_for_phone_2', '好的') });
    expect((await api(server, 'PUT', '/phone/evidence', { token: phone, body: { state: 'recording' } })).status).toBe(200);
    // Events reach a socket in order: once the phone has its evidence status, the help messages before it would have come.
    await livePhone.next((e) => e.type === 'evidence.status' && e.status.state === 'recording');
    await liveCandidate.next((e) => e.type === 'help.message' && e.message.id === 'msg_not_for_phone_2');
    expect(livePhone.events.map((e) => e.type)).toEqual(['evidence.status']);

    const newPhone = await pair();
    expect(await livePhone.closed).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(livePhone.events.at(-1)).toEqual({ type: 'session.revoked', candidateId: candidate.id, reason: 'PHONE_REPLACED' });
    const replaced = await liveCandidate.next((e) => e.type === 'evidence.status' && e.status.phoneReplacedAt !== undefined);
    expect(replaced).toMatchObject({ status: { state: 'phoneConnected' } });
    expect((await api(server, 'PUT', '/phone/evidence', { token: phone, body: { state: 'stopped' } })).body.code).toBe('SESSION_REVOKED');
    expect((await api(server, 'PUT', '/phone/evidence', { token: newPhone, body: { state: 'recording' } })).status).toBe(200);
    liveCandidate.socket.close();
  });

  it('closes every socket of a session when the dev clock passes its expiry', async () => {
    const own = await seedExam(server, 1);
    const token = await login(server, own, 0, 'expiring-device-key');
    const live = await connectLive(server, token);
    const supervisor = await supervisorToken(server, [own.examId]);
    const liveSupervisor = await connectLive(server, supervisor);
    // The sitting starts in 10 minutes; answer time 5 minutes, evidence due 60 minutes after: 75 minutes from now.
    await advance(75 * 60_000);
    expect(await live.closed).toEqual({ code: 4401, reason: 'SESSION_EXPIRED' });
    expect(live.events.at(-1)).toMatchObject({ type: 'session.revoked', reason: 'SESSION_EXPIRED' });
    expect((await api(server, 'GET', '/me', { token })).body.code).toBe('SESSION_EXPIRED');
    // The supervisor used their session 75 minutes ago: still theirs for hours.
    expect(liveSupervisor.socket.readyState).toBe(WebSocket.OPEN);
    await advance(12 * 60 * 60_000);
    expect(await liveSupervisor.closed).toEqual({ code: 4401, reason: 'SESSION_EXPIRED' });
    expect((await api(server, 'GET', '/supervisor/sittings', { token: supervisor })).status).toBe(401);
  });
});

describe('the phone as the supervisors see it, live', () => {
  it('tells the supervisors of a silent phone by the server’s own sweep, and everyone when the phone is heard again', async () => {
    const own = await startServer({ silentPhoneSweepMs: 50 });
    try {
      const seeded = await seedExam(own, 1);
      const candidate = seeded.candidates[0]!;
      const token = await login(own, seeded, 0, 'silent-phone-key');
      const pairing = await api(own, 'POST', '/me/pairing', { token });
      // Typed as a candidate might: lower case, a space for the dash.
      const phone = (await api(own, 'POST', '/phone/sessions', { body: { code: String(pairing.body.code).toLowerCase().replace('-', ' ') } })).body.token as string;
      expect((await api(own, 'PUT', '/phone/evidence', { token: phone, body: { state: 'recording' } })).status).toBe(200);
      expect((await api(own, 'POST', '/me/entry', { token })).status).toBe(200);
      const supervisor = await supervisorToken(own, [seeded.examId]);
      const liveSupervisor = await connectLive(own, supervisor);
      const liveCandidate = await connectLive(own, token);
      const now = (await api(own, 'GET', '/time')).body.serverTime as number;
      expect((await api(own, 'POST', '/dev/clock', { body: { now: now + PHONE_SILENT_AFTER_MS } })).status).toBe(200);
      // Nobody reads the candidate: the sweep finds the silence and the supervisors' candidate.status counts it.
      await liveSupervisor.next((e) => e.type === 'candidate.status' && e.status.candidate.id === candidate.id && e.status.incidents === 1);
      const incidents = await api(own, 'GET', `/supervisor/candidates/${candidate.id}/incidents`, { token: supervisor });
      // Silent from the phone's last request (before `now`, on a clock that runs on from where the dev control set it).
      expect(incidents.body).toEqual([{ id: expect.any(String), kind: 'evidenceSilent', at: expect.any(Number) }]);
      expect(incidents.body[0].at).toBeLessThanOrEqual(now + PHONE_SILENT_AFTER_MS);
      expect((await api(own, 'POST', '/sessions/current/heartbeat', { token: phone })).status).toBe(204);
      const heardAgain = (e: LiveEvent) => e.type === 'evidence.status' && (e.status.phoneSeenAt ?? 0) >= now + PHONE_SILENT_AFTER_MS;
      expect(await liveCandidate.next(heardAgain)).toMatchObject({ status: { state: 'recording' } });
      await liveSupervisor.next(heardAgain);
    } finally {
      await own.close();
    }
  });

  it('pushes the evidence bytes as they arrive to the candidate’s page, the phone and the supervisors', async () => {
    const seeded = await seedExam(server, 1);
    const token = await login(server, seeded, 0, 'evidence-bytes-key');
    const pairing = await api(server, 'POST', '/me/pairing', { token });
    const phone = (await api(server, 'POST', '/phone/sessions', { body: { code: pairing.body.code } })).body.token as string;
    expect((await api(server, 'PUT', '/phone/evidence', { token: phone, body: { state: 'recording' } })).status).toBe(200);
    const sockets = [await connectLive(server, token), await connectLive(server, phone), await connectLive(server, await supervisorToken(server, [seeded.examId]))];
    const created = await api(server, 'POST', '/phone/recordings', { token: phone, body: { mimeType: 'video/webm' } });
    const target = { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    await tusUpload(target, created.body.uploadUrl as string, phone, sampleBytes(5_000, 3), { declareLength: false });
    for (const live of sockets) await live.next((e) => e.type === 'evidence.status' && e.status.bytesReceived === 5_000);
    for (const live of sockets) live.socket.close();
  });
});
