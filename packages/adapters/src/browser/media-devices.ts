/** Cameras and microphones through navigator.mediaDevices (设备准备, 设备确认, face login's still frame). */
import { ErrorCode, ExamError } from '@examroom/core';
import type { MediaCapture, MediaDeviceList, MediaDeviceOption, MediaDevicesPort, Subscribable } from '@examroom/core';
import { createEmitter, fromListeners } from './subscribable.js';

/** The camera resolution asked for: enough for a face and a room, cheap to encode and upload. */
export const CAMERA_IDEAL = { width: 640, height: 480 } as const;

/** JPEG quality of captureFrame's still. */
const FRAME_QUALITY = 0.92;

/** How long captureFrame waits for a first frame before it gives up. */
const FRAME_TIMEOUT_MS = 5_000;

/** Chromium's ImageCapture; TypeScript's DOM types declare only takePhoto (a full-resolution, slow still). */
type ImageCaptureWithGrab = ImageCapture & { grabFrame(): Promise<ImageBitmap> };

/** The ids under which Chromium repeats the system's default and communications devices. */
const ALIAS_IDS = new Set(['default', 'communications']);

export function createBrowserMediaDevices(): MediaDevicesPort {
  return {
    async list() {
      const devices = await mediaDevices().enumerateDevices();
      return {
        cameras: options(devices, 'videoinput', 'camera'),
        microphones: options(devices, 'audioinput', 'microphone'),
      } satisfies MediaDeviceList;
    },

    async open(request) {
      const video: MediaTrackConstraints = {
        ...(request.cameraId ? { deviceId: { exact: request.cameraId } } : {}),
        width: { ideal: CAMERA_IDEAL.width },
        height: { ideal: CAMERA_IDEAL.height },
      };
      const audio: MediaTrackConstraints | true = request.microphoneId ? { deviceId: { exact: request.microphoneId } } : true;
      let stream: MediaStream;
      try {
        stream = await mediaDevices().getUserMedia({ video, audio });
      } catch (error) {
        throw await openError(error, video);
      }
      // Watch the tracks before anything else is awaited, so that no 'ended' goes unseen.
      const capture = captureOf(stream);
      const settings = (track: MediaStreamTrack | undefined) => track?.getSettings().deviceId;
      return {
        ...capture,
        cameraId: await realDeviceId(settings(stream.getVideoTracks()[0]) ?? request.cameraId ?? '', 'videoinput'),
        microphoneId: await realDeviceId(settings(stream.getAudioTracks()[0]) ?? request.microphoneId ?? '', 'audioinput'),
      };
    },

    async captureFrame(capture) {
      const track = capture.stream.getVideoTracks()[0];
      if (!track || track.readyState === 'ended') throw new ExamError(ErrorCode.CAMERA_NOT_FOUND, 'the capture has no live video track');
      if (typeof ImageCapture === 'function') {
        try {
          const bitmap = await (new ImageCapture(track) as ImageCaptureWithGrab).grabFrame();
          try {
            return await toJpeg(bitmap, bitmap.width, bitmap.height);
          } finally {
            bitmap.close();
          }
        } catch {
          // grabFrame fails on some tracks (e.g. muted for a moment); a <video> frame still works.
        }
      }
      return frameFromVideoElement(track);
    },

    changes(): Subscribable<void> {
      return fromListeners<void>((observer) => {
        const md = mediaDevices();
        const onChange = () => observer.next();
        md.addEventListener('devicechange', onChange);
        return () => md.removeEventListener('devicechange', onChange);
      });
    },
  };
}

/** navigator.mediaDevices, or CAMERA_NOT_FOUND where the browser gives none. Shared with the phone's adapters. */
export function mediaDevices(): MediaDevices {
  // Absent outside secure contexts (http on a host other than localhost).
  const md = globalThis.navigator?.mediaDevices as MediaDevices | undefined;
  if (!md) throw new ExamError(ErrorCode.CAMERA_NOT_FOUND, 'navigator.mediaDevices is unavailable (not a secure context?)');
  return md;
}

/**
 * The devices of one kind without duplicates: Chromium lists the system's default (and on Windows communications)
 * device a second time under the id 'default'/'communications', with the groupId of the device it stands for. Such an
 * alias is dropped; an alias with a group of its own (PulseAudio's "Default", the fake devices) is a device and stays.
 */
function options(devices: readonly MediaDeviceInfo[], kind: MediaDeviceKind, as: MediaDeviceOption['kind']): MediaDeviceOption[] {
  const ofKind = devices.filter((device) => device.kind === kind);
  return ofKind
    .filter((device) => aliasTarget(device, ofKind) === undefined)
    .map((device) => ({ id: device.deviceId, kind: as, label: device.label }));
}

