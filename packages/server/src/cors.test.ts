/**
 * CORS: none by default (the portal and the API share one origin), and with EXAMROOM_CORS_ORIGINS only for the
 * configured origins — on the API, the pages and the tus uploads, whose server writes CORS headers by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorsOrigins } from './cors.js';
import { api, enter, login, removeTempDirs, seedExam, startServer, type TestServer } from './test-support/server.js';

const PORTAL = 'https://portal.example.edu';
const OTHER = 'https://elsewhere.example.com';

const corsHeaders = (headers: Headers) => [...headers.keys()].filter((name) => name.startsWith('access-control-'));

/** A server with one candidate who entered, and an upload of theirs. */
async function serverWithUpload(corsOrigins?: readonly string[]): Promise<{ server: TestServer; token: string; uploadUrl: string }> {
  const server = await startServer(corsOrigins ? { corsOrigins } : {});
  const exam = await seedExam(server, 1);
  const token = await login(server, exam, 0);
  await enter(server, token);
  const created = await api<{ uploadUrl: string }>(server, 'POST', '/me/recordings', { token, body: { kind: 'camera', mimeType: 'video/webm' } });
  expect(created.status).toBe(201);
  return { server, token, uploadUrl: created.body.uploadUrl };
}

const preflight = (url: string, origin: string, method = 'PATCH') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,tus-resumable,upload-offset' },
  });

const tusHead = (url: string, token: string, origin?: string) =>
  fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, ...(origin ? { origin } : {}) } });

afterAll(() => removeTempDirs());

describe('without EXAMROOM_CORS_ORIGINS', () => {
  let s: Awaited<ReturnType<typeof serverWithUpload>>;
  beforeAll(async () => {
    s = await serverWithUpload();
  });
  afterAll(() => s.server.close());

  it('sends no CORS header on tus responses, preflights included', async () => {
    const head = await tusHead(s.uploadUrl, s.token, PORTAL);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(corsHeaders(head.headers)).toEqual([]);
    const options = await preflight(s.uploadUrl, PORTAL);
    expect(corsHeaders(options.headers)).toEqual([]);
    // tus discovery still works for a client on the same origin.
    const discovery = await fetch(s.uploadUrl, { method: 'OPTIONS' });
    expect(discovery.status).toBe(204);
    expect(discovery.headers.get('tus-version')).toBe('1.0.0');
    expect(corsHeaders(discovery.headers)).toEqual([]);
  });

  it('sends no CORS header on the API', async () => {
    const time = await api(s.server, 'GET', '/time', { headers: { origin: PORTAL } });
    expect(time.status).toBe(200);
    expect(corsHeaders(time.headers)).toEqual([]);
    expect(corsHeaders((await preflight(`${s.server.baseUrl}/api/v1/me`, PORTAL, 'GET')).headers)).toEqual([]);
  });
});

describe(`with EXAMROOM_CORS_ORIGINS=${PORTAL}`, () => {
  let s: Awaited<ReturnType<typeof serverWithUpload>>;
  beforeAll(async () => {
    s = await serverWithUpload([PORTAL]);
  });
  afterAll(() => s.server.close());

  it('lets the portal upload: preflight allowed, and tus answers name the portal and expose Upload-Offset', async () => {
    const options = await preflight(s.uploadUrl, PORTAL);
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(options.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(options.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('upload-offset');
    const head = await tusHead(s.uploadUrl, s.token, PORTAL);
    expect(head.status).toBe(200);
    expect(head.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(head.headers.get('access-control-expose-headers')).toContain('Upload-Offset');
    expect(head.headers.get('vary')).toContain('Origin');
  });

  it('sends nothing to another origin or to a request without one', async () => {
    expect(corsHeaders((await tusHead(s.uploadUrl, s.token, OTHER)).headers)).toEqual([]);
    expect(corsHeaders((await tusHead(s.uploadUrl, s.token)).headers)).toEqual([]);
    expect(corsHeaders((await preflight(s.uploadUrl, OTHER)).headers)).toEqual([]);
    expect(corsHeaders((await api(s.server, 'GET', '/time', { headers: { origin: OTHER } })).headers)).toEqual([]);
    expect(corsHeaders((await preflight(`${s.server.baseUrl}/api/v1/me`, OTHER, 'GET')).headers)).toEqual([]);
  });

  it('lets the portal call the API', async () => {
    const time = await api(s.server, 'GET', '/time', { headers: { origin: PORTAL } });
    expect(time.headers.get('access-control-allow-origin')).toBe(PORTAL);
    const options = await preflight(`${s.server.baseUrl}/api/v1/me/progress`, PORTAL, 'PUT');
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(options.headers.get('access-control-allow-methods')).toContain('PUT');
  });
});

describe('parseCorsOrigins', () => {
  it('reads a comma-separated list of origins, none by default', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins('')).toEqual([]);
    expect(parseCorsOrigins(` ${PORTAL}, http://localhost:3000 `)).toEqual([PORTAL, 'http://localhost:3000']);
  });

  it('refuses what is not exactly an origin', () => {
    for (const entry of ['*', 'portal.example.edu', `${PORTAL}/`, `${PORTAL}/path`]) expect(() => parseCorsOrigins(entry)).toThrow(/EXAMROOM_CORS_ORIGINS/);
  });
});
