/**
 * Fixture of the portal journeys (src/portal.browser.test.ts): the real server (buildApp on a temporary data dir, dev
 * clock on) serving the demo portal with the built `@examroom/elements`, sittings of the demo exam seeded with a
 * chosen schedule, headless Chromium with the fake camera, microphone and screen picker, and a `Journey` that walks
 * the portal like a candidate: it finds buttons by their visible names and inputs by their labels (Playwright's
 * locators pierce the open shadow roots), checks the stepper and the heading of every stage, and on request audits
 * each stage with axe-core and saves its screenshot.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DEFAULT_DB_NAME } from '@examroom/adapters/idb';
import { LOCALES, PROCTOR_CONSOLE_LOCALES, STAGES, interpolate, type Messages } from '@examroom/core';
import { DEMO_EXAM_ID } from '@examroom/domain';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { nextFrames, waitUntil } from '../../adapters/test-browser/wait.js';
import { buildApp, type AppOptions } from '../src/app.js';
import { callApi } from '../src/test-support/server.js';

export const MIN = 60_000;

export type Locale = 'zh-CN' | 'en';
export type StageName = (typeof STAGES)[number] | 'barred' | 'resuming';

/** Where the run leaves each stage's screenshot: `<repo>/test-results/<locale>/<nn>-<stage>.png` (git-ignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));

// ---- the server ----

/** What a candidate's browser, a supervisor and the tests need of a server: one server, or several behind a proxy. */
export interface RoomServer {
  /** Where the browsers go (the server, or the proxy in front of several). */
  readonly origin: string;
  readonly dataDir: string;
  /** The instant the dev clock was last set to, or null. */
  readonly clock: number | null;
  /** Server time now stands still at `now`. */
  setClock(now: number): Promise<void>;
  /** The API as Node sees it, with an optional bearer token. */
  call<T>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<T>;
  /** The demo exam's supervisor (it watches the demo exam), or null when the demo is off. */
  readonly demoSupervisor: { readonly username: string; readonly password: string } | null;
  close(): Promise<void>;
}

/** One server in this process (buildApp). */
export interface PortalServer extends RoomServer {
  readonly app: FastifyInstance;
}

/** The server's options a browser test file may choose: the demo is seeded unless `demo: false` (an institution's server). */
export type PortalServerOptions = Pick<AppOptions, 'liveView' | 'demo' | 'faceVerifier' | 'faceCheckIntervalSeconds' | 'corsOrigins'>;

