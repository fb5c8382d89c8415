/**
 * Reads the PC's QR code with the phone's camera, in the page (pairing again after the link's page was closed): the
 * rear camera's frames, downscaled onto a canvas a few times a second, decoded with jsQR (a well-kept pure-JS reader
 * that needs neither the BarcodeDetector API, missing on iOS and in WeChat's browser, nor WebAssembly). jsQR is loaded
 * only when a scan starts, so a page that never scans does not load it.
 */
import type { Options as JsQrOptions, QRCode } from 'jsqr';
import { ErrorCode, ExamError, type QrScan, type QrScanner } from '@examroom/core';
import { mediaDevices, openError } from '../media-devices.js';
import { createEmitter } from '../subscribable.js';

/** Frames decoded per second: a code held up to the camera is read within a moment, and the phone stays cool. */
export const QR_SCANS_PER_SECOND = 4;
/** Frames are scaled down to at most this width before decoding: a QR code filling part of the view still reads. */
export const QR_SCAN_MAX_WIDTH = 640;

type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: JsQrOptions) => QRCode | null;

export interface BrowserQrScannerOptions {
  readonly scansPerSecond?: number;
  readonly maxWidth?: number;
}

export function createBrowserQrScanner(options: BrowserQrScannerOptions = {}): QrScanner {
  const intervalMs = 1000 / (options.scansPerSecond ?? QR_SCANS_PER_SECOND);
  const maxWidth = options.maxWidth ?? QR_SCAN_MAX_WIDTH;
  return {
    async open(): Promise<QrScan> {
      const video: MediaTrackConstraints = { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } };
      const decoderLoading = loadJsQr();
      let stream: MediaStream;
      try {
        stream = await mediaDevices().getUserMedia({ video, audio: false });
      } catch (error) {
        throw await openError(error, video, false);
      }
      let decode: JsQr;
      try {
        decode = await decoderLoading;
      } catch (error) {
        for (const track of stream.getTracks()) track.stop();
        throw error;
      }
      return startScanning(stream, decode, intervalMs, maxWidth);
    },
  };
}

/**
 * jsQR is CommonJS with an `__esModule` default export: bundlers hand over the function as the default, Node's ESM
 * loader the exports object, whose `default` is the function.
 */
async function loadJsQr(): Promise<JsQr> {
  const loaded: unknown = await import('jsqr');
  const first = (loaded as { default?: unknown }).default;
  const decode = typeof first === 'function' ? first : (first as { default?: unknown } | undefined)?.default;
  if (typeof decode !== 'function') throw new ExamError(ErrorCode.INTERNAL_ERROR, 'jsQR did not load');
  return decode as JsQr;
}

function startScanning(stream: MediaStream, decode: JsQr, intervalMs: number, maxWidth: number): QrScan {
  const codes = createEmitter<string>();
  // A detached, muted <video> plays the stream for the canvas; the page shows the same stream in its own preview.
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  void video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const scanFrame = () => {
    timer = undefined;
    if (stopped) return;
    const code = context ? readFrame(video, canvas, context, decode, maxWidth) : null;
    if (code !== null) codes.next(code);
    schedule();
  };
  // Nothing is decoded while the tab is hidden (the camera shows nothing the candidate aims, and it costs battery);
  // becoming visible again starts the loop anew.
  const schedule = () => {
    if (stopped || timer !== undefined || document.visibilityState === 'hidden') return;
    timer = setTimeout(scanFrame, intervalMs);
  };
  document.addEventListener('visibilitychange', schedule);
  schedule();

  return {
    stream,
    codes,
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', schedule);
      video.pause();
      video.srcObject = null;
      for (const track of stream.getTracks()) track.stop();
      codes.complete();
    },
  };
}

/** The QR code's text in the video's current frame, or null (no frame yet, no code, a code without text). */
function readFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement, context: CanvasRenderingContext2D, decode: JsQr, maxWidth: number): string | null {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0 || video.videoHeight === 0) return null;
  const scale = Math.min(1, maxWidth / video.videoWidth);
  const width = Math.max(1, Math.round(video.videoWidth * scale));
  const height = Math.max(1, Math.round(video.videoHeight * scale));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  const found = decode(image.data, width, height);
  return found && found.data !== '' ? found.data : null;
}
