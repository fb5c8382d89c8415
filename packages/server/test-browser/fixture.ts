/**
 * Fixture of the recording browser tests: the real server (buildApp on a temporary data dir, dev clock on) serving
 * the test page and its bundle from the API's own origin, a seeded sitting, headless Chromium with the fake camera,
 * microphone and screen picker on a profile directory the test controls, and a driver that takes the machine from
 * 设备准备 through 普通登录 … 进入考试 … to 开始答题 the way a candidate would (only `user.*` events).
 */
import type { IncomingMessage } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { Decoder } from 'ts-ebml';
import type { ExamEvent } from '@examroom/core';
import { bundle } from '../../adapters/test-browser/bundle.js';
import { launchChromium } from '../../adapters/test-browser/launch.js';
import { waitUntil } from '../../adapters/test-browser/wait.js';
import { buildApp } from '../src/app.js';
import { callApi, supervisorToken } from '../src/test-support/server.js';
import type { ExamroomTestApi, RecordedSummary } from './exam-page.js';

export type { RecordedSummary };
export { waitUntil };

const MIN = 60_000;
const API = '/api/v1';
export const PAGE_PATH = '/test/exam';
const SCRIPT_PATH = '/test/exam-page.js';
const PAGE_ENTRY = fileURLToPath(new URL('./exam-page.ts', import.meta.url));

let pageScript: Promise<string> | undefined;

/** The page's bundle, built once per test file (esbuild, `@examroom/*` from sources). */
function script(): Promise<string> {
  pageScript ??= bundle(PAGE_ENTRY, { format: 'iife' });
  return pageScript;
}

const PAGE_HTML =
  '<!doctype html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>examroom recording test</title></head>\n' +
  `<body>\n<script src="${SCRIPT_PATH}"></script>\n</body>\n</html>\n`;

/** One PATCH the server received on a tus upload. */
export interface UploadRequest {
  /** Which server instance (1, then 2 after a restart …). */
  readonly generation: number;
  readonly recordingId: string;
  readonly uploadOffset: number | null;
  readonly contentLength: number;
}

