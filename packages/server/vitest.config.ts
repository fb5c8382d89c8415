import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real-Chromium tests run separately: vitest.browser.config.ts (`npm run test:browser`).
    exclude: [...configDefaults.exclude, 'src/**/*.browser.test.ts'],
    environment: 'node',
    // Real servers, scrypt and tus uploads: generous, not slow.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
