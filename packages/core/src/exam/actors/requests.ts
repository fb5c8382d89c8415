/** The candidate's steps through the exam that the server answers: progress, pairing, lot, entry, confirmations, questions, help, finish. */
import { fromPromise } from 'xstate';
import type { ExamPorts } from '../../ports/index.js';
import type { Confirmation, EvidenceStatus, HelpMessage, Pairing, Question } from '../../ports/exam-api.port.js';
import type { FinishReason, Progress, ProgressStage } from '../../rules/stages.js';

export interface PairingResult {
  /** The code and link the phone scans (R9). */
  readonly pairing: Pairing;
  /** Where the phone's evidence recording stands. */
  readonly evidence: EvidenceStatus;
}

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

    loadQuestions: fromPromise<readonly Question[]>(() => ports.api.getQuestions()),

    sendHelp: fromPromise<HelpMessage, { text: string }>(({ input }) => ports.api.sendHelpMessage({ id: globalThis.crypto.randomUUID(), text: input.text })),

    finishExam: fromPromise<Progress, { reason: FinishReason }>(({ input }) => ports.api.finish(input.reason)),
  };
}
