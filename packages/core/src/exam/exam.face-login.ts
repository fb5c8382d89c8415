/**
 * 人脸登录 (R5, R7): the face login's guards, actions and actors, which exam.setup.ts names. The server judges the
 * face (1:1 by 身份证号, with a liveness challenge it chose); the page opens the camera, outlines the face while the
 * candidate sits down, captures a few frames during the challenge's action and sends them.
 */
import { assertEvent, fromCallback, fromPromise } from 'xstate';
import { ErrorCode, ExamError } from '../errors/error-codes.js';
import type { FaceChallenge, LivenessAction } from '../ports/exam-api.port.js';
import type { FaceBox } from '../ports/face-detector.port.js';
import type { ExamPorts } from '../ports/index.js';
import type { MediaCapture } from '../ports/media-devices.port.js';
import { actorErrorCode } from './exam.context.js';
import { isIdNumber } from './exam.guards.js';
import type { ExamContext, ExamEvent } from './exam.types.js';

/** Face attempts the server refused before the page switches to 普通登录 (R5: 「如人脸登录失败…使用普通登录」). */
export const FACE_ATTEMPTS_BEFORE_PASSWORD = 3;

/** How many frames one login sends (the route takes 2–6): the first facing the camera, the rest during the action. */
export const FACE_FRAME_COUNT = 5;

/**
 * Time between frames: a head turn takes about a second and a half to make, so the frames span it; a blink lasts
 * 100–300 ms, so the frames come about 100 ms apart (as the server's check asks).
 */
export const FACE_FRAME_INTERVAL_MS: Readonly<Record<LivenessAction, number>> = { turnLeft: 400, turnRight: 400, blink: 100 };

/** How often the live outline looks for the face again. */
export const FACE_DETECT_INTERVAL_MS = 250;

/** A server whose face model still warms up is asked again after this long (FACE_LOGIN_STARTING). */
export const FACE_STARTING_RETRY_MS = 3_000;

/** Where a face login is, beside the machine's state. */
export interface FaceLoginContext {
  /** The server's liveness challenge for the next attempt. */
  readonly challenge: FaceChallenge | null;
  /** The 身份证号 the frames are sent with (1:1). */
  readonly idNumber: string;
  /** The frames captured during the challenge, in order, until they are sent. */
  readonly frames: readonly Blob[];
  /** The faces in the preview now; null without a face detector (the page then shows the oval guide only). */
  readonly faces: readonly FaceBox[] | null;
}

export const INITIAL_FACE_LOGIN: FaceLoginContext = { challenge: null, idNumber: '', frames: [], faces: null };

/** The face detector's findings, sent by the watchFaces actor. */
export type FaceEvent = { type: 'face.detected'; faces: readonly FaceBox[] } | { type: 'face.detectorFailed' };

type ContextArgs = { readonly context: ExamContext };
type EventArgs = { readonly context: ExamContext; readonly event: ExamEvent };

/** Refusals that say the frames did not show the candidate as asked: each counts toward 普通登录. */
const COUNTED_REFUSALS: readonly ErrorCode[] = [ErrorCode.FACE_NOT_DETECTED, ErrorCode.FACE_SEVERAL_FACES, ErrorCode.FACE_NOT_MATCHED, ErrorCode.FACE_NOT_LIVE];

/** Refusals that no retry cures. */
const IMPOSSIBLE: readonly ErrorCode[] = [ErrorCode.FACE_LOGIN_UNAVAILABLE, ErrorCode.FACE_NOT_ENROLLED];

export const faceLoginGuards = {
  /** The exam's policy turns face login off: 普通登录 directly. */
  isFaceLoginOff: ({ context }: ContextArgs) => context.exam?.policy.faceLogin === false,
  /** Nothing to retry: the server has no face verifier, face login is off, or no face is enrolled for this 身份证号. */
  isFaceLoginImpossible: ({ event }: { readonly event: ExamEvent }) =>
    IMPOSSIBLE.includes(actorErrorCode(event)),
  /** A refusal of the frames that makes FACE_ATTEMPTS_BEFORE_PASSWORD. */
  isLastFaceAttempt: ({ context, event }: EventArgs) =>
    COUNTED_REFUSALS.includes(actorErrorCode(event)) && context.faceAttempts + 1 >= FACE_ATTEMPTS_BEFORE_PASSWORD,
  isCountedFaceRefusal: ({ event }: { readonly event: ExamEvent }) => COUNTED_REFUSALS.includes(actorErrorCode(event)),
  isFaceLoginStarting: ({ event }: { readonly event: ExamEvent }) => actorErrorCode(event) === ErrorCode.FACE_LOGIN_STARTING,
  hasChallenge: ({ context }: ContextArgs) => context.faceLogin.challenge !== null,
  hasCapture: ({ context }: ContextArgs) => context.capture !== null,
  isValidFaceLogin: ({ event }: { readonly event: ExamEvent }) => {
    assertEvent(event, 'user.captureFace');
    return isIdNumber(event.idNumber);
  },
};