export async function startPortalServer(options: PortalServerOptions = {}): Promise<PortalServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'examroom-portal-'));
  const app = await buildApp({ dataDir, testClock: true, demo: true, logger: false, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = app.examroom.origin();
  let clock: number | null = null;

  const call = <T>(method: string, path: string, options: { token?: string; body?: unknown } = {}) => callApi<T>(origin, method, path, options);

  return {
    app,
    origin,
    dataDir,
    demoSupervisor: app.examroom.demo?.supervisor ?? null,
    get clock() {
      return clock;
    },
    async setClock(now) {
      clock = now;
      await call('POST', '/dev/clock', { body: { now } });
    },
    call,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- seeding ----

export interface PortalCandidate {
  readonly id: string;
  readonly name: string;
  readonly idNumber: string;
  readonly password: string;
}

export interface PortalSitting {
  readonly sittingId: string;
  readonly startsAt: number;
  readonly entryOpensAt: number;
  readonly deadline: number;
  readonly candidate: PortalCandidate;
}

let seeded = 0;

/**
 * One real server for a browser test file: started before its tests (handed to `started`), closed after them. Answers
 * the list of each test's clean-ups (pages, browsers), run after the test in reverse order, a failure logged so that
 * the next clean-up still runs.
 */
export function portalServerPerFile(started: (server: PortalServer) => void, options: PortalServerOptions = {}): (() => Promise<unknown>)[] {
  let server: PortalServer | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    server = await startPortalServer(options);
    started(server);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed', error));
  });
  afterAll(async () => {
    await server?.close();
  });
  return cleanups;
}

/**
 * A sitting of the demo exam (the one the portal embeds) at `startsAt` with one new candidate; entry opens 10 minutes
 * before the start. Phone evidence is required, as in the demo.
 */
export async function seedPortalSitting(server: RoomServer, options: { startsAt: number; answerMs?: number }): Promise<PortalSitting> {
  seeded += 1;
  const suffix = randomBytes(3).toString('hex');
  const entryOpensAt = options.startsAt - 10 * MIN;
  const answerMs = options.answerMs ?? 5 * MIN;
  const candidate = {
    name: '陈晓明',
    idNumber: `3201021998${String(seeded).padStart(2, '0')}${String(Date.now() % 1_000_000).padStart(6, '0')}`,
    password: `pw-${suffix}`,
    admissionNumber: `P${suffix}`,
  };
  const body = await server.call<{ sitting: { id: string }; candidates: { id: string }[] }>('POST', '/dev/sittings', {
    body: { examId: DEMO_EXAM_ID, name: `测试场次${seeded}`, startsAt: options.startsAt, entryOpensAt, policy: { answerMs }, candidates: [candidate] },
  });
  const id = body.candidates[0]?.id;
  if (!id) throw new Error('seeding returned no candidate');
  return {
    sittingId: body.sitting.id,
    startsAt: options.startsAt,
    entryOpensAt,
    deadline: options.startsAt + answerMs,
    candidate: { id, name: candidate.name, idNumber: candidate.idNumber, password: candidate.password },
  };
}

/**
 * `examroom-server admin create <username>` (the built command, as an institution runs it) on the running server's
 * data directory; answers the one-time password it printed.
 */
export async function createAdministrator(server: RoomServer, username: string): Promise<string> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url)), 'admin', 'create', username], {
    env: { ...process.env, EXAMROOM_DATA_DIR: server.dataDir, EXAMROOM_DEMO: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`examroom-server admin create exited ${code}: ${stderr}`);
  const password = /One-time password \(shown only now[^:]*\): (\S+)/.exec(stdout)?.[1];
  if (!password) throw new Error(`no one-time password in: ${stdout}`);
  return password;
}

