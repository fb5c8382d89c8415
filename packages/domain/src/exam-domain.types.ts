/**
 * The exam domain's ports and interface: what it needs (repository, clock, crypto, face verifier, upload storage)
 * and the one method per route that every HTTP front calls through the dispatcher.
 */
import type * as C from '@examroom/adapters/rest';
import type { RouteName } from '@examroom/adapters/rest';
import type { LivenessAction } from '@examroom/adapters/rest';
import type { Repository, RecordingRow } from './repository.js';
import type { DomainClock, LiveEventBus, Principal } from './dispatcher.types.js';
import type { CandidateArchive, ResultsFormat } from './exam-domain/admin-exports.js';

/** Hashing and randomness; node:crypto (scrypt, SHA-256) in the server, something light in the browser mocks. */
/** What the tus front may do with an upload: the recording, and the most bytes it may hold now. */
export interface AuthorizedUpload {
  readonly recording: RecordingRow;
  readonly quota: number;
}

/** An upload's received bytes, as the tus front reports them. */
export interface UploadProgressReport {
  readonly recordingId: string;
  readonly bytesReceived: number;
}

export interface DomainCrypto {
  /**
   * Password hashing is slow on purpose and asynchronous (the server's scrypt runs on libuv's thread pool), so that
   * a burst of logins does not stall the event loop and every other request with it. A password's hash may be
   * cheaper to compute (`random`) when the password is a generated random one of ≥ 48 bits (the roster's initial
   * passwords): guessing it is hopeless however fast the hash, and 2,000 of them are hashed in seconds rather than
   * minutes. The cost is stored in the hash, so verifyPassword reads either.
   */
  hashPassword(password: string, options?: { readonly random?: boolean }): Promise<string>;
  verifyPassword(password: string, hash: string): Promise<boolean>;
  /**
   * The keyed hash of a normalised ID number (身份证号), as stored for lookups: HMAC-SHA-256 under the server's key
   * in the server, so that the stored value cannot be reversed by trying every possible number without the key.
   */
  idNumberHash(idNumber: string): string;
  /** One-way hash of a bearer token, as stored. */
  hashToken(token: string): string;
  /** A fresh unguessable bearer token (≥ 128 bits). */
  randomToken(): string;
  /** A fresh id with a readable prefix, e.g. `rec_…`; matches the contract's id pattern. */
  randomId(prefix: string): string;
}

/**
 * Recognises a face (the server's runs a face model in a worker thread). Without one, face login answers
 * FACE_LOGIN_UNAVAILABLE; nothing pretends. The domain decides the session: the verifier only compares faces.
 */
export interface FaceVerifier {
  /** `starting` while the models load and warm up (face login answers FACE_LOGIN_STARTING), `failed` when they cannot. */
  status(): FaceVerifierStatus;
  /** The liveness actions it checks, which the challenge picks from (none: face login is unavailable). */
  readonly actions: readonly LivenessAction[];
  /**
   * The descriptor of the one face in an enrolment photo (JPEG or PNG bytes). Rejects FACE_NOT_DETECTED (no face
   * clear, frontal and large enough), FACE_SEVERAL_FACES, FILE_UNREADABLE (not a decodable image).
   */
  describe(photo: Uint8Array): Promise<readonly number[]>;
  /**
   * Compares login frames with an enrolled descriptor and checks the liveness action across them. Rejects
   * FACE_NOT_DETECTED or FACE_SEVERAL_FACES when a frame does not show exactly one usable face, FILE_UNREADABLE.
   */
  verify(request: { readonly frames: readonly Uint8Array[]; readonly enrolled: readonly number[]; readonly action: LivenessAction }): Promise<FaceVerdict>;
  /**
   * The face checks during 开始答题: what one small camera frame shows. `busy` when the verifier is not ready or
   * already has a few frames waiting (the frame is dropped unjudged: the checks are advisory and must not queue up
   * behind many candidates). Rejects FILE_UNREADABLE. A verifier without it does no face checks.
   */
  checkFace?(frame: Uint8Array): Promise<FaceCheckFinding | 'busy'>;
}

/** What one face-check frame shows: one face as it should be, or the incident it raises (exam-domain/face-check.ts). */
export type FaceCheckFinding = 'oneFace' | 'faceMissing' | 'faceSeveral' | 'faceCovered';

export type FaceVerifierStatus = 'starting' | 'ready' | 'failed';

