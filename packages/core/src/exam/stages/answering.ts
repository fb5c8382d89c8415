/** 开始答题 (R18–R27): questions, the deadline, recording, network, help and ending run side by side; and the answer page's view. */
import { ErrorCode } from '../../errors/error-codes.js';
import type { Candidate, HelpMessage, Question } from '../../ports/exam-api.port.js';
import type { RecordingProgress } from '../../streams/upload-queue.js';
import { phoneReplaced } from '../exam.guards.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot, PreviewView } from '../exam.view.js';
import { phaseOf, selectPreview, selectTimeZone } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

/** R22: 刷新题目 when they did not load. */
const questions = examSetup.createStateConfig({
  initial: 'loading',
  states: {
    loading: {
      tags: 'answering:questions:loading',
      invoke: {
        src: 'loadQuestions',
        onDone: { target: 'shown', actions: [{ type: 'assignQuestions', params: actorOutput }, 'clearError'] },
        onError: { target: 'failed', actions: 'assignError' },
      },
    },
    shown: { tags: 'answering:questions:shown' },
    failed: {
      tags: 'answering:questions:failed',
      on: { 'user.refreshQuestions': 'loading' },
    },
  },
});

/** The deadline is the server's (R18); expiry ends the exam (R29). */
const timer = examSetup.createStateConfig({
  initial: 'running',
  states: {
    running: {
      invoke: { src: 'alarm', input: inputs.deadline },
      on: { 'clock.deadlineReached': { target: '#exam.uploading', actions: { type: 'setFinishReason', params: { reason: 'timeUp' } } } },
    },
  },
});

/** A track that ends is an incident; the stage asks to share again (R14, R23). */
const recording = examSetup.createStateConfig({
  initial: 'ok',
  states: {
    ok: {
      tags: 'answering:recording:ok',
      // Watched here, so that a screen shared again or a camera reopened is watched too.
      invoke: { src: 'watchTracks', input: inputs.tracks },
      on: {
        'media.screenEnded': { target: 'screenLost', actions: ['releaseScreen', { type: 'raiseIncident', params: { kind: 'screenShareEnded' } }] },
        'media.cameraEnded': { target: 'cameraLost', actions: 'raiseCameraEnded' },
      },
    },
    screenLost: {
      tags: 'answering:recording:screenLost',
      on: { 'user.shareScreen': { target: 'resharing', actions: 'clearError' } },
    },
    resharing: {
      tags: 'answering:recording:resharing',
      invoke: {
        src: 'shareScreen',
        onDone: [
          { guard: { type: 'isWholeMonitor', params: actorOutput }, target: 'ok', actions: [{ type: 'assignScreen', params: actorOutput }, 'recordScreen'] },
          {
            target: 'screenLost',
            actions: [{ type: 'stopShare', params: actorOutput }, { type: 'assignErrorCode', params: { code: ErrorCode.SCREEN_SHARE_NOT_MONITOR } }],
          },
        ],
        onError: { target: 'screenLost', actions: 'assignError' },
      },
    },
    cameraLost: {
      tags: 'answering:recording:cameraLost',
      on: { 'user.reopenCamera': { target: 'reopeningCamera', actions: 'clearError' } },
    },
    reopeningCamera: {
      tags: 'answering:recording:reopeningCamera',
      entry: 'releaseCapture',
      invoke: {
        src: 'openCamera',
        input: inputs.chosenDevices,
        onDone: { target: 'ok', actions: [{ type: 'assignCapture', params: actorOutput }, 'recordCamera'] },
        onError: { target: 'cameraLost', actions: 'assignError' },
      },
    },
  },
});

/** R26: offline changes nothing but a banner and the upload pace. */
const network = examSetup.createStateConfig({
  initial: 'checking',
  states: {
    checking: { always: [{ guard: 'isOnline', target: 'online' }, { target: 'offline' }] },
    // The root keeps context.online from net.* events; regions follow it, so no region swallows those events.
    online: { always: { guard: 'isOffline', target: 'offline' } },
    offline: { tags: 'answering:offline', always: { guard: 'isOnline', target: 'online' } },
  },
});

/** 求助 (R27). */
const help = examSetup.createStateConfig({
  initial: 'closed',
  states: {
    closed: { on: { 'user.openHelp': 'open' } },
    open: {
      tags: 'answering:help',
      initial: 'idle',
      entry: 'markHelpRead',
      on: {
        'user.closeHelp': 'closed',
        'api.helpMessage': { actions: 'addHelpMessage' },
      },
      states: {
        idle: {
          on: {
            'user.sendHelp': [
              { guard: 'isValidHelpText', target: 'sending', actions: 'keepHelpDraft' },
              { actions: { type: 'assignErrorCode', params: { code: ErrorCode.HELP_MESSAGE_EMPTY } } },
            ],
          },
        },
        sending: {
          tags: 'answering:help:sending',
          invoke: {
            src: 'sendHelp',
            input: inputs.helpDraft,
            onDone: { target: 'idle', actions: { type: 'assignSentHelp', params: actorOutput } },
            onError: { target: 'idle', actions: 'assignHelpSendError' },
          },
        },
      },
    },
  },
});

