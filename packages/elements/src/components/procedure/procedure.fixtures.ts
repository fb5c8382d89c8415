/** View models of 阅读面试流程 for tests and stories, one per state the stage can show. */
import type { ProcedureView } from './procedure';

export const procedureViews = {
  reading: { stage: 'readingProcess', canContinue: true },
} satisfies Record<string, ProcedureView>;
