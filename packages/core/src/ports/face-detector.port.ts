/** 人脸登录's live outline: where the faces are in the camera's picture (R5, R7). */
import type { MediaCapture } from './media-devices.port.js';

/** One face found in a frame, as a fraction (0…1) of the frame's width and height, in the camera's unmirrored picture. */
export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Finds faces in the current frame of an open camera. The browser's adapter runs a face detector in the page (loaded
 * when first used, so that the model code stays out of every other stage); the server stays the judge of the login,
 * the boxes only help the candidate sit well in the picture.
 */
export interface FaceDetectorPort {
  /** The faces in the capture's current frame; rejects FACE_LOGIN_UNAVAILABLE when the detector cannot run here. */
  detect(capture: MediaCapture): Promise<readonly FaceBox[]>;
}
