/**
 * `examroom-server retention run [--dry-run] [--days <n>] [--now <time>]`: deletes the recordings and personal data
 * of every exam whose last sitting ended more than the retention period ago (runRetention in the domain, which says
 * what goes and what stays), prints what it deleted — or, with --dry-run, what it would — and records each exam it
 * changed in the audit log (`exam.retention`). Meant for a daily cron job or systemd timer: running it again deletes
 * nothing more.
 *
 * The period is EXAMROOM_RETENTION_DAYS (180 by default), or --days for one run. One period for every exam: an
 * institution's retention rule is usually one rule for its records, not a choice per exam. --now (ISO 8601 or epoch
 * milliseconds) runs it as of another time, for tests and for a dry run of what next month's run will delete.
 *
 * It opens the server's SQLite file in EXAMROOM_DATA_DIR like the `admin` commands (migrated first), beside a
 * running server or not; the recordings' files are under the same directory (`recordings/`, `uploads/`).
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETENTION_DAYS, runRetention, type RecordingRow, type RetentionFiles, type RetentionReport } from '@examroom/domain';
import { idNumberKey } from './id-number-key.js';
import { createNodeCrypto } from './node-crypto.js';
import { openRepository, parseDatabaseUrl } from './open-repository.js';

export const RETENTION_USAGE = `Usage:
  examroom-server retention run [--dry-run] [--days <n>] [--now <time>]
Deletes the recordings and personal data of exams whose last sitting ended more than EXAMROOM_RETENTION_DAYS
(${DEFAULT_RETENTION_DAYS} by default; --days for this run) days ago, and prints what it deleted.
  --dry-run     print what would be deleted, delete nothing
  --now <time>  run as of this time (ISO 8601, e.g. 2027-06-01T00:00:00+08:00, or epoch milliseconds)
The database and files are the server's: EXAMROOM_DATA_DIR (.data/ in the working directory by default).
`;

const DAY_MS = 86_400_000;

export interface RetentionCommandIo {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The machine's clock (Date.now by default). */
  readonly now?: () => number;
}

interface RetentionArgs {
  readonly dryRun: boolean;
  readonly days: number;
  readonly now: number;
}

/** A whole number of days, at least 1: a period of 0 would delete an exam the moment it ends. */
function parseDays(text: string | undefined, what: string): number | string {
  if (text === undefined) return DEFAULT_RETENTION_DAYS;
  if (!/^[1-9][0-9]{0,4}$/.test(text.trim())) return `${what} must be a whole number of days, at least 1, not "${text}"`;
  return Number(text.trim());
}

function parseNow(text: string): number | string {
  const at = /^[0-9]+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(at) ? at : `--now must be an ISO 8601 time or epoch milliseconds, not "${text}"`;
}

function parseArgs(args: readonly string[], io: RetentionCommandIo): RetentionArgs | string {
  const [command, ...options] = args;
  if (command !== 'run') return RETENTION_USAGE;
  let dryRun = false;
  let days = parseDays(io.env.EXAMROOM_RETENTION_DAYS || undefined, 'EXAMROOM_RETENTION_DAYS');
  let now: number | string = (io.now ?? Date.now)();
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i];
    if (option === '--dry-run') dryRun = true;
    else if (option === '--days') days = parseDays(options[++i] ?? '', '--days');
    else if (option === '--now') now = parseNow(options[++i] ?? '');
    else return RETENTION_USAGE;
  }
  if (typeof days === 'string') return `examroom: ${days}.\n`;
  if (typeof now === 'string') return `examroom: ${now}.\n`;
  return { dryRun, days, now };
}

/**
 * A recording's files under the data directory: every name in `recordings/` and `uploads/` that is the recording's id
 * or starts with it and a dot (`<id>.webm`, `<id>.received.webm`, `<id>.webm.part`, tus's `<id>` and `<id>.json`).
 * Ids have no dot (the contract's pattern), so no other recording's file matches. The directories are listed once.
 */
export function dataDirRecordingFiles(dataDir: string): RetentionFiles {
  const byRecording = new Map<string, string[]>();
  for (const directory of ['recordings', 'uploads']) {
    let names: string[];
    try {
      names = readdirSync(join(dataDir, directory));
    } catch {
      continue;
    }
    for (const name of names) {
      const id = name.split('.')[0]!;
      byRecording.set(id, [...(byRecording.get(id) ?? []), join(dataDir, directory, name)]);
    }
  }
  return {
    filesOf: (recording: RecordingRow) =>
      (byRecording.get(recording.id) ?? []).flatMap((path) => {
        try {
          return [{ path, bytes: statSync(path).size }];
        } catch {
          return [];
        }
      }),
    remove: (path) => rmSync(path, { force: true }),
  };
}

const iso = (at: number) => new Date(at).toISOString();

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** What the run did (or would do), one line per exam. */
export function describeRetention(report: RetentionReport, days: number): string {
  const verb = report.dryRun ? 'would delete' : 'deleted';
  const lines = [
    `Retention: ${days} days. Exams whose last sitting ended before ${iso(report.cutoff)} lose their recordings and personal data.${report.dryRun ? ' Dry run: nothing is deleted.' : ''}`,
  ];
  for (const exam of report.due) {
    const what =
      exam.candidates === 0 && exam.recordings === 0
        ? 'nothing left to delete (done by an earlier run)'
        : `${verb} the personal data of ${exam.candidates} candidate(s) and ${exam.files} file(s) of ${exam.recordings} recording part(s), ${megabytes(exam.bytes)}`;
    lines.push(`  「${exam.title}」 (${exam.examId}), ended ${iso(exam.endedAt)}: ${what}`);
  }
  if (report.due.length === 0) lines.push('  No exam is past the retention period.');
  for (const exam of report.kept) lines.push(`  「${exam.title}」 (${exam.examId}) kept: ${exam.dueAt === null ? 'not over yet' : `due from ${iso(exam.dueAt)}`}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `retention <command> …` (the arguments after `retention`); resolves to the process's exit code. */
export async function runRetentionCommand(args: readonly string[], io: RetentionCommandIo): Promise<number> {
  const parsed = parseArgs(args, io);
  if (typeof parsed === 'string') {
    io.err(parsed);
    return 2;
  }
  mkdirSync(io.dataDir, { recursive: true });
  // The server's key for 身份证号 hashes (EXAMROOM_ID_KEY, or the data directory's key file): the database checks it.
  const crypto = createNodeCrypto({ idNumberKey: idNumberKey(io.dataDir, io.env['EXAMROOM_ID_KEY'] || undefined) });
  const repo = await openRepository({ dataDir: io.dataDir, databaseUrl: parseDatabaseUrl(io.env['EXAMROOM_DATABASE_URL']) }, crypto);
  try {
    const report = await runRetention({
      repo,
      files: dataDirRecordingFiles(io.dataDir),
      now: parsed.now,
      retentionMs: parsed.days * DAY_MS,
      dryRun: parsed.dryRun,
      randomId: (prefix) => crypto.randomId(prefix),
    });
    io.out(describeRetention(report, parsed.days));
    return 0;
  } finally {
    await repo.close();
  }
}
