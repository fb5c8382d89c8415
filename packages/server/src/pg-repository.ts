/**
 * The domain's Repository on PostgreSQL (pg 8), for several servers sharing one database. The same tables and
 * unique keys as the SQLite repository; times as BIGINT (read back as JS numbers), JSON as JSONB, insertion order
 * (SQLite's rowid, the tie-breaker of every ordered list) as an identity column `seq`.
 *
 * Transactions are SERIALIZABLE: two servers' transactions that would break a rule together (two active sessions,
 * the same lot twice, an incident stored twice) cannot both commit. PostgreSQL refuses one of them with a
 * serialization failure (40001) or a deadlock (40P01) and its work is run again, from the start, on fresh reads.
 * Calls outside a transaction take any pooled connection; a call that writes several tables is one statement, so
 * it is atomic on its own.
 */
import pg from 'pg';
import type {
  AdministratorRow,
  AuditRow,
  CandidateRow,
  ExamRow,
  FaceChallengeRow,
  FaceDescriptorRow,
  HelpMessageRow,
  IncidentRow,
  InterventionRow,
  PairingRow,
  QuestionRow,
  QuestionSetRow,
  RecordingLinkRow,
  RecordingRow,
  Repository,
  SessionRole,
  SessionRow,
  SittingRow,
  SupervisorRow,
  UploadSampleRow,
  VerdictRow,
} from '@examroom/domain';
import type { ProgressStage } from '@examroom/core';

