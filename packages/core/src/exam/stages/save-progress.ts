import type { ProgressStage } from '../../rules/stages.js';
import { actorOutput } from '../exam.setup.js';

/** Records on the server that the candidate reached `stage`, so a reload resumes there. */
export const saveProgress = (stage: ProgressStage) => ({
  src: 'saveProgress' as const,
  input: { stage },
  onDone: { actions: { type: 'assignProgress' as const, params: actorOutput } },
  // Progress is a record for resuming; failing to save it must not stop the candidate.
  onError: { actions: [] },
});
