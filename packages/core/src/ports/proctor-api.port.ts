/**
 * The backend as the supervisor's console (监督员, <exam-proctor-console>) sees it. The REST adapter implements it over
 * the contract's supervisor routes (supervisorLogin, listSittings, listCandidates, getCandidateHelp, replyHelp,
 * listIncidents) and the live-events socket. Every method rejects with an ExamError.
 */
import type { Progress } from '../rules/stages.js';
import type { Sitting } from '../rules/schedule.js';
import type { Candidate, EvidenceStatus, HelpMessage, Incident } from './exam-api.port.js';
import type { Subscribable } from './subscribable.js';

/** What a supervisor's login gives: a session that may read and answer for the exams they watch. */
export interface SupervisorSession {
  /** Bearer token; kept in the ProctorSessionStore so that a reload keeps the session. */
  readonly token: string;
}

/** A sitting the supervisor watches, with its exam's title and how many candidates it has. */
export interface SittingSummary {
  readonly examId: string;
  readonly examTitle: string;
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
  /** Server pushes while the supervisor's session lives. */
  liveEvents(): Subscribable<ProctorLiveEvent>;
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