/** A supervisor's console at /proctor in a browser of its own, on one sitting's grid. */
export interface SittingConsole {
  readonly page: Page;
  /** Page errors and console errors seen so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium on /proctor: logs in as `supervisor` (the demo's by default) and opens the sitting's grid, as a
 * supervisor does. The caller closes it.
 */
export async function openSittingConsole(server: RoomServer, sittingId: string, supervisor?: { readonly username: string; readonly password: string }): Promise<SittingConsole> {
  const m = PROCTOR_CONSOLE_LOCALES['zh-CN'];
  const credentials = supervisor ?? server.demoSupervisor;
  if (!credentials) throw new Error('no supervisor to log in as: the demo is off');
  const launched = await launchChromium();
  const page = launched.context.pages()[0] ?? (await launched.context.newPage());
  await page.setViewportSize({ width: 1366, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  await page.goto(`${server.origin}/proctor`);
  await page.getByLabel(m.login.username, { exact: true }).fill(credentials.username);
  await page.getByLabel(m.login.password, { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: m.login.submit, exact: true }).click();
  await page.locator(`exam-proctor-console button[data-sitting="${sittingId}"]`).click({ timeout: 30_000 });
  return { page, errors, close: () => launched.close() };
}

/** The demo supervisor's token (it watches the demo exam). */
export async function supervisorToken(server: RoomServer): Promise<string> {
  if (!server.demoSupervisor) throw new Error('the demo exam was not seeded');
  const { token } = await server.call<{ token: string }>('POST', '/supervisor/sessions', { body: server.demoSupervisor });
  return token;
}

export interface ServerRecording {
  readonly id: string;
  readonly kind: string;
  readonly part: number;
  readonly mimeType: string;
  readonly bytesReceived: number;
  readonly complete: boolean;
  readonly serverSha256?: string;
  readonly durationMs?: number;
}

export const serverRecordings = async (server: RoomServer, candidateId: string, token?: string) =>
  server.call<ServerRecording[]>('GET', `/supervisor/candidates/${candidateId}/recordings`, { token: token ?? (await supervisorToken(server)) });

/** Waits until the server holds more than `bytes` of both the camera and the screen recording of the candidate. */
export async function waitForBothRecordings(server: RoomServer, candidateId: string, bytes: number, timeoutMs = 30_000): Promise<ServerRecording[]> {
  const token = await supervisorToken(server);
  return waitUntil(
    () => serverRecordings(server, candidateId, token),
    (recordings) => ['camera', 'screen'].every((kind) => recordings.some((r) => r.kind === kind && r.bytesReceived > bytes)),
    `more than ${bytes} bytes of both recordings on the server`,
    timeoutMs,
  );
}

/** The finalised (seekable) copy of a recording. */
export const finalPath = (server: RoomServer, recordingId: string) => join(server.dataDir, 'recordings', `${recordingId}.webm`);

/** What the phone does at 佐证绑定, given the code shown under the QR code and the QR code itself. */
export type PhonePlayer = (pairing: { readonly code: string; readonly qr: Locator }) => Promise<void>;

/** A phone played over the API: it pairs with the code and reports each state (tests about the PC alone). */
export const phoneOverApi =
  (server: RoomServer): PhonePlayer =>
  ({ code }) =>
    phoneRecords(server, code);

/** The phone scans the pairing code and reports its status as it goes, over the API. */
export async function phoneRecords(server: RoomServer, code: string): Promise<void> {
  const { token } = await server.call<{ token: string }>('POST', '/phone/sessions', { body: { code } });
  for (const state of ['phoneConnected', 'roomScanned', 'recording'] as const) await server.call('PUT', '/phone/evidence', { token, body: { state } });
}

// ---- the browser ----

export interface PortalBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors, console errors and CSP violations seen so far. */
  readonly errors: string[];
  /** The DOM events <exam-room> sent to the host page (examStageChange, examFinish, examUploadComplete), in order. */
  readonly hostEvents: { readonly type: string; readonly detail: unknown }[];
  close(): Promise<void>;
}

/** The events a host page listens to, caught on `document` as an integrator would (they bubble and are composed). */
const HOST_EVENTS = ['examStageChange', 'examFinish', 'examUploadComplete'] as const;

/**
 * Headless Chromium on the portal in `locale`: a fresh profile (a new device), or the profile in `userDataDir` (the
 * same browser opened again; the test then owns and deletes the directory).
 */
export async function openPortal(server: RoomServer, locale: Locale, options: { userDataDir?: string; args?: readonly string[] } = {}): Promise<PortalBrowser> {
  return openRoomPage(server, portalUrl(server, locale), options);
}

/**
 * Headless Chromium on any page that embeds <exam-room> talking to `server` (the portal, or an integrator's page on
 * another origin), with the same error and host-event collection as the portal.
 */
export async function openRoomPage(server: RoomServer, url: string, options: { userDataDir?: string; args?: readonly string[] } = {}): Promise<PortalBrowser> {
  const launched = await launchChromium({ ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}), ...(options.args ? { args: options.args } : {}) });
  const { context } = launched;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`http ${response.status()} ${response.request().method()} ${response.url().replace(server.origin, '')}`);
  });
  const hostEvents: { type: string; detail: unknown }[] = [];
  await page.exposeFunction('examroomTestHostEvent', (type: string, detail: unknown) => void hostEvents.push({ type, detail }));
  await page.addInitScript((types) => {
    const record = (window as unknown as { examroomTestHostEvent: (type: string, detail: unknown) => void }).examroomTestHostEvent;
    for (const type of types) document.addEventListener(type, (event) => record(type, (event as CustomEvent).detail ?? null));
  }, [...HOST_EVENTS]);
  await page.goto(url);
  return { context, page, errors, hostEvents, close: () => launched.close() };
}

export const portalUrl = (server: RoomServer, locale: Locale) => `${server.origin}/${locale === 'en' ? '?lang=en' : ''}`;

/** The portal embedding one exam (`?exam=`): what an institution's server without the demo shows its candidates. */
export const portalExamUrl = (server: RoomServer, examId: string, locale: Locale = 'zh-CN') =>
  `${server.origin}/?exam=${encodeURIComponent(examId)}${locale === 'en' ? '&lang=en' : ''}`;

