import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CSS_PATH, adminPage } from './admin-page.js';
import { ELEMENTS_SCRIPT, ELEMENTS_THEME } from './elements-assets.js';
import { api, removeTempDirs, startServer, type TestServer } from './test-support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ testClock: false, demo: false });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const attribute = (html: string, tag: string, name: string) => new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(html)?.[1];

describe('the administrator’s page (考试管理)', () => {
  it('holds <exam-admin-console> from the lazy build under the CSP, zh-CN by default and English with ?lang=en', async () => {
    const page = await api<string>(server, 'GET', '/admin', { raw: true });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('<title>考试管理 · examroom</title>');
    expect(page.body).toContain(`<script type="module" src="${ELEMENTS_SCRIPT}"></script>`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${ELEMENTS_THEME}">`);
    expect(page.body).toContain(`<link rel="stylesheet" href="${ADMIN_CSS_PATH}">`);
    expect(attribute(page.body, 'exam-admin-console', 'api-base')).toBe('');
    expect(attribute(page.body, 'exam-admin-console', 'lang')).toBe('zh-CN');
    // No inline script or style: the CSP forbids them.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page.body).not.toMatch(/<style|\sstyle=/);
    const en = await api<string>(server, 'GET', '/admin?lang=en', { raw: true });
    expect(en.body).toContain('<html lang="en">');
    expect(attribute(en.body, 'exam-admin-console', 'lang')).toBe('en');
    const css = await api<string>(server, 'GET', ADMIN_CSS_PATH, { raw: true });
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect(css.body).toContain('exam-admin-console');
  });

  it('tells how to build the elements when they are missing', () => {
    const html = adminPage({ locale: 'en', elementsAvailable: false });
    expect(html).not.toContain('<exam-admin-console');
    expect(html).not.toContain('<script');
    expect(html).toContain('npm run build');
  });
});
