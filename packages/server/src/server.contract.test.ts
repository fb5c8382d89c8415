/** The shared REST suites (contract, authorisation matrix, hostile input) against the real server on a random port. */
import { afterAll } from 'vitest';
import { describeAuthorization } from '../../adapters/src/contract/authorization.suite.js';
import { describeHostileInput } from '../../adapters/src/contract/hostile.suite.js';
import { describeRestContract } from '../../adapters/src/contract/rest-contract.suite.js';
import { removeTempDirs, startServer } from './test-support/server.js';

async function makeTarget() {
  const server = await startServer({ testClock: true });
  return { baseUrl: server.baseUrl, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), close: () => server.close() };
}

afterAll(removeTempDirs);

describeRestContract('reference server', makeTarget);
describeAuthorization('reference server', makeTarget);
describeHostileInput('reference server', makeTarget);