/** Errors that mean the page is broken (CSP refusals, uncaught exceptions), as opposed to expected failed requests. */
export const seriousErrors = (errors: readonly string[]) =>
  errors.filter((e) => e.startsWith('pageerror:') || /Content Security Policy|Refused to/i.test(e));

// ---- reading the room ----

/** The stage component on show (`data-stage` set by <exam-room>). */
export const stageElement = (page: Page) => page.locator('exam-room [data-stage]');

export async function currentStage(page: Page): Promise<string | null> {
  return stageElement(page).getAttribute('data-stage', { timeout: 1_000 }).catch(() => null);
}

/** The current stage's heading (the `<h2 part="heading">` every stage has). */
export const stageHeading = (page: Page) => page.locator('exam-room [data-stage] h2.heading').first();

/** The stepper's current step, by its visible name. */
export const currentStep = (page: Page) => page.locator('exam-room exam-stepper [aria-current="step"] .label');

/** Runs in the page: whether focus, looking through shadow roots, is on a stage heading. */
function isHeadingFocused(): boolean {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active?.classList.contains('heading') ?? false;
}

/** What has focus, looking through shadow roots: the heading's text, or the focused element's tag. */
export function deepFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return '';
    return active.classList.contains('heading') ? `heading:${active.textContent?.trim() ?? ''}` : active.tagName.toLowerCase();
  });
}

// ---- axe-core ----

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core on the whole page (it looks into open shadow roots) and returns every violation. The source is
 * evaluated through the DevTools protocol, which the page's CSP (no inline script) does not stop.
 */
export async function axeAudit(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Node = { target: unknown[]; any: { message: string }[]; all: { message: string }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: Node[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    const detail = (n: Node) => [...n.any, ...n.all].map((c) => c.message).join(' / ');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => `${JSON.stringify(n.target)} ${detail(n)}`) }));
  });
}

/**
 * Runs in the page: whether no finite animation or transition that could change a colour is running, in the document
 * or in any open shadow root (`document.getAnimations()` does not look into shadow roots, where the stages' buttons
 * change colour). Endless ones (a pulsing recording dot) and bars changing size (volume, upload progress, which may
 * never rest) do not count.
 */
function coloursAtRest(): boolean {
  const animations = [...document.getAnimations()];
  const walk = (root: Document | ShadowRoot) => {
    for (const element of Array.from(root.querySelectorAll('*'))) {
      if (!element.shadowRoot) continue;
      animations.push(...element.shadowRoot.getAnimations());
      walk(element.shadowRoot);
    }
  };
  walk(document);
  return animations.every(
    (animation) =>
      animation.playState !== 'running' ||
      animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY ||
      (animation instanceof CSSTransition && ['inline-size', 'width'].includes(animation.transitionProperty)),
  );
}

/**
 * Waits until colours are at rest, so axe measures them as they stay, not half-way through a button's change from
 * disabled to enabled. The timeout is a safety net: axe then judges what it sees.
 */
export async function settled(page: Page): Promise<void> {
  // A transition starts a frame after the change that causes it: let it start before looking.
  await nextFrames(page);
  await page.waitForFunction(coloursAtRest, undefined, { timeout: 10_000, polling: 50 }).catch(() => undefined);
}

export const seriousOrCritical = (findings: readonly AxeFinding[]) => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');

/**
 * The page passes axe (no serious or critical violations) once its colours are at rest; its screenshot is kept in
 * test-results/zh-CN/<name>.png.
 */
export async function passesAxeAt(page: Page, name: string): Promise<void> {
  await settled(page);
  expect(seriousOrCritical(await axeAudit(page)), name).toEqual([]);
  await mkdir(join(RESULTS_DIR, 'zh-CN'), { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, 'zh-CN', `${name.replace(/[^\p{L}\p{N}]+/gu, '-')}.png`), fullPage: true });
}

/** `<nn>-<stage>`: the stage's place in the candidate guide's order (barred and resuming last), so the files sort as a candidate meets them. */
export function screenshotName(stage: StageName, variant?: string): string {
  const order: readonly StageName[] = [...STAGES, 'barred', 'resuming'];
  return `${String(order.indexOf(stage) + 1).padStart(2, '0')}-${stage}${variant ? `-${variant}` : ''}`;
}

