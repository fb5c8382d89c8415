// The built-Storybook smoke test (storybook/smoke.test.ts): Node drives headless Chromium over storybook-static/.
// `npm run test:storybook` builds Storybook first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['storybook/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
