export type * from './repository.js';
export type * from './dispatcher.types.js';
export type * from './exam-domain.types.js';
export { createExamDomain, ATTEMPT_LIMITS, LOGIN_THROTTLE, loginDelayMs, FACE_CHECK_INCIDENT_GAP_MS, FACE_CHECK_INTERVAL_MS } from './exam-domain.js';
// The rules' constants and ID masking live in core (shared with its in-memory backend); named here as before.
export { maskIdNumber, SESSION_STALE_MS, PAIRING_TTL_MS } from '@examroom/core';
export { createDispatcher, type Dispatch, type DispatcherOptions } from './dispatcher.js';
export { createMemoryRepository } from './memory-repository.js';
export { serializeRepository, type SyncRepository, type TransactionHooks } from './serialized-repository.js';
export { createMemoryCrypto } from './memory-crypto.js';
export { createMovableClock, type MovableClock } from './movable-clock.js';
export { applyDemoExam, demoAccountsNow, demoStartsAt, keepDemoSittingOpen, DEMO_CANDIDATE_PASSWORD, DEMO_EXAM_ID, DEMO_EXAM_TITLE, DEMO_SUPERVISOR, type DemoAccounts } from './demo-fixture.js';
export {
  isLiveEventFor,
  liveAuthToken,
  liveLookups,
  watchLiveSession,
  type LiveClock,
  type LiveCloseReason,
  type LiveLookups,
} from './live-delivery.js';
export {
  createLiveViewRelay,
  LIVE_MESSAGE_MAX_CHARS,
  LIVE_VIEW_DEFAULTS,
  type LiveViewConnection,
  type LiveViewRelay,
  type LiveViewRelayOptions,
  type LiveViewSettings,
} from './live-view-relay.js';
export { createAdministrator, resetAdministratorPassword, type AdministratorTools } from './administrators.js';
export { resultsTable, resultsCsv, resultsFileName, isoInTimeZone, UTF8_BOM, type ResultsTable, type ResultsTableOptions } from './results-table.js';
export { adminRecordingUrl, type CandidateArchive, type CandidateArchiveTimeline, type ResultsFormat } from './exam-domain/admin-exports.js';
export {
  runRetention,
  examEndedAt,
  ERASED_NAME,
  ERASED_ID_PREFIX,
  DEFAULT_RETENTION_DAYS,
  RETENTION_ACTOR,
  type RetentionFiles,
  type RetentionOptions,
  type RetentionReport,
  type ExamRetention,
} from './retention.js';