/** What one face login's frames showed: the lowest similarity of a frame to the enrolled face, and whether it passed. */
export interface FaceVerdict {
  /** Every frame at or above the verifier's threshold. */
  readonly matched: boolean;
  /** The frames showed the challenge's action. */
  readonly live: boolean;
  /** The lowest frame's similarity, 0…1 (for the audit and the bench). */
  readonly similarity: number;
}

/** Where recordings' bytes go: tus uploads on disk in the server, memory in the MSW handlers. */
export interface UploadStorage {
  /** Creates the (empty, deferred-length) upload for a new recording. */
  create(recording: RecordingRow): Promise<void>;
  /**
   * Checks a fully received upload against the client's declared length and SHA-256 (UPLOAD_FAILED when bytes are
   * missing, CHECKSUM_MISMATCH when the hash differs), then stores the final file — a WebM made seekable (duration
   * and cues written) — and tells its SHA-256 and duration. The bytes as received are kept too.
   */
  finalize(recording: RecordingRow, declared: { readonly totalBytes: number; readonly sha256: string }): Promise<{ readonly serverSha256: string; readonly durationMs: number | null }>;
  /**
   * Runs a recording's completion while no other server runs one of the same recording (a lock all servers share), so
   * that the one after it reads the recording complete and finalises nothing. Absent with one server: the domain's
   * own queue of completions is enough.
   */
  completeAlone?<T>(recordingId: string, completion: () => Promise<T>): Promise<T>;
}

export interface ExamDomainOptions {
  readonly repo: Repository;
  readonly clock: DomainClock;
  readonly crypto: DomainCrypto;
  readonly faceVerifier?: FaceVerifier;
  readonly uploads?: UploadStorage;
  /** The URL the phone opens for a pairing code (encoded in the QR code). */
  readonly phoneUrl: (code: string) => string;
  /** The tus URL of a recording (absolute path or URL). */
  readonly uploadUrl: (recordingId: string) => string;
  /**
   * The demo exam is seeded: its candidates who log in after their sitting closed entry are moved to a later one
   * (keepDemoSittingOpen), so the demo can be walked however long after start. Off for an institution's exams.
   */
  readonly demo?: boolean;
  /** Readers of the roster's and photos' files beyond CSV, which the domain reads itself (the server's: XLSX, zip). */
  readonly rosterFiles?: RosterFiles;
  /** Where candidates' photos are kept (the server: the data directory's photos/); without it no zip is taken. */
  readonly photos?: PhotoStorage;
  /**
   * The face checks while answering: the server takes at most one camera frame per candidate this often
   * (EXAMROOM_FACE_CHECK_INTERVAL_S; FACE_CHECK_INTERVAL_MS by default); 0 turns them off. They also need a
   * faceVerifier with checkFace.
   */
  readonly faceCheckIntervalMs?: number;
}

/** One row of a roster's sheet: its line in the file (the header is line 1) and its cells' texts. */
export interface SheetRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** One file of a zip archive. */
export interface ZipEntry {
  /** Its name within the archive, folders included, decoded (UTF-8, else GB18030 as Chinese Windows writes it). */
  readonly name: string;
  /** Its bytes; null when it is larger than the reader was allowed to unpack. */
  readonly bytes: Uint8Array | null;
}

/** File formats the domain does not read itself; a front without one answers FILE_TYPE_UNSUPPORTED for it. */
export interface RosterFiles {
  /** The first worksheet of an XLSX workbook, its non-empty rows as texts; rejects FILE_UNREADABLE. */
  readXlsx?(bytes: Uint8Array): Promise<readonly SheetRow[]>;
  /** The files of a zip archive (folders skipped), each unpacked up to `maxEntryBytes`; rejects FILE_UNREADABLE. */
  readZip?(bytes: Uint8Array, maxEntryBytes: number): Promise<readonly ZipEntry[]>;
}

/** Candidates' photos, for face login. */
export interface PhotoStorage {
  /** Stores a candidate's photo (replacing `previous`, their last one) and answers its file name. */
  save(candidateId: string, bytes: Uint8Array, extension: 'jpg' | 'png', previous: string | null): Promise<string>;
  /** A stored photo's bytes (to enrol its face at the first face login); undefined when the file is gone. */
  read?(photoFile: string): Promise<Uint8Array | undefined>;
}

