/**
 * The load scenario's examroom server (see bench/load-server.ts): the reference server as buildApp assembles it
 * (SQLite, tus, helmet, the domain) on a temporary data directory with the dev routes on, no logging, and one exam
 * whose sitting has as many candidates as the first argument says (seeded as the server tests seed theirs).
 */
import { buildApp } from '../packages/server/src/app.js';
import { seedExam } from '../packages/server/src/test-support/server.js';
import { serveUnderLoad } from './load-server.js';

serveUnderLoad(async (dataDir) => {
  const candidates = Number(process.argv[2]);
  if (!Number.isInteger(candidates) || candidates < 1) throw new Error(`load-server-examroom: a count of candidates, not ${process.argv[2]}`);
  const app = await buildApp({ dataDir, testClock: true, logger: false, demo: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = app.examroom.origin();
  const exam = await seedExam({ app, baseUrl, dataDir, close: () => app.close() }, candidates);
  return { ready: { baseUrl, exam }, close: () => app.close() };
});
