/** The shared REST suites against the MSW handlers (in memory, intercepting fetch in Node). */
import { setupServer } from 'msw/node';
import { createMswHandlers } from '../msw/index.js';
import { describeAuthorization } from './authorization.suite.js';
import { describeHostileInput } from './hostile.suite.js';
import { describeRestContract } from './rest-contract.suite.js';

const BASE_URL = 'http://examroom.msw.test';

async function makeTarget() {
  const mock = createMswHandlers({ baseUrl: BASE_URL, devRoutes: true });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return { baseUrl: BASE_URL, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), close: async () => server.close() };
}

describeRestContract('MSW handlers', makeTarget);
describeAuthorization('MSW handlers', makeTarget);
describeHostileInput('MSW handlers', makeTarget);
