/**
 * The exam backend as the candidate's browser sees it. The REST adapter implements it over the examroom REST
 * contract; a university may implement it over its own backend. Every method rejects with an ExamError whose code
 * says what went wrong.
 */
import type { UploadReport } from '../rules/upload-health.js';
import type { Progress, ProgressStage, FinishReason } from '../rules/stages.js';
import type { ExamPolicy, Schedule, Sitting } from '../rules/schedule.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { Subscribable } from './subscribable.js';
import type { RecordingKind } from './recorder.port.js';
import type { ConfirmationKind } from '../rules/access.js';

/** What anyone may know about an exam before logging in. */
export interface ExamInfo {
  readonly id: string;
  readonly title: string;
  /** The exam's sittings (场次, R1); which one is the candidate's is known only after login. */
  readonly sittings: readonly Sitting[];
  /** The exam's default policy; a sitting may override parts of it. */
  readonly policy: Partial<ExamPolicy>;
  /** The IANA time zone the exam's times are shown in (e.g. `Asia/Shanghai`), whatever the browser's own zone. */
  readonly timeZone: string;
}

/** The logged-in candidate's personal information (信息确认, R17; shown while answering, R19). */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  /** ID number with the middle digits masked, e.g. 「1101**********1234」. */
  readonly idNumberMasked: string;
  /** 准考证号. */
  readonly admissionNumber: string;
  /** A photo to compare with the camera, as a URL the browser may load; optional. */
  readonly photoUrl?: string;
}

/** Everything the candidate's browser needs after login. */
export interface Me {
  readonly candidate: Candidate;
  readonly exam: ExamInfo;
  readonly sitting: Sitting;
  readonly progress: Progress;
}

/** The pairing code the phone scans (佐证绑定, R9). */
export interface Pairing {
  /** Short code the candidate can also type on the phone. */
  readonly code: string;
  /** The URL encoded in the QR code. */
  readonly url: string;
  /** Server time after which the code no longer pairs. */
  readonly expiresAt: number;
}

/** The phone's evidence recording as the server sees it (R9, R10, R30). */
export type EvidenceState = 'waitingForPhone' | 'phoneConnected' | 'roomScanned' | 'recording' | 'stopped' | 'uploaded';

export interface EvidenceStatus {
  readonly state: EvidenceState;
  /** Server time of the last change. */
  readonly updatedAt: number;
  /** When another phone last took over the evidence recording with a new pairing code (absent: never). */
  readonly phoneReplacedAt?: number;
  /** Bytes of evidence the server has received, over every part (for 「已上传 x MB」 on the PC and at 上传成功). */
  readonly bytesReceived?: number;
  /**
   * The whole evidence in bytes, known once the phone has stopped: what the server had then plus what the phone still
   * held (`bytesPending` of its `stopped` report). Absent while recording.
   */
  readonly bytesExpected?: number;
  /** Server time of the phone's last request (heartbeat, report or upload); absent before pairing. */
  readonly phoneSeenAt?: number;
}

export interface Question {
  readonly id: string;
  /** 1-based position; answers go in this order (R20). */
  readonly order: number;
  readonly text: string;
}

/** Kinds of incident a supervisor sees (R6, R7, R13, R15, R26). Flags for a human reviewer, never automatic verdicts. */
export type IncidentKind =
  | 'windowBlur'
  | 'pageHidden'
  | 'fullscreenExit'
  | 'clipboard'
  | 'printScreen'
  | 'deviceRemoved'
  | 'externalDisplay'
  | 'screenShareEnded'
  | 'cameraEnded'
  | 'offline'
  | 'online'
  | 'storageLow'
  /** Raised by the server, never sent by a client: the phone's evidence was not complete at its due time (R30). */
  | 'evidenceLate'
  /** Raised by the server: the phone reported `stopped` before the candidate's interview ended. */
  | 'evidenceStopped'
  /** Raised by the server: a recording phone was not heard from for PHONE_SILENT_AFTER_MS during the interview. */
  | 'evidenceSilent'
  /** R7: the server refused 设备确认 with a virtual or filter camera (reported by the page, its label as the detail). */
  | 'virtualCamera'
  /** Raised by the server's face checks while answering: no face in the camera's frame. */
  | 'faceMissing'
  /** Raised by the server's face checks: several faces in the camera's frame. */
  | 'faceSeveral'
  /** Raised by the server's face checks: the face partly covered (a hand, a mask, the camera's view blocked). */
  | 'faceCovered';

