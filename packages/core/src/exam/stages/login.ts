/** 人脸登录 / 普通登录 (R4–R7): login, resuming where the server says, and the login view. */
import { ErrorCode } from '../../errors/error-codes.js';
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

/** 人脸登录 (R4, R5). */
const face = examSetup.createStateConfig({
  tags: 'login:face',
  initial: 'opening',
  exit: 'releaseCapture',
  states: {
    opening: {
      tags: 'login:face:opening',
      entry: 'releaseCapture',
      invoke: {
        src: 'openCamera',
        input: inputs.chosenDevices,
        onDone: { target: 'capturing', actions: { type: 'assignCapture', params: actorOutput } },
        onError: { target: 'failed', actions: 'assignError' },
      },
    },
    capturing: {
      tags: 'login:face:capturing',
      on: { 'user.captureFace': { target: 'verifying', actions: 'clearError' } },
    },
    verifying: {
      tags: 'login:face:verifying',
      invoke: {
        src: 'loginWithFace',
        input: inputs.faceLogin,
        onDone: { target: '#exam.login.loadingMe' },
        onError: [
          ...refusals,
          { guard: 'isFaceUnavailable', target: '#exam.login.open.password', actions: ['assignError', { type: 'setLoginMethod', params: { method: 'password' } }] },
          { target: 'failed', actions: ['assignError', 'countFaceAttempt'] },
        ],
      },
    },
    /** Face not recognised: retry, or 普通登录 (R5). */
    failed: {
      tags: 'login:face:failed',
      on: { 'user.retry': { target: 'opening', actions: 'clearError' } },
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
        'user.useFace': { target: '.face', actions: [{ type: 'setLoginMethod', params: { method: 'face' } }, 'clearError'] },
      },
      states: {
        choosing: { always: [{ guard: 'prefersPassword', target: 'password' }, { target: 'face' }] },
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
  /** 人脸登录: where the attempt is, which buttons are enabled, and the camera preview. */
  readonly face: { readonly phase: 'opening' | 'capturing' | 'verifying' | 'failed'; readonly canCapture: boolean; readonly canRetry: boolean; readonly preview: MediaStream | null };
  /** 普通登录: whether the form is being submitted or may be. */
  readonly password: { readonly submitting: boolean; readonly canSubmit: boolean };
  /** After a failed face attempt, point to 普通登录 (R5). */
  readonly suggestPassword: boolean;
  /** Why the last attempt failed. */
  readonly error: ErrorCode | null;
}

export function selectLoginView(snapshot: ExamSnapshot): LoginView {
  const { context } = snapshot;
  const phase = phaseOf(snapshot, 'login', ['loading', 'loadFailed', 'notOpen', 'face', 'password', 'refused'] as const) ?? 'loading';
  const facePhase = phaseOf(snapshot, 'login:face', ['opening', 'capturing', 'verifying', 'failed'] as const) ?? 'opening';
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
    },
    password: { submitting, canSubmit: phase === 'password' && !submitting },
    suggestPassword: context.faceAttempts > 0,
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
