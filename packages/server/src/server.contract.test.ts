/** The shared REST suites (contract, authorisation matrix, hostile input) against the real server on a random port. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeAuthorization } from '../../adapters/src/contract/authorization.suite.js';
import { describeHostileInput } from '../../adapters/src/contract/hostile.suite.js';
import { describeRestContract } from '../../adapters/src/contract/rest-contract.suite.js';
import { buildApp } from './app.js';

async function makeTarget() {
  const dataDir = await mkdtemp(join(tmpdir(), 'examroom-contract-'));
  const app = await buildApp({ dataDir, testClock: true, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describeRestContract('reference server', makeTarget);
describeAuthorization('reference server', makeTarget);
describeHostileInput('reference server', makeTarget);
