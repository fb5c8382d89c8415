/** One recording's upload in each state it can be in, for stories and tests of exam-upload-progress. */
import type { ExamUploadProgress } from './upload-progress';

export const uploadProgressArgs = {
  recording: { kind: 'camera', percent: 0, state: 'recording' },
  uploading: { kind: 'camera', percent: 42, state: 'uploading' },
  waitingForNetwork: { kind: 'screen', percent: 67, state: 'waitingForNetwork' },
  failed: { kind: 'screen', percent: 35, state: 'failed' },
  done: { kind: 'camera', percent: 100, state: 'done' },
  evidence: { kind: 'evidence', percent: 18, state: 'uploading' },
} satisfies Record<string, Pick<ExamUploadProgress, 'kind' | 'percent' | 'state'>>;