/** The face login's context after an update; exam.setup.ts's face actions assign these. */
export const faceLoginUpdates = {
  /** A new challenge: the frames of the one before are gone. */
  challenge: (face: FaceLoginContext, challenge: FaceChallenge): FaceLoginContext => ({ ...face, challenge, frames: [] }),
  /** The challenge is used up by the attempt (or expired): the next attempt asks for a new one. */
  dropChallenge: (face: FaceLoginContext): FaceLoginContext => ({ ...face, challenge: null, frames: [] }),
  idNumber: (face: FaceLoginContext, idNumber: string): FaceLoginContext => ({ ...face, idNumber: idNumber.trim() }),
  frames: (face: FaceLoginContext, frames: readonly Blob[]): FaceLoginContext => ({ ...face, frames }),
  faces: (face: FaceLoginContext, faces: readonly FaceBox[] | null): FaceLoginContext => ({ ...face, faces }),
};

/** Waits `ms` on the port's clock (the server clock's timers; simulated time in tests). */
function wait(ports: ExamPorts, ms: number): Promise<void> {
  return new Promise((resolve) => ports.clock.setTimeout(resolve, ms));
}

export function faceLoginActors(ports: ExamPorts) {
  return {
    createFaceChallenge: fromPromise<FaceChallenge, { examId: string }>(({ input }) => ports.api.createFaceChallenge(input.examId)),

    /** The first frame at once (the candidate faces the camera), the others spread over the action. */
    captureFaceFrames: fromPromise<readonly Blob[], { capture: MediaCapture | null; action: LivenessAction | null }>(async ({ input, signal }) => {
      if (!input.capture) throw new ExamError(ErrorCode.CAMERA_NOT_FOUND);
      const frames: Blob[] = [];
      const interval = FACE_FRAME_INTERVAL_MS[input.action ?? 'turnLeft'];
      for (let i = 0; i < FACE_FRAME_COUNT && !signal.aborted; i += 1) {
        if (i > 0) await wait(ports, interval);
        frames.push(await ports.media.captureFrame(input.capture));
      }
      return frames;
    }),

    loginWithFaceFrames: fromPromise<void, { examId: string; deviceKey: string; idNumber: string; challengeId: string | null; frames: readonly Blob[] }>(({ input }) =>
      ports.api.loginWithFace({
        examId: input.examId,
        deviceKey: input.deviceKey,
        idNumber: input.idNumber,
        challengeId: input.challengeId ?? '',
        frames: input.frames,
      }),
    ),

    /**
     * The live outline: looks for faces in the preview every FACE_DETECT_INTERVAL_MS, one detection at a time. Without
     * a detector, or when it cannot run here, it says so once and stops.
     */
    watchFaces: fromCallback<ExamEvent, { capture: MediaCapture | null }>(({ input, sendBack }) => {
      const detector = ports.faceDetector;
      const capture = input.capture;
      if (!detector || !capture) return undefined;
      let stopped = false;
      let timer: unknown = null;
      const look = async () => {
        try {
          const faces = await detector.detect(capture);
          if (stopped) return;
          sendBack({ type: 'face.detected', faces });
          timer = ports.clock.setTimeout(() => void look(), FACE_DETECT_INTERVAL_MS);
        } catch {
          if (!stopped) sendBack({ type: 'face.detectorFailed' });
        }
      };
      void look();
      return () => {
        stopped = true;
        if (timer !== null) ports.clock.clearTimeout(timer);
      };
    }),
  };
}

export const faceLoginInput = ({ context }: ContextArgs) => ({
  examId: context.examId,
  deviceKey: context.deviceKey,
  idNumber: context.faceLogin.idNumber,
  challengeId: context.faceLogin.challenge?.challengeId ?? null,
  frames: context.faceLogin.frames,
});

export const faceFramesInput = ({ context }: ContextArgs) => ({ capture: context.capture, action: context.faceLogin.challenge?.action ?? null });
