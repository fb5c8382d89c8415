// Storybook shows the built components (packages/elements/dist) and bundles the built core, adapters, domain and MSW
// handlers: build them first. `--always` rebuilds through lerna/nx (a cache hit when nothing changed, as in
// build-storybook); without it, only when an output is missing (the dev server: run `npm run build` after changing a
// component).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = [
  'packages/core/dist/index.js',
  'packages/adapters/dist/rest/index.js',
  'packages/domain/dist/index.js',
  'packages/msw/dist/index.js',
  'packages/elements/dist/components/exam-room.js',
  'packages/elements/dist/examroom/examroom.css',
];
const missing = outputs.filter((path) => !existsSync(join(root, path)));

if (process.argv.includes('--always') || missing.length > 0) {
  if (missing.length > 0) console.log(`storybook: building the elements (missing ${missing.join(', ')})`);
  const result = spawnSync('npx', ['lerna', 'run', 'build', '--scope', '@examroom/elements'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