/** Schema steps; step i brings the database from version i to i + 1 (schema_migrations). Append, never edit. */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: everything the SQLite repository has after its migration 14, in one step.
  `
  CREATE TABLE exams (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    policy     JSONB NOT NULL DEFAULT '{}',
    time_zone  TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    seq        BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );

  CREATE TABLE sittings (
    id              TEXT PRIMARY KEY,
    exam_id         TEXT NOT NULL REFERENCES exams(id),
    name            TEXT NOT NULL,
    starts_at       BIGINT NOT NULL,
    entry_opens_at  BIGINT,
    policy          JSONB NOT NULL DEFAULT '{}',
    seq             BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX sittings_by_exam ON sittings(exam_id, starts_at);

  CREATE TABLE question_sets (
    id          TEXT PRIMARY KEY,
    exam_id     TEXT NOT NULL REFERENCES exams(id),
    sitting_id  TEXT REFERENCES sittings(id),
    name        TEXT NOT NULL,
    seq         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX question_sets_by_exam ON question_sets(exam_id);
  CREATE INDEX question_sets_by_sitting ON question_sets(sitting_id);

  CREATE TABLE questions (
    id       TEXT PRIMARY KEY,
    exam_id  TEXT NOT NULL REFERENCES exams(id),
    ord      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    set_id   TEXT REFERENCES question_sets(id),
    seq      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX questions_by_exam ON questions(exam_id, ord);
  CREATE INDEX questions_by_set ON questions(set_id);

  CREATE TABLE candidates (
    id                       TEXT PRIMARY KEY,
    exam_id                  TEXT NOT NULL REFERENCES exams(id),
    sitting_id               TEXT NOT NULL REFERENCES sittings(id),
    name                     TEXT NOT NULL,
    id_number_hash           TEXT NOT NULL,
    id_number_masked         TEXT NOT NULL,
    admission_number         TEXT NOT NULL,
    password_hash            TEXT NOT NULL,
    stage                    TEXT NOT NULL,
    lot                      INTEGER,
    entered_at               BIGINT,
    finished_at              BIGINT,
    finish_reason            TEXT,
    evidence_state           TEXT NOT NULL,
    evidence_updated_at      BIGINT NOT NULL,
    devices_confirmed_at     BIGINT,
    info_confirmed_at        BIGINT,
    pledge_accepted_at       BIGINT,
    pledge_version           TEXT,
    evidence_bytes_expected  BIGINT,
    extra_time_ms            BIGINT NOT NULL DEFAULT 0,
    late_entry_allowed_at    BIGINT,
    roster_photo_name        TEXT,
    photo_file               TEXT,
    seq                      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    UNIQUE (exam_id, id_number_hash)
  );
  CREATE INDEX candidates_by_sitting ON candidates(sitting_id, admission_number);
  CREATE INDEX candidates_by_evidence_state ON candidates(evidence_state);

  CREATE TABLE supervisors (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    exam_ids       JSONB NOT NULL DEFAULT '[]',
    sitting_ids    JSONB NOT NULL DEFAULT '[]',
    disabled_at    BIGINT,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );

  CREATE TABLE administrators (
    id                    TEXT PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    password_hash         TEXT NOT NULL,
    must_change_password  BOOLEAN NOT NULL,
    created_at            BIGINT NOT NULL
  );

  -- Every role's sessions in one table (SQLite keeps administrators' apart only because of its CHECK's history).
  CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'phone', 'supervisor', 'administrator')),
    subject_id    TEXT NOT NULL,
    device_key    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    revoked_at    BIGINT,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX sessions_by_subject ON sessions(role, subject_id, created_at);

  CREATE TABLE pairings (
    code          TEXT PRIMARY KEY,
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    expires_at    BIGINT NOT NULL,
    used_at       BIGINT,
    revoked_at    BIGINT,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX pairings_by_candidate ON pairings(candidate_id);

  CREATE TABLE incidents (
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    id            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    at            BIGINT NOT NULL,
    detail        TEXT,
    received_at   BIGINT NOT NULL,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (candidate_id, id)
  );
  CREATE INDEX incidents_by_candidate ON incidents(candidate_id, at);

  CREATE TABLE help_messages (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    id             TEXT NOT NULL,
    sender         TEXT NOT NULL CHECK (sender IN ('candidate', 'supervisor')),
    text           TEXT NOT NULL,
    at             BIGINT NOT NULL,
    notice         BOOLEAN NOT NULL DEFAULT FALSE,
    supervisor_id  TEXT,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (candidate_id, id)
  );
  CREATE INDEX help_messages_by_candidate ON help_messages(candidate_id, at);

  CREATE TABLE recordings (
    id               TEXT PRIMARY KEY,
    candidate_id     TEXT NOT NULL REFERENCES candidates(id),
    kind             TEXT NOT NULL CHECK (kind IN ('camera', 'screen', 'evidence')),
    part             INTEGER NOT NULL,
    mime_type        TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    real_created_at  BIGINT NOT NULL,
    abandoned_at     BIGINT,
    bytes_received   BIGINT NOT NULL,
    complete         BOOLEAN NOT NULL,
    client_sha256    TEXT,
    server_sha256    TEXT,
    duration_ms      BIGINT,
    seq              BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX recordings_by_candidate ON recordings(candidate_id, created_at);

  CREATE TABLE interventions (
    id             TEXT PRIMARY KEY,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    kind           TEXT NOT NULL CHECK (kind IN ('extraTime', 'endInterview', 'lateEntry', 'virtualCameraWaiver')),
    at             BIGINT NOT NULL,
    minutes        INTEGER,
    reason         TEXT,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX interventions_by_candidate ON interventions(candidate_id, at);

  CREATE TABLE verdicts (
    id             TEXT PRIMARY KEY,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    verdict        TEXT NOT NULL CHECK (verdict IN ('passed', 'doubtful', 'violation')),
    comment        TEXT NOT NULL,
    at             BIGINT NOT NULL,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX verdicts_by_candidate ON verdicts(candidate_id, at);

  CREATE TABLE recording_links (
    token_hash     TEXT PRIMARY KEY,
    recording_id   TEXT NOT NULL REFERENCES recordings(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    session_id     TEXT NOT NULL REFERENCES sessions(id),
    expires_at     BIGINT NOT NULL
  );

  CREATE TABLE upload_samples (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    kind          TEXT NOT NULL CHECK (kind IN ('camera', 'screen', 'phone')),
    at            BIGINT NOT NULL,
    recorded      BIGINT NOT NULL CHECK (recorded >= 0),
    acknowledged  BIGINT NOT NULL CHECK (acknowledged >= 0),
    lag_since     BIGINT
  );
  CREATE INDEX upload_samples_by_candidate ON upload_samples(candidate_id, kind, at);
  CREATE INDEX upload_samples_by_time ON upload_samples(at);

  CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor_role   TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    detail       JSONB NOT NULL DEFAULT '{}',
    seq          BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
  );
  CREATE INDEX audit_log_by_actor ON audit_log(actor_id);
  CREATE INDEX audit_log_by_action ON audit_log(action);
  CREATE INDEX audit_log_by_target ON audit_log(target_id);

  CREATE TABLE face_descriptors (
    candidate_id  TEXT PRIMARY KEY REFERENCES candidates(id),
    photo_file    TEXT NOT NULL,
    descriptor    REAL[] NOT NULL,
    created_at    BIGINT NOT NULL
  );

  CREATE TABLE failed_attempts (
    seq  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key  TEXT NOT NULL,
    at   BIGINT NOT NULL
  );
  CREATE INDEX failed_attempts_by_key ON failed_attempts(key, at);
  CREATE INDEX failed_attempts_by_time ON failed_attempts(at);

  CREATE TABLE face_challenges (
    id          TEXT PRIMARY KEY,
    exam_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
  );
  CREATE INDEX face_challenges_by_expiry ON face_challenges(expires_at);

  -- The keyed hash of a fixed text under the servers' ID number key (checkIdNumberKey).
  CREATE TABLE id_number_key (check_value TEXT NOT NULL);
  `,
];

export interface PgRepositoryOptions {
  /** postgresql://user:password@host:port/database (libpq's form; `?host=/dir` for a unix socket). */
  readonly connectionString: string;
  /** Connections in the pool (default 10): at most this many queries and transactions at once. */
  readonly poolSize?: number;
  /**
   * The server's keyed hash of ID numbers (DomainCrypto.idNumberHash). Given, the database keeps a check value of
   * the key it was first opened with and refuses a server with another one: every server must hash ID numbers alike.
   */
  readonly idNumberHash?: (idNumber: string) => string;
}

/** The text whose keyed hash is the check value (the same as the SQLite repository's). */
const ID_KEY_CHECK_TEXT = 'examroom id number key check';

export type PgRepository = Repository & {
  /** Ends the pool's connections; the repository is unusable afterwards. */
  close(): Promise<void>;
};

/** How often a transaction refused for serialization (40001) or a deadlock (40P01) is tried in all. */
const MAX_ATTEMPTS = 10;
const RETRYABLE = new Set(['40001', '40P01']);

/** BIGINT (int8) as a JS number: times, sizes and counts stay far below 2^53. Other types as pg reads them. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Sends one statement: a pooled connection's or the transaction's. */
type Run = <R extends pg.QueryResultRow>(sql: string, values?: readonly unknown[]) => Promise<pg.QueryResult<R>>;

