/** Context, input, events and emitted events of examMachine. Context holds data and error codes, never display text. */
import type { ErrorCode } from '../errors/error-codes.js';
import type { Progress, FinishReason, Resume, Stage } from '../rules/stages.js';
import type { Schedule } from '../rules/schedule.js';
import type {
  Candidate,
  EvidenceStatus,
  ExamInfo,
  HelpMessage,
  Incident,
  Pairing,
  Question,
} from '../ports/exam-api.port.js';
import type { MediaCapture, MediaDeviceList } from '../ports/media-devices.port.js';
import type { ScreenShare } from '../ports/screen-capture.port.js';
import type { RecordingProgress } from '../streams/upload-queue.js';

/** One row of 设备准备 (R3). */
export type DeviceCheckId = 'camera' | 'microphone' | 'recording' | 'screenCapture' | 'storage' | 'network' | 'battery' | 'display';

export type DeviceCheckStatus = 'pass' | 'fail' | 'warn';

export interface DeviceCheckResult {
  readonly id: DeviceCheckId;
  readonly status: DeviceCheckStatus;
  /** Why it failed or warns; the message and how to fix it live in i18n under this code. */
  readonly error?: ErrorCode;
}

/** The checks that must pass before the candidate may go on; the others only warn. */
export const REQUIRED_CHECKS: readonly DeviceCheckId[] = ['camera', 'microphone', 'recording', 'screenCapture', 'storage', 'network'];

export type LoginMethod = 'face' | 'password';

/** Why the candidate cannot go on (R21, R6). */
export type BarredReason = Extract<ErrorCode, 'LATE_ENTRY_CLOSED' | 'LOGIN_CLOSED' | 'SESSION_REVOKED' | 'EXAM_OVER'>;

export interface ExamInput {
  /** The exam to sit. */
  readonly examId: string;
  /** A random key this browser keeps across reloads, so a reconnect from the same device is not "another device" (R6). */
  readonly deviceKey: string;
}

export interface ExamContext {
  readonly examId: string;
  readonly deviceKey: string;
  /** 设备准备 results; empty until the first check ran. */
  readonly checks: readonly DeviceCheckResult[];
  readonly exam: ExamInfo | null;
  /** Before login: when the earliest sitting's login opens. */
  readonly loginOpensAt: number | null;
  readonly loginMethod: LoginMethod;
  /** Failed face attempts in a row; the view suggests 普通登录 after one. */
  readonly faceAttempts: number;
  readonly candidate: Candidate | null;
  readonly schedule: Schedule | null;
  readonly progress: Progress | null;
  /** Where the server's record of progress says to resume after login. */
  readonly resume: Resume | null;
  readonly pairing: Pairing | null;
  readonly evidence: EvidenceStatus | null;
  /** Whether this exam requires the phone evidence recording before going on. */
  readonly requireEvidence: boolean;
  readonly devices: MediaDeviceList;
  readonly cameraId: string | null;
  readonly microphoneId: string | null;
  /** The open camera + microphone (face login preview, device confirmation, answering). */
  readonly capture: MediaCapture | null;
  readonly screen: ScreenShare | null;
  /** Microphone level 0…1 for the volume bar. */
  readonly volume: number;
  readonly infoConfirmed: boolean;
  readonly pledgeAccepted: boolean;
  readonly noticeAccepted: boolean;
  readonly questions: readonly Question[];
  readonly helpMessages: readonly HelpMessage[];
  /** Help message text not yet acknowledged by the server; kept so nothing typed is lost. */
  readonly helpDraft: string | null;
  /** Supervisor replies that arrived while the help chat was closed; reset when it opens. */
  readonly helpUnread: number;
  readonly online: boolean;
  readonly recordings: readonly RecordingProgress[];
  /** Set when the recorders have flushed their last chunk into the store. */
  readonly recordersStopped: boolean;
  readonly finishReason: FinishReason | null;
  readonly finishRecorded: boolean;
  readonly barredReason: BarredReason | null;
  /** The error of the current stage's last attempt, shown until the next attempt. */
  readonly error: ErrorCode | null;
  /** A problem with storing or uploading recordings, e.g. STORAGE_QUOTA_LOW; kept until resolved. */
  readonly uploadError: ErrorCode | null;
}

