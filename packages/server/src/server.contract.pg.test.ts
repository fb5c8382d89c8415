/**
 * The shared REST suites (contract, authorisation matrix, hostile input) against the real server on PostgreSQL
 * (EXAMROOM_DATABASE_URL): a throwaway cluster, a fresh schema for each server the suites start.
 */
import { afterAll, beforeAll } from 'vitest';
import { describeAuthorization } from '../../adapters/src/contract/authorization.suite.js';
import { describeHostileInput } from '../../adapters/src/contract/hostile.suite.js';
import { describeRestContract } from '../../adapters/src/contract/rest-contract.suite.js';
import { startPostgres, type ThrowawayPostgres } from './test-support/postgres.js';
import { removeTempDirs, startServer } from './test-support/server.js';

let postgres: ThrowawayPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  removeTempDirs();
});

async function makeTarget() {
  const server = await startServer({ testClock: true, databaseUrl: await postgres.freshSchema() });
  return { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), close: () => server.close() };
}

describeRestContract('reference server on PostgreSQL', makeTarget);
describeAuthorization('reference server on PostgreSQL', makeTarget);
describeHostileInput('reference server on PostgreSQL', makeTarget);