export interface Incident {
  /** Client-generated id, so a retried report is stored once. */
  readonly id: string;
  readonly kind: IncidentKind;
  /** Server time when it happened. */
  readonly at: number;
  /** Optional machine-readable detail (e.g. the device kind removed). */
  readonly detail?: string;
}

/** What a candidate's page reports; the server raises the others itself. */
export type ReportedIncidentKind = Exclude<IncidentKind, ServerIncidentKind>;
/** The incidents only the server raises; a page that reports one is refused (VALIDATION_FAILED). */
export type ServerIncidentKind = 'evidenceLate' | 'evidenceStopped' | 'evidenceSilent' | 'faceMissing' | 'faceSeveral' | 'faceCovered';
export type ReportedIncident = Incident & { readonly kind: ReportedIncidentKind };

export interface HelpMessage {
  readonly id: string;
  readonly from: 'candidate' | 'supervisor';
  readonly text: string;
  /** Server time it was stored. */
  readonly at: number;
  /** A supervisor's notice to the whole sitting (R27: 「开考时间推迟5分钟」), shown in every candidate's chat. */
  readonly notice?: boolean;
}

/** Where one recording is uploaded. */
export interface RecordingTarget {
  readonly recordingId: string;
  /** The tus upload URL (or whatever the UploadTransport understands). */
  readonly uploadUrl: string;
}

/** Pushed by the server while the candidate is logged in. */
export type LiveEvent =
  | { readonly type: 'help.message'; readonly message: HelpMessage }
  | { readonly type: 'evidence.status'; readonly status: EvidenceStatus }
  | { readonly type: 'session.revoked'; readonly reason: ErrorCode }
  | InterventionLiveEvent;

/**
 * The pushes of a supervisor's interventions:
 * - `schedule.changed`: a supervisor gave the candidate extra time or let them in late; their own schedule from now
 *   on (the same as `scheduleOf(me.sitting)` after a new GET /me).
 * - `exam.finished`: a supervisor ended the interview (finishReason endedBySupervisor); the page finishes as at the
 *   deadline (上传, then 上传成功).
 */
/** A candidate's own instants as a supervisor's intervention moved them (the policy stays the sitting's). */
export type ScheduleInstants = Omit<Schedule, 'policy'>;

export type InterventionLiveEvent =
  | { readonly type: 'schedule.changed'; readonly schedule: ScheduleInstants }
  | { readonly type: 'exam.finished'; readonly progress: Progress }
  /** R7: a supervisor waived the candidate's virtual or filter camera; 设备确认 now goes on with it. */
  | { readonly type: 'virtualCamera.waived' };

/** A confirmation after entering (R16, R17, R24): 设备确认, 信息确认, or the 考试承诺书 with the version of its text. */
export type Confirmation =
  | {
      readonly kind: Exclude<ConfirmationKind, 'pledge'>;
      /**
       * With 设备确认: the label of the camera chosen (R7), which the server judges with `isVirtualCamera`; empty or
       * left out when the browser gives none.
       */
      readonly cameraLabel?: string;
    }
  | { readonly kind: 'pledge'; readonly pledgeVersion: string };

export interface LoginWithFace {
  readonly examId: string;
  /**
   * One camera frame (JPEG or PNG), nobody named: the first form, which a server with a face verifier answers
   * FACE_LOGIN_UNAVAILABLE (it compares 1:1 and never searches the roster), so the page goes on with 普通登录.
   */
  readonly image?: Blob;
  /** A random key this browser keeps, so the same device may reconnect (R6). */
  readonly deviceKey: string;
  /** 身份证号 of the candidate: the frames are compared with this candidate's photo only. */
  readonly idNumber?: string;
  /** The liveness challenge (`POST /sessions/face/challenge`) the frames were captured during. */
  readonly challengeId?: string;
  /** 2–6 camera frames (JPEG or PNG, unmirrored) in the order captured during the challenge's action. */
  readonly frames?: readonly Blob[];
}

/** What the candidate does during the frames of one face login, as the server asks (`POST /sessions/face/challenge`). */
export type LivenessAction = 'turnLeft' | 'turnRight' | 'blink';

/** A liveness challenge for one face login: valid until `expiresAt` (server time), for one login. */
export interface FaceChallenge {
  readonly challengeId: string;
  readonly action: LivenessAction;
  readonly expiresAt: number;
}

export interface LoginWithPassword {
  readonly examId: string;
  /** 身份证号. */
  readonly idNumber: string;
  readonly password: string;
  readonly deviceKey: string;
}

