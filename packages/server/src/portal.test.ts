/**
 * The demo portal as HTTP: the page embeds the built <exam-room> the way an integrator would, in both languages, and
 * the package's files are served with cache headers that suit their names. (The journeys through it run in Chromium:
 * portal.browser.test.ts.)
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXAM_ID } from '@examroom/domain';
import { CACHE_ENTRY, CACHE_HASHED, ELEMENTS_SCRIPT, ELEMENTS_THEME, elementsBuildDir, registerElementsAssets } from './elements-assets.js';
import { PHONE_CSS_PATH, phonePage } from './phone-page.js';
import { portalLocale, portalPage } from './portal.js';
import { PROCTOR_CSS_PATH, proctorPage } from './proctor-page.js';
import { api, removeTempDirs, startServer, type TestServer } from './test-support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ testClock: false });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const attribute = (html: string, tag: string, name: string) => new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(html)?.[1];

describe('the demo portal page', () => {
  it('embeds <exam-room> for the demo exam with a module script from /elements/ and the theme stylesheet, in zh-CN by default', async () => {
    const page = await api<string>(server, 'GET', '/', { raw: true });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('示例大学');
    expect(page.body).toContain('研究生招生 远程面试');
    expect(page.body).toContain(`<script type="module" src="${ELEMENTS_SCRIPT}"></script>`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${ELEMENTS_THEME}">`);
    expect(attribute(page.body, 'exam-room', 'exam-id')).toBe(DEMO_EXAM_ID);
    expect(attribute(page.body, 'exam-room', 'api-base')).toBe('');
    expect(attribute(page.body, 'exam-room', 'lang')).toBe('zh-CN');
    // 演示账号: the seeded candidates and their password.
    expect(page.body).toContain('演示账号');
    expect(page.body).toContain('110101200001010011');
    expect(page.body).toContain('demo1234');
    // No inline script: the CSP forbids it.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it('switches to English with ?lang=en, by a plain link (no script)', async () => {
    const zh = await api<string>(server, 'GET', '/', { raw: true });
    expect(zh.body).toMatch(/<a href="\/\?lang=en" lang="en" hreflang="en">English<\/a>/);
    const en = await api<string>(server, 'GET', '/?lang=en', { raw: true });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Example University');
    expect(attribute(en.body, 'exam-room', 'lang')).toBe('en');
    expect(en.body).toMatch(/<a href="\/" lang="zh-CN" hreflang="zh-CN">中文<\/a>/);
    expect(en.body).toContain('aria-current="true">English</a>');
    expect(portalLocale('en-GB')).toBe('en');
    expect(portalLocale(['en', 'en'])).toBe('zh-CN');
    expect(portalLocale('<script>')).toBe('zh-CN');
  });

  it('escapes what it prints and leaves out the accounts when there is no demo', () => {
    const html = portalPage({ locale: 'zh-CN', examId: 'x"><script>', demo: null, elementsAvailable: true });
    expect(html).toContain('exam-id="x&#34;&#62;&#60;script&#62;"');
    expect(html).not.toContain('演示账号');
  });

  it('shows the sittings\' start in the exam\'s time zone, whatever the server\'s own zone', () => {
    const startsAt = Date.UTC(2026, 1, 28, 2, 0); // 10:00 in Beijing
    const demo = {
      created: true,
      examId: DEMO_EXAM_ID,
      examTitle: '演示',
      timeZone: 'Asia/Shanghai',
      sittings: [{ id: 's-1', name: '第一场', startsAt }],
      candidates: [],
      supervisor: { username: 'supervisor', password: 'x' },
    };
    expect(portalPage({ locale: 'zh-CN', examId: DEMO_EXAM_ID, demo, elementsAvailable: true })).toContain('<time datetime="2026-02-28T02:00:00.000Z">2/28 GMT+8 10:00</time>');
    expect(portalPage({ locale: 'zh-CN', examId: DEMO_EXAM_ID, demo: { ...demo, timeZone: 'UTC' }, elementsAvailable: true })).toContain('2/28 UTC 02:00');
  });

  it('tells how to build the elements when they are missing instead of a broken script tag', () => {
    const html = portalPage({ locale: 'en', examId: DEMO_EXAM_ID, demo: null, elementsAvailable: false });
    expect(html).not.toContain('<exam-room');
    expect(html).not.toContain('<script');
    expect(html).toContain('npm run build');
  });
});

describe('the phone page (佐证录制)', () => {
  it('holds <exam-evidence-recorder> from the lazy build for a phone, zh-CN by default and English with ?lang=en, never cached', async () => {
    const page = await api<string>(server, 'GET', '/phone', { raw: true });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // Opened with a code in its fragment: not kept by the browser or a proxy.
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">');
    expect(page.body).toContain(`<script type="module" src="${ELEMENTS_SCRIPT}"></script>`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${ELEMENTS_THEME}">`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${PHONE_CSS_PATH}">`);
    expect(attribute(page.body, 'exam-evidence-recorder', 'api-base')).toBe('');
    expect(attribute(page.body, 'exam-evidence-recorder', 'lang')).toBe('zh-CN');
    expect(page.body).toMatch(/<noscript><p class="notice">请启用浏览器的 JavaScript/);
    // No inline script or style: the CSP forbids them.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.body).not.toMatch(/<style|\sstyle=/);
    const en = await api<string>(server, 'GET', '/phone?lang=en', { raw: true });
    expect(en.body).toContain('<html lang="en">');
    expect(attribute(en.body, 'exam-evidence-recorder', 'lang')).toBe('en');
    const css = await api<string>(server, 'GET', PHONE_CSS_PATH, { raw: true });
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect(css.body).toContain('exam-evidence-recorder');
  });

  it('tells how to build the elements when they are missing instead of a broken script tag', () => {
    const html = phonePage({ locale: 'en', elementsAvailable: false });
    expect(html).not.toContain('<exam-evidence-recorder');
    expect(html).not.toContain('<script');
    expect(html).toContain('npm run build');
  });
});

describe('the supervisor’s page (监督员控制台)', () => {
  it('holds <exam-proctor-console> from the lazy build, zh-CN by default and English with ?lang=en, each exam in its own time zone', async () => {
    const page = await api<string>(server, 'GET', '/proctor', { raw: true });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('<title>监督员控制台 · examroom</title>');
    expect(page.body).toContain(`<script type="module" src="${ELEMENTS_SCRIPT}"></script>`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${ELEMENTS_THEME}">`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${PROCTOR_CSS_PATH}">`);
    expect(attribute(page.body, 'exam-proctor-console', 'api-base')).toBe('');
    expect(attribute(page.body, 'exam-proctor-console', 'lang')).toBe('zh-CN');
    // No zone forced on the page: the supervisor routes give each exam's (SittingSummary.timeZone).
    expect(attribute(page.body, 'exam-proctor-console', 'time-zone')).toBeUndefined();
    // No inline script or style: the CSP forbids them.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.body).not.toMatch(/<style|\sstyle=/);
    const en = await api<string>(server, 'GET', '/proctor?lang=en', { raw: true });
    expect(en.body).toContain('<html lang="en">');
    expect(attribute(en.body, 'exam-proctor-console', 'lang')).toBe('en');
    const css = await api<string>(server, 'GET', PROCTOR_CSS_PATH, { raw: true });
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect(css.body).toContain('exam-proctor-console');
  });

  it('tells how to build the elements when they are missing; leaves the time zone to each exam', () => {
    const html = proctorPage({ locale: 'en', elementsAvailable: false });
    expect(html).not.toContain('<exam-proctor-console');
    expect(html).not.toContain('<script');
    expect(html).toContain('npm run build');
    expect(proctorPage({ locale: 'zh-CN', elementsAvailable: true })).not.toContain('time-zone=');
  });
});

describe('the built @examroom/elements under /elements/examroom/', () => {
  it('serves the entry module and the theme, revalidated on every load', async () => {
    const script = await api<string>(server, 'GET', ELEMENTS_SCRIPT, { raw: true });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe(CACHE_ENTRY);
    expect(script.headers.get('etag')).toBeTruthy();
    const theme = await api<string>(server, 'GET', ELEMENTS_THEME, { raw: true });
    expect(theme.status).toBe(200);
    expect(theme.headers.get('content-type')).toMatch(/^text\/css/);
    expect(theme.headers.get('cache-control')).toBe(CACHE_ENTRY);
    expect(theme.body).toContain('--exam-color-brand');
  });

  it('serves the content-hashed chunks for a year, immutable', async () => {
    const dir = elementsBuildDir();
    expect(dir, 'the elements package is built').not.toBeNull();
    const chunks = readdirSync(dir!).filter((name) => name.startsWith('p-') && name.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    const chunk = await api<string>(server, 'GET', `/elements/examroom/${chunks[0]}`, { raw: true });
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe(CACHE_HASHED);
  });

  it('sends the precompressed Brotli or gzip copy to browsers that accept it, the plain file otherwise', async () => {
    const dir = elementsBuildDir();
    expect(dir, 'the elements package is built').not.toBeNull();
    const app = Fastify();
    await registerElementsAssets(app, dir);
    const original = readFileSync(join(dir!, 'examroom.esm.js'));
    const get = (acceptEncoding: string) => app.inject({ method: 'GET', url: ELEMENTS_SCRIPT, headers: { 'accept-encoding': acceptEncoding } });
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);
    const gzip = await get('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(original)).toBe(true);
    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);
    await app.close();
  });

  it('serves nothing outside the lazy build: no listing, no parent folder, 404 for unknown files', async () => {
    for (const path of ['/elements/examroom/../package.json', '/elements/examroom/%2e%2e/package.json', '/elements/examroom/nothing.js', '/elements/package.json']) {
      const response = await api(server, 'GET', path, { raw: true });
      expect(response.status, path).toBe(404);
    }
    const listing = await api(server, 'GET', '/elements/examroom/', { raw: true });
    expect(listing.status).toBeGreaterThanOrEqual(400);
  });

  it('names files by their content hash only when they are chunks (entry files keep revalidating)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'examroom-elements-'));
    for (const name of ['examroom.esm.js', 'index.esm.js', 'p-1a2b3c4d.entry.js', 'p-BEaWJUtp.js', 'p-jKLk83p-.js', 'examroom.css']) writeFileSync(join(dir, name), '');
    const app = Fastify();
    expect(await registerElementsAssets(app, dir)).toBe(true);
    const cache = async (name: string) => (await app.inject({ method: 'GET', url: `/elements/examroom/${name}` })).headers['cache-control'];
    expect(await cache('examroom.esm.js')).toBe(CACHE_ENTRY);
    expect(await cache('index.esm.js')).toBe(CACHE_ENTRY);
    expect(await cache('examroom.css')).toBe(CACHE_ENTRY);
    expect(await cache('p-1a2b3c4d.entry.js')).toBe(CACHE_HASHED);
    expect(await cache('p-BEaWJUtp.js')).toBe(CACHE_HASHED);
    expect(await cache('p-jKLk83p-.js')).toBe(CACHE_HASHED);
    expect(await registerElementsAssets(Fastify({ logger: false }), null)).toBe(false);
    await app.close();
  });
});
