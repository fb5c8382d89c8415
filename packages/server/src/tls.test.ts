/**
 * EXAMROOM_TLS_CERT / EXAMROOM_TLS_KEY: the server speaks HTTPS (a phone's browser gives a LAN page its camera only
 * over HTTPS), the phone links and upload URLs it hands out say https, and the live-events socket upgrades on it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_PREFIX, LIVE_CLOSE_UNAUTHENTICATED, LIVE_EVENTS_PATH } from '@examroom/adapters/rest';
import { buildApp } from './app.js';

const dir = mkdtempSync(join(tmpdir(), 'examroom-tls-'));
let app: Awaited<ReturnType<typeof buildApp>>;
let cert: Buffer;

/** A GET over HTTPS that trusts the test's own self-signed certificate. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca: cert }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, as an IT office makes one for a LAN address.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'));
  app = await buildApp({ dataDir: join(dir, 'data'), logger: false, tls: { cert, key: readFileSync(join(dir, 'key.pem')) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
  it('serves the pages and the API over TLS, and hands out https links', async () => {
    const origin = app.examroom.origin();
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await get(`${origin}/phone`)).status).toBe(200);
    const time = await get(`${origin}/api/v1/time`);
    expect(time.status).toBe(200);
    expect(JSON.parse(time.body)).toHaveProperty('serverTime');
  });

  it('upgrades the live-events socket over TLS (wss), which then asks for its token', async () => {
    const socket = new WebSocket(`${app.examroom.origin().replace(/^https/, 'wss')}${API_PREFIX}${LIVE_EVENTS_PATH}`, { ca: cert });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    // A message that is not an auth message: the server closes with its own code, so it was the server that answered.
    socket.send('hello');
    const code = await new Promise<number>((resolve) => socket.once('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(LIVE_CLOSE_UNAUTHENTICATED);
  });
});