// ---- the journey ----

/** Stepper entry of each stage (countdown belongs to 开始答题, uploading to 结束考试; barred hides the stepper). */
const STEP_OF: Partial<Record<StageName, keyof Messages['steps']>> = {
  checkingDevices: 'checkingDevices',
  login: 'login',
  readingProcess: 'readingProcess',
  bindingEvidence: 'bindingEvidence',
  drawingLot: 'drawingLot',
  awaitingEntry: 'awaitingEntry',
  confirmingDevices: 'confirmingDevices',
  confirmingInfo: 'confirmingInfo',
  readingPledge: 'readingPledge',
  countdown: 'answering',
  answering: 'answering',
  uploading: 'finished',
};

function headingOf(m: Messages, stage: StageName): string {
  return m[stage].title;
}

export interface StageVisit {
  readonly stage: StageName;
  readonly variant?: string;
  readonly heading: string;
  /** The heading this stage (in this phase) should show. */
  readonly expectedHeading: string;
  readonly step: string | null;
  /** What had focus once the stage showed. */
  readonly focus: string;
  readonly axe: readonly AxeFinding[];
  readonly at: number;
}

export interface JourneyOptions {
  readonly locale: Locale;
  /** Run axe-core on each stage (or on the visits this picks) and save its screenshot. */
  readonly audit?: boolean | ((stage: StageName, variant: string | undefined) => boolean);
  /** Use only the keyboard: Tab to each control from wherever focus is, then Enter (buttons), Space (boxes) or typing. */
  readonly keyboard?: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A candidate in front of the portal. Each method waits for its stage, records the visit (heading, step, focus, and
 * with `audit` the axe findings and a screenshot), then does what a person would do there.
 */
export class Journey {
  readonly m: Messages;
  readonly visits: StageVisit[] = [];
  private readonly started = Date.now();

  constructor(
    readonly server: RoomServer,
    readonly sitting: PortalSitting,
    readonly browser: PortalBrowser,
    readonly options: JourneyOptions,
  ) {
    this.m = LOCALES[options.locale];
  }

  get page(): Page {
    return this.browser.page;
  }

  /** A button by its visible name, wherever it is in the room. */
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Waits until `stage` shows, then records the visit (and audits it). */
  async arrive(stage: StageName, options: { variant?: string; timeoutMs?: number; heading?: string; ready?: () => Promise<unknown> } = {}): Promise<StageVisit> {
    const timeout = options.timeoutMs ?? 30_000;
    const element = this.page.locator(`exam-room [data-stage="${stage}"]`);
    try {
      await element.waitFor({ state: 'visible', timeout });
    } catch (error) {
      throw new Error(`stage ${stage} did not show within ${timeout} ms (on ${await currentStage(this.page)}); errors: ${JSON.stringify(this.browser.errors)}`, { cause: error });
    }
    const expected = options.heading ?? headingOf(this.m, stage);
    const heading = stageHeading(this.page);
    await heading.filter({ hasText: expected }).waitFor({ timeout: 15_000 }).catch(() => undefined);
    const step = STEP_OF[stage] ? await currentStep(this.page).textContent({ timeout: 10_000 }).catch(() => null) : null;
    // <exam-room> moves focus to the new heading once the stage component is ready. The visit records where focus is
    // then (or after the safety net), and the test judges it.
    const newStage = this.visits.length > 0 && this.visits.at(-1)!.stage !== stage;
    if (newStage) await this.page.waitForFunction(isHeadingFocused, undefined, { timeout: 10_000 }).catch(() => undefined);
    const focus = await deepFocus(this.page);
    // What the stage is waiting for (a form, an enabled button) before it is worth a look.
    await options.ready?.();
    let axe: AxeFinding[] = [];
    const audit = this.options.audit;
    if (audit === true || (typeof audit === 'function' && audit(stage, options.variant))) {
      await settled(this.page);
      axe = await axeAudit(this.page);
      const name = screenshotName(stage, options.variant);
      const dir = join(RESULTS_DIR, this.options.locale);
      await mkdir(dir, { recursive: true });
      await this.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    }
    const visit: StageVisit = {
      stage,
      ...(options.variant ? { variant: options.variant } : {}),
      heading: ((await heading.textContent({ timeout: 10_000 }).catch(() => '')) ?? '').trim(),
      expectedHeading: expected,
      step: step?.trim() ?? null,
      focus,
      axe,
      at: Date.now() - this.started,
    };
    this.visits.push(visit);
    return visit;
  }