export interface ExamServer {
  app: FastifyInstance;
  readonly origin: string;
  readonly port: number;
  readonly dataDir: string;
  /** Every tus PATCH received, across restarts. */
  readonly uploads: UploadRequest[];
  /** The instant the dev clock was last set to, or null. */
  readonly clock: number | null;
  /** Server time now stands still at `now` (also re-applied after a restart). */
  setClock(now: number): Promise<void>;
  /** POSTs/GETs the API as Node, with an optional bearer token. */
  call<T>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<T>;
  /**
   * Closes the Fastify app and builds a new one on the same port and data dir; the dev clock is set again.
   * `cut`: drop every open connection at once, as a crashing server would (requests in flight are cut off
   * mid-body) instead of letting them finish. `whileDown` runs while no server listens, after `downMs`, once every
   * write of the closed server has ended (what a cut-off PATCH brought is then on disk).
   */
  restart(options?: { downMs?: number; cut?: boolean; whileDown?: () => Promise<void> }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Notes every write of received bytes in `writing` until it ends: closing the app does not wait for the write of a
 * PATCH whose connection was cut, which still puts what arrived on disk.
 */
function trackWrites(app: FastifyInstance, writing: Set<Promise<void>>): void {
  const store = app.examroom.uploads.store;
  const write = store.write.bind(store);
  store.write = (...args) => {
    const written = write(...args);
    const ended = written.then(
      () => undefined,
      () => undefined,
    );
    writing.add(ended);
    void ended.then(() => writing.delete(ended));
    return written;
  };
}

async function listenApp(dataDir: string, port: number, generation: number, uploads: UploadRequest[], writing: Set<Promise<void>>): Promise<FastifyInstance> {
  const code = await script();
  const app = await buildApp({ dataDir, testClock: true, demo: true, logger: false });
  trackWrites(app, writing);
  app.get(PAGE_PATH, async (_request, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(PAGE_HTML));
  app.get(SCRIPT_PATH, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-store').send(code));
  // On the HTTP server, not as a Fastify hook: an upload's PATCHes mostly go to tus before Fastify (UploadFastPath).
  app.server.on('request', (request: IncomingMessage) => {
    if (request.method !== 'PATCH' || !request.url?.startsWith(`${API}/uploads/`)) return;
    const offset = request.headers['upload-offset'];
    uploads.push({
      generation,
      recordingId: request.url.split('/').pop() ?? '',
      uploadOffset: typeof offset === 'string' ? Number(offset) : null,
      contentLength: Number(request.headers['content-length'] ?? 0),
    });
  });
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}

export async function startExamServer(): Promise<ExamServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'examroom-rec-server-'));
  const uploads: UploadRequest[] = [];
  const writing = new Set<Promise<void>>();
  let generation = 1;
  let app = await listenApp(dataDir, 0, generation, uploads, writing);
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no address');
  const port = address.port;
  const origin = `http://127.0.0.1:${port}`;
  let clock: number | null = null;

  const call = <T>(method: string, path: string, options: { token?: string; body?: unknown } = {}) => callApi<T>(origin, method, path, options);

  const server: ExamServer = {
    app,
    origin,
    port,
    dataDir,
    uploads,
    call,
    get clock() {
      return clock;
    },
    async setClock(now) {
      clock = now;
      await call('POST', '/dev/clock', { body: { now } });
    },
    async restart({ downMs = 0, cut = false, whileDown } = {}) {
      const closing = app.close();
      if (cut) app.server.closeAllConnections();
      await closing;
      await Promise.all(writing);
      // The server stays away for a while, as a crashed one would: the page's requests meanwhile find nobody.
      if (downMs > 0) await sleep(downMs);
      await whileDown?.();
      generation += 1;
      app = await listenApp(dataDir, port, generation, uploads, writing);
      server.app = app;
      // A new server's clock runs free until set: hold it where the test had it.
      if (clock !== null) await server.setClock(clock);
    },
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface SeededCandidate {
  readonly id: string;
  readonly idNumber: string;
  readonly password: string;
}

export interface SeededSitting {
  readonly examId: string;
  readonly sittingId: string;
  readonly startsAt: number;
  readonly entryOpensAt: number;
  readonly candidate: SeededCandidate;
  /** A supervisor watching this exam. */
  readonly supervisorToken: string;
}

/**
 * An exam (two questions, no phone evidence) and a sitting at `startsAt` (a whole minute an hour from now by default)
 * whose entry opens 10 minutes before, one candidate; server time is set to entryOpensAt.
 */
export async function seedSitting(server: ExamServer, options: { startsAt?: number; answerMs?: number } = {}): Promise<SeededSitting> {
  const startsAt = options.startsAt ?? Math.ceil((Date.now() + 60 * MIN) / MIN) * MIN;
  const entryOpensAt = startsAt - 10 * MIN;
  const suffix = randomBytes(4).toString('hex');
  const examId = `exam_rec_${suffix}`;
  const { repo } = server.app.examroom;
  await repo.transaction(async (repo) => {
    await repo.insertExam({ id: examId, title: '录制与上传测试', policy: { requireEvidence: false }, timeZone: 'Asia/Shanghai' });
    for (let order = 1; order <= 2; order += 1) await repo.insertQuestion({ id: `${examId}_q${order}`, examId, order, text: `第${order}题` });
  });
  await server.setClock(entryOpensAt);
  const idNumber = `1101051990${String(Date.now() % 100_000_000).padStart(8, '0')}`;
  const password = `pw-${suffix}`;
  const seeded = await server.call<{ sitting: { id: string }; candidates: { id: string }[] }>('POST', '/dev/sittings', {
    body: {
      examId,
      name: '录制场次',
      startsAt,
      entryOpensAt,
      // Long enough that no test meets the deadline: the client's estimate of server time runs on while the dev
      // clock stands still.
      policy: { requireEvidence: false, answerMs: options.answerMs ?? 30 * MIN },
      candidates: [{ name: '录制考生', idNumber, password, admissionNumber: `R${suffix}` }],
    },
  });
  const candidateId = seeded.candidates[0]?.id;
  if (!candidateId) throw new Error('seeding returned no candidate');
  const token = await supervisorToken({ app: server.app, baseUrl: server.origin, dataDir: server.dataDir, close: async () => undefined }, [examId]);
  return { examId, sittingId: seeded.sitting.id, startsAt, entryOpensAt, candidate: { id: candidateId, idNumber, password }, supervisorToken: token };
}

export interface ExamBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly userDataDir: string;
  /** Page errors and console errors seen so far. */
  readonly errors: string[];
  /** Closes the browser; the profile directory stays (see `removeProfile`). */
  close(): Promise<void>;
}

/**
 * Crashes the browser running on `userDataDir`: SIGKILL to its main process (found by its own profile directory),
 * so nothing is flushed or closed in order. Resolves once Playwright saw the context go.
 */
export async function killBrowser(browser: ExamBrowser): Promise<number> {
  const flag = `--user-data-dir=${browser.userDataDir}`;
  let pid: number | undefined;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').then((text) => text.split('\0'), () => [] as string[]);
    // The main browser process: the profile flag and no `--type=` (renderers, GPU and utility processes have one).
    if (args.includes(flag) && !args.some((arg) => arg.startsWith('--type='))) {
      pid = Number(entry);
      break;
    }
  }
  if (pid === undefined) throw new Error(`no Chromium process found for ${browser.userDataDir}`);
  const closed = new Promise<void>((resolve) => browser.context.once('close', () => resolve()));
  process.kill(pid, 'SIGKILL');
  await closed;
  return pid;
}

/** A new temporary profile directory for Chromium (IndexedDB and localStorage live there). */
export function newProfileDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'examroom-rec-profile-'));
}