export interface ExamApi {
  /** Server time in epoch ms; the clock stream calls it several times per sync. */
  getServerTime(): Promise<number>;
  /** Public facts of an exam: title, sittings and policy. */
  getExam(examId: string): Promise<ExamInfo>;
  /** 人脸登录's liveness challenge; rejects EXAM_NOT_FOUND, FACE_LOGIN_UNAVAILABLE (off for the exam or no verifier), FACE_LOGIN_STARTING. */
  createFaceChallenge(examId: string): Promise<FaceChallenge>;
  /** 人脸登录. Rejects FACE_LOGIN_UNAVAILABLE, FACE_NOT_DETECTED, FACE_NOT_MATCHED, LOGIN_NOT_OPEN, ALREADY_ACTIVE_ELSEWHERE… */
  loginWithFace(request: LoginWithFace): Promise<void>;
  /** 普通登录. Rejects INVALID_CREDENTIALS, LOGIN_NOT_OPEN, LOGIN_CLOSED, ALREADY_ACTIVE_ELSEWHERE, TOO_MANY_ATTEMPTS… */
  loginWithPassword(request: LoginWithPassword): Promise<void>;
  logout(): Promise<void>;
  /**
   * Keeps the session alive; a session without a heartbeat for 30 s may be taken over (R6). `report`: the bytes this
   * page recorded of the parts it still uploads, for the supervisor's upload health.
   */
  heartbeat(report?: UploadReport): Promise<void>;
  getMe(): Promise<Me>;
  /** Records that the candidate reached a stage; never moves back. */
  saveProgress(stage: ProgressStage): Promise<Progress>;
  /** A fresh pairing code for the phone (佐证绑定). */
  createPairing(): Promise<Pairing>;
  getEvidenceStatus(): Promise<EvidenceStatus>;
  /** 抽签 (R11); drawing twice returns the same lot. */
  drawLot(): Promise<Progress>;
  /** 进入考试 (R12, R21); assigns a lot if none was drawn. Rejects ENTRY_NOT_OPEN or LATE_ENTRY_CLOSED. */
  enter(): Promise<Progress>;
  /**
   * Records a confirmation with server time (the first time is kept); rejects NOT_ENTERED for one who did not enter.
   * Answers the progress with every confirmation given so far.
   */
  confirm(confirmation: Confirmation): Promise<Progress>;
  /**
   * Rejects QUESTIONS_NOT_RELEASED before the start, NOT_ENTERED for one who did not enter, CONFIRMATIONS_MISSING
   * without the three confirmations, EXAM_OVER after the deadline or the finish.
   */
  getQuestions(): Promise<readonly Question[]>;
  /** Stored idempotently by incident.id. */
  reportIncident(incident: ReportedIncident): Promise<void>;
  /**
   * Records the end of the exam and why (R25, R29); idempotent. Rejects FINISH_REASON_INVALID for timeUp before the
   * deadline; after it the server has recorded timeUp, whatever the reason sent.
   */
  finish(reason: FinishReason): Promise<Progress>;
  /** A new recording of this candidate and where to upload it. */
  createRecording(request: { readonly kind: RecordingKind; readonly mimeType: string }): Promise<RecordingTarget>;
  /**
   * Gives up a recording part whose bytes this browser no longer holds, so that the next part of its kind may be
   * created (RECORDING_ALREADY_OPEN names it). The bytes the server received stay there. Idempotent.
   */
  abandonRecording(recordingId: string): Promise<void>;
  getHelpMessages(): Promise<readonly HelpMessage[]>;
  /** Sends a help message (求助, R27); `id` is client-generated so a retry is stored once. */
  sendHelpMessage(request: { readonly id: string; readonly text: string }): Promise<HelpMessage>;
  /** Server pushes while logged in: help replies, evidence status, revocation. */
  liveEvents(): Subscribable<LiveEvent>;
  /**
   * The face checks while answering: a small JPEG of the camera for the server to judge (no face, several, covered:
   * incidents for the supervisor). Answers at once how many seconds until the next frame, 0 when the server does
   * no face checks. Rejects as getQuestions does outside answering.
   */
  sendFaceCheck(frame: Blob): Promise<FaceCheckAnswer>;
}

/** The server's answer to a face-check frame. */
export interface FaceCheckAnswer {
  /** Seconds until the server takes the next frame; 0: send none (no verifier, or the checks are off). */
  readonly intervalSeconds: number;
}
