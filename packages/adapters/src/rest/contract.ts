/**
 * The examroom REST contract, version 1: every request and response schema in one place (TypeBox, so each schema
 * is both JSON Schema and a TypeScript type), the route table, and the error body. The REST client, the MSW
 * handlers, the reference server and the OpenAPI document are all built from this module.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  CLIENT_FINISH_REASONS,
  CONFIRMATION_KINDS,
  ERROR_CODES,
  PHONE_SILENT_AFTER_MS,
  PHOTO_MAX_BYTES,
  PHOTOS_MAX_BYTES,
  PHOTOS_MEDIA_TYPES,
  PROGRESS_STAGES,
  ROSTER_COLUMNS,
  ROSTER_MAX_BYTES,
  ROSTER_MEDIA_TYPES,
  ROSTER_PROBLEMS,
} from '@examroom/core';

export const API_PREFIX = '/api/v1';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'An opaque id (letters, digits, - and _).' });
const Instant = Type.Integer({ minimum: 0, description: 'Server time, epoch milliseconds.' });
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

// ---- errors ----

export const ErrorCodeSchema = literals(ERROR_CODES);

/** Every error response: a stable code and a message in the caller's language (Accept-Language). */
export const ErrorBody = Type.Object(
  {
    code: ErrorCodeSchema,
    message: Type.String(),
    opensAt: Type.Optional(Instant),
    retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
    field: Type.Optional(Type.String()),
    recordingId: Type.Optional(Type.String({ description: 'RECORDING_ALREADY_OPEN: the part still open.' })),
  },
  { $id: 'ErrorBody', examples: [{ code: 'INVALID_CREDENTIALS', message: '身份证号或密码不正确。' }] },
);
export type ErrorBody = Static<typeof ErrorBody>;

// ---- domain shapes (mirror @examroom/core's port types) ----

export const Policy = Type.Object({
  loginOpensBeforeStartMs: Type.Optional(Type.Integer({ minimum: 0 })),
  entryOpensBeforeStartMs: Type.Optional(Type.Integer({ minimum: 0 })),
  lateEntryCutoffMs: Type.Optional(Type.Integer({ minimum: 0 })),
  answerMs: Type.Optional(Type.Integer({ minimum: 1 })),
  evidenceDueAfterEndMs: Type.Optional(Type.Integer({ minimum: 0 })),
  requireEvidence: Type.Optional(Type.Boolean()),
  maxBitrateBps: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Bits per second a recording may average since it was created (default 10 Mbit/s); beyond it a tus PATCH answers 413 RECORDING_TOO_LARGE.' }),
  ),
  faceLogin: Type.Optional(Type.Boolean({ description: 'Whether 人脸登录 is offered (default true); off, POST /sessions/face answers FACE_LOGIN_UNAVAILABLE for the exam. Read from the exam’s policy.' })),
});

export const Sitting = Type.Object({
  id: Id,
  name: Text(100),
  startsAt: Instant,
  entryOpensAt: Type.Optional(Instant),
  policy: Type.Optional(Policy),
});

/** An IANA time zone name: the pages show the exam's times in it, whatever the browser's own zone. */
const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$', description: 'An IANA time zone, e.g. Asia/Shanghai.' });

export const ExamInfo = Type.Object({ id: Id, title: Text(200), sittings: Type.Array(Sitting), policy: Policy, timeZone: TimeZone });

export const Candidate = Type.Object({
  id: Id,
  name: Text(100),
  idNumberMasked: Type.String(),
  admissionNumber: Type.String(),
  photoUrl: Type.Optional(Type.String()),
});

export const ProgressStage = literals(PROGRESS_STAGES);
/** Why an interview ended; endedBySupervisor only through a supervisor's POST /supervisor/candidates/:id/end. */
export const FinishReason = literals([...CLIENT_FINISH_REASONS, 'endedBySupervisor'] as const);

export const Progress = Type.Object({
  stage: ProgressStage,
  lot: Nullable(Type.Integer({ minimum: 1 })),
  enteredAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  finishReason: Nullable(FinishReason),
  /** Server time of 设备确认 (R16), 信息确认 (R17) and of accepting the 考试承诺书 (R17, R24), or null. */
  devicesConfirmedAt: Nullable(Instant),
  infoConfirmedAt: Nullable(Instant),
  pledgeAcceptedAt: Nullable(Instant),
  pledgeVersion: Nullable(Type.String({ description: 'The version of the pledge text accepted, or null.' })),
});

export const Me = Type.Object({ candidate: Candidate, exam: ExamInfo, sitting: Sitting, progress: Progress });

export const Pairing = Type.Object({
  code: Type.String({
    description: 'The code as shown to be typed on the phone: 8 characters of ABCDEFGHJKMNPQRSTUVWXYZ23456789 in two groups, `ABCD-EFGH`. Single-use.',
  }),
  url: Type.String({ description: 'The link the QR code encodes: the phone page with the code in its fragment, `…/phone#code=ABCD-EFGH` (never sent to a server).' }),
  expiresAt: Instant,
});

export const EvidenceState = literals(['waitingForPhone', 'phoneConnected', 'roomScanned', 'recording', 'stopped', 'uploaded'] as const);
export const EvidenceStatus = Type.Object({
  state: EvidenceState,
  updatedAt: Instant,
  phoneReplacedAt: Type.Optional(
    Type.Integer({ minimum: 0, description: 'When a new pairing code last paired another phone in place of the previous one (whose session was revoked with PHONE_REPLACED).' }),
  ),
  bytesReceived: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Bytes of evidence the server holds, over every evidence part of the candidate; absent before the first part.' }),
  ),
  bytesExpected: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'The whole evidence in bytes, known once the phone reported `stopped` with `bytesPending`: bytesReceived then plus bytesPending. Absent before.',
    }),
  ),
  phoneSeenAt: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: `Server time of the phone session's last request (heartbeat, report, upload); absent before pairing. A phone in \`recording\` not heard from for ${PHONE_SILENT_AFTER_MS / 1000} s is silent (evidenceSilent).`,
    }),
  ),
});

export const Question = Type.Object({ id: Id, order: Type.Integer({ minimum: 1 }), text: Type.String() });

/** Incidents a candidate's page reports. */
const REPORTED_INCIDENT_KINDS = [
  'windowBlur',
  'pageHidden',
  'fullscreenExit',
  'clipboard',
  'printScreen',
  'deviceRemoved',
  'externalDisplay',
  'screenShareEnded',
  'cameraEnded',
  'offline',
  'online',
  'storageLow',
  // R7: the server refused 设备确认 with a virtual or filter camera; the detail is the camera's label.
  'virtualCamera',
] as const;
export const ReportedIncidentKind = literals(REPORTED_INCIDENT_KINDS);
/**
 * The face checks' incidents, raised by the server from the camera frames the page sends while answering
 * (POST /me/face-check): no face in view, several faces, the face covered. Advisory; never end the interview.
 */
export const FACE_CHECK_INCIDENT_KINDS = ['faceMissing', 'faceSeveral', 'faceCovered'] as const;
/**
 * Every incident a supervisor sees: the reported ones and the server's own — evidenceLate (R30's due time passed),
 * evidenceStopped (the phone stopped during the interview), evidenceSilent (a recording phone not heard from for a minute).
 */
export const IncidentKind = literals([...REPORTED_INCIDENT_KINDS, 'evidenceLate', 'evidenceStopped', 'evidenceSilent', ...FACE_CHECK_INCIDENT_KINDS] as const);

