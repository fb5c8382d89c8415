import { readFileSync, readdirSync } from 'node:fs';
import type { Config } from '@stencil/core';
import { reactOutputTarget } from '@stencil/react-output-target';
import { vueOutputTarget } from '@stencil/vue-output-target';

/** The elements an integrator places; the stages and parts inside them are not wrapped for frameworks. */
const PUBLIC_ELEMENTS = ['exam-room', 'exam-evidence-recorder', 'exam-proctor-console', 'exam-admin-console'];
const ALL_ELEMENTS = readdirSync('src/components', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.tsx'))
  .flatMap((file) => [...readFileSync(`src/components/${file}`, 'utf8').matchAll(/@Component\(\{\s*tag: '([a-z-]+)'/g)].map((match) => match[1]!));
const INNER_ELEMENTS = ALL_ELEMENTS.filter((tag) => !PUBLIC_ELEMENTS.includes(tag));

/** The elements' dependencies that an app's bundler resolves (core, adapters and their subpaths). */
export const BUNDLER_EXTERNALS = [/^@examroom\/(core|adapters)(\/|$)/];

export const config: Config = {
  namespace: 'examroom',
  globalStyle: 'src/global/theme.css',
  // Resolve packages as a browser would and prefer their ES builds: without this rxjs resolves to its CommonJS build
  // ("node" condition), which cannot be tree-shaken and tripled the shell's first load.
  nodeResolve: { browser: true, exportConditions: ['es2015', 'browser', 'import', 'default'] },
  // The builds for bundlers (dist/esm behind dist/index.js and dist/loader, and dist/components) import core and
  // adapters, and with them XState and RxJS, by name, so that an app that also imports @examroom/core bundles one copy
  // (one statechart library, one module state). The script-tag build needs them inside: stencil.script-tag.config.ts
  // rebuilds dist/examroom without this.
  rollupConfig: { inputOptions: { external: BUNDLER_EXTERNALS } },
  // dist/esm loads each component's chunk with a static import() per chunk instead of one computed path, so that Vite
  // and webpack see and emit the chunks behind `defineCustomElements()` from @examroom/elements/loader.
  extras: { enableImportInjection: true },
  outputTargets: [
    // dist/loader (defineCustomElements) and dist/esm for bundlers; the lazy-loading build for a script tag that this
    // also writes to dist/examroom is replaced by stencil.script-tag.config.ts's self-contained one.
    { type: 'dist', esmLoaderPath: 'loader' },
    // One module per tag that defines itself on import (Storybook, tests, integrators who bundle).
    { type: 'dist-custom-elements', customElementsExportBehavior: 'auto-define-custom-elements', externalRuntime: false },
    { type: 'docs-json', file: 'dist/docs.json' },
    { type: 'docs-custom-elements-manifest', file: 'dist/custom-elements.json' },
    // Framework wrappers over the custom-elements build: packages/react (@examroom/react) and packages/vue
    // (@examroom/vue) compile the generated files with typed props and events.
    reactOutputTarget({
      outDir: '../react/src/generated',
      stencilPackageName: '@examroom/elements',
      customElementsDir: 'components',
      excludeComponents: INNER_ELEMENTS,
    }),
    vueOutputTarget({
      componentCorePackage: '@examroom/elements',
      proxiesFile: '../vue/src/generated/components.ts',
      includeImportCustomElements: true,
      customElementsDir: 'components',
      excludeComponents: INNER_ELEMENTS,
    }),
  ],
};
