// `npm run bench [-- options]`: the recording and upload benchmark. Compiles the TypeScript bench with
// esbuild — the Node side (bench/main.ts, with the server and core/adapters from their sources) and the browser
// page (bench/page.ts) — into node_modules/.cache/examroom-bench/, then runs it. No prior build is needed and the
// current sources are always what is measured. Options: `node bench/run.mjs --help`.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const packagesDir = join(root, 'packages');
// Inside the repository, so that the bundle's bare imports (fastify, playwright-core…) resolve to node_modules.
const outDir = join(root, 'node_modules', '.cache', 'examroom-bench');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('esbuild is not installed: run `npm install` at the repository root first.');
  process.exit(1);
}

/** `@examroom/core` → packages/core/src/index.ts, `@examroom/adapters/tus` → packages/adapters/src/tus/index.ts. */
const workspaceSources = {
  name: 'examroom-workspace-sources',
  setup(build) {
    build.onResolve({ filter: /^@examroom\// }, (args) => {
      const [, name, ...subpath] = args.path.split('/');
      if (!name) return undefined;
      const file = join(packagesDir, name, 'src', ...subpath, 'index.ts');
      return existsSync(file) ? { path: file } : undefined;
    });
  },
};

await mkdir(outDir, { recursive: true });
const pageFile = join(outDir, 'page.js');
const mainFile = join(outDir, 'main.mjs');
const loadServerFiles = { examroom: join(outDir, 'load-server-examroom.mjs'), tus: join(outDir, 'load-server-tus.mjs') };

/**
 * A Node entry compiled into one ES module: npm packages stay imports (native better-sqlite3 among them); the
 * workspace is compiled from its sources, except for the face worker, which loads human and tfjs itself.
 */
const nodeEntry = (entry, outfile, { workspace = true } = {}) =>
  esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    ...(workspace ? { plugins: [workspaceSources] } : {}),
  });

await Promise.all([
  esbuild.build({
    entryPoints: [join(benchDir, 'page.ts')],
    outfile: pageFile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [workspaceSources],
  }),
  // The server's finalisation, face and database checkpoint workers, beside main.mjs where the bundled server looks for them.
  nodeEntry(join(packagesDir, 'server', 'src', 'finalize-worker.ts'), join(outDir, 'finalize-worker.js')),
  nodeEntry(join(packagesDir, 'server', 'src', 'face-worker.ts'), join(outDir, 'face-worker.js'), { workspace: false }),
  nodeEntry(join(packagesDir, 'server', 'src', 'sqlite-checkpoint-worker.ts'), join(outDir, 'sqlite-checkpoint-worker.js')),
  // The load scenario's servers, child processes of their own (bench/load-server-*.ts).
  ...Object.entries(loadServerFiles).map(([target, outfile]) => nodeEntry(join(benchDir, `load-server-${target}.ts`), outfile)),
  nodeEntry(join(benchDir, 'main.ts'), mainFile),
]);

const { main } = await import(pathToFileURL(mainFile).href);
process.exitCode = await main(process.argv.slice(2), { pageScript: pageFile, loadServers: loadServerFiles });
