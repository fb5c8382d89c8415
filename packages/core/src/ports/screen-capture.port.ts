/** Screen sharing for the screen recording (R14). */
import type { Subscribable } from './subscribable.js';

/** What the candidate chose to share; only 'monitor' (a whole screen) is accepted. */
export type DisplaySurface = 'monitor' | 'window' | 'browser' | 'unknown';

export interface ScreenShare {
  readonly stream: MediaStream;
  readonly surface: DisplaySurface;
  /** Emits once when the candidate stops sharing (or the track ends otherwise). */
  readonly ended: Subscribable<void>;
  stop(): void;
}

export interface ScreenCapture {
  /** Asks the candidate to share a screen. Rejects SCREEN_SHARE_DENIED or SCREEN_CAPTURE_UNSUPPORTED. */
  start(): Promise<ScreenShare>;
}
