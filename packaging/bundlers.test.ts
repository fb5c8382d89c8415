/**
 * The elements as an integrator bundles them: core, adapters and elements packed with `npm pack`, installed from those
 * tarballs into a fresh app, and built by Vite (an app that imports core itself and the components; one that uses the
 * lazy loader) and by webpack 5 (the lazy loader; `defineExamRoom()`); and, for a page without a bundler, the package's
 * self-contained script-tag build. Each holds one copy of core, XState and RxJS. Each app, served from its own origin to headless Chromium with `<exam-room>` pointed at the reference server,
 * shows 设备准备 and renders every stage the room may choose, with no error on the console and no failed request.
 * Needs the build (`npm run build`) and Chromium (`scripts/ensure-chromium.sh`).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { build as viteBuild, preview, type PreviewServer } from 'vite';
import webpack, { type Stats } from 'webpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, zhCN } from '@examroom/core';
import { buildApp } from '@examroom/server';
import { launchChromium, type LaunchedChromium } from '../packages/adapters/test-browser/launch.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const APPS_SOURCE = fileURLToPath(new URL('./bundler-apps/', import.meta.url));
/** What a browser app that embeds examroom installs (domain, msw and server are not for browsers). */
const PACKED = ['core', 'adapters', 'elements'] as const;

/** A string that each library has once, in code every app bundles (the room loads the machine and the ports). */
const MARKERS = {
  core: 'port is not provided; use createExamActor',
  xstate: 'Infinite loop detected: the machine has processed more than',
  rxjs: 'object unsubscribed',
} as const;
type Copies = Record<keyof typeof MARKERS, number>;

/** Every element `<exam-room>` may render as its stage, chosen by name at run time. */
const STAGE_TAGS = [...STAGES, 'barred', 'resuming'].map((stage) => `exam-${stage.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);

interface App {
  readonly name: string;
  /** `none`: a plain page that loads the package's script-tag build, dist/examroom. */
  readonly bundler: 'vite' | 'webpack' | 'none';
  /** Its entry module in packaging/bundler-apps/. */
  readonly entry: string;
}

const APPS: readonly App[] = [
  { name: 'vite-components', bundler: 'vite', entry: 'components.js' },
  { name: 'vite-loader', bundler: 'vite', entry: 'loader.js' },
  { name: 'webpack-loader', bundler: 'webpack', entry: 'loader.js' },
  { name: 'webpack-define', bundler: 'webpack', entry: 'define.js' },
  { name: 'script-tag', bundler: 'none', entry: 'script-tag.js' },
];

let work = '';
let www = '';
let api: FastifyInstance | undefined;
let apiOrigin = '';
let pages: PreviewServer | undefined;
let pagesOrigin = '';
let browser: LaunchedChromium | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'examroom-bundlers-'));
  www = join(work, 'www');
  mkdirSync(www);
  await installPackedApp(work);
  // The apps' pages on one origin, the API on another, as for a university portal.
  pages = await preview({ configFile: false, root: www, logLevel: 'silent', appType: 'mpa', build: { outDir: www }, preview: { host: '127.0.0.1', port: 0 } });
  pagesOrigin = `http://127.0.0.1:${(pages.httpServer.address() as AddressInfo).port}`;
  api = await buildApp({ dataDir: join(work, 'server-data'), demo: true, logger: false, corsOrigins: [pagesOrigin] });
  await api.listen({ port: 0, host: '127.0.0.1' });
  apiOrigin = api.examroom.origin();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await pages?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Packs core, adapters and elements, and installs the tarballs into `dir` as an app would (npm, from its cache). */
async function installPackedApp(dir: string): Promise<void> {
  const packs = join(dir, 'packs');
  mkdirSync(packs);
  const tarballs = await Promise.all(
    PACKED.map(async (name) => {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packs], { cwd: join(root, 'packages', name) });
      return [`@examroom/${name}`, `file:${join(packs, (JSON.parse(stdout) as { filename: string }[])[0]!.filename)}`] as const;
    }),
  );
  // Every @examroom package as a direct dependency from its tarball: the elements' and adapters' own dependencies on
  // core and adapters resolve to them (none is on the registry, so a lookup there would fail the install).
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'examroom-bundlers-app', private: true, type: 'module', dependencies: Object.fromEntries(tarballs) }, null, 2));
  await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  cpSync(APPS_SOURCE, join(dir, 'src'), { recursive: true });
}

