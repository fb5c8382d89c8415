/** Microphone level for the volume bar (音量采集条, R19). */
import type { Subscribable } from './subscribable.js';

export interface VolumeMeter {
  /** Levels from 0 (silence) to 1 (full scale) of the stream's audio, several times a second. */
  levels(stream: MediaStream): Subscribable<number>;
}
