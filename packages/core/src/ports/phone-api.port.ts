/**
 * The backend as the phone's evidence recorder sees it (佐证绑定, R9, R10, R30). The REST adapter implements it over
 * the contract's phone routes (pairPhone, setEvidenceStatus, createEvidenceRecording, abandonRecording) and the
 * live-events socket; a phone session may do evidence work only. Every method rejects with an ExamError.
 */
import type { UploadReport } from '../rules/upload-health.js';
import type { EvidenceState, EvidenceStatus, RecordingTarget } from './exam-api.port.js';
import type { Subscribable } from './subscribable.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { CameraFacing } from './phone-devices.port.js';

/** What pairing gives the phone: a session that may do evidence work only. */
export interface PhoneSession {
  /** Bearer token of the phone session; kept in the PhoneSessionStore so that a reload keeps the session. */
  readonly token: string;
}

/** Pushed to a phone: its candidate's evidence status (the server sets `uploaded`), and the end of its session. */
export type PhoneLiveEvent =
  | { readonly type: 'evidence.status'; readonly status: EvidenceStatus }
  /** PHONE_REPLACED: another phone paired with a new code; SESSION_EXPIRED: past the evidence deadline. */
  | { readonly type: 'session.revoked'; readonly reason: ErrorCode };

/** The states a phone may report; `waitingForPhone` and `uploaded` are the server's own. */
export type PhoneReportedState = Exclude<EvidenceState, 'waitingForPhone' | 'uploaded'>;

export interface PhoneApi {
  /** Exchanges the single-use pairing code (from the QR link or typed) for a phone session. Rejects PAIRING_FAILED. */
  pair(code: string): Promise<PhoneSession>;
  /**
   * Reports where the phone is (环拍完成, 录制中, 已停止). With `stopped`, `bytesPending` is what the phone still holds
   * to upload, so that the PC can show the evidence upload's progress. Rejects STAGE_OUT_OF_ORDER, SESSION_REVOKED…
   */
  reportEvidence(state: PhoneReportedState, progress?: { readonly bytesPending: number }): Promise<EvidenceStatus>;
  /**
   * Tells the server the phone is alive (a recording phone silent for PHONE_SILENT_AFTER_MS is an incident); `report`:
   * the bytes it recorded of the parts it still uploads, for the supervisor's upload health.
   */
  heartbeat(report?: UploadReport): Promise<void>;
  /** The next evidence recording part (one open part at a time: RECORDING_ALREADY_OPEN names the open one). */
  createEvidenceRecording(request: { readonly mimeType: string }): Promise<RecordingTarget>;
  /** Gives up a part whose bytes this phone no longer holds; idempotent. */
  abandonRecording(recordingId: string): Promise<void>;
  /** Server pushes while the phone session lives. */
  liveEvents(): Subscribable<PhoneLiveEvent>;
}

/** The phone session kept across reloads (localStorage in the browser), as the PC keeps its session token. */
export interface KeptPhoneSession {
  readonly token: string;
  /** The last state this phone reported, so that a reload knows where to go on (recording: the next part). */
  readonly reported: PhoneReportedState | 'paired';
  /** The camera the candidate chose, so that the room is filmed from the same side after a reload. */
  readonly facing?: CameraFacing;
}

export interface PhoneSessionStore {
  /** The kept session, or null before pairing or after it ended. */
  load(): KeptPhoneSession | null;
  save(session: KeptPhoneSession): void;
  /** Forgets the session (replaced, expired, done). */
  clear(): void;
}
