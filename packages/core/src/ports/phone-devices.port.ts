/**
 * The phone's own devices for the evidence recorder: its camera and microphone by facing, the compass, and the screen's
 * wake lock. The battery is EnvironmentPort's; the storage estimate is ChunkStore's.
 */
import type { MediaCapture } from './media-devices.port.js';
import type { Subscribable } from './subscribable.js';

/** The rear camera films the room and the desk; the front one the candidate (in shot for the room scan). */
export type CameraFacing = 'rear' | 'front';

/** An open camera + microphone with the facing it was asked for. */
export interface PhoneCapture extends MediaCapture {
  readonly facing: CameraFacing;
}

export interface PhoneCamera {
  /**
   * Opens the camera facing this way, and the microphone (getUserMedia's `facingMode`: `environment` or `user`).
   * Rejects CAMERA_PERMISSION_DENIED (refused), CAMERA_NOT_FOUND, MICROPHONE_PERMISSION_DENIED, MEDIA_DEVICE_BUSY.
   */
  open(facing: CameraFacing): Promise<PhoneCapture>;
}

export interface OrientationSensor {
  /**
   * Compass headings (DeviceOrientationEvent `alpha`, degrees; null while the sensor settles) from now on, or
   * `unsupported` where the browser gives no orientation or the user refused it (iOS asks on a gesture). A
   * supported sensor may still stay silent; the room scan then falls back to its minimum duration.
   */
  headings(): Promise<Subscribable<number | null> | 'unsupported'>;
}

/** A held screen wake lock; the browser may release it by itself when the page is hidden. */
export interface WakeLockHandle {
  release(): Promise<void>;
}

export interface WakeLockPort {
  /** Keeps the screen on while recording; null where the Wake Lock API is missing or refused. */
  request(): Promise<WakeLockHandle | null>;
}

/** A camera open to read a QR code: its preview, and the texts decoded from its frames. */
export interface QrScan {
  readonly stream: MediaStream;
  /** Each QR code's text as it is read (the same code may come again on later frames). */
  readonly codes: Subscribable<string>;
  /** Stops decoding and releases the camera. */
  stop(): void;
}

export interface QrScanner {
  /**
   * Opens the rear camera and reads QR codes from its frames (jsQR in the browser), to pair again from the PC's QR
   * code after the link's page was closed. Rejects like PhoneCamera.open.
   */
  open(): Promise<QrScan>;
}
