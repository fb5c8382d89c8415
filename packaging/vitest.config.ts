// The packages as an integrator gets them (packaging/packages.test.ts): packed with npm, then checked; and bundled into
// fresh apps by Vite and webpack (packaging/bundlers.test.ts). Run from the repository's root, after the build.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['packaging/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    // bundlers.test.ts packs and installs the tarballs, and starts the reference server and Chromium, before its tests.
    hookTimeout: 240_000,
  },
});
