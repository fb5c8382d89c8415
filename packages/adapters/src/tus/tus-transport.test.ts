// The transport's requests and its reading of responses, over a scripted HttpStack. The same transport against
// the real server (the UploadTransport contract, a restart mid-upload) is in packages/server/src/tus-transport.test.ts.
import { describe, expect, it, vi } from 'vitest';
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import { createRecordingCompleter } from '../rest/client.js';
import { createTusTransport } from './index.js';

interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | null;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string } | Error | 'hang';

/** An HttpStack that records every request and answers with the scripted replies, in order. */
function scriptedStack(...replies: Reply[]) {
  const sent: SentRequest[] = [];
  const aborted: string[] = [];
  const stack: HttpStack = {
    getName: () => 'ScriptedHttpStack',
    createRequest(method, url): HttpRequest {
      const headers: Record<string, string> = {};
      return {
        getMethod: () => method,
        getURL: () => url,
        setHeader: (name, value) => void (headers[name] = value),
        getHeader: (name) => headers[name],
        setProgressHandler: () => undefined,
        getUnderlyingObject: () => null,
        abort: async () => void aborted.push(`${method} ${url}`),
        async send(body: Uint8Array | null) {
          sent.push({ method, url, headers, body });
          const reply = replies.shift() ?? new Error('no reply scripted');
          if (reply === 'hang') return new Promise<HttpResponse>(() => undefined);
          if (reply instanceof Error) throw reply;
          const lower = Object.fromEntries(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
          return {
            getStatus: () => reply.status,
            getHeader: (name: string) => lower[name.toLowerCase()],
            getBody: () => reply.body ?? '',
            getUnderlyingObject: () => null,
          };
        },
      };
    },
  };
  return { stack, sent, aborted };
}

const URL_A = 'https://exam.example/api/v1/uploads/rec_a';
const offsetReply = (offset: number, extra: Record<string, string> = {}) => ({
  status: 200,
  headers: { 'Upload-Offset': String(offset), 'Tus-Resumable': '1.0.0', ...extra },
});
const patchReply = (offset: number) => ({ status: 204, headers: { 'Upload-Offset': String(offset) } });
const errorBody = (code: string) => JSON.stringify({ code, message: code });

async function open(stack: HttpStack, options: Parameters<typeof createTusTransport>[0] = {}) {
  return createTusTransport({ ...options, httpStack: stack }).open(URL_A);
}

describe('tus transport requests', () => {
  it('reads the offset with a HEAD, sending Tus-Resumable and the caller’s headers', async () => {
    let token = 'first';
    const { stack, sent } = scriptedStack(offsetReply(1234), offsetReply(1234));
    const session = await open(stack, { headers: () => ({ Authorization: `Bearer ${token}` }) });
    expect(await session.offset()).toBe(1234);
    token = 'second';
    await session.offset();
    expect(sent.map(({ method, url, headers }) => [method, url, headers])).toEqual([
      ['HEAD', URL_A, { 'Tus-Resumable': '1.0.0', Authorization: 'Bearer first' }],
      ['HEAD', URL_A, { 'Tus-Resumable': '1.0.0', Authorization: 'Bearer second' }],
    ]);
  });

  it('appends with a PATCH at the offset and answers the server’s new offset', async () => {
    const { stack, sent } = scriptedStack(patchReply(105));
    const session = await open(stack);
    expect(await session.append(new Blob([new Uint8Array([1, 2, 3, 4, 5])]), 100)).toBe(105);
    expect(sent).toEqual([
      {
        method: 'PATCH',
        url: URL_A,
        headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '100', 'Content-Type': 'application/offset+octet-stream' },
        body: new Uint8Array([1, 2, 3, 4, 5]),
      },
    ]);
  });

  it('finishes: declares the length with an empty PATCH at the end, then completes', async () => {
    const complete = vi.fn(async () => undefined);
    const { stack, sent } = scriptedStack(offsetReply(500, { 'Upload-Defer-Length': '1' }), patchReply(500));
    await (await open(stack, { complete })).finish(500, 'f'.repeat(64));
    expect(sent.map(({ method, headers, body }) => [method, headers, body])).toEqual([
      ['HEAD', { 'Tus-Resumable': '1.0.0' }, null],
      [
        'PATCH',
        {
          'Tus-Resumable': '1.0.0',
          'Upload-Offset': '500',
          'Upload-Length': '500',
          'Content-Type': 'application/offset+octet-stream',
        },
        null,
      ],
    ]);
    expect(complete).toHaveBeenCalledWith(URL_A, 500, 'f'.repeat(64));
  });

  it('finishes again without declaring twice when the length is already declared (a retry)', async () => {
    const complete = vi.fn(async () => undefined);
    const { stack, sent } = scriptedStack(offsetReply(500, { 'Upload-Length': '500' }));
    await (await open(stack, { complete })).finish(500, 'f'.repeat(64));
    expect(sent.map((request) => request.method)).toEqual(['HEAD']);
    expect(complete).toHaveBeenCalledTimes(1);
  });

  it('refuses to finish when the server holds other bytes or another length, and does not complete', async () => {
    const complete = vi.fn(async () => undefined);
    const short = scriptedStack(offsetReply(400));
    await expect((await open(short.stack, { complete })).finish(500, 'f'.repeat(64))).rejects.toMatchObject({ code: 'UPLOAD_FAILED' });
    expect(short.sent).toHaveLength(1);
    const other = scriptedStack(offsetReply(500, { 'Upload-Length': '600' }));
    await expect((await open(other.stack, { complete })).finish(500, 'f'.repeat(64))).rejects.toMatchObject({ code: 'UPLOAD_FAILED' });
    expect(complete).not.toHaveBeenCalled();
  });

  it('passes the completion’s error on (e.g. CHECKSUM_MISMATCH)', async () => {
    const { ErrorCode, ExamError } = await import('@examroom/core');
    const complete = vi.fn(async () => {
      throw new ExamError(ErrorCode.CHECKSUM_MISMATCH);
    });
    const { stack } = scriptedStack(offsetReply(5, { 'Upload-Length': '5' }));
    await expect((await open(stack, { complete })).finish(5, 'f'.repeat(64))).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
  });
});

