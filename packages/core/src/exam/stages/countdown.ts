/** 考试开始前倒计时 (R18): wait for startsAt; the alarm fires at once for a candidate entering after it. */
import type { Candidate } from '../../ports/exam-api.port.js';
import * as inputs from '../exam.inputs.js';
import { examSetup } from '../exam.setup.js';
import type { ExamSnapshot, PreviewView } from '../exam.view.js';
import { selectPreview } from '../exam.view.js';
import { saveProgress } from './save-progress.js';

export const countdown = examSetup.createStateConfig({
  tags: 'countdown',
  entry: { type: 'emitStage', params: { stage: 'countdown' } },
  invoke: [saveProgress('countdown'), { src: 'alarm', input: inputs.examStarts }],
  on: { 'clock.started': 'answering' },
});

export type CountdownView = {
  /** Which stage this view is of. */
  readonly stage: 'countdown';
  /** When the questions show: the countdown's end. */
  readonly startsAt: number;
  /** When answering ends. */
  readonly deadline: number;
  /** Who is sitting the exam. */
  readonly candidate: Candidate | null;
  /** The camera and microphone, live. */
  readonly preview: PreviewView;
};

export function selectCountdownView(snapshot: ExamSnapshot): CountdownView {
  const { context } = snapshot;
  return {
    stage: 'countdown',
    startsAt: context.schedule?.startsAt ?? 0,
    deadline: context.schedule?.deadline ?? 0,
    candidate: context.candidate,
    preview: selectPreview(snapshot),
  };
}
