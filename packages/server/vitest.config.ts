import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Real servers, scrypt and tus uploads: generous, not slow.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
