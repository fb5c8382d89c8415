/** Context, input, events and emitted events of examMachine. Context holds data and error codes, never display text. */
import type { FaceEvent, FaceLoginContext } from './exam.face-login.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { Progress, FinishReason, Resume, Stage } from '../rules/stages.js';
import type { Schedule } from '../rules/schedule.js';
import type {
  ScheduleInstants,
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
  /** Which check. */
  readonly id: DeviceCheckId;
  /** Passed, failed (blocks going on when required) or warns. */
  readonly status: DeviceCheckStatus;
  /** Why it failed or warns; the message and how to fix it live in i18n under this code. */
  readonly error?: ErrorCode;
}

/** What 设备准备's checks found: the results, and the cameras and microphones once the camera opened (R7). */
export interface DeviceCheckOutcome {
  /** One row per check, in the order run. */
  readonly checks: readonly DeviceCheckResult[];
  /** The devices listed after the camera opened (labels need the permission), or null when it did not open. */
  readonly devices: MediaDeviceList | null;
  /** The camera that was opened: the one chosen, else the browser's default. */
  readonly cameraId: string | null;
}

/** The checks that must pass before the candidate may go on; the others only warn. */
export const REQUIRED_CHECKS: readonly DeviceCheckId[] = ['camera', 'microphone', 'recording', 'screenCapture', 'storage', 'network'];

export type LoginMethod = 'face' | 'password';

/**
 * Why the candidate cannot go on (R21, R6). OPEN_IN_ANOTHER_WINDOW alone may pass: once the other window of this
 * browser lets go of the exam, 「在此窗口继续」 takes it over.
 */
export type BarredReason = Extract<ErrorCode, 'LATE_ENTRY_CLOSED' | 'LOGIN_CLOSED' | 'SESSION_REVOKED' | 'SESSION_EXPIRED' | 'EXAM_OVER' | 'OPEN_IN_ANOTHER_WINDOW'>;

export interface ExamInput {
  /** The exam to sit. */
  readonly examId: string;
  /** A random key this browser keeps across reloads, so a reconnect from the same device is not "another device" (R6). */
  readonly deviceKey: string;
}

export interface ExamContext {
  /** The exam to sit (from the input). */
  readonly examId: string;
  /** This browser's key (from the input). */
  readonly deviceKey: string;
  /** 设备准备 results; empty until the first check ran. */
  readonly checks: readonly DeviceCheckResult[];
  /** The exam as known before login, then as the candidate's record has it. */
  readonly exam: ExamInfo | null;
  /** Before login: when the earliest sitting's login opens. */
  readonly loginOpensAt: number | null;
  /** The login chosen last; 人脸登录 at first. */
  readonly loginMethod: LoginMethod;
  /** Failed face attempts in a row; the view suggests 普通登录 after one. */
  readonly faceAttempts: number;
  /** The logged-in candidate. */
  readonly candidate: Candidate | null;
  /** The candidate's sitting: its instants and policy. */
  readonly schedule: Schedule | null;
  /** The server's record of how far the candidate got; updated by every call that moves it. */
  readonly progress: Progress | null;
  /** Where the server's record of progress says to resume after login. */
  readonly resume: Resume | null;
  /** The code the phone scans (佐证绑定). */
  readonly pairing: Pairing | null;
  /** The phone's evidence recording, as the server last said. */
  readonly evidence: EvidenceStatus | null;
  /** Whether this exam requires the phone evidence recording before going on. */
  readonly requireEvidence: boolean;
  /** The cameras and microphones last listed (设备确认). */
  readonly devices: MediaDeviceList;
  /** The chosen camera; null for the browser's default. */
  readonly cameraId: string | null;
  /** The chosen microphone; null for the browser's default. */
  readonly microphoneId: string | null;
  /** The open camera + microphone (face login preview, device confirmation, answering). */
  readonly capture: MediaCapture | null;
  /** The shared screen (a whole monitor), from entry on. */
  readonly screen: ScreenShare | null;
  /** Microphone level 0…1 for the volume bar. */
  readonly volume: number;
  /** 信息确认 done. */
  readonly infoConfirmed: boolean;
  /** 考试承诺书 ticked. */
  readonly pledgeAccepted: boolean;
  /** 考试须知 ticked. */
  readonly noticeAccepted: boolean;
  /** The questions, once loaded. */
  readonly questions: readonly Question[];
  /** The help conversation, oldest first, each message once. */
  readonly helpMessages: readonly HelpMessage[];
  /** Help message text not yet acknowledged by the server; kept so nothing typed is lost. */
  readonly helpDraft: string | null;
  /** Supervisor replies that arrived while the help chat was closed; reset when it opens. */
  readonly helpUnread: number;
  /** The browser's network status, as the integrity signals report it. */
  readonly online: boolean;
  /** Every recording this device knows and how far its upload is. */
  readonly recordings: readonly RecordingProgress[];
  /** Set when the recorders have flushed their last chunk into the store. */
  readonly recordersStopped: boolean;
  /** Why the exam ended, once it has. */
  readonly finishReason: FinishReason | null;
  /** The server has recorded the end of the exam. */
  readonly finishRecorded: boolean;
  /** Why the candidate cannot go on, once barred. */
  readonly barredReason: BarredReason | null;
  /** The error of the current stage's last attempt, shown until the next attempt. */
  readonly error: ErrorCode | null;
  /** A problem with storing or uploading recordings, e.g. STORAGE_QUOTA_LOW; kept until resolved. */
  readonly uploadError: ErrorCode | null;
  /** 人脸登录: the challenge, the 身份证号, the frames captured and the faces in the preview. */
  readonly faceLogin: FaceLoginContext;
}

