// Tests that drive real headless Chromium (test-browser/): run in Node, one file at a time (each launches a browser
// with the fake camera and microphone).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
