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

describe('the server’s settings, for operators', () => {
  // Every environment variable the server reads (its sources, not its tests), with PORT and HOST.
  const serverSources = sources.filter((path) => path.startsWith('packages/server/src/') && !/\.test\.ts$/.test(path) && !path.includes('/test-support/'));
  const settings = [...new Set(['PORT', 'HOST', ...serverSources.flatMap((path) => [...read(path).matchAll(/\bEXAMROOM_[A-Z0-9_]+\b/g)].map((match) => match[0]))])].sort();
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf('### Settings'));

  it('are each a row of the README’s settings table', () => {
    expect(settings.length).toBeGreaterThan(10);
    expect(settings.filter((name) => !new RegExp(`^\\| [^\\n]*\`${name}\``, 'm').test(table))).toEqual([]);
  });

  it('are each named in compose.yaml, whose service runs the image with its data in a volume', () => {
    const compose = read('compose.yaml');
    expect(settings.filter((name) => !compose.includes(name))).toEqual([]);
    expect(compose).toMatch(/- examroom-data:\/data/);
    expect(compose).toMatch(/EXAMROOM_DATA_DIR: \/data/);
  });

  it('run several servers in deploy/cluster: PostgreSQL, servers sharing it and one volume, HAProxy checking /readyz in front of each', () => {
    const compose = read('deploy/cluster/compose.yaml');
    const haproxy = read('deploy/cluster/haproxy.cfg');
    expect(compose).toMatch(/^ {2}postgres:\n {4}image: postgres:15/m);
    expect(compose).toMatch(/EXAMROOM_DATABASE_URL: postgresql:\/\/examroom:.*@postgres:5432\/examroom/);
    expect(compose).toMatch(/EXAMROOM_ID_KEY: \$\{EXAMROOM_ID_KEY:\?/);
    expect(compose).toMatch(/- examroom-data:\/data/);
    const servers = [...compose.matchAll(/^ {2}(examroom-\d+):$/gm)].map((match) => match[1]);
    expect(servers.length).toBeGreaterThanOrEqual(2);
    // HAProxy sends to every server of the compose file, and checks each on /readyz.
    expect([...haproxy.matchAll(/^ {2}server (\S+) (\S+):8080 check$/gm)].map((match) => match[2])).toEqual(servers);
    expect(haproxy).toMatch(/option httpchk GET \/readyz/);
    expect(haproxy).toMatch(/timeout tunnel/);
    expect(compose).toMatch(/\.\/haproxy\.cfg:\/usr\/local\/etc\/haproxy\/haproxy\.cfg/);
  });

  it('deploy/cluster/haproxy.cfg is a configuration HAProxy accepts', () => {
    const haproxy = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
    if (!existsSync(haproxy)) execFileSync('bash', [join(root, 'scripts/ensure-haproxy.sh')], { stdio: 'ignore' });
    // The servers' names resolve only inside compose's network: HAProxy starts without them (init-addr none).
    expect(execFileSync(haproxy, ['-c', '-f', join(root, 'deploy/cluster/haproxy.cfg')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toMatch(/valid/i);
  });

  it('are what the Dockerfile runs: the built server, its data in /data, a health check on /readyz', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/CMD \["node", "packages\/server\/dist\/main\.js"\]/);
    expect(dockerfile).toMatch(/EXAMROOM_DATA_DIR=\/data/);
    expect(dockerfile).toMatch(/VOLUME \["\/data"\]/);
    expect(dockerfile).toMatch(/\/readyz/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(read('packages/server/src/operations.ts')).toContain("READY_PATH = '/readyz'");
    expect(read('packages/server/package.json')).toContain('"examroom-server": "./dist/main.js"');
  });
});
