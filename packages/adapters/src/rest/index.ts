export * from './contract.js';
export type * from './domain/repository.js';
export type * from './domain/dispatcher.types.js';
export type * from './domain/exam-domain.types.js';
export { createExamDomain, maskIdNumber, SESSION_STALE_MS, PAIRING_TTL_MS, ATTEMPT_LIMITS } from './domain/exam-domain.js';
export { createDispatcher, type Dispatch, type DispatcherOptions } from './domain/dispatcher.js';
export { createMemoryRepository } from './domain/memory-repository.js';
export { createMemoryCrypto } from './domain/memory-crypto.js';
export { applyDemoExam, demoStartsAt, DEMO_EXAM_ID, DEMO_EXAM_TITLE, type DemoAccounts } from './domain/demo-fixture.js';
export {
  createRestExamApi,
  createMemoryTokenStore,
  createStorageTokenStore,
  createRecordingCompleter,
  type RecordingCompleterOptions,
  type RestExamApi,
  type RestExamApiOptions,
  type TokenStore,
  type LiveSocket,
  type LiveSocketConstructor,
  type LiveSocketEvents,
} from './client.js';
export { createOpenApiDocument } from './openapi.js';
