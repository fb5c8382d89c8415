/**
 * The face model, in a worker thread (face-verifier.ts starts it): @vladmandic/human's Node build for the
 * WebAssembly backend of TensorFlow.js, with the models shipped in the human package (models/*.json and .bin) read
 * from disk. Nothing is fetched: the model loader reads `file://` paths through a load router registered here, and
 * `fetch` itself refuses anything, so a model or wasm file missing on disk fails loudly instead of reaching out.
 *
 * Packages are loaded with a `require` made from `workerData.requireFrom` (the verifier module's own URL), so that
 * the worker resolves them from the server package however it was built or bundled.
 *
 * Messages: `{ id, image, enrolled? }` → `{ id, faces }` (FaceSeen per face, largest first) or `{ id, error }`.
 * On start it posts `{ ready: true }` once the models are loaded and a first detection has run (the first one
 * compiles the kernels), or `{ failed: message }`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

/** One detected face, as the verifier reads it (face-analysis.ts). */
export interface FaceSeen {
  /** The face mesh's confidence, 0…1 (human's `score`): low when the landmarks do not fit a face. */
  readonly score: number;
  /**
   * The detector's (BlazeFace's) confidence in the box, 0…1 (human's `boxScore`). Uncovered faces of the test set
   * score 0.84–0.94; a face partly covered (the lower half or the eyes painted over) scores lower while the mesh
   * may still fit it (face-analysis.ts, faceCheckOf).
   */
  readonly detectorScore: number;
  /** [x, y, width, height] in pixels of the image. */
  readonly box: readonly [number, number, number, number];
  /**
   * Where the nose tip sits between the outer eye corners, −1…1: 0 facing the camera, positive when the head is
   * turned to the candidate's own left (in the camera's unmirrored image the nose moves towards their left eye).
   */
  readonly headTurn: number;
  /** human's own estimate of the head's yaw, radians (for comparison in the bench). */
  readonly yaw: number;
  /** Eye opening (lid gap over eye height, both eyes' mean): about 0.3 and more open, under 0.2 closed. */
  readonly eyeOpenness: number;
  /** Similarity to the enrolled descriptor, 0…1, when one was sent. */
  readonly similarity: number | null;
  /** The face's descriptor (only answered when no enrolled one was sent: enrolment). */
  readonly descriptor: readonly number[] | null;
}

export interface FaceWorkerData {
  readonly requireFrom: string;
}

export interface FaceRequest {
  readonly id: number;
  readonly image: Uint8Array;
  readonly enrolled?: readonly number[];
  /**
   * Only where the faces are and how sure the model is, for the face checks while answering: the description and
   * iris models are skipped (most of a detection's time), so `descriptor` and `similarity` are null.
   */
  readonly locateOnly?: boolean;
}

export type FaceReply = { readonly id: number; readonly faces: readonly FaceSeen[] } | { readonly id: number; readonly error: string };

/* eslint-disable @typescript-eslint/no-explicit-any -- the human and tfjs bundles are loaded with require(): untyped here */
const require = createRequire((workerData as FaceWorkerData).requireFrom);
const tf: any = require('@tensorflow/tfjs-core');
const humanEntry = require.resolve('@vladmandic/human');
// The package's "exports" do not name the node-wasm build (its keys lack "./"), so it is loaded by its path.
const { Human }: any = require(join(dirname(humanEntry), 'human.node-wasm.js'));
const jpeg: any = require('jpeg-js');
const { PNG }: any = require('pngjs');
const modelDir = join(dirname(dirname(humanEntry)), 'models');
const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';

// No network: every model and wasm file comes from the installed packages.
globalThis.fetch = (input: unknown) => Promise.reject(new Error(`The face worker fetches nothing (asked for ${String(input)})`));

/** Reads `file://…/model.json` and its weight files from disk for tfjs's model loader. */
tf.io.registerLoadRouter((url: string | string[]) => {
  const path = Array.isArray(url) ? url[0] : url;
  if (typeof path !== 'string' || !path.startsWith('file://')) return null;
  const file = path.slice('file://'.length);
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      return tf.io.getModelArtifactsForJSON(json, async (manifest: { paths: string[]; weights: unknown[] }[]) => {
        const weights = Buffer.concat(manifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dirname(file), p)))));
        return [manifest.flatMap((group) => group.weights), weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)];
      });
    },
  };
});

