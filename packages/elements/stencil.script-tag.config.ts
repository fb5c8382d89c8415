// The script-tag build, dist/examroom/examroom.esm.js: what a page without a bundler loads with
// `<script type="module">` (the reference server's portal, phone, proctor and admin pages), so every library is inside
// it. Run after stencil.config.ts (`npm run build`), whose builds for bundlers leave core and adapters to the app's
// bundler, and whose own dist/examroom this replaces.
import type { Config } from '@stencil/core';
import { config as bundlerConfig } from './stencil.config';

export const config: Config = {
  namespace: bundlerConfig.namespace,
  globalStyle: bundlerConfig.globalStyle,
  nodeResolve: bundlerConfig.nodeResolve,
  // stencil.config.ts has checked the types, and written the rest of dist.
  validateTypes: false,
  buildDist: false,
  outputTargets: [
    // Only the lazy browser build, in `buildDir`/examroom = dist/examroom, which is emptied first (it is `dir`); the
    // type declarations it writes too are the same as stencil.config.ts's (dist/types).
    { type: 'dist', dir: 'dist/examroom', buildDir: '..', typesDir: '../types', empty: true },
  ],
};
