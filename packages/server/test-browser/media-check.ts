/**
 * Every recording the browser tests produce is checked the way a reviewer would play it: `ffprobe` must find a
 * duration, and `ffmpeg -v error -i FILE -f null -` (decode everything, write nothing) must report no error. Debian's
 * ffmpeg is installed by scripts/ensure-ffmpeg.sh (apt, as root) when it is missing, as scripts/ensure-chromium.sh
 * does for Chromium; FFMPEG_PATH and FFPROBE_PATH point elsewhere.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FFMPEG = process.env['FFMPEG_PATH'] ?? '/usr/bin/ffmpeg';
const FFPROBE = process.env['FFPROBE_PATH'] ?? '/usr/bin/ffprobe';
const ENSURE_SCRIPT = fileURLToPath(new URL('../../../scripts/ensure-ffmpeg.sh', import.meta.url));

/**
 * What Chromium's MediaRecorder itself writes and ffmpeg reports: some frames carry equal timestamps (TOOLCHAIN.md,
 * "non monotonically increasing dts"). It is the recorder's, not the pipeline's, so it is the one message allowed.
 */
const RECORDER_WARNINGS = [/non monotonically increasing dts/i];

let ensured: Promise<void> | undefined;

/** Installs ffmpeg once per run when it is missing (a few minutes the first time). */
export function ensureFfmpeg(): Promise<void> {
  ensured ??= existsSync(FFMPEG) && existsSync(FFPROBE)
    ? Promise.resolve()
    : run('bash', [ENSURE_SCRIPT], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }).then(() => undefined);
  return ensured;
}

export interface MediaCheck {
  /** The container's duration as ffprobe reads it, in seconds (NaN when absent). */
  readonly durationS: number;
  /** What `ffmpeg -v error` reported, the recorder's known warning left out. */
  readonly errors: readonly string[];
  /** The recorder's known warnings that were left out (for the reports). */
  readonly recorderWarnings: number;
}

/** Probes and decodes `path` with ffprobe and ffmpeg. */
export async function checkMedia(path: string): Promise<MediaCheck> {
  await ensureFfmpeg();
  const probe = await run(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', path]);
  const decode = await run(FFMPEG, ['-nostdin', '-v', 'error', '-i', path, '-f', 'null', '-'], { maxBuffer: 16 * 1024 * 1024 });
  const lines = `${probe.stderr}\n${decode.stderr}`.split('\n').map((line) => line.trim()).filter(Boolean);
  const known = lines.filter((line) => RECORDER_WARNINGS.some((pattern) => pattern.test(line)));
  const errors = lines.filter((line) => !known.includes(line));
  // The test's data directory goes with the test: keep a file that fails for a person to look at.
  if (errors.length > 0) keepForInspection(path);
  const duration = probe.stdout.trim();
  return { durationS: duration === '' || duration === 'N/A' ? Number.NaN : Number(duration), errors, recorderWarnings: known.length };
}

/** Where files that failed the check are copied (with the received bytes beside them, when there are). */
export const FAILED_MEDIA_DIR = join(tmpdir(), 'examroom-failed-recordings');

function keepForInspection(path: string): void {
  mkdirSync(FAILED_MEDIA_DIR, { recursive: true });
  for (const file of [path, path.replace(/\.webm$/, '.received.webm')]) {
    if (existsSync(file)) copyFileSync(file, join(FAILED_MEDIA_DIR, basename(file)));
  }
}
