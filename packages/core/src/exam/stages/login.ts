/** 人脸登录 / 普通登录 (R4–R7): login, resuming where the server says, and the login view. */
import { not, or } from 'xstate';
import { ErrorCode } from '../../errors/error-codes.js';
import type { LivenessAction } from '../../ports/exam-api.port.js';
import type { FaceBox } from '../../ports/face-detector.port.js';
import { FACE_ATTEMPTS_BEFORE_PASSWORD, FACE_STARTING_RETRY_MS, faceFramesInput, faceLoginInput } from '../exam.face-login.js';
import * as inputs from '../exam.inputs.js';
import { actorOutput, examSetup } from '../exam.setup.js';
import { routing } from './resuming.js';
import type { ExamSnapshot } from '../exam.view.js';
import { phaseOf, selectTimeZone } from '../exam.view.js';

/** Refusals that face and password login share: taken over elsewhere (R6), too early (R4), too late (R21). */
const refusals = [
  { guard: 'isRefusedElsewhere', target: '#exam.login.refused', actions: 'assignError' },
  { guard: 'isLoginNotOpen', target: '#exam.login.notOpen', actions: 'assignLoginNotOpen' },
  { guard: 'isTooLate', target: '#exam.barred', actions: 'barWithEventError' },
] as const;

/** Gives up on 人脸登录 for 普通登录, keeping the refusal to show (R5). */
const toPassword = ['assignError', { type: 'setLoginMethod', params: { method: 'password' } }] as const;

/**
 * 人脸登录 (R4, R5, R7): the camera opens, the server chooses the liveness challenge, the candidate types the
 * 身份证号 and starts; a few frames captured during the action go to the server, which compares them with that
 * candidate's photo. Face login off, not possible here or refused FACE_ATTEMPTS_BEFORE_PASSWORD times: 普通登录.
 */
const face = examSetup.createStateConfig({
  tags: 'login:face',
  initial: 'opening',
  exit: ['releaseCapture', 'dropFaceChallenge', 'forgetFaces'],
  states: {
    opening: {
      tags: 'login:face:opening',
      entry: 'releaseCapture',
      invoke: {
        src: 'openCamera',
        input: inputs.chosenDevices,
        onDone: { target: 'camera', actions: { type: 'assignCapture', params: actorOutput } },
        onError: { target: 'cameraFailed', actions: 'assignError' },
      },
    },
    /** The camera could not open: retry, or 普通登录. */
    cameraFailed: {
      tags: 'login:face:failed',
      on: { 'user.retry': { target: 'opening', actions: 'clearError' } },
    },
    /**
     * The camera is open: the preview shows the face outlined while the candidate sits down (`watchFaces`), not while
     * the frames are taken and sent, when the detector would take the CPU the capture's timing needs.
     */
    camera: {
      initial: 'challenging',
      on: {
        'face.detected': { actions: 'assignFaces' },
        'face.detectorFailed': { actions: 'forgetFaces' },
      },
      states: {
        /** The server chooses what to do during the frames (turn the head or blink). */
        challenging: {
          tags: 'login:face:opening',
          invoke: [
            { src: 'watchFaces', input: inputs.capture },
            {
              src: 'createFaceChallenge',
              input: inputs.examId,
              onDone: { target: 'ready', actions: { type: 'assignFaceChallenge', params: actorOutput } },
              onError: [
                { guard: 'isFaceLoginImpossible', target: '#exam.login.open.password', actions: toPassword },
                { guard: 'isFaceLoginStarting', target: 'starting', actions: 'assignError' },
                { target: 'failed', actions: 'assignError' },
              ],
            },
          ],
        },
        /** The guidance, the challenge and the 身份证号 field; 开始人脸识别 starts the capture. */
        ready: {
          tags: 'login:face:capturing',
          invoke: { src: 'watchFaces', input: inputs.capture },
          on: {
            'user.captureFace': [
              { guard: 'isValidFaceLogin', target: 'capturing', actions: ['clearError', 'assignFaceIdNumber'] },
              { actions: { type: 'assignErrorCode', params: { code: ErrorCode.INVALID_ID_NUMBER } } },
            ],
          },
        },
        /** The candidate does the action while the frames are taken. */
        capturing: {
          tags: 'login:face:recording',
          invoke: {
            src: 'captureFaceFrames',
            input: faceFramesInput,
            onDone: { target: 'verifying', actions: { type: 'assignFaceFrames', params: actorOutput } },
            onError: { target: 'failed', actions: ['assignError', 'dropFaceChallenge'] },
          },
        },
        verifying: {
          tags: 'login:face:verifying',
          invoke: {
            src: 'loginWithFaceFrames',
            input: faceLoginInput,
            onDone: { target: '#exam.login.loadingMe' },
            onError: [
              ...refusals,
              { guard: 'isFaceLoginImpossible', target: '#exam.login.open.password', actions: toPassword },
              { guard: 'isLastFaceAttempt', target: '#exam.login.open.password', actions: [...toPassword, 'countFaceAttempt'] },
              { guard: 'isFaceLoginStarting', target: 'starting', actions: ['assignError', 'dropFaceChallenge'] },
              { guard: 'isCountedFaceRefusal', target: 'failed', actions: ['assignError', 'countFaceAttempt', 'dropFaceChallenge'] },
              { target: 'failed', actions: ['assignError', 'dropFaceChallenge'] },
            ],
          },
        },
        /** Not recognised (or the server not ready): the guidance again, and a new challenge on 重试 (R5). */
        failed: {
          tags: 'login:face:failed',
          invoke: { src: 'watchFaces', input: inputs.capture },
          on: { 'user.retry': { target: 'challenging', actions: 'clearError' } },
        },
        /** The server's face model still warms up (FACE_LOGIN_STARTING): asked again by itself a little later. */
        starting: {
          tags: 'login:face:failed',
          invoke: [{ src: 'watchFaces', input: inputs.capture }, { src: 'retryTimer', input: { ms: FACE_STARTING_RETRY_MS } }],
          on: {
            'clock.retry': { target: 'challenging', actions: 'clearError' },
            'user.retry': { target: 'challenging', actions: 'clearError' },
          },
        },
      },
    },
  },
});

