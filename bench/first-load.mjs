// `npm run bench:first-load`: how much JavaScript (gzip) a page downloads before <exam-room> shows its shell, from
// Stencil's lazy build (packages/elements/dist/examroom, built by `npm run build`). It follows the static imports of
// the loader and of the shell's entry chunks. The exam machine (XState, core's statechart and streams), the stage
// components and the browser adapters (RecordRTC, tus, IndexedDB, hashing) are dynamic imports and load later, so
// they are reported apart. Sizes are exact, so one run suffices.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../packages/elements/dist/examroom/', import.meta.url));
if (!existsSync(join(dist, 'examroom.esm.js'))) {
  console.error('No lazy build in packages/elements/dist/examroom: run `npm run build` first.');
  process.exit(1);
}

const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const source = (file) => readFileSync(join(dist, file), 'utf8');
const gzip = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /import\(\s*["']\.\/([^"']+\.js)["']\s*\)/g;

/** The files `roots` need before they run: themselves and their static imports, transitively. */
function closure(roots) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, next] of source(file).matchAll(STATIC_IMPORT)) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

/** The lazy entry chunk that defines `tag` (Stencil exports each class as the tag with `_` for `-`). */
function entryOf(tag) {
  const name = tag.replaceAll('-', '_');
  const file = files.find((f) => f.endsWith('.entry.js') && new RegExp(`\\bas ${name}\\b`).test(source(f)));
  if (!file) throw new Error(`no entry chunk defines <${tag}>`);
  return file;
}

const sum = (set) => [...set].reduce((total, file) => total + gzip(file), 0);
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

const shell = closure(['examroom.esm.js', entryOf('exam-room'), entryOf('exam-stepper')]);
const lazyFromShell = [...shell].flatMap((file) => [...source(file).matchAll(DYNAMIC_IMPORT)].map(([, f]) => f));
// The machine's module is the one that holds the statechart's setup (its message for unprovided ports).
const machineModule = lazyFromShell.find((file) => [...closure([file])].some((f) => source(f).includes('port is not provided; use createExamActor')));
if (!machineModule) throw new Error('no lazy chunk of the shell holds the exam machine');
const withMachine = closure([...shell, machineModule]);
const firstStage = closure([...withMachine, entryOf('exam-checking-devices')]);
const withAdapters = closure([...firstStage, ...lazyFromShell]);
const everything = new Set(files);

const rows = [
  ['<exam-room> first load (loader, runtime, shell, stepper, messages)', shell],
  ['+ the exam machine (XState, statechart, streams), loaded lazily', withMachine],
  ['+ the first stage (设备准备)', firstStage],
  ['+ the browser adapters (RecordRTC, tus, IndexedDB, SHA-256), loaded lazily', withAdapters],
  ['everything in the lazy build (every stage and library)', everything],
];
// The phone's page (/phone) is another entry of the same build: its own first load, and what of it the candidate's
// computer never downloads.
const phone = closure(['examroom.esm.js', entryOf('exam-evidence-recorder')]);
const phoneOnly = new Set([...phone].filter((file) => !shell.has(file)));
rows.push(['<exam-evidence-recorder> first load (the phone page: loader, runtime, shell, words)', phone]);
rows.push(['  of which the candidate\'s first load has none', phoneOnly]);
// The supervisor's page (/proctor) likewise.
const proctor = closure(['examroom.esm.js', entryOf('exam-proctor-console')]);
const proctorOnly = new Set([...proctor].filter((file) => !shell.has(file)));
rows.push(['<exam-proctor-console> first load (the supervisor page: loader, runtime, shell, words)', proctor]);
rows.push(['  of which the candidate\'s first load has none', proctorOnly]);
// The administrator's page (/admin) likewise: none of it reaches a candidate or a supervisor.
const adminConsole = closure(['examroom.esm.js', entryOf('exam-admin-console')]);
const adminOnly = new Set([...adminConsole].filter((file) => !shell.has(file)));
rows.push(['<exam-admin-console> first load (the administrator page: loader, runtime, shell, words)', adminConsole]);
rows.push(['  of which the candidate\'s first load has none', adminOnly]);
const total = sum(everything);
console.log('First-load JavaScript of <exam-room> (gzip -9), packages/elements/dist/examroom');
for (const [label, set] of rows) {
  console.log(`  ${label.padEnd(80)} ${kB(sum(set)).padStart(9)}  ${String(set.size).padStart(3)} files  ${(sum(set) / total).toFixed(2)} of all`);
}
console.log(`  first load / everything: ${(sum(shell) / total).toFixed(2)} (first load: ${sum(shell)} bytes)`);
