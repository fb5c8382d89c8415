/** The browser adapters: every DOM, media and Web Audio API examroom touches lives behind these factories. */
export { createBrowserMediaDevices, CAMERA_IDEAL } from './media-devices.js';
export { createBrowserDisplayCheck } from './display-check.js';
export { createBrowserScreenCapture, DISPLAY_MEDIA_OPTIONS } from './screen-capture.js';
export {
  createRecordRtcRecorder,
  MIME_CANDIDATES,
  DEFAULT_TIMESLICE_MS,
  STOP_TIMEOUT_MS,
  type RecordRtcRecorderOptions,
} from './record-rtc-recorder.js';
export { createBrowserVolumeMeter, VOLUME_SAMPLE_MS } from './volume-meter.js';
export { createBrowserIntegritySignals } from './integrity-signals.js';
export { createBrowserEnvironment } from './environment.js';
export {
  createBrowserWindowLock,
  WINDOW_LOCK_CHANNEL,
  WINDOW_LOCK_GRACE_MS,
  WINDOW_LOCK_RECHECK_MS,
  type BrowserWindowLockOptions,
} from './window-lock.js';
export { createBrowserExamPorts, type BrowserExamPorts, type BrowserExamPortsOptions } from './create-browser-exam-ports.js';
export { browserDeviceKey, DEVICE_KEY_STORAGE_NAME } from './device-key.js';
export { createBrowserPhoneCamera, PHONE_CAMERA_IDEAL, FACING_MODE } from './phone/phone-camera.js';
export { createBrowserOrientationSensor, type OrientationTarget } from './phone/orientation-sensor.js';
export { createBrowserWakeLock, type WakeLockTarget } from './phone/wake-lock.js';
export { createBrowserQrScanner, QR_SCANS_PER_SECOND, QR_SCAN_MAX_WIDTH, type BrowserQrScannerOptions } from './phone/qr-scanner.js';
export {
  createBrowserPhonePorts,
  PHONE_DB_NAME,
  type BrowserPhonePorts,
  type BrowserPhonePortsOptions,
} from './phone/create-browser-phone-ports.js';
export {
  createBrowserProctorPorts,
  type BrowserProctorPorts,
  type BrowserProctorPortsOptions,
} from './proctor/create-browser-proctor-ports.js';
export { createLiveViewPublisher, createLiveViewer, capVideoBitrate, loadSimplePeer, type LiveViewAdapterOptions } from './live-view.js';
export { createBrowserAdminPorts, type BrowserAdminPortsOptions } from './admin/create-browser-admin-ports.js';
export { createBrowserFileSaver } from './file-saver.js';
export { createBrowserFaceSnapshot } from './face-snapshot.js';
export { createBrowserFaceDetector, type BrowserFaceDetectorOptions } from './face-detector.js';
