import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import { ExamError, type ExamApi, type LiveEvent } from '@examroom/core';
import { createRestCaller, createRestExamApi, createStorageTokenStore, type LiveSocketEvents, type RestExamApiOptions } from './client.js';

interface Call {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: unknown;
  /** The request body as given to fetch (an upload's Blob). */
  readonly raw?: unknown;
}

const progress = {
  stage: 'drawingLot',
  lot: 3,
  enteredAt: null,
  finishedAt: null,
  finishReason: null,
  devicesConfirmedAt: null,
  infoConfirmedAt: null,
  pledgeAcceptedAt: null,
  pledgeVersion: null,
};

/** A fetch that records each request and answers with the queued responses (200 `{}` by default). */
function fakeFetch() {
  const calls: Call[] = [];
  const queue: Array<() => Response> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers), body, raw: init?.body });
    const next = queue.shift();
    return next ? next() : Response.json({});
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    reply(body: unknown, status = 200, headers: Record<string, string> = {}) {
      queue.push(() => (status === 204 ? new Response(null, { status }) : Response.json(body, { status, headers })));
    },
    replyRaw(text: string, status: number, headers: Record<string, string> = {}) {
      queue.push(() => new Response(text, { status, headers }));
    },
    fail(error: unknown) {
      queue.push(() => {
        throw error;
      });
    },
  };
}

function setup(options: Partial<RestExamApiOptions> = {}) {
  const http = fakeFetch();
  const api = createRestExamApi({ baseUrl: 'https://exam.test/', fetch: http.fetch, ...options });
  return { api, ...http };
}

async function loggedIn(options: Partial<RestExamApiOptions> = {}) {
  const env = setup(options);
  env.reply({ token: 'tok-1', role: 'candidate' }, 201);
  await env.api.loginWithPassword({ examId: 'exam1', idNumber: '110101199001011234', password: 'pw', deviceKey: 'device-key-1' });
  env.calls.length = 0;
  return env;
}

async function rejection(promise: Promise<unknown>): Promise<ExamError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExamError);
  return error as ExamError;
}

