/**
 * The domain's Repository on one SQLite file (better-sqlite3 v12): WAL, foreign keys, `user_version` migrations and
 * prepared statements. Rows map 1:1 to the port's row types; JSON only for the policy and a supervisor's exam list.
 * better-sqlite3 answers synchronously: serializeRepository makes the asynchronous port of it, one call or
 * transaction at a time on the one connection (a transaction is BEGIN IMMEDIATE … COMMIT around asynchronous work,
 * which db.transaction() cannot hold).
 */
import Database from 'better-sqlite3';
import { maskIdNumber, normalizeIdNumber, type ProgressStage } from '@examroom/core';
import type {
  AdministratorRow,
  AuditRow,
  QuestionSetRow,
  CandidateRow,
  ExamRow,
  FaceChallengeRow,
  HelpMessageRow,
  InterventionRow,
  RecordingLinkRow,
  UploadSampleRow,
  VerdictRow,
  IncidentRow,
  PairingRow,
  QuestionRow,
  RecordingRow,
  Repository,
  SessionRole,
  SessionRow,
  SittingRow,
  SupervisorRow,
  SyncRepository,
} from '@examroom/domain';
import { serializeRepository } from '@examroom/domain';

/**
 * A step that needs more than SQL: it computes values (the ID numbers' keyed hashes) with what the server knows.
 * Runs inside the step's transaction, with foreign keys off (a table rebuild drops the old table).
 */
export type MigrationStep = (db: Database.Database, tools: MigrationTools) => void;

/** What a computing step may use. */
export interface MigrationTools {
  /** The keyed hash of a normalised ID number (DomainCrypto.idNumberHash). */
  readonly idNumberHash: (idNumber: string) => string;
}

