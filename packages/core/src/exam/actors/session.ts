/** Logging in and staying logged in: the exam before login, face and password login, the candidate's record, heartbeats and server pushes. */
import { map } from 'rxjs';
import { fromCallback, fromEventObservable, fromPromise, type EventObject } from 'xstate';
import { ErrorCode, ExamError, errorCodeOf } from '../../errors/error-codes.js';
import type { ExamPorts } from '../../ports/index.js';
import type { ExamInfo, HelpMessage, Me } from '../../ports/exam-api.port.js';
import type { MediaCapture } from '../../ports/media-devices.port.js';
import { earliestLoginOpensAt, scheduleOf, type Schedule } from '../../rules/schedule.js';
import { resumeStage, type Resume } from '../../rules/stages.js';
import { fromPort } from '../../streams/from-port.js';
import type { ApiEvent } from '../exam.types.js';

export interface LoadedExam {
  /** The exam as the login page shows it. */
  readonly exam: ExamInfo;
  /** When the earliest sitting's login opens (R4). */
  readonly loginOpensAt: number;
}

export interface LoadedMe {
  /** The logged-in candidate, their exam, sitting and progress. */
  readonly me: Me;
  /** The sitting's instants and policy. */
  readonly schedule: Schedule;
  /** Where to go on from the server's record of progress. */
  readonly resume: Resume;
  /** The help conversation so far. */
  readonly helpMessages: readonly HelpMessage[];
}

/** Time between heartbeats; the server treats a session silent for 30 s as stale (R6). */
export const HEARTBEAT_MS = 10_000;

export function sessionActors(ports: ExamPorts) {
  return {
    loadExam: fromPromise<LoadedExam, { examId: string }>(async ({ input }) => {
      const exam = await ports.api.getExam(input.examId);
      return { exam, loginOpensAt: earliestLoginOpensAt(exam.sittings, exam.policy) };
    }),

    loginWithFace: fromPromise<void, { examId: string; deviceKey: string; capture: MediaCapture | null }>(async ({ input }) => {
      if (!input.capture) throw new ExamError(ErrorCode.CAMERA_NOT_FOUND);
      const image = await ports.media.captureFrame(input.capture);
      await ports.api.loginWithFace({ examId: input.examId, deviceKey: input.deviceKey, image });
    }),

    loginWithPassword: fromPromise<void, { examId: string; deviceKey: string; idNumber: string; password: string }>(({ input }) =>
      ports.api.loginWithPassword(input),
    ),

    loadMe: fromPromise<LoadedMe>(async () => {
      const [me, helpMessages] = await Promise.all([ports.api.getMe(), ports.api.getHelpMessages().catch(() => [])]);
      const schedule = scheduleOf({ ...me.sitting, policy: { ...me.exam.policy, ...me.sitting.policy } });
      return { me, schedule, helpMessages, resume: resumeStage(me.progress, schedule, ports.clock.now()) };
    }),

    /** Heartbeats while logged in; a refused heartbeat means the session was taken over (R6) or has expired. */
    keepSessionAlive: fromCallback<EventObject>(({ sendBack }) => {
      let handle: unknown;
      let stopped = false;
      const beat = () => {
        ports.api.heartbeat().then(
          () => undefined,
          (error: unknown) => {
            const code = errorCodeOf(error);
            if (stopped) return;
            if (code === ErrorCode.SESSION_EXPIRED) sendBack({ type: 'api.sessionRevoked', reason: ErrorCode.SESSION_EXPIRED });
            else if (code === ErrorCode.SESSION_REVOKED || code === ErrorCode.UNAUTHENTICATED) sendBack({ type: 'api.sessionRevoked', reason: ErrorCode.SESSION_REVOKED });
          },
        );
        handle = ports.clock.setTimeout(beat, HEARTBEAT_MS);
      };
      beat();
      return () => {
        stopped = true;
        ports.clock.clearTimeout(handle);
      };
    }),

    /** Server pushes → machine events. */
    liveEvents: fromEventObservable<ApiEvent, void>(() =>
      fromPort(ports.api.liveEvents()).pipe(
        map((event): ApiEvent => {
          switch (event.type) {
            case 'help.message':
              return { type: 'api.helpMessage', message: event.message };
            case 'evidence.status':
              return { type: 'api.evidenceStatus', status: event.status };
            case 'session.revoked':
              return { type: 'api.sessionRevoked', reason: event.reason };
          }
        }),
      ),
    ),
  };
}