describe('createRestExamApi requests', () => {
  it('logs in with a password: POST /sessions/password with exactly the contract fields, then stores the token', async () => {
    const { api, calls, reply } = setup();
    reply({ token: 'tok-1', role: 'candidate' }, 201);
    expect(api.token).toBeNull();
    await api.loginWithPassword({ examId: 'exam1', idNumber: '110101199001011234', password: 'pw', deviceKey: 'device-key-1', extra: 'x' } as never);
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/sessions/password' });
    expect(calls[0]?.body).toEqual({ examId: 'exam1', idNumber: '110101199001011234', password: 'pw', deviceKey: 'device-key-1' });
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
    expect(api.token).toBe('tok-1');
  });

  it('logs in with a face: the image Blob travels as base64', async () => {
    const { api, calls, reply } = setup();
    reply({ token: 'tok-face', role: 'candidate' }, 201);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x10, 0x80]);
    await api.loginWithFace({ examId: 'exam1', deviceKey: 'device-key-1', image: new Blob([bytes], { type: 'image/jpeg' }) });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/sessions/face' });
    expect(calls[0]?.body).toEqual({ examId: 'exam1', deviceKey: 'device-key-1', image: Buffer.from(bytes).toString('base64') });
    expect(api.token).toBe('tok-face');
  });

  it('sends a face login’s 身份证号, challenge and frames as base64', async () => {
    const { api, calls, reply } = setup();
    reply({ token: 'tok-face-2', role: 'candidate' }, 201);
    const [first, second] = [new Uint8Array([0xff, 0xd8, 0xff, 0x01]), new Uint8Array([0xff, 0xd8, 0xff, 0x02])];
    const frames = [new Blob([first], { type: 'image/jpeg' }), new Blob([second], { type: 'image/jpeg' })];
    await api.loginWithFace({ examId: 'exam1', deviceKey: 'device-key-1', idNumber: '110105199001010011', challengeId: 'fch_1', frames });
    expect(calls[0]?.body).toEqual({
      examId: 'exam1',
      deviceKey: 'device-key-1',
      idNumber: '110105199001010011',
      challengeId: 'fch_1',
      frames: [Buffer.from(first).toString('base64'), Buffer.from(second).toString('base64')],
    });
    expect(api.token).toBe('tok-face-2');
  });

  it('sends a face check’s still as a JPEG upload and answers the server’s interval', async () => {
    const { api, calls, reply } = await loggedIn();
    reply({ intervalSeconds: 20 });
    const frame = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
    await expect(api.sendFaceCheck(frame)).resolves.toEqual({ intervalSeconds: 20 });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/me/face-check' });
    expect(calls[0]?.headers.get('Content-Type')).toBe('image/jpeg');
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(calls[0]?.raw).toBe(frame);
  });

  it('asks for a face login’s liveness challenge with the exam, without a token', async () => {
    const { api, calls, reply } = setup();
    reply({ challengeId: 'fch_2', action: 'blink', expiresAt: 60_000 }, 201);
    await expect(api.createFaceChallenge('exam1')).resolves.toEqual({ challengeId: 'fch_2', action: 'blink', expiresAt: 60_000 });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/sessions/face/challenge', body: { examId: 'exam1' } });
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
  });

  it('sends the bearer token and Accept-Language after login, but no token to public routes', async () => {
    const { api, calls, reply } = await loggedIn({ acceptLanguage: 'en' });
    reply({ serverTime: 1234 });
    await expect(api.getServerTime()).resolves.toBe(1234);
    reply({ candidate: {}, exam: {}, sitting: {}, progress });
    await api.getMe();
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://exam.test/api/v1/time' });
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
    expect(calls[0]?.headers.get('Accept-Language')).toBe('en');
    expect(calls[1]).toMatchObject({ method: 'GET', url: 'https://exam.test/api/v1/me' });
    expect(calls[1]?.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(calls[1]?.headers.get('Accept-Language')).toBe('en');
  });

  const cases: ReadonlyArray<{
    readonly name: string;
    readonly call: (api: ExamApi) => Promise<unknown>;
    readonly method: string;
    readonly path: string;
    readonly body?: unknown;
    readonly status?: number;
    readonly response?: unknown;
    readonly isPublic?: boolean;
  }> = [
    { name: 'getExam', call: (api) => api.getExam('exam 1/x'), method: 'GET', path: '/exams/exam%201%2Fx', response: { id: 'e' }, isPublic: true },
    { name: 'heartbeat', call: (api) => api.heartbeat(), method: 'POST', path: '/sessions/current/heartbeat', status: 204 },
    { name: 'saveProgress', call: (api) => api.saveProgress('bindingEvidence'), method: 'PUT', path: '/me/progress', body: { stage: 'bindingEvidence' }, response: progress },
    { name: 'createPairing', call: (api) => api.createPairing(), method: 'POST', path: '/me/pairing', status: 201, response: { code: 'abcd', url: 'u', expiresAt: 1 } },
    { name: 'getEvidenceStatus', call: (api) => api.getEvidenceStatus(), method: 'GET', path: '/me/evidence', response: { state: 'recording', updatedAt: 1 } },
    { name: 'drawLot', call: (api) => api.drawLot(), method: 'POST', path: '/me/lot', response: progress },
    { name: 'enter', call: (api) => api.enter(), method: 'POST', path: '/me/entry', response: progress },
    { name: 'confirm devices', call: (api) => api.confirm({ kind: 'devices' }), method: 'POST', path: '/me/confirmations', body: { kind: 'devices' }, response: progress },
    {
      name: 'confirm devices with the camera’s label (R7)',
      call: (api) => api.confirm({ kind: 'devices', cameraLabel: 'OBS Virtual Camera' }),
      method: 'POST',
      path: '/me/confirmations',
      body: { kind: 'devices', cameraLabel: 'OBS Virtual Camera' },
      response: progress,
    },
    {
      name: 'confirm the pledge',
      call: (api) => api.confirm({ kind: 'pledge', pledgeVersion: '2026-12-01' }),
      method: 'POST',
      path: '/me/confirmations',
      body: { kind: 'pledge', pledgeVersion: '2026-12-01' },
      response: progress,
    },
    { name: 'getQuestions', call: (api) => api.getQuestions(), method: 'GET', path: '/me/questions', response: [{ id: 'q1', order: 1, text: 'Q' }] },
    {
      name: 'reportIncident',
      call: (api) => api.reportIncident({ id: 'inc-1', kind: 'windowBlur', at: 5 }),
      method: 'POST',
      path: '/me/incidents',
      body: { id: 'inc-1', kind: 'windowBlur', at: 5 },
      status: 204,
    },
    { name: 'finish', call: (api) => api.finish('endedEarly'), method: 'POST', path: '/me/finish', body: { reason: 'endedEarly' }, response: progress },
    {
      name: 'createRecording',
      call: (api) => api.createRecording({ kind: 'screen', mimeType: 'video/webm' }),
      method: 'POST',
      path: '/me/recordings',
      body: { kind: 'screen', mimeType: 'video/webm' },
      status: 201,
      response: { recordingId: 'rec1', uploadUrl: 'https://files.test/up/rec1' },
    },
    {
      name: 'createRecording (evidence, from the phone)',
      call: (api) => api.createRecording({ kind: 'evidence', mimeType: 'video/mp4' }),
      method: 'POST',
      path: '/phone/recordings',
      body: { mimeType: 'video/mp4' },
      status: 201,
      response: { recordingId: 'rec2', uploadUrl: 'https://files.test/up/rec2' },
    },
    { name: 'getHelpMessages', call: (api) => api.getHelpMessages(), method: 'GET', path: '/me/help', response: [] },
    {
      name: 'sendHelpMessage',
      call: (api) => api.sendHelpMessage({ id: 'm1', text: '听不到声音' }),
      method: 'POST',
      path: '/me/help',
      body: { id: 'm1', text: '听不到声音' },
      status: 201,
      response: { id: 'm1', from: 'candidate', text: '听不到声音', at: 9 },
    },
  ];

  it.each(cases)('$name → $method $path', async ({ call, method, path, body, status = 200, response, isPublic = false }) => {
    const { api, calls, reply } = await loggedIn();
    reply(response ?? null, status);
    const result = await call(api);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method, url: `https://exam.test/api/v1${path}` });
    expect(calls[0]?.body).toEqual(body);
    expect(calls[0]?.headers.get('Content-Type')).toBe(body === undefined ? null : 'application/json');
    expect(calls[0]?.headers.get('Authorization')).toBe(isPublic ? null : 'Bearer tok-1');
    expect(result).toEqual(status === 204 ? undefined : response);
  });

  it('resolves an upload path against baseUrl', async () => {
    const { api, reply } = await loggedIn();
    reply({ recordingId: 'rec1', uploadUrl: '/api/v1/uploads/rec1' }, 201);
    await expect(api.createRecording({ kind: 'camera', mimeType: 'video/webm' })).resolves.toEqual({
      recordingId: 'rec1',
      uploadUrl: 'https://exam.test/api/v1/uploads/rec1',
    });
  });

  it('logs out with DELETE /sessions/current and forgets the token', async () => {
    const { api, calls, reply } = await loggedIn();
    reply(null, 204);
    await api.logout();
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: 'https://exam.test/api/v1/sessions/current' });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(api.token).toBeNull();
  });

  it('forgets the token on logout even when the server already dropped the session', async () => {
    const { api, reply } = await loggedIn();
    reply({ code: 'SESSION_REVOKED', message: 'revoked' }, 401);
    await api.logout();
    expect(api.token).toBeNull();
  });

  it('keeps the token in the given store, e.g. sessionStorage, so a reload keeps the session', async () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    } as Storage;
    const first = await loggedIn({ tokenStore: createStorageTokenStore(storage) });
    expect(data.get('examroom.token')).toBe('tok-1');
    const afterReload = setup({ tokenStore: createStorageTokenStore(storage) });
    afterReload.reply({ candidate: {}, exam: {}, sitting: {}, progress });
    await afterReload.api.getMe();
    expect(afterReload.calls[0]?.headers.get('Authorization')).toBe('Bearer tok-1');
    first.reply(null, 204);
    await first.api.logout();
    expect(data.has('examroom.token')).toBe(false);
  });
});

