/**
 * The bytes each upload has received, told to the domain (its `recordUploadsProgress`, which writes the recordings'
 * `bytesReceived`) together: every count reported since the last write waits at most PROGRESS_WRITE_MS, and then all
 * of them are written in one transaction, instead of one transaction after every PATCH. An upload's first count is
 * written at once (in the next turn of the event loop, with every other count waiting then).
 *
 * Nothing durable depends on the per-chunk write: tus resumes from the offset of the file on disk (HEAD), never from
 * the database. What reads `bytesReceived` — the supervisors' upload health (which counts a lag only beyond 1 MB, eight
 * seconds of a 1 Mbit/s stream) and the phone's 「已上传」 pushes (every 2 s at most) — is served well enough by a value
 * at most a couple of seconds old. Completion and abandon need the exact count: `flush` writes the offset on disk
 * first (also after a restart, when nothing is in memory). A server that stops without closing loses at most the
 * last interval's counts, which the next PATCH, or the completion's flush, writes again.
 *
 * Why together: with SQLite every transaction is a write to its WAL on the event loop, and while the kernel writes
 * the uploaded video back to disk such a write can wait; hundreds of uploads each writing its count every two seconds
 * made hundreds of those a second, one write every two seconds makes one.
 */

import { ID_PATTERN } from './http-errors.js';

/** The longest a recording's received byte count waits in memory before it is written. */
export const PROGRESS_WRITE_MS = 2_000;

/** A recording's received bytes (the domain's UploadProgressReport). */
export interface ProgressReport {
  readonly recordingId: string;
  readonly bytesReceived: number;
}

export interface UploadProgressOptions {
  /** Writes the counts, in one transaction (the domain's recordUploadsProgress). */
  record(reports: readonly ProgressReport[]): Promise<void> | void;
  /** The upload's offset on disk (tus's store), for `flush`. */
  offsetOf(recordingId: string): Promise<number>;
  log: { error(object: object, message: string): void };
  intervalMs?: number;
}

export interface UploadProgress {
  /** After a PATCH's write: the upload now has `bytesReceived` bytes on disk. */
  report(recordingId: string, bytesReceived: number): void;
  /** Writes the upload's count from its offset on disk now (before completion or abandon). */
  flush(recordingId: string): Promise<void>;
  /** Writes the waiting counts of these uploads now (a heartbeat that reports them samples upload health with them). */
  flushWaiting(recordingIds: readonly string[]): Promise<void>;
  /** Writes every count still waiting (at close, before the database closes). */
  flushAll(): Promise<void>;
}

export function createUploadProgress(options: UploadProgressOptions): UploadProgress {
  const intervalMs = options.intervalMs ?? PROGRESS_WRITE_MS;
  /** The counts reported since they were last written, by recording. */
  const waiting = new Map<string, number>();
  /** The uploads whose count this server has written (bounded: forgotten at completion, or all at once when large). */
  const written = new Set<string>();
  /** The next write of everything waiting, armed by the first count that waits. */
  let timer: NodeJS.Timeout | null = null;
  /** A write of everything waiting in the next turn of the event loop, armed by an upload's first count. */
  let soon: NodeJS.Immediate | null = null;

  async function write(reports: readonly ProgressReport[]): Promise<void> {
    if (reports.length === 0) return;
    try {
      await options.record(reports);
    } catch (error) {
      options.log.error({ err: error, recordingIds: reports.map((r) => r.recordingId) }, 'recording upload progress not recorded');
    }
  }

  /** Takes these recordings' waiting counts out (all of them without ids) as reports. */
  function take(recordingIds?: readonly string[]): ProgressReport[] {
    const reports: ProgressReport[] = [];
    for (const recordingId of recordingIds ?? [...waiting.keys()]) {
      const bytesReceived = waiting.get(recordingId);
      if (bytesReceived === undefined) continue;
      waiting.delete(recordingId);
      reports.push({ recordingId, bytesReceived });
    }
    if (waiting.size === 0) {
      if (timer) clearTimeout(timer);
      if (soon) clearImmediate(soon);
      timer = soon = null;
    }
    if (written.size > 10_000) written.clear();
    for (const report of reports) written.add(report.recordingId);
    return reports;
  }

  function writeWaiting(): void {
    void write(take());
  }

  return {
    report(recordingId, bytesReceived) {
      waiting.set(recordingId, Math.max(waiting.get(recordingId) ?? 0, bytesReceived));
      // An upload's first count is written at once (with whatever else waits then): its recording shows it has begun.
      if (!written.has(recordingId)) soon ??= setImmediate(writeWaiting);
      else timer ??= setTimeout(writeWaiting, intervalMs);
    },

    async flush(recordingId) {
      const [entry] = take([recordingId]);
      written.delete(recordingId);
      let onDisk: number;
      try {
        onDisk = await options.offsetOf(recordingId);
      } catch {
        // No upload on disk (an unknown id): the domain answers the call that follows.
        if (entry) await write([entry]);
        return;
      }
      await write([{ recordingId, bytesReceived: Math.max(onDisk, entry?.bytesReceived ?? 0) }]);
    },

    async flushWaiting(recordingIds) {
      await write(take(recordingIds));
    },

    async flushAll() {
      await write(take());
    },
  };
}

/** The most recordings a heartbeat may name (a device uploads a few parts at a time). */
const MAX_REPORTED = 20;

/**
 * A preHandler for the heartbeat: the upload-health sample it takes compares the bytes recorded of the parts it
 * reports with their received bytes, so their waiting counts are written first. Heartbeats come every few seconds,
 * so this writes no more often than the interval would.
 */
export function flushReportedUploads(progress: UploadProgress) {
  return async (request: { readonly body: unknown }): Promise<void> => {
    const reported = (request.body as { recordings?: unknown } | undefined)?.recordings;
    if (!Array.isArray(reported)) return;
    const ids = reported
      .slice(0, MAX_REPORTED)
      .map((report: unknown) => (report as { id?: unknown } | null)?.id)
      .filter((id): id is string => typeof id === 'string' && ID_PATTERN.test(id));
    await progress.flushWaiting(ids);
  };
}

/**
 * A preHandler for the routes that read a recording's received bytes (completion, abandon): its count is written
 * from the offset on disk first. Only for an id of the contract's shape; an unknown upload writes nothing.
 */
export function flushUploadProgress(progress: UploadProgress) {
  return async (request: { readonly params: unknown }): Promise<void> => {
    const { recordingId } = (request.params ?? {}) as { recordingId?: unknown };
    if (typeof recordingId === 'string' && ID_PATTERN.test(recordingId)) await progress.flush(recordingId);
  };
}
