/**
 * A recording's files, and writing the final one. Under the data directory:
 *
 * - `uploads/<id>` — the bytes as received over tus (what the client hashed), with tus's `uploads/<id>.json`;
 * - `recordings/<id>.webm` (`.mp4`, `.bin`) — the final file: for a WebM, a seekable copy (Duration and Cues
 *   written, see webm-seekable.ts) that ends at the last complete element; for an MP4 (the phone's recording where
 *   its browser records no WebM), the received bytes with the durations a fragmented MP4 lacks written in place
 *   (see mp4-duration.ts), ending at the last complete box; otherwise the received bytes as they are;
 * - `recordings/<id>.received.webm` (`.mp4`) — beside a WebM's or MP4's final file, the received bytes unchanged (a
 *   hard link to `uploads/<id>`, or a copy where a link cannot be made), so a reviewer finds both together.
 *
 * `finaliseReceivedFile` runs in a worker thread (finalize-worker.ts): it hashes the received file and compares the
 * client's SHA-256 with it, then reads it once more, front to back (from the page cache: it was just read), and writes
 * the final file, with synchronous I/O that neither blocks the main thread nor queues behind the uploads' file
 * operations in libuv's thread pool. Hashing here rather than as the bytes arrive keeps the uploads' PATCHes light
 * and makes the check the same whichever servers received the bytes.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, linkSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { applyPatches, readMp4Layout } from './mp4-duration.js';
import { durationMsOf, keptRanges, readWebmLayout, seekableHeader, type ByteSource } from './webm-seekable.js';

const CHUNK_BYTES = 1024 * 1024;

export function isWebm(mimeType: string): boolean {
  return /^(video|audio)\/webm(\s*;|$)/i.test(mimeType.trim());
}

export function isMp4(mimeType: string): boolean {
  return /^(video|audio)\/mp4(\s*;|$)/i.test(mimeType.trim());
}

function extensionOf(mimeType: string): string {
  if (isWebm(mimeType)) return 'webm';
  if (isMp4(mimeType)) return 'mp4';
  return 'bin';
}

/** The final file's name: `<id>.webm`, `<id>.mp4`, or `<id>.bin` for anything else. */
export function finalFileName(recordingId: string, mimeType: string): string {
  return `${recordingId}.${extensionOf(mimeType)}`;
}

/** The name of the received bytes kept beside a final file that differs from them: `<id>.received.webm`. */
export function receivedCopyName(recordingId: string, mimeType: string): string {
  return `${recordingId}.received.${extensionOf(mimeType)}`;
}

/** What the worker is asked to do. */
export interface FinaliseJob {
  readonly receivedPath: string;
  /** The declared (and checked) length: only these bytes are read. */
  readonly size: number;
  /** The client's SHA-256 of those bytes (lower-case hex): nothing is written unless the received bytes have it. */
  readonly sha256: string;
  readonly finalPath: string;
  /** Where the received bytes are kept beside the final file, when it differs from them. */
  readonly receivedCopyPath: string;
  readonly webm: boolean;
  /** An MP4 (fragmented, as MediaRecorder writes it): its durations are written in place. */
  readonly mp4?: boolean;
}

export interface FinalisedFile {
  /** SHA-256 of the final file when it differs from the received bytes; null: it is the received bytes as they are. */
  readonly sha256: string | null;
  readonly durationMs: number | null;
  /** The received bytes after the last complete element, left out of the final file (a recording cut mid-block). */
  readonly bytesCut: number;
  /** Blocks left out after a gap (see webm-seekable.ts). */
  readonly bytesLeftOut: number;
  /** A WebM that could not be read as one (kept as received). */
  readonly unreadableWebm: boolean;
  /** An MP4 that could not be read as one (kept as received). */
  readonly unreadableMp4?: boolean;
}

/** What finalising answers: the final file, or that the received bytes are not the ones the client hashed. */
export type FinaliseOutcome = { readonly file: FinalisedFile } | { readonly checksumMismatch: true };

/** The received file read through a 1 MB window that only moves forward in practice. */
function fileSource(descriptor: number, size: number): ByteSource {
  let window = Buffer.alloc(0);
  let windowStart = 0;
  return {
    size,
    read(position, length) {
      const wanted = Math.max(0, Math.min(length, size - position));
      if (position < windowStart || position + wanted > windowStart + window.length) {
        window = Buffer.allocUnsafe(Math.min(Math.max(wanted, CHUNK_BYTES), size - position));
        window = window.subarray(0, readSync(descriptor, window, 0, window.length, position));
        windowStart = position;
      }
      return window.subarray(position - windowStart, position - windowStart + wanted);
    },
  };
}

/**
 * Checks the received bytes against the client's SHA-256; when they match, writes the final file (via `.part`,
 * synced, renamed) and keeps the received bytes beside it. A mismatch writes nothing.
 */