export const Incident = Type.Object(
  {
    id: Id,
    kind: IncidentKind,
    at: Instant,
    detail: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** What a candidate's page may report: the server's own kinds are not among them. */
export const ReportIncidentBody = Type.Object(
  {
    id: Id,
    kind: ReportedIncidentKind,
    at: Instant,
    detail: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const HelpMessage = Type.Object({
  id: Id,
  from: literals(['candidate', 'supervisor'] as const),
  text: Text(2000),
  at: Instant,
  notice: Type.Optional(Type.Boolean({ description: 'A supervisor’s notice to the whole sitting (POST /supervisor/sittings/:id/notices), present and true only then.' })),
});

export const RecordingKind = literals(['camera', 'screen', 'evidence'] as const);
export const MimeType = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z]+/[A-Za-z0-9.+-]+(;[ A-Za-z0-9=.,+-]*)?$' });

export const RecordingTarget = Type.Object({ recordingId: Id, uploadUrl: Type.String() });

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Lower-case hex SHA-256.' });

export const Recording = Type.Object({
  id: Id,
  kind: RecordingKind,
  /** 1 for a candidate's first recording of this kind, 2 for the next (after a reload, a new screen share), … */
  part: Type.Integer({ minimum: 1 }),
  /** Set when the part was given up unfinished (POST /recordings/:id/abandon); the bytes received stay. */
  abandonedAt: Type.Optional(Instant),
  mimeType: MimeType,
  createdAt: Instant,
  bytesReceived: Type.Integer({ minimum: 0 }),
  complete: Type.Boolean(),
  /** The SHA-256 the client computed over the recording as recorded, once declared. */
  clientSha256: Type.Optional(Sha256),
  /** The SHA-256 of the stored file after it was made seekable (duration and cues written), once finalised. */
  serverSha256: Type.Optional(Sha256),
  /** Duration in ms read from the finalised file, when it is a WebM. */
  durationMs: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const CandidateSchedule = Type.Object(
  {
    loginOpensAt: Instant,
    entryOpensAt: Instant,
    startsAt: Instant,
    entryClosesAt: Type.Integer({ minimum: 0, description: 'First instant entering is refused (R21); the deadline once a supervisor let the candidate in late.' }),
    deadline: Type.Integer({ minimum: 0, description: 'End of the answer time (R1) with the candidate’s extra time.' }),
    evidenceDueAt: Instant,
    extraTimeMs: Type.Integer({ minimum: 0, description: 'Extra answer time supervisors granted this candidate, in all.' }),
    lateEntryAllowed: Type.Boolean({ description: 'A supervisor let the candidate in after the late cutoff.' }),
  },
  { description: 'One candidate’s own schedule on server time: the sitting’s, moved by the supervisors’ interventions.' },
);

export const InterventionKind = literals(['extraTime', 'endInterview', 'lateEntry', 'virtualCameraWaiver'] as const);
export const Intervention = Type.Object({
  id: Id,
  candidateId: Id,
  kind: InterventionKind,
  supervisorId: Id,
  supervisorName: Type.String({ description: 'The supervisor as the console shows them (their username).' }),
  at: Instant,
  minutes: Type.Optional(Type.Integer({ minimum: 1, description: 'extraTime: the minutes granted.' })),
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'endInterview, lateEntry and virtualCameraWaiver: why.' })),
});
export const InterventionResult = Type.Object({ intervention: Intervention, schedule: CandidateSchedule, progress: Progress });

export const VerdictKind = literals(['passed', 'doubtful', 'violation'] as const);
export const Verdict = Type.Object({
  verdict: VerdictKind,
  comment: Type.String({ maxLength: 2000 }),
  supervisorId: Id,
  supervisorName: Type.String({ description: 'The supervisor as the console shows them (their username).' }),
  at: Instant,
});
export const VerdictState = Type.Object({
  current: Nullable(Verdict),
  history: Type.Array(Verdict, { description: 'Every verdict given, oldest first; the last is the current one.' }),
});

export const TimelineMarkerKind = literals([
  'entered',
  'devicesConfirmed',
  'infoConfirmed',
  'pledgeAccepted',
  'finished',
  'incident',
  'help',
  'intervention',
  'verdict',
] as const);
export const TimelineMarker = Type.Object({
  at: Instant,
  kind: TimelineMarkerKind,
  detail: Type.Optional(Type.String({ description: 'incident: its kind; help: who wrote; intervention: its kind; verdict: the verdict; finished: the reason.' })),
  text: Type.Optional(Type.String({ description: 'help: the message; intervention: the reason or minutes; verdict: the comment.' })),
});

export const Timeline = Type.Object({
  candidateId: Id,
  schedule: CandidateSchedule,
  progress: Progress,
  markers: Type.Array(TimelineMarker, { description: 'Everything that happened, in order of time, for markers on the review’s timeline.' }),
  recordings: Type.Array(Recording, { description: 'Every part of every kind, each placed by createdAt and durationMs.' }),
});

export const RecordingLink = Type.Object({
  url: Type.String({ description: 'The file’s address with a short-lived token in its query, for a <video src> (which cannot send Authorization).' }),
  expiresAt: Instant,
});

export const SessionCreated = Type.Object(
  {
    token: Type.String({ description: 'Send as `Authorization: Bearer <token>`.' }),
    role: literals(['candidate', 'phone', 'supervisor', 'administrator'] as const),
  },
  { examples: [{ token: 'fM3k0QeJ2b9xV7tR1cYwNq8ZsL4hA6uD', role: 'candidate' }] },
);

const UploadBytes = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const UploadPoint = Type.Object({
  at: Instant,
  recorded: Type.Integer({ minimum: 0, description: 'Bytes recorded on the device, as it reported them (display only); never less than acknowledged.' }),
  acknowledged: Type.Integer({ minimum: 0, description: 'Bytes the server received (its tus offsets), over every part of the kind.' }),
});
export const UploadLatest = Type.Object({
  ...UploadPoint.properties,
  lagSince: Type.Optional(Type.Integer({ minimum: 0, description: 'Server time since which every sample lagged (recorded − acknowledged) by more than 1 MB; absent when the latest did not.' })),
});
export const UploadLatestByKind = Type.Object(
  { camera: Type.Optional(UploadLatest), screen: Type.Optional(UploadLatest), phone: Type.Optional(UploadLatest) },
  { description: 'The latest upload-health sample per kind (the PC’s camera and screen, the phone’s evidence); a kind appears with its first sample.' },
);
export const UploadSeries = Type.Object({ camera: Type.Array(UploadPoint), screen: Type.Array(UploadPoint), phone: Type.Array(UploadPoint) });
export const CandidateUploadHealth = Type.Object({ candidateId: Id, series: UploadSeries });
export const SittingUploadHealth = Type.Object({
  sittingId: Id,
  totals: Type.Object(UploadSeries.properties, { description: 'The sum over the sitting’s candidates per kind over time, each candidate’s latest sample held until their next.' }),
  candidates: Type.Array(Type.Object({ candidateId: Id, name: Type.String(), latest: UploadLatestByKind })),
});
/**
 * The heartbeat's optional body: the bytes the device recorded of each recording part it still uploads (the candidate's
 * page: camera and screen; the phone: evidence), for the supervisor's upload health. Parts that are not the caller's
 * own are not counted; the figures are shown, never trusted for anything else.
 */
export const HeartbeatBody = Type.Object(
  { recordings: Type.Optional(Type.Array(Type.Object({ id: Id, bytesRecorded: UploadBytes }, { additionalProperties: false }), { maxItems: 16 })) },
  { additionalProperties: false },
);

export const CandidateStatus = Type.Object({
  candidate: Candidate,
  sittingId: Id,
  online: Type.Boolean({ description: 'A heartbeat within the last 30 s.' }),
  progress: Progress,
  evidence: EvidenceStatus,
  incidents: Type.Integer({ minimum: 0 }),
  helpMessages: Type.Integer({ minimum: 0 }),
  schedule: Type.Optional(CandidateSchedule),
  verdict: Type.Optional(VerdictKind),
  interventions: Type.Optional(Type.Integer({ minimum: 0, description: 'How many interventions supervisors made (the console re-reads its panel when this changes).' })),
  verdicts: Type.Optional(Type.Integer({ minimum: 0, description: 'How many verdicts were given, the history included.' })),
  upload: Type.Optional(UploadLatestByKind),
  virtualCamera: Type.Optional(
    Type.Object(
      {
        label: Type.String({ maxLength: 200, description: 'The camera’s label as the page reported it.' }),
        at: Instant,
        waived: Type.Boolean({ description: 'A supervisor waived it (an intervention virtualCameraWaiver).' }),
      },
      { description: 'R7: the candidate’s 设备确认 was refused for a virtual or filter camera (their latest virtualCamera incident).' },
    ),
  ),
});

export const SittingSummary = Type.Object({
  examId: Id,
  examTitle: Type.String(),
  timeZone: Type.String({ description: 'The exam’s IANA time zone: the console shows the sitting’s times in it.' }),
  sitting: Sitting,
  candidates: Type.Integer({ minimum: 0 }),
});

/**
 * Pushed over the WebSocket. Candidates get help.message, evidence.status, session.revoked, schedule.changed,
 * exam.finished and virtualCamera.waived; phones evidence.status and session.revoked; supervisors every event of the sittings they watch. evidence.status comes when the state changes, as evidence bytes arrive
 * (at most one every ~2 s per candidate, and always at a part's completion), and when a silent phone is heard again.
 */
export const LiveEvent = Type.Union([
  Type.Object({ type: Type.Literal('help.message'), candidateId: Id, message: HelpMessage }),
  Type.Object({ type: Type.Literal('evidence.status'), candidateId: Id, status: EvidenceStatus }),
  Type.Object({ type: Type.Literal('session.revoked'), candidateId: Id, reason: ErrorCodeSchema }),
  Type.Object({ type: Type.Literal('candidate.status'), status: CandidateStatus }),
  Type.Object(
    { type: Type.Literal('schedule.changed'), candidateId: Id, schedule: CandidateSchedule },
    { description: 'To the candidate and the supervisors: a supervisor gave extra time or let the candidate in late.' },
  ),
  Type.Object(
    { type: Type.Literal('exam.finished'), candidateId: Id, progress: Progress },
    { description: 'To the candidate and the supervisors: a supervisor ended the interview (finishReason endedBySupervisor).' },
  ),
  Type.Object(
    { type: Type.Literal('virtualCamera.waived'), candidateId: Id },
    { description: 'To the candidate: a supervisor waived their virtual or filter camera (R7); 设备确认 goes on with it.' },
  ),
]);
export type LiveEvent = Static<typeof LiveEvent>;

// ---- 实时画面: live-view signalling on the same socket (docs/architecture.md, "The live events") ----

/** A view's id, chosen by the supervisor's console; unique among the views open on the server. */
const ViewId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const LiveViewPeerSchema = literals(['candidate', 'phone'] as const);
export const LiveViewSourceSchema = literals(['camera', 'screen', 'phone'] as const);
/** A simple-peer signal (an SDP offer or answer, or an ICE candidate), relayed as it is. */
const PeerSignal = Type.Object({}, { additionalProperties: true, description: 'A simple-peer signal object, relayed unchanged.' });
/** An RTCIceServer (EXAMROOM_ICE_SERVERS). */
export const IceServer = Type.Object(
  {
    urls: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
    username: Type.Optional(Type.String()),
    credential: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type IceServer = Static<typeof IceServer>;

/** What a client sends on the live-events socket after its auth message. */
export const LiveViewClientMessage = Type.Union([
  Type.Object(
    { type: Type.Literal('live.publish'), sources: Type.Array(LiveViewSourceSchema, { maxItems: 3 }) },
    { additionalProperties: false, description: 'Candidate or phone: this page can be watched now, with these sources (sent on every (re)connection).' },
  ),
  Type.Object(
    { type: Type.Literal('live.watch'), viewId: ViewId, candidateId: Id },
    { additionalProperties: false, description: 'Supervisor: asks to watch a candidate.' },
  ),
  Type.Object(
    { type: Type.Literal('live.signal'), viewId: ViewId, peer: Type.Optional(LiveViewPeerSchema), signal: PeerSignal },
    { additionalProperties: false, description: 'Either end: a signal for the other end of the view (the supervisor names the peer).' },
  ),
  Type.Object({ type: Type.Literal('live.stop'), viewId: ViewId }, { additionalProperties: false, description: 'Supervisor: ends a view.' }),
]);
export type LiveViewClientMessage = Static<typeof LiveViewClientMessage>;

/** What the server sends about live views, beside the LiveEvents. */
export const LiveViewServerMessage = Type.Union([
  Type.Object(
    { type: Type.Literal('live.accepted'), viewId: ViewId, candidateId: Id, iceServers: Type.Array(IceServer), peers: Type.Array(LiveViewPeerSchema) },
    { description: 'To the supervisor who asked: the view is open; `peers` are the ends asked to connect.' },
  ),
  Type.Object(
    { type: Type.Literal('live.request'), viewId: ViewId, iceServers: Type.Array(IceServer), maxBitrateBps: Type.Integer({ minimum: 1 }) },
    { description: 'To the candidate’s page and the phone: connect to this view (as the initiator), each video track at most maxBitrateBps.' },
  ),
  Type.Object(
    { type: Type.Literal('live.signal'), viewId: ViewId, peer: LiveViewPeerSchema, signal: PeerSignal },
    { description: 'From the other end of the view; `peer` names the publishing end it concerns.' },
  ),
  Type.Object(
    { type: Type.Literal('live.ended'), viewId: ViewId, reason: literals(['stopped', 'candidateOffline', 'phoneOffline', 'finished'] as const), peer: Type.Optional(LiveViewPeerSchema) },
    { description: 'The view ended; with `peer` (to the supervisor), only that end did and the view goes on.' },
  ),
  Type.Object(
    { type: Type.Literal('live.available'), candidateId: Id, peers: Type.Array(LiveViewPeerSchema) },
    { description: 'To the supervisors of the candidate’s sitting: the candidate’s page (or phone) publishes (again).' },
  ),
  Type.Object(
    { type: Type.Literal('live.error'), viewId: Type.Optional(ViewId), code: ErrorCodeSchema, message: Type.String() },
    { description: 'To the sender of a refused message; nothing was relayed.' },
  ),
]);
export type LiveViewServerMessage = Static<typeof LiveViewServerMessage>;

// ---- requests ----

const IdNumber = Type.String({ minLength: 6, maxLength: 20, pattern: '^[0-9A-Za-z]+$', description: '身份证号 or another ID document number.' });
const DeviceKey = Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$', description: 'A random key the browser keeps (R6).' });

export const PasswordLoginBody = Type.Object(
  { examId: Id, idNumber: IdNumber, password: Type.String({ minLength: 1, maxLength: 128 }), deviceKey: DeviceKey },
  { additionalProperties: false, examples: [{ examId: 'exam-demo', idNumber: '110101200001010011', password: 'demo1234', deviceKey: 'k3vX9pQ2mT7wZ4aB' }] },
);
/** How many frames one face login sends, and how large each may be (all within the route's 3 MB body). */
export const FACE_FRAMES_MIN = 2;
export const FACE_FRAMES_MAX = 6;
export const FACE_FRAME_MAX_CHARS = 450_000;
export const FaceLoginBody = Type.Object(
  {
    examId: Id,
    deviceKey: DeviceKey,
    image: Type.Optional(Type.String({ minLength: 1, maxLength: 2_800_000, description: 'A JPEG or PNG camera frame, base64 (≤ 2 MB). Superseded by `frames`: a body with only `image` (nobody named) answers FACE_LOGIN_UNAVAILABLE, so that a page sending it goes on with 普通登录.' })),
    idNumber: Type.Optional(Type.String({ minLength: 6, maxLength: 20, pattern: '^[0-9A-Za-z]+$', description: '身份证号 of the candidate who logs in: the frames are compared with this one candidate’s photo (1:1, never a search of the roster).' })),
    challengeId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The liveness challenge (POST /sessions/face/challenge) the frames were captured during; used once.' })),
    frames: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: FACE_FRAME_MAX_CHARS, description: 'A JPEG or PNG camera frame, base64 or a data: URL.' }), {
        minItems: FACE_FRAMES_MIN,
        maxItems: FACE_FRAMES_MAX,
        description: 'Camera frames in the order captured, spread over the challenge’s action (e.g. before, during and after turning the head): each must show exactly one face; together they must show the action.',
      }),
    ),
  },
  { additionalProperties: false, description: '人脸登录: idNumber, challengeId and frames (the `image`-only form is from before the verifier: FACE_LOGIN_UNAVAILABLE).' },
);
export const LIVENESS_ACTIONS = ['turnLeft', 'turnRight', 'blink'] as const;
export type LivenessAction = (typeof LIVENESS_ACTIONS)[number];
export const FaceChallengeRequestBody = Type.Object({ examId: Id }, { additionalProperties: false });
export const FaceChallenge = Type.Object({
  challengeId: Id,
  action: Type.Union(LIVENESS_ACTIONS.map((a) => Type.Literal(a)), {
    description: 'What the candidate does while the frames are captured: turnLeft / turnRight (their own left or right: the head turns at least about 15° from where it faced in the first frame) or blink (eyes open, then closed, in the frames).',
  }),
  expiresAt: Type.Integer({ description: 'Server time (epoch ms) after which the challenge answers FACE_CHALLENGE_EXPIRED.' }),
});
export const SaveProgressBody = Type.Object({ stage: ProgressStage }, { additionalProperties: false });
export const FinishBody = Type.Object({ reason: literals(CLIENT_FINISH_REASONS) }, { additionalProperties: false });
export const ConfirmationBody = Type.Object(
  {
    kind: literals(CONFIRMATION_KINDS),
    pledgeVersion: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$', description: 'The version of the pledge text shown; required with kind pledge.' }),
    ),
    cameraLabel: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'With kind devices: the chosen camera’s label (MediaDeviceInfo.label). A virtual or filter camera (R7) is refused with VIRTUAL_CAMERA unless a supervisor waived it.',
      }),
    ),
  },
  { additionalProperties: false, description: '设备确认, 信息确认, or the 考试承诺书 with the version of its text.' },
);
export const CreateRecordingBody = Type.Object({ kind: literals(['camera', 'screen'] as const), mimeType: MimeType }, { additionalProperties: false });
export const EvidenceRecordingBody = Type.Object({ mimeType: MimeType }, { additionalProperties: false });
export const CompleteRecordingBody = Type.Object(
  { totalBytes: Type.Integer({ minimum: 0 }), sha256: Sha256 },
  { additionalProperties: false },
);
export const RecordingIdParams = Type.Object({ recordingId: Id });
export const SendHelpBody = Type.Object({ id: Id, text: Text(2000) }, { additionalProperties: false });
export const PhonePairBody = Type.Object(
  {
    code: Type.String({
      minLength: 4,
      maxLength: 64,
      pattern: '^[A-Za-z0-9 _-]+$',
      description: 'The pairing code as typed or read from the QR link: any case, with or without spaces and the dash (`abcd efgh` is `ABCD-EFGH`).',
    }),
  },
  { additionalProperties: false },
);
export const EvidenceUpdateBody = Type.Object(
  {
    state: EvidenceState,
    bytesPending: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'With `stopped` only (else VALIDATION_FAILED): the bytes the phone still holds to upload, at most what the open evidence part may still take under its byte quota.',
      }),
    ),
  },
  { additionalProperties: false },
);
export const SupervisorLoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }), password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
export const ExtraTimeBody = Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: 120, description: 'Minutes added to the candidate’s answer time.' }) }, { additionalProperties: false });
export const InterventionReasonBody = Type.Object({ reason: Text(500, 'Why, as the record will show it.') }, { additionalProperties: false });
export const SetVerdictBody = Type.Object({ verdict: VerdictKind, comment: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
export const SetClockBody = Type.Object({ now: Instant }, { additionalProperties: false });
export const SeedSittingBody = Type.Object(
  {
    examId: Id,
    name: Text(100),
    startsAt: Instant,
    entryOpensAt: Type.Optional(Instant),
    policy: Type.Optional(Policy),
    candidates: Type.Array(
      Type.Object({ name: Text(100), idNumber: IdNumber, password: Type.String({ minLength: 1, maxLength: 128 }), admissionNumber: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 500 },
    ),
    supervisor: Type.Optional(
      Type.Object(
        { username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }), password: Type.String({ minLength: 1, maxLength: 128 }) },
        { additionalProperties: false, description: 'A supervisor who watches this sitting only.' },
      ),
    ),
  },
  { additionalProperties: false },
);
export const SeededSitting = Type.Object({ sitting: Sitting, candidates: Type.Array(Candidate) });

export const ExamIdParams = Type.Object({ examId: Id });
export const SittingIdParams = Type.Object({ sittingId: Id });
export const CandidateIdParams = Type.Object({ candidateId: Id });
export const TimeResponse = Type.Object({ serverTime: Instant }, { examples: [{ serverTime: 1_803_254_400_000 }] });

export const NoticeSent = Type.Object({ id: Id, text: Type.String(), at: Instant, candidates: Type.Integer({ minimum: 0, description: 'How many candidates’ chats it went to.' }) });

// ---- administration (the /admin routes) ----

const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
/** An administrator's or a supervisor's password as set by its holder. */
export const ADMIN_PASSWORD_MIN_LENGTH = 12;

export const AdminLoginBody = Type.Object({ username: Username, password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export const AdminPasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
    newPassword: Type.String({ minLength: ADMIN_PASSWORD_MIN_LENGTH, maxLength: 128, description: `At least ${ADMIN_PASSWORD_MIN_LENGTH} characters, not the current one.` }),
  },
  { additionalProperties: false },
);
export const AdminMe = Type.Object({
  id: Id,
  username: Type.String(),
  mustChangePassword: Type.Boolean({ description: 'Logged in with a one-time password: every other /admin route answers PASSWORD_CHANGE_REQUIRED until POST /admin/password.' }),
});

export const AdminExam = Type.Object({
  id: Id,
  title: Text(200),
  timeZone: TimeZone,
  policy: Policy,
  sittings: Type.Integer({ minimum: 0, description: 'How many sittings the exam has.' }),
  questions: Type.Integer({ minimum: 0, description: 'How many interview questions the exam has, its own and in all its question sets: with none, its candidates would have nothing to answer.' }),
});
export const ExamInput = Type.Object(
  { title: Text(200), timeZone: TimeZone, policy: Type.Optional(Policy) },
  { additionalProperties: false, description: 'An exam as the administrator sets it; the time zone must be a known IANA zone (TIME_ZONE_INVALID).' },
);

export const AdminSitting = Type.Object({
  id: Id,
  examId: Id,
  name: Text(100),
  startsAt: Instant,
  entryOpensAt: Type.Optional(Instant),
  policy: Policy,
  candidates: Type.Integer({ minimum: 0 }),
  entered: Type.Integer({ minimum: 0, description: 'How many of its candidates entered: from the first on, the sitting cannot be moved (SITTING_IN_USE).' }),
});
export const SittingInput = Type.Object(
  {
    name: Text(100),
    startsAt: Instant,
    entryOpensAt: Type.Optional(Instant),
    policy: Type.Optional(Policy),
  },
  { additionalProperties: false, description: 'A sitting as the administrator sets it: its policy overrides the exam’s (answerMs, lateEntryCutoffMs, …).' },
);

export const QuestionSet = Type.Object({
  id: Id,
  examId: Id,
  sittingId: Type.Optional(Id),
  name: Text(100),
  questions: Type.Array(Question),
});
export const QuestionSetInput = Type.Object(
  {
    name: Text(100),
    sittingId: Type.Optional(Id),
    questions: Type.Array(Text(4000), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false, description: 'Without sittingId, a set of the exam’s; with it, of that sitting only (its sets replace the exam’s there).' },
);

export const AdminSupervisor = Type.Object({
  id: Id,
  username: Type.String(),
  examIds: Type.Array(Id),
  sittingIds: Type.Array(Id),
  disabled: Type.Boolean({ description: 'A disabled supervisor cannot log in; their sessions ended when disabled; their records keep their name.' }),
});
export const SupervisorCreated = Type.Object({
  supervisor: AdminSupervisor,
  password: Type.String({ description: 'The one-time password, answered this once and never stored in clear.' }),
});
export const SupervisorInput = Type.Object(
  { username: Username, examIds: Type.Optional(Type.Array(Id, { maxItems: 100 })), sittingIds: Type.Optional(Type.Array(Id, { maxItems: 500 })) },
  { additionalProperties: false },
);
export const SupervisorUpdate = Type.Object(
  { examIds: Type.Array(Id, { maxItems: 100 }), sittingIds: Type.Array(Id, { maxItems: 500 }), disabled: Type.Boolean() },
  { additionalProperties: false, description: 'What the supervisor watches, and whether they may log in.' },
);

export const AuditEntry = Type.Object({
  id: Id,
  at: Instant,
  actorRole: literals(['administrator', 'supervisor'] as const),
  actorId: Id,
  actorName: Type.String({ description: 'The username at the time.' }),
  action: Type.String({ description: 'What was done, e.g. exam.create, sitting.update, supervisor.verdict.' }),
  targetType: Type.String({ description: 'exam, sitting, questionSet, supervisor, administrator, candidate, recording.' }),
  targetId: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'A small JSON record of what changed; never an ID number nor a password.' }),
});
export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry, { description: 'Newest first, in the order recorded.' }),
  nextBefore: Type.Optional(Id),
});
export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Id),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z.]+$' })),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The nextBefore of the previous page.' })),
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: 'Entries per page, 1–200 (default 50).' })),
  },
  { additionalProperties: false },
);
export const QuestionSetIdParams = Type.Object({ setId: Id });
export const SupervisorIdParams = Type.Object({ supervisorId: Id });
export const SeedAdministratorBody = Type.Object(
  { username: Username, password: Type.String({ minLength: 1, maxLength: 128 }), mustChangePassword: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const SeededAdministrator = Type.Object({ id: Id, username: Type.String() });

// ---- exports (the administrator's results and archives) ----

/** How a candidate's phone evidence stands against its due time, judged on the server's clock. */
export const EvidenceTiming = literals(['onTime', 'late', 'pending', 'notRequired', 'notEntered'] as const);
export const ResultRecording = Type.Object({
  id: Id,
  kind: RecordingKind,
  part: Type.Integer({ minimum: 1 }),
  complete: Type.Boolean({ description: 'Finalised: only then has it a file to download.' }),
  bytes: Type.Integer({ minimum: 0, description: 'Bytes received.' }),
  durationMs: Nullable(Type.Integer({ minimum: 0 })),
  url: Nullable(Type.String({ description: 'The administrator’s download route of the final file (ADMIN_RECORDING_FILE_PATH), under API_PREFIX; null until the part is complete. It grants nothing by itself: it takes the administrator’s bearer token.' })),
});
export const ResultRow = Type.Object({
  candidateId: Id,
  name: Type.String(),
  idNumberMasked: Type.String(),
  admissionNumber: Type.String(),
  attended: Type.Boolean({ description: 'The candidate logged in at least once (a candidate session exists).' }),
  firstLoginAt: Nullable(Instant),
  enteredAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  finishReason: Nullable(FinishReason),
  lot: Nullable(Type.Integer({ minimum: 1 })),
  incidents: Type.Array(Type.Object({ kind: IncidentKind, count: Type.Integer({ minimum: 1 }) }), { description: 'Incident kinds with their counts, in order of first occurrence.' }),
  evidence: EvidenceTiming,
  evidenceDueAt: Instant,
  verdict: Nullable(Verdict),
  recordings: Type.Array(ResultRecording, { description: 'Every part, by kind then part.' }),
});
export const SittingResults = Type.Object({
  examId: Id,
  examTitle: Type.String(),
  timeZone: TimeZone,
  sittingId: Id,
  sittingName: Type.String(),
  startsAt: Instant,
  generatedAt: Instant,
  rows: Type.Array(ResultRow, { description: 'One per candidate of the sitting, by admission number.' }),
});
/**
 * The exports that are files, not JSON: the results as CSV (UTF-8 with a BOM, so that Excel reads the Chinese) and
 * XLSX, one candidate's archive (a zip streamed: final recording files and timeline.json), and a recording's final
 * file for administrators (range requests, like RECORDING_FILE_PATH). Each takes the administrator's bearer token.
 */
export const ADMIN_RESULTS_CSV_PATH = '/admin/sittings/:sittingId/results.csv';
export const ADMIN_RESULTS_XLSX_PATH = '/admin/sittings/:sittingId/results.xlsx';
export const ADMIN_CANDIDATE_ARCHIVE_PATH = '/admin/candidates/:candidateId/archive.zip';
export const ADMIN_RECORDING_FILE_PATH = '/admin/recordings/:recordingId/file';
// ---- the roster: candidates and their photos, imported by the administrator ----

/** The roster's and the photos' media types and sizes are core's rules (rules/roster.ts), which the console's fields offer too. */
export { PHOTOS_MAX_BYTES, PHOTOS_MEDIA_TYPES, ROSTER_MAX_BYTES, ROSTER_MEDIA_TYPES } from '@examroom/core';
/** The media types of one candidate's photo (adminUploadCandidatePhoto); at most PHOTO_MAX_BYTES. */
export const PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;

export const RosterProblemBody = Type.Object({
  line: Type.Integer({ minimum: 1, description: 'The line of the file (CSV: where the record starts; XLSX: the sheet’s row), the header being line 1.' }),
  column: Type.Optional(literals(ROSTER_COLUMNS)),
  code: literals(ROSTER_PROBLEMS),
  message: Type.String({ description: 'Why, in the caller’s language.' }),
});
export const RosterReport = Type.Object({
  rows: Type.Integer({ minimum: 0, description: 'Candidates’ rows read (blank lines skipped).' }),
  valid: Type.Boolean({ description: 'No problem: the same file would be imported as it is.' }),
  create: Type.Integer({ minimum: 0, description: 'Rows that make a new candidate (no candidate of the exam has the 身份证号).' }),
  update: Type.Integer({ minimum: 0, description: 'Rows that change an existing candidate of the exam, matched by 身份证号.' }),
  unchanged: Type.Integer({ minimum: 0 }),
  problems: Type.Array(RosterProblemBody, { description: 'Every problem of every row, by line.' }),
});
export const RosterImported = Type.Object({
  rows: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  passwords: Type.Integer({ minimum: 0, description: 'Candidates whose password this import set: the rows of passwordsCsv.' }),
  passwordsCsv: Type.String({
    description:
      'Answered this once, never stored in clear: a CSV file (UTF-8 with a BOM, so that Excel opens it) of 姓名, 准考证号, 身份证号 (masked), 场次, 密码 for every candidate whose password was set: new ones (generated unless the 密码 column gave one) and existing ones the 密码 column changed.',
  }),
  passwordsFileName: Type.String({ description: 'A file name to save passwordsCsv under.' }),
});
/** An upload route's body as the fronts hand it to the domain (RouteDefinition.upload). */
export interface UploadedFile {
  /** The request's media type, without parameters, in lower case. */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** The face checks' frame: a JPEG still of the camera, small (the page sends one about 320 px wide). */
export const FACE_CHECK_MEDIA_TYPES = ['image/jpeg'] as const;
export const FACE_CHECK_MAX_BYTES = 200_000;
export const FaceCheckAccepted = Type.Object(
  {
    intervalSeconds: Type.Integer({
      minimum: 0,
      description:
        'Seconds until the server takes the next frame (EXAMROOM_FACE_CHECK_INTERVAL_S); 0: the face checks are off (no verifier, or turned off), send none. A frame sent sooner, or while the verifier is busy or starting, is dropped unjudged with the same answer.',
    }),
  },
  { additionalProperties: false },
);

export const AdminCandidate = Type.Object({
  id: Id,
  name: Type.String(),
  idNumberMasked: Type.String(),
  admissionNumber: Type.String(),
  sittingId: Id,
  photo: Type.Boolean({ description: 'Whether a photo (for face login) is stored.' }),
  entered: Type.Boolean(),
});
export const PhotosImported = Type.Object({
  matched: Type.Array(Type.Object({ file: Type.String(), candidateId: Id, admissionNumber: Type.String() })),
  unmatched: Type.Array(
    Type.Object({
      file: Type.String(),
      reason: literals(['NO_CANDIDATE', 'NOT_AN_IMAGE', 'TOO_LARGE', 'DUPLICATE'] as const),
    }),
    { description: 'Files not stored: no candidate named by the 照片 column, 身份证号 or 准考证号; not a JPEG or PNG; over PHOTO_MAX_BYTES; a second file for one candidate.' },
  ),
});

/**
 * A recording's finalised file (recordings/<id>.webm|.mp4), for supervisors who watch its candidate's sitting. Not a
 * JSON route: answered with the file's bytes, honouring `Range` (206 with Content-Range; 416 RANGE_NOT_SATISFIABLE),
 * `Accept-Ranges: bytes`. Authorised by `Authorization: Bearer <supervisor token>` or by `?link=<token>` from
 * createRecordingLink (a <video> element cannot send headers); RECORDING_LINK_INVALID (403) when that link is
 * unknown or expired, NOT_FOUND before the file is finalised.
 */
export const RECORDING_FILE_PATH = '/supervisor/recordings/:recordingId/file';
/** How long a createRecordingLink link opens the file: long enough to start a video, short enough to leak little. */
export const RECORDING_LINK_TTL_MS = 5 * 60_000;

// ---- routes ----

export type Role = 'candidate' | 'phone' | 'supervisor' | 'administrator';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  readonly method: Method;
  /** Fastify-style path with :params, under API_PREFIX. */
  readonly path: string;
  readonly summary: string;
  /** Who may call it; 'public' needs no token; 'dev' exists only when the server runs with EXAMROOM_TEST_CLOCK=1. */
  readonly auth: 'public' | 'dev' | readonly Role[];
  readonly params?: TSchema;
  /** The query string's parameters (all strings), when the route reads any. */
  readonly query?: TSchema;
  readonly body?: TSchema;
  /** Success status and body schema (null: no body). */
  readonly status: 200 | 201 | 204;
  readonly response: TSchema | null;
  /** Error codes this route may answer besides the generic ones. */
  readonly errors?: readonly string[];
  /** The body may be left out (an empty request body is then taken as `{}`). */
  readonly bodyOptional?: boolean;
  /**
   * The body is a file's bytes, not JSON: sent with one of these media types (else 415 FILE_TYPE_UNSUPPORTED), at
   * most `maxBytes` (else 413 PAYLOAD_TOO_LARGE). The domain gets it as an UploadedFile.
   */
  readonly upload?: { readonly mediaTypes: readonly string[]; readonly maxBytes: number };
}

const route = <R extends RouteDefinition>(r: R) => r;
const candidate = ['candidate'] as const;
const phone = ['phone'] as const;
const supervisor = ['supervisor'] as const;
const administrator = ['administrator'] as const;

export const routes = {
  getTime: route({ method: 'GET', path: '/time', summary: 'Server time', auth: 'public', status: 200, response: TimeResponse }),
  getExam: route({ method: 'GET', path: '/exams/:examId', summary: 'An exam’s title, sittings and policy', auth: 'public', params: ExamIdParams, status: 200, response: ExamInfo, errors: ['EXAM_NOT_FOUND'] }),
  loginWithPassword: route({
    method: 'POST', path: '/sessions/password', summary: '普通登录: ID number and password', auth: 'public', body: PasswordLoginBody, status: 201, response: SessionCreated,
    errors: ['EXAM_NOT_FOUND', 'INVALID_CREDENTIALS', 'LOGIN_NOT_OPEN', 'LATE_ENTRY_CLOSED', 'EXAM_OVER', 'ALREADY_ACTIVE_ELSEWHERE', 'TOO_MANY_ATTEMPTS'],
  }),
  loginWithFace: route({
    method: 'POST', path: '/sessions/face', summary: '人脸登录', auth: 'public', body: FaceLoginBody, status: 201, response: SessionCreated,
    errors: [
      'FACE_LOGIN_UNAVAILABLE', 'FACE_NOT_DETECTED', 'FACE_NOT_MATCHED', 'LOGIN_NOT_OPEN', 'ALREADY_ACTIVE_ELSEWHERE', 'TOO_MANY_ATTEMPTS',
      'EXAM_NOT_FOUND', 'LATE_ENTRY_CLOSED', 'EXAM_OVER', 'FACE_LOGIN_STARTING', 'FACE_SEVERAL_FACES', 'FACE_NOT_LIVE', 'FACE_CHALLENGE_EXPIRED', 'FACE_NOT_ENROLLED',
    ],
  }),
  faceChallenge: route({
    method: 'POST', path: '/sessions/face/challenge', summary: '人脸登录: a liveness challenge (turn the head or blink) for the frames of one face login', auth: 'public', body: FaceChallengeRequestBody, status: 201, response: FaceChallenge,
    errors: ['EXAM_NOT_FOUND', 'FACE_LOGIN_UNAVAILABLE', 'FACE_LOGIN_STARTING', 'TOO_MANY_ATTEMPTS'],
  }),
  logout: route({ method: 'DELETE', path: '/sessions/current', summary: 'Log out', auth: ['candidate', 'phone', 'supervisor'], status: 204, response: null }),
  heartbeat: route({
    method: 'POST', path: '/sessions/current/heartbeat', summary: 'Keep the session alive (R6); optionally report the bytes recorded of each part still uploading (upload health)', auth: ['candidate', 'phone', 'supervisor'],
    body: HeartbeatBody, bodyOptional: true, status: 204, response: null, errors: ['SESSION_REVOKED'],
  }),

  getMe: route({ method: 'GET', path: '/me', summary: 'The candidate, their exam, sitting and progress', auth: candidate, status: 200, response: Me }),
  saveProgress: route({ method: 'PUT', path: '/me/progress', summary: 'Record the stage reached (never moves back)', auth: candidate, body: SaveProgressBody, status: 200, response: Progress, errors: ['STAGE_OUT_OF_ORDER', 'CONFIRMATIONS_MISSING'] }),
  createPairing: route({ method: 'POST', path: '/me/pairing', summary: 'A fresh pairing code for the phone (佐证绑定)', auth: candidate, status: 201, response: Pairing }),
  getEvidenceStatus: route({ method: 'GET', path: '/me/evidence', summary: 'The phone’s evidence recording status', auth: candidate, status: 200, response: EvidenceStatus }),
  drawLot: route({ method: 'POST', path: '/me/lot', summary: '抽签 (idempotent)', auth: candidate, status: 200, response: Progress, errors: ['EVIDENCE_NOT_RECORDING'] }),
  enter: route({ method: 'POST', path: '/me/entry', summary: '进入考试', auth: candidate, status: 200, response: Progress, errors: ['ENTRY_NOT_OPEN', 'LATE_ENTRY_CLOSED', 'EXAM_OVER', 'EVIDENCE_NOT_RECORDING'] }),
  confirm: route({
    method: 'POST', path: '/me/confirmations', summary: '设备确认, 信息确认 or the pledge, recorded with server time (idempotent: the first is kept)', auth: candidate, body: ConfirmationBody, status: 200, response: Progress,
    errors: ['NOT_ENTERED', 'VIRTUAL_CAMERA'],
  }),
  getQuestions: route({
    method: 'GET', path: '/me/questions', summary: 'The questions, from the start until the deadline', auth: candidate, status: 200, response: Type.Array(Question),
    errors: ['QUESTIONS_NOT_RELEASED', 'NOT_ENTERED', 'CONFIRMATIONS_MISSING', 'EXAM_OVER'],
  }),
  reportIncident: route({ method: 'POST', path: '/me/incidents', summary: 'Log an incident (idempotent by id, ids are the candidate’s own)', auth: candidate, body: ReportIncidentBody, status: 204, response: null, errors: ['RATE_LIMITED'] }),
  finish: route({ method: 'POST', path: '/me/finish', summary: 'End the exam and record why (idempotent)', auth: candidate, body: FinishBody, status: 200, response: Progress, errors: ['NOT_ENTERED', 'FINISH_REASON_INVALID'] }),
  createRecording: route({
    method: 'POST', path: '/me/recordings', summary: 'The next camera or screen recording part and its tus upload URL (one open part per kind)', auth: candidate, body: CreateRecordingBody, status: 201, response: RecordingTarget,
    errors: ['NOT_ENTERED', 'EXAM_FINISHED', 'RECORDING_ALREADY_OPEN'],
  }),
  abandonRecording: route({
    method: 'POST', path: '/recordings/:recordingId/abandon', summary: 'Give up an open recording part whose bytes this device no longer holds; the bytes received stay (idempotent)',
    auth: ['candidate', 'phone'], params: RecordingIdParams, status: 200, response: Recording, errors: ['NOT_FOUND'],
  }),
  completeRecording: route({
    method: 'POST', path: '/recordings/:recordingId/complete', summary: 'Declare a finished upload’s length and SHA-256; the server checks them and finalises the file',
    auth: ['candidate', 'phone'], params: RecordingIdParams, body: CompleteRecordingBody, status: 200, response: Recording,
    errors: ['NOT_FOUND', 'CHECKSUM_MISMATCH', 'UPLOAD_FAILED'],
  }),
  getHelpMessages: route({ method: 'GET', path: '/me/help', summary: 'The help chat so far (求助)', auth: candidate, status: 200, response: Type.Array(HelpMessage) }),
  sendHelpMessage: route({ method: 'POST', path: '/me/help', summary: 'Send a help message (idempotent by id)', auth: candidate, body: SendHelpBody, status: 201, response: HelpMessage, errors: ['RATE_LIMITED'] }),

  pairPhone: route({ method: 'POST', path: '/phone/sessions', summary: 'The phone scans the pairing code', auth: 'public', body: PhonePairBody, status: 201, response: SessionCreated, errors: ['PAIRING_FAILED', 'TOO_MANY_ATTEMPTS'] }),
  setEvidenceStatus: route({
    method: 'PUT', path: '/phone/evidence', summary: 'The phone reports its recording status', auth: phone, body: EvidenceUpdateBody, status: 200, response: EvidenceStatus,
    errors: ['STAGE_OUT_OF_ORDER', 'EVIDENCE_NOT_UPLOADED'],
  }),
  createEvidenceRecording: route({
    method: 'POST', path: '/phone/recordings', summary: 'The next evidence recording part and its tus upload URL (one open part at a time)', auth: phone, body: EvidenceRecordingBody, status: 201, response: RecordingTarget,
    errors: ['EXAM_FINISHED', 'RECORDING_ALREADY_OPEN'],
  }),

  supervisorLogin: route({ method: 'POST', path: '/supervisor/sessions', summary: 'Supervisor login', auth: 'public', body: SupervisorLoginBody, status: 201, response: SessionCreated, errors: ['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS'] }),
  listSittings: route({ method: 'GET', path: '/supervisor/sittings', summary: 'Sittings this supervisor watches', auth: supervisor, status: 200, response: Type.Array(SittingSummary) }),
  listCandidates: route({ method: 'GET', path: '/supervisor/sittings/:sittingId/candidates', summary: 'Who is where, live', auth: supervisor, params: SittingIdParams, status: 200, response: Type.Array(CandidateStatus) }),
  getCandidateHelp: route({ method: 'GET', path: '/supervisor/candidates/:candidateId/help', summary: 'A candidate’s help chat', auth: supervisor, params: CandidateIdParams, status: 200, response: Type.Array(HelpMessage) }),
  replyHelp: route({ method: 'POST', path: '/supervisor/candidates/:candidateId/help', summary: 'Reply in a candidate’s help chat', auth: supervisor, params: CandidateIdParams, body: SendHelpBody, status: 201, response: HelpMessage }),
  listIncidents: route({ method: 'GET', path: '/supervisor/candidates/:candidateId/incidents', summary: 'A candidate’s incidents', auth: supervisor, params: CandidateIdParams, status: 200, response: Type.Array(Incident) }),
  listRecordings: route({ method: 'GET', path: '/supervisor/candidates/:candidateId/recordings', summary: 'A candidate’s recordings', auth: supervisor, params: CandidateIdParams, status: 200, response: Type.Array(Recording) }),
  sendNotice: route({
    method: 'POST', path: '/supervisor/sittings/:sittingId/notices', summary: 'A notice to every candidate of the sitting (R27), stored in each one’s help chat (notice: true) and pushed live; idempotent by id',
    auth: supervisor, params: SittingIdParams, body: SendHelpBody, status: 201, response: NoticeSent,
  }),
  grantExtraTime: route({
    method: 'POST', path: '/supervisor/candidates/:candidateId/extra-time', summary: 'Extra answer time for a candidate, before or during the interview: moves their deadline and evidence due time (schedule.changed)',
    auth: supervisor, params: CandidateIdParams, body: ExtraTimeBody, status: 201, response: InterventionResult, errors: ['CANDIDATE_FINISHED'],
  }),
  endInterview: route({
    method: 'POST', path: '/supervisor/candidates/:candidateId/end', summary: 'End a candidate’s interview with a reason (finishReason endedBySupervisor, exam.finished)',
    auth: supervisor, params: CandidateIdParams, body: InterventionReasonBody, status: 201, response: InterventionResult, errors: ['NOT_ENTERED', 'CANDIDATE_FINISHED'],
  }),
  allowLateEntry: route({
    method: 'POST', path: '/supervisor/candidates/:candidateId/late-entry', summary: 'Let a candidate log in and enter after the late cutoff (R21), until their deadline, with a reason',
    auth: supervisor, params: CandidateIdParams, body: InterventionReasonBody, status: 201, response: InterventionResult, errors: ['ALREADY_ENTERED', 'EXAM_OVER'],
  }),
  listInterventions: route({ method: 'GET', path: '/supervisor/candidates/:candidateId/interventions', summary: 'A candidate’s interventions, oldest first', auth: supervisor, params: CandidateIdParams, status: 200, response: Type.Array(Intervention) }),
  getVerdict: route({ method: 'GET', path: '/supervisor/candidates/:candidateId/verdict', summary: 'A candidate’s verdict (通过 / 存疑 / 违规) and its history', auth: supervisor, params: CandidateIdParams, status: 200, response: VerdictState }),
  setVerdict: route({ method: 'PUT', path: '/supervisor/candidates/:candidateId/verdict', summary: 'Give a verdict with a comment; every change is kept', auth: supervisor, params: CandidateIdParams, body: SetVerdictBody, status: 200, response: VerdictState }),
  getTimeline: route({ method: 'GET', path: '/supervisor/candidates/:candidateId/timeline', summary: 'One candidate’s interview on one timeline: progress, incidents, help, interventions, verdicts, recordings', auth: supervisor, params: CandidateIdParams, status: 200, response: Timeline }),
  createRecordingLink: route({
    method: 'POST', path: '/supervisor/recordings/:recordingId/link', summary: `A link to a recording’s file valid for ${RECORDING_LINK_TTL_MS / 60_000} minutes, for a <video src>`,
    auth: supervisor, params: RecordingIdParams, status: 201, response: RecordingLink, errors: ['NOT_FOUND'],
  }),
  getCandidateUploadHealth: route({
    method: 'GET', path: '/supervisor/candidates/:candidateId/upload-health', summary: 'One candidate’s upload health: bytes recorded vs acknowledged over time per kind (camera, screen, phone)',
    auth: supervisor, params: CandidateIdParams, status: 200, response: CandidateUploadHealth,
  }),
  getSittingUploadHealth: route({
    method: 'GET', path: '/supervisor/sittings/:sittingId/upload-health', summary: 'A sitting’s upload health: its totals over time per kind, and every candidate’s latest sample',
    auth: supervisor, params: SittingIdParams, status: 200, response: SittingUploadHealth,
  }),

  adminLogin: route({ method: 'POST', path: '/admin/login', summary: 'Administrator login (throttled like the supervisors’)', auth: 'public', body: AdminLoginBody, status: 201, response: SessionCreated, errors: ['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS'] }),
  changeAdminPassword: route({
    method: 'POST', path: '/admin/password', summary: `Replace the password (the one-time one first), at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`, auth: administrator, body: AdminPasswordBody, status: 204, response: null,
    errors: ['WRONG_PASSWORD'],
  }),
  adminLogout: route({ method: 'POST', path: '/admin/logout', summary: 'End the administrator’s session', auth: administrator, status: 204, response: null }),
  getAdminMe: route({ method: 'GET', path: '/admin/me', summary: 'The administrator logged in, and whether they must change the password first', auth: administrator, status: 200, response: AdminMe }),
  adminListExams: route({ method: 'GET', path: '/admin/exams', summary: 'Every exam', auth: administrator, status: 200, response: Type.Array(AdminExam), errors: ['PASSWORD_CHANGE_REQUIRED'] }),
  adminCreateExam: route({ method: 'POST', path: '/admin/exams', summary: 'A new exam', auth: administrator, body: ExamInput, status: 201, response: AdminExam, errors: ['PASSWORD_CHANGE_REQUIRED', 'TIME_ZONE_INVALID'] }),
  adminGetExam: route({ method: 'GET', path: '/admin/exams/:examId', summary: 'One exam', auth: administrator, params: ExamIdParams, status: 200, response: AdminExam, errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND'] }),
  adminUpdateExam: route({
    method: 'PUT', path: '/admin/exams/:examId', summary: 'Change an exam’s title, time zone or policy (the policy only before any candidate entered)', auth: administrator, params: ExamIdParams, body: ExamInput, status: 200, response: AdminExam,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND', 'TIME_ZONE_INVALID', 'EXAM_IN_USE'],
  }),
  adminListSittings: route({ method: 'GET', path: '/admin/exams/:examId/sittings', summary: 'An exam’s sittings, by start', auth: administrator, params: ExamIdParams, status: 200, response: Type.Array(AdminSitting), errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND'] }),
  adminCreateSitting: route({
    method: 'POST', path: '/admin/exams/:examId/sittings', summary: 'A new sitting of the exam, starting in the future', auth: administrator, params: ExamIdParams, body: SittingInput, status: 201, response: AdminSitting,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND', 'SITTING_IN_PAST'],
  }),
  adminUpdateSitting: route({
    method: 'PUT', path: '/admin/sittings/:sittingId', summary: 'Rename a sitting, or move it and change its policy while no candidate entered', auth: administrator, params: SittingIdParams, body: SittingInput, status: 200, response: AdminSitting,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'SITTING_IN_PAST', 'SITTING_IN_USE'],
  }),
  adminDeleteSitting: route({
    method: 'DELETE', path: '/admin/sittings/:sittingId', summary: 'Delete a sitting that has no candidates (its question sets go with it)', auth: administrator, params: SittingIdParams, status: 204, response: null,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'SITTING_IN_USE'],
  }),
  adminListQuestionSets: route({ method: 'GET', path: '/admin/exams/:examId/question-sets', summary: 'An exam’s question sets, the exam’s and its sittings’', auth: administrator, params: ExamIdParams, status: 200, response: Type.Array(QuestionSet), errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND'] }),
  adminCreateQuestionSet: route({
    method: 'POST', path: '/admin/exams/:examId/question-sets', summary: 'A new question set of the exam or of one of its sittings', auth: administrator, params: ExamIdParams, body: QuestionSetInput, status: 201, response: QuestionSet,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND', 'SITTING_IN_USE'],
  }),
  adminUpdateQuestionSet: route({
    method: 'PUT', path: '/admin/question-sets/:setId', summary: 'Replace a set’s name and questions while no candidate who may get it entered', auth: administrator, params: QuestionSetIdParams, body: QuestionSetInput, status: 200, response: QuestionSet,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'SITTING_IN_USE'],
  }),
  adminDeleteQuestionSet: route({
    method: 'DELETE', path: '/admin/question-sets/:setId', summary: 'Delete a set while no candidate who may get it entered', auth: administrator, params: QuestionSetIdParams, status: 204, response: null,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'SITTING_IN_USE'],
  }),
  adminListSupervisors: route({ method: 'GET', path: '/admin/supervisors', summary: 'Every supervisor and what they watch', auth: administrator, status: 200, response: Type.Array(AdminSupervisor), errors: ['PASSWORD_CHANGE_REQUIRED'] }),
  adminCreateSupervisor: route({
    method: 'POST', path: '/admin/supervisors', summary: 'A new supervisor, with a one-time password answered once', auth: administrator, body: SupervisorInput, status: 201, response: SupervisorCreated,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'USERNAME_TAKEN'],
  }),
  adminUpdateSupervisor: route({
    method: 'PUT', path: '/admin/supervisors/:supervisorId', summary: 'Assign the exams and sittings a supervisor watches, or disable them', auth: administrator, params: SupervisorIdParams, body: SupervisorUpdate, status: 200, response: AdminSupervisor,
    errors: ['PASSWORD_CHANGE_REQUIRED'],
  }),
  adminListAudit: route({
    method: 'GET', path: '/admin/audit', summary: 'The audit log of every administrator’s and supervisor’s action, newest first, paged', auth: administrator, query: AuditQuery, status: 200, response: AuditPage,
    errors: ['PASSWORD_CHANGE_REQUIRED'],
  }),

  adminSittingResults: route({
    method: 'GET', path: '/admin/sittings/:sittingId/results', summary: 'A sitting’s results, one row per candidate (also as results.csv and results.xlsx)', auth: administrator, params: SittingIdParams, status: 200, response: SittingResults,
    errors: ['PASSWORD_CHANGE_REQUIRED'],
  }),
  adminListCandidates: route({
    method: 'GET', path: '/admin/exams/:examId/candidates', summary: 'An exam’s candidates (身份证号 masked), by sitting and 准考证号', auth: administrator, params: ExamIdParams, status: 200, response: Type.Array(AdminCandidate),
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND'],
  }),
  adminPreviewRoster: route({
    method: 'POST', path: '/admin/exams/:examId/roster/preview', summary: 'Check a roster (CSV or XLSX) row by row and tell what importing it would do; writes nothing', auth: administrator, params: ExamIdParams,
    upload: { mediaTypes: ROSTER_MEDIA_TYPES, maxBytes: ROSTER_MAX_BYTES }, status: 200, response: RosterReport,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND', 'FILE_TYPE_UNSUPPORTED', 'FILE_UNREADABLE', 'PAYLOAD_TOO_LARGE'],
  }),
  adminImportRoster: route({
    method: 'POST', path: '/admin/exams/:examId/roster', summary: 'Import a roster: every row or none (ROSTER_INVALID); existing candidates (same 身份证号) updated; the passwords set answered once as a CSV file', auth: administrator, params: ExamIdParams,
    upload: { mediaTypes: ROSTER_MEDIA_TYPES, maxBytes: ROSTER_MAX_BYTES }, status: 201, response: RosterImported,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND', 'FILE_TYPE_UNSUPPORTED', 'FILE_UNREADABLE', 'PAYLOAD_TOO_LARGE', 'ROSTER_INVALID'],
  }),
  adminImportPhotos: route({
    method: 'POST', path: '/admin/exams/:examId/photos', summary: 'Candidates’ photos (for face login) as a zip of JPEG or PNG files, matched by the 照片 column, 身份证号 or 准考证号', auth: administrator, params: ExamIdParams,
    upload: { mediaTypes: PHOTOS_MEDIA_TYPES, maxBytes: PHOTOS_MAX_BYTES }, status: 200, response: PhotosImported,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'EXAM_NOT_FOUND', 'FILE_TYPE_UNSUPPORTED', 'FILE_UNREADABLE', 'PAYLOAD_TOO_LARGE'],
  }),
  adminUploadCandidatePhoto: route({
    method: 'PUT', path: '/admin/candidates/:candidateId/photo', summary: 'One candidate’s photo for face login (JPEG or PNG): with a verifier running, it must show exactly one clear face, whose descriptor is stored at once', auth: administrator, params: CandidateIdParams,
    upload: { mediaTypes: PHOTO_MEDIA_TYPES, maxBytes: PHOTO_MAX_BYTES }, status: 200, response: AdminCandidate,
    errors: ['PASSWORD_CHANGE_REQUIRED', 'NOT_FOUND', 'FILE_TYPE_UNSUPPORTED', 'FILE_UNREADABLE', 'PAYLOAD_TOO_LARGE', 'FACE_NOT_DETECTED', 'FACE_SEVERAL_FACES', 'FACE_LOGIN_STARTING', 'FACE_LOGIN_UNAVAILABLE'],
  }),

  setClock: route({ method: 'POST', path: '/dev/clock', summary: 'Test only: set server time', auth: 'dev', body: SetClockBody, status: 200, response: TimeResponse }),
  seedSitting: route({ method: 'POST', path: '/dev/sittings', summary: 'Test only: add a sitting with a chosen schedule and candidates', auth: 'dev', body: SeedSittingBody, status: 201, response: SeededSitting, errors: ['EXAM_NOT_FOUND'] }),
  seedAdministrator: route({ method: 'POST', path: '/dev/administrators', summary: 'Test only: an administrator with a chosen password', auth: 'dev', body: SeedAdministratorBody, status: 201, response: SeededAdministrator, errors: ['USERNAME_TAKEN'] }),

  // R7: a supervisor lets a candidate go past 设备确认 with a virtual or filter camera (recorded as an intervention).
  waiveVirtualCamera: route({
    method: 'POST', path: '/supervisor/candidates/:candidateId/virtual-camera-waiver', summary: 'Waive a candidate’s virtual or filter camera (R7) with a reason: 设备确认 accepts it from now on (virtualCamera.waived)',
    auth: supervisor, params: CandidateIdParams, body: InterventionReasonBody, status: 201, response: InterventionResult, errors: ['CANDIDATE_FINISHED'],
  }),

  // The face checks during 开始答题: a small camera still every interval, judged by the server's face verifier.
  sendFaceCheck: route({
    method: 'POST', path: '/me/face-check',
    summary: '开始答题: a small still of the candidate’s camera (JPEG, about 320 px wide) for the face checks; answered at once with the interval, judged later (faceMissing, faceSeveral, faceCovered incidents for the supervisor)',
    auth: candidate, upload: { mediaTypes: FACE_CHECK_MEDIA_TYPES, maxBytes: FACE_CHECK_MAX_BYTES }, status: 200, response: FaceCheckAccepted,
    errors: ['NOT_ENTERED', 'QUESTIONS_NOT_RELEASED', 'CONFIRMATIONS_MISSING', 'EXAM_OVER', 'FILE_TYPE_UNSUPPORTED', 'FILE_UNREADABLE', 'PAYLOAD_TOO_LARGE'],
  }),
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;

/** The WebSocket for live events; the first message from the client must be `{ "type": "auth", "token": … }`. */
export const LIVE_EVENTS_PATH = '/ws';
/** The live-events socket's AsyncAPI 3 document (asyncapi.ts), served beside openapi.json. */
export const ASYNCAPI_PATH = '/asyncapi.json';
export const WsAuthMessage = Type.Object({ type: Type.Literal('auth'), token: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
/**
 * How the live-events socket closes when its auth fails or its session ends — revoked (another login, a new phone,
 * logout: at once) or expired (on the server's clock) —, with the error code as the close reason (UNAUTHENTICATED,
 * SESSION_REVOKED, SESSION_EXPIRED); clients do not reconnect after it.
 */
export const LIVE_CLOSE_UNAUTHENTICATED = 4401;

/**
 * The candidate routes a candidate's token keeps after finishing (POST /me/finish): what the page needs to show and
 * complete the uploads (plus the public routes, the heartbeat, logout, the live socket and tus). Every other candidate
 * route answers EXAM_FINISHED. `finish` stays so that a retried finish gets its first answer.
 */
export const ROUTES_AFTER_FINISH: readonly RouteName[] = ['getMe', 'getEvidenceStatus', 'finish', 'completeRecording', 'heartbeat', 'logout'];


/** tus uploads live under this path; `createRecording` answers with `${UPLOADS_PATH}/<recordingId>`. */
export const UPLOADS_PATH = '/uploads';

/** Status codes of the error codes; anything not listed is 400. */
export const ERROR_STATUS: Readonly<Partial<Record<string, number>>> = {
  UNAUTHENTICATED: 401,
  SESSION_REVOKED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  LOGIN_NOT_OPEN: 403,
  LOGIN_CLOSED: 403,
  LATE_ENTRY_CLOSED: 403,
  EXAM_OVER: 403,
  ENTRY_NOT_OPEN: 403,
  QUESTIONS_NOT_RELEASED: 403,
  NOT_ENTERED: 403,
  EXAM_FINISHED: 403,
  NOT_FOUND: 404,
  EXAM_NOT_FOUND: 404,
  ALREADY_ACTIVE_ELSEWHERE: 409,
  STAGE_OUT_OF_ORDER: 409,
  EVIDENCE_NOT_RECORDING: 409,
  EVIDENCE_NOT_UPLOADED: 409,
  CONFIRMATIONS_MISSING: 409,
  FINISH_REASON_INVALID: 409,
  CHECKSUM_MISMATCH: 409,
  RECORDING_ALREADY_OPEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  RECORDING_TOO_LARGE: 413,
  CANDIDATE_FINISHED: 409,
  ALREADY_ENTERED: 409,
  RECORDING_LINK_INVALID: 403,
  RANGE_NOT_SATISFIABLE: 416,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  FACE_LOGIN_UNAVAILABLE: 503,
  LIVE_VIEWS_EXHAUSTED: 409,
  LIVE_VIEW_UNAVAILABLE: 409,
  PASSWORD_CHANGE_REQUIRED: 403,
  WRONG_PASSWORD: 403,
  USERNAME_TAKEN: 409,
  SITTING_IN_PAST: 409,
  SITTING_IN_USE: 409,
  EXAM_IN_USE: 409,
  FILE_TYPE_UNSUPPORTED: 415,
  FILE_UNREADABLE: 400,
  ROSTER_INVALID: 422,
  FACE_LOGIN_STARTING: 503,
  FACE_CHALLENGE_EXPIRED: 409,
  FACE_NOT_ENROLLED: 409,
  VIRTUAL_CAMERA: 409,
};

export function statusOf(code: string): number {
  return ERROR_STATUS[code] ?? 400;
}

// ---- TypeScript types of the schemas (the names clients, servers and the domain use) ----

export type ExamInfoBody = Static<typeof ExamInfo>;
export type SittingBody = Static<typeof Sitting>;
export type CandidateBody = Static<typeof Candidate>;
export type ProgressBody = Static<typeof Progress>;
export type MeBody = Static<typeof Me>;
export type PairingBody = Static<typeof Pairing>;
export type EvidenceStatusBody = Static<typeof EvidenceStatus>;
export type QuestionBody = Static<typeof Question>;
export type IncidentBody = Static<typeof Incident>;
export type ReportIncident = Static<typeof ReportIncidentBody>;
export type HelpMessageBody = Static<typeof HelpMessage>;
export type RecordingTargetBody = Static<typeof RecordingTarget>;
export type RecordingBody = Static<typeof Recording>;
export type SessionCreatedBody = Static<typeof SessionCreated>;
export type CandidateStatusBody = Static<typeof CandidateStatus>;
export type SittingSummaryBody = Static<typeof SittingSummary>;
export type TimeBody = Static<typeof TimeResponse>;
export type PasswordLogin = Static<typeof PasswordLoginBody>;
export type FaceLogin = Static<typeof FaceLoginBody>;
export type FaceChallengeRequest = Static<typeof FaceChallengeRequestBody>;
export type FaceChallengeBody = Static<typeof FaceChallenge>;
export type FaceCheckAcceptedBody = Static<typeof FaceCheckAccepted>;
export type SaveProgress = Static<typeof SaveProgressBody>;
export type Finish = Static<typeof FinishBody>;
export type ConfirmationRequest = Static<typeof ConfirmationBody>;
export type CreateRecording = Static<typeof CreateRecordingBody>;
export type EvidenceRecording = Static<typeof EvidenceRecordingBody>;
export type SendHelp = Static<typeof SendHelpBody>;
export type CompleteRecording = Static<typeof CompleteRecordingBody>;
export type PhonePair = Static<typeof PhonePairBody>;
export type EvidenceUpdate = Static<typeof EvidenceUpdateBody>;
export type SupervisorLogin = Static<typeof SupervisorLoginBody>;
export type SetClock = Static<typeof SetClockBody>;
export type SeedSitting = Static<typeof SeedSittingBody>;
export type SeededSittingBody = Static<typeof SeededSitting>;
export type CandidateScheduleBody = Static<typeof CandidateSchedule>;
export type InterventionBody = Static<typeof Intervention>;
export type InterventionResultBody = Static<typeof InterventionResult>;
export type VerdictBody = Static<typeof Verdict>;
export type VerdictStateBody = Static<typeof VerdictState>;
export type TimelineBody = Static<typeof Timeline>;
export type TimelineMarkerBody = Static<typeof TimelineMarker>;
export type RecordingLinkBody = Static<typeof RecordingLink>;
export type NoticeSentBody = Static<typeof NoticeSent>;
export type HeartbeatRequest = Static<typeof HeartbeatBody>;
export type UploadLatestByKindBody = Static<typeof UploadLatestByKind>;
export type CandidateUploadHealthBody = Static<typeof CandidateUploadHealth>;
export type SittingUploadHealthBody = Static<typeof SittingUploadHealth>;
export type ExtraTime = Static<typeof ExtraTimeBody>;
export type InterventionReason = Static<typeof InterventionReasonBody>;
export type SetVerdict = Static<typeof SetVerdictBody>;
export type AdminLogin = Static<typeof AdminLoginBody>;
export type AdminPassword = Static<typeof AdminPasswordBody>;
export type AdminMeBody = Static<typeof AdminMe>;
export type AdminExamBody = Static<typeof AdminExam>;
export type ExamInputBody = Static<typeof ExamInput>;
export type AdminSittingBody = Static<typeof AdminSitting>;
export type SittingInputBody = Static<typeof SittingInput>;
export type QuestionSetBody = Static<typeof QuestionSet>;
export type QuestionSetInputBody = Static<typeof QuestionSetInput>;
export type AdminSupervisorBody = Static<typeof AdminSupervisor>;
export type SupervisorCreatedBody = Static<typeof SupervisorCreated>;
export type SupervisorInputBody = Static<typeof SupervisorInput>;
export type SupervisorUpdateBody = Static<typeof SupervisorUpdate>;
export type AuditEntryBody = Static<typeof AuditEntry>;
export type AuditPageBody = Static<typeof AuditPage>;
export type AuditQueryParams = Static<typeof AuditQuery>;
export type SeedAdministrator = Static<typeof SeedAdministratorBody>;
export type SeededAdministratorBody = Static<typeof SeededAdministrator>;
export type SittingResultsBody = Static<typeof SittingResults>;
export type ResultRowBody = Static<typeof ResultRow>;
export type EvidenceTimingValue = Static<typeof EvidenceTiming>;
export type RosterProblemItem = Static<typeof RosterProblemBody>;
export type RosterReportBody = Static<typeof RosterReport>;
export type RosterImportedBody = Static<typeof RosterImported>;
export type AdminCandidateBody = Static<typeof AdminCandidate>;
export type PhotosImportedBody = Static<typeof PhotosImported>;
