/** Screen sharing with getDisplayMedia, steered towards a whole monitor (R14); the machine accepts only 'monitor'. */
import { ErrorCode, ExamError } from '@examroom/core';
import type { DisplaySurface, ScreenCapture, ScreenShare } from '@examroom/core';
import { createEmitter } from './subscribable.js';

/** getDisplayMedia's newer options (Chromium 107+), missing from TypeScript's DOM types. */
interface DisplayMediaOptions extends DisplayMediaStreamOptions {
  readonly monitorTypeSurfaces?: 'include' | 'exclude';
  readonly selfBrowserSurface?: 'include' | 'exclude';
  readonly surfaceSwitching?: 'include' | 'exclude';
  readonly systemAudio?: 'include' | 'exclude';
}

/** Offer the whole screen first, never this tab, and no mid-share switching to another surface. */
export const DISPLAY_MEDIA_OPTIONS: DisplayMediaOptions = {
  video: { displaySurface: 'monitor' },
  audio: false,
  monitorTypeSurfaces: 'include',
  selfBrowserSurface: 'exclude',
  surfaceSwitching: 'exclude',
};

export function createBrowserScreenCapture(): ScreenCapture {
  return {
    async start() {
      const md = globalThis.navigator?.mediaDevices as MediaDevices | undefined;
      if (typeof md?.getDisplayMedia !== 'function') {
        throw new ExamError(ErrorCode.SCREEN_CAPTURE_UNSUPPORTED, 'getDisplayMedia is unavailable');
      }
      let stream: MediaStream;
      try {
        stream = await md.getDisplayMedia(DISPLAY_MEDIA_OPTIONS);
      } catch (error) {
        throw shareError(error);
      }
      return shareOf(stream);
    },
  };
}

function shareOf(stream: MediaStream): ScreenShare {
  const ended = createEmitter<void>();
  const track = stream.getVideoTracks()[0];
  const onEnded = () => {
    ended.next();
    ended.complete();
  };
  track?.addEventListener('ended', onEnded, { once: true });
  return {
    stream,
    surface: surfaceOf(track),
    ended,
    stop() {
      // An intended stop is not an incident: the subscribers see a completion without a value.
      track?.removeEventListener('ended', onEnded);
      for (const t of stream.getTracks()) t.stop();
      ended.complete();
    },
  };
}

function surfaceOf(track: MediaStreamTrack | undefined): DisplaySurface {
  const surface = track?.getSettings().displaySurface;
  return surface === 'monitor' || surface === 'window' || surface === 'browser' ? surface : 'unknown';
}

function shareError(error: unknown): ExamError {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    // Refused by the candidate, by policy, or the picker was dismissed (Chromium: NotAllowedError for all three).
    case 'NotAllowedError':
    case 'SecurityError':
    case 'AbortError':
      return new ExamError(ErrorCode.SCREEN_SHARE_DENIED, message);
    case 'NotSupportedError':
    case 'TypeError':
      return new ExamError(ErrorCode.SCREEN_CAPTURE_UNSUPPORTED, message);
    default:
      return error instanceof ExamError ? error : new ExamError(ErrorCode.SCREEN_SHARE_DENIED, message);
  }
}
