// `npm start`: builds what the demo needs (core, adapters and the server through TypeScript project references, and
// the web components when their build is missing) and starts the reference server with its seeded demo exam
// (EXAMROOM_DEMO=1 unless set otherwise).
// Environment: see packages/server/src/main.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  console.error('TypeScript is not installed: run `npm install` at the repository root first.');
  process.exit(1);
}

// Incremental: a second start with nothing changed takes a moment.
const build = spawnSync(process.execPath, [tsc, '-b', 'packages/server'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed; the errors are above.');
  process.exit(build.status ?? 1);
}

// The portal serves the elements' lazy build; Stencil builds it (about half a minute) when it is missing.
if (!existsSync(new URL('../packages/elements/dist/examroom/examroom.esm.js', import.meta.url))) {
  console.log('Building the web components (@examroom/elements)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const elements = spawnSync(npm, ['run', 'build', '-w', '@examroom/elements'], { cwd: root, stdio: 'inherit' });
  if (elements.status !== 0) {
    console.error('Building the web components failed; the errors are above.');
    process.exit(elements.status ?? 1);
  }
}

// The demo: the seeded exam and its published accounts (a bare `examroom-server` starts empty).
process.env.EXAMROOM_DEMO ??= '1';
await import(new URL('../packages/server/dist/main.js', import.meta.url).href);
