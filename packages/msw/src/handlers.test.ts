import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { WebSocket as NodeWebSocket } from 'ws';
import { LOCALES, type LiveEvent } from '@examroom/core';
import { createRestExamApi } from '@examroom/adapters/rest';
import { applyDemoExam, type DemoAccounts } from '@examroom/domain';
import { createInbox } from '../../adapters/src/contract/inbox.js';
import { createMswHandlers } from './handlers.js';

// Node 20 has no global WebSocket; MSW intercepts the global class, so give it one to patch before listen().
(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;

const BASE = 'http://examroom.test';
let accounts!: DemoAccounts;
const mock = createMswHandlers({
  baseUrl: BASE,
  devRoutes: true,
  seed: async (repo, crypto, now) => {
    accounts = await applyDemoExam(repo, crypto, now);
  },
});
const server = setupServer(...mock.handlers);

beforeAll(async () => {
  await mock.ready;
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => server.close());

interface Account {
  readonly idNumber: string;
  readonly password: string;
}

let serial = 0;
/** A fresh candidate in a fresh sitting (by default five minutes from now: login and entry open), through the dev route. */
async function newCandidate(startsInMs = 5 * 60_000): Promise<Account> {
  serial += 1;
  const account = { name: `考生${serial}`, idNumber: `9900000000000${String(serial).padStart(5, '0')}`, password: `pw-${serial}`, admissionNumber: `T${serial}` };
  const response = await json('/dev/sittings', {
    method: 'POST',
    body: JSON.stringify({ examId: accounts.examId, name: `测试场${serial}`, startsAt: mock.clock.now() + startsInMs, candidates: [account] }),
  });
  expect(response.status).toBe(201);
  return account;
}

let device = 0;
async function login(account: Account, lang?: string): Promise<string> {
  device += 1;
  const response = await fetch(`${BASE}/api/v1/sessions/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(lang ? { 'accept-language': lang } : {}) },
    body: JSON.stringify({ examId: accounts.examId, idNumber: account.idNumber, password: account.password, deviceKey: `device-key-${device}` }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** The candidate's phone pairs and reports 录制中, which the lot and entry wait for (R9). */
async function phoneRecording(token: string): Promise<void> {
  const { code } = (await json('/me/pairing', { method: 'POST', token })).body as { code: string };
  const phone = ((await json('/phone/sessions', { method: 'POST', body: JSON.stringify({ code }) })).body as { token: string }).token;
  expect((await json('/phone/evidence', { method: 'PUT', token: phone, body: JSON.stringify({ state: 'recording' }) })).status).toBe(200);
}

async function json(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (typeof init.body === 'string') headers.set('content-type', headers.get('content-type') ?? 'application/json');
  const response = await fetch(`${BASE}/api/v1${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('createMswHandlers over plain fetch', () => {
  it('serves the seeded demo exam', async () => {
    const token = await login(accounts.candidates[0]!);
    const me = await json('/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      candidate: { name: '张三', idNumberMasked: expect.stringContaining('*') as unknown },
      exam: { id: accounts.examId },
      sitting: { id: accounts.candidates[0]!.sittingId },
    });
  });

  it('logs in, reads /me and draws a lot', async () => {
    // Entry opens 15 minutes before the start: until then nobody is given a lot, so this one is drawn.
    const token = await login(await newCandidate(25 * 60_000));
    const me = await json('/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ progress: { stage: 'readingProcess', lot: null } });
    await phoneRecording(token);
    const lot = await json('/me/lot', { method: 'POST', token });
    expect(lot.status).toBe(200);
    expect(lot.body).toMatchObject({ stage: 'drawingLot', lot: expect.any(Number) as unknown });
    expect((await json('/me/lot', { method: 'POST', token })).body).toEqual(lot.body);
  });

  it('answers errors as ErrorBody in zh-CN by default and in the Accept-Language asked for', async () => {
    const body = JSON.stringify({ examId: accounts.examId, idNumber: accounts.candidates[1]!.idNumber, password: 'wrong-password', deviceKey: 'device-key-x' });
    const zh = await json('/sessions/password', { method: 'POST', body });
    expect(zh.status).toBe(401);
    expect(zh.body).toEqual({ code: 'INVALID_CREDENTIALS', message: LOCALES['zh-CN'].errors.INVALID_CREDENTIALS });
    expect(zh.body?.['message']).toBe('身份证号或密码不正确。');
    const en = await json('/me', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.body).toEqual({ code: 'UNAUTHENTICATED', message: LOCALES.en.errors.UNAUTHENTICATED });
  });

  it('refuses malformed JSON with 400 VALIDATION_FAILED before anything else, and non-JSON with 415', async () => {
    const malformed = await json('/me/progress', { method: 'PUT', body: '{"stage": ' });
    expect([malformed.status, malformed.body?.['code']]).toEqual([400, 'VALIDATION_FAILED']);
    const poisoned = await json('/sessions/password', { method: 'POST', body: '{"__proto__": {"admin": true}}' });
    expect([poisoned.status, poisoned.body?.['code']]).toEqual([400, 'VALIDATION_FAILED']);
    const text = await json('/me/progress', { method: 'PUT', body: 'stage=answering', headers: { 'content-type': 'text/plain' } });
    expect([text.status, text.body?.['code']]).toEqual([415, 'VALIDATION_FAILED']);
    const big = await json('/me/help', { method: 'POST', body: JSON.stringify({ id: 'm1', text: 'x'.repeat(70_000) }) });
    expect([big.status, big.body?.['code']]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('answers 404 NOT_FOUND for an unknown API path', async () => {
    const response = await json('/no/such/route');
    expect([response.status, response.body?.['code']]).toEqual([404, 'NOT_FOUND']);
  });

  it('moves its clock with the dev route', async () => {
    const at = Date.UTC(2031, 0, 1);
    expect((await json('/dev/clock', { method: 'POST', body: JSON.stringify({ now: at }) })).body).toEqual({ serverTime: at });
    expect((await json('/time')).body).toEqual({ serverTime: at });
    mock.clock.set(Date.now());
  });
});

describe('createMswHandlers tus uploads', () => {
  async function recording(kind: 'camera' | 'screen' = 'camera') {
    const token = await login(await newCandidate());
    await phoneRecording(token);
    expect((await json('/me/entry', { method: 'POST', token })).status).toBe(200);
    const target = (await json('/me/recordings', { method: 'POST', token, body: JSON.stringify({ kind, mimeType: 'video/webm' }) })).body as {
      recordingId: string;
      uploadUrl: string;
    };
    return { token, ...target };
  }

  const tus = (token: string, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', ...headers });
  const patch = (url: string, token: string, offset: number, bytes: number, extra: Record<string, string> = {}) =>
    fetch(url, {
      method: 'PATCH',
      headers: tus(token, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...extra }),
      body: new Uint8Array(bytes).fill(7),
    });

  it('appends at the offset with a deferred length, refuses a wrong offset, and takes the length when declared', async () => {
    const { token, recordingId, uploadUrl } = await recording();
    expect(uploadUrl).toBe(`${BASE}/api/v1/uploads/${recordingId}`);

    const head = await fetch(uploadUrl, { method: 'HEAD', headers: tus(token) });
    expect(head.status).toBe(200);
    expect([head.headers.get('upload-offset'), head.headers.get('upload-defer-length')]).toEqual(['0', '1']);

    const first = await patch(uploadUrl, token, 0, 1000);
    expect([first.status, first.headers.get('upload-offset')]).toEqual([204, '1000']);
    expect(await mock.repo.getRecording(recordingId)).toMatchObject({ bytesReceived: 1000, complete: false });

    // A client that lost track of the offset resends from 0: refused, nothing appended.
    expect((await patch(uploadUrl, token, 0, 1000)).status).toBe(409);
    const again = await fetch(uploadUrl, { method: 'HEAD', headers: tus(token) });
    expect(again.headers.get('upload-offset')).toBe('1000');

    const last = await patch(uploadUrl, token, 1000, 500, { 'upload-length': '1500' });
    expect([last.status, last.headers.get('upload-offset')]).toEqual([204, '1500']);
    // Received in full is not complete: completion checks the client's SHA-256 first.
    expect(await mock.repo.getRecording(recordingId)).toMatchObject({ bytesReceived: 1500, complete: false });
    const done = await fetch(uploadUrl, { method: 'HEAD', headers: tus(token) });
    expect([done.headers.get('upload-offset'), done.headers.get('upload-length'), done.headers.get('upload-defer-length')]).toEqual(['1500', '1500', null]);
    expect((await patch(uploadUrl, token, 1500, 1)).status).toBe(413);
  });

  it('keeps the bytes, and completes a recording against their length and SHA-256 (WebCrypto), no seekable rewrite', async () => {
    const { token, recordingId, uploadUrl } = await recording();
    expect((await patch(uploadUrl, token, 0, 700)).status).toBe(204);
    expect((await patch(uploadUrl, token, 700, 300)).status).toBe(204);
    const bytes = new Uint8Array(1000).fill(7);
    expect(mock.uploads.get(recordingId)?.chunks.reduce((sum, c) => sum + c.byteLength, 0)).toBe(1000);
    const sha256 = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
    const complete = (body: unknown) => json(`/recordings/${recordingId}/complete`, { method: 'POST', token, body: JSON.stringify(body) });

    expect((await complete({ totalBytes: 1000, sha256: 'b'.repeat(64) })).body).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    // Still open after a mismatch: the length stays deferred and nothing was dropped.
    expect(mock.uploads.get(recordingId)).toMatchObject({ offset: 1000, length: null });
    const done = await complete({ totalBytes: 1000, sha256 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: recordingId, complete: true, bytesReceived: 1000, clientSha256: sha256, serverSha256: sha256 });
    expect(done.body).not.toHaveProperty('durationMs');
    expect(mock.uploads.get(recordingId)).toMatchObject({ offset: 1000, length: 1000 });
    expect((await patch(uploadUrl, token, 1000, 1)).status).toBe(413);
  });

  it('authorises every request: no token, another candidate, or a bad id are refused with a code', async () => {
    const { uploadUrl, recordingId } = await recording('screen');
    const none = await fetch(uploadUrl, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: 'x' });
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
    const other = await login(await newCandidate());
    const foreign = await patch(uploadUrl, other, 0, 10);
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    const traversal = await patch(`${BASE}/api/v1/uploads/..%2F${recordingId}`, other, 0, 10);
    expect(traversal.status).toBe(404);
    expect(mock.uploads.get(recordingId)?.offset ?? 0).toBe(0);
  });

  it('requires the Tus-Resumable header', async () => {
    const { token, uploadUrl } = await recording();
    const response = await fetch(uploadUrl, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(412);
  });
});

describe('createMswHandlers live events', () => {
  const subscriptions: Array<{ unsubscribe(): void }> = [];
  afterEach(() => {
    for (const s of subscriptions.splice(0)) s.unsubscribe();
  });

  /** The live-events handler subscribes a socket's session to the domain once it has read its auth: count those. */
  const subscribed = createInbox<number>();
  const subscribe = mock.domain.subscribe;
  mock.domain.subscribe = (listener) => {
    const stop = subscribe(listener);
    subscribed.push(subscribed.items.length + 1);
    return stop;
  };
  /** Runs `connect` and waits until the handler has read the auth of the socket it opened. */
  async function authenticated<T>(connect: () => T | Promise<T>): Promise<T> {
    const before = subscribed.items.length;
    const connected = await connect();
    await subscribed.next((count) => count > before);
    return connected;
  }

  async function listen(c: Account) {
    const api = createRestExamApi({ baseUrl: BASE });
    device += 1;
    await api.loginWithPassword({ examId: accounts.examId, idNumber: c.idNumber, password: c.password, deviceKey: `device-key-${device}` });
    const events = createInbox<LiveEvent>();
    await authenticated(() => subscriptions.push(api.liveEvents().subscribe({ next: (event) => events.push(event) })));
    return { api, events };
  }

  async function rawSocket() {
    const socket = new WebSocket(`${BASE.replace('http', 'ws')}/api/v1/ws`);
    const messages = createInbox<{ type: string; message?: { id: string } }>();
    socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data)) as { type: string }));
    const closed = new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code)));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    subscriptions.push({ unsubscribe: () => socket.close() });
    return { socket, messages, closed };
  }

  const authedSocket = (token: string) => authenticated(async () => {
    const raw = await rawSocket();
    raw.socket.send(JSON.stringify({ type: 'auth', token }));
    return raw;
  });

  async function reply(candidateId: string, supervisorToken: string, id: string, text: string) {
    const response = await json(`/supervisor/candidates/${candidateId}/help`, { method: 'POST', token: supervisorToken, body: JSON.stringify({ id, text }) });
    expect(response.status).toBe(201);
    return response.body!;
  }

  it('delivers a supervisor’s reply to that candidate only, and candidate.status to the supervisor only', async () => {
    const alice = await listen(await newCandidate());
    const bob = await listen(await newCandidate());
    const supervisorToken = ((await json('/supervisor/sessions', { method: 'POST', body: JSON.stringify(accounts.supervisor) })).body as { token: string }).token;
    const supervisor = await authedSocket(supervisorToken);
    const aliceRaw = await authedSocket(alice.api.token!);
    const bobRaw = await authedSocket(bob.api.token!);

    const me = await alice.api.getMe();
    const sent = await reply(me.candidate.id, supervisorToken, 'reply-1', '请调整摄像头角度');
    await alice.events.next((e) => e.type === 'help.message');
    expect(alice.events.items).toEqual([{ type: 'help.message', message: sent }]);
    await alice.api.saveProgress('bindingEvidence');
    await supervisor.messages.next((m) => m.type === 'candidate.status');
    expect(supervisor.messages.items.map((m) => m.type)).toContain('help.message');
    // Before checking that nothing stray arrived, a last message for each socket (a fence): a socket delivers in
    // order, so once its fence is in, nothing sent to it before is still on its way.
    const bobId = (await bob.api.getMe()).candidate.id;
    const fenceA = await reply(me.candidate.id, supervisorToken, 'fence-a', '.');
    const fenceB = await reply(bobId, supervisorToken, 'fence-b', '.');
    const isFence = (id: string) => (m: { type: string; message?: { id: string } }) => m.type === 'help.message' && m.message?.id === id;
    await Promise.all([aliceRaw.messages.next(isFence('fence-a')), bobRaw.messages.next(isFence('fence-b')), bob.events.next(isFence('fence-b'))]);
    expect(aliceRaw.messages.items.map((m) => m.type)).toEqual(['help.message', 'help.message']);
    expect(aliceRaw.messages.items[1]).toMatchObject({ message: fenceA });
    expect(bobRaw.messages.items).toEqual([{ type: 'help.message', candidateId: bobId, message: fenceB }]);
    expect(bob.events.items).toEqual([{ type: 'help.message', message: fenceB }]);
  });

  it('relays 实时画面 signalling between the two ends of one view, as the server does', async () => {
    const alice = await listen(await newCandidate());
    const supervisorToken = ((await json('/supervisor/sessions', { method: 'POST', body: JSON.stringify(accounts.supervisor) })).body as { token: string }).token;
    const supervisor = await authedSocket(supervisorToken);
    const page = await authedSocket(alice.api.token!);
    const candidateId = (await alice.api.getMe()).candidate.id;
    type Live = { type: string; viewId?: string; code?: string; signal?: unknown; peer?: string };
    const live = (raw: { messages: { next(p: (m: Live) => boolean): Promise<unknown> } }, predicate: (m: Live) => boolean) => raw.messages.next(predicate as never) as Promise<Live>;

    supervisor.socket.send(JSON.stringify({ type: 'live.watch', viewId: 'msw-view-0001', candidateId }));
    expect(await live(supervisor, (m) => m.type === 'live.error')).toMatchObject({ viewId: 'msw-view-0001', code: 'LIVE_VIEW_UNAVAILABLE' });
    page.socket.send(JSON.stringify({ type: 'live.publish', sources: ['camera', 'screen'] }));
    await live(supervisor, (m) => m.type === 'live.available');
    supervisor.socket.send(JSON.stringify({ type: 'live.watch', viewId: 'msw-view-0002', candidateId }));
    expect(await live(page, (m) => m.type === 'live.request')).toMatchObject({ viewId: 'msw-view-0002', iceServers: [], maxBitrateBps: 500_000 });
    page.socket.send(JSON.stringify({ type: 'live.signal', viewId: 'msw-view-0002', signal: { type: 'offer', sdp: 'v=0' } }));
    expect(await live(supervisor, (m) => m.type === 'live.signal')).toMatchObject({ viewId: 'msw-view-0002', peer: 'candidate', signal: { type: 'offer', sdp: 'v=0' } });
    page.socket.close();
    expect(await live(supervisor, (m) => m.type === 'live.ended')).toMatchObject({ viewId: 'msw-view-0002', reason: 'candidateOffline' });
  });

  it('tells a session taken over by another device that it was revoked, and closes it with 4401', async () => {
    const account = await newCandidate();
    const old = await listen(account);
    const watcher = await authedSocket(old.api.token!);
    // The old session goes stale (no heartbeat for over 30 s), then the candidate logs in elsewhere.
    mock.clock.set(Date.now() + 31_000);
    await login(account);
    await old.events.next((e) => e.type === 'session.revoked');
    expect(await watcher.closed).toBe(4401);
    expect(watcher.messages.items).toEqual([expect.objectContaining({ type: 'session.revoked' })]);
    expect(old.events.items).toEqual([{ type: 'session.revoked', reason: expect.any(String) as unknown }]);
    mock.clock.set(Date.now());
  });

  it('closes a socket whose first message is not a valid auth with 4401', async () => {
    const { socket, closed } = await rawSocket();
    socket.send(JSON.stringify({ type: 'auth', token: 'not-a-token' }));
    expect(await closed).toBe(4401);
  });

  it('closes the socket at once when its session logs out', async () => {
    const token = await login(await newCandidate());
    const raw = await authedSocket(token);
    expect((await json('/sessions/current', { method: 'DELETE', token })).status).toBe(204);
    expect(await raw.closed).toBe(4401);
    expect(raw.messages.items).toEqual([expect.objectContaining({ type: 'session.revoked', reason: 'SESSION_REVOKED' })]);
  });

  it('gives the phone its evidence status, never the help chat; a new phone closes it with PHONE_REPLACED', async () => {
    const token = await login(await newCandidate());
    const candidateId = ((await json('/me', { token })).body as { candidate: { id: string } }).candidate.id;
    const pair = async () => {
      const { code } = (await json('/me/pairing', { method: 'POST', token })).body as { code: string };
      return ((await json('/phone/sessions', { method: 'POST', body: JSON.stringify({ code }) })).body as { token: string }).token;
    };
    const phone = await pair();
    const phoneRaw = await authedSocket(phone);
    const supervisorToken = ((await json('/supervisor/sessions', { method: 'POST', body: JSON.stringify(accounts.supervisor) })).body as { token: string }).token;
    await reply(candidateId, supervisorToken, 'not-for-the-phone', '请把手机放稳');
    expect((await json('/phone/evidence', { method: 'PUT', token: phone, body: JSON.stringify({ state: 'recording' }) })).status).toBe(200);
    // A socket delivers in order: once the evidence status is in, the help message before it would have come.
    await phoneRaw.messages.next((m) => m.type === 'evidence.status');
    expect(phoneRaw.messages.items.map((m) => m.type)).toEqual(['evidence.status']);
    await pair();
    expect(await phoneRaw.closed).toBe(4401);
    expect(phoneRaw.messages.items.at(-1)).toEqual({ type: 'session.revoked', candidateId, reason: 'PHONE_REPLACED' });
  });

  it('closes a socket when the dev clock passes its session’s expiry', async () => {
    const token = await login(await newCandidate());
    const raw = await authedSocket(token);
    mock.clock.set(Date.now() + 3 * 24 * 60 * 60_000);
    try {
      expect(await raw.closed).toBe(4401);
      expect(raw.messages.items).toEqual([expect.objectContaining({ type: 'session.revoked', reason: 'SESSION_EXPIRED' })]);
      expect((await json('/me', { token })).body).toMatchObject({ code: 'SESSION_EXPIRED' });
    } finally {
      mock.clock.set(Date.now());
    }
  });
});

describe('the roster’s files in memory', () => {
  it('reads CSV rosters, and answers FILE_TYPE_UNSUPPORTED for XLSX and zips of photos, whose readers are the server’s (Node-only)', async () => {
    const seeded = await json('/dev/administrators', { method: 'POST', body: JSON.stringify({ username: 'msw-roster-admin', password: 'msw-roster-password' }) });
    expect(seeded.status).toBe(201);
    const { token } = (await json('/admin/login', { method: 'POST', body: JSON.stringify({ username: 'msw-roster-admin', password: 'msw-roster-password' }) })).body as { token: string };
    const upload = (path: string, type: string, bytes: Uint8Array) => json(`/admin/exams/${accounts.examId}${path}`, { method: 'POST', token, headers: { 'content-type': type }, body: bytes.slice() });
    const csv = await upload('/roster/preview', 'text/csv', new TextEncoder().encode('姓名,身份证号,准考证号,场次\r\n张三,11010519491231002X,M-1,第一场\r\n'));
    expect(csv.body).toMatchObject({ rows: 1, valid: true, create: 1 });
    const zipBytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    const xlsx = await upload('/roster/preview', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zipBytes);
    expect([xlsx.status, xlsx.body?.['code']]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
    const photos = await upload('/photos', 'application/zip', zipBytes);
    expect([photos.status, photos.body?.['code']]).toEqual([415, 'FILE_TYPE_UNSUPPORTED']);
  });
});