function page(script: string, type: 'module' | 'classic', head: readonly string[] = []): string {
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head><meta charset="utf-8"><title>examroom in an app</title><link rel="icon" href="data:,">',
    ...head,
    '</head>',
    '<body>',
    '<p id="stage"></p>',
    `<script ${type === 'module' ? 'type="module"' : 'defer'} src="${script}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Vite's production build of `app` into www/<name>/ (relative URLs, as under any path of a portal). */
async function buildWithVite(app: App): Promise<Copies> {
  const source = join(work, app.name);
  cpSync(join(work, 'src'), source, { recursive: true });
  writeFileSync(join(source, 'index.html'), page(`./${app.entry}`, 'module'));
  const outDir = join(www, app.name);
  await viteBuild({ configFile: false, root: source, base: './', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  // Rollup puts a module in one chunk only: each copy of a library is one occurrence of its marker.
  const text = emittedJs(outDir);
  return countMarkers((marker) => text.split(marker).length - 1);
}

/** Every JavaScript file a build wrote, as one text. */
function emittedJs(outDir: string): string {
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(outDir, file), 'utf8'))
    .join('\n');
}

/** webpack 5's production build of `app` into www/<name>/ (main.js and its chunks, with a page that loads it). */
async function buildWithWebpack(app: App): Promise<Copies> {
  const outDir = join(www, app.name);
  const stats = await new Promise<Stats>((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: join(work, 'src'),
        entry: `./${app.entry}`,
        output: { path: outDir, filename: 'main.js', clean: true },
        // Minifying only costs time here: what matters is how webpack resolves, splits and loads the modules.
        optimization: { minimize: false },
        performance: { hints: false },
      },
      (error, result) => (error || !result ? reject(error ?? new Error('webpack gave no result')) : resolve(result)),
    ),
  );
  const { errors = [], warnings = [] } = stats.toJson({ all: false, errors: true, warnings: true });
  expect([...errors, ...warnings].map((problem) => problem.message)).toEqual([]);
  writeFileSync(join(outDir, 'index.html'), page('./main.js', 'classic'));
  // The face models' script, whose address the server gives at run time, is the browser's to import(): webpack
  // would otherwise turn that import() into a map of no modules, which fails at 人脸登录.
  expect(emittedJs(outDir)).toMatch(/\bimport\((?:\s*\/\*[^*]*\*\/)*\s*`\$\{[\w.$]+\}human\.esm\.js`\)/);
  // webpack may put one module into two lazy chunks (below splitChunks.minSize it does), yet runs it once: a copy is a
  // module (with its own identifier) whose source holds the marker, however many chunks carry it.
  const { modules = [] } = stats.toJson({ all: false, modules: true, nestedModules: true, source: true });
  const leaves = modules.flatMap((module) => module.modules ?? [module]);
  return countMarkers((marker) => new Set(leaves.filter((module) => String(module.source ?? '').includes(marker)).map((module) => module.identifier)).size);
}

/** The package's dist/examroom as a static host serves it, beside a page that loads it with script tags. */
function serveScriptTagBuild(app: App): Copies {
  const outDir = join(www, app.name);
  cpSync(join(work, 'src'), outDir, { recursive: true });
  const elements = join(outDir, 'elements');
  cpSync(join(work, 'node_modules', '@examroom', 'elements', 'dist', 'examroom'), elements, { recursive: true });
  const head = ['<link rel="stylesheet" href="./elements/examroom.css">', '<script type="module" src="./elements/examroom.esm.js"></script>'];
  writeFileSync(join(outDir, 'index.html'), page(`./${app.entry}`, 'module', head));
  // Self-contained: core, XState and RxJS are inside it (once), and the browser finds every import (below).
  const text = emittedJs(elements);
  return countMarkers((marker) => text.split(marker).length - 1);
}

function countMarkers(count: (marker: string) => number): Copies {
  return { core: count(MARKERS.core), xstate: count(MARKERS.xstate), rxjs: count(MARKERS.rxjs) };
}

/** Opens the app's page with `<exam-room>` on the reference server; collects what went wrong on the way. */
async function openApp(app: App): Promise<{ page: Page; problems: string[]; apiAnswers: number[] }> {
  const page = await browser!.context.newPage();
  const problems: string[] = [];
  const apiAnswers: number[] = [];
  // Chromium reports each failed response on the console too; the responses are judged below, with their address.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    const fromApi = response.url().startsWith(apiOrigin);
    if (fromApi) apiAnswers.push(response.status());
    // Before login the room asks the API for a session it does not have yet (401): the way it learns to start afresh.
    if (response.status() >= 400 && !(fromApi && response.status() === 401)) problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.goto(`${pagesOrigin}/${app.name}/index.html?api=${encodeURIComponent(apiOrigin)}`);
  return { page, problems, apiAnswers };
}

describe.each(APPS)('$name: the packed elements, bundler $bundler, $entry', (app) => {
  it('bundles one copy of core, XState and RxJS; shows 设备准备 from the reference server; renders every stage', async () => {
    const copies = app.bundler === 'vite' ? await buildWithVite(app) : app.bundler === 'webpack' ? await buildWithWebpack(app) : serveScriptTagBuild(app);
    console.log(`${app.name}: copies ${JSON.stringify(copies)}`);
    expect(copies).toEqual({ core: 1, xstate: 1, rxjs: 1 });

    const { page, problems, apiAnswers } = await openApp(app);
    try {
      // The room's first stage, from its own lazily loaded chunk, after the machine and the ports started.
      const stage = page.locator('exam-room exam-checking-devices');
      await expect.poll(() => stage.locator('[part~="heading"]').textContent(), { timeout: 60_000 }).toBe(zhCN.checkingDevices.title);
      expect(await stage.locator('.intro').textContent()).toBe(zhCN.checkingDevices.intro);
      expect(apiAnswers.filter((status) => status === 200).length).toBeGreaterThan(0);

      // Every stage the room may choose at run time is defined and renders its heading.
      await page.evaluate((tags) => {
        const stages = document.createElement('div');
        stages.id = 'stages';
        stages.append(...tags.map((tag) => document.createElement(tag)));
        document.body.append(stages);
      }, STAGE_TAGS);
      const headings = () =>
        page.evaluate((tags) => tags.filter((tag) => !document.querySelector(`#stages > ${tag}`)?.shadowRoot?.querySelector('[part~="heading"]')?.textContent?.trim()), STAGE_TAGS);
      await expect.poll(headings, { timeout: 60_000 }).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
