/**
 * examMachine: the candidate's whole interview (seed R2–R30) as one statechart. Top-level states are the stages
 * of DESIGN.md; every side effect is an actor from exam.actors.ts, provided from the ports.
 */
import { assign, emit, not, sendTo, setup, spawnChild, type ActorRefFrom } from 'xstate';
import { ErrorCode, errorCodeOf } from '../errors/error-codes.js';
import type { ExamPorts } from '../ports/index.js';
import type { HelpMessage, Incident, IncidentKind } from '../ports/exam-api.port.js';
import type { ProgressStage, Stage } from '../rules/stages.js';
import { createExamActors, FINISH_RETRY_MS, type LoadedMe } from './exam.actors.js';
import * as guards from './exam.guards.js';
import type { BarredReason, ExamContext, ExamEmitted, ExamEvent, ExamInput } from './exam.types.js';

/** Ports that throw on use: examMachine must be given real ones through createExamActor or .provide(). */
const unprovidedPorts = new Proxy({} as ExamPorts, {
  get(_target, port) {
    throw new Error(`examMachine: the ${String(port)} port is not provided; use createExamActor({ ports })`);
  },
});

const placeholderActors = createExamActors(unprovidedPorts);

function initialContext(input: ExamInput): ExamContext {
  return {
    examId: input.examId,
    deviceKey: input.deviceKey,
    checks: [],
    exam: null,
    loginOpensAt: null,
    loginMethod: 'face',
    faceAttempts: 0,
    candidate: null,
    schedule: null,
    progress: null,
    resume: null,
    pairing: null,
    evidence: null,
    requireEvidence: true,
    devices: { cameras: [], microphones: [] },
    cameraId: null,
    microphoneId: null,
    capture: null,
    screen: null,
    volume: 0,
    infoConfirmed: false,
    pledgeAccepted: false,
    noticeAccepted: false,
    questions: [],
    helpMessages: [],
    helpDraft: null,
    helpUnread: 0,
    online: true,
    recordings: [],
    recordersStopped: false,
    finishReason: null,
    finishRecorded: false,
    barredReason: null,
    error: null,
    uploadError: null,
  };
}

const saveProgress = (stage: ProgressStage) => ({
  src: 'saveProgress' as const,
  input: { stage },
  onDone: { actions: 'assignProgress' as const },
  // Progress is a record for resuming; failing to save it must not stop the candidate.
  onError: { actions: [] },
});

