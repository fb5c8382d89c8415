/** Test helpers: a real server on a random port over a temporary data directory, and a few API shortcuts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { API_PREFIX, LIVE_EVENTS_PATH, type LiveEvent } from '@examroom/adapters/rest';
import { createInbox } from '../../../adapters/src/contract/inbox.js';
import { buildApp, type AppOptions, type TrustProxy } from '../app.js';

const tempDirs: string[] = [];

export function tempDir(prefix = 'examroom-server-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function startServer(
  options: {
    dataDir?: string;
    testClock?: boolean;
    demo?: boolean;
    corsOrigins?: readonly string[];
    trustProxy?: TrustProxy;
    silentPhoneSweepMs?: number;
    liveView?: AppOptions['liveView'];
    faceVerifier?: AppOptions['faceVerifier'];
    faceCheckIntervalSeconds?: number;
    uploadProgressWriteMs?: number;
  } & Pick<AppOptions, 'logger' | 'logStream' | 'idNumberKey' | 'databaseUrl'> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const app = await buildApp({
    dataDir,
    // The tests seed their sittings into the demo exam (POST /dev/sittings).
    demo: options.demo ?? true,
    testClock: options.testClock ?? true,
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.silentPhoneSweepMs !== undefined ? { silentPhoneSweepMs: options.silentPhoneSweepMs } : {}),
    ...(options.liveView ? { liveView: options.liveView } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.idNumberKey !== undefined ? { idNumberKey: options.idNumberKey } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.faceVerifier ? { faceVerifier: options.faceVerifier } : {}),
    ...(options.faceCheckIntervalSeconds !== undefined ? { faceCheckIntervalSeconds: options.faceCheckIntervalSeconds } : {}),
    ...(options.uploadProgressWriteMs !== undefined ? { uploadProgressWriteMs: options.uploadProgressWriteMs } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: app.examroom.origin(), dataDir, close: () => app.close() };
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export async function api<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  server: Pick<TestServer, 'baseUrl'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; raw?: boolean } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  // Contract paths are given without the prefix; anything else (pages, raw API paths) with `raw`.
  const response = await fetch(`${server.baseUrl}${options.raw ? '' : API_PREFIX}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** `api()` for a test's set-up steps: the parsed body, or an error naming the call when the status is not 2xx. */
export async function callApi<T>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await api<T>({ baseUrl }, method, path, options);
  if (response.status < 200 || response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface SeededCandidate {
  readonly id: string;
  readonly idNumber: string;
  readonly password: string;
}

export interface SeededExam {
  readonly examId: string;
  readonly sittingId: string;
  readonly candidates: readonly SeededCandidate[];
}

let examCounter = 0;

/**
 * An exam with three questions and one sitting whose entry is open and which starts in 10 minutes (login open, no
 * evidence required), with `count` candidates. The exam row is written directly; the sitting goes through the dev route.
 */
export async function seedExam(server: TestServer, count = 2): Promise<SeededExam> {
  examCounter += 1;
  const examId = `exam_t${examCounter}_${Math.random().toString(36).slice(2, 8)}`;
  const { repo, clock } = server.app.examroom;
  await repo.transaction(async (repo) => {
    await repo.insertExam({ id: examId, title: 'Test exam', policy: { requireEvidence: false }, timeZone: 'Asia/Shanghai' });
    for (let order = 1; order <= 3; order += 1) await repo.insertQuestion({ id: `${examId}_q${order}`, examId, order, text: `Question ${order}` });
  });
  const now = clock.now();
  const candidates = Array.from({ length: count }, (_, i) => ({
    name: `Candidate ${i + 1}`,
    idNumber: `11010519900101${String(examCounter).padStart(2, '0')}${String(i).padStart(2, '0')}`,
    password: `secret-${i + 1}`,
    admissionNumber: `A${String(i + 1).padStart(3, '0')}`,
  }));
  const seeded = await api<{ sitting: { id: string }; candidates: { id: string; admissionNumber: string }[] }>(server, 'POST', '/dev/sittings', {
    body: { examId, name: 'Sitting 1', startsAt: now + 10 * 60_000, entryOpensAt: now - 1_000, policy: { requireEvidence: false }, candidates },
  });
  if (seeded.status !== 201) throw new Error(`seeding failed: ${seeded.status} ${JSON.stringify(seeded.body)}`);
  return {
    examId,
    sittingId: seeded.body.sitting.id,
    candidates: candidates.map((c) => {
      const row = seeded.body.candidates.find((s) => s.admissionNumber === c.admissionNumber);
      if (!row) throw new Error('seeded candidate missing');
      return { id: row.id, idNumber: c.idNumber, password: c.password };
    }),
  };
}

export async function login(server: TestServer, exam: SeededExam, index = 0, deviceKey = `device-key-${index}-aaaa`): Promise<string> {
  const candidate = exam.candidates[index]!;
  const response = await api<{ token: string }>(server, 'POST', '/sessions/password', {
    body: { examId: exam.examId, idNumber: candidate.idNumber, password: candidate.password, deviceKey },
  });
  if (response.status !== 201) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token;
}

let supervisorCounter = 0;

/** A supervisor watching `examIds`, logged in. */
export async function supervisorToken(server: TestServer, examIds: readonly string[]): Promise<string> {
  supervisorCounter += 1;
  const username = `sup${supervisorCounter}.${Math.random().toString(36).slice(2, 8)}`;
  const { repo, crypto } = server.app.examroom;
  await repo.insertSupervisor({ id: crypto.randomId('sup'), username, passwordHash: await crypto.hashPassword('watch-1'), examIds });
  const response = await api<{ token: string }>(server, 'POST', '/supervisor/sessions', { body: { username, password: 'watch-1' } });
  if (response.status !== 201) throw new Error(`supervisor login failed: ${response.status}`);
  return response.body.token;
}

/** A candidate who has entered the exam (lot drawn, entry done). */
export async function enter(server: TestServer, token: string): Promise<void> {
  const response = await api(server, 'POST', '/me/entry', { token });
  if (response.status !== 200) throw new Error(`entry failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export interface LiveClient {
  readonly socket: WebSocket;
  readonly events: readonly LiveEvent[];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first event (already received or arriving) that matches. */
  next(predicate: (event: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent>;
}

export function liveUrl(server: TestServer): string {
  return `${server.baseUrl.replace(/^http/, 'ws')}${API_PREFIX}${LIVE_EVENTS_PATH}`;
}

/** Opens the live-events socket, sends `auth` when a token is given and waits until the server has accepted it. */
export async function connectLive(server: TestServer, token?: string): Promise<LiveClient> {
  const socket = new WebSocket(liveUrl(server));
  const inbox = createInbox<LiveEvent>((event) => event.type);
  socket.on('message', (data) => inbox.push(JSON.parse(String(data)) as LiveEvent));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (token !== undefined) {
    const before = server.app.examroom.live.connections;
    socket.send(JSON.stringify({ type: 'auth', token }));
    const outcome = await Promise.race([
      closed.then(() => 'closed' as const),
      (async () => {
        while (server.app.examroom.live.connections <= before) await new Promise((r) => setTimeout(r, 5));
        return 'ready' as const;
      })(),
    ]);
    if (outcome === 'closed') throw new Error('the server refused the live-events authentication');
  }
  return { socket, events: inbox.items, closed, next: (predicate, timeoutMs = 5_000) => inbox.next(predicate, timeoutMs) };
}
