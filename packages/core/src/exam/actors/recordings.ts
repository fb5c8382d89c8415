/**
 * The recordings of this device: starts recorders on command, keeps every chunk in the store and uploads it. Lives as
 * long as the machine, so recordings left by an earlier page load are uploaded too — from `start` on, once this window
 * holds the exam's window lock: the store is the browser's, shared by every tab, and a second tab must never close,
 * upload or abandon the recordings the first one is making (R6).
 */
import { fromCallback } from 'xstate';
import { ErrorCode, errorCodeOf } from '../../errors/error-codes.js';
import type { ExamPorts } from '../../ports/index.js';
import { finalizeInterruptedRecordings, startRecording, type ActiveRecording } from '../../streams/recording.js';
import { createUploadQueue, type RecordingProgress } from '../../streams/upload-queue.js';
import type { ExamEvent, RecordingsCommand } from '../exam.types.js';

/** How often, a second apart, a part is asked to stop before the next part starts without it. */
const STOP_ATTEMPTS = 30;
const STOP_RETRY_MS = 1_000;
/** Why a part may fail to start for a while only (the disk still full, the network gone): it is tried again. */
const START_AGAIN_AFTER: ReadonlySet<ErrorCode> = new Set([ErrorCode.STORAGE_QUOTA_LOW, ErrorCode.NETWORK_ERROR]);
/** The first wait before a part is tried again; it doubles with every failure, up to START_RETRY_MAX_MS. */
const START_RETRY_MS = 2_000;
const START_RETRY_MAX_MS = 30_000;

/** `onProgress`: also told every progress of the upload queue (the heartbeat reports the bytes recorded from it). */
export function recordingActors(ports: ExamPorts, onProgress: (recordings: readonly RecordingProgress[]) => void = () => undefined) {
  return {
    recordings: fromCallback<RecordingsCommand, void, ExamEvent>(({ receive, sendBack }) => {
      const queue = createUploadQueue({ store: ports.store, transport: ports.transport, timers: ports.clock });
      const subscription = queue.progress$.subscribe((recordings) => {
        onProgress(recordings);
        sendBack({ type: 'upload.progress', recordings });
      });
      const onError = (code: ErrorCode) => sendBack({ type: 'upload.error', code });
      let own!: () => void;
      const owned = new Promise<void>((resolve) => (own = resolve));
      // Recordings a closed or crashed page left unfinished are closed first, so that the queue can complete them;
      // this page's recorders start only after that, and "all acknowledged" is judged only after the listing.
      const ready = owned
        .then(() => finalizeInterruptedRecordings(ports.store, new Set(), (id) => ports.api.abandonRecording(id)))
        .catch(() => [])
        .then(() => queue.start());
      const active: Promise<ActiveRecording | null>[] = [];
      /** This page's latest recording of each kind: a new one of that kind is its next part. */
      const latest = new Map<'camera' | 'screen', Promise<ActiveRecording | null>>();
      /**
       * Stops a part so that it can be completed, trying again while the store refuses to mark it stopped (a full
       * disk): a part this browser holds but has not marked stopped would otherwise be abandoned by the next one.
       * Gives up after STOP_ATTEMPTS tries a second apart; the next part then abandons it, and the bytes the server
       * has stay there.
       */
      const stopWhole = async (recording: ActiveRecording | null): Promise<void> => {
        for (let attempt = 1; recording && attempt <= STOP_ATTEMPTS; attempt += 1) {
          try {
            return await recording.stop();
          } catch {
            await new Promise<void>((resolve) => ports.clock.setTimeout(resolve, STOP_RETRY_MS));
          }
        }
      };
      /**
       * Records the next part of `kind` from `stream`. The server keeps one part per kind open: the previous part
       * (its stream ended or was replaced) stops first, so that startRecording can finish uploading it before it
       * creates the next. A part that had to drop a chunk (the disk full for too long) ends there and the next
       * part starts on the same stream, so that every part plays to its end.
       */
      const record = (kind: 'camera' | 'screen', stream: MediaStream) => {
        const previous = latest.get(kind);
        const stopped = previous ? previous.then((recording) => stopWhole(recording)) : Promise.resolve();
        const onGap = () => {
          // Only while this part is still the page's latest of its kind (not replaced, not stopped at the end).
          if (latest.get(kind) === started) record(kind, stream);
        };
        const isLatest = () => latest.get(kind) === started;
        const start = async (): Promise<ActiveRecording | null> => {
          for (let wait = START_RETRY_MS; ; wait = Math.min(wait * 2, START_RETRY_MAX_MS)) {
            try {
              return await startRecording({ api: ports.api, recorder: ports.recorder, store: ports.store, queue, kind, stream, onError, onGap });
            } catch (error) {
              const code = errorCodeOf(error);
              // After finishing nothing new is recorded (EXAM_FINISHED): not a problem to show.
              if (code === ErrorCode.EXAM_FINISHED) return null;
              onError(code);
              // A part that cannot start for a while is tried again, as long as it is still wanted.
              if (!START_AGAIN_AFTER.has(code) || !isLatest()) return null;
              await new Promise<void>((resolve) => ports.clock.setTimeout(resolve, wait));
              if (!isLatest()) return null;
            }
          }
        };
        const started: Promise<ActiveRecording | null> = Promise.all([ready, stopped]).then(start);
        latest.set(kind, started);
        active.push(started);
      };
      receive((command) => {
        switch (command.type) {
          case 'start':
            own();
            break;
          case 'record':
            record(command.kind, command.stream);
            break;
          case 'stopAll': {
            latest.clear();
            const stopping = active.splice(0).map((started) => started.then((recording) => recording?.stop()));
            void Promise.allSettled([ready, ...stopping]).then((results) => {
              for (const result of results) if (result.status === 'rejected') onError(errorCodeOf(result.reason));
              sendBack({ type: 'upload.recordersStopped' });
            });
            break;
          }
          case 'online':
            queue.setOnline(command.online);
            break;
          case 'retry':
            queue.retry();
            break;
        }
      });
      return () => {
        subscription.unsubscribe();
        queue.stop();
      };
    }),
  };
}
