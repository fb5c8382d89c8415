/** View models of 阅读面试流程 for tests and stories, one per state the stage can show. */
import type { ReadingProcessView } from '@examroom/core';

export const readingProcessViews = {
  reading: { stage: 'readingProcess', canContinue: true },
} satisfies Record<string, ReadingProcessView>;
