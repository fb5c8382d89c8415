/**
 * 人脸登录's live outline in the browser: @vladmandic/human's browser build with its face detector (BlazeFace) alone,
 * on TensorFlow.js's WebAssembly backend (WebGL takes seconds per frame in a browser without a GPU; the server's CSP
 * allows 'wasm-unsafe-eval'). Nothing loads until the first detection: the library, the model and the wasm binary
 * come from `modelsUrl` (the examroom server's /face-models/, from its npm packages) by a dynamic import of a URL, so
 * they are neither in the elements' bundle nor fetched from the internet.
 */
import { ErrorCode, ExamError } from '@examroom/core';
import type { FaceBox, FaceDetectorPort, MediaCapture } from '@examroom/core';

/** What this adapter uses of human's API (the library's own types come with the files it loads at run time). */
interface HumanFace {
  /** The face's box as fractions of the input: [x, y, width, height]. */
  readonly boxRaw: readonly [number, number, number, number];
}
interface Human {
  load(): Promise<void>;
  detect(input: HTMLVideoElement): Promise<{ readonly face: readonly HumanFace[] }>;
}
interface HumanModule {
  readonly Human: new (config: Record<string, unknown>) => Human;
}

export interface BrowserFaceDetectorOptions {
  /** Where human.esm.js, blazeface.json/.bin and the tfjs-backend-wasm binaries are, ending in `/`. */
  readonly modelsUrl: string;
}

/** How sure the detector must be of a face: the server counts faces it is 0.6 sure of. */
const MIN_CONFIDENCE = 0.6;

/** human's configuration: the face detector and nothing else; every frame detected afresh. */
function humanConfig(modelsUrl: string): Record<string, unknown> {
  return {
    backend: 'wasm',
    wasmPath: modelsUrl,
    modelBasePath: modelsUrl,
    debug: false,
    warmup: 'none',
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { enabled: true, modelPath: 'blazeface.json', rotation: false, maxDetected: 5, minConfidence: MIN_CONFIDENCE, return: false },
      mesh: { enabled: false },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}

export function createBrowserFaceDetector(options: BrowserFaceDetectorOptions): FaceDetectorPort {
  let human: Promise<Human> | null = null;
  /** A hidden <video> per stream, playing it for the detector (the page's own preview lives in a shadow root). */
  const videos = new WeakMap<MediaStream, Promise<HTMLVideoElement>>();

  const load = (): Promise<Human> => {
    human ??= (async () => {
      // Loaded by the browser from the server at run time: bundlers must leave this import() alone (Vite warns, webpack
      // would replace it with a module map that has nothing in it).
      const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ `${options.modelsUrl}human.esm.js`)) as HumanModule;
      const instance = new module.Human(humanConfig(options.modelsUrl));
      await instance.load();
      return instance;
    })();
    // A failed load is tried again at the next detection (the network may come back).
    human.catch(() => (human = null));
    return human;
  };

  const videoOf = (stream: MediaStream): Promise<HTMLVideoElement> => {
    let video = videos.get(stream);
    if (!video) {
      video = playing(stream);
      videos.set(stream, video);
    }
    return video;
  };

  return {
    async detect(capture: MediaCapture): Promise<readonly FaceBox[]> {
      let detector: Human;
      try {
        detector = await load();
      } catch (error) {
        throw new ExamError(ErrorCode.FACE_LOGIN_UNAVAILABLE, `the face detector did not load: ${String(error)}`);
      }
      const video = await videoOf(capture.stream);
      const result = await detector.detect(video);
      return result.face.map(({ boxRaw: [x, y, width, height] }) => ({ x, y, width, height }));
    },
  };
}

/** A muted, detached <video> playing `stream`, once it has a frame. */
function playing(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  return new Promise((resolve, reject) => {
    video.addEventListener('loadeddata', () => resolve(video), { once: true });
    video.addEventListener('error', () => reject(new ExamError(ErrorCode.CAMERA_NOT_FOUND, 'the camera stream does not play')), { once: true });
    void video.play().catch(() => undefined);
  });
}