/** 结束考试 → 确认 (R25). */
const ending = examSetup.createStateConfig({
  initial: 'idle',
  states: {
    idle: { on: { 'user.endExam': 'confirming' } },
    confirming: {
      tags: 'answering:confirmingEnd',
      on: {
        'user.cancelEnd': 'idle',
        'user.confirmEnd': { target: '#exam.uploading', actions: { type: 'setFinishReason', params: { reason: 'endedEarly' } } },
      },
    },
  },
});

export const answering = examSetup.createStateConfig({
  entry: [{ type: 'emitStage', params: { stage: 'answering' } }, 'recordCamera'],
  invoke: [saveProgress('answering'), { src: 'watchVolume', input: inputs.capture }],
  type: 'parallel',
  states: { questions, timer, recording, network, help, ending },
});

export interface AnsweringView {
  /** Which stage this view is of. */
  readonly stage: 'answering';
  /** The questions, and 「刷新题目」 when they did not load (R22). */
  readonly questions: { readonly phase: 'loading' | 'shown' | 'failed'; readonly items: readonly Question[]; readonly canRefresh: boolean };
  /** When answering ends (R18). */
  readonly deadline: number;
  /** The exam's IANA time zone, which the help messages' times are shown in. */
  readonly timeZone: string;
  /** Who is sitting the exam (R19). */
  readonly candidate: Candidate | null;
  /** The candidate's lot. */
  readonly lot: number | null;
  /** The camera and microphone, live. */
  readonly preview: PreviewView;
  /** False while offline: a banner, nothing else changes (R26). */
  readonly online: boolean;
  /** Whether screen and camera are recorded, or one must be shared or opened again (R14, R23); upload progress. */
  readonly recording: { readonly phase: 'ok' | 'screenLost' | 'resharing' | 'cameraLost' | 'reopeningCamera'; readonly recordings: readonly RecordingProgress[] };
  /** 求助 (R27): the chat, a message on its way, one not sent, and replies not read yet. */
  readonly help: { readonly open: boolean; readonly sending: boolean; readonly messages: readonly HelpMessage[]; readonly unsent: string | null; readonly unread: number };
  /** 结束考试: the confirmation box is open (R25). */
  readonly ending: { readonly confirming: boolean };
  /** A problem with storing or uploading recordings, e.g. STORAGE_QUOTA_LOW. */
  readonly uploadError: ErrorCode | null;
  /** Why the last action failed (questions, sharing, camera, help). */
  readonly error: ErrorCode | null;
  /** Another phone took over the evidence recording and does not record yet: 「手机已更换，请用新手机继续录制」. */
  readonly phoneReplaced: boolean;
}

export function selectAnsweringView(snapshot: ExamSnapshot): AnsweringView {
  const { context } = snapshot;
  const questionsPhase = phaseOf(snapshot, 'answering:questions', ['loading', 'shown', 'failed'] as const) ?? 'loading';
  const recordingPhase = phaseOf(snapshot, 'answering:recording', ['ok', 'screenLost', 'resharing', 'cameraLost', 'reopeningCamera'] as const) ?? 'ok';
  return {
    stage: 'answering',
    questions: { phase: questionsPhase, items: context.questions, canRefresh: questionsPhase === 'failed' },
    deadline: context.schedule?.deadline ?? 0,
    timeZone: selectTimeZone(snapshot),
    candidate: context.candidate,
    lot: context.progress?.lot ?? null,
    preview: selectPreview(snapshot),
    online: context.online,
    recording: { phase: recordingPhase, recordings: context.recordings },
    help: {
      open: snapshot.hasTag('answering:help'),
      sending: snapshot.hasTag('answering:help:sending'),
      messages: context.helpMessages,
      unsent: context.helpDraft,
      unread: context.helpUnread,
    },
    ending: { confirming: snapshot.hasTag('answering:confirmingEnd') },
    uploadError: context.uploadError,
    error: context.error,
    phoneReplaced: phoneReplaced({ context }),
  };
}

export function answeringViewStateKeys(view: AnsweringView): string[] {
  return [
    `answering:questions:${view.questions.phase}`,
    `answering:recording:${view.recording.phase}`,
    ...(view.online ? [] : ['answering:offline']),
    ...(view.help.open ? ['answering:help'] : []),
    ...(view.help.sending ? ['answering:help:sending'] : []),
    ...(view.ending.confirming ? ['answering:confirmingEnd'] : []),
  ];
}
