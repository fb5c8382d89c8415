/**
 * Retention: once an exam's last sitting ended more than the retention period ago, its recordings and its
 * candidates' personal data go, and what remains are anonymous rows that keep every count.
 *
 * - **When.** An exam ends when the last thing any of its candidates could still do ends: the latest evidence due
 *   time over its sittings, each candidate's own (extra time moves it). An exam with no sitting, or with one still
 *   to come, is kept.
 * - **What goes.** Every file of every recording part (the final file, the received copy, tus's upload and its
 *   `.json`, a partial write) through the front's `RetentionFiles`; each candidate's name, ID number, admission number
 *   and password hash (replaced: the name by ERASED_NAME, the ID number by a placeholder unique in the exam); the free
 *   texts about them — help messages, incident details, intervention reasons, verdict comments — and those texts in
 *   the audit log's entries about them and about the exam's sittings (notices).
 * - **What stays.** The exam, sittings, candidate rows (stage, times, lot, finish reason), incidents by kind,
 *   interventions, verdicts, recording rows (kind, part, sizes, hashes, durations): so the audit log's entries still
 *   name existing rows and an export of the exam still counts who attended, finished how, and with which verdicts.
 * - **Idempotent.** A candidate already anonymised is left as is, a file already gone is not listed; an exam with
 *   nothing left to delete is reported as such and adds no audit entry. The database's part of an exam is one
 *   transaction, the files are deleted after it commits: a run interrupted in between leaves files that the next
 *   run finds and deletes.
 */
import type { Schedule } from '@examroom/core';
import { candidatesOfExam, mapInOrder, scheduleFor } from './exam-domain/context.js';
import type { CandidateRow, ExamRow, RecordingRow, Repository } from './repository.js';

/** The name an anonymised candidate keeps, and the text of their erased help messages. */
export const ERASED_NAME = '（已删除）';
/** The start of an anonymised candidate's ID number; the candidate's id follows, so it stays unique in the exam. */
export const ERASED_ID_PREFIX = 'erased:';
/** The default retention period, in days (EXAMROOM_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 180;

/** A recording's files as the front keeps them. */
export interface RetentionFiles {
  /** The files a recording part left (none once deleted), with their sizes in bytes. */
  filesOf(recording: RecordingRow): readonly { readonly path: string; readonly bytes: number }[];
  remove(path: string): void;
}

export interface RetentionOptions {
  readonly repo: Repository;
  readonly files: RetentionFiles;
  readonly now: number;
  readonly retentionMs: number;
  /** Report what would be deleted, and delete nothing. */
  readonly dryRun: boolean;
  /** An id for the audit entry (DomainCrypto.randomId). */
  readonly randomId: (prefix: string) => string;
}

export interface ExamRetention {
  readonly examId: string;
  readonly title: string;
  /** When the exam's last sitting ended (the latest evidence due time). */
  readonly endedAt: number;
  /** Candidates anonymised by this run (or that a dry run would anonymise). */
  readonly candidates: number;
  /** Recording parts whose files this run deleted. */
  readonly recordings: number;
  readonly files: number;
  readonly bytes: number;
}

export interface RetentionReport {
  /** `now` minus the retention period: exams that ended before it are due. */
  readonly cutoff: number;
  readonly dryRun: boolean;
  /** Exams past the retention period, with what was deleted (all zero: done by an earlier run). */
  readonly due: readonly ExamRetention[];
  /** Exams still within it (or not over), with when they become due (null: not over yet). */
  readonly kept: readonly { readonly examId: string; readonly title: string; readonly dueAt: number | null }[];
}

/** The audit log's actor for the command: not an administrator's account, so it has an id of its own. */
export const RETENTION_ACTOR = { role: 'administrator', id: 'retention', name: 'examroom-server retention' } as const;

const isErased = (candidate: CandidateRow) => candidate.idNumberHash.startsWith(ERASED_ID_PREFIX);

/** When an exam ended: its sittings' latest evidence due time, each candidate's own; null while one is to come or without sittings. */
export async function examEndedAt(repo: Repository, exam: ExamRow, now: number): Promise<number | null> {
  const sittings = await repo.listSittings(exam.id);
  if (sittings.length === 0) return null;
  let ended = 0;
  for (const sitting of sittings) {
    const schedules: Schedule[] = [scheduleFor(exam, sitting), ...(await repo.listCandidates(sitting.id)).map((c) => scheduleFor(exam, sitting, c))];
    for (const schedule of schedules) ended = Math.max(ended, schedule.evidenceDueAt);
  }
  return ended <= now ? ended : null;
}

/** Runs retention over every exam; see the module's comment. */
export async function runRetention(options: RetentionOptions): Promise<RetentionReport> {
  const { repo, files, now, retentionMs, dryRun } = options;
  const cutoff = now - retentionMs;
  const due: ExamRetention[] = [];
  const kept: { examId: string; title: string; dueAt: number | null }[] = [];
  for (const exam of await repo.listExams()) {
    const endedAt = await examEndedAt(repo, exam, now);
    if (endedAt === null || endedAt > cutoff) {
      kept.push({ examId: exam.id, title: exam.title, dueAt: endedAt === null ? null : endedAt + retentionMs });
      continue;
    }
    const sittings = await repo.listSittings(exam.id);
    const candidates = await candidatesOfExam(repo, exam.id);
    const toErase = candidates.filter((c) => !isErased(c));
    const recordings = (await mapInOrder(candidates, (c) => repo.listRecordings(c.id))).flat();
    const recordingFiles = recordings.map((recording) => files.filesOf(recording)).filter((found) => found.length > 0);
    const result: ExamRetention = {
      examId: exam.id,
      title: exam.title,
      endedAt,
      candidates: toErase.length,
      recordings: recordingFiles.length,
      files: recordingFiles.reduce((sum, found) => sum + found.length, 0),
      bytes: recordingFiles.reduce((sum, found) => sum + found.reduce((n, f) => n + f.bytes, 0), 0),
    };
    due.push(result);
    if (dryRun || (result.candidates === 0 && result.recordings === 0)) continue;
    await repo.transaction(async (repo) => {
      for (const candidate of toErase) {
        await repo.updateCandidate({ ...candidate, name: ERASED_NAME, idNumberHash: `${ERASED_ID_PREFIX}${candidate.id}`, idNumberMasked: '', admissionNumber: '', passwordHash: '' });
        await repo.eraseCandidateTexts(candidate.id, ERASED_NAME);
        await repo.eraseAuditTexts(candidate.id);
        // The enrolled face is biometric data of the person: it goes with their name.
        await repo.deleteFaceDescriptor(candidate.id);
      }
      for (const sitting of sittings) await repo.eraseAuditTexts(sitting.id);
      await repo.insertAudit({
        id: options.randomId('aud'),
        at: now,
        actorRole: RETENTION_ACTOR.role,
        actorId: RETENTION_ACTOR.id,
        actorName: RETENTION_ACTOR.name,
        action: 'exam.retention',
        targetType: 'exam',
        targetId: exam.id,
        detail: { via: 'command line', endedAt, retentionDays: retentionMs / 86_400_000, candidates: result.candidates, recordings: result.recordings, files: result.files, bytes: result.bytes },
      });
    });
    for (const found of recordingFiles) for (const file of found) files.remove(file.path);
  }
  return { cutoff, dryRun, due, kept };
}

