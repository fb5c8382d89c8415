import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExamError, type KeptPhoneSession, type PhoneLiveEvent, type PhoneSessionStore } from '@examroom/core';
import type { LiveSocketEvents } from './client.js';
import { createRestPhoneApi, type RestPhoneApiOptions } from './phone-api.js';

interface Call {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: unknown;
}

/** A fetch that records each request and answers with the queued responses (200 `{}` by default). */
function fakeFetch() {
  const calls: Call[] = [];
  const queue: Array<() => Response> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers), body });
    const next = queue.shift();
    return next ? next() : Response.json({});
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    reply(body: unknown, status = 200, headers: Record<string, string> = {}) {
      queue.push(() => (status === 204 ? new Response(null, { status }) : Response.json(body, { status, headers })));
    },
    replyRaw(text: string, status: number) {
      queue.push(() => new Response(text, { status }));
    },
    fail(error: unknown) {
      queue.push(() => {
        throw error;
      });
    },
  };
}

function memorySessionStore(initial: KeptPhoneSession | null = null): PhoneSessionStore & { kept: KeptPhoneSession | null } {
  const store = {
    kept: initial,
    load: () => store.kept,
    save: (session: KeptPhoneSession) => {
      store.kept = session;
    },
    clear: () => {
      store.kept = null;
    },
  };
  return store;
}

function setup(options: Partial<RestPhoneApiOptions> = {}, kept: KeptPhoneSession | null = { token: 'phone-tok', reported: 'paired' }) {
  const http = fakeFetch();
  const sessionStore = memorySessionStore(kept);
  const api = createRestPhoneApi({ baseUrl: 'https://exam.test/', fetch: http.fetch, sessionStore, ...options });
  return { api, sessionStore, ...http };
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

const status = { state: 'recording', updatedAt: 1_000 };

describe('createRestPhoneApi requests', () => {
  it('pairs: POST /phone/sessions with the code normalised, no token, and answers the session', async () => {
    const { api, calls, reply } = setup({ acceptLanguage: 'en' });
    reply({ token: 'new-phone-tok', role: 'phone' }, 201);
    await expect(api.pair(' abcd-efgh ')).resolves.toEqual({ token: 'new-phone-tok' });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/phone/sessions' });
    expect(calls[0]?.body).toEqual({ code: 'ABCDEFGH' });
    // A public route: the kept session's token (an older phone session) is not sent.
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
    expect(calls[0]?.headers.get('Accept-Language')).toBe('en');
  });

  it("reports a state: PUT /phone/evidence with the kept session's token, without bytesPending unless given", async () => {
    const { api, calls, reply } = setup();
    reply(status);
    await expect(api.reportEvidence('recording')).resolves.toEqual(status);
    expect(calls[0]).toMatchObject({ method: 'PUT', url: 'https://exam.test/api/v1/phone/evidence' });
    expect(calls[0]?.body).toEqual({ state: 'recording' });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer phone-tok');
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
  });

  it('reports stopped with what the phone still holds to upload', async () => {
    const { api, calls, reply } = setup();
    reply({ state: 'stopped', updatedAt: 2_000, bytesReceived: 10, bytesExpected: 4_106 });
    await api.reportEvidence('stopped', { bytesPending: 4_096 });
    expect(calls[0]?.body).toEqual({ state: 'stopped', bytesPending: 4_096 });
    reply({ state: 'stopped', updatedAt: 2_000 });
    await api.reportEvidence('stopped', { bytesPending: 0 });
    expect(calls[1]?.body).toEqual({ state: 'stopped', bytesPending: 0 });
  });

  it('reads the token at each call, so a session kept after the api was made is used', async () => {
    const { api, calls, sessionStore } = setup({}, null);
    sessionStore.save({ token: 'later-tok', reported: 'paired' });
    await api.heartbeat().catch(() => undefined);
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer later-tok');
  });

  it('beats: POST /sessions/current/heartbeat, 204', async () => {
    const { api, calls, reply } = setup();
    reply(null, 204);
    await expect(api.heartbeat()).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/sessions/current/heartbeat' });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer phone-tok');
    expect(calls[0]?.body).toBeUndefined();
  });

  it('creates an evidence part: POST /phone/recordings, the upload URL resolved against baseUrl', async () => {
    const { api, calls, reply } = setup();
    reply({ recordingId: 'rec-1', uploadUrl: '/api/v1/uploads/rec-1' }, 201);
    await expect(api.createEvidenceRecording({ mimeType: 'video/mp4;codecs=avc1,mp4a.40.2' })).resolves.toEqual({
      recordingId: 'rec-1',
      uploadUrl: 'https://exam.test/api/v1/uploads/rec-1',
    });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/phone/recordings' });
    expect(calls[0]?.body).toEqual({ mimeType: 'video/mp4;codecs=avc1,mp4a.40.2' });
  });

  it('abandons a part: POST /recordings/:id/abandon', async () => {
    const { api, calls, reply } = setup();
    reply({ id: 'rec 1' });
    await expect(api.abandonRecording('rec 1')).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/recordings/rec%201/abandon' });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer phone-tok');
  });

  it('reads the server time from GET /time, a public route', async () => {
    const { api, calls, reply } = setup();
    reply({ serverTime: 1_234 });
    await expect(api.getServerTime()).resolves.toBe(1_234);
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://exam.test/api/v1/time' });
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
  });
});

