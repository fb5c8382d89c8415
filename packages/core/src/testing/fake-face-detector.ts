/** A stand-in face detector for 人脸登录's live outline: it reports the faces the test puts before the camera. */
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { FaceBox, FaceDetectorPort } from '../ports/face-detector.port.js';

export interface FakeFaceDetector extends FaceDetectorPort {
  /** The faces the camera shows; one centred face at first. */
  faces: readonly FaceBox[];
  /** When set, detect() rejects as a detector that cannot run in this browser does. */
  broken: boolean;
  /** How many detections ran. */
  readonly detections: number;
}

/** One face in the middle of the picture, as a candidate sitting well shows it. */
export const CENTRED_FACE: FaceBox = { x: 0.35, y: 0.25, width: 0.3, height: 0.45 };

export function createFakeFaceDetector(): FakeFaceDetector {
  let detections = 0;
  const fake: FakeFaceDetector = {
    faces: [CENTRED_FACE],
    broken: false,
    get detections() {
      return detections;
    },
    async detect() {
      detections += 1;
      if (fake.broken) throw new ExamError(ErrorCode.FACE_LOGIN_UNAVAILABLE, 'the fake detector is broken');
      return fake.faces;
    },
  };
  return fake;
}