export function finaliseReceivedFile(job: FinaliseJob): FinaliseOutcome {
  if (sha256OfFile(job.receivedPath, job.size) !== job.sha256) return { checksumMismatch: true };
  return { file: job.mp4 ? finaliseMp4(job) : finaliseOther(job) };
}

/** Lower-case hex SHA-256 of a file's first `size` bytes. */
function sha256OfFile(path: string, size: number): string {
  const hash = createHash('sha256');
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = 0; position < size; ) {
      const read = readSync(descriptor, buffer, 0, Math.min(CHUNK_BYTES, size - position), position);
      if (read === 0) throw new Error(`${path} is shorter than ${size} bytes`);
      hash.update(buffer.subarray(0, read));
      position += read;
    }
  } finally {
    closeSync(descriptor);
  }
  return hash.digest('hex');
}

/** A WebM (made seekable), or anything else (kept as it is). */
function finaliseOther(job: FinaliseJob): FinalisedFile {
  const partPath = `${job.finalPath}.part`;
  const input = openSync(job.receivedPath, 'r');
  try {
    const layout = job.webm ? readWebmLayout(fileSource(input, job.size)) : null;
    if (!layout) {
      copyFileSync(job.receivedPath, partPath);
      syncFile(partPath);
      renameSync(partPath, job.finalPath);
      return { sha256: null, durationMs: null, bytesCut: 0, bytesLeftOut: 0, unreadableWebm: job.webm };
    }
    const hash = createHash('sha256');
    const output = openSync(partPath, 'w');
    try {
      const header = seekableHeader(layout);
      hash.update(header);
      writeAll(output, header);
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (const range of keptRanges(layout)) {
        for (let position = range.start; position < range.end; ) {
          const read = readSync(input, buffer, 0, Math.min(CHUNK_BYTES, range.end - position), position);
          if (read === 0) throw new Error(`${job.receivedPath} is shorter than ${range.end} bytes`);
          const chunk = buffer.subarray(0, read);
          hash.update(chunk);
          writeAll(output, chunk);
          position += read;
        }
      }
      fsyncSync(output);
    } finally {
      closeSync(output);
    }
    renameSync(partPath, job.finalPath);
    keepReceived(job.receivedPath, job.receivedCopyPath);
    const bytesLeftOut = layout.dropped.reduce((sum, range) => sum + range.end - range.start, 0);
    return { sha256: hash.digest('hex'), durationMs: durationMsOf(layout), bytesCut: job.size - layout.end, bytesLeftOut, unreadableWebm: false };
  } catch (error) {
    rmSync(partPath, { force: true });
    throw error;
  } finally {
    closeSync(input);
  }
}

/** An MP4: the received bytes up to the last complete box, its durations written in place (mp4-duration.ts). */
function finaliseMp4(job: FinaliseJob): FinalisedFile {
  const partPath = `${job.finalPath}.part`;
  const input = openSync(job.receivedPath, 'r');
  try {
    const layout = readMp4Layout(fileSource(input, job.size));
    if (!layout) {
      copyFileSync(job.receivedPath, partPath);
      syncFile(partPath);
      renameSync(partPath, job.finalPath);
      return { sha256: null, durationMs: null, bytesCut: 0, bytesLeftOut: 0, unreadableWebm: false, unreadableMp4: true };
    }
    const hash = createHash('sha256');
    const output = openSync(partPath, 'w');
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (let position = 0; position < layout.end; ) {
        const read = readSync(input, buffer, 0, Math.min(CHUNK_BYTES, layout.end - position), position);
        if (read === 0) throw new Error(`${job.receivedPath} is shorter than ${layout.end} bytes`);
        const chunk = buffer.subarray(0, read);
        applyPatches(chunk, position, layout.patches);
        hash.update(chunk);
        writeAll(output, chunk);
        position += read;
      }
      fsyncSync(output);
    } finally {
      closeSync(output);
    }
    renameSync(partPath, job.finalPath);
    keepReceived(job.receivedPath, job.receivedCopyPath);
    return { sha256: hash.digest('hex'), durationMs: layout.durationMs, bytesCut: job.size - layout.end, bytesLeftOut: 0, unreadableWebm: false };
  } catch (error) {
    rmSync(partPath, { force: true });
    throw error;
  } finally {
    closeSync(input);
  }
}

function writeAll(descriptor: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written, bytes.length - written);
}

function syncFile(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** A hard link costs nothing and the received file is never written again (its length is declared); else a copy. */
function keepReceived(receivedPath: string, copyPath: string): void {
  rmSync(copyPath, { force: true });
  try {
    linkSync(receivedPath, copyPath);
  } catch {
    copyFileSync(receivedPath, copyPath);
  }
}
