/**
 * Coming back after a reload or a browser restart: routing to where the server's record of progress says, and, for a
 * candidate who had entered, asking only for what the browser lost (the camera if it cannot be reopened by itself,
 * the screen share, which needs the candidate's gesture) before returning to their stage; and the prompt's view.
 */
import { ErrorCode } from '../../errors/error-codes.js';
import type { ProgressStage } from '../../rules/stages.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot } from '../exam.view.js';
import { phaseOf } from '../exam.view.js';
import { screenShareStates } from './screen-share.js';

/**
 * Right after the candidate's record is loaded (a kept session, or a login): the session's heartbeat and pushes
 * start, and the machine goes where `resumeStage` says. Used by 设备准备 (a kept session) and by login.
 */
export const routing = examSetup.createStateConfig({
  entry: [
    'startHeartbeat',
    'listenToServer',
    // Recordings a crashed browser left behind were refused (UNAUTHENTICATED) before this login: try again now.
    'retryUploads',
  ],
  always: [
    { guard: 'resumeIsBarred', target: '#exam.barred', actions: 'barFromResume' },
    { guard: 'resumesAfterEntry', target: '#exam.resuming' },
    { guard: { type: 'resumesAt', params: { stage: 'bindingEvidence' } }, target: '#exam.bindingEvidence' },
    { guard: { type: 'resumesAt', params: { stage: 'drawingLot' } }, target: '#exam.drawingLot' },
    { guard: { type: 'resumesAt', params: { stage: 'awaitingEntry' } }, target: '#exam.awaitingEntry' },
    { guard: { type: 'resumesAt', params: { stage: 'uploading' } }, target: '#exam.uploading' },
    { target: '#exam.readingProcess' },
  ],
});

/**
 * Back to a stage after entry (设备确认 … 开始答题). The camera reopens by itself (the permission is kept); the screen
 * share needs a click on 「重新共享屏幕」, then its recording starts again and the candidate is where they were. The
 * server's deadline runs on meanwhile.
 */
export const resuming = examSetup.createStateConfig({
  // The reload ended the screen share: the supervisor sees why the screen recording has a gap.
  entry: { type: 'raiseIncident', params: { kind: 'screenShareEnded', detail: 'pageReloaded' } },
  invoke: { src: 'alarm', input: inputs.deadline },
  on: { 'clock.deadlineReached': { target: '#exam.uploading', actions: { type: 'setFinishReason', params: { reason: 'timeUp' } } } },
  initial: 'openingCamera',
  states: {
    openingCamera: {
      tags: 'resuming:openingCamera',
      entry: 'releaseCapture',
      invoke: {
        src: 'openCamera',
        input: inputs.chosenDevices,
        onDone: { target: 'ready', actions: { type: 'assignOpenedDevices', params: actorOutput } },
        onError: { target: 'cameraFailed', actions: 'assignError' },
      },
    },
    /** The browser lost the camera (or its permission): 「重新打开摄像头」 once it is fixed. */
    cameraFailed: {
      tags: 'resuming:cameraFailed',
      on: { 'user.reopenCamera': { target: 'openingCamera', actions: 'clearError' } },
    },
    /** 「重新共享屏幕」: a browser shares the screen only on the candidate's gesture. */
    ready: {
      tags: 'resuming:ready',
      on: { 'user.shareScreen': { target: 'checkingDisplay', actions: 'clearError' } },
    },
    // R13, R14: as at entry; the screen's recording starts again at once.
    ...screenShareStates({
      tags: { checkingDisplay: 'resuming:sharingScreen', sharingScreen: 'resuming:sharingScreen' },
      shared: { target: 'returning', recordScreen: true },
    }),
    returning: {
      always: [
        { guard: { type: 'resumesAt', params: { stage: 'confirmingDevices' } }, target: '#exam.confirmingDevices' },
        { guard: { type: 'resumesAt', params: { stage: 'confirmingInfo' } }, target: '#exam.confirmingInfo' },
        { guard: { type: 'resumesAt', params: { stage: 'readingPledge' } }, target: '#exam.readingPledge' },
        { guard: { type: 'resumesAt', params: { stage: 'countdown' } }, target: '#exam.countdown' },
        { target: '#exam.answering' },
      ],
    },
  },
});

export interface ResumingView {
  /** Which stage this view is of: not a step of its own, the prompt before returning to `returnsTo`. */
  readonly stage: 'resuming';
  /** Reopening the camera, the camera failed, waiting for 「重新共享屏幕」, or sharing. */
  readonly phase: 'openingCamera' | 'cameraFailed' | 'ready' | 'sharingScreen';
  /** The stage the candidate returns to once the screen is shared again. */
  readonly returnsTo: ProgressStage;
  /** When answering ends, when returning to 开始答题 (the time runs on meanwhile); null otherwise. */
  readonly deadline: number | null;
  /** 「重新共享屏幕」 enabled. */
  readonly canShare: boolean;
  /** 「重新打开摄像头」 enabled. */
  readonly canReopenCamera: boolean;
  /** Why the camera or the share failed (permission denied, not the whole screen, another display…). */
  readonly error: ErrorCode | null;
}

export function selectResumingView(snapshot: ExamSnapshot): ResumingView {
  const { context } = snapshot;
  const phase = phaseOf(snapshot, 'resuming', ['openingCamera', 'cameraFailed', 'ready', 'sharingScreen'] as const) ?? 'openingCamera';
  const returnsTo = context.resume?.kind === 'stage' ? context.resume.stage : 'answering';
  return {
    stage: 'resuming',
    phase,
    returnsTo,
    deadline: returnsTo === 'answering' ? (context.schedule?.deadline ?? null) : null,
    canShare: phase === 'ready',
    canReopenCamera: phase === 'cameraFailed',
    error: context.error,
  };
}

export function resumingViewStateKeys(view: ResumingView): string[] {
  return [`resuming:${view.phase}`];
}