/** 普通登录: 身份证号 + 密码 (R5). */
const password = examSetup.createStateConfig({
  tags: 'login:password',
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
      tags: 'login:password:submitting',
      invoke: {
        src: 'loginWithPassword',
        input: inputs.passwordLogin,
        onDone: { target: '#exam.login.loadingMe' },
        onError: [...refusals, { target: 'editing', actions: 'assignError' }],
      },
    },
  },
});

export const login = examSetup.createStateConfig({
  entry: { type: 'emitStage', params: { stage: 'login' } },
  exit: 'releaseCapture',
  initial: 'restoring',
  states: {
    /**
     * A kept session that 设备准备 could not read (the network was down at the reload) is tried again here, now that
     * the checks passed, before asking the candidate to log in.
     */
    restoring: {
      tags: 'login:loading',
      invoke: {
        src: 'loadMe',
        onDone: [
          { guard: { type: 'isSessionOfThisExam', params: actorOutput }, target: 'routing', actions: { type: 'assignMe', params: actorOutput } },
          { target: 'loadingExam' },
        ],
        onError: { target: 'loadingExam' },
      },
    },
    loadingExam: {
      tags: 'login:loading',
      invoke: {
        src: 'loadExam',
        input: inputs.examId,
        onDone: { target: 'notOpen', actions: { type: 'assignExam', params: actorOutput } },
        onError: { target: 'loadFailed', actions: 'assignError' },
      },
    },
    loadFailed: {
      tags: 'login:loadFailed',
      on: { 'user.retry': { target: 'loadingExam', actions: 'clearError' } },
    },
    /** Before startsAt − 30 min; the alarm fires at once when login is already open (R4). */
    notOpen: {
      tags: 'login:notOpen',
      invoke: { src: 'alarm', input: inputs.loginOpens },
      on: { 'clock.loginOpened': 'open' },
    },
    open: {
      initial: 'choosing',
      on: {
        'user.usePassword': { target: '.password', actions: [{ type: 'setLoginMethod', params: { method: 'password' } }, 'clearError'] },
        'user.useFace': { guard: not('isFaceLoginOff'), target: '.face', actions: [{ type: 'setLoginMethod', params: { method: 'face' } }, 'clearError'] },
      },
      states: {
        choosing: { always: [{ guard: or(['prefersPassword', 'isFaceLoginOff']), target: 'password' }, { target: 'face' }] },
        face,
        password,
      },
    },
    /** 不得多屏登录 (R6): already logged in on another device. */
    refused: {
      tags: 'login:refused',
      on: { 'user.retry': { target: 'open', actions: 'clearError' } },
    },
    loadingMe: {
      tags: 'login:loading',
      invoke: {
        src: 'loadMe',
        onDone: { target: 'routing', actions: { type: 'assignMe', params: actorOutput } },
        onError: { target: 'open', actions: 'assignError' },
      },
    },
    /** Resume where the server's record of progress says. */
    routing,
  },
});

