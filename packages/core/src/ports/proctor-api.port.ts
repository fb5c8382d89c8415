/**
 * The backend as the supervisor's console (监督员, <exam-proctor-console>) sees it. The REST adapter implements it over
 * the contract's supervisor routes (supervisorLogin, listSittings, listCandidates, getCandidateHelp, replyHelp,
 * listIncidents) and the live-events socket. Every method rejects with an ExamError.
 */
import type { Progress } from '../rules/stages.js';
import type { Accommodation, Sitting } from '../rules/schedule.js';
import type { Candidate, EvidenceStatus, HelpMessage, Incident } from './exam-api.port.js';
import type { ScheduleInstants } from './exam-api.port.js';
import type { Subscribable } from './subscribable.js';
import type { UploadLatestByKind, UploadSeries } from '../rules/upload-health.js';
import type { RecordingKind } from './recorder.port.js';

/** What a supervisor's login gives: a session that may read and answer for the exams they watch. */
export interface SupervisorSession {
  /** Bearer token; kept in the ProctorSessionStore so that a reload keeps the session. */
  readonly token: string;
}

/** A sitting the supervisor watches, with its exam's title and how many candidates it has. */
export interface SittingSummary {
  readonly examId: string;
  readonly examTitle: string;
  /** The exam's IANA time zone: the sitting's times are shown in it. */
  readonly timeZone: string;
  readonly sitting: Sitting;
  readonly candidates: number;
}

/** One candidate as the supervisor's grid shows them. */
export interface CandidateStatus {
  readonly candidate: Candidate;
  readonly sittingId: string;
  /** A heartbeat within the last 30 s. */
  readonly online: boolean;
  readonly progress: Progress;
  readonly evidence: EvidenceStatus;
  /** How many incidents the candidate has (reported by the page and raised by the server). */
  readonly incidents: number;
  /** How many help messages the conversation holds, the candidate's and the supervisors' together. */
  readonly helpMessages: number;
  /** The candidate's own schedule (extra time, late entry). */
  readonly schedule?: CandidateSchedule;
  /** The current verdict, if one was given. */
  readonly verdict?: VerdictKind;
  /** How many interventions and verdicts are recorded: a change means the candidate's panel is out of date. */
  readonly interventions?: number;
  readonly verdicts?: number;
  /** Upload health: the latest sample of bytes recorded and acknowledged per kind, once one was taken. */
  readonly upload?: UploadLatestByKind;
  /**
   * R7: the server refused the candidate's 设备确认 for a virtual or filter camera (their latest `virtualCamera`
   * incident: the camera's label and when), and whether a supervisor waived it since.
   */
  readonly virtualCamera?: VirtualCameraStatus;
}

/** R7: a candidate's virtual or filter camera as the supervisors see it. */
export interface VirtualCameraStatus {
  /** The camera's label as the page reported it. */
  readonly label: string;
  readonly at: number;
  /** A supervisor waived it: 设备确认 accepts it. */
  readonly waived: boolean;
}

/** Pushed to a supervisor about the candidates of the exams they watch, and `connected` on every (re)connection. */
export type ProctorLiveEvent =
  | { readonly type: 'candidate.status'; readonly status: CandidateStatus }
  | { readonly type: 'help.message'; readonly candidateId: string; readonly message: HelpMessage }
  | { readonly type: 'evidence.status'; readonly candidateId: string; readonly status: EvidenceStatus }
  /**
   * The socket is (again) connected: pushes sent while it was down are lost, so what the console shows is read again.
   * Not a server message: the adapter says it.
   */
  | { readonly type: 'connected' };

/** What a sitting-wide notice gave: stored in each candidate's help chat (notice: true) and pushed live. */
export interface NoticeSent {
  readonly id: string;
  readonly text: string;
  readonly at: number;
  /** How many candidates' chats it went to. */
  readonly candidates: number;
}

