/** A Recorder for tests and stories whose chunks the test pushes by hand instead of a MediaRecorder. */
import { Subject } from 'rxjs';
import type { ActiveRecorder, Recorder, RecorderOptions, RecordingKind } from '../ports/recorder.port.js';

export interface FakeRecorderOptions {
  /** MIME type per kind; default `video/webm;codecs=vp8,opus`. */
  readonly mimeTypes?: Partial<Record<RecordingKind, string>>;
  /** Bytes stop() flushes as the last chunk, like MediaRecorder's final dataavailable; null flushes nothing. */
  readonly finalChunk?: Uint8Array | null;
}

/** One started recorder, driven by the test. */
export interface FakeActiveRecorder extends ActiveRecorder {
  readonly stream: MediaStream;
  readonly options: RecorderOptions;
  readonly stopped: boolean;
  /** Pushes a chunk to subscribers, as if the encoder produced it. */
  emit(bytes: Uint8Array): void;
  /** Errors the chunk stream, as if the encoder crashed. */
  fail(error: unknown): void;
  /** Every byte emitted so far, in order: what a lossless pipeline must deliver to the server. */
  emitted(): Uint8Array;
}

export interface FakeRecorder extends Recorder {
  /** Every recorder started, oldest first. */
  readonly started: readonly FakeActiveRecorder[];
  start(stream: MediaStream, options: RecorderOptions): FakeActiveRecorder;
}

const DEFAULT_FINAL_CHUNK = new Uint8Array([0x1f, 0x43, 0xb6, 0x75]);

/** Creates a Recorder whose active recorders emit only what the test tells them to. */
export function createFakeRecorder(options: FakeRecorderOptions = {}): FakeRecorder {
  const started: FakeActiveRecorder[] = [];
  const finalChunk = options.finalChunk === undefined ? DEFAULT_FINAL_CHUNK : options.finalChunk;

  return {
    started,
    mimeTypeFor(kind) {
      return options.mimeTypes?.[kind] ?? 'video/webm;codecs=vp8,opus';
    },
    start(stream, recorderOptions) {
      const chunks = new Subject<Blob>();
      const parts: Uint8Array[] = [];
      let stopped = false;

      const emit = (bytes: Uint8Array): void => {
        if (stopped) throw new Error('FakeRecorder: emit() after stop()');
        const copy = bytes.slice();
        parts.push(copy);
        chunks.next(new Blob([copy], { type: recorderOptions.mimeType }));
      };

      const active: FakeActiveRecorder = {
        stream,
        options: recorderOptions,
        get stopped() {
          return stopped;
        },
        chunks,
        emit,
        fail(error) {
          stopped = true;
          chunks.error(error);
        },
        emitted() {
          const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
          let at = 0;
          for (const part of parts) {
            out.set(part, at);
            at += part.length;
          }
          return out;
        },
        async stop() {
          if (stopped) return;
          if (finalChunk) emit(finalChunk);
          stopped = true;
          chunks.complete();
        },
      };
      started.push(active);
      return active;
    },
  };
}
