import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { CACHE_FACE_MODELS, faceModelAssets } from './face-models-assets.js';

describe('/face-models/: the face detector for the candidate’s page, from the npm packages', () => {
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'examroom-face-models-'));
    app = await buildApp({ dataDir });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves human’s browser build, the BlazeFace model and the wasm binaries, cacheable and revalidated by ETag', async () => {
    for (const [name, asset] of faceModelAssets()) {
      const response = await app.inject({ method: 'GET', url: `/face-models/${name}` });
      expect(response.statusCode, name).toBe(200);
      expect(response.headers['content-type']).toBe(asset.type);
      expect(response.headers['cache-control']).toBe(CACHE_FACE_MODELS);
      expect(response.rawPayload.equals(readFileSync(asset.path))).toBe(true);
      const again = await app.inject({ method: 'GET', url: `/face-models/${name}`, headers: { 'if-none-match': String(response.headers.etag) } });
      expect(again.statusCode).toBe(304);
    }
  });

  it('serves nothing else of the packages', async () => {
    for (const name of ['faceres.bin', 'package.json', '..%2Fpackage.json', 'human.node.js']) {
      expect((await app.inject({ method: 'GET', url: `/face-models/${name}` })).statusCode, name).toBe(404);
    }
  });
});