export type InterventionKind = 'extraTime' | 'endInterview' | 'lateEntry' | 'virtualCameraWaiver';

/** One supervisor's intervention on a candidate, as the server recorded it: who, when, what. */
export interface Intervention {
  readonly id: string;
  readonly candidateId: string;
  readonly kind: InterventionKind;
  readonly supervisorId: string;
  /** Who, as the console shows them. */
  readonly supervisorName: string;
  readonly at: number;
  /** extraTime: the minutes granted. */
  readonly minutes?: number;
  /** endInterview, lateEntry and virtualCameraWaiver: why. */
  readonly reason?: string;
}

/** One candidate's own schedule on server time, moved by the supervisors' interventions. */
export type CandidateSchedule = ScheduleInstants & Accommodation;

/** What an intervention did: the record, and the candidate's schedule and progress after it. */
export interface InterventionResult {
  readonly intervention: Intervention;
  readonly schedule: CandidateSchedule;
  readonly progress: Progress;
}

export type VerdictKind = 'passed' | 'doubtful' | 'violation';

export interface Verdict {
  readonly verdict: VerdictKind;
  readonly comment: string;
  readonly supervisorId: string;
  readonly supervisorName: string;
  readonly at: number;
}

/** A candidate's verdict (通过 / 存疑 / 违规) and every one given before it. */
export interface VerdictState {
  readonly current: Verdict | null;
  /** Oldest first; the last is the current one. */
  readonly history: readonly Verdict[];
}

export interface ProctorApi {
  /** Rejects INVALID_CREDENTIALS, or TOO_MANY_ATTEMPTS after too many wrong passwords. */
  login(username: string, password: string): Promise<SupervisorSession>;
  /** The sittings of the exams this supervisor watches. */
  listSittings(): Promise<readonly SittingSummary[]>;
  /** Who is where in one sitting, now. */
  listCandidates(sittingId: string): Promise<readonly CandidateStatus[]>;
  /** One candidate's help conversation (求助), oldest first. */
  getCandidateHelp(candidateId: string): Promise<readonly HelpMessage[]>;
  /** Answers in a candidate's help conversation; idempotent by id. */
  replyHelp(candidateId: string, reply: { readonly id: string; readonly text: string }): Promise<HelpMessage>;
  /** One candidate's incidents, oldest first. */
  listIncidents(candidateId: string): Promise<readonly Incident[]>;
  /** A notice to every candidate of the sitting, in each one's help chat; idempotent by id. */
  sendNotice(sittingId: string, notice: { readonly id: string; readonly text: string }): Promise<NoticeSent>;
  /** Extra answer time (1–120 minutes), before or during the interview. Rejects CANDIDATE_FINISHED. */
  giveExtraTime(candidateId: string, minutes: number): Promise<InterventionResult>;
  /** Ends the candidate's interview. Rejects NOT_ENTERED, CANDIDATE_FINISHED. */
  endInterview(candidateId: string, reason: string): Promise<InterventionResult>;
  /** Lets a candidate in after the late cutoff. Rejects ALREADY_ENTERED, EXAM_OVER. */
  allowLateEntry(candidateId: string, reason: string): Promise<InterventionResult>;
  /** One candidate's interventions, oldest first. */
  listInterventions(candidateId: string): Promise<readonly Intervention[]>;
  getVerdict(candidateId: string): Promise<VerdictState>;
  /** Gives a verdict with a comment; every change is kept in the history. */
  setVerdict(candidateId: string, verdict: { readonly verdict: VerdictKind; readonly comment: string }): Promise<VerdictState>;
  /** Server pushes while the supervisor's session lives. */
  liveEvents(): Subscribable<ProctorLiveEvent>;
  /** One candidate's upload health: bytes recorded and acknowledged over time per kind (camera, screen, phone). */
  getCandidateUploadHealth(candidateId: string): Promise<CandidateUploadHealth>;
  /** A sitting's upload health: its totals over time per kind, and each candidate's latest sample per kind. */
  getSittingUploadHealth(sittingId: string): Promise<SittingUploadHealth>;
  /** One candidate's interview on one timeline: schedule, progress, markers in order of time, every recording part. */
  getTimeline(candidateId: string): Promise<Timeline>;
  /** A link to a recording's file for a <video src>, valid RECORDING_LINK_TTL_MS (5 minutes). Rejects NOT_FOUND. */
  createRecordingLink(recordingId: string): Promise<RecordingLink>;
  /** R7: lets the candidate go past 设备确认 with a virtual or filter camera, with a reason. Rejects CANDIDATE_FINISHED. */
  waiveVirtualCamera(candidateId: string, reason: string): Promise<InterventionResult>;
}