/**
 * Opens the pool and brings the schema up to date (each step in its own transaction, under an advisory lock so
 * that servers starting together migrate once), then answers the repository.
 */
export async function createPgRepository(options: PgRepositoryOptions): Promise<PgRepository> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, types });
  // An idle connection the server closed (a restart, a failover) is dropped by the pool, which opens another when
  // needed; without a listener its error would end the process.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, options.idNumberHash);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const outside: Run = (sql, values) => pool.query(sql, values as unknown[]);

  const transaction = async <T>(work: (tx: Repository) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const client = await pool.connect();
      const state = { open: true };
      let broken: Error | undefined;
      // A checked-out client has no error listener of the pool's: its connection cut meanwhile (a failover, a
      // restart) fails this transaction's query, and must not end the process as an unhandled 'error'.
      const cut = (error: Error) => {
        broken = error;
      };
      client.on('error', cut);
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const inside: Run = (sql, values) =>
          state.open ? client.query(sql, values as unknown[]) : Promise.reject(new Error('Repository call through a transaction that has ended: use the repository itself'));
        // Nested: part of this transaction (its rollback undoes the nested work's writes too).
        const nested = <N>(inner: (tx: Repository) => Promise<N>): Promise<N> =>
          state.open ? new Promise<N>((resolve) => resolve(inner(tx))) : Promise.reject(new Error('Repository call through a transaction that has ended'));
        const tx: Repository = bind(inside, nested);
        const result = await work(tx);
        state.open = false;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        state.open = false;
        try {
          await client.query('ROLLBACK');
        } catch (rollbackFailed) {
          broken = rollbackFailed as Error; // the connection is unusable: the pool must not hand it out again
        }
        if (attempt < MAX_ATTEMPTS && RETRYABLE.has((error as { code?: string }).code ?? '')) {
          await backOff(attempt);
          continue;
        }
        throw error;
      } finally {
        client.off('error', cut);
        client.release(broken);
      }
    }
  };

  const repository = bind(outside, transaction);
  return Object.assign(repository, { close: () => pool.end() });
}

/** A short random wait before the next attempt, longer after each refusal, so that the racers spread out. */
function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(5 * 2 ** attempt, 200);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

async function migrate(pool: pg.Pool, idNumberHash: PgRepositoryOptions['idNumberHash']): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('examroom schema migrations'))");
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
      const current = rows[0]!.version;
      if (current > PG_MIGRATIONS.length) {
        throw new Error(`The database schema (version ${current}) is newer than this server (version ${PG_MIGRATIONS.length}).`);
      }
      for (let version = current + 1; version <= PG_MIGRATIONS.length; version += 1) {
        await client.query('BEGIN');
        try {
          await client.query(PG_MIGRATIONS[version - 1]!);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      if (idNumberHash) await checkIdNumberKey(client, idNumberHash(ID_KEY_CHECK_TEXT));
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('examroom schema migrations'))");
    }
  } finally {
    client.release();
  }
}

/**
 * Stores the key's check value on the first start and refuses another key after: a server hashing ID numbers with
 * another key would fail every candidate's login and import the roster a second time. Runs under the migrations'
 * lock, so that two servers starting together on an empty database cannot store two values.
 */
async function checkIdNumberKey(client: pg.PoolClient, checkValue: string): Promise<void> {
  const { rows } = await client.query<{ check_value: string }>('SELECT check_value FROM id_number_key');
  if (rows.length === 0) await client.query('INSERT INTO id_number_key (check_value) VALUES ($1)', [checkValue]);
  else if (rows[0]!.check_value !== checkValue) {
    throw new Error('The ID number key (EXAMROOM_ID_KEY) is not the one this database was written with: every server must have the same key.');
  }
}

// ---- rows ----

interface ExamRecord { id: string; title: string; policy: ExamRow['policy']; time_zone: string }
interface SittingRecord { id: string; exam_id: string; name: string; starts_at: number; entry_opens_at: number | null; policy: SittingRow['policy'] }
interface QuestionRecord { id: string; exam_id: string; ord: number; text: string; set_id: string | null }
interface QuestionSetRecord { id: string; exam_id: string; sitting_id: string | null; name: string }
interface CandidateRecord {
  id: string;
  exam_id: string;
  sitting_id: string;
  name: string;
  id_number_hash: string;
  id_number_masked: string;
  admission_number: string;
  password_hash: string;
  stage: string;
  lot: number | null;
  entered_at: number | null;
  finished_at: number | null;
  finish_reason: string | null;
  evidence_state: string;
  evidence_updated_at: number;
  devices_confirmed_at: number | null;
  info_confirmed_at: number | null;
  pledge_accepted_at: number | null;
  pledge_version: string | null;
  evidence_bytes_expected: number | null;
  extra_time_ms: number;
  late_entry_allowed_at: number | null;
  roster_photo_name: string | null;
  photo_file: string | null;
}
interface SupervisorRecord { id: string; username: string; password_hash: string; exam_ids: string[]; sitting_ids: string[]; disabled_at: number | null }
interface AdministratorRecord { id: string; username: string; password_hash: string; must_change_password: boolean; created_at: number }
interface SessionRecord {
  id: string;
  token_hash: string;
  role: string;
  subject_id: string;
  device_key: string;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}