/** Facts about the caller that rules need besides the token. */
export interface CallerInfo {
  /**
   * The client's address: the server's `request.ip`, which is the address behind the university's reverse proxy
   * only when the proxy is trusted (EXAMROOM_TRUST_PROXY); login throttling counts per address.
   */
  readonly ip: string;
  /** The Accept-Language header, for texts an answer carries besides error messages (the roster's report). */
  readonly acceptLanguage?: string | null;
}

/**
 * One method per route of the contract (same names), taking already-validated input. Methods throw ExamError with
 * the contract's codes; the dispatcher turns those into error bodies.
 */
export interface ExamDomain extends LiveEventBus {
  /**
   * The session of a bearer token; throws UNAUTHENTICATED (unknown, missing), SESSION_REVOKED, SESSION_EXPIRED, and
   * EXAM_FINISHED when a finished candidate calls `route` outside ROUTES_AFTER_FINISH. Refreshes lastSeenAt.
   */
  authenticate(token: string | null, route?: RouteName): Promise<Principal>;
  /** A live socket's session as it stands, without using it: when it expires, or throws why it ended. */
  checkSession(principal: Principal): Promise<{ readonly expiresAt: number }>;

  getTime(): C.TimeBody;
  getExam(examId: string): Promise<C.ExamInfoBody>;
  loginWithPassword(body: C.PasswordLogin, caller: CallerInfo): Promise<C.SessionCreatedBody>;
  loginWithFace(body: C.FaceLogin, caller: CallerInfo): Promise<C.SessionCreatedBody>;
  /** 人脸登录's liveness challenge (exam-domain/face-login.ts). */
  faceChallenge(body: C.FaceChallengeRequest, caller: CallerInfo): Promise<C.FaceChallengeBody>;
  logout(principal: Principal): Promise<void>;
  /** Keeps the session alive; a device's report of the bytes it recorded is sampled for upload health. */
  heartbeat(principal: Principal, body?: C.HeartbeatRequest): Promise<void>;

  getMe(principal: Principal): Promise<C.MeBody>;
  saveProgress(principal: Principal, body: C.SaveProgress): Promise<C.ProgressBody>;
  createPairing(principal: Principal): Promise<C.PairingBody>;
  getEvidenceStatus(principal: Principal): Promise<C.EvidenceStatusBody>;
  drawLot(principal: Principal): Promise<C.ProgressBody>;
  enter(principal: Principal): Promise<C.ProgressBody>;
  /** 设备确认, 信息确认, the pledge (R16, R17, R24): recorded with server time, the first kept. */
  confirm(principal: Principal, body: C.ConfirmationRequest): Promise<C.ProgressBody>;
  getQuestions(principal: Principal): Promise<C.QuestionBody[]>;
  reportIncident(principal: Principal, body: C.ReportIncident): Promise<void>;
  finish(principal: Principal, body: C.Finish): Promise<C.ProgressBody>;
  createRecording(principal: Principal, body: C.CreateRecording): Promise<C.RecordingTargetBody>;
  /** Candidate (camera/screen) or phone (evidence) declares a finished upload; idempotent once finalised. */
  completeRecording(principal: Principal, recordingId: string, body: C.CompleteRecording): Promise<C.RecordingBody>;
  /** Gives up an open recording part (its bytes stay), so that the next part of its kind may be created; idempotent. */
  abandonRecording(principal: Principal, recordingId: string): Promise<C.RecordingBody>;
  getHelpMessages(principal: Principal): Promise<C.HelpMessageBody[]>;
  sendHelpMessage(principal: Principal, body: C.SendHelp): Promise<C.HelpMessageBody>;

  /**
   * The phone pairs with the code the PC shows (typed in any case, with spaces or its dash); failed attempts are
   * counted per address (TOO_MANY_ATTEMPTS), a wrong, used, replaced or expired code is PAIRING_FAILED.
   */
  pairPhone(body: C.PhonePair, caller: CallerInfo): Promise<C.SessionCreatedBody>;
  setEvidenceStatus(principal: Principal, body: C.EvidenceUpdate): Promise<C.EvidenceStatusBody>;
  createEvidenceRecording(principal: Principal, body: C.EvidenceRecording): Promise<C.RecordingTargetBody>;