describe('createRestPhoneApi errors', () => {
  it("rejects with the server's code and details", async () => {
    const { api, reply } = setup();
    reply({ code: 'PAIRING_FAILED', message: '配对码无效或已过期' }, 409);
    const pairing = await rejection(api.pair('ABCD-EFGH'));
    expect(pairing.code).toBe('PAIRING_FAILED');
    expect(pairing.message).toBe('配对码无效或已过期');

    reply({ code: 'RECORDING_ALREADY_OPEN', message: 'open', recordingId: 'rec-open' }, 409);
    const open = await rejection(api.createEvidenceRecording({ mimeType: 'video/webm' }));
    expect(open.code).toBe('RECORDING_ALREADY_OPEN');
    expect(open.details.recordingId).toBe('rec-open');

    reply({ code: 'SESSION_REVOKED', message: 'revoked' }, 401);
    expect((await rejection(api.reportEvidence('roomScanned'))).code).toBe('SESSION_REVOKED');
  });

  it('maps a body that is not an error body by its status, and a failed fetch to NETWORK_ERROR', async () => {
    const { api, replyRaw, fail } = setup();
    replyRaw('<html>bad gateway</html>', 502);
    expect((await rejection(api.heartbeat())).code).toBe('INTERNAL_ERROR');
    replyRaw('', 401);
    expect((await rejection(api.heartbeat())).code).toBe('UNAUTHENTICATED');
    fail(new TypeError('Failed to fetch'));
    expect((await rejection(api.reportEvidence('recording'))).code).toBe('NETWORK_ERROR');
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
}

describe('createRestPhoneApi live events', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("authenticates the socket with the phone session's token and passes on only the phone's events", async () => {
    const { api } = setup({ WebSocket: FakeSocket });
    const events: PhoneLiveEvent[] = [];
    api.liveEvents().subscribe({ next: (event) => events.push(event) });
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe('wss://exam.test/api/v1/ws');
    socket.emit('open', {});
    expect(JSON.parse(socket.sent[0]!)).toEqual({ type: 'auth', token: 'phone-tok' });

    socket.serverSends({ type: 'help.message', message: { id: 'h1' } });
    socket.serverSends({ type: 'evidence.status', status });
    socket.serverSends({ type: 'session.revoked', reason: 'PHONE_REPLACED' });
    expect(events).toEqual([
      { type: 'evidence.status', status },
      { type: 'session.revoked', reason: 'PHONE_REPLACED' },
    ]);
    // A revoked session is not reconnected.
    expect(socket.closedWith).toBe(1000);
    await vi.runAllTimersAsync();
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('opens no socket without a kept session, and closes it on unsubscribe', () => {
    setup({ WebSocket: FakeSocket }, null).api.liveEvents().subscribe({});
    expect(FakeSocket.instances).toHaveLength(0);

    const subscription = setup({ WebSocket: FakeSocket }).api.liveEvents().subscribe({});
    subscription.unsubscribe();
    expect(FakeSocket.instances[0]?.closedWith).toBe(1000);
  });
});
