/**
 * The server's FaceVerifier: the face model runs in a worker thread (face-worker.ts), so that the event loop keeps
 * serving every other request while a face is compared (a detection takes 0.1–0.5 s of CPU). The worker starts with
 * the verifier and loads and warms up the models without holding `listen`; until it is ready the verifier's status
 * is `starting` (face login answers FACE_LOGIN_STARTING), and `failed` if the models cannot load
 * (FACE_LOGIN_UNAVAILABLE, 普通登录 still works). The decisions are face-analysis.ts's.
 */
import { EventEmitter, once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ErrorCode, ExamError } from '@examroom/core';
import { LIVENESS_ACTIONS, type LivenessAction } from '@examroom/adapters/rest';
import { FACE_CHECK_INTERVAL_MS, type FaceVerifier, type FaceVerifierStatus } from '@examroom/domain';
import { FACE_DEFAULTS, enrolmentFace, faceCheckOf, theOneFace, verdictOf, type FaceRules } from './face-analysis.js';
import type { FaceReply, FaceRequest, FaceSeen, FaceWorkerData } from './face-worker.js';
import { workerModuleUrl } from './worker-url.js';

export interface FaceVerifierOptions {
  /** EXAMROOM_FACE_THRESHOLD; FACE_DEFAULTS.threshold by default. */
  readonly threshold?: number;
  /** The liveness actions challenges pick from (EXAMROOM_FACE_LIVENESS); all by default. */
  readonly actions?: readonly LivenessAction[];
}

export interface ServerFaceVerifier extends FaceVerifier {
  /** Settles when the models are loaded and warm (resolves) or failed to load (rejects). */
  readonly ready: Promise<void>;
  /** The similarity threshold in force. */
  readonly threshold: number;
  /**
   * The faces the model sees in one picture (the bench and tests read them); `locateOnly` as the face checks look
   * (no descriptor, no iris).
   */
  analyse(image: Uint8Array, enrolled?: readonly number[], locateOnly?: boolean): Promise<readonly FaceSeen[]>;
  /** Stops the worker. */
  close(): Promise<void>;
}

/** EXAMROOM_FACE_THRESHOLD: a number between 0 and 1, or the default. */
export function parseFaceThreshold(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return FACE_DEFAULTS.threshold;
  const threshold = Number(value);
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold >= 1) throw new Error(`EXAMROOM_FACE_THRESHOLD must be a number between 0 and 1, not "${value}"`);
  return threshold;
}

/** EXAMROOM_FACE_LIVENESS: comma-separated actions (turnLeft, turnRight, blink), or all of them. */
export function parseFaceLiveness(value: string | undefined): readonly LivenessAction[] {
  if (value === undefined || value.trim() === '') return LIVENESS_ACTIONS;
  const actions = value.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const unknown = actions.filter((a) => !(LIVENESS_ACTIONS as readonly string[]).includes(a));
  if (unknown.length > 0 || actions.length === 0) throw new Error(`EXAMROOM_FACE_LIVENESS takes ${LIVENESS_ACTIONS.join(', ')}, not "${value}"`);
  return actions as LivenessAction[];
}

/** EXAMROOM_FACE_CHECK_INTERVAL_S: whole seconds between the face checks' frames (0: off), or the default. */
export function parseFaceCheckInterval(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return FACE_CHECK_INTERVAL_MS / 1000;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) throw new Error(`EXAMROOM_FACE_CHECK_INTERVAL_S must be whole seconds from 0 (off) to 3600, not "${value}"`);
  return seconds;
}

/**
 * The face checks' frames waiting for the worker beyond which a new one is dropped: 30 candidates sending every 20 s
 * are 1.5 frames a second at 0.1–0.6 s each (the lighter locateOnly pass), about half the worker's thread; a burst,
 * or face logins in the queue, drop a few advisory checks rather than holding logins behind them.
 */
const MAX_CHECKS_WAITING = 3;

export function createFaceVerifier(options: FaceVerifierOptions = {}): ServerFaceVerifier {
  const rules: FaceRules = { threshold: options.threshold ?? FACE_DEFAULTS.threshold };
  const actions = options.actions ?? LIVENESS_ACTIONS;
  let status: FaceVerifierStatus = 'starting';
  let nextId = 1;
  const pending = new Map<number, { resolve: (faces: readonly FaceSeen[]) => void; reject: (error: Error) => void }>();
  const events = new EventEmitter();

  const worker = workerModuleUrl('face-worker', import.meta.url).then((url) => {
    const w = new Worker(url, { workerData: { requireFrom: import.meta.url } satisfies FaceWorkerData });
    // The worker must not keep the process alive on its own (a CLI, a test that forgot close()).
    w.unref();
    w.on('message', (message: FaceReply | { ready: true } | { failed: string }) => {
      if ('ready' in message) events.emit('ready');
      else if ('failed' in message) events.emit('failed', new Error(message.failed));
      else {
        const call = pending.get(message.id);
        pending.delete(message.id);
        // What fails in the worker is the picture: not a JPEG or PNG it can decode, or too large.
        if ('error' in message) call?.reject(new ExamError(ErrorCode.FILE_UNREADABLE, message.error));
        else call?.resolve(message.faces);
      }
    });
    const stopped = (error: Error) => {
      status = 'failed';
      events.emit('failed', error);
      for (const call of pending.values()) call.reject(new ExamError(ErrorCode.FACE_LOGIN_UNAVAILABLE, error.message));
      pending.clear();
    };
    w.on('error', stopped);
    w.on('exit', (code) => stopped(new Error(`The face worker stopped (exit code ${code})`)));
    return w;
  });

  const ready = (async () => {
    await worker;
    const [outcome] = await Promise.race([once(events, 'ready').then(() => ['ready'] as const), once(events, 'failed')]);
    if (outcome !== 'ready') throw outcome as Error;
  })();
  ready.then(
    () => {
      if (status === 'starting') status = 'ready';
    },
    () => {
      status = 'failed';
    },
  );

  async function analyse(image: Uint8Array, enrolled?: readonly number[], locateOnly = false): Promise<readonly FaceSeen[]> {
    await ready.catch(() => {
      throw new ExamError(ErrorCode.FACE_LOGIN_UNAVAILABLE);
    });
    const w = await worker;
    // A worker that stopped answers nothing more: refuse rather than wait for it.
    if (status === 'failed') throw new ExamError(ErrorCode.FACE_LOGIN_UNAVAILABLE);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, image, ...(enrolled ? { enrolled } : {}), ...(locateOnly ? { locateOnly } : {}) } satisfies FaceRequest);
    });
  }

  let checksWaiting = 0;

  return {
    actions,
    ready,
    threshold: rules.threshold,
    status: () => status,
    analyse,
    async describe(photo) {
      return enrolmentFace(await analyse(photo)).descriptor!;
    },
    async verify({ frames, enrolled, action }) {
      const seen: FaceSeen[] = [];
      // One frame after another: the worker queues them anyway, and a frame without a face stops the rest.
      for (const frame of frames) seen.push(theOneFace(await analyse(frame, enrolled)));
      return verdictOf(seen, action, rules);
    },
    async checkFace(frame) {
      if (status !== 'ready' || checksWaiting >= MAX_CHECKS_WAITING) return 'busy';
      checksWaiting++;
      try {
        return faceCheckOf(await analyse(frame, undefined, true));
      } finally {
        checksWaiting--;
      }
    },
    async close() {
      status = 'failed';
      await (await worker).terminate();
    },
  };
}
