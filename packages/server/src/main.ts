#!/usr/bin/env node
/**
 * `examroom-server`: the reference server, empty; `examroom-server --demo` (or EXAMROOM_DEMO=1, which `npm start`
 * sets) seeds the demo exam and its published accounts. Configured by the environment: PORT (8080), HOST
 * (127.0.0.1), EXAMROOM_DATA_DIR (.data/ in the working directory), EXAMROOM_TEST_CLOCK=1 (dev-only routes),
 * EXAMROOM_PUBLIC_URL (origin for upload and phone URLs, e.g. when phones reach the server by a LAN address),
 * EXAMROOM_TRUST_PROXY (off: the reverse proxies whose X-Forwarded-For gives the client's address, see
 * trust-proxy.ts), EXAMROOM_LOG_LEVEL (warn), EXAMROOM_CORS_ORIGINS (comma-separated origins whose pages may call
 * the server from another origin; none by default), EXAMROOM_TLS_CERT and EXAMROOM_TLS_KEY (PEM files: serve HTTPS, so that
 * phones on the LAN may use their camera), EXAMROOM_ICE_SERVERS, EXAMROOM_LIVE_VIEW_BITRATE_BPS and
 * EXAMROOM_LIVE_VIEWS_PER_CANDIDATE (实时画面, see live-view-settings.ts), EXAMROOM_FACE_LOGIN (on; `off` starts no
 * face model), EXAMROOM_FACE_THRESHOLD and EXAMROOM_FACE_LIVENESS (人脸登录, see face-verifier.ts),
 * EXAMROOM_METRICS_TOKEN (the bearer token /metrics then takes; open without it). /healthz, /readyz and /metrics are
 * operations.ts's.
 *
 * `examroom-server admin create <username>` and `examroom-server admin reset-password <username>` manage
 * administrators instead of starting the server (admin-cli.ts).
 *
 * `examroom-server retention run [--dry-run] [--days <n>] [--now <time>]` deletes the recordings and personal data of
 * exams past the retention period, EXAMROOM_RETENTION_DAYS (180), instead of starting the server (retention-cli.ts).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { API_PREFIX, LIVE_EVENTS_PATH } from '@examroom/adapters/rest';
import { demoAccountsNow, type DemoAccounts } from '@examroom/domain';
import { dataDirOf, runAdminCommand } from './admin-cli.js';
import { runRetentionCommand } from './retention-cli.js';
import { buildApp, type AppOptions } from './app.js';
import { parseCorsOrigins } from './cors.js';
import { parseTrustProxy } from './trust-proxy.js';
import { parseLiveViewSettings } from './live-view-settings.js';
import { createFaceVerifier, parseFaceCheckInterval, parseFaceLiveness, parseFaceThreshold, type FaceVerifierOptions } from './face-verifier.js';
import { parseDatabaseUrl } from './open-repository.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug'] as const;

function environment() {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  const level = process.env.EXAMROOM_LOG_LEVEL ?? 'warn';
  const logger = (LOG_LEVELS as readonly string[]).includes(level) ? (level as (typeof LOG_LEVELS)[number]) : 'warn';
  return {
    port,
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: dataDirOf(process.env),
    testClock: process.env.EXAMROOM_TEST_CLOCK === '1',
    publicUrl: process.env.EXAMROOM_PUBLIC_URL || undefined,
    corsOrigins: parseCorsOrigins(process.env.EXAMROOM_CORS_ORIGINS),
    trustProxy: parseTrustProxy(process.env.EXAMROOM_TRUST_PROXY),
    tls: tlsFiles(process.env.EXAMROOM_TLS_CERT, process.env.EXAMROOM_TLS_KEY),
    liveView: parseLiveViewSettings(process.env),
    logger,
    ...(process.env.EXAMROOM_ID_KEY ? { idNumberKey: process.env.EXAMROOM_ID_KEY } : {}),
    databaseUrl: parseDatabaseUrl(process.env.EXAMROOM_DATABASE_URL),
    ...(process.env.EXAMROOM_METRICS_TOKEN ? { metricsToken: process.env.EXAMROOM_METRICS_TOKEN } : {}),
    demo: process.argv.slice(2).includes('--demo') || process.env.EXAMROOM_DEMO === '1',
    face: parseFaceSettings(process.env),
    faceCheckIntervalSeconds: parseFaceCheckInterval(process.env.EXAMROOM_FACE_CHECK_INTERVAL_S),
  };
}

/** 人脸登录's settings: EXAMROOM_FACE_LOGIN=off runs no face model (face login answers FACE_LOGIN_UNAVAILABLE). */
function parseFaceSettings(env: NodeJS.ProcessEnv): FaceVerifierOptions | null {
  const on = (env.EXAMROOM_FACE_LOGIN ?? 'on').trim().toLowerCase();
  if (on !== 'on' && on !== 'off') throw new Error(`EXAMROOM_FACE_LOGIN must be on or off, not "${env.EXAMROOM_FACE_LOGIN}"`);
  if (on === 'off') return null;
  return { threshold: parseFaceThreshold(env.EXAMROOM_FACE_THRESHOLD), actions: parseFaceLiveness(env.EXAMROOM_FACE_LIVENESS) };
}

