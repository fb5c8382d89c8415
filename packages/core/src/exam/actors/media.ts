/** Camera, microphone and screen: opening and listing devices, sharing the screen, and watching levels and tracks. */
import { EMPTY, map, merge } from 'rxjs';
import { fromEventObservable, fromPromise } from 'xstate';
import type { ExamPorts } from '../../ports/index.js';
import type { MediaCapture, MediaDeviceList } from '../../ports/media-devices.port.js';
import type { ScreenShare } from '../../ports/screen-capture.port.js';
import { fromPort } from '../../streams/from-port.js';
import { volume$ } from '../../streams/volume.js';
import type { MediaEvent } from '../exam.types.js';

export function mediaActors(ports: ExamPorts) {
  return {
    openCamera: fromPromise<MediaCapture, { cameraId: string | null; microphoneId: string | null }>(({ input }) =>
      ports.media.open({ ...(input.cameraId ? { cameraId: input.cameraId } : {}), ...(input.microphoneId ? { microphoneId: input.microphoneId } : {}) }),
    ),

    listDevices: fromPromise<MediaDeviceList>(() => ports.media.list()),

    watchDevices: fromEventObservable<MediaEvent, void>(() =>
      fromPort(ports.media.changes()).pipe(map((): MediaEvent => ({ type: 'media.devicesChanged' }))),
    ),

    watchVolume: fromEventObservable<MediaEvent, { capture: MediaCapture | null }>(({ input }) =>
      input.capture ? volume$(ports.volume, input.capture.stream).pipe(map((level): MediaEvent => ({ type: 'media.volume', level }))) : EMPTY,
    ),

    checkDisplay: fromPromise<boolean>(() => ports.display.hasExternalDisplay()),

    shareScreen: fromPromise<ScreenShare>(() => ports.screen.start()),

    /** Tracks that end by themselves during the exam: an unplugged camera, a stopped screen share (R14). */
    watchTracks: fromEventObservable<MediaEvent, { capture: MediaCapture | null; screen: ScreenShare | null }>(({ input }) =>
      merge(
        input.capture ? fromPort(input.capture.ended).pipe(map((device): MediaEvent => ({ type: 'media.cameraEnded', device }))) : EMPTY,
        input.screen ? fromPort(input.screen.ended).pipe(map((): MediaEvent => ({ type: 'media.screenEnded' }))) : EMPTY,
      ),
    ),
  };
}
