/**
 * Every package as `npm pack` makes it, the way an integrator installs it: a version, `publishConfig`, its README
 * and the LICENSE inside, nothing built for the build's own use (`.tsbuildinfo`); publint finds nothing wrong, and
 * arethetypeswrong finds its types resolving under `bundler` and `node16` (the packages are ESM only: the CommonJS
 * resolutions are not checked). Needs the build (`npm run build`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'adapters', 'domain', 'msw', 'elements', 'react', 'vue', 'server'];
const version = (JSON.parse(readFileSync(join(root, 'lerna.json'), 'utf8')) as { version: string }).version;
const packs = mkdtempSync(join(tmpdir(), 'examroom-packs-'));
afterAll(() => rmSync(packs, { recursive: true, force: true }));

interface Packed {
  readonly filename: string;
  readonly files: readonly { path: string }[];
}

describe.each(PACKAGES)('@examroom/%s', (name) => {
  const dir = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; publishConfig?: { access?: string }; license?: string; engines?: { node?: string } };
  let packed: Packed | undefined;
  const pack = async (): Promise<Packed> => {
    packed ??= (JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', packs], { cwd: dir })).stdout) as Packed[])[0]!;
    return packed;
  };

  it('has the release’s version, is published publicly, says its licence and Node version', () => {
    expect(manifest.version).toBe(version);
    expect(manifest.publishConfig?.access).toBe('public');
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toBe('>=20.19');
  });

  it('packs its README and LICENSE, and nothing the build keeps for itself', async () => {
    const files = (await pack()).files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(files.filter((file) => file.endsWith('.tsbuildinfo') || /\.test\.(js|d\.ts)$/.test(file))).toEqual([]);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
  });

  it('passes publint', async () => {
    const { messages } = await publint({ pkgDir: dir, level: 'warning', pack: 'npm' });
    expect(messages.map((message) => `${message.type} ${message.code} ${message.path.join('.')}`)).toEqual([]);
  });

  it('passes arethetypeswrong (ESM: bundler and node16)', async () => {
    const tarball = join(packs, (await pack()).filename);
    // A stylesheet is an entry point for bundlers, not a module with types.
    const exclude = name === 'elements' ? ['--exclude-entrypoints', 'theme.css'] : [];
    const bin = join(root, 'node_modules', '.bin', 'attw');
    const result = await run(bin, [tarball, '--profile', 'esm-only', '--format', 'ascii', ...exclude]).then(
      ({ stdout }) => ({ ok: true, stdout }),
      (error: { stdout?: string }) => ({ ok: false, stdout: error.stdout ?? String(error) }),
    );
    expect(result.ok, result.stdout).toBe(true);
  });
});
