/** Cameras and microphones (设备准备, 设备确认, R3, R16). */
import type { Subscribable } from './subscribable.js';

export interface MediaDeviceOption {
  readonly id: string;
  readonly kind: 'camera' | 'microphone';
  /** The browser's label, e.g. 「Integrated Camera」; may be empty before permission is granted. */
  readonly label: string;
}

export interface MediaDeviceList {
  readonly cameras: readonly MediaDeviceOption[];
  readonly microphones: readonly MediaDeviceOption[];
}

/** An open camera + microphone. Core never looks inside `stream`; elements attach it to a <video>. */
export interface MediaCapture {
  readonly stream: MediaStream;
  readonly cameraId: string;
  readonly microphoneId: string;
  /** Emits the kind of track that ended by itself (unplugged, permission revoked). */
  readonly ended: Subscribable<'camera' | 'microphone'>;
  stop(): void;
}

export interface MediaDevicesPort {
  /** Lists cameras and microphones. */
  list(): Promise<MediaDeviceList>;
  /** Opens a camera and a microphone; without ids the defaults. Rejects CAMERA_PERMISSION_DENIED, CAMERA_NOT_FOUND, MICROPHONE_*, MEDIA_DEVICE_BUSY. */
  open(request: { readonly cameraId?: string; readonly microphoneId?: string }): Promise<MediaCapture>;
  /** One still frame from an open capture, for face login. */
  captureFrame(capture: MediaCapture): Promise<Blob>;
  /** Emits when a device is plugged in or removed. */
  changes(): Subscribable<void>;
}
