/** 阅读面试流程 (R8): the interview's procedure, read before going on. */
import { examSetup } from '../exam.setup.js';
import { saveProgress } from './save-progress.js';

export const readingProcess = examSetup.createStateConfig({
  tags: 'readingProcess',
  entry: { type: 'emitStage', params: { stage: 'readingProcess' } },
  invoke: saveProgress('readingProcess'),
  on: { 'user.continue': 'bindingEvidence' },
});

export type ReadingProcessView = {
  /** Which stage this view is of. */
  readonly stage: 'readingProcess';
  /** Reading is enough: the candidate may always go on. */
  readonly canContinue: true;
};

export function selectReadingProcessView(): ReadingProcessView {
  return { stage: 'readingProcess', canContinue: true };
}