  /** The stepper entry a stage should show as current (null where the stepper has none). */
  expectedStep(stage: StageName): string | null {
    const step = STEP_OF[stage];
    return step ? this.m.steps[step] : null;
  }

  /** Waits until the button named `name` is there and enabled. */
  async enabled(name: string, timeoutMs = 30_000): Promise<Locator> {
    const button = this.button(name);
    await button.waitFor({ state: 'visible', timeout: timeoutMs });
    await waitUntil(() => button.isEnabled(), (isEnabled) => isEnabled, `button 「${name}」 to be enabled`, timeoutMs).catch(async (error: unknown) => {
      throw new Error(`${String(error)} (stage ${await currentStage(this.page)})`, { cause: error });
    });
    return button;
  }

  /** Presses a button once it is enabled: a click, or with `keyboard` Tab until it has focus and Enter. */
  async click(name: string, timeoutMs = 30_000): Promise<void> {
    await this.activate(await this.enabled(name, timeoutMs), 'Enter');
  }

  /** Clicks `target`, or with `keyboard` reaches it with Tab and presses `key`. */
  async activate(target: Locator, key: 'Enter' | 'Space'): Promise<void> {
    if (!this.options.keyboard) return target.click();
    await this.tabTo(target);
    await this.page.keyboard.press(key);
  }

  /** Fills a labelled input: `fill()`, or with `keyboard` Tab to it and type. */
  async type(target: Locator, text: string): Promise<void> {
    if (!this.options.keyboard) return target.fill(text);
    await this.tabTo(target);
    await this.page.keyboard.type(text);
  }

