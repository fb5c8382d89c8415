/**
 * Where a worker thread's module is: the compiled one beside the caller (dist/<name>.js; bench/run.mjs bundles it
 * beside its own output). When the server runs from its TypeScript sources (vitest), a worker thread cannot load
 * `.ts` on Node 20: the worker is then bundled once per process with esbuild (a dev dependency of the repository)
 * into a fresh directory under the package's `node_modules/.cache/` (inside the repository, so that the npm packages
 * the bundle imports, such as better-sqlite3, resolve); a failed bundling is tried again by the next call.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundled = new Map<string, Promise<URL>>();

/** The module of worker `name` (e.g. `finalize-worker`) that lies beside `callerUrl` (the caller's import.meta.url). */
export function workerModuleUrl(name: string, callerUrl: string): Promise<URL> {
  const beside = new URL(`./${name}.js`, callerUrl);
  if (!callerUrl.endsWith('.ts') || existsSync(fileURLToPath(beside))) return Promise.resolve(beside);
  const source = fileURLToPath(new URL(`./${name}.ts`, callerUrl));
  let url = bundled.get(source);
  if (url === undefined) {
    url = (async () => {
      const { build } = await import('esbuild');
      const cache = join(dirname(source), '..', 'node_modules', '.cache', 'examroom-workers');
      await mkdir(cache, { recursive: true });
      const outfile = join(await mkdtemp(join(cache, `${name}-`)), `${name}.mjs`);
      await build({ entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
      return pathToFileURL(outfile);
    })();
    bundled.set(source, url);
    url.catch(() => bundled.delete(source));
  }
  return url;
}
