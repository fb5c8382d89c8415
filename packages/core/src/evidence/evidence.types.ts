/** The types of evidenceMachine, the phone's evidence recorder (佐证绑定 on the phone, R9, R10, R30). */
import type { ErrorCode } from '../errors/error-codes.js';
import type { StorageEstimate } from '../ports/chunk-store.port.js';
import type { BatteryStatus } from '../ports/environment.port.js';
import type { EvidenceStatus } from '../ports/exam-api.port.js';
import type { KeptPhoneSession, PhoneReportedState } from '../ports/phone-api.port.js';
import type { CameraFacing, PhoneCapture, QrScan } from '../ports/phone-devices.port.js';
import type { RoomScanProgress } from '../rules/room-scan.js';
import type { RecordingProgress } from '../streams/upload-queue.js';

export interface EvidenceInput {
  /** The pairing code from the URL fragment of the QR code's link (never sent to a server log); absent: typed. */
  readonly pairingCode?: string | null;
}

export interface EvidenceContext {
  /** The code being tried: the URL's, then what the candidate typed. */
  readonly pairingCode: string | null;
  /** The session a reload kept, read at start; decides where the phone goes on. */
  readonly kept: KeptPhoneSession | null;
  readonly facing: CameraFacing;
  readonly capture: PhoneCapture | null;
  /** The camera reading the PC's QR code while pairing from the page. */
  readonly qrScan: QrScan | null;
  readonly scan: RoomScanProgress | null;
  /** Every evidence part this page load knows, from the upload queue. */
  readonly uploads: readonly RecordingProgress[];
  readonly battery: BatteryStatus | null;
  readonly storage: StorageEstimate | null;
  /** A write refused for lack of space (STORAGE_QUOTA_LOW) since the last estimate with room. */
  readonly storageRefused: boolean;
  readonly wakeLockHeld: boolean;
  /** The server's evidence status as last reported or pushed. */
  readonly evidence: EvidenceStatus | null;
  readonly error: ErrorCode | null;
}

/** Commands to the recordings actor. */
export type EvidenceRecordingsCommand = { readonly type: 'record'; readonly stream: MediaStream } | { readonly type: 'stopAll' };

export type EvidenceEvent =
  // ---- the views ----
  | { readonly type: 'user.submitCode'; readonly code: string }
  | { readonly type: 'user.scanCode' }
  | { readonly type: 'user.cancelScan' }
  | { readonly type: 'user.retry' }
  | { readonly type: 'user.switchCamera' }
  | { readonly type: 'user.continue' }
  | { readonly type: 'user.startRecording' }
  | { readonly type: 'user.stopRecording' }
  | { readonly type: 'user.confirmStop' }
  | { readonly type: 'user.cancelStop' }
  // ---- the phone's sensors ----
  | { readonly type: 'qr.read'; readonly text: string }
  | { readonly type: 'scan.progress'; readonly progress: RoomScanProgress }
  | { readonly type: 'device.battery'; readonly battery: BatteryStatus | null }
  | { readonly type: 'device.storage'; readonly estimate: StorageEstimate | null }
  | { readonly type: 'device.wakeLock'; readonly held: boolean }
  // ---- the recording pipeline ----
  | { readonly type: 'upload.progress'; readonly recordings: readonly RecordingProgress[] }
  | { readonly type: 'upload.error'; readonly code: ErrorCode }
  | { readonly type: 'upload.recordersStopped' }
  // ---- the server ----
  | { readonly type: 'api.evidenceStatus'; readonly status: EvidenceStatus }
  | { readonly type: 'api.sessionRevoked'; readonly reason: ErrorCode };

/** Where a kept session goes on after a reload, by the last state it reported. */
export type ResumePoint = KeptPhoneSession['reported'];
export type { PhoneReportedState };

/** The view states, one tag each (`<stage>:<phase>`). */
export type EvidenceTag =
  | 'pairing:starting'
  | 'pairing:entering'
  | 'pairing:scanning'
  | 'pairing:submitting'
  | 'camera:requesting'
  | 'camera:refused'
  | 'camera:choosing'
  | 'scanning:turning'
  | 'scanning:reporting'
  | 'recording:placing'
  | 'recording:recording'
  | 'recording:confirmingStop'
  | 'recording:stopping'
  | 'recording:uploading'
  | 'ended:done'
  | 'ended:replaced'
  | 'ended:expired';
