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
  type LiveMessagesOptions,
  createRestCaller,
  socketMessage,
  type LiveChannel,
  type RestCaller,
  type RestCallerOptions,
} from './client.js';
export { createOpenApiDocument } from './openapi.js';
export { createAsyncApiDocument } from './asyncapi.js';
export { createRestPhoneApi, type RestPhoneApi, type RestPhoneApiOptions } from './phone-api.js';
export { createStoragePhoneSessionStore, PHONE_SESSION_STORAGE_KEY } from './phone-session-store.js';
export { createRestProctorApi, toProctorLiveEvent, type RestProctorApi, type RestProctorApiOptions } from './proctor-api.js';
export { createStorageProctorSessionStore, PROCTOR_SESSION_STORAGE_KEY, PROCTOR_QUICK_REPLIES_STORAGE_KEY } from './proctor-session-store.js';
export { createRestAdminApi, type RestAdminApiOptions } from './admin-api.js';
export { createStorageAdminSessionStore, ADMIN_SESSION_STORAGE_KEY } from './admin-session-store.js';
