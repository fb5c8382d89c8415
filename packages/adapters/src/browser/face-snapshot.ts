/**
 * The face checks' stills in the browser: one frame of the camera track the page records, scaled down on a canvas
 * to a small JPEG. Chromium's ImageCapture.grabFrame reads the track's current frame without touching it (no second
 * camera prompt, the recording unchanged); elsewhere (Firefox, Safari) a detached, muted <video> plays a clone of
 * the track for one frame. No face model is loaded: the server judges the frame.
 */
import type { FaceSnapshot } from '@examroom/core';

/** JPEG quality: a 320 px frame is then 10–25 kB, and a face in it still clear. */
const QUALITY = 0.8;
/** How long a <video> may take to show a first frame before the still is given up (the next one comes later). */
const FRAME_TIMEOUT_MS = 5_000;

/** Chromium's ImageCapture; TypeScript's DOM types declare only takePhoto (a full-resolution, slow still). */
type ImageCaptureWithGrab = ImageCapture & { grabFrame(): Promise<ImageBitmap> };

export function createBrowserFaceSnapshot(): FaceSnapshot {
  return {
    async take(stream, maxWidth) {
      const track = stream.getVideoTracks()[0];
      if (!track || track.readyState === 'ended') return null;
      if (typeof ImageCapture === 'function') {
        try {
          const bitmap = await (new ImageCapture(track) as ImageCaptureWithGrab).grabFrame();
          try {
            return await scaledJpeg(bitmap, bitmap.width, bitmap.height, maxWidth);
          } finally {
            bitmap.close();
          }
        } catch {
          // grabFrame fails on some tracks (muted for a moment); a <video> frame still works.
        }
      }
      return frameOfVideo(track, maxWidth);
    },
  };
}

/** The picture scaled to at most `maxWidth` wide, as a JPEG; null for an empty frame. */
async function scaledJpeg(source: CanvasImageSource, width: number, height: number, maxWidth: number): Promise<Blob | null> {
  if (width === 0 || height === 0) return null;
  const scale = Math.min(1, maxWidth / width);
  const [w, h] = [Math.round(width * scale), Math.round(height * scale)];
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(source, 0, 0, w, h);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(source, 0, 0, w, h);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
}

/** One frame through a muted <video> playing a clone of the track (the recorded track stays untouched). */
async function frameOfVideo(track: MediaStreamTrack, maxWidth: number): Promise<Blob | null> {
  const clone = track.clone();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([clone]);
  try {
    await video.play();
    if (video.videoWidth === 0) {
      const shown = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), FRAME_TIMEOUT_MS);
        video.addEventListener('resize', () => (clearTimeout(timer), resolve(true)), { once: true });
      });
      if (!shown) return null;
    }
    return await scaledJpeg(video, video.videoWidth, video.videoHeight, maxWidth);
  } finally {
    video.pause();
    video.srcObject = null;
    clone.stop();
  }
}