describe('createRestExamApi errors', () => {
  it('turns an ErrorBody into an ExamError with its code, message and details', async () => {
    const { api, reply } = setup();
    reply({ code: 'LOGIN_NOT_OPEN', message: '登录尚未开放', opensAt: 1_700_000_000_000 }, 403);
    const error = await rejection(api.loginWithPassword({ examId: 'e', idNumber: '123456', password: 'p', deviceKey: 'device-key' }));
    expect(error.code).toBe('LOGIN_NOT_OPEN');
    expect(error.message).toBe('登录尚未开放');
    expect(error.details).toEqual({ opensAt: 1_700_000_000_000 });
    expect(api.token).toBeNull();
  });

  it('keeps retryAfterSeconds and field', async () => {
    const { api, reply } = setup();
    reply({ code: 'TOO_MANY_ATTEMPTS', message: 'slow down', retryAfterSeconds: 60 }, 429, { 'Retry-After': '60' });
    expect((await rejection(api.getExam('e'))).details).toEqual({ retryAfterSeconds: 60 });
    reply({ code: 'VALIDATION_FAILED', message: 'bad', field: '/stage' }, 400);
    const error = await rejection(api.saveProgress('answering'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: '/stage' });
  });

  it.each([
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [429, 'RATE_LIMITED'],
    [500, 'INTERNAL_ERROR'],
    [502, 'INTERNAL_ERROR'],
  ])('maps a non-JSON %i to %s', async (status, code) => {
    const { api, replyRaw } = setup();
    replyRaw('<html>Bad Gateway</html>', status, { 'Content-Type': 'text/html' });
    expect((await rejection(api.getServerTime())).code).toBe(code);
  });

  it('maps an error body with an unknown code by its status', async () => {
    const { api, reply } = setup();
    reply({ code: 'SOMETHING_NEW', message: '?' }, 401);
    expect((await rejection(api.getServerTime())).code).toBe('UNAUTHENTICATED');
  });

  it('takes Retry-After from the header when the body has none', async () => {
    const { api, replyRaw } = setup();
    replyRaw('Too Many Requests', 429, { 'Retry-After': '12' });
    const error = await rejection(api.getServerTime());
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details).toEqual({ retryAfterSeconds: 12 });
  });

  it('turns a failed fetch into NETWORK_ERROR', async () => {
    const { api, fail } = setup();
    fail(new TypeError('fetch failed'));
    expect((await rejection(api.getServerTime())).code).toBe('NETWORK_ERROR');
  });

  it('turns a success that is not JSON into INTERNAL_ERROR', async () => {
    const { api, replyRaw } = setup();
    replyRaw('<html>portal login</html>', 200);
    expect((await rejection(api.getServerTime())).code).toBe('INTERNAL_ERROR');
  });
});

