/**
 * The load scenario's examroom server (see bench/load-server.ts): the reference server as buildApp assembles it
 * (SQLite, tus, helmet, the domain) on a temporary data directory with the dev routes on, no logging, and one exam
 * whose sitting has as many candidates as the first argument says (seeded as the server tests seed theirs). One of
 * several servers (the load's `--load-servers`) runs on the PostgreSQL of EXAMROOM_DATABASE_URL and the data directory
 * of EXAMROOM_LOAD_DIR they share; only the first seeds (the others are given 0 candidates).
 */
import { buildApp } from '../packages/server/src/app.js';
import { seedExam } from '../packages/server/src/test-support/server.js';
import { serveUnderLoad } from './load-server.js';

serveUnderLoad(async (dataDir) => {
  const candidates = Number(process.argv[2]);
  if (!Number.isInteger(candidates) || candidates < 0) throw new Error(`load-server-examroom: a count of candidates, not ${process.argv[2]}`);
  const app = await buildApp({ dataDir, testClock: true, logger: false, demo: false, databaseUrl: process.env.EXAMROOM_DATABASE_URL || undefined });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = app.examroom.origin();
  const exam = candidates > 0 ? await seedExam({ app, baseUrl, dataDir, close: () => app.close() }, candidates) : undefined;
  return { ready: { baseUrl, ...(exam ? { exam } : {}) }, server: app.server, close: () => app.close() };
});
