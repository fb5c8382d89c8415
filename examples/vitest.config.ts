// The example apps (examples/examples.test.ts): packed packages installed into each, built, served on their own
// origins and driven in headless Chromium against the reference server. Run from the repository's root, after the
// build; one example at a time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['examples/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
