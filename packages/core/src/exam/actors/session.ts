/** Logging in and staying logged in: the exam before login, password login (face login: exam.face-login.ts), the candidate's record, heartbeats and server pushes. */
import { map } from 'rxjs';
import { fromCallback, fromEventObservable, fromPromise, type EventObject } from 'xstate';
import { ErrorCode, errorCodeOf } from '../../errors/error-codes.js';
import type { ExamPorts } from '../../ports/index.js';
import type { EvidenceStatus, ExamInfo, HelpMessage, Me } from '../../ports/exam-api.port.js';
import { earliestLoginOpensAt, scheduleOf, type Schedule } from '../../rules/schedule.js';
import { resumeStage, type Resume } from '../../rules/stages.js';
import type { UploadReport } from '../../rules/upload-health.js';
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
  /** Where the phone's evidence stands (null when it could not be read: pushes and polls bring it later). */
  readonly evidence: EvidenceStatus | null;
}

/** Time between heartbeats; the server treats a session silent for 30 s as stale (R6). */
export const HEARTBEAT_MS = 10_000;

/**
 * Time between reads of the evidence status where the page shows the phone (佐证绑定, 开始答题, 上传成功), beside the
 * pushes: a dead socket, or a phone heard only through heartbeats the server does not push, must not make a working
 * phone look silent (PHONE_SILENT_AFTER_MS is four times this).
 */
export const EVIDENCE_POLL_MS = 15_000;

/**
 * `uploadReport`: what the page recorded of the parts it still uploads (the recordings actor keeps it), sent with each
 * heartbeat for the supervisor's upload health; the heartbeat already comes every 10 s, so it costs no request.
 */
export function sessionActors(ports: ExamPorts, uploadReport: () => UploadReport | undefined = () => undefined) {
  return {
    loadExam: fromPromise<LoadedExam, { examId: string }>(async ({ input }) => {
      const exam = await ports.api.getExam(input.examId);
      return { exam, loginOpensAt: earliestLoginOpensAt(exam.sittings, exam.policy) };
    }),

    loginWithPassword: fromPromise<void, { examId: string; deviceKey: string; idNumber: string; password: string }>(({ input }) =>
      ports.api.loginWithPassword(input),
    ),

    loadMe: fromPromise<LoadedMe>(async () => {
      const [me, helpMessages, evidence] = await Promise.all([
        ports.api.getMe(),
        ports.api.getHelpMessages().catch(() => []),
        ports.api.getEvidenceStatus().catch(() => null),
      ]);
      const schedule = scheduleOf({ ...me.sitting, policy: { ...me.exam.policy, ...me.sitting.policy } });
      return { me, schedule, helpMessages, evidence, resume: resumeStage(me.progress, schedule, ports.clock.now()) };
    }),

    /** Heartbeats while logged in; a refused heartbeat means the session was taken over (R6) or has expired. */
    keepSessionAlive: fromCallback<EventObject>(({ sendBack }) => {
      let handle: unknown;
      let stopped = false;
      const beat = () => {
        const report = uploadReport();
        (report ? ports.api.heartbeat(report) : ports.api.heartbeat()).then(
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

    /**
     * The evidence status now and every EVIDENCE_POLL_MS, as api.evidenceStatus (the same event as a push). A read
     * that fails is simply tried again at the next turn; a session that ended stops it (the pushes say why).
     */
    pollEvidence: fromCallback<EventObject>(({ sendBack }) => {
      let handle: unknown;
      let stopped = false;
      const poll = () => {
        ports.api.getEvidenceStatus().then(
          (status) => {
            if (!stopped) sendBack({ type: 'api.evidenceStatus', status });
          },
          (error: unknown) => {
            const code = errorCodeOf(error);
            if (code === ErrorCode.SESSION_EXPIRED || code === ErrorCode.SESSION_REVOKED || code === ErrorCode.UNAUTHENTICATED) stop();
          },
        );
        handle = ports.clock.setTimeout(poll, EVIDENCE_POLL_MS);
      };
      const stop = () => {
        stopped = true;
        ports.clock.clearTimeout(handle);
      };
      poll();
      return stop;
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
            case 'schedule.changed':
              return { type: 'api.scheduleChanged', schedule: event.schedule };
            case 'exam.finished':
              return { type: 'api.examFinished', progress: event.progress };
            case 'virtualCamera.waived':
              return { type: 'api.virtualCameraWaived' };
          }
        }),
      ),
    ),
  };
}
