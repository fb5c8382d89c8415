/** The candidate's steps through the exam that the server answers: progress, pairing, lot, entry, confirmations, questions, help, finish. */
import { fromPromise } from 'xstate';
import { ErrorCode, ExamError } from '../../errors/error-codes.js';
import type { ExamPorts } from '../../ports/index.js';
import type { Confirmation, EvidenceStatus, HelpMessage, Pairing, Question } from '../../ports/exam-api.port.js';
import type { FinishReason, Progress, ProgressStage } from '../../rules/stages.js';
import { untilServerTime } from './timers.js';

export interface PairingResult {
  /** The code and link the phone scans (R9). */
  readonly pairing: Pairing;
  /** Where the phone's evidence recording stands. */
  readonly evidence: EvidenceStatus;
}

/** The least wait before asking again for questions not yet released, so a server whose clock lags is not flooded. */
export const QUESTIONS_RETRY_MIN_MS = 1_000;

export function requestActors(ports: ExamPorts) {
  return {
    saveProgress: fromPromise<Progress, { stage: ProgressStage }>(({ input }) => ports.api.saveProgress(input.stage)),

    createPairing: fromPromise<PairingResult>(async () => {
      const [pairing, evidence] = await Promise.all([ports.api.createPairing(), ports.api.getEvidenceStatus()]);
      return { pairing, evidence };
    }),

    drawLot: fromPromise<Progress>(() => ports.api.drawLot()),

    enter: fromPromise<Progress>(() => ports.api.enter()),

    /** 设备确认, 信息确认, the pledge: recorded by the server with its time before the candidate goes on (R16, R17, R24). */
    confirm: fromPromise<Progress, Confirmation>(({ input }) => ports.api.confirm(input)),

    /**
     * The questions (R18). The page asks at startsAt by its estimate of server time, which may run a moment ahead of
     * the server's own clock: a QUESTIONS_NOT_RELEASED that says when they open is waited out on server time and asked
     * again, instead of showing an error at the very start of the exam.
     */
    loadQuestions: fromPromise<readonly Question[]>(async ({ signal }) => {
      for (;;) {
        try {
          return await ports.api.getQuestions();
        } catch (error) {
          const opensAt = error instanceof ExamError && error.code === ErrorCode.QUESTIONS_NOT_RELEASED ? error.details.opensAt : undefined;
          if (opensAt === undefined) throw error;
          await untilServerTime(ports.clock, opensAt, QUESTIONS_RETRY_MIN_MS, signal);
        }
      }
    }),

    sendHelp: fromPromise<HelpMessage, { text: string }>(({ input }) => ports.api.sendHelpMessage({ id: globalThis.crypto.randomUUID(), text: input.text })),

    finishExam: fromPromise<Progress, { reason: FinishReason }>(({ input }) => ports.api.finish(input.reason)),
  };
}
