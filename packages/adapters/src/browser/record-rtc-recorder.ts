/**
 * The Recorder port on RecordRTC's MediaStreamRecorder (MediaRecorder underneath): encoded chunks about once a
 * second, nothing of the recording kept in memory once a chunk has been handed on.
 */
import RecordRTC from 'recordrtc';
import { ErrorCode, ExamError } from '@examroom/core';
import type { ActiveRecorder, Recorder, RecorderOptions, RecordingKind } from '@examroom/core';
import { createEmitter } from './subscribable.js';

/**
 * Preferred containers and codecs, best first. Screens have no audio track, so no Opus. The phone's evidence records
 * WebM where MediaRecorder can (Android Chrome, WeChat), else MP4 with H.264 and AAC, all iOS Safari records.
 */
export const MIME_CANDIDATES: Readonly<Record<RecordingKind, readonly string[]>> = {
  camera: ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'],
  screen: ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm', 'video/mp4'],
  evidence: ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4'],
};

/** The timeslice when start() is given none that makes sense. */
export const DEFAULT_TIMESLICE_MS = 1_000;

/**
 * How long stop() waits for MediaRecorder's final `stop` event before completing anyway, so that a browser that
 * never fires it cannot hold the upload stage forever.
 */
export const STOP_TIMEOUT_MS = 10_000;

export interface RecordRtcRecorderOptions {
  /** Used when start() is given a timeslice that is not a positive number. Default 1000 ms. */
  readonly timesliceMs?: number;
}

/** What this adapter uses of RecordRTC's MediaStreamRecorder (its typings declare only the constructor). */
interface MediaStreamRecorderInstance {
  record(): void;
  stop(callback?: (blob: Blob) => void): void;
  getInternalRecorder(): MediaRecorder | null;
  getArrayOfBlobs(): Blob[];
  getAllStates(): string[];
  timestamps: number[];
}

interface MediaStreamRecorderConfig {
  readonly type: 'video';
  readonly mimeType: string;
  readonly timeSlice: number;
  readonly ondataavailable: (blob: Blob) => void;
  readonly disableLogs: boolean;
  readonly checkForInactiveTracks: boolean;
  readonly getNativeBlob: boolean;
}

type MediaStreamRecorderConstructor = new (stream: MediaStream, config: MediaStreamRecorderConfig) => MediaStreamRecorderInstance;

export function createRecordRtcRecorder(options: RecordRtcRecorderOptions = {}): Recorder {
  const fallbackTimeslice = positive(options.timesliceMs) ?? DEFAULT_TIMESLICE_MS;
  return {
    mimeTypeFor(kind) {
      if (typeof MediaRecorder === 'undefined') throw new ExamError(ErrorCode.RECORDING_UNSUPPORTED, 'MediaRecorder is unavailable');
      const supported = MIME_CANDIDATES[kind].find((type) => MediaRecorder.isTypeSupported(type));
      if (!supported) throw new ExamError(ErrorCode.RECORDING_UNSUPPORTED, `no WebM or MP4 recording for ${kind}`);
      return supported;
    },
    start(stream, recorderOptions) {
      return startRecorder(stream, { ...recorderOptions, timesliceMs: positive(recorderOptions.timesliceMs) ?? fallbackTimeslice });
    },
  };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Why MediaStreamRecorder and not the RecordRTC wrapper: with a timeSlice, RecordRTC pushes every chunk into an
 * internal array (`getArrayOfBlobs()`) and, on stop, joins them into one Blob — the whole recording in memory,
 * whatever we do with the chunks. The wrapper hides that array and on stop also builds an object URL for the joined
 * Blob. MediaStreamRecorder exposes the array, so each chunk is dropped from it as soon as it has been handed on
 * (likewise its per-chunk timestamps and state log), and the Blob it joins on stop is empty. Two more of its
 * behaviours are replaced: its `onerror` restarts the MediaRecorder with a 10-minute timeslice (ten minutes in memory,
 * a second WebM header mid-file), so an error here ends the recording and is reported instead; and its stop
 * callback fires on a 100 ms timer rather than after the last chunk, so completion waits for MediaRecorder's `stop`
 * event, which follows the final `dataavailable`.
 */
function startRecorder(stream: MediaStream, options: RecorderOptions): ActiveRecorder {
  if (typeof MediaRecorder === 'undefined') throw new ExamError(ErrorCode.RECORDING_UNSUPPORTED, 'MediaRecorder is unavailable');
  const chunks = createEmitter<Blob>({ bufferUntilSubscribed: true });
  const MediaStreamRecorder = RecordRTC.MediaStreamRecorder as unknown as MediaStreamRecorderConstructor;

  const recorder: MediaStreamRecorderInstance = new MediaStreamRecorder(stream, {
    type: 'video',
    mimeType: options.mimeType,
    timeSlice: options.timesliceMs,
    disableLogs: true,
    // We watch the tracks ourselves (below) instead of RecordRTC's once-a-second poll.
    checkForInactiveTracks: false,
    // Hand on MediaRecorder's own Blob instead of a re-wrapped copy.
    getNativeBlob: true,
    ondataavailable(blob) {
      recorder.getArrayOfBlobs().length = 0;
      recorder.timestamps.length = 0;
      recorder.getAllStates().length = 0;
      chunks.next(blob);
    },
  });

  try {
    recorder.record();
  } catch (error) {
    throw new ExamError(ErrorCode.RECORDING_UNSUPPORTED, `MediaRecorder did not start: ${String(error)}`);
  }
  const started = recorder.getInternalRecorder();
  if (!started) throw new ExamError(ErrorCode.RECORDING_UNSUPPORTED, 'MediaRecorder did not start');
  const native: MediaRecorder = started;

  let failure: ExamError | undefined;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  let stopping: Promise<void> | undefined;
  let stopTimer: ReturnType<typeof setTimeout> | undefined;

  const trackListeners = stream.getTracks().map((track) => {
    // A track that ends by itself (camera unplugged, screen share stopped) would leave black frames or silence for
    // the rest of the file: flush what was recorded and complete; the machine reports it and records anew.
    const onEnded = () => void stop();
    track.addEventListener('ended', onEnded);
    return () => track.removeEventListener('ended', onEnded);
  });

  function finish(): void {
    if (chunks.closed) return;
    clearTimeout(stopTimer);
    for (const remove of trackListeners) remove();
    native.removeEventListener('stop', finish);
    if (failure) chunks.error(failure);
    else chunks.complete();
    resolveFinished();
  }

  // Fires after the final dataavailable: on stop(), and when the browser stops by itself (every track ended).
  native.addEventListener('stop', finish);
  native.onerror = (event: Event) => {
    const name = 'error' in event && event.error instanceof DOMException ? event.error.name : 'error';
    failure = new ExamError(name === 'NotSupportedError' ? ErrorCode.RECORDING_UNSUPPORTED : ErrorCode.INTERNAL_ERROR, `MediaRecorder ${name}`);
    // MediaRecorder stops itself after an error and still fires dataavailable and stop; make sure it does stop.
    void stop();
  };

  function stop(): Promise<void> {
    if (stopping) return stopping;
    if (chunks.closed) return (stopping = Promise.resolve());
    if (native.state !== 'inactive') recorder.stop();
    stopTimer = setTimeout(finish, STOP_TIMEOUT_MS);
    return (stopping = finished);
  }

  return { chunks, stop };
}
