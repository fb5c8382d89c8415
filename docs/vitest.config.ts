// The documents' checks (docs/docs.test.ts): they read the repository as files, so they run from its root.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['docs/**/*.test.ts'],
    environment: 'node',
  },
});