/** Schema steps; step i brings the database from user_version i to i + 1. Append, never edit. Exported for tests. */
export const MIGRATIONS: readonly (string | MigrationStep)[] = [
  `
  CREATE TABLE exams (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    policy      TEXT NOT NULL DEFAULT '{}'
  ) STRICT;

  CREATE TABLE sittings (
    id              TEXT PRIMARY KEY,
    exam_id         TEXT NOT NULL REFERENCES exams(id),
    name            TEXT NOT NULL,
    starts_at       INTEGER NOT NULL,
    entry_opens_at  INTEGER,
    policy          TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX sittings_by_exam ON sittings(exam_id, starts_at);

  CREATE TABLE questions (
    id       TEXT PRIMARY KEY,
    exam_id  TEXT NOT NULL REFERENCES exams(id),
    ord      INTEGER NOT NULL,
    text     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX questions_by_exam ON questions(exam_id, ord);

  CREATE TABLE candidates (
    id                   TEXT PRIMARY KEY,
    exam_id              TEXT NOT NULL REFERENCES exams(id),
    sitting_id           TEXT NOT NULL REFERENCES sittings(id),
    name                 TEXT NOT NULL,
    id_number            TEXT NOT NULL,
    admission_number     TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    stage                TEXT NOT NULL,
    lot                  INTEGER,
    entered_at           INTEGER,
    finished_at          INTEGER,
    finish_reason        TEXT,
    evidence_state       TEXT NOT NULL,
    evidence_updated_at  INTEGER NOT NULL,
    UNIQUE (exam_id, id_number)
  ) STRICT;
  CREATE INDEX candidates_by_sitting ON candidates(sitting_id, admission_number);

  CREATE TABLE supervisors (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    exam_ids       TEXT NOT NULL DEFAULT '[]'
  ) STRICT;

  CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'phone', 'supervisor')),
    subject_id    TEXT NOT NULL,
    device_key    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    revoked_at    INTEGER
  ) STRICT;
  CREATE INDEX sessions_by_subject ON sessions(role, subject_id, created_at);

  CREATE TABLE pairings (
    code          TEXT PRIMARY KEY,
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    expires_at    INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE incidents (
    id            TEXT PRIMARY KEY,
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    kind          TEXT NOT NULL,
    at            INTEGER NOT NULL,
    detail        TEXT,
    received_at   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX incidents_by_candidate ON incidents(candidate_id, at);

  CREATE TABLE help_messages (
    id            TEXT PRIMARY KEY,
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    sender        TEXT NOT NULL CHECK (sender IN ('candidate', 'supervisor')),
    text          TEXT NOT NULL,
    at            INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX help_messages_by_candidate ON help_messages(candidate_id, at);

  CREATE TABLE recordings (
    id              TEXT PRIMARY KEY,
    candidate_id    TEXT NOT NULL REFERENCES candidates(id),
    kind            TEXT NOT NULL CHECK (kind IN ('camera', 'screen', 'evidence')),
    mime_type       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    bytes_received  INTEGER NOT NULL,
    complete        INTEGER NOT NULL,
    client_sha256   TEXT,
    server_sha256   TEXT
  ) STRICT;
  CREATE INDEX recordings_by_candidate ON recordings(candidate_id, created_at);
  `,
  // 2: the finalised file's duration. `complete` now means finalised (checked against the client's SHA-256 by
  // completeRecording), not merely fully received: rows marked complete without a declared checksum were only
  // received, and are marked incomplete so the client's completion call can still finalise them.
  `
  ALTER TABLE recordings ADD COLUMN duration_ms INTEGER;
  UPDATE recordings SET complete = 0 WHERE client_sha256 IS NULL;
  `,
  // 3: every exam has a time zone, the IANA name its times are shown in; exams created before are on Beijing time.
  `
  ALTER TABLE exams ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
  `,
  // 4: a pairing code pairs one phone, once, and a newer code revokes the older unused ones.
  `
  ALTER TABLE pairings ADD COLUMN used_at INTEGER;
  ALTER TABLE pairings ADD COLUMN revoked_at INTEGER;
  CREATE INDEX pairings_by_candidate ON pairings(candidate_id, expires_at);
  `,
  // 5: the confirmations after entering, each with server time (R16, R17, R24), and the pledge text's version.
  `
  ALTER TABLE candidates ADD COLUMN devices_confirmed_at INTEGER;
  ALTER TABLE candidates ADD COLUMN info_confirmed_at INTEGER;
  ALTER TABLE candidates ADD COLUMN pledge_accepted_at INTEGER;
  ALTER TABLE candidates ADD COLUMN pledge_version TEXT;
  `,
  // 6: incident and help message ids are each candidate's own, keyed by (candidate_id, id); recordings
  // gain their part number per kind (existing ones numbered by creation), the machine-clock instant the byte quota
  // counts from (created_at for existing ones) and when a part was abandoned.
  `
  CREATE TABLE incidents_by_candidate_key (
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    id            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    at            INTEGER NOT NULL,
    detail        TEXT,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, id)
  ) STRICT;
  INSERT INTO incidents_by_candidate_key (candidate_id, id, kind, at, detail, received_at)
    SELECT candidate_id, id, kind, at, detail, received_at FROM incidents ORDER BY rowid;
  DROP TABLE incidents;
  ALTER TABLE incidents_by_candidate_key RENAME TO incidents;
  CREATE INDEX incidents_by_candidate ON incidents(candidate_id, at);

  CREATE TABLE help_messages_by_candidate_key (
    candidate_id  TEXT NOT NULL REFERENCES candidates(id),
    id            TEXT NOT NULL,
    sender        TEXT NOT NULL CHECK (sender IN ('candidate', 'supervisor')),
    text          TEXT NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, id)
  ) STRICT;
  INSERT INTO help_messages_by_candidate_key (candidate_id, id, sender, text, at)
    SELECT candidate_id, id, sender, text, at FROM help_messages ORDER BY rowid;
  DROP TABLE help_messages;
  ALTER TABLE help_messages_by_candidate_key RENAME TO help_messages;
  CREATE INDEX help_messages_by_candidate ON help_messages(candidate_id, at);

  ALTER TABLE recordings ADD COLUMN part INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE recordings ADD COLUMN real_created_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE recordings ADD COLUMN abandoned_at INTEGER;
  UPDATE recordings SET real_created_at = created_at, part = (
    SELECT COUNT(*) FROM recordings AS earlier
    WHERE earlier.candidate_id = recordings.candidate_id AND earlier.kind = recordings.kind
      AND (earlier.created_at < recordings.created_at OR (earlier.created_at = recordings.created_at AND earlier.rowid <= recordings.rowid))
  );
  `,
  // 7: the evidence's whole size once the phone stopped (bytes received then + what the phone still held), and the
  // candidates whose phone records, found by the silent-phone sweep without reading every candidate.
  `
  ALTER TABLE candidates ADD COLUMN evidence_bytes_expected INTEGER;
  CREATE INDEX candidates_by_evidence_state ON candidates(evidence_state);
  `,
  // 8: the supervisor console: a candidate's extra time and late entry, supervisors of single sittings,
  // who wrote a supervisor's message and whether it was a notice to the sitting, the interventions and verdicts
  // (each with who and when; verdicts never overwritten, so their history stays), and short-lived recording links.
  `
  ALTER TABLE candidates ADD COLUMN extra_time_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE candidates ADD COLUMN late_entry_allowed_at INTEGER;
  ALTER TABLE supervisors ADD COLUMN sitting_ids TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE help_messages ADD COLUMN notice INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE help_messages ADD COLUMN supervisor_id TEXT;
  CREATE TABLE interventions (
    id             TEXT PRIMARY KEY,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    kind           TEXT NOT NULL CHECK (kind IN ('extraTime', 'endInterview', 'lateEntry')),
    at             INTEGER NOT NULL,
    minutes        INTEGER,
    reason         TEXT
  ) STRICT;
  CREATE INDEX interventions_by_candidate ON interventions(candidate_id, at);
  CREATE TABLE verdicts (
    id             TEXT PRIMARY KEY,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    verdict        TEXT NOT NULL CHECK (verdict IN ('passed', 'doubtful', 'violation')),
    comment        TEXT NOT NULL,
    at             INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX verdicts_by_candidate ON verdicts(candidate_id, at);
  CREATE TABLE recording_links (
    token_hash     TEXT PRIMARY KEY,
    recording_id   TEXT NOT NULL REFERENCES recordings(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    session_id     TEXT NOT NULL REFERENCES sessions(id),
    expires_at     INTEGER NOT NULL
  ) STRICT;
  `,
  // 9: upload health: samples of bytes recorded (as the device reported them) and acknowledged, per candidate and kind.
  `
  CREATE TABLE upload_samples (
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    kind           TEXT NOT NULL CHECK (kind IN ('camera', 'screen', 'phone')),
    at             INTEGER NOT NULL,
    recorded       INTEGER NOT NULL CHECK (recorded >= 0),
    acknowledged   INTEGER NOT NULL CHECK (acknowledged >= 0),
    lag_since      INTEGER
  ) STRICT;
  CREATE INDEX upload_samples_by_candidate ON upload_samples(candidate_id, kind, at);
  `,
  // 10: administration: question sets (of an exam or one sitting) and the questions in them, disabled supervisors,
  // administrators with their one-time password flag, and the audit log. Administrators' sessions have their own
  // table: the sessions table's CHECK names the three roles of step 1, and SQLite changes a CHECK only by rebuilding
  // the table, which recording links reference.
  `
  CREATE TABLE question_sets (
    id          TEXT PRIMARY KEY,
    exam_id     TEXT NOT NULL REFERENCES exams(id),
    sitting_id  TEXT REFERENCES sittings(id),
    name        TEXT NOT NULL
  ) STRICT;
  CREATE INDEX question_sets_by_exam ON question_sets(exam_id);
  ALTER TABLE questions ADD COLUMN set_id TEXT REFERENCES question_sets(id);
  CREATE INDEX questions_by_set ON questions(set_id);
  ALTER TABLE supervisors ADD COLUMN disabled_at INTEGER;
  CREATE TABLE administrators (
    id                    TEXT PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    password_hash         TEXT NOT NULL,
    must_change_password  INTEGER NOT NULL,
    created_at            INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE administrator_sessions (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    subject_id    TEXT NOT NULL REFERENCES administrators(id),
    device_key    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    revoked_at    INTEGER
  ) STRICT;
  CREATE INDEX administrator_sessions_by_subject ON administrator_sessions(subject_id, created_at);
  CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor_role   TEXT NOT NULL CHECK (actor_role IN ('administrator', 'supervisor')),
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX audit_log_by_actor ON audit_log(actor_id);
  CREATE INDEX audit_log_by_action ON audit_log(action);
  `,
  // 11: the ID number (身份证号) is no longer stored in clear: its keyed hash (lookups at login and import) and its
  // masked form (display) replace it, and the candidate has the roster's photo name and the stored photo. The
  // table is rebuilt, since its UNIQUE (exam_id, id_number) keeps SQLite from dropping the column; the check value
  // lets a server started with another key refuse to run rather than fail every login (checkIdNumberKey).
  migrateIdNumbersToKeyedHashes,
  // 12: face login: each candidate's enrolled face, the verifier's descriptor (float32 numbers, little-endian) of the
  // photo it came from.
  `
  CREATE TABLE face_descriptors (
    candidate_id TEXT PRIMARY KEY REFERENCES candidates(id),
    photo_file   TEXT NOT NULL,
    descriptor   BLOB NOT NULL,
    created_at   INTEGER NOT NULL
  ) STRICT;
  `,
  // 13: R7, a supervisor's waiver of a candidate's virtual or filter camera is an intervention of its own kind. The
  // table is rebuilt, since SQLite changes a CHECK only so (nothing references it); rowid order is kept, which
  // listInterventions orders ties by.
  `
  CREATE TABLE interventions_with_waiver (
    id             TEXT PRIMARY KEY,
    candidate_id   TEXT NOT NULL REFERENCES candidates(id),
    supervisor_id  TEXT NOT NULL REFERENCES supervisors(id),
    kind           TEXT NOT NULL CHECK (kind IN ('extraTime', 'endInterview', 'lateEntry', 'virtualCameraWaiver')),
    at             INTEGER NOT NULL,
    minutes        INTEGER,
    reason         TEXT
  ) STRICT;
  INSERT INTO interventions_with_waiver (id, candidate_id, supervisor_id, kind, at, minutes, reason)
    SELECT id, candidate_id, supervisor_id, kind, at, minutes, reason FROM interventions ORDER BY rowid;
  DROP TABLE interventions;
  ALTER TABLE interventions_with_waiver RENAME TO interventions;
  CREATE INDEX interventions_by_candidate ON interventions(candidate_id, at);
  `,
  // 14: state every server must share, kept in the database rather than in one process's memory: the limiters'
  // failed attempts (login throttle, pairing) by key, and face login's open liveness challenges.
  `
  CREATE TABLE failed_attempts (
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX failed_attempts_by_key ON failed_attempts(key, at);
  CREATE INDEX failed_attempts_by_time ON failed_attempts(at);

  CREATE TABLE face_challenges (
    id          TEXT PRIMARY KEY,
    exam_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX face_challenges_by_expiry ON face_challenges(expires_at);
  `,
];

