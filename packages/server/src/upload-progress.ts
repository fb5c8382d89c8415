/**
 * The bytes each upload has received, told to the domain (its `recordUploadProgress`, which writes the recording's
 * `bytesReceived`) at most once per PROGRESS_WRITE_MS per recording instead of after every PATCH.
 *
 * Nothing durable depends on the per-chunk write: tus resumes from the offset of the file on disk (HEAD), never from
 * the database. What reads `bytesReceived` — the supervisors' upload health (which counts a lag only beyond 1 MB, eight
 * seconds of a 1 Mbit/s stream) and the phone's 「已上传」 pushes (every 2 s at most) — is served well enough by a value
 * at most a couple of seconds old. Completion and abandon need the exact count: `flush` writes the offset on disk
 * first (also after a restart, when nothing is in memory). A server that stops without closing loses at most the
 * last interval's count, which the next PATCH, or the completion's flush, writes again.
 */

import { ID_PATTERN } from './http-errors.js';

/** The longest a recording's received byte count waits in memory before it is written. */
export const PROGRESS_WRITE_MS = 2_000;

export interface UploadProgressOptions {
  /** Writes the count (the domain's recordUploadProgress). */
  record(recordingId: string, bytesReceived: number): Promise<void> | void;
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

interface Pending {
  bytes: number;
  /** When the count was last written (monotonic ms). */
  writtenAt: number;
  /** The write that is due, if one is. */
  timer: NodeJS.Timeout | null;
}

export function createUploadProgress(options: UploadProgressOptions): UploadProgress {
  const intervalMs = options.intervalMs ?? PROGRESS_WRITE_MS;
  const pending = new Map<string, Pending>();

  async function write(recordingId: string, bytes: number): Promise<void> {
    try {
      await options.record(recordingId, bytes);
    } catch (error) {
      options.log.error({ err: error, recordingId }, 'recording upload progress not recorded');
    }
  }

  /** The timer's write: the latest count, then the entry goes once nothing more came within the interval. */
  function writeDue(recordingId: string, entry: Pending): void {
    entry.timer = null;
    entry.writtenAt = performance.now();
    void write(recordingId, entry.bytes);
  }

  return {
    report(recordingId, bytesReceived) {
      const now = performance.now();
      const entry = pending.get(recordingId);
      if (entry === undefined || now - entry.writtenAt >= intervalMs) {
        // The first count of an upload (or the first after a quiet interval) is written at once.
        if (entry?.timer) clearTimeout(entry.timer);
        pending.set(recordingId, { bytes: bytesReceived, writtenAt: now, timer: null });
        void write(recordingId, bytesReceived);
        return;
      }
      entry.bytes = Math.max(entry.bytes, bytesReceived);
      entry.timer ??= setTimeout(() => writeDue(recordingId, entry), entry.writtenAt + intervalMs - now);
      // Bounded: an upload that stopped leaves one entry without a timer; those go once they are old.
      if (pending.size > 10_000) for (const [id, old] of pending) if (old.timer === null && now - old.writtenAt >= intervalMs) pending.delete(id);
    },

    async flush(recordingId) {
      const entry = pending.get(recordingId);
      if (entry?.timer) clearTimeout(entry.timer);
      pending.delete(recordingId);
      let onDisk: number;
      try {
        onDisk = await options.offsetOf(recordingId);
      } catch {
        // No upload on disk (an unknown id): the domain answers the call that follows.
        if (entry) await write(recordingId, entry.bytes);
        return;
      }
      await write(recordingId, Math.max(onDisk, entry?.bytes ?? 0));
    },

    async flushWaiting(recordingIds) {
      const writes: Promise<void>[] = [];
      for (const recordingId of recordingIds) {
        const entry = pending.get(recordingId);
        if (!entry?.timer) continue;
        clearTimeout(entry.timer);
        entry.timer = null;
        entry.writtenAt = performance.now();
        writes.push(write(recordingId, entry.bytes));
      }
      await Promise.all(writes);
    },

    async flushAll() {
      const writes: Promise<void>[] = [];
      for (const [recordingId, entry] of pending) {
        if (entry.timer === null) continue;
        clearTimeout(entry.timer);
        writes.push(write(recordingId, entry.bytes));
      }
      pending.clear();
      await Promise.all(writes);
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