describe('tus transport errors', () => {
  const cases: Array<[string, Reply, string]> = [
    ['404', { status: 404, body: 'Not found' }, 'NOT_FOUND'],
    ['410 Gone', { status: 410 }, 'NOT_FOUND'],
    ['401 with the API’s error body', { status: 401, body: errorBody('SESSION_REVOKED') }, 'SESSION_REVOKED'],
    ['401 without a body', { status: 401 }, 'UNAUTHENTICATED'],
    ['403', { status: 403, body: errorBody('FORBIDDEN') }, 'FORBIDDEN'],
    ['409 offset conflict', { status: 409, body: 'Upload-Offset conflict' }, 'UPLOAD_FAILED'],
    ['503 while the server shuts down', { status: 503 }, 'NETWORK_ERROR'],
    ['500', { status: 500, body: 'Internal error' }, 'INTERNAL_ERROR'],
    ['a network error', new Error('ECONNREFUSED'), 'NETWORK_ERROR'],
    ['a success without Upload-Offset', { status: 204 }, 'UPLOAD_FAILED'],
  ];

  it.each(cases)('append: %s', async (_name, reply, code) => {
    const { stack } = scriptedStack(reply);
    await expect((await open(stack)).append(new Blob(['x']), 0)).rejects.toMatchObject({ code });
  });

  it.each(cases)('offset: %s', async (_name, reply, code) => {
    const { stack } = scriptedStack(reply === 'hang' || reply instanceof Error || reply.status !== 204 ? reply : { status: 200 });
    await expect((await open(stack)).offset()).rejects.toMatchObject({ code });
  });

  it('aborts a request that gets no answer and fails NETWORK_ERROR', async () => {
    vi.useFakeTimers();
    try {
      const { stack, aborted } = scriptedStack('hang');
      const pending = (await open(stack, { timeoutMs: 5_000 })).append(new Blob(['x']), 0);
      const outcome = expect(pending).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
      await vi.advanceTimersByTimeAsync(5_000);
      await outcome;
      expect(aborted).toEqual([`PATCH ${URL_A}`]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createRecordingCompleter', () => {
  function fakeFetch(response: () => Response) {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return response();
    });
    return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
  }

  it('posts the length and SHA-256 to /recordings/:id/complete, the id taken from the upload URL', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json({}));
    const complete = createRecordingCompleter({ baseUrl: 'https://exam.example/', fetch, token: () => 'tok' });
    await complete('https://exam.example/api/v1/uploads/rec_a?x=1', 42, 'a'.repeat(64));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://exam.example/api/v1/recordings/rec_a/complete');
    expect(calls[0]!.init?.method).toBe('POST');
    expect(new Headers(calls[0]!.init?.headers).get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(String(calls[0]!.init?.body))).toEqual({ totalBytes: 42, sha256: 'a'.repeat(64) });
  });

  it('maps error bodies and network failures to ExamErrors', async () => {
    const mismatch = fakeFetch(() => Response.json({ code: 'CHECKSUM_MISMATCH', message: 'no' }, { status: 422 }));
    await expect(
      createRecordingCompleter({ baseUrl: '', fetch: mismatch.fetch, token: () => null })('/api/v1/uploads/rec_b', 1, 'b'.repeat(64)),
    ).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(mismatch.calls[0]!.url).toBe('/api/v1/recordings/rec_b/complete');
    expect(new Headers(mismatch.calls[0]!.init?.headers).has('authorization')).toBe(false);

    const offline = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    await expect(
      createRecordingCompleter({ baseUrl: '', fetch: offline.fetch, token: () => 't' })('/api/v1/uploads/rec_c', 1, 'c'.repeat(64)),
    ).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