/** The certificate and key for HTTPS, read from their files; both or neither. */
function tlsFiles(certFile: string | undefined, keyFile: string | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('EXAMROOM_TLS_CERT and EXAMROOM_TLS_KEY go together: set both files, or neither');
  return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

/** An instant in the exam's own time zone, as its pages show it, whatever the server machine's zone. */
const time = (at: number, timeZone: string) =>
  new Date(at).toLocaleString('zh-CN', { timeZone, hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

function describe(origin: string, demo: DemoAccounts | null, env: ReturnType<typeof environment>): string {
  const lines = [
    '',
    `examroom reference server${env.testClock ? ' (EXAMROOM_TEST_CLOCK=1: dev routes on)' : ''}`,
    `  Portal      ${origin}/   (English: ${origin}/?lang=en)`,
    `  Phone       ${origin}/phone   (opened from the QR code at 佐证绑定; on this computer, open the link in another window)`,
    `  Supervisor  ${origin}/proctor   (监督员控制台: the sitting's candidates live, and their 求助)`,
    `  Admin       ${origin}/admin   (考试管理: exams, sittings, questions, the roster, supervisors, results; make the first administrator with \`examroom-server admin create <name>\`)`,
    `  API         ${origin}${API_PREFIX}`,
    `  OpenAPI     ${origin}${API_PREFIX}/openapi.json`,
    `  WebSocket   ${origin.replace(/^http/, 'ws')}${API_PREFIX}${LIVE_EVENTS_PATH}   (AsyncAPI: ${origin}${API_PREFIX}/asyncapi.json)`,
    `  Health      ${origin}/readyz   (and /healthz; Prometheus metrics at /metrics)`,
    `  Data        ${env.dataDir}${demo?.created ? ' (demo exam created)' : ''}`,
  ];
  if (!demo) {
    lines.push('', 'No demo: this server starts empty. For the demo exam and its accounts, start it with --demo (npm start does).');
    return `${lines.join('\n')}\n`;
  }
  const sittingOf = new Map(demo.sittings.map((s) => [s.id, s]));
  lines.push(
    '',
    `Demo exam 「${demo.examTitle}」 (examId ${demo.examId}, times in ${demo.timeZone})`,
    ...demo.sittings.map((s) => `  ${s.name}  starts ${time(s.startsAt, demo.timeZone)}, login opens ${time(s.startsAt - 30 * 60_000, demo.timeZone)}`),
    '',
    'Candidates (普通登录: 身份证号 + 密码)',
    ...demo.candidates.map((c) => `  ${c.name}  ${c.idNumber}  ${c.password}  ${sittingOf.get(c.sittingId)?.name ?? c.sittingId}`),
    '',
    `Supervisor  ${demo.supervisor.username} / ${demo.supervisor.password}   (at ${origin}/proctor)`,
    '',
    'Missed a sitting? Log in anyway: a demo candidate who has not entered is moved to a new sitting starting about five minutes later.',
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const env = environment();
  mkdirSync(env.dataDir, { recursive: true });
  const options: AppOptions = {
    dataDir: env.dataDir,
    testClock: env.testClock,
    logger: env.logger,
    corsOrigins: env.corsOrigins,
    trustProxy: env.trustProxy,
    demo: env.demo,
    ...(env.publicUrl ? { publicUrl: env.publicUrl } : {}),
    ...(env.tls ? { tls: env.tls } : {}),
    liveView: env.liveView,
    faceCheckIntervalSeconds: env.faceCheckIntervalSeconds,
    // Read by environment() but, until now, not handed on: EXAMROOM_DATABASE_URL ran the server on SQLite anyway.
    ...(env.databaseUrl ? { databaseUrl: env.databaseUrl } : {}),
    ...(env.idNumberKey !== undefined ? { idNumberKey: env.idNumberKey } : {}),
    ...(env.metricsToken !== undefined ? { metricsToken: env.metricsToken } : {}),
  };
  // Started before the server and warmed up beside it: `listen` does not wait for the models (FACE_LOGIN_STARTING
  // until they are ready; 普通登录 works meanwhile).
  const faceVerifier = env.face ? createFaceVerifier(env.face) : null;
  const app = await buildApp({ ...options, ...(faceVerifier ? { faceVerifier } : {}) });
  if (faceVerifier) {
    app.addHook('onClose', () => faceVerifier.close());
    faceVerifier.ready.then(
      () => app.log.info('face login ready'),
      (error: unknown) => app.log.error({ err: error }, 'face login unavailable: the face model did not load'),
    );
  }
  const { repo, demo } = app.examroom;

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await app.listen({ port: env.port, host: env.host });
  process.stdout.write(describe(app.examroom.origin(), demo && (await demoAccountsNow(repo, demo)), env));
}

const [subcommand, ...subcommandArgs] = process.argv.slice(2);
if (subcommand === 'admin') {
  // The operator's command, then exit: the server does not start.
  runAdminCommand(subcommandArgs, { dataDir: dataDirOf(process.env), ...(process.env.EXAMROOM_ID_KEY ? { idNumberKey: process.env.EXAMROOM_ID_KEY } : {}), databaseUrl: parseDatabaseUrl(process.env.EXAMROOM_DATABASE_URL), out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('examroom: the admin command failed.', error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
} else if (subcommand === 'retention') {
  // The operator's command (a daily cron job), then exit: the server does not start.
  runRetentionCommand(subcommandArgs, { dataDir: dataDirOf(process.env), env: process.env, out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('examroom: the retention command failed.', error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error('examroom: the server could not start.', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
