/** The upload screen (R28, R29): recorders stop, everything stored is sent; 上传成功 only once all is acknowledged. */
import { ErrorCode } from '../../errors/error-codes.js';
import type { RecordingProgress } from '../../streams/upload-queue.js';
import { FINISH_RETRY_MS } from '../actors/timers.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { phaseOf } from '../exam.view.js';

/** Telling the server the exam is over, retried until it is recorded. */
const finish = examSetup.createStateConfig({
  initial: 'deciding',
  states: {
    // Ended on the server already (a supervisor ended the interview): nothing to tell it.
    deciding: { always: [{ guard: 'isFinishRecorded', target: 'recorded' }, { target: 'recording' }] },
    recording: {
      invoke: {
        src: 'finishExam',
        input: inputs.finishReason,
        onDone: { target: 'recorded', actions: [{ type: 'assignProgress', params: actorOutput }, 'markFinishRecorded'] },
        onError: [
          { guard: 'isSessionGone', target: '#exam.barred', actions: 'barForSessionGone' },
          { target: 'retrying' },
        ],
      },
    },
    retrying: {
      invoke: { src: 'retryTimer', input: { ms: FINISH_RETRY_MS } },
      on: { 'clock.retry': 'recording' },
    },
    recorded: {},
  },
});

/** Sending what is stored; it follows the network and stops at a recording that failed for good. */
const transfer = examSetup.createStateConfig({
  initial: 'checking',
  states: {
    checking: {
      always: [
        { guard: 'hasFailedRecording', target: 'failed' },
        { guard: 'isOnline', target: 'sending' },
        { target: 'waitingForNetwork' },
      ],
    },
    sending: {
      tags: 'uploading:sending',
      always: [
        { guard: 'hasFailedRecording', target: 'failed' },
        { guard: 'isOffline', target: 'waitingForNetwork' },
      ],
    },
    waitingForNetwork: {
      tags: 'uploading:waitingForNetwork',
      always: { guard: 'isOnline', target: 'sending' },
    },
    /** Guidance shown; 「重试」 tries again (R28). */
    failed: {
      tags: 'uploading:failed',
      on: { 'user.retryUpload': { target: 'checking', actions: 'retryUploads' } },
    },
  },
});

export const uploading = examSetup.createStateConfig({
  entry: [{ type: 'emitStage', params: { stage: 'uploading' } }, 'keepFinishReason', 'stopRecordings'],
  always: { guard: 'allRecordingsAcknowledged', target: 'finished' },
  on: {
    'upload.recordersStopped': { actions: ['markRecordersStopped', 'releaseCapture', 'releaseScreen'] },
  },
  type: 'parallel',
  states: { finish, transfer },
});

export interface UploadingView {
  /** Which stage this view is of. */
  readonly stage: 'uploading';
  /** Sending, waiting for the network, or a recording failed for good (「重试」). */
  readonly phase: 'sending' | 'waitingForNetwork' | 'failed';
  /** The server has recorded that the exam is over. */
  readonly finishRecorded: boolean;
  /** Each recording's progress with its percentage, 100 only when done. */
  readonly recordings: readonly (RecordingProgress & { readonly percent: number })[];
  /** Over all recordings, 0…100. */
  readonly percent: number;
  /** 「重试」 enabled. */
  readonly canRetry: boolean;
  /** Why storing or uploading failed, e.g. UPLOAD_FAILED. */
  readonly uploadError: ErrorCode | null;
}

export function selectUploadingView(snapshot: ExamSnapshot): UploadingView {
  const { context } = snapshot;
  const recordings = context.recordings.map((r) => ({ ...r, percent: percentOf(r.bytesAcknowledged, r.bytesRecorded, r.state === 'done') }));
  const recorded = context.recordings.reduce((sum, r) => sum + r.bytesRecorded, 0);
  const acknowledged = context.recordings.reduce((sum, r) => sum + r.bytesAcknowledged, 0);
  const phase = phaseOf(snapshot, 'uploading', ['sending', 'waitingForNetwork', 'failed'] as const) ?? 'sending';
  return {
    stage: 'uploading',
    phase,
    finishRecorded: context.finishRecorded,
    recordings,
    percent: percentOf(acknowledged, recorded, recordings.length > 0 && recordings.every((r) => r.state === 'done')),
    canRetry: phase === 'failed',
    uploadError: context.uploadError,
  };
}

export function uploadingViewStateKeys(view: UploadingView): string[] {
  return [`uploading:${view.phase}`];
}

/** Whole percent, 100 only when done: rounding must not show 100 while bytes are still pending. */
function percentOf(part: number, whole: number, done: boolean): number {
  if (done) return 100;
  if (whole <= 0) return 0;
  return Math.min(99, Math.floor((part / whole) * 100));
}