/** The device an alias entry duplicates, if it is one. */
function aliasTarget(device: MediaDeviceInfo, ofKind: readonly MediaDeviceInfo[]): MediaDeviceInfo | undefined {
  if (!ALIAS_IDS.has(device.deviceId) || device.groupId === '') return undefined;
  const same = ofKind.filter((other) => other.groupId === device.groupId && !ALIAS_IDS.has(other.deviceId));
  return same.length === 1 ? same[0] : undefined;
}

/** The id list() shows for the device a track uses: an alias resolves to the device it stands for. */
export async function realDeviceId(id: string, kind: MediaDeviceKind): Promise<string> {
  if (!ALIAS_IDS.has(id)) return id;
  try {
    const ofKind = (await mediaDevices().enumerateDevices()).filter((device) => device.kind === kind);
    const alias = ofKind.find((device) => device.deviceId === id);
    return (alias && aliasTarget(alias, ofKind)?.deviceId) ?? id;
  } catch {
    return id;
  }
}

/** An open stream as a capture: `ended` when a track ends by itself, stop() releases every track. */
export function captureOf(stream: MediaStream): Omit<MediaCapture, 'cameraId' | 'microphoneId'> {
  const ended = createEmitter<'camera' | 'microphone'>();
  const listeners: Array<() => void> = [];
  const watch = (track: MediaStreamTrack | undefined, device: 'camera' | 'microphone') => {
    if (!track) return;
    const onEnded = () => ended.next(device);
    track.addEventListener('ended', onEnded);
    listeners.push(() => track.removeEventListener('ended', onEnded));
  };
  watch(stream.getVideoTracks()[0], 'camera');
  watch(stream.getAudioTracks()[0], 'microphone');
  return {
    stream,
    ended,
    stop() {
      // track.stop() fires no 'ended'; the subscribers learn it is over from the completion.
      for (const remove of listeners.splice(0)) remove();
      for (const track of stream.getTracks()) track.stop();
      ended.complete();
    },
  };
}

function domErrorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : '';
}

/**
 * getUserMedia's rejection as a code. The combined request does not say which device failed, so: for a refusal ask
 * the Permissions API (never prompts) which one is blocked; for a missing device retry the camera alone (already
 * permitted, so no prompt either) — if it opens, the microphone was at fault. A request without the microphone
 * (`withMicrophone` false: the QR scanner) can only have failed for the camera.
 */
export async function openError(error: unknown, video: MediaTrackConstraints, withMicrophone = true): Promise<unknown> {
  const name = domErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError': {
      const microphoneOnly = withMicrophone && (await permissionState('camera')) !== 'denied' && (await permissionState('microphone')) === 'denied';
      return new ExamError(microphoneOnly ? ErrorCode.MICROPHONE_PERMISSION_DENIED : ErrorCode.CAMERA_PERMISSION_DENIED, message);
    }
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError': {
      if (!withMicrophone) return new ExamError(ErrorCode.CAMERA_NOT_FOUND, message);
      const cameraOpens = await mediaDevices()
        .getUserMedia({ video })
        .then((stream) => {
          for (const track of stream.getTracks()) track.stop();
          return true;
        })
        .catch(() => false);
      return new ExamError(cameraOpens ? ErrorCode.MICROPHONE_NOT_FOUND : ErrorCode.CAMERA_NOT_FOUND, message);
    }
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      // In use by another application, or the OS/driver failed to start it.
      return new ExamError(ErrorCode.MEDIA_DEVICE_BUSY, message);
    default:
      return error instanceof ExamError ? error : new ExamError(ErrorCode.INTERNAL_ERROR, `getUserMedia: ${name || message}`);
  }
}

async function permissionState(name: 'camera' | 'microphone'): Promise<PermissionState | undefined> {
  try {
    return (await navigator.permissions.query({ name: name as PermissionName })).state;
  } catch {
    // Not every browser knows these permission names.
    return undefined;
  }
}

async function toJpeg(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  if (width === 0 || height === 0) throw new ExamError(ErrorCode.CAMERA_NOT_FOUND, 'the camera delivered an empty frame');
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new ExamError(ErrorCode.INTERNAL_ERROR, 'no 2d context');
    context.drawImage(source, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: FRAME_QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new ExamError(ErrorCode.INTERNAL_ERROR, 'no 2d context');
  context.drawImage(source, 0, 0, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new ExamError(ErrorCode.INTERNAL_ERROR, 'toBlob failed'))), 'image/jpeg', FRAME_QUALITY),
  );
}

/** One frame through a detached, muted <video> playing a clone of the track (the caller's track stays untouched). */
async function frameFromVideoElement(track: MediaStreamTrack): Promise<Blob> {
  const clone = track.clone();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([clone]);
  try {
    await video.play();
    if (video.videoWidth === 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new ExamError(ErrorCode.CAMERA_NOT_FOUND, 'the camera delivered no frame')), FRAME_TIMEOUT_MS);
        video.addEventListener('resize', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    return await toJpeg(video, video.videoWidth, video.videoHeight);
  } finally {
    video.pause();
    video.srcObject = null;
    clone.stop();
  }
}