export interface LoginView {
  /** Which stage this view is of. */
  readonly stage: 'login';
  /** What the login stage shows now. */
  readonly phase: 'loading' | 'loadFailed' | 'notOpen' | 'face' | 'password' | 'refused';
  /** The login the candidate chose last (人脸登录 by default). */
  readonly method: 'face' | 'password';
  /** When login opens (R4), while phase is notOpen. */
  readonly opensAt: number | null;
  /** The exam's IANA time zone, which every instant is shown in. */
  readonly timeZone: string;
  /** 人脸登录: where the attempt is, which buttons are enabled, the camera preview, the challenge and the faces seen. */
  readonly face: {
    /** opening: camera and challenge; capturing: ready to start; recording: frames being taken during the action. */
    readonly phase: 'opening' | 'capturing' | 'recording' | 'verifying' | 'failed';
    readonly canCapture: boolean;
    readonly canRetry: boolean;
    readonly preview: MediaStream | null;
    /** The server's liveness challenge, to show as an instruction. */
    readonly action: LivenessAction | null;
    /** The faces in the preview (fractions of the unmirrored frame); null without a detector: the oval guide alone. */
    readonly faces: readonly FaceBox[] | null;
    /** Attempts left before the page switches to 普通登录. */
    readonly attemptsLeft: number;
  };
  /** 普通登录: whether the form is being submitted or may be. */
  readonly password: { readonly submitting: boolean; readonly canSubmit: boolean };
  /** After a failed face attempt, point to 普通登录 (R5). */
  readonly suggestPassword: boolean;
  /** Whether the exam allows 人脸登录 (its policy): without it the page offers 普通登录 only. */
  readonly faceAllowed: boolean;
  /** Why the last attempt failed. */
  readonly error: ErrorCode | null;
}

export function selectLoginView(snapshot: ExamSnapshot): LoginView {
  const { context } = snapshot;
  const phase = phaseOf(snapshot, 'login', ['loading', 'loadFailed', 'notOpen', 'face', 'password', 'refused'] as const) ?? 'loading';
  const facePhase = phaseOf(snapshot, 'login:face', ['opening', 'capturing', 'recording', 'verifying', 'failed'] as const) ?? 'opening';
  const submitting = snapshot.hasTag('login:password:submitting');
  return {
    stage: 'login',
    phase,
    method: context.loginMethod,
    opensAt: context.loginOpensAt,
    timeZone: selectTimeZone(snapshot),
    face: {
      phase: facePhase,
      canCapture: facePhase === 'capturing',
      canRetry: facePhase === 'failed',
      preview: context.capture?.stream ?? null,
      action: context.faceLogin.challenge?.action ?? null,
      faces: context.faceLogin.faces,
      attemptsLeft: Math.max(0, FACE_ATTEMPTS_BEFORE_PASSWORD - context.faceAttempts),
    },
    password: { submitting, canSubmit: phase === 'password' && !submitting },
    suggestPassword: context.faceAttempts > 0,
    faceAllowed: context.exam?.policy.faceLogin !== false,
    error: context.error,
  };
}

export function loginViewStateKeys(view: LoginView): string[] {
  return [
    `login:${view.phase}`,
    ...(view.phase === 'face' ? [`login:face:${view.face.phase}`] : []),
    ...(view.phase === 'password' && view.password.submitting ? ['login:password:submitting'] : []),
  ];
}
