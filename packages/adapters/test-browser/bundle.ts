/**
 * Bundles a TypeScript entry for a test page with esbuild. Workspace packages (`@examroom/*`) are bundled from
 * their sources, so browser tests need no prior build and always run the current code.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The monorepo's `packages/` directory. */
export const PACKAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BundleOptions {
  /** 'iife' (default) for a classic `<script>`, 'esm' for `<script type="module">`. */
  readonly format?: 'iife' | 'esm';
  /** For 'iife': the global that receives the entry's exports, e.g. 'examroom' → `window.examroom`. */
  readonly globalName?: string;
  /** Extra compile-time constants; `process.env.NODE_ENV` is defined as "test" unless given here. */
  readonly define?: Readonly<Record<string, string>>;
  /** Resolve `@examroom/*` to `packages/*\/src` (default) instead of their built `dist`. */
  readonly workspaceSources?: boolean;
  /** Inline source map so that page errors point at the TypeScript. Default true. */
  readonly sourcemap?: boolean;
}

/** The bundle's JavaScript as a string. */
export async function bundle(entry: string, options: BundleOptions = {}): Promise<string> {
  const format = options.format ?? 'iife';
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    target: 'chrome120',
    ...(format === 'iife' && options.globalName ? { globalName: options.globalName } : {}),
    define: { 'process.env.NODE_ENV': '"test"', ...options.define },
    sourcemap: options.sourcemap === false ? false : 'inline',
    logLevel: 'silent',
    plugins: options.workspaceSources === false ? [] : [workspaceSources()],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}

/** `@examroom/core` → packages/core/src/index.ts, `@examroom/core/testing` → packages/core/src/testing/index.ts. */
function workspaceSources(): Plugin {
  return {
    name: 'examroom-workspace-sources',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@examroom\// }, (args) => {
        const [, name, ...subpath] = args.path.split('/');
        if (!name) return undefined;
        const file = join(PACKAGES_DIR, name, 'src', ...subpath, 'index.ts');
        return existsSync(file) ? { path: file } : undefined;
      });
    },
  };
}
