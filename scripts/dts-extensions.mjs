// `node scripts/dts-extensions.mjs <dir>…`: gives every relative import in the type declarations under <dir> its
// full path (`./components` → `./components.js`, `../types` → `../types/index.js`), as TypeScript's Node16 and
// NodeNext resolution requires of an ESM package. Stencil writes its declarations extensionless (fine for bundlers
// only); run after each build. A specifier that resolves to no declaration file is left alone (and reported).
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bexport\s+\*\s+from\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

async function* declarations(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith('.d.ts')) yield path;
  }
}

function fullPath(file, specifier) {
  if (/\.(js|mjs|cjs|json|css)$/.test(specifier)) return specifier;
  const base = resolve(dirname(file), specifier);
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  console.warn(`dts-extensions: ${file}: no declaration for ${specifier}`);
  return specifier;
}

let changed = 0;
for (const dir of process.argv.slice(2)) {
  for await (const file of declarations(dir)) {
    const text = await readFile(file, 'utf8');
    const next = text.replace(SPECIFIER, (_whole, lead, quote, specifier) => `${lead}${quote}${fullPath(file, specifier)}${quote}`);
    if (next !== text) {
      await writeFile(file, next);
      changed += 1;
    }
  }
}
console.log(`dts-extensions: ${changed} declaration files given full import paths`);
