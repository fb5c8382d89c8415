/**
 * The phone's camera and microphone by facing (the evidence recorder, R10): getUserMedia's `facingMode` as an ideal,
 * so that a desktop browser or a fake camera that names no facing still opens its one camera. Errors are mapped as
 * for the PC's camera (media-devices.ts).
 */
import type { CameraFacing, PhoneCamera, PhoneCapture } from '@examroom/core';
import { captureOf, mediaDevices, openError, realDeviceId } from '../media-devices.js';

/**
 * What the evidence camera asks for: enough to see the desk, the screen and the candidate, modest enough for a phone
 * to encode and upload for a whole interview. Ideals only: the phone gives what it has nearest.
 */
export const PHONE_CAMERA_IDEAL = { width: 1280, height: 720, frameRate: 24 } as const;

/** getUserMedia's name for each facing. */
export const FACING_MODE: Readonly<Record<CameraFacing, 'user' | 'environment'>> = { front: 'user', rear: 'environment' };

export function createBrowserPhoneCamera(): PhoneCamera {
  return {
    async open(facing): Promise<PhoneCapture> {
      const video: MediaTrackConstraints = {
        facingMode: { ideal: FACING_MODE[facing] },
        width: { ideal: PHONE_CAMERA_IDEAL.width },
        height: { ideal: PHONE_CAMERA_IDEAL.height },
        frameRate: { ideal: PHONE_CAMERA_IDEAL.frameRate },
      };
      let stream: MediaStream;
      try {
        stream = await mediaDevices().getUserMedia({ video, audio: true });
      } catch (error) {
        throw await openError(error, video);
      }
      // Watch the tracks before anything else is awaited, so that no 'ended' goes unseen.
      const capture = captureOf(stream);
      const cameraDeviceId = stream.getVideoTracks()[0]?.getSettings().deviceId ?? '';
      const microphoneDeviceId = stream.getAudioTracks()[0]?.getSettings().deviceId ?? '';
      return {
        ...capture,
        facing,
        cameraId: await realDeviceId(cameraDeviceId, 'videoinput'),
        microphoneId: await realDeviceId(microphoneDeviceId, 'audioinput'),
      };
    },
  };
}
