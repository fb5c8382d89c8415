/**
 * The built Storybook (storybook-static/, `npm run build-storybook`) in real headless Chromium: every story renders
 * without a page error and with every exam-* element defined and drawn; the toolbar's locale and theme reach the
 * components; Flows/Full exam runs <exam-room> against the MSW worker with the fake camera, from 设备准备 to the
 * countdown before the exam (the exam itself starts minutes later in real time).
 * Run with `npm run test:storybook` (it builds first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, PROCTOR_CONSOLE_LOCALES } from '@examroom/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../packages/adapters/test-browser/launch';
import { serve, type Routes, type StaticServer } from '../packages/adapters/test-browser/serve';

const STATIC_DIR = fileURLToPath(new URL('../storybook-static/', import.meta.url));
const INDEX = `${STATIC_DIR}index.json`;

interface IndexEntry {
  readonly type: 'story' | 'docs';
  readonly id: string;
  readonly title: string;
  readonly name: string;
}

/** What a rendered story shows: Storybook's own verdict and the state of the exam-* elements in it. */
interface Rendered {
  readonly status: 'main' | 'errordisplay' | 'nopreview' | 'pending';
  readonly error: string;
  readonly tags: readonly string[];
  readonly undefinedTags: readonly string[];
  readonly emptyTags: readonly string[];
}

/**
 * Runs in the page: every exam-* element under the story root, through shadow roots. With `onlyDone`, null until
 * the story has rendered (or failed): for `page.waitForFunction`.
 */
function inspectStory(onlyDone: boolean): Rendered | null {
  const body = document.body.classList;
  const status = body.contains('sb-show-main') ? 'main' : body.contains('sb-show-errordisplay') ? 'errordisplay' : body.contains('sb-show-nopreview') ? 'nopreview' : 'pending';
  const found: Element[] = [];
  const walk = (root: ParentNode) => {
    for (const element of Array.from(root.querySelectorAll('*'))) {
      if (element.localName.startsWith('exam-')) found.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  const storyRoot = document.querySelector('#storybook-root');
  if (storyRoot) walk(storyRoot);
  const rendered: Rendered = {
    status,
    error: document.querySelector('#error-message')?.textContent ?? '',
    tags: [...new Set(found.map((element) => element.localName))],
    undefinedTags: found.filter((element) => !customElements.get(element.localName)).map((element) => element.localName),
    emptyTags: found.filter((element) => !element.shadowRoot || element.shadowRoot.childNodes.length === 0).map((element) => element.localName),
  };
  const done =
    status === 'errordisplay' ||
    status === 'nopreview' ||
    (status === 'main' && rendered.tags.length > 0 && rendered.undefinedTags.length === 0 && rendered.emptyTags.length === 0);
  return done || !onlyDone ? rendered : null;
}

/**
 * Opens the preview iframe on a story (or on none: `id` null) and collects what goes wrong in the page (errors,
 * failed requests) into `problems`.
 */
/** Stories that start a service worker: each runs in a page of its own, in its own test below. */
const OWN_TESTS = new Set(['flows--full-exam', 'shell-exam-proctor-console--on-msw']);

async function openStory(context: BrowserContext, origin: string, id: string | null, globals = 'locale:zh-CN'): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed request is reported below with its URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  const story = id === null ? '' : `id=${encodeURIComponent(id)}&viewMode=story&`;
  await page.goto(`${origin}/iframe.html?${story}globals=${globals}`);
  return { page, problems };
}

/**
 * Renders another story in the same iframe, as the Storybook UI does (no reload); resolves with Storybook's verdict
 * once the story's whole render is over, or says that none came within `timeoutMs` (a safety net, so that the
 * expectation rather than the test's timeout reports it). Switching to the story already on show renders nothing and
 * so gives no verdict.
 *
 * Over means Storybook's `storyFinished`, not `storyRendered`: after `storyRendered` the render goes on to its
 * afterEach phase, where the accessibility addon runs axe on the story (its first run also loads axe-core). A switch
 * that tears a render down while it is still pending waits three macrotasks for it and then reloads the page
 * (StoryRender.teardown in Storybook's preview): on a loaded machine that reload destroyed the page's execution
 * context under the next switch, and every reload left a new pending render for the switch after it, failing a
 * burst of stories.
 */
async function switchStory(page: Page, id: string, timeoutMs = 45_000): Promise<string> {
  return page.evaluate(
    ({ storyId, timeoutMs }) =>
      new Promise<string>((resolve) => {
        const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { on(event: string, listener: (...args: unknown[]) => void): void; off(event: string, listener: (...args: unknown[]) => void): void; emit(event: string, ...args: unknown[]): void } }).__STORYBOOK_ADDONS_CHANNEL__;
        // The first failure is the verdict; the render still ends with storyFinished (except a missing story), whose
        // status also counts what the afterEach phase reported (the a11y addon's run of axe).
        let rendered = false;
        let failure: string | null = null;
        const listeners: Array<readonly [string, (payload: unknown) => void]> = [];
        const listen = (event: string, listener: (payload: unknown) => void) => {
          channel.on(event, listener);
          listeners.push([event, listener]);
        };
        const finish = (verdict: string) => {
          clearTimeout(timer);
          listeners.forEach(([name, fn]) => channel.off(name, fn));
          resolve(verdict);
        };
        const timer = setTimeout(() => finish(`${failure ?? (rendered ? 'rendered' : 'not rendered')}, and no storyFinished from Storybook within ${timeoutMs} ms`), timeoutMs);
        for (const event of ['storyErrored', 'storyThrewException', 'playFunctionThrewException']) {
          listen(event, (payload) => (failure ??= `${event}: ${JSON.stringify(payload).slice(0, 500)}`));
        }
        listen('storyRendered', (renderedId) => (rendered ||= renderedId === storyId));
        listen('storyFinished', (payload) => {
          const finished = payload as { storyId: string; status: string; reporters?: unknown };
          if (finished.storyId !== storyId) return;
          if (finished.status !== 'success') failure ??= `storyFinished ${finished.status}: ${JSON.stringify(finished.reporters).slice(0, 500)}`;
          finish(failure ?? (rendered ? 'rendered' : 'finished without storyRendered'));
        });
        listen('storyMissing', (missing) => finish(`storyMissing: ${JSON.stringify(missing)}`));
        channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
      }),
    { storyId: id, timeoutMs },
  );
}