  /** Presses Tab until `target` (inside any open shadow root) has focus; fails when it never does. */
  async tabTo(target: Locator): Promise<void> {
    const element = await target.elementHandle({ timeout: 10_000 });
    for (let presses = 0; presses < 60; presses += 1) {
      const focused = await this.page.evaluate((el) => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active === el;
      }, element);
      if (focused) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target.toString()} (focus on ${await deepFocus(this.page)})`);
  }

  // ---- the stages, in the candidate guide's order ----

  /** 设备准备: the checks pass by themselves (fake devices); 「下一步」. */
  async checkDevices(): Promise<void> {
    await this.arrive('checkingDevices', { ready: () => this.enabled(this.m.actions.continue) });
    await this.click(this.m.actions.continue);
  }

  /**
   * 人脸登录 → 「普通登录」: 身份证号 and 密码 typed into their labelled inputs, then 「登录」. A server without a face
   * verifier (or an exam without face login) opens 普通登录 by itself; with one, 人脸登录 waits for 「开始人脸识别」.
   */
  async passwordLogin(): Promise<void> {
    const passwordField = this.page.getByLabel(this.m.login.password, { exact: true });
    const faceReady = this.page.locator('exam-room [data-stage="login"] button.primary:not([disabled])').filter({ hasText: this.m.actions.captureFace });
    await passwordField.or(faceReady).first().waitFor({ timeout: 60_000 });
    if (!(await passwordField.isVisible())) {
      await this.arrive('login', { variant: 'face', ready: () => this.enabled(this.m.actions.usePassword) });
      await this.click(this.m.actions.usePassword);
    }
    await this.arrive('login', { heading: this.m.login.passwordTitle, ready: () => this.fillPasswordForm() });
    await this.click(this.m.actions.login);
  }

  async fillPasswordForm(): Promise<void> {
    const idNumber = this.page.getByLabel(this.m.login.idNumber, { exact: true });
    await idNumber.waitFor({ timeout: 10_000 });
    await this.type(idNumber, this.sitting.candidate.idNumber);
    await this.type(this.page.getByLabel(this.m.login.password, { exact: true }), this.sitting.candidate.password);
  }

  /** 阅读面试流程: 「下一步」. */
  async readProcedure(): Promise<void> {
    await this.arrive('readingProcess');
    await this.click(this.m.actions.continue);
  }

  /**
   * 佐证绑定: the phone pairs with the code under the QR code (or the QR code itself), films the room and records —
   * over the API by default, or by `phone`, a real phone page — until the PC shows 录制中; then 「下一步」. Returns the
   * code shown.
   */
  async bindEvidence(phone: PhonePlayer = phoneOverApi(this.server)): Promise<string> {
    const pattern = new RegExp(escapeRegExp(this.m.bindingEvidence.linkCode).replace(escapeRegExp('{code}'), '([A-Za-z0-9-]+)'));
    const codeText = this.page.locator('exam-room [data-stage]').getByText(pattern);
    await this.arrive('bindingEvidence', { ready: () => codeText.waitFor({ timeout: 15_000 }) });
    const code = pattern.exec((await codeText.textContent()) ?? '')?.[1];
    if (!code) throw new Error('no pairing code on the page');
    await phone({ code, qr: this.page.locator('exam-room exam-qr') });
    await this.page.getByText(this.m.evidence.recording, { exact: true }).waitFor({ timeout: 60_000 });
    await this.click(this.m.actions.continue);
    return code;
  }

  /** 抽签: 「抽签」, read the lot, 「下一步」. */
  async drawLot(): Promise<string> {
    const pattern = new RegExp(escapeRegExp(this.m.drawingLot.yourLot).replace(escapeRegExp('{lot}'), '(\\d+)'));
    const lot = this.page.locator('exam-room [data-stage]').getByText(pattern);
    await this.arrive('drawingLot', {
      ready: async () => {
        await this.click(this.m.actions.draw);
        await lot.waitFor({ timeout: 10_000 });
      },
    });
    const text = (await lot.textContent()) ?? '';
    await this.click(this.m.actions.continue);
    return text;
  }

  /**
   * 进入考试: not open yet; server time moves to `leadMs` before the start and the candidate presses 「刷新」 (the
   * page measures server time again), 「进入考试」 activates and is pressed; the whole screen is shared (fake picker).
   */
  async enter(leadMs: number): Promise<void> {
    await this.arrive('awaitingEntry', { variant: 'not-open', ready: () => this.enabled(this.m.actions.refresh) });
    await this.server.setClock(this.sitting.startsAt - leadMs);
    await this.click(this.m.actions.refresh);
    await this.arrive('awaitingEntry', { ready: () => this.enabled(this.m.actions.enter) });
    await this.click(this.m.actions.enter);
  }

  /** 设备确认: the camera preview opens; 「下一步」. */
  async confirmDevices(): Promise<void> {
    await this.arrive('confirmingDevices', { ready: () => this.enabled(this.m.actions.continue) });
    await this.click(this.m.actions.continue);
  }

  /** 信息确认: the candidate's own name is shown; 「确认信息无误」. */
  async confirmInfo(): Promise<void> {
    const name = this.page.locator('exam-room [data-stage]').getByText(this.sitting.candidate.name, { exact: true });
    await this.arrive('confirmingInfo', { ready: () => name.waitFor({ timeout: 15_000 }) });
    await this.click(this.m.actions.confirmInfo);
  }

  /** 考试承诺书 and 考试须知: both boxes ticked by their labels, then on to the countdown. */
  async acceptPledge(): Promise<void> {
    await this.arrive('readingPledge');
    for (const label of [this.m.actions.acceptPledge, this.m.actions.acceptNotice]) {
      // A click (or Space), then the tick: the box shows the machine's value, which arrives a render later (so not
      // `check()`, which wants the state changed at once).
      const box = this.page.getByLabel(label, { exact: true });
      await this.activate(box, 'Space');
      await this.page.waitForFunction((el) => (el as HTMLInputElement | null)?.checked === true, await box.elementHandle(), { timeout: 15_000, polling: 50 });
    }
    await this.click(this.m.actions.startExam);
  }

  /** 考试开始前倒计时: server time reaches the start; the questions appear when the countdown reaches zero. */
  async waitForStart(): Promise<void> {
    await this.arrive('countdown');
    await this.server.setClock(this.sitting.startsAt);
    const firstQuestion = this.page.getByText(interpolate(this.m.answering.questionNumber, { n: 1 })).first();
    await this.arrive('answering', { timeoutMs: 60_000, ready: () => firstQuestion.waitFor({ timeout: 15_000 }) });
  }

  /** Every stage from 设备准备 to 开始答题 with the password login. */
  async walkToAnswering(leadMs: number): Promise<void> {
    await this.checkDevices();
    await this.passwordLogin();
    await this.readProcedure();
    await this.bindEvidence();
    await this.drawLot();
    await this.enter(leadMs);
    await this.confirmDevices();
    await this.confirmInfo();
    await this.acceptPledge();
    await this.waitForStart();
  }

  /** The answer page's countdown. */
  timer(): Locator {
    return this.page.locator('exam-room [data-stage="answering"] exam-timer time').first();
  }

  /** The answer page's countdown, as shown (e.g. "04:57"). */
  async timerText(): Promise<string> {
    return ((await this.timer().textContent()) ?? '').trim();
  }

  /**
   * Waits until the countdown shows a time `accept` takes, in seconds (null: no countdown on show, e.g. the stage
   * has moved on); returns what it showed ('' for none).
   */
  async waitForTimer(accept: (secondsLeft: number | null) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    return waitUntil(
      async () => ((await this.timer().textContent({ timeout: 1_000 }).catch(() => null)) ?? '').trim(),
      (shown) => accept(shown === '' ? null : clockSeconds(shown)),
      what,
      timeoutMs,
    );
  }
}

/** mm:ss (or h:mm:ss) → seconds. */
export const clockSeconds = (clock: string) => clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);

/**
 * Chunks each recording has put into the page's IndexedDB store so far (the `chunkCount` of its row), by recording
 * id; empty before the store exists. Opening the database without a version never creates or upgrades it here.
 */
export function storedChunkCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async (dbName) => {
    if (!(await indexedDB.databases()).some((db) => db.name === dbName)) return {};
    const request = <T>(target: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        target.onsuccess = () => resolve(target.result);
        target.onerror = () => reject(target.error);
      });
    const db = await request(indexedDB.open(dbName));
    try {
      const rows = (await request(db.transaction('recordings').objectStore('recordings').getAll())) as { id: string; chunkCount: number }[];
      return Object.fromEntries(rows.map((row) => [row.id, row.chunkCount]));
    } finally {
      db.close();
    }
  }, DEFAULT_DB_NAME);
}

/**
 * Starts noting every phone status the PC's 佐证绑定 shows (the `data-state` of its live status), in order, as the
 * page changes it (a MutationObserver, no polling); the returned function reads them.
 */
export async function watchPhoneStatus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { examroomTestPhoneStatus: string[] }).examroomTestPhoneStatus = seen;
    const note = () => {
      const stage = document.querySelector('exam-room')?.shadowRoot?.querySelector('exam-binding-evidence') ?? document.querySelector('exam-binding-evidence');
      const state = stage?.shadowRoot?.querySelector('[data-state]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    };
    // Shadow roots do not report to an observer of the document: observe every root on the way as it appears.
    const observed = new WeakSet<Node>();
    const observeAll = () => {
      note();
      const roots: Node[] = [document];
      for (let i = 0; i < roots.length; i += 1) {
        const root = roots[i]!;
        if (!observed.has(root)) {
          observed.add(root);
          new MutationObserver(observeAll).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        for (const el of (root as ParentNode).querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    };
    observeAll();
  });
  return () => page.evaluate(() => [...(window as unknown as { examroomTestPhoneStatus: string[] }).examroomTestPhoneStatus]);
}

/** Slows uploads to `bytesPerSecond` (DevTools network emulation), so a short stage such as 视频上传 stays on screen. */
export async function throttleUploads(context: BrowserContext, page: Page, bytesPerSecond: number | null): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
  return cdp;
}
