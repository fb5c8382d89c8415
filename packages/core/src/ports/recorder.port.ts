/** Turns a MediaStream into a sequence of encoded chunks (RecordRTC / MediaRecorder in the browser). */
import type { Subscribable } from './subscribable.js';

/** The three recordings of a candidate (docs/architecture.md, the recording pipeline): camera+mic, screen, and the phone's evidence video. */
export type RecordingKind = 'camera' | 'screen' | 'evidence';

export interface RecorderOptions {
  /** Emit a chunk about this often (≈ 1 s). */
  readonly timesliceMs: number;
  /** A container/codec the browser supports, from `Recorder.mimeTypeFor`. */
  readonly mimeType: string;
}

export interface ActiveRecorder {
  /** Encoded chunks in order; completes after stop() has emitted the last one. */
  readonly chunks: Subscribable<Blob>;
  /** Stops and flushes; resolves after the last chunk was emitted. */
  stop(): Promise<void>;
}

export interface Recorder {
  /** The best supported MIME type for a kind of recording (WebM VP8/VP9 + Opus, else MP4). */
  mimeTypeFor(kind: RecordingKind): string;
  start(stream: MediaStream, options: RecorderOptions): ActiveRecorder;
}
