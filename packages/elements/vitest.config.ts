import { defineConfig } from 'vitest/config';

// Tests import the built custom elements (dist/components), so `build` runs first (nx.json: test dependsOn build).
export default defineConfig({
  test: {
    environment: 'happy-dom',
    // The pages show the exam's times in its own time zone (Asia/Shanghai in the fixtures), never the browser's: the
    // tests run in a UTC "browser", so a time shown in the browser's zone would show 8 hours off and fail.
    env: { TZ: 'UTC' },
    include: ['src/**/*.test.ts'],
  },
});
