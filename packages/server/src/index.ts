export { buildApp, type AppOptions, type ExamroomContext } from './app.js';
export { createSqliteRepository, type SqliteRepository } from './sqlite-repository.js';
export { openRepository, parseDatabaseUrl, type RepositoryChoice, type ServerRepository } from './open-repository.js';
export { createPgRepository, type PgRepository, type PgRepositoryOptions } from './pg-repository.js';
export { createNodeCrypto } from './node-crypto.js';
export { createServerClock, type ServerClock } from './server-clock.js';
export { createTusUploads, type TusUploads } from './uploads.js';
export { CLOSE_UNAUTHENTICATED } from './live-events.js';