/** Waits until the story has rendered (or failed), at most `ms`, and says what it shows then. */
async function renderedStory(page: Page, ms = 30_000): Promise<Rendered> {
  await page.waitForFunction(inspectStory, true, { timeout: ms }).catch(() => undefined);
  return (await page.evaluate(inspectStory, false))!;
}

const entries: IndexEntry[] = existsSync(INDEX)
  ? Object.values((JSON.parse(readFileSync(INDEX, 'utf8')) as { entries: Record<string, IndexEntry> }).entries).filter((entry) => entry.type === 'story')
  : [];

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Every file of the static site as a route of the test server (on 127.0.0.1, a secure context); `/` is index.html. */
async function routesOf(root: string): Promise<Routes> {
  const routes: Record<string, { body: Uint8Array; type: string }> = {};
  for (const name of await readdir(root, { recursive: true })) {
    const file = join(root, name);
    if (!(await stat(file)).isFile()) continue;
    routes[`/${name.split(sep).join('/')}`] = { body: await readFile(file), type: TYPES[extname(name)] ?? 'application/octet-stream' };
  }
  if (routes['/index.html']) routes['/'] = routes['/index.html'];
  return routes;
}

describe('built Storybook in Chromium', () => {
  let site: StaticServer;
  let browser: LaunchedChromium;

  beforeAll(async () => {
    if (!existsSync(INDEX)) throw new Error(`${INDEX} is missing: run \`npm run build-storybook\` first (or \`npm run test:storybook\`)`);
    site = await serve(await routesOf(STATIC_DIR));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('has the primitives, the shell and the full-exam flow', () => {
    const titles = new Set(entries.map((entry) => entry.title));
    for (const title of ['Primitives/Stepper 步骤条', 'Primitives/Timer 计时器', 'Primitives/Qr 二维码', 'Shell/exam-room', 'Flows']) expect(titles).toContain(title);
    expect(entries.map((entry) => entry.id)).toContain('flows--full-exam');
  });

  // One page for all of them, switching stories as the Storybook UI does (a reload per story would take ~1 s each).
  // The flows start a service worker (and a camera): they have their own tests below.
  describe('every story', () => {
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      if (entries.length === 0) throw new Error('no stories in index.json');
      // Opened on no story, so that every test's switch renders its story. Opened on the first one, the first test's
      // switch got a verdict only while that story was still rendering, not once the test runner came late.
      ({ page, problems } = await openStory(browser.context, site.origin, null));
      await page.waitForFunction(() => document.body.classList.contains('sb-show-nopreview'), undefined, { timeout: 30_000 });
      // Switching must never reload the page (Storybook reloads when a story is torn down mid-render: switchStory).
      page.on('load', () => problems.push(`the page reloaded, at ${page.url()}`));
    });

    afterAll(async () => {
      await page?.close();
    });

    for (const entry of entries.filter((story) => !OWN_TESTS.has(story.id))) {
      it(`${entry.title} › ${entry.name} renders without errors`, async () => {
        problems.length = 0;
        expect(await switchStory(page, entry.id)).toBe('rendered');
        const rendered = await renderedStory(page);
        expect(rendered.status, rendered.error).toBe('main');
        expect(rendered.tags.length, 'no exam-* element rendered').toBeGreaterThan(0);
        expect(rendered.undefinedTags, 'elements never defined').toEqual([]);
        expect(rendered.emptyTags, 'elements that rendered nothing').toEqual([]);
        expect(problems).toEqual([]);
      });
    }
  });

  it('applies the toolbar locale and theme to the story', async () => {
    const { page, problems } = await openStory(browser.context, site.origin, 'primitives-timer-计时器--default', 'locale:en;theme:university');
    try {
      await renderedStory(page);
      await expect.poll(() => page.locator('exam-timer [part="label"]').textContent(), { timeout: 15_000 }).toBe('Time left');
      const brand = await page.locator('exam-timer').evaluate((timer) => getComputedStyle(timer).getPropertyValue('--exam-color-brand').trim());
      expect(brand).toBe('#7a1f5c');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('has the accessibility addon: its panel in the manager and its axe run on a story', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${site.origin}/?path=/story/primitives-timer-计时器--default`);
      const tab = page.getByRole('tab', { name: /Accessibility/ });
      await tab.click({ timeout: 30_000 });
      // The panel reports axe's results for the story on show (passes, violations, incomplete).
      const panel = page.locator('[role="tabpanel"][id$="storybook/a11y/panel"]');
      await expect.poll(() => panel.innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/Passes\s*[1-9]/);
    } finally {
      await page.close();
    }
  });

  it('has a docs page per component, from the custom-elements manifest: Shell › exam-room lists its props and the --exam-* tokens', async () => {
    const docs = Object.values((JSON.parse(readFileSync(INDEX, 'utf8')) as { entries: Record<string, IndexEntry> }).entries).filter((entry) => entry.type === 'docs');
    expect(docs.map((entry) => entry.id)).toEqual(expect.arrayContaining(['shell-exam-room--docs', 'primitives-timer-计时器--docs', 'stages-answering-开始答题--docs']));
    const { page, problems } = await openStory(browser.context, site.origin, null);
    try {
      await page.goto(`${site.origin}/iframe.html?id=shell-exam-room--docs&viewMode=docs`);
      const table = page.locator('.docblock-argstable').first();
      await expect.poll(() => table.textContent().catch(() => ''), { timeout: 30_000 }).toContain('api-base');
      const text = (await table.textContent()) ?? '';
      // An attribute with its description from the JSDoc, an event, and the global tokens (theme.css) with theirs.
      for (const expected of ['exam-id', 'The exam to sit.', 'examFinish', '--exam-color-brand', '--exam-focus-ring', 'Brand colour']) expect(text).toContain(expected);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('gives a stage story a control per field of its view, which redraws the stage', async () => {
    const id = 'stages-answering-开始答题--shown';
    const manager = await browser.context.newPage();
    try {
      await manager.goto(`${site.origin}/?path=/story/${id}`);
      const controls = manager.locator('[role="tabpanel"][id$="addon-controls"], #storybook-panel-root').first();
      await expect.poll(() => controls.innerText().catch(() => ''), { timeout: 30_000 }).toContain('view_questions_phase');
      const text = await controls.innerText();
      for (const field of ['view_online', 'view_deadline', 'view_timeZone', 'view_recording_phase', 'view_help_open']) expect(text).toContain(field);
      // No single JSON control for the whole view.
      expect(await manager.locator('#control-view').count()).toBe(0);
      await expect(manager.locator('#control-view_questions_phase').inputValue()).resolves.toBe('shown');
    } finally {
      await manager.close();
    }
    // In the preview: changing a field's arg (as its control does) redraws the stage with that field changed.
    const { page, problems } = await openStory(browser.context, site.origin, id);
    try {
      await renderedStory(page);
      const view = () => page.locator('exam-answering').evaluate((element) => {
        const { online, questions } = (element as unknown as { view: { online: boolean; questions: { phase: string } } }).view;
        return { online, phase: questions.phase };
      });
      await expect(view()).resolves.toEqual({ online: true, phase: 'shown' });
      await page.evaluate((storyId) => {
        const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, ...args: unknown[]): void } }).__STORYBOOK_ADDONS_CHANNEL__;
        channel.emit('updateStoryArgs', { storyId, updatedArgs: { view_online: false, view_questions_phase: 'loading' } });
      }, id);
      await expect.poll(view, { timeout: 15_000 }).toEqual({ online: false, phase: 'loading' });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('Flows › Full exam: a candidate goes from 设备准备 to 考试开始前倒计时 on the MSW backend, with the fake camera', async () => {
    const { page, problems } = await openStory(browser.context, site.origin, 'flows--full-exam');
    const zh = LOCALES['zh-CN'];
    const stage = (tag: string) => page.locator(`exam-room ${tag}`);
    const press = (tag: string, text: string) => stage(tag).locator('button', { hasText: text }).first().click({ timeout: 15_000 });
    try {
      await expect.poll(() => stage('exam-checking-devices').locator('.heading').textContent().catch(() => null), { timeout: 30_000 }).toBe(zh.checkingDevices.title);
      // The demo accounts come from the in-page backend.
      await expect(page.locator('aside code').first().textContent()).resolves.toBe('110101200001010011');
      await press('exam-checking-devices', zh.actions.continue);
      // The in-page backend has no face verifier: the page goes on to 普通登录 by itself (FACE_LOGIN_UNAVAILABLE); until
      // it does, 「普通登录」 is pressed (it may be gone between finding and clicking it).
      const idNumber = stage('exam-login').locator('#id-number');
      await expect.poll(async () => {
        if (await idNumber.isVisible()) return true;
        await stage('exam-login').locator('button', { hasText: zh.actions.usePassword }).first().click({ timeout: 1_000 }).catch(() => undefined);
        return idNumber.isVisible();
      }, { timeout: 30_000 }).toBe(true);
      await idNumber.fill('110101200001010011');
      await stage('exam-login').locator('#password').fill('demo1234');
      await press('exam-login', zh.actions.login);
      await press('exam-reading-process', zh.actions.continue);
      // 佐证绑定 waits for the phone: the side panel scans the code shown and starts its recording (a live event).
      await stage('exam-binding-evidence').locator('exam-qr').waitFor({ timeout: 15_000 });
      await expect.poll(async () => {
        await page.locator('aside button').click();
        return page.locator('aside output').textContent();
      }, { timeout: 10_000 }).toBe('手机已开始录制。');
      await press('exam-binding-evidence', zh.actions.continue);
      await stage('exam-drawing-lot').waitFor({ timeout: 15_000 });
      if (await stage('exam-drawing-lot').locator('button', { hasText: zh.actions.draw }).isEnabled()) await press('exam-drawing-lot', zh.actions.draw);
      await press('exam-drawing-lot', zh.actions.continue);
      // Entry shares the (fake) whole screen, then opens the camera for 设备确认.
      await press('exam-awaiting-entry', zh.actions.enter);
      await press('exam-confirming-devices', zh.actions.continue);
      await press('exam-confirming-info', zh.actions.confirmInfo);
      // On a stage change the shell moves focus to the new stage's heading.
      await expect.poll(() => stage('exam-reading-pledge').locator('.heading').evaluate((heading) => heading.getRootNode() instanceof ShadowRoot && (heading.getRootNode() as ShadowRoot).activeElement === heading).catch(() => false), { timeout: 10_000 }).toBe(true);
      // Each box by its own locator, which waits until the stage has rendered it (a list taken at once with `.all()`
      // can be empty: the room renders a new stage in the frame after the click). A box shows the machine's value:
      // wait for the view to come back ticked.
      for (const id of ['pledge-accept', 'notice-accept']) {
        const box = stage('exam-reading-pledge').locator(`#${id}`);
        await box.click();
        await expect.poll(() => box.isChecked(), { timeout: 15_000 }).toBe(true);
      }
      await press('exam-reading-pledge', zh.actions.startExam);
      await expect.poll(() => stage('exam-countdown').locator('.heading').textContent().catch(() => null), { timeout: 15_000 }).toBe(zh.countdown.title);
      // Before logging in the shell asks the API whether a session exists (the record, help and evidence status read
      // side by side): those 401s are part of the flow. So are the in-page backend's missing face models and its
      // refused face challenge (no verifier): the page keeps the oval guide and goes on with 普通登录.
      const expected = [/^HTTP 401 .*\/api\/v1\/me(\/help|\/evidence)?$/, /^HTTP 404 .*\/face-models\/human\.esm\.js$/, /^HTTP 503 .*\/api\/v1\/sessions\/face\/challenge$/];
      expect(problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('Shell › exam-proctor-console › On Msw: the supervisor logs in on the MSW backend and sees a candidate’s 求助', async () => {
    const { page, problems } = await openStory(browser.context, site.origin, 'shell-exam-proctor-console--on-msw');
    const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
    const consoleEl = page.locator('exam-proctor-console');
    try {
      await consoleEl.locator('#username').fill('supervisor', { timeout: 30_000 });
      await consoleEl.locator('#password').fill('demo-supervisor');
      await consoleEl.getByRole('button', { name: m.login.submit, exact: true }).click();
      await consoleEl.locator('button[data-sitting]').first().click({ timeout: 15_000 });
      await expect.poll(() => consoleEl.locator('tbody tr').count(), { timeout: 15_000 }).toBe(3);
      // The side panel's first candidate logs in and asks: the grid's badge comes over the MSW socket.
      await page.locator('aside button').nth(2).click();
      await expect.poll(() => consoleEl.locator('tbody .unread').first().textContent().catch(() => null), { timeout: 15_000 }).toBe('1');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
