import { defineConfig } from 'vitest/config';

// Tests import the built custom elements (dist/components), so `build` runs first (nx.json: test dependsOn build).
export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