  supervisorLogin(body: C.SupervisorLogin, caller: CallerInfo): Promise<C.SessionCreatedBody>;
  listSittings(principal: Principal): Promise<C.SittingSummaryBody[]>;
  listCandidates(principal: Principal, sittingId: string): Promise<C.CandidateStatusBody[]>;
  getCandidateHelp(principal: Principal, candidateId: string): Promise<C.HelpMessageBody[]>;
  replyHelp(principal: Principal, candidateId: string, body: C.SendHelp): Promise<C.HelpMessageBody>;
  listIncidents(principal: Principal, candidateId: string): Promise<C.IncidentBody[]>;
  listRecordings(principal: Principal, candidateId: string): Promise<C.RecordingBody[]>;
  sendNotice(principal: Principal, sittingId: string, body: C.SendHelp): Promise<C.NoticeSentBody>;
  grantExtraTime(principal: Principal, candidateId: string, body: C.ExtraTime): Promise<C.InterventionResultBody>;
  endInterview(principal: Principal, candidateId: string, body: C.InterventionReason): Promise<C.InterventionResultBody>;
  allowLateEntry(principal: Principal, candidateId: string, body: C.InterventionReason): Promise<C.InterventionResultBody>;
  listInterventions(principal: Principal, candidateId: string): Promise<C.InterventionBody[]>;
  getVerdict(principal: Principal, candidateId: string): Promise<C.VerdictStateBody>;
  setVerdict(principal: Principal, candidateId: string, body: C.SetVerdict): Promise<C.VerdictStateBody>;
  getTimeline(principal: Principal, candidateId: string): Promise<C.TimelineBody>;
  createRecordingLink(principal: Principal, recordingId: string): Promise<C.RecordingLinkBody>;
  /** R7 (exam-domain/virtual-camera.ts): lets the candidate go past 设备确认 with a virtual or filter camera. */
  waiveVirtualCamera(principal: Principal, candidateId: string, body: C.InterventionReason): Promise<C.InterventionResultBody>;
  /**
   * The face checks (exam-domain/face-check.ts): a camera frame of a candidate answering, judged by the face verifier
   * after the answer; raises faceMissing, faceSeveral or faceCovered (at most one of a kind a minute). Answers the
   * interval at once, whatever the frame shows.
   */
  sendFaceCheck(principal: Principal, file: C.UploadedFile): Promise<C.FaceCheckAcceptedBody>;
  /**
   * Not a route: for the front that serves a recording's file (RECORDING_FILE_PATH). The recording, when a
   * supervisor's bearer token or a createRecordingLink link (unknown, expired, or its session ended:
   * RECORDING_LINK_INVALID) opens it for a supervisor who watches its candidate's sitting.
   */
  authorizeRecordingFile(access: { readonly token: string | null; readonly link: string | null }, recordingId: string): Promise<RecordingRow>;

  seedSitting(body: C.SeedSitting): Promise<C.SeededSittingBody>;
  seedAdministrator(body: C.SeedAdministrator): Promise<C.SeededAdministratorBody>;

  // ---- the administrator (exam-domain/admin*.ts) ----
  adminLogin(body: C.AdminLogin, caller: CallerInfo): Promise<C.SessionCreatedBody>;
  changeAdminPassword(principal: Principal, body: C.AdminPassword): Promise<void>;
  adminLogout(principal: Principal): Promise<void>;
  getAdminMe(principal: Principal): Promise<C.AdminMeBody>;
  adminListExams(principal: Principal): Promise<C.AdminExamBody[]>;
  adminCreateExam(principal: Principal, body: C.ExamInputBody): Promise<C.AdminExamBody>;
  adminGetExam(principal: Principal, examId: string): Promise<C.AdminExamBody>;
  adminUpdateExam(principal: Principal, examId: string, body: C.ExamInputBody): Promise<C.AdminExamBody>;
  adminListSittings(principal: Principal, examId: string): Promise<C.AdminSittingBody[]>;
  adminCreateSitting(principal: Principal, examId: string, body: C.SittingInputBody): Promise<C.AdminSittingBody>;
  adminUpdateSitting(principal: Principal, sittingId: string, body: C.SittingInputBody): Promise<C.AdminSittingBody>;
  adminDeleteSitting(principal: Principal, sittingId: string): Promise<void>;
  adminListQuestionSets(principal: Principal, examId: string): Promise<C.QuestionSetBody[]>;
  adminCreateQuestionSet(principal: Principal, examId: string, body: C.QuestionSetInputBody): Promise<C.QuestionSetBody>;
  adminUpdateQuestionSet(principal: Principal, setId: string, body: C.QuestionSetInputBody): Promise<C.QuestionSetBody>;
  adminDeleteQuestionSet(principal: Principal, setId: string): Promise<void>;
  adminListSupervisors(principal: Principal): Promise<C.AdminSupervisorBody[]>;
  adminCreateSupervisor(principal: Principal, body: C.SupervisorInputBody): Promise<C.SupervisorCreatedBody>;
  adminUpdateSupervisor(principal: Principal, supervisorId: string, body: C.SupervisorUpdateBody): Promise<C.AdminSupervisorBody>;
  adminListAudit(principal: Principal, query: C.AuditQueryParams): Promise<C.AuditPageBody>;
  adminListCandidates(principal: Principal, examId: string): Promise<C.AdminCandidateBody[]>;
  adminPreviewRoster(principal: Principal, examId: string, file: C.UploadedFile, caller: CallerInfo): Promise<C.RosterReportBody>;
  adminImportRoster(principal: Principal, examId: string, file: C.UploadedFile): Promise<C.RosterImportedBody>;
  adminImportPhotos(principal: Principal, examId: string, file: C.UploadedFile): Promise<C.PhotosImportedBody>;
  adminUploadCandidatePhoto(principal: Principal, candidateId: string, file: C.UploadedFile): Promise<C.AdminCandidateBody>;

