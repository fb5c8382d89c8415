/**
 * Storybook for @examroom/elements: `npm run storybook` (dev server on :6006) and `npm run build-storybook`
 * (static site in storybook-static/). Both run offline: no telemetry, no update or "what's new" look-ups, no
 * onboarding addon. Stories sit beside the components (`<name>.stories.ts`); the components themselves come from
 * Stencil's custom-elements output (packages/elements/dist/components), which preview.ts imports, so the elements
 * must be built first (storybook/ensure-built.mjs does it when dist is missing).
 */
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../packages/elements/src/**/*.stories.ts'],
  // a11y: the accessibility panel (axe-core, bundled: no network) for designers checking contrast and labels;
  // docs: a docs page per component (autodocs) from the custom-elements manifest that preview.ts hands over.
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  // The MSW service worker (`npx msw init storybook/public`) is served from the site's root for Flows/Full exam.
  staticDirs: ['./public'],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    enableCrashReports: false,
  },
  async viteFinal(viteConfig) {
    return {
      ...viteConfig,
      // Every component is in the preview on purpose (the shell renders stages by tag name); ~1.2 MB is expected.
      build: { ...viteConfig.build, chunkSizeWarningLimit: 2048 },
      optimizeDeps: {
        ...viteConfig.optimizeDeps,
        // The renderer loads lit-html unbundled; pre-bundling lit for the stories would load a second copy in dev.
        exclude: [...(viteConfig.optimizeDeps?.exclude ?? []), 'lit', 'lit-html', 'lit-element', '@lit/reactive-element'],
      },
    };
  },
};

export default config;
