/**
 * The recordings of this device: starts recorders on command, keeps every chunk in the store and uploads it. Lives as
 * long as the machine, so recordings left by an earlier page load are uploaded too.
 */
import { fromCallback } from 'xstate';
import { errorCodeOf, type ErrorCode } from '../../errors/error-codes.js';
import type { ExamPorts } from '../../ports/index.js';
import { finalizeInterruptedRecordings, startRecording, type ActiveRecording } from '../../streams/recording.js';
import { createUploadQueue } from '../../streams/upload-queue.js';
import type { ExamEvent, RecordingsCommand } from '../exam.types.js';

export function recordingActors(ports: ExamPorts) {
  return {
    recordings: fromCallback<RecordingsCommand, void, ExamEvent>(({ receive, sendBack }) => {
      const queue = createUploadQueue({ store: ports.store, transport: ports.transport, timers: ports.clock });
      const subscription = queue.progress$.subscribe((recordings) => sendBack({ type: 'upload.progress', recordings }));
      const onError = (code: ErrorCode) => sendBack({ type: 'upload.error', code });
      // Recordings a closed or crashed page left unfinished are closed first, so that the queue can complete them;
      // this page's recorders start only after that, and "all acknowledged" is judged only after the listing.
      const ready = finalizeInterruptedRecordings(ports.store)
        .catch(() => [])
        .then(() => queue.start());
      const active: Promise<ActiveRecording | null>[] = [];
      receive((command) => {
        switch (command.type) {
          case 'record':
            active.push(
              ready
                .then(() =>
                  startRecording({ api: ports.api, recorder: ports.recorder, store: ports.store, queue, kind: command.kind, stream: command.stream, onError }),
                )
                .catch((error: unknown) => {
                  onError(errorCodeOf(error));
                  return null;
                }),
            );
            break;
          case 'stopAll': {
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
