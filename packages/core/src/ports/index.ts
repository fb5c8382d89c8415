export type * from './subscribable.js';
export type * from './clock.port.js';
export type * from './exam-api.port.js';
export type * from './media-devices.port.js';
export type * from './display-check.port.js';
export type * from './screen-capture.port.js';
export type * from './recorder.port.js';
export type * from './chunk-store.port.js';
export type * from './upload-transport.port.js';
export type * from './integrity.port.js';
export type * from './volume.port.js';
export type * from './environment.port.js';
export type * from './phone-api.port.js';
export type * from './phone-devices.port.js';
export type * from './proctor-api.port.js';
export type * from './window-lock.port.js';
export type * from './live-view.port.js';
export type * from './admin-api.port.js';
export type * from './face-snapshot.port.js';
export type * from './face-detector.port.js';

import type { Clock } from './clock.port.js';
import type { ExamApi } from './exam-api.port.js';
import type { MediaDevicesPort } from './media-devices.port.js';
import type { DisplayCheck } from './display-check.port.js';
import type { ScreenCapture } from './screen-capture.port.js';
import type { Recorder } from './recorder.port.js';
import type { ChunkStore } from './chunk-store.port.js';
import type { UploadTransport } from './upload-transport.port.js';
import type { IntegritySignals } from './integrity.port.js';
import type { VolumeMeter } from './volume.port.js';
import type { EnvironmentPort } from './environment.port.js';
import type { PhoneApi, PhoneSessionStore } from './phone-api.port.js';
import type { ProctorApi, ProctorSessionStore } from './proctor-api.port.js';
import type { OrientationSensor, PhoneCamera, QrScanner, WakeLockPort } from './phone-devices.port.js';
import type { WindowLock } from './window-lock.port.js';
import type { LiveViewer, LiveViewPublisher } from './live-view.port.js';
import type { AdminApi, AdminSessionStore, FileSaver } from './admin-api.port.js';
import type { FaceSnapshot } from './face-snapshot.port.js';
import type { FaceDetectorPort } from './face-detector.port.js';

/** Everything examMachine needs from the outside world. */
export interface ExamPorts {
  readonly api: ExamApi;
  readonly clock: Clock;
  readonly media: MediaDevicesPort;
  readonly display: DisplayCheck;
  readonly screen: ScreenCapture;
  readonly recorder: Recorder;
  readonly store: ChunkStore;
  readonly transport: UploadTransport;
  readonly integrity: IntegritySignals;
  readonly volume: VolumeMeter;
  readonly environment: EnvironmentPort;
  /**
   * One window of this browser at a time has the exam (R6): a second tab is refused as a second device is.
   * Optional so that ports assembled before it existed still work; without it every window goes on.
   */
  readonly windowLock?: WindowLock;
  /** 实时画面: lets supervisors watch the camera and screen being recorded. Optional: without it nobody can watch. */
  readonly liveView?: LiveViewPublisher;
  /** The face checks while answering: small stills of the recorded camera for the server. Optional: without it none are sent. */
  readonly faceSnapshot?: FaceSnapshot;
  /** 人脸登录's live outline of the face. Optional: without it the page shows the oval guide and the server judges alone. */
  readonly faceDetector?: FaceDetectorPort;
}

/** Everything evidenceMachine (the phone's evidence recorder) needs from the outside world. */
export interface PhonePorts {
  readonly api: PhoneApi;
  /** The phone session kept across reloads; the REST adapter reads its token from the same store. */
  readonly session: PhoneSessionStore;
  readonly clock: Clock;
  readonly camera: PhoneCamera;
  /** Reads the PC's QR code with the phone's camera (pairing again from the page, without the link). */
  readonly qrScanner: QrScanner;
  readonly orientation: OrientationSensor;
  readonly wakeLock: WakeLockPort;
  /** The battery (level, charging), read again while recording. */
  readonly environment: EnvironmentPort;
  readonly recorder: Recorder;
  /** The chunks until the server has them; its estimate() warns of low storage. */
  readonly store: ChunkStore;
  readonly transport: UploadTransport;
  /** 实时画面: lets supervisors watch the phone's camera while it records. Optional: without it nobody can. */
  readonly liveView?: LiveViewPublisher;
}

/** Everything proctorMachine (the supervisor's console) needs from the outside world. */
export interface ProctorPorts {
  readonly api: ProctorApi;
  /** The supervisor's kept session and quick replies; the REST adapter reads its token from the same store. */
  readonly session: ProctorSessionStore;
  readonly clock: Clock;
  /** 实时画面: one candidate's camera and screen live. Optional: without it the console offers no live view. */
  readonly liveView?: LiveViewer;
}

/** Everything adminMachine (the administrator's console) needs from the outside world. */
export interface AdminPorts {
  readonly api: AdminApi;
  /** The administrator's kept session; the REST adapter reads its token from the same store. */
  readonly session: AdminSessionStore;
  /** Saves what the console downloads (results, archives, the initial passwords file). */
  readonly files: FileSaver;
}