/** Commands from the UI. Elements send only these. */
export type UserEvent =
  | { type: 'user.recheck' }
  | { type: 'user.continue' }
  | { type: 'user.retry' }
  | { type: 'user.usePassword' }
  | { type: 'user.useFace' }
  /** 人脸登录: start the challenge's capture; the frames are compared with this 身份证号's photo (1:1). */
  | { type: 'user.captureFace'; idNumber: string }
  | { type: 'user.submitPassword'; idNumber: string; password: string }
  | { type: 'user.refreshPairing' }
  /** 开始答题: 「重新绑定手机」 opens a fresh pairing QR code in a dialog; closing it leaves the phone as it is. */
  | { type: 'user.rebindPhone' }
  | { type: 'user.closeRebinding' }
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
  | { type: 'user.retryUpload' }
  /** 「在此窗口继续」: the other window let go of the exam; this one takes it over (R6). */
  | { type: 'user.continueHere' };

/** Server time reached an instant the machine waits for. */
export type ClockEvent =
  | { type: 'clock.loginOpened' }
  | { type: 'clock.entryOpened' }
  | { type: 'clock.entryClosed' }
  | { type: 'clock.started' }
  | { type: 'clock.deadlineReached' }
  | { type: 'clock.retry' }
  /** The pairing code on screen expired: a fresh one is fetched. */
  | { type: 'clock.pairingExpired' };

export type ClockEventType = ClockEvent['type'];

/** Pushed by the backend. */
export type ApiEvent =
  | { type: 'api.helpMessage'; message: HelpMessage }
  | { type: 'api.evidenceStatus'; status: EvidenceStatus }
  | { type: 'api.sessionRevoked'; reason: ErrorCode }
  /** A supervisor gave extra time or let the candidate in late: their own schedule from now on. */
  | { type: 'api.scheduleChanged'; schedule: ScheduleInstants }
  /** A supervisor ended the interview: recorded on the server already (finishReason endedBySupervisor). */
  | { type: 'api.examFinished'; progress: Progress }
  /** R7: a supervisor waived the candidate's virtual or filter camera. */
  | { type: 'api.virtualCameraWaived' };

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

/** From the window lock (R6: one window of this browser has the exam): taken, held by another window, let go there. */
export type WindowEvent = { type: 'window.claimed' } | { type: 'window.heldElsewhere' } | { type: 'window.free' };

export type IntegrityEvent = { type: 'integrity.incident'; incident: Incident };

export type ExamEvent = UserEvent | ClockEvent | ApiEvent | MediaEvent | UploadEvent | NetEvent | IntegrityEvent | WindowEvent | FaceEvent;

/**
 * A tag on the state nodes a view tells apart: the stage name alone, or `<stage>:<phase>`. The tags are the view
 * states (VIEW_STATES) that Storybook and the element tests must cover, so keep them stable.
 */
export type ExamTag = Stage | 'barred' | `${Stage | 'resuming' | 'barred'}:${string}`;

/** Notifications to the host page, sent with emit(). */
export type ExamEmitted =
  | { type: 'stageChanged'; stage: Stage | 'barred' }
  | { type: 'finished'; reason: FinishReason }
  | { type: 'uploadComplete' };

/** Commands the machine sends to its recordings actor. */
export type RecordingsCommand =
  /**
   * This window holds the exam (the window lock): only now are the recordings in the browser's store its own to
   * finish and upload. Nothing is touched before, so a second tab never takes the first one's recordings.
   */
  | { type: 'start' }
  | { type: 'record'; kind: 'camera' | 'screen'; stream: MediaStream }
  | { type: 'stopAll' }
  | { type: 'online'; online: boolean }
  | { type: 'retry' };

/** Commands the machine sends to its window-lock actor, which takes the lock by itself when it starts. */
export type WindowLockCommand =
  /** Take the lock again (「在此窗口继续」 after the other window let go). */
  | { type: 'claim' }
  /** Let go of it: the interview is over here (上传成功). */
  | { type: 'release' };
