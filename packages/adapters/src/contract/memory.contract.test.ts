/** The REST contract suite's candidate and phone parts against core's in-memory backend, so that it cannot drift from the server. */
import { createMemoryTarget } from './memory-target.js';
import { describeRestContract } from './rest-contract.suite.js';

describeRestContract('core’s in-memory backend', async () => createMemoryTarget(), { parts: ['candidate', 'phone'] });
