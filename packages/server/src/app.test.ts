import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@examroom/adapters/rest';
import { api, removeTempDirs, startServer, type TestServer } from './test-support/server.js';

let server: TestServer;
let production: TestServer;

beforeAll(async () => {
  server = await startServer({ testClock: true });
  production = await startServer({ testClock: false });
});

afterAll(async () => {
  await server.close();
  await production.close();
  removeTempDirs();
});

describe('security headers', () => {
  it('serve pages with a strict Content-Security-Policy and no referrer', async () => {
    const page = await api<string>(server, 'GET', '/', { raw: true });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive('media-src')).toBe("media-src 'self' blob:");
    expect(directive('img-src')).toBe("img-src 'self' data: blob:");
    expect(directive('connect-src')).toBe("connect-src 'self' ws: wss:");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it('send the same headers with API answers, which are never cached', async () => {
    const time = await api(server, 'GET', '/time');
    expect(time.status).toBe(200);
    expect(time.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(time.headers.get('referrer-policy')).toBe('no-referrer');
    expect(time.headers.get('cache-control')).toBe('no-store');
  });
});

describe('hostile and malformed requests', () => {
  it('answer an unknown route with 404 NOT_FOUND', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/v1/time'],
      ['GET', '/etc/passwd'],
      ['GET', '/api/v1/../../etc/passwd'],
      ['DELETE', '/api/v1/me'],
    ] as const) {
      const response = await api(server, method, path, { raw: true });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
    }
  });

  it('answer malformed JSON with 400 VALIDATION_FAILED', async () => {
    for (const rawBody of ['{"examId":', '[1,2', 'null x', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}']) {
      const response = await api(server, 'POST', '/sessions/password', { rawBody, headers: { 'content-type': 'application/json' } });
      expect(response.status, rawBody).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('answer a body that is not JSON with 415 VALIDATION_FAILED', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/offset+octet-stream']) {
      const response = await api(server, 'POST', '/sessions/password', { rawBody: 'examId=x', headers: { 'content-type': type } });
      expect(response.status, type).toBe(415);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('answer a huge body with 413 PAYLOAD_TOO_LARGE, allowing a camera frame only on face login', async () => {
    const big = JSON.stringify({ examId: 'x', idNumber: '123456', password: 'x'.repeat(100_000), deviceKey: 'device-key-1' });
    const tooLarge = await api(server, 'POST', '/sessions/password', { rawBody: big, headers: { 'content-type': 'application/json' } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const frame = JSON.stringify({ examId: 'exam_none', deviceKey: 'device-key-1', image: 'A'.repeat(2_500_000) });
    const face = await api(server, 'POST', '/sessions/face', { rawBody: frame, headers: { 'content-type': 'application/json' } });
    expect(face.status).not.toBe(413);
    expect(face.status).toBeLessThan(500);

    const hugeFrame = JSON.stringify({ examId: 'exam_none', deviceKey: 'device-key-1', image: 'A'.repeat(4_000_000) });
    const hugeFace = await api(server, 'POST', '/sessions/face', { rawBody: hugeFrame, headers: { 'content-type': 'application/json' } });
    expect(hugeFace.status).toBe(413);
  });

  it('never answer 5xx to wrong types, bad ids or traversal strings on any route', async () => {
    const hostileIds = ['..%2F..%2Fexamroom.sqlite', '%00', 'a'.repeat(300), '%E2%80%AE'];
    const hostileBodies = [{ examId: 5, idNumber: [], password: null }, [], 'string', 42, { stage: 'finished', extra: { deep: [1, 2, 3] } }];
    for (const [name, route] of Object.entries(routes)) {
      for (const id of hostileIds) {
        const path = route.path.replace(/:[A-Za-z]+/g, id);
        for (const body of route.method === 'GET' ? [undefined] : hostileBodies) {
          const response = await api(server, route.method, path, { token: 'not-a-token', ...(body !== undefined ? { body } : {}) });
          expect(response.status, `${name} ${path} ${JSON.stringify(body)}`).toBeLessThan(500);
          // Only the public time route can succeed with anything of this; everything else is refused with a code.
          if (name !== 'getTime') expect(response.body, `${name} ${path}`).toMatchObject({ code: expect.any(String), message: expect.any(String) });
          expect(JSON.stringify(response.body)).not.toMatch(/SQLITE|at .*\.js:\d+|node_modules/);
        }
      }
    }
  });

  it('answer a plain GET on the WebSocket path with JSON, not an empty 404', async () => {
    const response = await api(server, 'GET', '/ws');
    expect(response.status).toBe(426);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('routes', () => {
  it('registers the dev-only routes only with the test clock', async () => {
    const now = Date.now() + 3_600_000;
    const moved = await api(server, 'POST', '/dev/clock', { body: { now } });
    expect(moved.status).toBe(200);
    expect(Math.abs((await api(server, 'GET', '/time')).body.serverTime - now)).toBeLessThan(5_000);

    const refused = await api(production, 'POST', '/dev/clock', { body: { now } });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(Math.abs((await api(production, 'GET', '/time')).body.serverTime - Date.now())).toBeLessThan(5_000);
  });

  it('serves the OpenAPI document of the contract', async () => {
    const document = await api(server, 'GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\.1/);
    const paths = Object.keys(document.body.paths as Record<string, unknown>);
    expect(paths.some((path) => path.endsWith('/sessions/password'))).toBe(true);
    expect(Object.keys(document.body.paths['/api/v1/sessions/password'].post.responses)).toEqual(expect.arrayContaining(['409', '415', '429']));
  });

  it('serves the AsyncAPI document of the live-events socket, as committed', async () => {
    const document = await api(server, 'GET', '/asyncapi.json');
    expect(document.status).toBe(200);
    expect(document.body).toEqual(JSON.parse(readFileSync(new URL('../../adapters/asyncapi.json', import.meta.url), 'utf8')));
    expect(document.body.channels.liveEvents.address).toBe('/api/v1/ws');
  });

  it('lists the dev routes in its OpenAPI document only when they are enabled (EXAMROOM_TEST_CLOCK=1)', async () => {
    const devPaths = (document: { paths: Record<string, unknown> }) => Object.keys(document.paths).filter((path) => path.startsWith('/api/v1/dev/'));
    expect(devPaths((await api(server, 'GET', '/openapi.json')).body).sort()).toEqual(['/api/v1/dev/administrators', '/api/v1/dev/clock', '/api/v1/dev/sittings']);
    expect(devPaths((await api(production, 'GET', '/openapi.json')).body)).toEqual([]);
  });
});
