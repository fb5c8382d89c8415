/** The shared REST suites against the MSW handlers (in memory, intercepting fetch in Node). */
import { setupServer } from 'msw/node';
import { describeAuthorization } from '../../adapters/src/contract/authorization.suite.js';
import { describeHostileInput } from '../../adapters/src/contract/hostile.suite.js';
import { CONTRACT_PARTS, describeRestContract } from '../../adapters/src/contract/rest-contract.suite.js';
import { createMswHandlers } from './index.js';

const BASE_URL = 'http://examroom.msw.test';

async function makeTarget() {
  const mock = createMswHandlers({ baseUrl: BASE_URL, devRoutes: true });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return { baseUrl: BASE_URL, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), close: async () => server.close() };
}

// The MSW handlers keep no recording files and load no exceljs: of the administrator's file exports, only the CSV.
describeRestContract('MSW handlers', makeTarget, { parts: CONTRACT_PARTS.filter((part) => part !== 'exportFiles') });
describeAuthorization('MSW handlers', makeTarget, { fileExports: ['resultsCsv'] });
describeHostileInput('MSW handlers', makeTarget);
