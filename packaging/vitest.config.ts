// The packages as an integrator gets them (packaging/packages.test.ts): packed with npm, then checked. Run from the
// repository's root, after the build.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['packaging/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
  },
});