/** The check value of a key: the keyed hash of a fixed text, stored by migration 11. */
const ID_KEY_CHECK_TEXT = 'examroom id number key check';

function migrateIdNumbersToKeyedHashes(db: Database.Database, tools: MigrationTools): void {
  db.exec(`
  CREATE TABLE candidates_keyed (
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
    entered_at               INTEGER,
    finished_at              INTEGER,
    finish_reason            TEXT,
    evidence_state           TEXT NOT NULL,
    evidence_updated_at      INTEGER NOT NULL,
    devices_confirmed_at     INTEGER,
    info_confirmed_at        INTEGER,
    pledge_accepted_at       INTEGER,
    pledge_version           TEXT,
    evidence_bytes_expected  INTEGER,
    extra_time_ms            INTEGER NOT NULL DEFAULT 0,
    late_entry_allowed_at    INTEGER,
    roster_photo_name        TEXT,
    photo_file               TEXT,
    UNIQUE (exam_id, id_number_hash)
  ) STRICT;
  CREATE TABLE id_number_key (check_value TEXT NOT NULL) STRICT;
  `);
  const insert = db.prepare(
    `INSERT INTO candidates_keyed SELECT id, exam_id, sitting_id, name, @hash, @masked, admission_number, password_hash, stage, lot,
       entered_at, finished_at, finish_reason, evidence_state, evidence_updated_at, devices_confirmed_at, info_confirmed_at,
       pledge_accepted_at, pledge_version, evidence_bytes_expected, extra_time_ms, late_entry_allowed_at, NULL, NULL
     FROM candidates WHERE id = @id`,
  );
  for (const row of db.prepare<[], { id: string; id_number: string }>('SELECT id, id_number FROM candidates').all()) {
    const normalized = normalizeIdNumber(row.id_number);
    insert.run({ id: row.id, hash: tools.idNumberHash(normalized), masked: maskIdNumber(normalized) });
  }
  db.exec(`
  DROP TABLE candidates;
  ALTER TABLE candidates_keyed RENAME TO candidates;
  CREATE INDEX candidates_by_sitting ON candidates(sitting_id, admission_number);
  CREATE INDEX candidates_by_evidence_state ON candidates(evidence_state);
  `);
  db.prepare('INSERT INTO id_number_key (check_value) VALUES (?)').run(tools.idNumberHash(ID_KEY_CHECK_TEXT));
}

/**
 * Refuses a key other than the one the stored hashes were made with: every candidate's login would fail, and the
 * roster would import everyone a second time. The key (EXAMROOM_ID_KEY or the data directory's key file) must be
 * kept with the database.
 */
function checkIdNumberKey(db: Database.Database, tools: MigrationTools): void {
  const stored = db.prepare<[], { check_value: string }>('SELECT check_value FROM id_number_key').get();
  if (stored && stored.check_value !== tools.idNumberHash(ID_KEY_CHECK_TEXT)) {
    throw new Error('The ID number key (EXAMROOM_ID_KEY or id-number.key in the data directory) is not the one this database was written with.');
  }
}

export type SqliteRepository = Repository & {
  /** Closes the database file; the repository is unusable afterwards. */
  close(): void;
};

interface FaceChallengeRecord { id: string; exam_id: string; action: string; expires_at: number }
const toFaceChallenge = (r: FaceChallengeRecord): FaceChallengeRow => ({ id: r.id, examId: r.exam_id, action: r.action, expiresAt: r.expires_at });

type Params = Record<string, string | number | bigint | null>;

interface ExamRecord { id: string; title: string; policy: string; time_zone: string }
interface SittingRecord { id: string; exam_id: string; name: string; starts_at: number; entry_opens_at: number | null; policy: string }
interface QuestionRecord { id: string; exam_id: string; ord: number; text: string; set_id: string | null }
interface QuestionSetRecord { id: string; exam_id: string; sitting_id: string | null; name: string }
interface AdministratorRecord { id: string; username: string; password_hash: string; must_change_password: number; created_at: number }
interface AuditRecord {
  id: string;
  at: number;
  actor_role: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  detail: string;
}
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
  evidence_bytes_expected: number | null;
  evidence_updated_at: number;
  devices_confirmed_at: number | null;
  info_confirmed_at: number | null;
  pledge_accepted_at: number | null;
  pledge_version: string | null;
  extra_time_ms: number;
  late_entry_allowed_at: number | null;
  roster_photo_name: string | null;
  photo_file: string | null;
}
interface SupervisorRecord { id: string; username: string; password_hash: string; exam_ids: string; sitting_ids: string; disabled_at: number | null }
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
interface HelpMessageRecord { id: string; candidate_id: string; sender: string; text: string; at: number; notice: number; supervisor_id: string | null }
interface InterventionRecord { id: string; candidate_id: string; supervisor_id: string; kind: string; at: number; minutes: number | null; reason: string | null }
interface VerdictRecord { id: string; candidate_id: string; supervisor_id: string; verdict: string; comment: string; at: number }
interface UploadSampleRecord { candidate_id: string; kind: UploadSampleRow['kind']; at: number; recorded: number; acknowledged: number; lag_since: number | null }
interface RecordingLinkRecord { token_hash: string; recording_id: string; supervisor_id: string; session_id: string; expires_at: number }
interface RecordingRecord {
  id: string;
  candidate_id: string;
  kind: string;
  mime_type: string;
  created_at: number;
  bytes_received: number;
  complete: number;
  client_sha256: string | null;
  server_sha256: string | null;
  duration_ms: number | null;
  part: number;
  real_created_at: number;
  abandoned_at: number | null;
}