interface PairingRecord { code: string; candidate_id: string; expires_at: number; used_at: number | null; revoked_at: number | null }
interface IncidentRecord { id: string; candidate_id: string; kind: string; at: number; detail: string | null; received_at: number }
interface HelpMessageRecord { id: string; candidate_id: string; sender: string; text: string; at: number; notice: boolean; supervisor_id: string | null }
interface RecordingRecord {
  id: string;
  candidate_id: string;
  kind: string;
  part: number;
  mime_type: string;
  created_at: number;
  real_created_at: number;
  abandoned_at: number | null;
  bytes_received: number;
  complete: boolean;
  client_sha256: string | null;
  server_sha256: string | null;
  duration_ms: number | null;
}
interface InterventionRecord { id: string; candidate_id: string; supervisor_id: string; kind: string; at: number; minutes: number | null; reason: string | null }
interface VerdictRecord { id: string; candidate_id: string; supervisor_id: string; verdict: string; comment: string; at: number }
interface RecordingLinkRecord { token_hash: string; recording_id: string; supervisor_id: string; session_id: string; expires_at: number }
interface UploadSampleRecord { candidate_id: string; kind: UploadSampleRow['kind']; at: number; recorded: number; acknowledged: number; lag_since: number | null }
interface AuditRecord {
  id: string;
  at: number;
  actor_role: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  detail: AuditRow['detail'];
}
interface FaceDescriptorRecord { candidate_id: string; photo_file: string; descriptor: number[]; created_at: number }
interface FaceChallengeRecord { id: string; exam_id: string; action: string; expires_at: number }

// Column strings come from our own CHECKed writes, so narrowing them back to the row unions is safe.
const toExam = (r: ExamRecord): ExamRow => ({ id: r.id, title: r.title, policy: r.policy, timeZone: r.time_zone });
const toSitting = (r: SittingRecord): SittingRow => ({
  id: r.id,
  examId: r.exam_id,
  name: r.name,
  startsAt: r.starts_at,
  entryOpensAt: r.entry_opens_at,
  policy: r.policy,
});
const toQuestion = (r: QuestionRecord): QuestionRow => ({ id: r.id, examId: r.exam_id, order: r.ord, text: r.text, ...(r.set_id !== null ? { setId: r.set_id } : {}) });
const toQuestionSet = (r: QuestionSetRecord): QuestionSetRow => ({ id: r.id, examId: r.exam_id, sittingId: r.sitting_id, name: r.name });
const toCandidate = (r: CandidateRecord): CandidateRow => ({
  id: r.id,
  examId: r.exam_id,
  sittingId: r.sitting_id,
  name: r.name,
  idNumberHash: r.id_number_hash,
  idNumberMasked: r.id_number_masked,
  admissionNumber: r.admission_number,
  rosterPhotoName: r.roster_photo_name,
  photoFile: r.photo_file,
  passwordHash: r.password_hash,
  stage: r.stage as CandidateRow['stage'],
  lot: r.lot,
  enteredAt: r.entered_at,
  finishedAt: r.finished_at,
  finishReason: r.finish_reason as CandidateRow['finishReason'],
  evidenceState: r.evidence_state as CandidateRow['evidenceState'],
  evidenceUpdatedAt: r.evidence_updated_at,
  evidenceBytesExpected: r.evidence_bytes_expected,
  devicesConfirmedAt: r.devices_confirmed_at,
  infoConfirmedAt: r.info_confirmed_at,
  pledgeAcceptedAt: r.pledge_accepted_at,
  pledgeVersion: r.pledge_version,
  extraTimeMs: r.extra_time_ms,
  lateEntryAllowedAt: r.late_entry_allowed_at,
});
const candidateValues = (row: CandidateRow): unknown[] => [
  row.id,
  row.examId,
  row.sittingId,
  row.name,
  row.idNumberHash,
  row.idNumberMasked,
  row.admissionNumber,
  row.passwordHash,
  row.stage,
  row.lot,
  row.enteredAt,
  row.finishedAt,
  row.finishReason,
  row.evidenceState,
  row.evidenceUpdatedAt,
  row.devicesConfirmedAt,
  row.infoConfirmedAt,
  row.pledgeAcceptedAt,
  row.pledgeVersion,
  row.evidenceBytesExpected,
  row.extraTimeMs,
  row.lateEntryAllowedAt,
  row.rosterPhotoName,
  row.photoFile,
];
const CANDIDATE_COLUMNS = `id, exam_id, sitting_id, name, id_number_hash, id_number_masked, admission_number, password_hash, stage, lot,
  entered_at, finished_at, finish_reason, evidence_state, evidence_updated_at, devices_confirmed_at, info_confirmed_at,
  pledge_accepted_at, pledge_version, evidence_bytes_expected, extra_time_ms, late_entry_allowed_at, roster_photo_name, photo_file`;
const toSupervisor = (r: SupervisorRecord): SupervisorRow => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  examIds: r.exam_ids,
  // Absent when none, as the memory repository keeps a row written without it.
  ...(r.sitting_ids.length > 0 ? { sittingIds: r.sitting_ids } : {}),
  ...(r.disabled_at !== null ? { disabledAt: r.disabled_at } : {}),
});
const supervisorValues = (row: SupervisorRow): unknown[] => [
  row.id,
  row.username,
  row.passwordHash,
  JSON.stringify(row.examIds),
  JSON.stringify(row.sittingIds ?? []),
  row.disabledAt ?? null,
];
const toAdministrator = (r: AdministratorRecord): AdministratorRow => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  mustChangePassword: r.must_change_password,
  createdAt: r.created_at,
});
const toSession = (r: SessionRecord): SessionRow => ({
  id: r.id,
  tokenHash: r.token_hash,
  role: r.role as SessionRole,
  subjectId: r.subject_id,
  deviceKey: r.device_key,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});
