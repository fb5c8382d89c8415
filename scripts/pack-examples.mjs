// Packs the packages the example apps install (examples/*/package.json point at these tarballs) into
// examples/.packs, exactly as `npm publish` would ship them. Run after the build.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'adapters', 'elements', 'react', 'vue'];
mkdirSync(new URL('../examples/.packs/', import.meta.url), { recursive: true });
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', 'examples/.packs', ...PACKAGES.flatMap((name) => ['-w', `@examroom/${name}`])], { cwd: root, encoding: 'utf8' }),
);
console.log(`examples/.packs: ${packed.map((file) => file.filename).join(', ')}`);
