import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExamError, type ProctorLiveEvent } from '@examroom/core';
import { createFakeProctorSessionStore } from '@examroom/core/testing';
import type { LiveSocketEvents } from './client.js';
import { createRestProctorApi, type RestProctorApiOptions } from './proctor-api.js';

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

function setup(options: Partial<RestProctorApiOptions> = {}, token: string | null = 'sup-tok') {
  const http = fakeFetch();
  const sessionStore = createFakeProctorSessionStore();
  if (token) sessionStore.save({ token });
  const api = createRestProctorApi({ baseUrl: 'https://exam.test/', fetch: http.fetch, sessionStore, ...options });
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

const candidateStatus = {
  candidate: { id: 'c1', name: '张三', idNumberMasked: '1101**********1234', admissionNumber: '100001' },
  sittingId: 's1',
  online: true,
  progress: { stage: 'answering', lot: 1, enteredAt: 1, finishedAt: null, finishReason: null, devicesConfirmedAt: 1, infoConfirmedAt: 1, pledgeAcceptedAt: 1, pledgeVersion: 'v1' },
  evidence: { state: 'recording', updatedAt: 1 },
  incidents: 0,
  helpMessages: 1,
};
const message = { id: 'h1', from: 'candidate', text: '老师好', at: 5 };

describe('createRestProctorApi requests', () => {
  it('logs in: POST /supervisor/sessions without a token, and answers the session', async () => {
    const { api, calls, reply } = setup({ acceptLanguage: 'en' });
    reply({ token: 'new-tok', role: 'supervisor' }, 201);
    await expect(api.login('supervisor', 'pw')).resolves.toEqual({ token: 'new-tok' });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/supervisor/sessions', body: { username: 'supervisor', password: 'pw' } });
    expect(calls[0]?.headers.get('Authorization')).toBeNull();
    expect(calls[0]?.headers.get('Accept-Language')).toBe('en');
  });

  it('reads sittings, candidates, help and incidents with the kept token, ids escaped in the path', async () => {
    const { api, calls, reply } = setup();
    reply([]);
    await api.listSittings();
    reply([candidateStatus]);
    await expect(api.listCandidates('s 1')).resolves.toEqual([candidateStatus]);
    reply([message]);
    await expect(api.getCandidateHelp('c1')).resolves.toEqual([message]);
    reply([]);
    await api.listIncidents('c1');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET https://exam.test/api/v1/supervisor/sittings',
      'GET https://exam.test/api/v1/supervisor/sittings/s%201/candidates',
      'GET https://exam.test/api/v1/supervisor/candidates/c1/help',
      'GET https://exam.test/api/v1/supervisor/candidates/c1/incidents',
    ]);
    for (const call of calls) expect(call.headers.get('Authorization')).toBe('Bearer sup-tok');
  });

  it('replies: POST /supervisor/candidates/:id/help with the id and text', async () => {
    const { api, calls, reply } = setup();
    reply({ ...message, from: 'supervisor' }, 201);
    await api.replyHelp('c1', { id: 'r1', text: '请稍等' });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/supervisor/candidates/c1/help', body: { id: 'r1', text: '请稍等' } });
  });

  it('sends a notice to a sitting: POST /supervisor/sittings/:id/notices with the id and text, and answers how many got it', async () => {
    const { api, calls, reply } = setup();
    reply({ id: 'n1', text: '开始时间推迟 5 分钟', at: 7, candidates: 3 }, 201);
    await expect(api.sendNotice('s1', { id: 'n1', text: '开始时间推迟 5 分钟' })).resolves.toEqual({ id: 'n1', text: '开始时间推迟 5 分钟', at: 7, candidates: 3 });
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://exam.test/api/v1/supervisor/sittings/s1/notices', body: { id: 'n1', text: '开始时间推迟 5 分钟' } });
  });

  it('intervenes: extra time, end and late entry POST their bodies to the candidate, and answer what they did', async () => {
    const { api, calls, reply } = setup();
    const result = {
      intervention: { id: 'i1', candidateId: 'c1', kind: 'extraTime', supervisorId: 'sup1', at: 9, minutes: 5 },
      schedule: { loginOpensAt: 0, entryOpensAt: 1, startsAt: 2, entryClosesAt: 3, deadline: 4, evidenceDueAt: 5, extraTimeMs: 300_000, lateEntryAllowed: false },
      progress: candidateStatus.progress,
    };
    reply(result, 201);
    await expect(api.giveExtraTime('c1', 5)).resolves.toEqual(result);
    reply(result, 201);
    await api.endInterview('c1', '违规使用手机');
    reply(result, 201);
    await api.allowLateEntry('c 2', '交通延误');
    expect(calls.map((c) => [`${c.method} ${c.url}`, c.body])).toEqual([
      ['POST https://exam.test/api/v1/supervisor/candidates/c1/extra-time', { minutes: 5 }],
      ['POST https://exam.test/api/v1/supervisor/candidates/c1/end', { reason: '违规使用手机' }],
      ['POST https://exam.test/api/v1/supervisor/candidates/c%202/late-entry', { reason: '交通延误' }],
    ]);
  });

  it('reads interventions and the verdict, and puts a verdict with its comment', async () => {
    const { api, calls, reply } = setup();
    reply([]);
    await expect(api.listInterventions('c1')).resolves.toEqual([]);
    reply({ current: null, history: [] });
    await expect(api.getVerdict('c1')).resolves.toEqual({ current: null, history: [] });
    const given = { verdict: 'doubtful', comment: '多次离开画面', supervisorId: 'sup1', at: 3 };
    reply({ current: given, history: [given] });
    await expect(api.setVerdict('c1', { verdict: 'doubtful', comment: '多次离开画面' })).resolves.toEqual({ current: given, history: [given] });
    expect(calls.map((c) => [`${c.method} ${c.url}`, c.body])).toEqual([
      ['GET https://exam.test/api/v1/supervisor/candidates/c1/interventions', undefined],
      ['GET https://exam.test/api/v1/supervisor/candidates/c1/verdict', undefined],
      ['PUT https://exam.test/api/v1/supervisor/candidates/c1/verdict', { verdict: 'doubtful', comment: '多次离开画面' }],
    ]);
  });

  it('reads a candidate’s timeline, and makes a recording’s link an address on the server’s origin', async () => {
    const { api, calls, reply } = setup();
    const timeline = { candidateId: 'c1', markers: [{ at: 5, kind: 'entered' }], recordings: [] };
    reply(timeline);
    await expect(api.getTimeline('c1')).resolves.toEqual(timeline);
    reply({ url: '/api/v1/supervisor/recordings/r1/file?link=abc', expiresAt: 300_000 }, 201);
    await expect(api.createRecordingLink('r1')).resolves.toEqual({ url: 'https://exam.test/api/v1/supervisor/recordings/r1/file?link=abc', expiresAt: 300_000 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET https://exam.test/api/v1/supervisor/candidates/c1/timeline',
      'POST https://exam.test/api/v1/supervisor/recordings/r1/link',
    ]);
    // On the page's own origin the link stays a path.
    const own = setup({ baseUrl: '' });
    own.reply({ url: '/api/v1/supervisor/recordings/r1/file?link=abc', expiresAt: 300_000 }, 201);
    expect((await own.api.createRecordingLink('r1')).url).toBe('/api/v1/supervisor/recordings/r1/file?link=abc');
  });

  it("rejects an intervention with the server's code: CANDIDATE_FINISHED, NOT_ENTERED, ALREADY_ENTERED, EXAM_OVER", async () => {
    const { api, reply } = setup();
    reply({ code: 'CANDIDATE_FINISHED', message: 'done' }, 409);
    expect((await rejection(api.giveExtraTime('c1', 5))).code).toBe('CANDIDATE_FINISHED');
    reply({ code: 'NOT_ENTERED', message: 'no' }, 409);
    expect((await rejection(api.endInterview('c1', 'x'))).code).toBe('NOT_ENTERED');
    reply({ code: 'ALREADY_ENTERED', message: 'in' }, 409);
    expect((await rejection(api.allowLateEntry('c1', 'x'))).code).toBe('ALREADY_ENTERED');
    reply({ code: 'EXAM_OVER', message: 'over' }, 409);
    expect((await rejection(api.allowLateEntry('c1', 'x'))).code).toBe('EXAM_OVER');
  });

  it("rejects with the server's code: INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS", async () => {
    const { api, reply } = setup({}, null);
    reply({ code: 'INVALID_CREDENTIALS', message: 'no' }, 401);
    expect((await rejection(api.login('supervisor', 'x'))).code).toBe('INVALID_CREDENTIALS');
    reply({ code: 'TOO_MANY_ATTEMPTS', message: 'wait' }, 429);
    expect((await rejection(api.login('supervisor', 'x'))).code).toBe('TOO_MANY_ATTEMPTS');
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

describe('createRestProctorApi live events', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says connected on every (re)connection, and passes on the candidates’ pushes with their ids', async () => {
    const { api } = setup({ WebSocket: FakeSocket });
    const events: ProctorLiveEvent[] = [];
    api.liveEvents().subscribe({ next: (event) => events.push(event) });
    const socket = FakeSocket.instances[0]!;
    socket.emit('open', {});
    expect(JSON.parse(socket.sent[0]!)).toEqual({ type: 'auth', token: 'sup-tok' });
    socket.serverSends({ type: 'candidate.status', status: candidateStatus });
    socket.serverSends({ type: 'help.message', candidateId: 'c1', message });
    socket.serverSends({ type: 'evidence.status', candidateId: 'c1', status: { state: 'uploaded', updatedAt: 9 } });
    // A candidate's session ended: theirs, not the supervisor's; the socket stays.
    socket.serverSends({ type: 'session.revoked', candidateId: 'c1', reason: 'SESSION_REVOKED' });
    socket.serverSends({ type: 'help.message', message });
    expect(events).toEqual([
      { type: 'connected' },
      { type: 'candidate.status', status: candidateStatus },
      { type: 'help.message', candidateId: 'c1', message },
      { type: 'evidence.status', candidateId: 'c1', status: { state: 'uploaded', updatedAt: 9 } },
    ]);
    expect(socket.closedWith).toBeNull();

    // Dropped: reconnected with backoff, and told again.
    socket.emit('close', { code: 1006 });
    await vi.runOnlyPendingTimersAsync();
    const again = FakeSocket.instances[1]!;
    again.emit('open', {});
    expect(events.at(-1)).toEqual({ type: 'connected' });
  });
});
