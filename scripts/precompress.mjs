// `node scripts/precompress.mjs <dir>`: writes a Brotli (.br) and a gzip (.gz) copy next to every .js and .css file
// in <dir>, so a static server can send them as they are (the reference server does, with @fastify/static's
// preCompressed) instead of compressing on every request or sending them uncompressed to a candidate on a weak
// network. Run after each build; stale copies are overwritten.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs <dir>');
  process.exit(2);
}

const files = (await readdir(dir)).filter((name) => /\.(js|css)$/.test(name));
let original = 0;
let brotli = 0;
for (const name of files) {
  const bytes = await readFile(join(dir, name));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  await writeFile(join(dir, `${name}.br`), br);
  await writeFile(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  original += bytes.length;
  brotli += br.length;
}
console.log(`precompress: ${files.length} files in ${dir}, ${(original / 1024).toFixed(0)} kB → ${(brotli / 1024).toFixed(0)} kB brotli`);
