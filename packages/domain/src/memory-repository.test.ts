import { describeRepositoryContract } from './repository.contract.js';
import { createMemoryRepository } from './memory-repository.js';

describeRepositoryContract('memory', () => createMemoryRepository());
