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

export const config: Config = {
  namespace: 'examroom',
  globalStyle: 'src/global/theme.css',
  // Resolve packages as a browser would and prefer their ES builds: without this rxjs resolves to its CommonJS build
  // ("node" condition), which cannot be tree-shaken and tripled the shell's first load.
  nodeResolve: { browser: true, exportConditions: ['es2015', 'browser', 'import', 'default'] },
  outputTargets: [
    // Lazy-loading build for a script tag: dist/examroom/examroom.esm.js, plus dist/loader (defineCustomElements) for bundlers.
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
