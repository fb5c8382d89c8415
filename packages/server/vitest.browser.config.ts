// Tests that drive real headless Chromium against the real server (test-browser/): run in Node, one file and one
// test at a time (each launches a browser with the fake camera, microphone and screen picker and records for real).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
