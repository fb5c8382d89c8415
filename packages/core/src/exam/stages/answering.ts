/** 开始答题 (R18–R27): questions, the deadline, recording, network, help and ending run side by side; and the answer page's view. */
import { ErrorCode } from '../../errors/error-codes.js';
import type { Candidate, HelpMessage, Question } from '../../ports/exam-api.port.js';
import type { RecordingProgress } from '../../streams/upload-queue.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import type { ExamSnapshot, PairingCodeView, PhoneStatusView, PreviewView } from '../exam.view.js';
import { phaseOf, selectPairingCode, selectPhoneStatus, selectPreview, selectTimeZone } from '../exam.view.js';
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
      on: {
        'clock.deadlineReached': { target: '#exam.uploading', actions: { type: 'setFinishReason', params: { reason: 'timeUp' } } },
        // Extra time from a supervisor: the alarm starts again for the new deadline.
        'api.scheduleChanged': { target: 'running', reenter: true, actions: 'assignPushedSchedule' },
      },
    },
  },
});

/** A track that ends is an incident; the stage asks to share again (R14, R23). */
const recording = examSetup.createStateConfig({
  initial: 'ok',
  states: {
    ok: {
      tags: 'answering:recording:ok',
      // Watched here, so that a screen shared again or a camera reopened is watched too; the face checks likewise
      // take their stills from the camera recorded now, and pause while it is lost.
      invoke: [
        { src: 'watchTracks', input: inputs.tracks },
        { src: 'faceChecks', input: inputs.capture },
      ],
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

/**
 * 「重新绑定手机」 (R10): a phone that stopped or went silent is replaced by pairing a phone again during the interview
 * (the server allows a pairing code until the finish). A dialog shows a fresh QR code; like 佐证绑定's, it is
 * replaced when it expires or once it paired a phone, so it always pairs. Closing it changes nothing on the phone.
 */
const rebinding = examSetup.createStateConfig({
  initial: 'closed',
  states: {
    closed: { on: { 'user.rebindPhone': 'open' } },
    open: {
      on: { 'user.closeRebinding': { target: 'closed', actions: 'clearError' } },
      initial: 'creating',
      states: {
        creating: {
          tags: 'answering:rebinding:creating',
          invoke: {
            src: 'createPairing',
            onDone: { target: 'shown', actions: { type: 'assignPairing', params: actorOutput } },
            onError: { target: 'failed', actions: 'assignError' },
          },
        },
        shown: {
          tags: 'answering:rebinding:shown',
          invoke: { src: 'alarm', input: inputs.pairingExpires },
          on: {
            'clock.pairingExpired': 'creating',
            'api.evidenceStatus': { guard: 'pairingUsed', target: 'creating', actions: 'assignEvidence' },
            'user.refreshPairing': 'creating',
          },
        },
        failed: {
          tags: 'answering:rebinding:failed',
          on: { 'user.refreshPairing': { target: 'creating', actions: 'clearError' } },
        },
      },
    },
  },
});

export const answering = examSetup.createStateConfig({
  entry: [{ type: 'emitStage', params: { stage: 'answering' } }, 'recordCamera'],
  // The phone's state in the side panel: pushes, and the poll for when they do not come.
  invoke: [saveProgress('answering'), { src: 'watchVolume', input: inputs.capture }, { src: 'pollEvidence' }],
  type: 'parallel',
  states: { questions, timer, recording, network, help, ending, rebinding },
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
  /** The phone's evidence in the side panel: 录制中 · 已上传 x MB, 手机无响应, 手机已停止录制, replaced. */
  readonly phone: PhoneStatusView;
  /** 「重新绑定手机」: the dialog's fresh pairing code being made, shown, or failed (then `error` says why). */
  readonly rebinding: { readonly phase: 'closed' | 'creating' | 'shown' | 'failed'; readonly pairing: PairingCodeView | null };
}

export function selectAnsweringView(snapshot: ExamSnapshot): AnsweringView {
  const { context } = snapshot;
  const questionsPhase = phaseOf(snapshot, 'answering:questions', ['loading', 'shown', 'failed'] as const) ?? 'loading';
  const recordingPhase = phaseOf(snapshot, 'answering:recording', ['ok', 'screenLost', 'resharing', 'cameraLost', 'reopeningCamera'] as const) ?? 'ok';
  const rebindingPhase = phaseOf(snapshot, 'answering:rebinding', ['creating', 'shown', 'failed'] as const) ?? 'closed';
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
    phone: selectPhoneStatus(snapshot),
    rebinding: { phase: rebindingPhase, pairing: rebindingPhase === 'shown' ? selectPairingCode(snapshot) : null },
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
    ...(view.rebinding.phase === 'closed' ? [] : [`answering:rebinding:${view.rebinding.phase}`]),
  ];
}