const sessionValues = (row: SessionRow): unknown[] => [row.id, row.tokenHash, row.role, row.subjectId, row.deviceKey, row.createdAt, row.lastSeenAt, row.revokedAt];
const toPairing = (r: PairingRecord): PairingRow => ({ code: r.code, candidateId: r.candidate_id, expiresAt: r.expires_at, usedAt: r.used_at, revokedAt: r.revoked_at });
const pairingValues = (row: PairingRow): unknown[] => [row.code, row.candidateId, row.expiresAt, row.usedAt, row.revokedAt];
const toIncident = (r: IncidentRecord): IncidentRow => ({
  id: r.id,
  candidateId: r.candidate_id,
  kind: r.kind as IncidentRow['kind'],
  at: r.at,
  detail: r.detail,
  receivedAt: r.received_at,
});
const toHelpMessage = (r: HelpMessageRecord): HelpMessageRow => ({
  id: r.id,
  candidateId: r.candidate_id,
  from: r.sender as HelpMessageRow['from'],
  text: r.text,
  at: r.at,
  ...(r.notice ? { notice: true } : {}),
  ...(r.supervisor_id !== null ? { supervisorId: r.supervisor_id } : {}),
});
const toRecording = (r: RecordingRecord): RecordingRow => ({
  id: r.id,
  candidateId: r.candidate_id,
  kind: r.kind as RecordingRow['kind'],
  part: r.part,
  mimeType: r.mime_type,
  createdAt: r.created_at,
  realCreatedAt: r.real_created_at,
  abandonedAt: r.abandoned_at,
  bytesReceived: r.bytes_received,
  complete: r.complete,
  clientSha256: r.client_sha256,
  serverSha256: r.server_sha256,
  durationMs: r.duration_ms,
});
const recordingValues = (row: RecordingRow): unknown[] => [
  row.id,
  row.candidateId,
  row.kind,
  row.part,
  row.mimeType,
  row.createdAt,
  row.realCreatedAt,
  row.abandonedAt,
  row.bytesReceived,
  row.complete,
  row.clientSha256,
  row.serverSha256,
  row.durationMs,
];
const toIntervention = (r: InterventionRecord): InterventionRow => ({
  id: r.id,
  candidateId: r.candidate_id,
  supervisorId: r.supervisor_id,
  kind: r.kind as InterventionRow['kind'],
  at: r.at,
  minutes: r.minutes,
  reason: r.reason,
});
const toVerdict = (r: VerdictRecord): VerdictRow => ({
  id: r.id,
  candidateId: r.candidate_id,
  supervisorId: r.supervisor_id,
  verdict: r.verdict as VerdictRow['verdict'],
  comment: r.comment,
  at: r.at,
});
const toRecordingLink = (r: RecordingLinkRecord): RecordingLinkRow => ({
  tokenHash: r.token_hash,
  recordingId: r.recording_id,
  supervisorId: r.supervisor_id,
  sessionId: r.session_id,
  expiresAt: r.expires_at,
});
const toUploadSample = (r: UploadSampleRecord): UploadSampleRow => ({
  candidateId: r.candidate_id,
  kind: r.kind,
  at: r.at,
  recorded: r.recorded,
  acknowledged: r.acknowledged,
  lagSince: r.lag_since,
});
const toAudit = (r: AuditRecord): AuditRow => ({
  id: r.id,
  at: r.at,
  actorRole: r.actor_role as AuditRow['actorRole'],
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  detail: r.detail,
});
const toFaceDescriptor = (r: FaceDescriptorRecord): FaceDescriptorRow => ({ candidateId: r.candidate_id, photoFile: r.photo_file, descriptor: r.descriptor, createdAt: r.created_at });
const toFaceChallenge = (r: FaceChallengeRecord): FaceChallengeRow => ({ id: r.id, examId: r.exam_id, action: r.action, expiresAt: r.expires_at });

/**
 * The port's methods over one way of sending statements (the pool's or a transaction's connection), and what
 * `transaction` does there (begin one, or run the work as part of the one open). Text that sorts is compared as
 * "C" (by code point), as SQLite's BINARY and the memory repository's `<` do, whatever the database's locale.
 */
