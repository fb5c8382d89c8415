export * from './contract.js';
export { errorBodyOf } from './error-body.js';
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
export { createRestPhoneApi, type RestPhoneApi, type RestPhoneApiOptions } from './phone-api.js';
export { createStoragePhoneSessionStore, PHONE_SESSION_STORAGE_KEY } from './phone-session-store.js';