export const examMachine = setup({
  types: {
    context: {} as ExamContext,
    events: {} as ExamEvent,
    input: {} as ExamInput,
    emitted: {} as ExamEmitted,
  },
  actors: placeholderActors,
  guards: {
    allRequiredChecksPass: guards.allRequiredChecksPass,
    hasEntered: guards.hasEntered,
    evidenceReady: guards.evidenceReady,
    pledgeAndNoticeAccepted: guards.pledgeAndNoticeAccepted,
    isOnline: guards.isOnline,
    isValidHelpText: ({ event }) => event.type === 'user.sendHelp' && guards.isValidHelpText({ event }),
    isValidPasswordLogin: ({ event }) => event.type === 'user.submitPassword' && guards.isValidPasswordLogin({ event }),
    isRefusedElsewhere: ({ event }) => guards.isRefusedElsewhere({ event: event as { error?: unknown } }),
    isLoginNotOpen: ({ event }) => guards.isLoginNotOpen({ event: event as { error?: unknown } }),
    isTooLate: ({ event }) => guards.isTooLate({ event: event as { error?: unknown } }),
    isEntryNotOpen: ({ event }) => guards.isEntryNotOpen({ event: event as { error?: unknown } }),
    isFaceUnavailable: ({ event }) => guards.isFaceUnavailable({ event: event as { error?: unknown } }),
    isSessionGone: ({ event }) => guards.isSessionGone({ event: event as { error?: unknown } }),
    allRecordingsAcknowledged: guards.allRecordingsAcknowledged,
    hasFailedRecording: guards.hasFailedRecording,
    isFinished: ({ context }) => context.finishReason !== null,
    resumeIsBarred: ({ context }) => context.resume?.kind === 'barred',
    resumesAt: ({ context }, params: { stage: ProgressStage }) => context.resume?.kind === 'stage' && context.resume.stage === params.stage,
    isMonitored: ({ context }) => guards.hasEntered({ context }) && context.finishReason === null,
  },
  actions: {
    emitStage: emit((_, params: { stage: Stage | 'barred' }) => ({ type: 'stageChanged' as const, stage: params.stage })),
    clearError: assign({ error: null }),
    assignError: assign({ error: ({ event }) => errorCodeOf((event as { error?: unknown }).error) }),
    assignErrorCode: assign((_, params: { code: ErrorCode }) => ({ error: params.code })),
    assignProgress: assign({
      progress: ({ context, event }) => ('output' in event ? (event.output as ExamContext['progress']) : context.progress),
    }),
    bar: assign((_, params: { reason: BarredReason }) => ({ barredReason: params.reason })),
    assignMe: assign(({ context, event }) => {
      const { me, schedule, helpMessages, resume } = (event as unknown as { output: LoadedMe }).output;
      return {
        candidate: me.candidate,
        exam: me.exam,
        schedule,
        progress: me.progress,
        resume,
        requireEvidence: schedule.policy.requireEvidence,
        helpMessages: [...context.helpMessages, ...helpMessages.filter((m) => !context.helpMessages.some((c) => c.id === m.id))],
        finishReason: me.progress.finishReason,
        error: null,
      };
    }),
    barFromResume: assign({
      barredReason: ({ context }) => (context.resume?.kind === 'barred' ? (context.resume.reason as BarredReason) : ErrorCode.LATE_ENTRY_CLOSED),
    }),
    barWithEventError: assign({
      barredReason: ({ event }) => {
        const code = errorCodeOf((event as { error?: unknown }).error);
        return code === ErrorCode.LOGIN_CLOSED || code === ErrorCode.EXAM_OVER ? code : ErrorCode.LATE_ENTRY_CLOSED;
      },
    }),
    releaseCapture: assign({
      capture: ({ context }) => {
        context.capture?.stop();
        return null;
      },
    }),
    releaseScreen: assign({
      screen: ({ context }) => {
        context.screen?.stop();
        return null;
      },
    }),
    forwardIncident: sendTo('incidentReporter', ({ event }) => ({
      type: 'report' as const,
      incident: (event as { incident: Incident }).incident,
    })),
    raiseIncident: sendTo('incidentReporter', (_, params: { kind: IncidentKind; detail?: string }) => ({ type: 'raise' as const, ...params })),
    recordScreen: sendTo('recordings', ({ context }) => ({ type: 'record' as const, kind: 'screen' as const, stream: context.screen!.stream })),
    recordCamera: sendTo('recordings', ({ context }) => ({ type: 'record' as const, kind: 'camera' as const, stream: context.capture!.stream })),
    stopRecordings: sendTo('recordings', { type: 'stopAll' as const }),
    retryUploads: sendTo('recordings', { type: 'retry' as const }),
    tellRecordingsOnline: sendTo('recordings', ({ context }) => ({ type: 'online' as const, online: context.online })),
  },
}).createMachine({
  id: 'exam',
  context: ({ input }) => initialContext(input),
  invoke: [
    { id: 'recordings', src: 'recordings' },
    { id: 'integrity', src: 'integrity' },
    { id: 'incidentReporter', src: 'incidentReporter' },
  ],
  on: {
    'net.online': { actions: [assign({ online: true }), 'tellRecordingsOnline'] },
    'net.offline': { actions: [assign({ online: false }), 'tellRecordingsOnline'] },
    'integrity.incident': { guard: 'isMonitored', actions: 'forwardIncident' },
    // While the chat is closed, a new supervisor reply also counts as unread (the 「求助」 badge); help.open overrides.
    'api.helpMessage': {
      actions: assign({
        helpMessages: ({ context, event }) => withHelpMessage(context.helpMessages, event.message),
        helpUnread: ({ context, event }) =>
          event.message.from === 'supervisor' && !context.helpMessages.some((m) => m.id === event.message.id) ? context.helpUnread + 1 : context.helpUnread,
      }),
    },
    'api.evidenceStatus': { actions: assign({ evidence: ({ event }) => event.status }) },
    'api.sessionRevoked': { target: '.barred', actions: { type: 'bar', params: { reason: ErrorCode.SESSION_REVOKED } } },
    'upload.progress': { actions: assign({ recordings: ({ event }) => event.recordings }) },
    'upload.recordersStopped': { actions: assign({ recordersStopped: true }) },
    'upload.error': [
      // Storage running out is something a supervisor must see at once, not only the candidate.
      {
        guard: ({ event }) => event.code === ErrorCode.STORAGE_QUOTA_LOW,
        actions: [assign({ uploadError: ({ event }) => event.code }), { type: 'raiseIncident', params: { kind: 'storageLow' } }],
      },
      { actions: assign({ uploadError: ({ event }) => event.code }) },
    ],
    'media.volume': { actions: assign({ volume: ({ event }) => event.level }) },
  },
  initial: 'checkingDevices',
  states: {
    /** 设备准备 (R3). */
    checkingDevices: {
      entry: { type: 'emitStage', params: { stage: 'checkingDevices' } },
      initial: 'running',
      states: {
        running: {
          invoke: {
            src: 'runDeviceChecks',
            onDone: { target: 'reviewing', actions: assign({ checks: ({ event }) => event.output }) },
            onError: { target: 'reviewing', actions: 'assignError' },
          },
        },
        reviewing: {
          on: {
            'user.recheck': { target: 'running', actions: 'clearError' },
            'user.continue': { guard: 'allRequiredChecksPass', target: '#exam.login' },
          },
        },
      },
    },

    /** 人脸登录 / 普通登录 (R4–R7). */
    login: {
      entry: { type: 'emitStage', params: { stage: 'login' } },
      exit: 'releaseCapture',
      initial: 'restoring',
      states: {
        /** A session kept by the adapter (e.g. after a reload) skips the login form. */
        restoring: {
          invoke: {
            src: 'loadMe',
            onDone: { target: 'routing', actions: 'assignMe' },
            onError: { target: 'loadingExam' },
          },
        },
        loadingExam: {
          invoke: {
            src: 'loadExam',
            input: ({ context }) => ({ examId: context.examId }),
            onDone: {
              target: 'notOpen',
              actions: assign({ exam: ({ event }) => event.output.exam, loginOpensAt: ({ event }) => event.output.loginOpensAt }),
            },
            onError: { target: 'loadFailed', actions: 'assignError' },
          },
        },
        loadFailed: {
          on: { 'user.retry': { target: 'loadingExam', actions: 'clearError' } },
        },
        /** Before startsAt − 30 min; the alarm fires at once when login is already open (R4). */
        notOpen: {
          invoke: {
            src: 'alarm',
            input: ({ context }) => ({ at: context.loginOpensAt ?? 0, event: 'clock.loginOpened' as const }),
          },
          on: { 'clock.loginOpened': 'open' },
        },
        open: {
          initial: 'choosing',
          on: {
            'user.usePassword': { target: '.password', actions: [assign({ loginMethod: 'password' }), 'clearError'] },
            'user.useFace': { target: '.face', actions: [assign({ loginMethod: 'face' }), 'clearError'] },
          },
          states: {
            choosing: {
              always: [{ guard: ({ context }) => context.loginMethod === 'password', target: 'password' }, { target: 'face' }],
            },
            face: {
              initial: 'opening',
              exit: 'releaseCapture',
              states: {
                opening: {
                  entry: 'releaseCapture',
                  invoke: {
                    src: 'openCamera',
                    input: ({ context }) => ({ cameraId: context.cameraId, microphoneId: context.microphoneId }),
                    onDone: { target: 'capturing', actions: assign({ capture: ({ event }) => event.output }) },
                    onError: { target: 'failed', actions: 'assignError' },
                  },
                },
                capturing: {
                  on: { 'user.captureFace': { target: 'verifying', actions: 'clearError' } },
                },
                verifying: {
                  invoke: {
                    src: 'loginWithFace',
                    input: ({ context }) => ({ examId: context.examId, deviceKey: context.deviceKey, capture: context.capture }),
                    onDone: { target: '#exam.login.loadingMe' },
                    onError: [
                      { guard: 'isRefusedElsewhere', target: '#exam.login.refused', actions: 'assignError' },
                      { guard: 'isLoginNotOpen', target: '#exam.login.notOpen', actions: 'assignError' },
                      { guard: 'isTooLate', target: '#exam.barred', actions: 'barWithEventError' },
                      { guard: 'isFaceUnavailable', target: '#exam.login.open.password', actions: ['assignError', assign({ loginMethod: 'password' })] },
                      { target: 'failed', actions: ['assignError', assign({ faceAttempts: ({ context }) => context.faceAttempts + 1 })] },
                    ],
                  },
                },
                /** Face not recognised: retry, or 普通登录 (R5). */
                failed: {
                  on: { 'user.retry': { target: 'opening', actions: 'clearError' } },
                },
              },
            },
            /** 普通登录: 身份证号 + 密码 (R5). */
            password: {
              initial: 'editing',
              states: {
                editing: {
                  on: {
                    'user.submitPassword': [
                      { guard: 'isValidPasswordLogin', target: 'submitting', actions: 'clearError' },
                      { actions: { type: 'assignErrorCode', params: { code: ErrorCode.INVALID_ID_NUMBER } } },
                    ],
                  },
                },
                submitting: {
                  invoke: {
                    src: 'loginWithPassword',
                    input: ({ context, event }) => {
                      const { idNumber, password } = event as { idNumber: string; password: string };
                      return { examId: context.examId, deviceKey: context.deviceKey, idNumber: idNumber.trim(), password };
                    },
                    onDone: { target: '#exam.login.loadingMe' },
                    onError: [
                      { guard: 'isRefusedElsewhere', target: '#exam.login.refused', actions: 'assignError' },
                      { guard: 'isLoginNotOpen', target: '#exam.login.notOpen', actions: 'assignError' },
                      { guard: 'isTooLate', target: '#exam.barred', actions: 'barWithEventError' },
                      { target: 'editing', actions: 'assignError' },
                    ],
                  },
                },
              },
            },
          },
        },
        /** 不得多屏登录 (R6): already logged in on another device. */
        refused: {
          on: { 'user.retry': { target: 'open', actions: 'clearError' } },
        },
        loadingMe: {
          invoke: {
            src: 'loadMe',
            onDone: { target: 'routing', actions: 'assignMe' },
            onError: { target: 'open', actions: 'assignError' },
          },
        },
        /** Resume where the server's record of progress says (DESIGN.md). */
        routing: {
          entry: [
            spawnChild('keepSessionAlive', { id: 'session' }),
            spawnChild('liveEvents', { id: 'live' }),
            // Recordings a crashed browser left behind were refused (UNAUTHENTICATED) before this login: try again now.
            'retryUploads',
          ],
          always: [
            { guard: 'resumeIsBarred', target: '#exam.barred', actions: 'barFromResume' },
            { guard: { type: 'resumesAt', params: { stage: 'bindingEvidence' } }, target: '#exam.bindingEvidence' },
            { guard: { type: 'resumesAt', params: { stage: 'drawingLot' } }, target: '#exam.drawingLot' },
            { guard: { type: 'resumesAt', params: { stage: 'awaitingEntry' } }, target: '#exam.awaitingEntry' },
            { guard: { type: 'resumesAt', params: { stage: 'uploading' } }, target: '#exam.uploading' },
            { target: '#exam.readingProcess' },
          ],
        },
      },
    },

    /** 阅读面试流程 (R8). */
    readingProcess: {
      entry: { type: 'emitStage', params: { stage: 'readingProcess' } },
      invoke: saveProgress('readingProcess'),
      on: { 'user.continue': 'bindingEvidence' },
    },

    /** 佐证绑定 (R9, R10): the phone scans the QR code and films the room. */
    bindingEvidence: {
      entry: { type: 'emitStage', params: { stage: 'bindingEvidence' } },
      invoke: saveProgress('bindingEvidence'),
      initial: 'pairing',
      states: {
        pairing: {
          invoke: {
            src: 'createPairing',
            onDone: {
              target: 'waiting',
              actions: assign({ pairing: ({ event }) => event.output.pairing, evidence: ({ event }) => event.output.evidence }),
            },
            onError: { target: 'failed', actions: 'assignError' },
          },
        },
        failed: {
          on: { 'user.retry': { target: 'pairing', actions: 'clearError' } },
        },
        waiting: {
          on: {
            'user.refreshPairing': 'pairing',
            'user.continue': [
              { guard: 'evidenceReady', target: '#exam.drawingLot', actions: 'clearError' },
              { actions: { type: 'assignErrorCode', params: { code: ErrorCode.EVIDENCE_NOT_RECORDING } } },
            ],
          },
        },
      },
    },

    /** 抽签 (R11): draw, or the server assigns a lot at entry. */
    drawingLot: {
      entry: { type: 'emitStage', params: { stage: 'drawingLot' } },
      invoke: saveProgress('drawingLot'),
      initial: 'idle',
      states: {
        idle: {
          on: {
            'user.draw': { target: 'drawing', actions: 'clearError' },
          },
        },
        drawing: {
          invoke: {
            src: 'drawLot',
            onDone: { target: 'idle', actions: 'assignProgress' },
            onError: { target: 'idle', actions: 'assignError' },
          },
        },
      },
      on: { 'user.continue': { target: 'awaitingEntry', actions: 'clearError' } },
    },

    /** 进入考试 (R12–R14, R21). */
    awaitingEntry: {
      entry: { type: 'emitStage', params: { stage: 'awaitingEntry' } },
      invoke: saveProgress('awaitingEntry'),
      initial: 'notYetOpen',
      states: {
        /** 「进入考试」 disabled until entryOpensAt; the alarm fires at once if it has passed. */
        notYetOpen: {
          invoke: {
            src: 'alarm',
            input: ({ context }) => ({ at: context.schedule?.entryOpensAt ?? 0, event: 'clock.entryOpened' as const }),
          },
          on: {
            'clock.entryOpened': 'open',
            'user.refresh': 'refreshing',
          },
        },
        /** 「刷新」: measure server time again, then re-check (R12). */
        refreshing: {
          invoke: { src: 'resyncClock', onDone: 'notYetOpen', onError: 'notYetOpen' },
        },
        open: {
          initial: 'ready',
          invoke: {
            src: 'alarm',
            input: ({ context }) => ({
              at: guards.hasEntered({ context }) ? (context.schedule?.deadline ?? 0) : (context.schedule?.entryClosesAt ?? 0),
              event: 'clock.entryClosed' as const,
            }),
          },
          on: {
            'clock.entryClosed': [
              { guard: 'hasEntered', target: '#exam.uploading', actions: assign({ finishReason: 'timeUp' }) },
              { target: '#exam.barred', actions: { type: 'bar', params: { reason: ErrorCode.LATE_ENTRY_CLOSED } } },
            ],
          },
          states: {
            ready: {
              on: { 'user.enter': { target: 'checkingDisplay', actions: 'clearError' } },
            },
            /** R13: one display only. */
            checkingDisplay: {
              invoke: {
                src: 'checkDisplay',
                onDone: [
                  { guard: ({ event }) => event.output, target: 'ready', actions: { type: 'assignErrorCode', params: { code: ErrorCode.EXTERNAL_DISPLAY_CONNECTED } } },
                  { target: 'sharingScreen' },
                ],
                onError: { target: 'sharingScreen' },
              },
            },
            /** R14: the whole monitor, nothing less. */
            sharingScreen: {
              invoke: {
                src: 'shareScreen',
                onDone: [
                  { guard: ({ event }) => event.output.surface === 'monitor', target: 'entering', actions: assign({ screen: ({ event }) => event.output }) },
                  {
                    target: 'ready',
                    actions: [({ event }) => event.output.stop(), { type: 'assignErrorCode', params: { code: ErrorCode.SCREEN_SHARE_NOT_MONITOR } }],
                  },
                ],
                onError: { target: 'ready', actions: 'assignError' },
              },
            },
            entering: {
              invoke: {
                src: 'enter',
                onDone: { target: '#exam.confirmingDevices', actions: ['assignProgress', 'recordScreen'] },
                onError: [
                  { guard: 'isTooLate', target: '#exam.barred', actions: ['releaseScreen', 'barWithEventError'] },
                  { guard: 'isEntryNotOpen', target: '#exam.awaitingEntry.notYetOpen', actions: ['releaseScreen', 'assignError'] },
                  { target: 'ready', actions: ['releaseScreen', 'assignError'] },
                ],
              },
            },
          },
        },
      },
    },

    /** 设备确认 (R16): 刷新设备, choose camera and microphone, preview and volume. */
    confirmingDevices: {
      entry: { type: 'emitStage', params: { stage: 'confirmingDevices' } },
      invoke: [saveProgress('confirmingDevices'), { src: 'watchDevices' }],
      initial: 'listing',
      on: {
        'media.devicesChanged': { target: '.listing' },
        'user.refreshDevices': { target: '.listing', actions: 'clearError' },
        'user.selectCamera': { target: '.opening', actions: [assign({ cameraId: ({ event }) => event.deviceId }), 'clearError'] },
        'user.selectMicrophone': { target: '.opening', actions: [assign({ microphoneId: ({ event }) => event.deviceId }), 'clearError'] },
      },
      states: {
        listing: {
          invoke: {
            src: 'listDevices',
            onDone: {
              target: 'opening',
              actions: assign(({ context, event }) => {
                const { cameras, microphones } = event.output;
                const keep = (id: string | null, list: readonly { id: string }[]) => (id && list.some((d) => d.id === id) ? id : (list[0]?.id ?? null));
                return { devices: event.output, cameraId: keep(context.cameraId, cameras), microphoneId: keep(context.microphoneId, microphones) };
              }),
            },
            onError: { target: 'failed', actions: 'assignError' },
          },
        },
        opening: {
          entry: 'releaseCapture',
          invoke: {
            src: 'openCamera',
            input: ({ context }) => ({ cameraId: context.cameraId, microphoneId: context.microphoneId }),
            onDone: {
              target: 'ready',
              actions: assign({
                capture: ({ event }) => event.output,
                cameraId: ({ event }) => event.output.cameraId,
                microphoneId: ({ event }) => event.output.microphoneId,
              }),
            },
            onError: { target: 'failed', actions: 'assignError' },
          },
        },
        ready: {
          invoke: { src: 'watchVolume', input: ({ context }) => ({ capture: context.capture }) },
          on: { 'user.continue': '#exam.confirmingInfo' },
        },
        failed: {},
      },
    },

    /** 信息确认 (R17). */
    confirmingInfo: {
      entry: { type: 'emitStage', params: { stage: 'confirmingInfo' } },
      invoke: saveProgress('confirmingInfo'),
      on: { 'user.confirmInfo': { target: 'readingPledge', actions: assign({ infoConfirmed: true }) } },
    },

    /** 考试承诺书 and 考试须知 (R17): both accepted before going on. */
    readingPledge: {
      entry: { type: 'emitStage', params: { stage: 'readingPledge' } },
      invoke: saveProgress('readingPledge'),
      on: {
        'user.setPledgeAccepted': { actions: assign({ pledgeAccepted: ({ event }) => event.accepted }) },
        'user.setNoticeAccepted': { actions: assign({ noticeAccepted: ({ event }) => event.accepted }) },
        'user.continue': { guard: 'pledgeAndNoticeAccepted', target: 'countdown' },
      },
    },

    /** 考试开始前倒计时 (R18): the alarm fires at once for a candidate entering after startsAt. */
    countdown: {
      entry: { type: 'emitStage', params: { stage: 'countdown' } },
      invoke: [
        saveProgress('countdown'),
        { src: 'alarm', input: ({ context }) => ({ at: context.schedule?.startsAt ?? 0, event: 'clock.started' as const }) },
      ],
      on: { 'clock.started': 'answering' },
    },

    /** 开始答题 (R18–R27). */
    answering: {
      entry: [{ type: 'emitStage', params: { stage: 'answering' } }, 'recordCamera'],
      invoke: [
        saveProgress('answering'),
        { src: 'watchVolume', input: ({ context }) => ({ capture: context.capture }) },
      ],
      type: 'parallel',
      states: {
        /** R22: 刷新题目 when they did not load. */
        questions: {
          initial: 'loading',
          states: {
            loading: {
              invoke: {
                src: 'loadQuestions',
                onDone: { target: 'shown', actions: [assign({ questions: ({ event }) => event.output }), 'clearError'] },
                onError: { target: 'failed', actions: 'assignError' },
              },
            },
            shown: {},
            failed: {
              on: { 'user.refreshQuestions': 'loading' },
            },
          },
        },
        /** The deadline is the server's (R18); expiry ends the exam (R29). */
        timer: {
          initial: 'running',
          states: {
            running: {
              invoke: { src: 'alarm', input: ({ context }) => ({ at: context.schedule?.deadline ?? 0, event: 'clock.deadlineReached' as const }) },
              on: { 'clock.deadlineReached': { target: '#exam.uploading', actions: assign({ finishReason: 'timeUp' }) } },
            },
          },
        },
        /** A track that ends is an incident; the stage asks to share again (R14, R23). */
        recording: {
          initial: 'ok',
          states: {
            ok: {
              // Watched here, so that a screen shared again or a camera reopened is watched too.
              invoke: { src: 'watchTracks', input: ({ context }) => ({ capture: context.capture, screen: context.screen }) },
              on: {
                'media.screenEnded': {
                  target: 'screenLost',
                  actions: ['releaseScreen', { type: 'raiseIncident', params: { kind: 'screenShareEnded' } }],
                },
                'media.cameraEnded': {
                  target: 'cameraLost',
                  actions: { type: 'raiseIncident', params: ({ event }) => ({ kind: 'cameraEnded', detail: event.device }) },
                },
              },
            },
            screenLost: {
              on: { 'user.shareScreen': { target: 'resharing', actions: 'clearError' } },
            },
            resharing: {
              invoke: {
                src: 'shareScreen',
                onDone: [
                  { guard: ({ event }) => event.output.surface === 'monitor', target: 'ok', actions: [assign({ screen: ({ event }) => event.output }), 'recordScreen'] },
                  { target: 'screenLost', actions: [({ event }) => event.output.stop(), { type: 'assignErrorCode', params: { code: ErrorCode.SCREEN_SHARE_NOT_MONITOR } }] },
                ],
                onError: { target: 'screenLost', actions: 'assignError' },
              },
            },
            cameraLost: {
              on: { 'user.reopenCamera': { target: 'reopeningCamera', actions: 'clearError' } },
            },
            reopeningCamera: {
              entry: 'releaseCapture',
              invoke: {
                src: 'openCamera',
                input: ({ context }) => ({ cameraId: context.cameraId, microphoneId: context.microphoneId }),
                onDone: { target: 'ok', actions: [assign({ capture: ({ event }) => event.output }), 'recordCamera'] },
                onError: { target: 'cameraLost', actions: 'assignError' },
              },
            },
          },
        },
        /** R26: offline changes nothing but a banner and the upload pace. */
        network: {
          initial: 'checking',
          states: {
            checking: { always: [{ guard: 'isOnline', target: 'online' }, { target: 'offline' }] },
            // The root keeps context.online from net.* events; regions follow it, so no region swallows those events.
            online: { always: { guard: not('isOnline'), target: 'offline' } },
            offline: { always: { guard: 'isOnline', target: 'online' } },
          },
        },
        /** 求助 (R27). */
        help: {
          initial: 'closed',
          states: {
            closed: { on: { 'user.openHelp': 'open' } },
            open: {
              initial: 'idle',
              entry: assign({ helpUnread: 0 }),
              on: {
                'user.closeHelp': 'closed',
                'api.helpMessage': { actions: assign({ helpMessages: ({ context, event }) => withHelpMessage(context.helpMessages, event.message) }) },
              },
              states: {
                idle: {
                  on: {
                    'user.sendHelp': [
                      { guard: 'isValidHelpText', target: 'sending', actions: assign({ helpDraft: ({ event }) => event.text }) },
                      { actions: { type: 'assignErrorCode', params: { code: ErrorCode.HELP_MESSAGE_EMPTY } } },
                    ],
                  },
                },
                sending: {
                  invoke: {
                    src: 'sendHelp',
                    input: ({ context }) => ({ text: context.helpDraft ?? '' }),
                    onDone: {
                      target: 'idle',
                      actions: assign({
                        helpDraft: null,
                        error: null,
                        helpMessages: ({ context, event }) => withHelpMessage(context.helpMessages, event.output),
                      }),
                    },
                    onError: { target: 'idle', actions: { type: 'assignErrorCode', params: { code: ErrorCode.HELP_MESSAGE_FAILED } } },
                  },
                },
              },
            },
          },
        },
        /** 结束考试 → 确认 (R25). */
        ending: {
          initial: 'idle',
          states: {
            idle: { on: { 'user.endExam': 'confirming' } },
            confirming: {
              on: {
                'user.cancelEnd': 'idle',
                'user.confirmEnd': { target: '#exam.uploading', actions: assign({ finishReason: 'endedEarly' }) },
              },
            },
          },
        },
      },
    },

    /** Upload screen (R28, R29): recorders stop, everything stored is sent; 上传成功 only when all is acknowledged. */
    uploading: {
      entry: [
        { type: 'emitStage', params: { stage: 'uploading' } },
        assign({ finishReason: ({ context }) => context.finishReason ?? 'timeUp' }),
        'stopRecordings',
      ],
      always: { guard: 'allRecordingsAcknowledged', target: 'finished' },
      on: {
        'upload.recordersStopped': { actions: [assign({ recordersStopped: true }), 'releaseCapture', 'releaseScreen'] },
      },
      type: 'parallel',
      states: {
        finish: {
          initial: 'recording',
          states: {
            recording: {
              invoke: {
                src: 'finishExam',
                input: ({ context }) => ({ reason: context.finishReason ?? 'timeUp' }),
                onDone: { target: 'recorded', actions: ['assignProgress', assign({ finishRecorded: true })] },
                onError: [
                  { guard: 'isSessionGone', target: '#exam.barred', actions: { type: 'bar', params: { reason: ErrorCode.SESSION_REVOKED } } },
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
        },
        transfer: {
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
              always: [
                { guard: 'hasFailedRecording', target: 'failed' },
                { guard: not('isOnline'), target: 'waitingForNetwork' },
              ],
            },
            waitingForNetwork: { always: { guard: 'isOnline', target: 'sending' } },
            /** Guidance shown; 「重试」 tries again (R28). */
            failed: {
              on: { 'user.retryUpload': { target: 'checking', actions: 'retryUploads' } },
            },
          },
        },
      },
    },

    /** 上传成功 (R28–R30): stop the phone recording; evidence due within 60 minutes. */
    finished: {
      entry: [
        { type: 'emitStage', params: { stage: 'finished' } },
        emit(({ context }) => ({ type: 'finished' as const, reason: context.finishReason ?? 'completed' })),
        emit({ type: 'uploadComplete' as const }),
      ],
      on: { 'api.sessionRevoked': {} },
    },

    /** Cannot go on: late (R21), login closed, or the session was taken over (R6). */
    barred: {
      entry: [{ type: 'emitStage', params: { stage: 'barred' } }, 'releaseCapture', 'releaseScreen'],
      on: { 'api.sessionRevoked': {} },
    },
  },
});

export type ExamMachine = typeof examMachine;
export type ExamActorRef = ActorRefFrom<ExamMachine>;

/** The conversation with `message` added once (the WebSocket may repeat what a reload already loaded). */
function withHelpMessage(messages: readonly HelpMessage[], message: HelpMessage): readonly HelpMessage[] {
  return messages.some((m) => m.id === message.id) ? messages : [...messages, message];
}