function bind(run: Run, transaction: Repository['transaction']): Repository {
  const one = async <R extends pg.QueryResultRow, T>(sql: string, values: readonly unknown[], map: (r: R) => T): Promise<T | undefined> => {
    const { rows } = await run<R>(sql, values);
    return rows[0] === undefined ? undefined : map(rows[0]);
  };
  const all = async <R extends pg.QueryResultRow, T>(sql: string, values: readonly unknown[], map: (r: R) => T): Promise<T[]> => (await run<R>(sql, values)).rows.map(map);
  const write = async (sql: string, values: readonly unknown[]): Promise<number> => (await run(sql, values)).rowCount ?? 0;
  /** Updates must hit an existing row: writing to a missing id is a bug in the caller, not a silent no-op. */
  const update = async (sql: string, values: readonly unknown[], what: string): Promise<void> => {
    if ((await write(sql, values)) === 0) throw new Error(`No ${what} with id ${String(values[0])}`);
  };

  return {
    transaction,

    getExam: (id) => one('SELECT * FROM exams WHERE id = $1', [id], toExam),
    insertExam: async (row) => void (await write('INSERT INTO exams (id, title, policy, time_zone) VALUES ($1, $2, $3::jsonb, $4)', [row.id, row.title, JSON.stringify(row.policy), row.timeZone])),

    getSitting: (id) => one('SELECT * FROM sittings WHERE id = $1', [id], toSitting),
    listSittings: (examId) => all('SELECT * FROM sittings WHERE exam_id = $1 ORDER BY starts_at, seq', [examId], toSitting),
    insertSitting: async (row) =>
      void (await write('INSERT INTO sittings (id, exam_id, name, starts_at, entry_opens_at, policy) VALUES ($1, $2, $3, $4, $5, $6::jsonb)', [
        row.id,
        row.examId,
        row.name,
        row.startsAt,
        row.entryOpensAt,
        JSON.stringify(row.policy),
      ])),

    listQuestions: (examId) => all('SELECT * FROM questions WHERE exam_id = $1 ORDER BY ord, seq', [examId], toQuestion),
    insertQuestion: async (row) => void (await write('INSERT INTO questions (id, exam_id, ord, text, set_id) VALUES ($1, $2, $3, $4, $5)', [row.id, row.examId, row.order, row.text, row.setId ?? null])),

    getCandidate: (id) => one('SELECT * FROM candidates WHERE id = $1', [id], toCandidate),
    findCandidateByIdNumberHash: (examId, idNumberHash) => one('SELECT * FROM candidates WHERE exam_id = $1 AND id_number_hash = $2', [examId, idNumberHash], toCandidate),
    listCandidates: (sittingId) => all('SELECT * FROM candidates WHERE sitting_id = $1 ORDER BY admission_number COLLATE "C", seq', [sittingId], toCandidate),
    listCandidatesByEvidenceState: (state) => all('SELECT * FROM candidates WHERE evidence_state = $1 ORDER BY seq', [state], toCandidate),
    insertCandidate: async (row) =>
      void (await write(
        `INSERT INTO candidates (${CANDIDATE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
        candidateValues(row),
      )),
    updateCandidate: (row) =>
      update(
        `UPDATE candidates SET (${CANDIDATE_COLUMNS}) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
         WHERE id = $1`,
        candidateValues(row),
        'candidate',
      ),

    getSupervisor: (id) => one('SELECT * FROM supervisors WHERE id = $1', [id], toSupervisor),
    findSupervisorByUsername: (username) => one('SELECT * FROM supervisors WHERE username = $1', [username], toSupervisor),
    insertSupervisor: async (row) =>
      void (await write('INSERT INTO supervisors (id, username, password_hash, exam_ids, sitting_ids, disabled_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)', supervisorValues(row))),

    findSessionByTokenHash: (tokenHash) => one('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash], toSession),
    listSessions: (role, subjectId) => all('SELECT * FROM sessions WHERE role = $1 AND subject_id = $2 ORDER BY created_at, seq', [role, subjectId], toSession),
    insertSession: async (row) =>
      void (await write(
        'INSERT INTO sessions (id, token_hash, role, subject_id, device_key, created_at, last_seen_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        sessionValues(row),
      )),
    updateSession: (row) =>
      update(
        'UPDATE sessions SET token_hash = $2, role = $3, subject_id = $4, device_key = $5, created_at = $6, last_seen_at = $7, revoked_at = $8 WHERE id = $1',
        sessionValues(row),
        'session',
      ),

    findPairing: (code) => one('SELECT * FROM pairings WHERE code = $1', [code], toPairing),
    listPairings: (candidateId) => all('SELECT * FROM pairings WHERE candidate_id = $1 ORDER BY seq', [candidateId], toPairing),
    insertPairing: async (row) => void (await write('INSERT INTO pairings (code, candidate_id, expires_at, used_at, revoked_at) VALUES ($1, $2, $3, $4, $5)', pairingValues(row))),
    updatePairing: (row) =>
      update('UPDATE pairings SET candidate_id = $2, expires_at = $3, used_at = $4, revoked_at = $5 WHERE code = $1', pairingValues(row), 'pairing'),

    insertIncidentIfAbsent: async (row) =>
      (await write(
        `INSERT INTO incidents (candidate_id, id, kind, at, detail, received_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (candidate_id, id) DO NOTHING`,
        [row.candidateId, row.id, row.kind, row.at, row.detail, row.receivedAt],
      )) > 0,
    listIncidents: (candidateId) => all('SELECT * FROM incidents WHERE candidate_id = $1 ORDER BY at, seq', [candidateId], toIncident),

    insertHelpMessageIfAbsent: async (row) =>
      (await write(
        `INSERT INTO help_messages (candidate_id, id, sender, text, at, notice, supervisor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (candidate_id, id) DO NOTHING`,
        [row.candidateId, row.id, row.from, row.text, row.at, row.notice ?? false, row.supervisorId ?? null],
      )) > 0,
    getHelpMessage: (candidateId, id) => one('SELECT * FROM help_messages WHERE candidate_id = $1 AND id = $2', [candidateId, id], toHelpMessage),
    listHelpMessages: (candidateId) => all('SELECT * FROM help_messages WHERE candidate_id = $1 ORDER BY at, seq', [candidateId], toHelpMessage),

    getRecording: (id) => one('SELECT * FROM recordings WHERE id = $1', [id], toRecording),
    listRecordings: (candidateId) => all('SELECT * FROM recordings WHERE candidate_id = $1 ORDER BY created_at, seq', [candidateId], toRecording),
    insertRecording: async (row) =>
      void (await write(
        `INSERT INTO recordings (id, candidate_id, kind, part, mime_type, created_at, real_created_at, abandoned_at, bytes_received, complete,
           client_sha256, server_sha256, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        recordingValues(row),
      )),
    updateRecording: (row) =>
      update(
        `UPDATE recordings SET candidate_id = $2, kind = $3, part = $4, mime_type = $5, created_at = $6, real_created_at = $7, abandoned_at = $8,
           bytes_received = $9, complete = $10, client_sha256 = $11, server_sha256 = $12, duration_ms = $13
         WHERE id = $1`,
        recordingValues(row),
        'recording',
      ),

    insertIntervention: async (row) =>
      void (await write('INSERT INTO interventions (id, candidate_id, supervisor_id, kind, at, minutes, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        row.id,
        row.candidateId,
        row.supervisorId,
        row.kind,
        row.at,
        row.minutes,
        row.reason,
      ])),
    listInterventions: (candidateId) => all('SELECT * FROM interventions WHERE candidate_id = $1 ORDER BY at, seq', [candidateId], toIntervention),
    insertVerdict: async (row) =>
      void (await write('INSERT INTO verdicts (id, candidate_id, supervisor_id, verdict, comment, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        row.id,
        row.candidateId,
        row.supervisorId,
        row.verdict,
        row.comment,
        row.at,
      ])),
    listVerdicts: (candidateId) => all('SELECT * FROM verdicts WHERE candidate_id = $1 ORDER BY at, seq', [candidateId], toVerdict),
    insertRecordingLink: async (row) =>
      void (await write('INSERT INTO recording_links (token_hash, recording_id, supervisor_id, session_id, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        row.tokenHash,
        row.recordingId,
        row.supervisorId,
        row.sessionId,
        row.expiresAt,
      ])),
    findRecordingLink: (tokenHash) => one('SELECT * FROM recording_links WHERE token_hash = $1', [tokenHash], toRecordingLink),

    insertUploadSample: async (row) =>
      void (await write('INSERT INTO upload_samples (candidate_id, kind, at, recorded, acknowledged, lag_since) VALUES ($1, $2, $3, $4, $5, $6)', [
        row.candidateId,
        row.kind,
        row.at,
        row.recorded,
        row.acknowledged,
        row.lagSince,
      ])),
    latestUploadSample: (candidateId, kind) =>
      one('SELECT * FROM upload_samples WHERE candidate_id = $1 AND kind = $2 ORDER BY at DESC, seq DESC LIMIT 1', [candidateId, kind], toUploadSample),
    listUploadSamples: (candidateId) => all('SELECT * FROM upload_samples WHERE candidate_id = $1 ORDER BY at, seq', [candidateId], toUploadSample),

    listExams: () => all('SELECT * FROM exams ORDER BY seq', [], toExam),
    updateExam: (row) => update('UPDATE exams SET title = $2, policy = $3::jsonb, time_zone = $4 WHERE id = $1', [row.id, row.title, JSON.stringify(row.policy), row.timeZone], 'exam'),
    updateSitting: (row) =>
      update(
        'UPDATE sittings SET exam_id = $2, name = $3, starts_at = $4, entry_opens_at = $5, policy = $6::jsonb WHERE id = $1',
        [row.id, row.examId, row.name, row.startsAt, row.entryOpensAt, JSON.stringify(row.policy)],
        'sitting',
      ),
    // One statement (each part sees the rows as they were before it; the foreign keys are checked at its end).
    deleteSitting: async (id) =>
      void (await write(
        `WITH sets AS (SELECT id FROM question_sets WHERE sitting_id = $1),
              questions_gone AS (DELETE FROM questions WHERE set_id IN (SELECT id FROM sets)),
              sets_gone AS (DELETE FROM question_sets WHERE id IN (SELECT id FROM sets))
         DELETE FROM sittings WHERE id = $1`,
        [id],
      )),

    getQuestionSet: (id) => one('SELECT * FROM question_sets WHERE id = $1', [id], toQuestionSet),
    listQuestionSets: (examId) => all('SELECT * FROM question_sets WHERE exam_id = $1 ORDER BY seq', [examId], toQuestionSet),
    insertQuestionSet: async (row) => void (await write('INSERT INTO question_sets (id, exam_id, sitting_id, name) VALUES ($1, $2, $3, $4)', [row.id, row.examId, row.sittingId, row.name])),
    updateQuestionSet: (row) => update('UPDATE question_sets SET exam_id = $2, sitting_id = $3, name = $4 WHERE id = $1', [row.id, row.examId, row.sittingId, row.name], 'question set'),
    deleteQuestionSet: async (id) => void (await write('WITH questions_gone AS (DELETE FROM questions WHERE set_id = $1) DELETE FROM question_sets WHERE id = $1', [id])),
    deleteQuestionsOfSet: async (setId) => void (await write('DELETE FROM questions WHERE set_id = $1', [setId])),

    listSupervisors: () => all('SELECT * FROM supervisors ORDER BY username COLLATE "C", seq', [], toSupervisor),
    updateSupervisor: (row) =>
      update('UPDATE supervisors SET username = $2, password_hash = $3, exam_ids = $4::jsonb, sitting_ids = $5::jsonb, disabled_at = $6 WHERE id = $1', supervisorValues(row), 'supervisor'),

    getAdministrator: (id) => one('SELECT * FROM administrators WHERE id = $1', [id], toAdministrator),
    findAdministratorByUsername: (username) => one('SELECT * FROM administrators WHERE username = $1', [username], toAdministrator),
    insertAdministrator: async (row) =>
      void (await write('INSERT INTO administrators (id, username, password_hash, must_change_password, created_at) VALUES ($1, $2, $3, $4, $5)', [
        row.id,
        row.username,
        row.passwordHash,
        row.mustChangePassword,
        row.createdAt,
      ])),
    updateAdministrator: (row) =>
      update(
        'UPDATE administrators SET username = $2, password_hash = $3, must_change_password = $4, created_at = $5 WHERE id = $1',
        [row.id, row.username, row.passwordHash, row.mustChangePassword, row.createdAt],
        'administrator',
      ),

    insertAudit: async (row) =>
      void (await write(
        'INSERT INTO audit_log (id, at, actor_role, actor_id, actor_name, action, target_type, target_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)',
        [row.id, row.at, row.actorRole, row.actorId, row.actorName, row.action, row.targetType, row.targetId, JSON.stringify(row.detail)],
      )),
    // Newest first in the order recorded; an unknown `before` matches nothing (seq < NULL), so the page is empty.
    listAudit: (query) =>
      all(
        `SELECT * FROM audit_log
         WHERE ($1::text IS NULL OR actor_id = $1) AND ($2::text IS NULL OR action = $2)
           AND ($3::text IS NULL OR seq < (SELECT seq FROM audit_log WHERE id = $3))
         ORDER BY seq DESC LIMIT $4`,
        [query.actorId ?? null, query.action ?? null, query.before ?? null, query.limit],
        toAudit,
      ),

    eraseCandidateTexts: async (candidateId, erased) =>
      void (await write(
        `WITH help AS (UPDATE help_messages SET text = $2 WHERE candidate_id = $1),
              incident_details AS (UPDATE incidents SET detail = NULL WHERE candidate_id = $1),
              intervention_reasons AS (UPDATE interventions SET reason = NULL WHERE candidate_id = $1)
         UPDATE verdicts SET comment = '' WHERE candidate_id = $1`,
        [candidateId, erased],
      )),
    eraseAuditTexts: async (targetId) => void (await write("UPDATE audit_log SET detail = detail - 'text' - 'comment' - 'reason' WHERE target_id = $1", [targetId])),

    countActiveCandidatesByStage: async (seenSince) => {
      const rows = await all(
        `SELECT stage, COUNT(*) AS count FROM candidates c
          WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.role = 'candidate' AND s.subject_id = c.id AND s.revoked_at IS NULL AND s.last_seen_at >= $1)
          GROUP BY stage`,
        [seenSince],
        (row: { stage: ProgressStage; count: number }) => [row.stage, row.count] as const,
      );
      return Object.fromEntries(rows);
    },
    // A candidate's latest sample of a kind is recent enough exactly when it is the latest of their recent ones (or
    // they have none): so only the recent samples are read, not the whole history.
    uploadLagByKind: async (since) => {
      const rows = await all(
        `SELECT kind, SUM(recorded - acknowledged)::bigint AS lag FROM (
           SELECT DISTINCT ON (candidate_id, kind) kind, recorded, acknowledged FROM upload_samples
            WHERE at >= $1
            ORDER BY candidate_id, kind, at DESC, seq DESC
         ) latest
         GROUP BY kind`,
        [since],
        (row: { kind: UploadSampleRow['kind']; lag: number }) => [row.kind, row.lag] as const,
      );
      return Object.fromEntries(rows);
    },

    recordFailure: async (key, at) => void (await write('INSERT INTO failed_attempts (key, at) VALUES ($1, $2)', [key, at])),
    listFailures: (key) => all('SELECT at FROM failed_attempts WHERE key = $1 ORDER BY at, seq', [key], (row: { at: number }) => row.at),
    forgetFailures: async (key, before) => void (await write('DELETE FROM failed_attempts WHERE key = $1 AND ($2::bigint IS NULL OR at < $2)', [key, before ?? null])),
    forgetFailuresBefore: async (before) => void (await write('DELETE FROM failed_attempts WHERE at < $1', [before])),

    insertFaceChallenge: async (row) =>
      void (await write('INSERT INTO face_challenges (id, exam_id, action, expires_at) VALUES ($1, $2, $3, $4)', [row.id, row.examId, row.action, row.expiresAt])),
    // Deleted as it is read: of two servers taking the same challenge at once, one gets it.
    takeFaceChallenge: (id) => one('DELETE FROM face_challenges WHERE id = $1 RETURNING *', [id], toFaceChallenge),
    deleteExpiredFaceChallenges: async (at) => void (await write('DELETE FROM face_challenges WHERE expires_at <= $1', [at])),

    getFaceDescriptor: (candidateId) => one('SELECT * FROM face_descriptors WHERE candidate_id = $1', [candidateId], toFaceDescriptor),
    putFaceDescriptor: async (row) =>
      void (await write(
        `INSERT INTO face_descriptors (candidate_id, photo_file, descriptor, created_at) VALUES ($1, $2, $3::real[], $4)
         ON CONFLICT (candidate_id) DO UPDATE SET photo_file = excluded.photo_file, descriptor = excluded.descriptor, created_at = excluded.created_at`,
        [row.candidateId, row.photoFile, [...row.descriptor], row.createdAt],
      )),
    deleteFaceDescriptor: async (candidateId) => void (await write('DELETE FROM face_descriptors WHERE candidate_id = $1', [candidateId])),
  };
}
