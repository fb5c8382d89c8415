/**
 * 人脸登录's live outline in the candidate's page: the face detector's files, served from the npm packages the server
 * already has (nothing is downloaded from the internet). The page loads them only on the face-login stage: the
 * browser build of @vladmandic/human (`human.esm.js`, which bundles TensorFlow.js 4.22), the BlazeFace detector's
 * model and the WebAssembly binaries of tfjs-backend-wasm 4.22 that the bundle's wasm backend fetches. Only these
 * files are served, by name; each with an ETag and a day's caching.
 */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Where the page finds the files (`BrowserExamPortsOptions.faceModelsUrl` defaults to this on the API's origin). */
export const FACE_MODELS_PREFIX = '/face-models/';

/** A day: the files change only with the packages' versions, and the ETag revalidates them after that. */
export const CACHE_FACE_MODELS = 'public, max-age=86400';

interface Asset {
  readonly path: string;
  readonly type: string;
}

/** The files by the name the page asks for. */
export function faceModelAssets(): ReadonlyMap<string, Asset> {
  const require = createRequire(import.meta.url);
  // The package's exports lack ./package.json: its main entry is dist/human.node.js, one folder below the package.
  const human = dirname(dirname(require.resolve('@vladmandic/human')));
  const wasm = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return new Map<string, Asset>([
    ['human.esm.js', { path: join(human, 'dist', 'human.esm.js'), type: 'text/javascript; charset=utf-8' }],
    ['blazeface.json', { path: join(human, 'models', 'blazeface.json'), type: 'application/json; charset=utf-8' }],
    ['blazeface.bin', { path: join(human, 'models', 'blazeface.bin'), type: 'application/octet-stream' }],
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
      (name): [string, Asset] => [name, { path: join(wasm, name), type: 'application/wasm' }],
    ),
  ]);
}

export function registerFaceModelAssets(app: FastifyInstance): void {
  const assets = faceModelAssets();
  app.get<{ Params: { file: string } }>(`${FACE_MODELS_PREFIX}:file`, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.callNotFound();
    const stat = statSync(asset.path);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    reply.header('ETag', etag).header('Cache-Control', CACHE_FACE_MODELS);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(asset.type).header('Content-Length', stat.size).send(createReadStream(asset.path));
  });
}