// Column strings come from our own CHECKed writes, so narrowing them back to the row unions is safe.
const toExam = (r: ExamRecord): ExamRow => ({ id: r.id, title: r.title, policy: JSON.parse(r.policy) as ExamRow['policy'], timeZone: r.time_zone });
const toSitting = (r: SittingRecord): SittingRow => ({
  id: r.id,
  examId: r.exam_id,
  name: r.name,
  startsAt: r.starts_at,
  entryOpensAt: r.entry_opens_at,
  policy: JSON.parse(r.policy) as SittingRow['policy'],
});
const toQuestion = (r: QuestionRecord): QuestionRow => ({ id: r.id, examId: r.exam_id, order: r.ord, text: r.text, ...(r.set_id !== null ? { setId: r.set_id } : {}) });
const toQuestionSet = (r: QuestionSetRecord): QuestionSetRow => ({ id: r.id, examId: r.exam_id, sittingId: r.sitting_id, name: r.name });
const toAdministrator = (r: AdministratorRecord): AdministratorRow => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  mustChangePassword: r.must_change_password !== 0,
  createdAt: r.created_at,
});
const administratorParams = (row: AdministratorRow): Params => ({
  id: row.id,
  username: row.username,
  passwordHash: row.passwordHash,
  mustChangePassword: row.mustChangePassword ? 1 : 0,
  createdAt: row.createdAt,
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
  detail: JSON.parse(r.detail) as AuditRow['detail'],
});
const supervisorParams = (row: SupervisorRow): Params => ({
  id: row.id,
  username: row.username,
  passwordHash: row.passwordHash,
  examIds: JSON.stringify(row.examIds),
  sittingIds: JSON.stringify(row.sittingIds ?? []),
  disabledAt: row.disabledAt ?? null,
});
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
const toSupervisor = (r: SupervisorRecord): SupervisorRow => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  examIds: JSON.parse(r.exam_ids) as string[],
  // Absent when none, as the memory repository keeps a row written without it.
  ...(r.sitting_ids !== '[]' ? { sittingIds: JSON.parse(r.sitting_ids) as string[] } : {}),
  ...(r.disabled_at !== null ? { disabledAt: r.disabled_at } : {}),
});
/** An administrator's session, from its own table (the role is the table's). */
const toAdministratorSession = (r: Omit<SessionRecord, 'role'>): SessionRow => toSession({ ...r, role: 'administrator' });
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
const toPairing = (r: PairingRecord): PairingRow => ({
  code: r.code,
  candidateId: r.candidate_id,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
});
const pairingParams = (row: PairingRow): Params => ({
  code: row.code,
  candidateId: row.candidateId,
  expiresAt: row.expiresAt,
  usedAt: row.usedAt,
  revokedAt: row.revokedAt,
});
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
const toUploadSample = (r: UploadSampleRecord): UploadSampleRow => ({
  candidateId: r.candidate_id,
  kind: r.kind,
  at: r.at,
  recorded: r.recorded,
  acknowledged: r.acknowledged,
  lagSince: r.lag_since,
});
const toRecordingLink = (r: RecordingLinkRecord): RecordingLinkRow => ({
  tokenHash: r.token_hash,
  recordingId: r.recording_id,
  supervisorId: r.supervisor_id,
  sessionId: r.session_id,
  expiresAt: r.expires_at,
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
  complete: r.complete !== 0,
  clientSha256: r.client_sha256,
  serverSha256: r.server_sha256,
  durationMs: r.duration_ms,
});

const candidateParams = (row: CandidateRow): Params => ({
  id: row.id,
  examId: row.examId,
  sittingId: row.sittingId,
  name: row.name,
  idNumberHash: row.idNumberHash,
  idNumberMasked: row.idNumberMasked,
  admissionNumber: row.admissionNumber,
  rosterPhotoName: row.rosterPhotoName,
  photoFile: row.photoFile,
  passwordHash: row.passwordHash,
  stage: row.stage,
  lot: row.lot,
  enteredAt: row.enteredAt,
  finishedAt: row.finishedAt,
  finishReason: row.finishReason,
  evidenceState: row.evidenceState,
  evidenceUpdatedAt: row.evidenceUpdatedAt,
  evidenceBytesExpected: row.evidenceBytesExpected,
  devicesConfirmedAt: row.devicesConfirmedAt,
  infoConfirmedAt: row.infoConfirmedAt,
  pledgeAcceptedAt: row.pledgeAcceptedAt,
  pledgeVersion: row.pledgeVersion,
  extraTimeMs: row.extraTimeMs,
  lateEntryAllowedAt: row.lateEntryAllowedAt,
});
const sessionParams = (row: SessionRow): Params => ({
  id: row.id,
  tokenHash: row.tokenHash,
  role: row.role,
  subjectId: row.subjectId,
  deviceKey: row.deviceKey,
  createdAt: row.createdAt,
  lastSeenAt: row.lastSeenAt,
  revokedAt: row.revokedAt,
});
const recordingParams = (row: RecordingRow): Params => ({
  id: row.id,
  candidateId: row.candidateId,
  kind: row.kind,
  part: row.part,
  mimeType: row.mimeType,
  createdAt: row.createdAt,
  realCreatedAt: row.realCreatedAt,
  abandonedAt: row.abandonedAt,
  bytesReceived: row.bytesReceived,
  complete: row.complete ? 1 : 0,
  clientSha256: row.clientSha256,
  serverSha256: row.serverSha256,
  durationMs: row.durationMs,
});

/** The step after which the database file is rewritten: the ID numbers in clear must not linger in freed pages. */
const ID_NUMBERS_KEYED_VERSION = 11;

