/** Microphone levels (0…1) for stories and tests of exam-volume-meter. */
import type { ExamVolumeMeter } from './volume-meter';

export const volumeMeterArgs = {
  silent: { level: 0 },
  speaking: { level: 0.42 },
  loud: { level: 1 },
} satisfies Record<string, Pick<ExamVolumeMeter, 'level'>>;