/** Commands from the UI. Elements send only these. */
export type UserEvent =
  | { type: 'user.recheck' }
  | { type: 'user.continue' }
  | { type: 'user.retry' }
  | { type: 'user.usePassword' }
  | { type: 'user.useFace' }
  | { type: 'user.captureFace' }
  | { type: 'user.submitPassword'; idNumber: string; password: string }
  | { type: 'user.refreshPairing' }
  | { type: 'user.draw' }
  | { type: 'user.refresh' }
  | { type: 'user.enter' }
  | { type: 'user.refreshDevices' }
  | { type: 'user.selectCamera'; deviceId: string }
  | { type: 'user.selectMicrophone'; deviceId: string }
  | { type: 'user.confirmInfo' }
  | { type: 'user.setPledgeAccepted'; accepted: boolean }
  | { type: 'user.setNoticeAccepted'; accepted: boolean }
  | { type: 'user.refreshQuestions' }
  | { type: 'user.shareScreen' }
  | { type: 'user.reopenCamera' }
  | { type: 'user.openHelp' }
  | { type: 'user.closeHelp' }
  | { type: 'user.sendHelp'; text: string }
  | { type: 'user.endExam' }
  | { type: 'user.cancelEnd' }
  | { type: 'user.confirmEnd' }
  | { type: 'user.retryUpload' };

/** Server time reached an instant the machine waits for. */
export type ClockEvent =
  | { type: 'clock.loginOpened' }
  | { type: 'clock.entryOpened' }
  | { type: 'clock.entryClosed' }
  | { type: 'clock.started' }
  | { type: 'clock.deadlineReached' }
  | { type: 'clock.retry' };

export type ClockEventType = ClockEvent['type'];

/** Pushed by the backend. */
export type ApiEvent =
  | { type: 'api.helpMessage'; message: HelpMessage }
  | { type: 'api.evidenceStatus'; status: EvidenceStatus }
  | { type: 'api.sessionRevoked'; reason: ErrorCode };

export type MediaEvent =
  | { type: 'media.devicesChanged' }
  | { type: 'media.volume'; level: number }
  | { type: 'media.cameraEnded'; device: 'camera' | 'microphone' }
  | { type: 'media.screenEnded' };

export type UploadEvent =
  | { type: 'upload.progress'; recordings: readonly RecordingProgress[] }
  | { type: 'upload.recordersStopped' }
  | { type: 'upload.error'; code: ErrorCode };

export type NetEvent = { type: 'net.online' } | { type: 'net.offline' };

export type IntegrityEvent = { type: 'integrity.incident'; incident: Incident };

export type ExamEvent = UserEvent | ClockEvent | ApiEvent | MediaEvent | UploadEvent | NetEvent | IntegrityEvent;

/**
 * A tag on the state nodes a view tells apart: the stage name alone, or `<stage>:<phase>`. The tags are the view
 * states (VIEW_STATES) that Storybook and the element tests must cover, so keep them stable.
 */
export type ExamTag = Stage | 'barred' | `${Stage}:${string}`;

/** Notifications to the host page, sent with emit(). */
export type ExamEmitted =
  | { type: 'stageChanged'; stage: Stage | 'barred' }
  | { type: 'finished'; reason: FinishReason }
  | { type: 'uploadComplete' };

/** Commands the machine sends to its recordings actor. */
export type RecordingsCommand =
  | { type: 'record'; kind: 'camera' | 'screen'; stream: MediaStream }
  | { type: 'stopAll' }
  | { type: 'online'; online: boolean }
  | { type: 'retry' };