/** A scriptable stand-in for the WebSocket class. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  readonly sent: string[] = [];
  closedWith: number | null = null;
  private readonly listeners = new Map<string, Array<(event: never) => void>>();
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  addEventListener<K extends keyof LiveSocketEvents>(type: K, listener: (event: LiveSocketEvents[K]) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener as (event: never) => void]);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(code = 1000): void {
    this.closedWith = code;
  }
  emit<K extends keyof LiveSocketEvents>(type: K, event: LiveSocketEvents[K]): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: LiveSocketEvents[K]) => void)(event);
  }
  serverSends(event: unknown): void {
    this.emit('message', { data: JSON.stringify(event) });
  }
  drop(code = 1006): void {
    this.emit('close', { code });
  }
}

describe('createRestExamApi live events', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1); // no jitter: each delay is its full backoff step
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function subscribed() {
    const env = await loggedIn({ WebSocket: FakeSocket });
    const events: LiveEvent[] = [];
    const subscription = env.api.liveEvents().subscribe({ next: (e) => events.push(e) });
    return { ...env, events, subscription };
  }

  it('opens the WebSocket under /api/v1/ws with ws:// or wss:// and authenticates with the first message', async () => {
    const { events } = await subscribed();
    const socket = FakeSocket.instances[0];
    expect(socket?.url).toBe('wss://exam.test/api/v1/ws');
    socket?.emit('open', {});
    expect(socket?.sent.map((s) => JSON.parse(s) as unknown)).toEqual([{ type: 'auth', token: 'tok-1' }]);
    expect(events).toEqual([]);

    const http = createRestExamApi({ baseUrl: 'http://localhost:8080', fetch: vi.fn() as never, WebSocket: FakeSocket, tokenStore: { get: () => 't', set: () => undefined } });
    http.liveEvents().subscribe({});
    expect(FakeSocket.instances[1]?.url).toBe('ws://localhost:8080/api/v1/ws');
  });

  it('opens nothing when a same-origin baseUrl has no page to resolve against (Node)', () => {
    const api = createRestExamApi({ baseUrl: '', fetch: vi.fn() as never, WebSocket: FakeSocket, tokenStore: { get: () => 't', set: () => undefined } });
    api.liveEvents().subscribe({});
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.instances).toEqual([]);
  });

  it('maps the server’s events to core’s and ignores candidate.status', async () => {
    const { events } = await subscribed();
    const socket = FakeSocket.instances[0]!;
    socket.emit('open', {});
    const message = { id: 'm1', from: 'supervisor', text: '请调整摄像头', at: 10 };
    socket.serverSends({ type: 'help.message', candidateId: 'c1', message });
    socket.serverSends({ type: 'candidate.status', status: { candidateId: 'c1' } });
    socket.serverSends({ type: 'evidence.status', candidateId: 'c1', status: { state: 'recording', updatedAt: 11 } });
    socket.serverSends({ type: 'virtualCamera.waived', candidateId: 'c1' });
    socket.emit('message', { data: 'not json' });
    expect(events).toEqual([
      { type: 'help.message', message },
      { type: 'evidence.status', status: { state: 'recording', updatedAt: 11 } },
      { type: 'virtualCamera.waived' },
    ]);
  });

  it('reconnects after a drop with backoff doubling from 1 s up to 30 s', async () => {
    await subscribed();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const socket = FakeSocket.instances.at(-1)!;
      socket.drop();
      const before = FakeSocket.instances.length;
      const started = Date.now();
      while (FakeSocket.instances.length === before) await vi.advanceTimersByTimeAsync(250);
      delays.push(Date.now() - started);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const last = FakeSocket.instances.at(-1)!;
    last.emit('open', {});
    expect(last.sent).toEqual([JSON.stringify({ type: 'auth', token: 'tok-1' })]);
  });

  it('jitters each delay within the second half of its step', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await subscribed();
    FakeSocket.instances[0]!.drop();
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('stops on unsubscribe: closes the socket and never reconnects', async () => {
    const { subscription } = await subscribed();
    const socket = FakeSocket.instances[0]!;
    subscription.unsubscribe();
    expect(socket.closedWith).toBe(1000);
    socket.drop(1000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('does not reconnect after session.revoked', async () => {
    const { events } = await subscribed();
    const socket = FakeSocket.instances[0]!;
    socket.emit('open', {});
    socket.serverSends({ type: 'session.revoked', candidateId: 'c1', reason: 'ALREADY_ACTIVE_ELSEWHERE' });
    socket.drop(4401);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(events).toEqual([{ type: 'session.revoked', reason: 'ALREADY_ACTIVE_ELSEWHERE' }]);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('does not reconnect after a 4401 close', async () => {
    await subscribed();
    FakeSocket.instances[0]!.drop(4401);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('closes live sockets on logout and opens none without a token', async () => {
    const { api, reply } = await subscribed();
    reply(null, 204);
    await api.logout();
    expect(FakeSocket.instances[0]?.closedWith).toBe(1000);
    api.liveEvents().subscribe({});
    expect(FakeSocket.instances).toHaveLength(1);
  });
});

describe('RestCaller.liveChannel (实时画面’s signalling)', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends only on the open, authenticated socket, says when it connects and drops, and stops for good', async () => {
    const caller = createRestCaller({ baseUrl: 'https://exam.test', fetch: vi.fn() as never, WebSocket: FakeSocket, token: () => 'tok-1' });
    const heard: unknown[] = [];
    const channel = caller.liveChannel<unknown>({ parse: (data) => JSON.parse(String(data)) as unknown, connected: 'up', disconnected: 'down' }, { next: (e) => heard.push(e) });
    expect(channel.send({ type: 'live.publish', sources: [] })).toBe(false);
    const first = FakeSocket.instances[0]!;
    first.emit('open', {});
    expect(channel.send({ type: 'live.publish', sources: ['camera'] })).toBe(true);
    expect(first.sent.map((s) => JSON.parse(s) as unknown)).toEqual([{ type: 'auth', token: 'tok-1' }, { type: 'live.publish', sources: ['camera'] }]);
    first.serverSends({ type: 'live.request', viewId: 'view-0001' });
    first.drop();
    expect(channel.send({ type: 'live.signal' })).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    const second = FakeSocket.instances[1]!;
    second.emit('open', {});
    expect(heard).toEqual(['up', { type: 'live.request', viewId: 'view-0001' }, 'down', 'up']);
    channel.stop();
    expect(second.closedWith).toBe(1000);
    expect(channel.send({ type: 'live.stop', viewId: 'view-0001' })).toBe(false);
  });
});

describe('createRestExamApi live events over a real WebSocket (ws)', () => {
  it('authenticates and receives events from a ws server', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const port = (wss.address() as { port: number }).port;
    const auth = new Promise<unknown>((resolve) => {
      wss.on('connection', (socket) => {
        socket.once('message', (data: Buffer) => {
          resolve(JSON.parse(data.toString()));
          socket.send(JSON.stringify({ type: 'evidence.status', candidateId: 'c1', status: { state: 'phoneConnected', updatedAt: 3 } }));
        });
      });
    });
    const api = createRestExamApi({
      baseUrl: `http://127.0.0.1:${port}`,
      fetch: vi.fn() as never,
      WebSocket: NodeWebSocket,
      tokenStore: { get: () => 'tok-ws', set: () => undefined },
    });
    const received = new Promise<LiveEvent>((resolve) => {
      const subscription = api.liveEvents().subscribe({
        next: (event) => {
          subscription.unsubscribe();
          resolve(event);
        },
      });
    });
    await expect(auth).resolves.toEqual({ type: 'auth', token: 'tok-ws' });
    await expect(received).resolves.toEqual({ type: 'evidence.status', status: { state: 'phoneConnected', updatedAt: 3 } });
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
});
