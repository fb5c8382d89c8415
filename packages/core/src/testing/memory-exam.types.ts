/** The in-memory exam backend's fixture, server interface and records. */
import type { Subject } from 'rxjs';
import type {
  Candidate,
  Confirmation,
  EvidenceState,
  EvidenceStatus,
  ExamInfo,
  HelpMessage,
  Incident,
  LiveEvent,
  FaceChallenge,
  LoginWithFace,
  LoginWithPassword,
  Me,
  Pairing,
  Question,
  RecordingTarget,
} from '../ports/exam-api.port.js';
import type { RecordingKind } from '../ports/recorder.port.js';
import type { ExamPolicy, Sitting } from '../rules/schedule.js';
import type { FinishReason, Progress, ProgressStage } from '../rules/stages.js';

export interface MemoryCandidate {
  readonly candidate: Candidate;
  readonly sittingId: string;
  /** 身份证号 for 普通登录. */
  readonly idNumber: string;
  readonly password: string;
}

export interface MemoryExamFixture {
  readonly exam: ExamInfo;
  readonly candidates: readonly MemoryCandidate[];
  readonly questions: readonly Question[];
}

export interface MemoryRecording {
  readonly id: string;
  readonly kind: RecordingKind;
  readonly mimeType: string;
  readonly uploadUrl: string;
  /** Set by abandonRecording. */
  abandoned?: boolean;
}

/** A new sitting and its candidates, as the dev control's seeding takes them. */
export interface SeedSitting {
  readonly examId: string;
  readonly name: string;
  readonly startsAt: number;
  readonly entryOpensAt?: number;
  readonly policy?: Partial<ExamPolicy>;
  readonly candidates: readonly { readonly name: string; readonly idNumber: string; readonly password: string; readonly admissionNumber: string }[];
}

/** What the server learns of the phone's evidence besides its state (EvidenceStatus' upload fields). */
export type EvidenceProgress = Pick<EvidenceStatus, 'bytesReceived' | 'bytesExpected' | 'phoneSeenAt'>;

/** One method per candidate route; `token` is the session's bearer token (null: none given). */
export interface MemoryExamServer {
  now(): number;
  getExam(examId: string): ExamInfo;
  /** 普通登录; answers the new session's token. */
  loginWithPassword(request: LoginWithPassword): string;
  /** 人脸登录's liveness challenge. */
  createFaceChallenge(examId: string): FaceChallenge;
  /** 人脸登录, 1:1 by 身份证号: matched when `setFaceMatch` names that candidate; answers the new session's token. */
  loginWithFace(request: LoginWithFace): string;
  logout(token: string | null): void;
  heartbeat(token: string | null): void;
  getMe(token: string | null): Me;
  saveProgress(token: string | null, stage: ProgressStage): Progress;
  createPairing(token: string | null): Pairing;
  getEvidenceStatus(token: string | null): EvidenceStatus;
  drawLot(token: string | null): Progress;
  enter(token: string | null): Progress;
  /** 设备确认, 信息确认, the pledge (R16, R17, R24), recorded once with server time. */
  confirm(token: string | null, confirmation: Confirmation): Progress;
  getQuestions(token: string | null): readonly Question[];
  reportIncident(token: string | null, incident: Incident): void;
  finish(token: string | null, reason: FinishReason): Progress;
  createRecording(token: string | null, request: { readonly kind: RecordingKind; readonly mimeType: string }): RecordingTarget;
  abandonRecording(token: string | null, recordingId: string): void;
  getHelpMessages(token: string | null): readonly HelpMessage[];
  sendHelpMessage(token: string | null, request: { readonly id: string; readonly text: string }): HelpMessage;
  /** The phone scans the pairing code (R9); answers the phone session's token. */
  pairPhone(code: string): string;
  /** The phone reports its evidence recording's state (R9, R10). */
  setEvidenceStatus(token: string | null, state: EvidenceState): EvidenceStatus;
  /** The phone's evidence recording and where to upload it (R10). */
  createEvidenceRecording(token: string | null, request: { readonly mimeType: string }): RecordingTarget;
  /** The session's live events (help replies, evidence status, its revocation). */
  liveEvents(token: string): Subject<LiveEvent>;
  seedSitting(request: SeedSitting): { readonly sitting: Sitting; readonly candidates: readonly Candidate[] };
  /** The face checks' frame: kept with its server time (`faceChecksOf`), never judged; answers the interval set. */
  sendFaceCheck(token: string | null, frame: Blob): { readonly intervalSeconds: number };
}

/** What the backend holds of one candidate. */
export interface MemoryCandidateRecord {
  readonly entry: MemoryCandidate;
  progress: Progress;
  evidence: EvidenceStatus;
  readonly incidents: Incident[];
  readonly help: HelpMessage[];
  readonly recordings: MemoryRecording[];
}