function migrate(db: Database.Database, tools: MigrationTools): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The database schema (version ${current}) is newer than this server (version ${MIGRATIONS.length}).`);
  }
  MIGRATIONS.slice(current).forEach((step, i) => {
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db, tools);
      db.pragma(`user_version = ${current + i + 1}`);
    })();
  });
  // The dropped table's pages keep its bytes until they are reused: rewrite the file (and empty the WAL) so that no
  // clear ID number stays on disk.
  if (current > 0 && current < ID_NUMBERS_KEYED_VERSION && MIGRATIONS.length >= ID_NUMBERS_KEYED_VERSION) {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

/**
 * Opens (creating and migrating when needed) the SQLite file at `file`; `tools.idNumberHash` is the server's keyed
 * hash of ID numbers, which migration 11 computes the stored hashes with and which must stay the same key after.
 */
export function createSqliteRepository(file: string, tools: MigrationTools): SqliteRepository {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // No checkpoint on this (the event loop's) connection: it fsyncs. The server checkpoints from a worker thread
  // (sqlite-checkpointer.ts); a tool that opens the file without one checkpoints when it closes the last connection.
  db.pragma('wal_autocheckpoint = 0');
  // Migrations run with foreign keys off (SQLite ignores the pragma inside a transaction): rebuilding a table drops
  // the old one, which others reference by name; the new one takes its name and its rows' ids.
  db.pragma('foreign_keys = OFF');
  migrate(db, tools);
  db.pragma('foreign_keys = ON');
  checkIdNumberKey(db, tools);

  const one = <R, T>(sql: string, map: (r: R) => T) => {
    const statement = db.prepare<[Params | string], R>(sql);
    return (key: Params | string): T | undefined => {
      const record = statement.get(key);
      return record === undefined ? undefined : map(record);
    };
  };
  const all = <R, T>(sql: string, map: (r: R) => T) => {
    const statement = db.prepare<[Params | string], R>(sql);
    return (key: Params | string): readonly T[] => statement.all(key).map(map);
  };
  /** A list that takes no key: every row of a table. */
  const every = <R, T>(sql: string, map: (r: R) => T) => {
    const statement = db.prepare<[], R>(sql);
    return (): readonly T[] => statement.all().map(map);
  };
  const run = (sql: string) => {
    const statement = db.prepare<[Params]>(sql);
    return (params: Params) => statement.run(params).changes;
  };
  /** Updates must hit an existing row: writing to a missing id is a bug in the caller, not a silent no-op. */
  const update = (sql: string, what: string) => {
    const write = run(sql);
    return (params: Params) => {
      if (write(params) === 0) throw new Error(`No ${what} with id ${String(params.id)}`);
    };
  };

  const q = {
    getExam: one<ExamRecord, ExamRow>('SELECT * FROM exams WHERE id = ?', toExam),
    insertExam: run('INSERT INTO exams (id, title, policy, time_zone) VALUES (@id, @title, @policy, @timeZone)'),

    getSitting: one<SittingRecord, SittingRow>('SELECT * FROM sittings WHERE id = ?', toSitting),
    listSittings: all<SittingRecord, SittingRow>('SELECT * FROM sittings WHERE exam_id = ? ORDER BY starts_at, rowid', toSitting),
    insertSitting: run(
      'INSERT INTO sittings (id, exam_id, name, starts_at, entry_opens_at, policy) VALUES (@id, @examId, @name, @startsAt, @entryOpensAt, @policy)',
    ),

    listQuestions: all<QuestionRecord, QuestionRow>('SELECT * FROM questions WHERE exam_id = ? ORDER BY ord, rowid', toQuestion),
    insertQuestion: run('INSERT INTO questions (id, exam_id, ord, text, set_id) VALUES (@id, @examId, @order, @text, @setId)'),

    getCandidate: one<CandidateRecord, CandidateRow>('SELECT * FROM candidates WHERE id = ?', toCandidate),
    findCandidateByIdNumberHash: one<CandidateRecord, CandidateRow>(
      'SELECT * FROM candidates WHERE exam_id = @examId AND id_number_hash = @idNumberHash',
      toCandidate,
    ),
    listCandidates: all<CandidateRecord, CandidateRow>('SELECT * FROM candidates WHERE sitting_id = ? ORDER BY admission_number, rowid', toCandidate),
    listCandidatesByEvidenceState: all<CandidateRecord, CandidateRow>('SELECT * FROM candidates WHERE evidence_state = ? ORDER BY rowid', toCandidate),
    insertCandidate: run(
      `INSERT INTO candidates (id, exam_id, sitting_id, name, id_number_hash, id_number_masked, admission_number, password_hash, stage, lot, entered_at,
         finished_at, finish_reason, evidence_state, evidence_updated_at, devices_confirmed_at, info_confirmed_at,
         pledge_accepted_at, pledge_version, evidence_bytes_expected, extra_time_ms, late_entry_allowed_at, roster_photo_name, photo_file)
       VALUES (@id, @examId, @sittingId, @name, @idNumberHash, @idNumberMasked, @admissionNumber, @passwordHash, @stage, @lot, @enteredAt,
         @finishedAt, @finishReason, @evidenceState, @evidenceUpdatedAt, @devicesConfirmedAt, @infoConfirmedAt,
         @pledgeAcceptedAt, @pledgeVersion, @evidenceBytesExpected, @extraTimeMs, @lateEntryAllowedAt, @rosterPhotoName, @photoFile)`,
    ),
    updateCandidate: update(
      `UPDATE candidates SET exam_id = @examId, sitting_id = @sittingId, name = @name, id_number_hash = @idNumberHash, id_number_masked = @idNumberMasked,
         roster_photo_name = @rosterPhotoName, photo_file = @photoFile,
         admission_number = @admissionNumber, password_hash = @passwordHash, stage = @stage, lot = @lot, entered_at = @enteredAt,
         finished_at = @finishedAt, finish_reason = @finishReason, evidence_state = @evidenceState,
         evidence_updated_at = @evidenceUpdatedAt, devices_confirmed_at = @devicesConfirmedAt,
         info_confirmed_at = @infoConfirmedAt, pledge_accepted_at = @pledgeAcceptedAt, pledge_version = @pledgeVersion,
         evidence_bytes_expected = @evidenceBytesExpected, extra_time_ms = @extraTimeMs, late_entry_allowed_at = @lateEntryAllowedAt
       WHERE id = @id`,
      'candidate',
    ),

    getSupervisor: one<SupervisorRecord, SupervisorRow>('SELECT * FROM supervisors WHERE id = ?', toSupervisor),
    findSupervisorByUsername: one<SupervisorRecord, SupervisorRow>('SELECT * FROM supervisors WHERE username = ?', toSupervisor),
    insertSupervisor: run(
      'INSERT INTO supervisors (id, username, password_hash, exam_ids, sitting_ids, disabled_at) VALUES (@id, @username, @passwordHash, @examIds, @sittingIds, @disabledAt)',
    ),

    findSessionByTokenHash: one<SessionRecord, SessionRow>('SELECT * FROM sessions WHERE token_hash = ?', toSession),
    listSessions: all<SessionRecord, SessionRow>(
      'SELECT * FROM sessions WHERE role = @role AND subject_id = @subjectId ORDER BY created_at, rowid',
      toSession,
    ),
    insertSession: run(
      `INSERT INTO sessions (id, token_hash, role, subject_id, device_key, created_at, last_seen_at, revoked_at)
       VALUES (@id, @tokenHash, @role, @subjectId, @deviceKey, @createdAt, @lastSeenAt, @revokedAt)`,
    ),
    updateSession: update(
      `UPDATE sessions SET token_hash = @tokenHash, role = @role, subject_id = @subjectId, device_key = @deviceKey,
         created_at = @createdAt, last_seen_at = @lastSeenAt, revoked_at = @revokedAt
       WHERE id = @id`,
      'session',
    ),

    findPairing: one<PairingRecord, PairingRow>('SELECT * FROM pairings WHERE code = ?', toPairing),
    listPairings: all<PairingRecord, PairingRow>('SELECT * FROM pairings WHERE candidate_id = ? ORDER BY rowid', toPairing),
    insertPairing: run(
      'INSERT INTO pairings (code, candidate_id, expires_at, used_at, revoked_at) VALUES (@code, @candidateId, @expiresAt, @usedAt, @revokedAt)',
    ),
    updatePairing: run('UPDATE pairings SET candidate_id = @candidateId, expires_at = @expiresAt, used_at = @usedAt, revoked_at = @revokedAt WHERE code = @code'),

    insertIncidentIfAbsent: run(
      `INSERT INTO incidents (id, candidate_id, kind, at, detail, received_at)
       VALUES (@id, @candidateId, @kind, @at, @detail, @receivedAt) ON CONFLICT (candidate_id, id) DO NOTHING`,
    ),
    listIncidents: all<IncidentRecord, IncidentRow>('SELECT * FROM incidents WHERE candidate_id = ? ORDER BY at, rowid', toIncident),

    insertHelpMessageIfAbsent: run(
      `INSERT INTO help_messages (id, candidate_id, sender, text, at, notice, supervisor_id)
       VALUES (@id, @candidateId, @from, @text, @at, @notice, @supervisorId) ON CONFLICT (candidate_id, id) DO NOTHING`,
    ),
    getHelpMessage: one<HelpMessageRecord, HelpMessageRow>('SELECT * FROM help_messages WHERE candidate_id = @candidateId AND id = @id', toHelpMessage),
    listHelpMessages: all<HelpMessageRecord, HelpMessageRow>(
      'SELECT * FROM help_messages WHERE candidate_id = ? ORDER BY at, rowid',
      toHelpMessage,
    ),

    getRecording: one<RecordingRecord, RecordingRow>('SELECT * FROM recordings WHERE id = ?', toRecording),
    listRecordings: all<RecordingRecord, RecordingRow>('SELECT * FROM recordings WHERE candidate_id = ? ORDER BY created_at, rowid', toRecording),
    insertRecording: run(
      `INSERT INTO recordings (id, candidate_id, kind, mime_type, created_at, bytes_received, complete, client_sha256, server_sha256,
         duration_ms, part, real_created_at, abandoned_at)
       VALUES (@id, @candidateId, @kind, @mimeType, @createdAt, @bytesReceived, @complete, @clientSha256, @serverSha256, @durationMs,
         @part, @realCreatedAt, @abandonedAt)`,
    ),
    updateRecording: update(
      `UPDATE recordings SET candidate_id = @candidateId, kind = @kind, mime_type = @mimeType, created_at = @createdAt,
         bytes_received = @bytesReceived, complete = @complete, client_sha256 = @clientSha256, server_sha256 = @serverSha256,
         duration_ms = @durationMs, part = @part, real_created_at = @realCreatedAt, abandoned_at = @abandonedAt
       WHERE id = @id`,
      'recording',
    ),

    insertIntervention: run(
      `INSERT INTO interventions (id, candidate_id, supervisor_id, kind, at, minutes, reason)
       VALUES (@id, @candidateId, @supervisorId, @kind, @at, @minutes, @reason)`,
    ),
    listInterventions: all<InterventionRecord, InterventionRow>('SELECT * FROM interventions WHERE candidate_id = ? ORDER BY at, rowid', toIntervention),
    insertVerdict: run(
      `INSERT INTO verdicts (id, candidate_id, supervisor_id, verdict, comment, at)
       VALUES (@id, @candidateId, @supervisorId, @verdict, @comment, @at)`,
    ),
    listVerdicts: all<VerdictRecord, VerdictRow>('SELECT * FROM verdicts WHERE candidate_id = ? ORDER BY at, rowid', toVerdict),
    insertRecordingLink: run(
      `INSERT INTO recording_links (token_hash, recording_id, supervisor_id, session_id, expires_at)
       VALUES (@tokenHash, @recordingId, @supervisorId, @sessionId, @expiresAt)`,
    ),
    findRecordingLink: one<RecordingLinkRecord, RecordingLinkRow>('SELECT * FROM recording_links WHERE token_hash = ?', toRecordingLink),
    insertUploadSample: run(
      `INSERT INTO upload_samples (candidate_id, kind, at, recorded, acknowledged, lag_since)
       VALUES (@candidateId, @kind, @at, @recorded, @acknowledged, @lagSince)`,
    ),
    latestUploadSample: one<UploadSampleRecord, UploadSampleRow>(
      'SELECT * FROM upload_samples WHERE candidate_id = @candidateId AND kind = @kind ORDER BY at DESC, rowid DESC LIMIT 1',
      toUploadSample,
    ),
    listUploadSamples: all<UploadSampleRecord, UploadSampleRow>('SELECT * FROM upload_samples WHERE candidate_id = ? ORDER BY at, rowid', toUploadSample),

    listExams: every<ExamRecord, ExamRow>('SELECT * FROM exams ORDER BY rowid', toExam),
    updateExam: update('UPDATE exams SET title = @title, policy = @policy, time_zone = @timeZone WHERE id = @id', 'exam'),
    updateSitting: update(
      'UPDATE sittings SET exam_id = @examId, name = @name, starts_at = @startsAt, entry_opens_at = @entryOpensAt, policy = @policy WHERE id = @id',
      'sitting',
    ),
    deleteSitting: run('DELETE FROM sittings WHERE id = @id'),
    deleteSittingQuestions: run('DELETE FROM questions WHERE set_id IN (SELECT id FROM question_sets WHERE sitting_id = @id)'),
    deleteSittingSets: run('DELETE FROM question_sets WHERE sitting_id = @id'),

    getQuestionSet: one<QuestionSetRecord, QuestionSetRow>('SELECT * FROM question_sets WHERE id = ?', toQuestionSet),
    listQuestionSets: all<QuestionSetRecord, QuestionSetRow>('SELECT * FROM question_sets WHERE exam_id = ? ORDER BY rowid', toQuestionSet),
    insertQuestionSet: run('INSERT INTO question_sets (id, exam_id, sitting_id, name) VALUES (@id, @examId, @sittingId, @name)'),
    updateQuestionSet: update('UPDATE question_sets SET exam_id = @examId, sitting_id = @sittingId, name = @name WHERE id = @id', 'question set'),
    deleteQuestionSet: run('DELETE FROM question_sets WHERE id = @id'),
    deleteQuestionsOfSet: run('DELETE FROM questions WHERE set_id = @setId'),

    listSupervisors: every<SupervisorRecord, SupervisorRow>('SELECT * FROM supervisors ORDER BY username, rowid', toSupervisor),
    updateSupervisor: update(
      'UPDATE supervisors SET username = @username, password_hash = @passwordHash, exam_ids = @examIds, sitting_ids = @sittingIds, disabled_at = @disabledAt WHERE id = @id',
      'supervisor',
    ),

    getAdministrator: one<AdministratorRecord, AdministratorRow>('SELECT * FROM administrators WHERE id = ?', toAdministrator),
    findAdministratorByUsername: one<AdministratorRecord, AdministratorRow>('SELECT * FROM administrators WHERE username = ?', toAdministrator),
    insertAdministrator: run(
      `INSERT INTO administrators (id, username, password_hash, must_change_password, created_at)
       VALUES (@id, @username, @passwordHash, @mustChangePassword, @createdAt)`,
    ),
    updateAdministrator: update(
      'UPDATE administrators SET username = @username, password_hash = @passwordHash, must_change_password = @mustChangePassword, created_at = @createdAt WHERE id = @id',
      'administrator',
    ),

    findAdministratorSession: one<Omit<SessionRecord, 'role'>, SessionRow>('SELECT * FROM administrator_sessions WHERE token_hash = ?', toAdministratorSession),
    listAdministratorSessions: all<Omit<SessionRecord, 'role'>, SessionRow>(
      'SELECT * FROM administrator_sessions WHERE subject_id = ? ORDER BY created_at, rowid',
      toAdministratorSession,
    ),
    insertAdministratorSession: run(
      `INSERT INTO administrator_sessions (id, token_hash, subject_id, device_key, created_at, last_seen_at, revoked_at)
       VALUES (@id, @tokenHash, @subjectId, @deviceKey, @createdAt, @lastSeenAt, @revokedAt)`,
    ),
    updateAdministratorSession: update(
      `UPDATE administrator_sessions SET token_hash = @tokenHash, subject_id = @subjectId, device_key = @deviceKey,
         created_at = @createdAt, last_seen_at = @lastSeenAt, revoked_at = @revokedAt
       WHERE id = @id`,
      'administrator session',
    ),

    insertAudit: run(
      `INSERT INTO audit_log (id, at, actor_role, actor_id, actor_name, action, target_type, target_id, detail)
       VALUES (@id, @at, @actorRole, @actorId, @actorName, @action, @targetType, @targetId, @detail)`,
    ),
    // Newest first in the order recorded (rowid); an unknown `before` matches nothing, so the page is empty.
    listAudit: all<AuditRecord, AuditRow>(
      `SELECT * FROM audit_log
       WHERE (@actorId IS NULL OR actor_id = @actorId) AND (@action IS NULL OR action = @action)
         AND (@before IS NULL OR rowid < (SELECT rowid FROM audit_log WHERE id = @before))
       ORDER BY rowid DESC LIMIT @limit`,
      toAudit,
    ),

    eraseHelpTexts: run('UPDATE help_messages SET text = @erased WHERE candidate_id = @candidateId'),
    eraseIncidentDetails: run('UPDATE incidents SET detail = NULL WHERE candidate_id = @candidateId'),
    eraseInterventionReasons: run('UPDATE interventions SET reason = NULL WHERE candidate_id = @candidateId'),
    eraseVerdictComments: run("UPDATE verdicts SET comment = '' WHERE candidate_id = @candidateId"),
    eraseAuditTexts: run("UPDATE audit_log SET detail = json_remove(detail, '$.text', '$.comment', '$.reason') WHERE target_id = @targetId"),
    countActiveCandidatesByStage: all<{ stage: ProgressStage; count: number }, { stage: ProgressStage; count: number }>(
      `SELECT stage, COUNT(*) AS count FROM candidates
        WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.role = 'candidate' AND s.subject_id = candidates.id AND s.revoked_at IS NULL AND s.last_seen_at >= @seenSince)
        GROUP BY stage`,
      (row) => row,
    ),
    uploadLagByKind: all<{ kind: UploadSampleRow['kind']; lag: number }, { kind: UploadSampleRow['kind']; lag: number }>(
      `SELECT kind, SUM(recorded - acknowledged) AS lag FROM upload_samples u
        WHERE at >= @since AND rowid = (SELECT v.rowid FROM upload_samples v WHERE v.candidate_id = u.candidate_id AND v.kind = u.kind ORDER BY v.at DESC, v.rowid DESC LIMIT 1)
        GROUP BY kind`,
      (row) => row,
    ),

    recordFailure: run('INSERT INTO failed_attempts (key, at) VALUES (@key, @at)'),
    listFailures: all<{ at: number }, number>('SELECT at FROM failed_attempts WHERE key = ? ORDER BY at, rowid', (row) => row.at),
    forgetFailures: run('DELETE FROM failed_attempts WHERE key = @key AND (@before IS NULL OR at < @before)'),
    forgetFailuresBefore: run('DELETE FROM failed_attempts WHERE at < @before'),

    insertFaceChallenge: run('INSERT INTO face_challenges (id, exam_id, action, expires_at) VALUES (@id, @examId, @action, @expiresAt)'),
    takeFaceChallenge: one<FaceChallengeRecord, FaceChallengeRow>('DELETE FROM face_challenges WHERE id = ? RETURNING *', toFaceChallenge),
    deleteExpiredFaceChallenges: run('DELETE FROM face_challenges WHERE expires_at <= @at'),
  };

  /** Face descriptors as float32 BLOBs (4 KB for human's 1024 numbers), outside `q`: their BLOB is no Params value. */
  const faceDescriptors = {
    get: db.prepare<[string], { candidate_id: string; photo_file: string; descriptor: Buffer; created_at: number }>('SELECT * FROM face_descriptors WHERE candidate_id = ?'),
    put: db.prepare<[{ candidateId: string; photoFile: string; descriptor: Buffer; createdAt: number }]>(
      `INSERT INTO face_descriptors (candidate_id, photo_file, descriptor, created_at) VALUES (@candidateId, @photoFile, @descriptor, @createdAt)
       ON CONFLICT (candidate_id) DO UPDATE SET photo_file = excluded.photo_file, descriptor = excluded.descriptor, created_at = excluded.created_at`,
    ),
    delete: db.prepare<[string]>('DELETE FROM face_descriptors WHERE candidate_id = ?'),
  };

  /** The sessions of both tables: the role says which (administrators' have their own, see migration 9). */
  const sessionParamsWithoutRole = (row: SessionRow): Params => {
    const { role: _role, ...rest } = sessionParams(row);
    return rest;
  };

  const sync: SyncRepository = {
    getExam: (id) => q.getExam(id),
    insertExam: (row) => void q.insertExam({ id: row.id, title: row.title, policy: JSON.stringify(row.policy), timeZone: row.timeZone }),

    getSitting: (id) => q.getSitting(id),
    listSittings: (examId) => q.listSittings(examId),
    insertSitting: (row) =>
      void q.insertSitting({
        id: row.id,
        examId: row.examId,
        name: row.name,
        startsAt: row.startsAt,
        entryOpensAt: row.entryOpensAt,
        policy: JSON.stringify(row.policy),
      }),

    listQuestions: (examId) => q.listQuestions(examId),
    insertQuestion: (row) => void q.insertQuestion({ id: row.id, examId: row.examId, order: row.order, text: row.text, setId: row.setId ?? null }),

    getCandidate: (id) => q.getCandidate(id),
    findCandidateByIdNumberHash: (examId, idNumberHash) => q.findCandidateByIdNumberHash({ examId, idNumberHash }),
    listCandidates: (sittingId) => q.listCandidates(sittingId),
    listCandidatesByEvidenceState: (state) => q.listCandidatesByEvidenceState(state),
    insertCandidate: (row) => void q.insertCandidate(candidateParams(row)),
    updateCandidate: (row) => q.updateCandidate(candidateParams(row)),

    getSupervisor: (id) => q.getSupervisor(id),
    findSupervisorByUsername: (username) => q.findSupervisorByUsername(username),
    insertSupervisor: (row) => void q.insertSupervisor(supervisorParams(row)),

    findSessionByTokenHash: (tokenHash) => q.findSessionByTokenHash(tokenHash) ?? q.findAdministratorSession(tokenHash),
    listSessions: (role, subjectId) => (role === 'administrator' ? q.listAdministratorSessions(subjectId) : q.listSessions({ role, subjectId })),
    insertSession: (row) => void (row.role === 'administrator' ? q.insertAdministratorSession(sessionParamsWithoutRole(row)) : q.insertSession(sessionParams(row))),
    updateSession: (row) => (row.role === 'administrator' ? q.updateAdministratorSession(sessionParamsWithoutRole(row)) : q.updateSession(sessionParams(row))),

    findPairing: (code) => q.findPairing(code),
    listPairings: (candidateId) => q.listPairings(candidateId),
    insertPairing: (row) => void q.insertPairing(pairingParams(row)),
    updatePairing: (row) => {
      if (q.updatePairing(pairingParams(row)) === 0) throw new Error(`No pairing with code ${row.code}`);
    },

    insertIncidentIfAbsent: (row) =>
      q.insertIncidentIfAbsent({
        id: row.id,
        candidateId: row.candidateId,
        kind: row.kind,
        at: row.at,
        detail: row.detail,
        receivedAt: row.receivedAt,
      }) > 0,
    listIncidents: (candidateId) => q.listIncidents(candidateId),

    insertHelpMessageIfAbsent: (row) =>
      q.insertHelpMessageIfAbsent({
        id: row.id,
        candidateId: row.candidateId,
        from: row.from,
        text: row.text,
        at: row.at,
        notice: row.notice ? 1 : 0,
        supervisorId: row.supervisorId ?? null,
      }) > 0,
    getHelpMessage: (candidateId, id) => q.getHelpMessage({ candidateId, id }),
    listHelpMessages: (candidateId) => q.listHelpMessages(candidateId),

    getRecording: (id) => q.getRecording(id),
    listRecordings: (candidateId) => q.listRecordings(candidateId),
    insertRecording: (row) => void q.insertRecording(recordingParams(row)),
    updateRecording: (row) => q.updateRecording(recordingParams(row)),

    insertIntervention: (row) => void q.insertIntervention({ ...row }),
    listInterventions: (candidateId) => q.listInterventions(candidateId),
    insertVerdict: (row) => void q.insertVerdict({ ...row }),
    listVerdicts: (candidateId) => q.listVerdicts(candidateId),
    insertRecordingLink: (row) => void q.insertRecordingLink({ ...row }),
    findRecordingLink: (tokenHash) => q.findRecordingLink(tokenHash),
    insertUploadSample: (row) => void q.insertUploadSample({ ...row }),
    latestUploadSample: (candidateId, kind) => q.latestUploadSample({ candidateId, kind }),
    listUploadSamples: (candidateId) => q.listUploadSamples(candidateId),

    listExams: () => q.listExams(),
    updateExam: (row) => q.updateExam({ id: row.id, title: row.title, policy: JSON.stringify(row.policy), timeZone: row.timeZone }),
    updateSitting: (row) =>
      q.updateSitting({
        id: row.id,
        examId: row.examId,
        name: row.name,
        startsAt: row.startsAt,
        entryOpensAt: row.entryOpensAt,
        policy: JSON.stringify(row.policy),
      }),
    deleteSitting: (id) => {
      q.deleteSittingQuestions({ id });
      q.deleteSittingSets({ id });
      q.deleteSitting({ id });
    },

    getQuestionSet: (id) => q.getQuestionSet(id),
    listQuestionSets: (examId) => q.listQuestionSets(examId),
    insertQuestionSet: (row) => void q.insertQuestionSet({ ...row }),
    updateQuestionSet: (row) => q.updateQuestionSet({ ...row }),
    deleteQuestionSet: (id) => {
      q.deleteQuestionsOfSet({ setId: id });
      q.deleteQuestionSet({ id });
    },
    deleteQuestionsOfSet: (setId) => void q.deleteQuestionsOfSet({ setId }),

    listSupervisors: () => q.listSupervisors(),
    updateSupervisor: (row) => q.updateSupervisor(supervisorParams(row)),

    getAdministrator: (id) => q.getAdministrator(id),
    findAdministratorByUsername: (username) => q.findAdministratorByUsername(username),
    insertAdministrator: (row) => void q.insertAdministrator(administratorParams(row)),
    updateAdministrator: (row) => q.updateAdministrator(administratorParams(row)),

    insertAudit: (row) => void q.insertAudit({ ...row, detail: JSON.stringify(row.detail) }),
    listAudit: (query) => q.listAudit({ actorId: query.actorId ?? null, action: query.action ?? null, before: query.before ?? null, limit: query.limit }),

    eraseCandidateTexts: (candidateId, erased) =>
      db.transaction(() => {
        q.eraseHelpTexts({ candidateId, erased });
        q.eraseIncidentDetails({ candidateId });
        q.eraseInterventionReasons({ candidateId });
        q.eraseVerdictComments({ candidateId });
      })(),
    eraseAuditTexts: (targetId) => void q.eraseAuditTexts({ targetId }),

    countActiveCandidatesByStage: (seenSince) => Object.fromEntries(q.countActiveCandidatesByStage({ seenSince }).map((row) => [row.stage, row.count])),
    uploadLagByKind: (since) => Object.fromEntries(q.uploadLagByKind({ since }).map((row) => [row.kind, row.lag])),

    getFaceDescriptor(candidateId) {
      const r = faceDescriptors.get.get(candidateId);
      if (!r) return undefined;
      const floats = new Float32Array(r.descriptor.buffer.slice(r.descriptor.byteOffset, r.descriptor.byteOffset + r.descriptor.byteLength));
      return { candidateId: r.candidate_id, photoFile: r.photo_file, descriptor: Array.from(floats), createdAt: r.created_at };
    },
    putFaceDescriptor(row) {
      const floats = Float32Array.from(row.descriptor);
      faceDescriptors.put.run({ candidateId: row.candidateId, photoFile: row.photoFile, descriptor: Buffer.from(floats.buffer), createdAt: row.createdAt });
    },
    deleteFaceDescriptor: (candidateId) => void faceDescriptors.delete.run(candidateId),

    recordFailure: (key, at) => void q.recordFailure({ key, at }),
    listFailures: (key) => q.listFailures(key),
    forgetFailures: (key, before) => void q.forgetFailures({ key, before: before ?? null }),
    forgetFailuresBefore: (before) => void q.forgetFailuresBefore({ before }),

    insertFaceChallenge: (row) => void q.insertFaceChallenge({ ...row }),
    takeFaceChallenge: (id) => q.takeFaceChallenge(id),
    deleteExpiredFaceChallenges: (at) => void q.deleteExpiredFaceChallenges({ at }),
  };

  // IMMEDIATE takes the write lock at once: another process writing the file makes BEGIN wait (busy_timeout) rather
  // than fail the transaction half-way at its first write.
  const repository = serializeRepository(sync, {
    begin: () => db.exec('BEGIN IMMEDIATE'),
    commit: () => db.exec('COMMIT'),
    rollback: () => {
      // A failed statement may have ended the transaction already (SQLite rolls back on some errors by itself).
      if (db.inTransaction) db.exec('ROLLBACK');
    },
  });
  return Object.assign(repository, {
    close: () => {
      if (db.open) db.close();
    },
  });
}
