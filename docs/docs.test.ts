/**
 * The documents stay true to the code: every requirement id the code cites is in docs/requirements.md, every
 * relative link in the README and docs/ leads to a file of the repository, and no source points a reader at
 * something the repository does not hold (the first design document, issue numbers, "the seed").
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Files git tracks or would track (untracked but not ignored), so that a new file is checked before its commit. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((path) => path !== '' && existsSync(join(root, path)));

const SOURCE = /\.(ts|tsx|mts|js|mjs|cjs|css)$/;
/** Generated or vendored: not written by us, so not ours to keep. */
const GENERATED = /(^|\/)(components\.d\.ts|mockServiceWorker\.js)$/;
const sources = files.filter((path) => SOURCE.test(path) && !GENERATED.test(path) && path !== 'docs/docs.test.ts');

/** Requirement ids as the code writes them: R1…R33, alone or in a range such as R8–R11. */
const CITED_ID = /\bR([1-9][0-9]?)\b/g;
const LISTED_ID = /^\| R([1-9][0-9]?) \|/gm;

function citations(pattern: RegExp): { id: string; where: string }[] {
  return sources.flatMap((path) =>
    read(path)
      .split('\n')
      .flatMap((line, i) => [...line.matchAll(pattern)].map((match) => ({ id: match[1] ?? match[0], where: `${path}:${i + 1}` }))),
  );
}

describe('docs/requirements.md', () => {
  const listed = [...read('docs/requirements.md').matchAll(LISTED_ID)].map((match) => Number(match[1]));

  it('lists every requirement once, in order, R1 to R33', () => {
    expect(listed).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
  });

  it('has every requirement id that the code cites', () => {
    const cited = citations(CITED_ID);
    expect(cited.length).toBeGreaterThan(100);
    const unknown = cited.filter(({ id }) => !listed.includes(Number(id))).map(({ id, where }) => `R${id} at ${where}`);
    expect(unknown).toEqual([]);
  });
});

describe('what the code points a reader to', () => {
  it('is in the repository: nothing cites DESIGN.md, an issue number or "the seed" (the candidate guide is docs/requirements.md)', () => {
    const outside = citations(/(DESIGN\.md|\b[Ii]ssue #?\d+|\b[Tt]he seed\b|\bseed's)/g).map(({ id, where }) => `${id} at ${where}`);
    expect(outside).toEqual([]);
  });
});

describe('links in the README and docs/', () => {
  const documents = files.filter((path) => path.endsWith('.md') && (path === 'README.md' || path.startsWith('docs/') || /^packages\/[^/]+\/README\.md$/.test(path) || path === 'storybook/README.md'));

  it.each(documents)('%s: every relative link leads to a file or folder of the repository', (path) => {
    const links = [...read(path).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/i.test(target));
    const broken = links.filter((target) => !existsSync(join(root, dirname(path), target)));
    expect(broken).toEqual([]);
  });
});