  // ---- the administrator's exports (exam-domain/admin-exports.ts) ----
  /** A sitting's results, one row per candidate; `format` (json by default) is what the audit log records. */
  adminSittingResults(principal: Principal, sittingId: string, format?: ResultsFormat): Promise<C.SittingResultsBody>;
  /** Not a route: what a candidate's archive holds (timeline.json and the complete recordings), for the front that zips it. */
  adminCandidateArchive(principal: Principal, candidateId: string): Promise<CandidateArchive>;
  /**
   * Not a route: a recording an administrator downloads (ADMIN_RECORDING_FILE_PATH), NOT_FOUND when unknown; with
   * `fromStart` (no Range, or one from byte 0) the download is recorded in the audit log.
   */
  adminRecordingFile(principal: Principal, recordingId: string, options: { readonly fromStart: boolean }): Promise<RecordingRow>;

  /**
   * Not a route: the sweep a front runs on a timer (the server every few seconds), raising `evidenceSilent` for every
   * recording phone not heard from for PHONE_SILENT_AFTER_MS during its candidate's interview, told live to the
   * supervisors. Reads of the candidate raise it too, so a front without a timer misses nothing but the live push.
   */
  sweepSilentPhones(): Promise<void>;

  /**
   * For the tus front: the recording a token may upload to, with its quota now (recordingQuota), in one transaction;
   * throws UNAUTHENTICATED, FORBIDDEN or NOT_FOUND. With `uploadEnd` (the byte a PATCH would end at), also
   * RECORDING_TOO_LARGE when that lies beyond the recording's quota.
   */
  authorizeUpload(token: string | null, recordingId: string, uploadEnd?: number): Promise<AuthorizedUpload>;
  /** For the tus front: the most bytes the recording may hold now (duration × the policy's maxBitrateBps + header). */
  recordingQuota(recordingId: string): Promise<number>;
  /**
   * For the tus front: bytes received so far. Reaching the declared length does not complete a recording; only
   * completeRecording does, once the bytes are checked.
   */
  recordUploadProgress(recordingId: string, bytesReceived: number): Promise<void>;
  /**
   * The same for many uploads in one transaction (the tus front writes the counts of hundreds of uploads together
   * every few seconds, not one transaction each). A recording that does not exist is left out.
   */
  recordUploadsProgress(reports: readonly UploadProgressReport[]): Promise<void>;

  /** One candidate's upload health: bytes recorded vs acknowledged over time per kind. */
  getCandidateUploadHealth(principal: Principal, candidateId: string): Promise<C.CandidateUploadHealthBody>;
  /** A sitting's upload health: its totals over time per kind, and every candidate's latest sample. */
  getSittingUploadHealth(principal: Principal, sittingId: string): Promise<C.SittingUploadHealthBody>;
  /**
   * Not a route: for the live-events socket's relay (实时画面). The candidate a supervisor may watch live now: NOT_FOUND
   * when unknown, FORBIDDEN when not of a sitting they watch (or not a supervisor), CANDIDATE_FINISHED once the
   * candidate's interview finished.
   */
  liveViewTarget(principal: Principal, candidateId: string): Promise<{ readonly candidateId: string; readonly sittingId: string; readonly examId: string }>;
}
