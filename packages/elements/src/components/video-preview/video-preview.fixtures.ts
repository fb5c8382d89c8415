/** exam-video-preview without a stream (fixtures hold no MediaStream; the LiveStream story makes one). */
import type { ExamVideoPreview } from './video-preview';

export const videoPreviewArgs = {
  noStream: { stream: null },
} satisfies Record<string, Pick<ExamVideoPreview, 'stream'>>;