export function removeProfile(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Launches Chromium on `userDataDir` and opens the exam page for `examId`. */
export async function openExamBrowser(
  server: ExamServer,
  sitting: Pick<SeededSitting, 'examId'>,
  options: { userDataDir: string; query?: Record<string, string>; beforeOpen?: (page: Page) => Promise<void> },
): Promise<ExamBrowser> {
  const launched = await launchChromium({ userDataDir: options.userDataDir });
  const context = launched.context;
  const errors: string[] = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => {
    errors.push(error.message);
    console.error(`[page error] ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await options.beforeOpen?.(page);
  await openExamPage(server, page, sitting, options.query);
  return { context, page, userDataDir: options.userDataDir, errors, close: () => context.close() };
}

/** (Re)opens the exam page in `page`. */
export async function openExamPage(server: ExamServer, page: Page, sitting: Pick<SeededSitting, 'examId'>, query: Record<string, string> = {}): Promise<void> {
  const search = new URLSearchParams({ exam: sitting.examId, ...query });
  await page.goto(`${server.origin}${PAGE_PATH}?${search}`);
  await page.waitForFunction(() => 'examroomTest' in window, undefined, { polling: 50 });
}

// ---- driving the page ----

export type PageView = Record<string, unknown> & { stage: string };

export const view = (page: Page) => page.evaluate(() => window.examroomTest.view()) as Promise<PageView>;
export const stage = (page: Page) => page.evaluate(() => window.examroomTest.stage());
export const send = (page: Page, event: ExamEvent) => page.evaluate((e) => window.examroomTest.send(e), event);
export const recorded = (page: Page, chunkList = false) =>
  page.evaluate((list) => window.examroomTest.recorded({ chunkList: list }), chunkList) as Promise<RecordedSummary[]>;
export const chunkCounts = (page: Page) => page.evaluate(() => window.examroomTest.chunkCounts());
export const stored = (page: Page) => page.evaluate(() => window.examroomTest.stored());
export const problems = (page: Page) => page.evaluate(() => window.examroomTest.problems());

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The view without what changes by itself (volume, preview), to tell whether an action had an effect. */
function keyOf(current: PageView): string {
  return JSON.stringify({ ...current, preview: undefined, recording: undefined, deadline: undefined });
}

const get = (object: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);

/**
 * Takes the page from wherever it is (设备准备, or 进入考试 after a reload) to 开始答题 with the candidate's
 * password login. At 开始前倒计时 server time is moved to startsAt exactly and the page re-measures it.
 */
export async function driveToAnswering(server: ExamServer, page: Page, sitting: SeededSitting, timeoutMs = 60_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  const trail: string[] = [];
  let lastKey = '';
  let actedAt = 0;
  for (;;) {
    const current = await view(page);
    const stageName = current.stage;
    if (trail.at(-1) !== stageName) trail.push(stageName);
    if (stageName === 'answering') return trail;
    if (stageName === 'barred' || stageName === 'uploading' || stageName === 'finished') {
      throw new Error(`driving to answering ended at ${stageName}: ${JSON.stringify(current)}`);
    }
    if (Date.now() > until) throw new Error(`driving to answering timed out at ${JSON.stringify(current)}`);
    const key = keyOf(current);
    // Give the last action time to show; act again only if nothing changed for a while.
    if (key === lastKey && Date.now() - actedAt < 3_000) {
      await sleep(50);
      continue;
    }
    if (await act(server, page, sitting, current)) {
      lastKey = key;
      actedAt = Date.now();
    }
    await sleep(50);
  }
}

async function act(server: ExamServer, page: Page, sitting: SeededSitting, current: PageView): Promise<boolean> {
  const phase = current['phase'];
  switch (current.stage) {
    case 'checkingDevices': {
      if (current['canContinue']) return send(page, { type: 'user.continue' }).then(() => true);
      const checks = current['checks'] as { id: string; status: string; error?: string }[];
      if (!current['running'] && checks.some((c) => c.status === 'fail')) throw new Error(`device checks failed: ${JSON.stringify(checks)}`);
      return false;
    }
    case 'login':
      if (phase === 'face') return send(page, { type: 'user.usePassword' }).then(() => true);
      if (phase === 'loadFailed') return send(page, { type: 'user.retry' }).then(() => true);
      if (phase === 'password' && get(current, 'password.canSubmit')) {
        // FACE_LOGIN_UNAVAILABLE: a server without face login opened 普通登录 by itself, saying why.
        if (current['error'] && current['error'] !== 'FACE_LOGIN_UNAVAILABLE') throw new Error(`password login failed: ${String(current['error'])}`);
        const { idNumber, password } = sitting.candidate;
        return send(page, { type: 'user.submitPassword', idNumber, password }).then(() => true);
      }
      return false;
    case 'readingProcess':
      return send(page, { type: 'user.continue' }).then(() => true);
    case 'bindingEvidence':
      if (current['canContinue']) return send(page, { type: 'user.continue' }).then(() => true);
      if (phase === 'failed') return send(page, { type: 'user.retry' }).then(() => true);
      return false;
    case 'drawingLot':
      if (current['canDraw']) return send(page, { type: 'user.draw' }).then(() => true);
      if (current['canContinue'] && current['lot'] !== null) return send(page, { type: 'user.continue' }).then(() => true);
      return false;
    case 'awaitingEntry':
      if (phase === 'ready') return send(page, { type: 'user.enter' }).then(() => true);
      // 「刷新」 re-measures server time; the entry alarm then fires if entryOpensAt has passed.
      if (phase === 'notYetOpen') return send(page, { type: 'user.refresh' }).then(() => true);
      return false;
    case 'confirmingDevices':
      if (current['canContinue']) return send(page, { type: 'user.continue' }).then(() => true);
      if (phase === 'failed') return send(page, { type: 'user.refreshDevices' }).then(() => true);
      return false;
    case 'confirmingInfo':
      if (current['canContinue']) return send(page, { type: 'user.confirmInfo' }).then(() => true);
      return false;
    case 'readingPledge':
      await send(page, { type: 'user.setPledgeAccepted', accepted: true });
      await send(page, { type: 'user.setNoticeAccepted', accepted: true });
      await send(page, { type: 'user.continue' });
      return true;
    case 'resuming':
      // Back after a reload: the camera reopens by itself; the screen share needs a click.
      if (current['canReopenCamera']) return send(page, { type: 'user.reopenCamera' }).then(() => true);
      if (current['canShare']) return send(page, { type: 'user.shareScreen' }).then(() => true);
      return false;
    case 'countdown':
      // 开始前倒计时: server time reaches startsAt exactly (unless a test moved it past); the page measures it again
      // and its alarm fires.
      if ((server.clock ?? 0) < sitting.startsAt) await server.setClock(sitting.startsAt);
      await page.evaluate(() => window.examroomTest.resync());
      return true;
    default:
      return false;
  }
}

/** 「结束考试」 → 「确认」, then waits for 上传成功. */
export async function endExam(page: Page, timeoutMs = 90_000): Promise<void> {
  await send(page, { type: 'user.endExam' });
  await waitUntil(() => view(page), (v) => get(v, 'ending.confirming') === true, '结束考试 confirmation', 15_000);
  await send(page, { type: 'user.confirmEnd' });
  await page.evaluate((ms) => window.examroomTest.waitForStage('finished', ms), timeoutMs);
}

// ---- what the server holds ----

export interface ServerRecording {
  readonly id: string;
  readonly kind: string;
  readonly mimeType: string;
  readonly bytesReceived: number;
  readonly complete: boolean;
  readonly clientSha256?: string;
  readonly serverSha256?: string;
  readonly durationMs?: number;
}

export const serverRecordings = (server: ExamServer, sitting: SeededSitting) =>
  server.call<ServerRecording[]>('GET', `/supervisor/candidates/${sitting.candidate.id}/recordings`, { token: sitting.supervisorToken });

export const serverIncidents = (server: ExamServer, sitting: SeededSitting) =>
  server.call<{ id: string; kind: string; at: number; detail?: string }[]>('GET', `/supervisor/candidates/${sitting.candidate.id}/incidents`, {
    token: sitting.supervisorToken,
  });

/** The file as the server received it (what the client hashed). */
export const receivedPath = (server: ExamServer, recordingId: string) => join(server.dataDir, 'uploads', recordingId);
/** The finalised, seekable copy. */
export const finalPath = (server: ExamServer, recordingId: string) => join(server.dataDir, 'recordings', `${recordingId}.webm`);

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The Duration element of a WebM's Segment Info, in ms (TimestampScale applied), or null when there is none. */
export async function webmDurationMs(path: string): Promise<number | null> {
  const file = await readFile(path);
  // The seekable header (EBML, SeekHead, Info, Tracks, Cues) comes first; 256 KB holds it with room to spare.
  const head = file.subarray(0, Math.min(file.length, 256 * 1024));
  const elements = new Decoder().decode(head.buffer.slice(head.byteOffset, head.byteOffset + head.byteLength) as ArrayBuffer);
  let scale = 1_000_000;
  let duration: number | null = null;
  for (const element of elements) {
    if (element.name === 'TimecodeScale' && 'value' in element && typeof element.value === 'number') scale = element.value;
    if (element.name === 'Duration' && 'value' in element && typeof element.value === 'number') duration = element.value;
    if (element.name === 'Cluster') break;
  }
  return duration === null ? null : (duration * scale) / 1e6;
}

/** Whether the WebM header carries Cues before the first Cluster. */
export async function webmHasCues(path: string): Promise<boolean> {
  const file = await readFile(path);
  const head = file.subarray(0, Math.min(file.length, 256 * 1024));
  for (const element of new Decoder().decode(head.buffer.slice(head.byteOffset, head.byteOffset + head.byteLength) as ArrayBuffer)) {
    if (element.name === 'Cues') return true;
    if (element.name === 'Cluster') return false;
  }
  return false;
}

/** For `page.evaluate` callers: the page's API type. */
export type { ExamroomTestApi };
