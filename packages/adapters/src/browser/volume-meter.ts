/** Microphone level from an AnalyserNode (音量采集条, R19). */
import type { VolumeMeter } from '@examroom/core';
import { fromListeners } from './subscribable.js';

/** About ten levels a second. A timer, not requestAnimationFrame, which stops in background tabs. */
export const VOLUME_SAMPLE_MS = 100;

export function createBrowserVolumeMeter(options: { readonly sampleMs?: number } = {}): VolumeMeter {
  const sampleMs = options.sampleMs ?? VOLUME_SAMPLE_MS;
  return {
    levels(stream) {
      return fromListeners<number>((observer) => {
        // No audio, nothing to measure (createMediaStreamSource would throw).
        if (stream.getAudioTracks().length === 0) {
          observer.complete();
          return () => {};
        }
        const context = new AudioContext();
        const source = context.createMediaStreamSource(stream);
        const analyser = context.createAnalyser();
        analyser.fftSize = 2048;
        source.connect(analyser);
        const samples = new Float32Array(analyser.fftSize);

        // Autoplay policy may create the context suspended until the page has had a user gesture.
        const resume = () => void context.resume().catch(() => {});
        resume();
        const gestures = ['pointerdown', 'keydown'] as const;
        for (const type of gestures) globalThis.addEventListener?.(type, resume, { passive: true });

        const timer = setInterval(() => {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const sample of samples) sum += sample * sample;
          observer.next(Math.min(1, Math.sqrt(sum / samples.length)));
        }, sampleMs);

        return () => {
          clearInterval(timer);
          for (const type of gestures) globalThis.removeEventListener?.(type, resume);
          source.disconnect();
          void context.close().catch(() => {});
        };
      });
    },
  };
}
