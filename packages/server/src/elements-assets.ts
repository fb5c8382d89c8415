/**
 * Serves the built `@examroom/elements` package (Stencil's lazy-loading build, `dist/examroom/`) the way an
 * integrator's web server would: `examroom.esm.js` (the entry a `<script type="module">` loads), `examroom.css` (the
 * theme tokens) and the content-hashed `p-*.js` chunks it imports on demand.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the portal finds the package: `<script type="module" src="/elements/examroom/examroom.esm.js">`. */
export const ELEMENTS_PREFIX = '/elements/examroom/';
export const ELEMENTS_SCRIPT = `${ELEMENTS_PREFIX}examroom.esm.js`;
export const ELEMENTS_THEME = `${ELEMENTS_PREFIX}examroom.css`;

/** Stencil names every chunk after a hash of its content (`p-1a2b3c4d.entry.js`, `p-BEaWJUtp.js`). */
const HASHED_CHUNK = /^p-[A-Za-z0-9_-]{6,}(?:\.entry)?\.js$/;

/** A year, immutable: a changed chunk gets a new name. Entry files are revalidated on every load (ETag). */
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
export const CACHE_ENTRY = 'no-cache';

/**
 * The lazy build's folder, found through the package (so it works wherever npm put it), or null when the package
 * has not been built yet.
 */
export function elementsBuildDir(): string | null {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('@examroom/elements/package.json');
  } catch {
    return null;
  }
  const dir = join(dirname(packageJson), 'dist', 'examroom');
  return existsSync(join(dir, 'examroom.esm.js')) ? dir : null;
}

/** Registers the static route; returns whether the build was found (the portal says what to do when it is not). */
export async function registerElementsAssets(app: FastifyInstance, dir: string | null = elementsBuildDir()): Promise<boolean> {
  if (dir === null) {
    app.log.warn('@examroom/elements is not built (no dist/examroom/examroom.esm.js): run `npm run build` at the repository root');
    return false;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: ELEMENTS_PREFIX,
    decorateReply: false,
    index: false,
    // Cache-Control is set per file below; ETag and Last-Modified let browsers revalidate the entry files cheaply.
    cacheControl: false,
    // The elements' build writes .br and .gz copies (scripts/precompress.mjs); send those to browsers that accept them.
    preCompressed: true,
    etag: true,
    lastModified: true,
    setHeaders(response, path) {
      // The same URL answers with Brotli, gzip or plain bytes: caches in between must key on Accept-Encoding.
      response.setHeader('Vary', 'Accept-Encoding');
      // `path` is the file sent: for a precompressed copy, the original's name plus .br or .gz.
      response.setHeader('Cache-Control', HASHED_CHUNK.test(basename(path).replace(/\.(br|gz)$/, '')) ? CACHE_HASHED : CACHE_ENTRY);
    },
  });
  return true;
}