const human = new Human({
  backend: 'wasm',
  wasmPath: wasmDir,
  modelBasePath: `file://${modelDir}/`,
  cacheModels: false,
  debug: false,
  // Each image is a new one: no frame-to-frame caching of detections.
  cacheSensitivity: 0,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: true, maxDetected: 5, minConfidence: 0.3, return: false },
    mesh: { enabled: true },
    iris: { enabled: true },
    description: { enabled: true },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
});

/** The most pixels a picture may have (a 2 MB PNG could otherwise unpack to gigabytes): 16 megapixels. */
const MAX_MEGAPIXELS = 16;

/** A JPEG or PNG as an RGB tensor [1, height, width, 3]. */
function decode(bytes: Uint8Array): any {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
  if (isPng && bytes.length >= 24) {
    // The IHDR chunk's width and height, before anything is unpacked.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(16) * view.getUint32(20) > MAX_MEGAPIXELS * 1e6) throw new Error('The picture is too large');
  }
  const image = isPng ? PNG.sync.read(Buffer.from(bytes)) : jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 256 });
  const { width, height, data } = image as { width: number; height: number; data: Uint8Array };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4) {
    rgb[j++] = data[i]!;
    rgb[j++] = data[i + 1]!;
    rgb[j++] = data[i + 2]!;
  }
  return tf.tensor4d(rgb, [1, height, width, 3], 'int32');
}

type Point = readonly number[];

function headTurnOf(mesh: readonly Point[]): number {
  const right = mesh[33]!; // the candidate's right eye, outer corner (left in the image)
  const left = mesh[263]!; // their left eye, outer corner
  const nose = mesh[1]!;
  // The nose projected on the line between the eye corners: the same however the head is tilted in the picture.
  const [ex, ey] = [left[0]! - right[0]!, left[1]! - right[1]!];
  const span = ex * ex + ey * ey;
  return span === 0 ? 0 : (((nose[0]! - right[0]!) * ex + (nose[1]! - right[1]!) * ey) / span - 0.5) * 2;
}

/** The lid gap over the eye's height, as human's own blink gesture measures it. */
function eyeOpennessOf(mesh: readonly Point[]): number {
  const ratio = (a: number, b: number, c: number, d: number) => Math.abs(mesh[a]![1]! - mesh[b]![1]!) / Math.max(1e-6, Math.abs(mesh[c]![1]! - mesh[d]![1]!));
  return (ratio(374, 386, 443, 450) + ratio(145, 159, 223, 230)) / 2;
}

/** The face checks' lighter pass: the detector and the mesh, without the description and iris models. */
const LOCATE_ONLY = { face: { description: { enabled: false }, iris: { enabled: false } } };

async function analyse(request: FaceRequest): Promise<FaceSeen[]> {
  const input = decode(request.image);
  try {
    const result = await human.detect(input, request.locateOnly ? LOCATE_ONLY : undefined);
    const faces = (result.face as any[]).filter((face) => Array.isArray(face.mesh) && face.mesh.length >= 468 && (request.locateOnly || face.embedding?.length));
    return faces
      .map((face): FaceSeen => ({
        score: face.score,
        detectorScore: face.boxScore ?? face.score,
        box: face.box,
        headTurn: headTurnOf(face.mesh),
        yaw: face.rotation?.angle?.yaw ?? 0,
        eyeOpenness: eyeOpennessOf(face.mesh),
        similarity: request.enrolled && !request.locateOnly ? human.match.similarity(request.enrolled, face.embedding) : null,
        descriptor: request.enrolled || request.locateOnly ? null : Array.from(face.embedding as number[]),
      }))
      .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
  } finally {
    tf.dispose(input);
  }
}

async function start(): Promise<void> {
  await human.load();
  // The first detection compiles the backend's kernels: run one now, on a blank picture, not in a candidate's login.
  const blank = new Uint8Array(256 * 256 * 3);
  const warm = tf.tensor4d(blank, [1, 256, 256, 3], 'int32');
  await human.detect(warm);
  tf.dispose(warm);
}

const port = parentPort!;
const started = start();
// Requests are answered in order, one at a time, once started: the model is not reentrant, and a queue keeps memory flat.
let queue: Promise<void> = started.catch(() => undefined);
port.on('message', (request: FaceRequest) => {
  queue = queue.then(async () => {
    try {
      port.postMessage({ id: request.id, faces: await analyse(request) } satisfies FaceReply);
    } catch (error) {
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies FaceReply);
    }
  });
});
started.then(
  () => port.postMessage({ ready: true }),
  (error: unknown) => port.postMessage({ failed: error instanceof Error ? error.message : String(error) }),
);