/** The supervisor's session kept across reloads (localStorage in the browser). */
export interface KeptProctorSession {
  readonly token: string;
  /** The sitting last opened, so that a reload opens it again. */
  readonly sittingId?: string;
  /**
   * Per candidate, how many help messages the supervisor has seen (the conversation's length when they last had it
   * open): the rest are unread. Kept so that a reload does not mark everything unread again.
   */
  readonly seenHelp?: Readonly<Record<string, number>>;
}

export interface ProctorSessionStore {
  /** The kept session, or null before login and after logout. */
  load(): KeptProctorSession | null;
  save(session: KeptProctorSession): void;
  clear(): void;
  /** The supervisor's own quick replies, or null for the console's defaults; kept across logins on this browser. */
  loadQuickReplies(): readonly string[] | null;
  saveQuickReplies(replies: readonly string[]): void;
}

/** One candidate's upload health (GET /supervisor/candidates/:id/upload-health). */
export interface CandidateUploadHealth {
  readonly candidateId: string;
  readonly series: UploadSeries;
}

/** A sitting's upload health (GET /supervisor/sittings/:id/upload-health). */
export interface SittingUploadHealth {
  readonly sittingId: string;
  /** The sum over its candidates, per kind, over time. */
  readonly totals: UploadSeries;
  /** Every candidate of the sitting with their latest sample per kind (none before their first). */
  readonly candidates: readonly { readonly candidateId: string; readonly name: string; readonly latest: UploadLatestByKind }[];
}

/** What a marker on the review's timeline stands for. */
export type TimelineMarkerKind = 'entered' | 'devicesConfirmed' | 'infoConfirmed' | 'pledgeAccepted' | 'finished' | 'incident' | 'help' | 'intervention' | 'verdict';

/** One thing that happened to the candidate, at server time. */
export interface TimelineMarker {
  readonly at: number;
  readonly kind: TimelineMarkerKind;
  /** incident: its kind; help: candidate, supervisor or notice; intervention: its kind; verdict: the verdict; finished: the reason. */
  readonly detail?: string;
  /** help: the message; intervention: the reason or minutes; verdict: the comment; incident: its detail. */
  readonly text?: string;
}

/** One part of one recording kind, as the review places it: from createdAt for durationMs. */
export interface ReviewRecording {
  readonly id: string;
  readonly kind: RecordingKind;
  readonly part: number;
  readonly mimeType: string;
  readonly createdAt: number;
  /** The final file exists once complete; before, the file route answers NOT_FOUND. */
  readonly complete: boolean;
  /** Read from the finalised file (WebM, MP4); absent for a file kept as received. */
  readonly durationMs?: number;
}

/** One candidate's interview as the review shows it. */
export interface Timeline {
  readonly candidateId: string;
  readonly schedule: CandidateSchedule;
  readonly progress: Progress;
  /** In order of time. */
  readonly markers: readonly TimelineMarker[];
  readonly recordings: readonly ReviewRecording[];
}

/** A short-lived address of a recording's file, for a <video src> (which cannot send Authorization). */
export interface RecordingLink {
  readonly url: string;
  /** Server time the link stops opening the file. */
  readonly expiresAt: number;
}
