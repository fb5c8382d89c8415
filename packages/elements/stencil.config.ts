import type { Config } from '@stencil/core';

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
    { type: 'dist-custom-elements', customElementsExportBehavior: 'auto-define-custom-elements' },
    { type: 'docs-json', file: 'dist/docs.json' },
    { type: 'docs-custom-elements-manifest', file: 'dist/custom-elements.json' },
  ],
};
