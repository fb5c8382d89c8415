/**
 * Finalising a recording's file: the bytes as received (what the client hashed) are read once to check their
 * SHA-256 and, for a WebM, to learn with ts-ebml what a seekable header needs (duration and cues); then the final
 * file is written next to them — the new header plus the received clusters byte for byte — and hashed as written.
 *
 * MediaRecorder writes WebM live: no Duration, no Cues, so a browser cannot seek it and shows its duration as
 * Infinity. ts-ebml's usual recipe fixes that: Decoder → Reader (every element) → makeMetadataSeekable(metadata,
 * duration, cues) → the new header followed by everything after the old one (reader.metadataSize).
 *
 * Memory: ts-ebml decodes from memory, not from a stream. It is fed the file in 1 MB chunks here; its decoder keeps
 * only the bytes of the element it is reading, and its reader the elements of the current cluster plus the header
 * (its cues are a few numbers per cluster). So the decode holds about one cluster (~1 s of video from MediaRecorder)
 * rather than the whole recording; were that ever to change (one huge cluster), the whole file — ~20 MB for a
 * 5-minute 640×480 recording — in memory once is still acceptable for a finalisation step. Hashing and copying
 * always stream.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Decoder, Reader, tools, type EBMLElementDetail } from 'ts-ebml';

const CHUNK_BYTES = 1024 * 1024;
/** Every EBML file (WebM included) starts with the EBML header's id. */
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

export function isWebm(mimeType: string): boolean {
  return /^(video|audio)\/webm(\s*;|$)/i.test(mimeType.trim());
}

/** The final file's name: `<id>.webm`, `<id>.mp4`, or `<id>.bin` for anything else. */
export function finalFileName(recordingId: string, mimeType: string): string {
  if (isWebm(mimeType)) return `${recordingId}.webm`;
  if (/^(video|audio)\/mp4(\s*;|$)/i.test(mimeType.trim())) return `${recordingId}.mp4`;
  return `${recordingId}.bin`;
}

/** What a seekable WebM needs: its new header, where the old header ended, and the duration. */
export interface SeekableHeader {
  readonly header: Buffer;
  /** Offset in the received file where the clusters start (everything from here is copied as is). */
  readonly bodyStart: number;
  readonly durationMs: number;
}

export interface ScannedFile {
  readonly size: number;
  /** Lower-case hex SHA-256 of the received bytes. */
  readonly sha256: string;
  /** For a WebM that ts-ebml could read; null otherwise (the file is then copied as is). */
  readonly seekable: SeekableHeader | null;
}

/**
 * ts-ebml's Encoder answers `Buffer.concat(…).buffer`. In Node a Buffer under 4 KB is a view into a shared 8 KB pool,
 * so that ArrayBuffer is the whole pool, not the bytes: makeMetadataSeekable would size every element as 8 KB and
 * return garbage around the header. With the pool off for the (synchronous) call, every Buffer has an ArrayBuffer of
 * its own, of its exact size. Restored before anything else runs.
 */
export function withoutBufferPool<T>(work: () => T): T {
  const poolSize = Buffer.poolSize;
  Buffer.poolSize = 0;
  try {
    return work();
  } finally {
    Buffer.poolSize = poolSize;
  }
}

/** Feeds ts-ebml chunk by chunk; gives up quietly (null) on anything it cannot read. */
class WebmScanner {
  readonly #decoder = new Decoder();
  readonly #reader = new Reader();
  #started = false;
  #failed = false;

  constructor() {
    this.#reader.logging = false;
    // Keep DefaultDuration in the header (the default drops it, with a console warning).
    this.#reader.drop_default_duration = false;
  }

  push(chunk: Buffer): void {
    if (this.#failed) return;
    try {
      if (!this.#started) {
        this.#started = true;
        if (chunk.length < EBML_MAGIC.length || !chunk.subarray(0, EBML_MAGIC.length).equals(EBML_MAGIC)) {
          this.#failed = true;
          return;
        }
      }
      // ts-ebml copies what it is given; an exact ArrayBuffer of this chunk is what its types ask for.
      const bytes = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
      for (const element of this.#decoder.decode(bytes)) {
        // The reader only warns about unknown elements on the console; they carry nothing it needs.
        if (element.name !== 'unknown') this.#reader.read(element);
      }
    } catch {
      this.#failed = true;
    }
  }

  finish(): SeekableHeader | null {
    if (this.#failed || !this.#started) return null;
    try {
      const reader = this.#reader;
      reader.stop();
      const metadata: EBMLElementDetail[] = reader.metadatas;
      const has = (name: string) => metadata.some((e) => e.name === name);
      if (reader.trackInfo.type === 'nothing' || !has('EBML') || !has('Info') || !has('Tracks')) return null;
      const duration = reader.duration; // in TimestampScale units (ns each)
      const header = Buffer.from(withoutBufferPool(() => tools.makeMetadataSeekable(metadata, duration, reader.cues)));
      // What a header must be at least: the EBML header's id, and every element up to the clusters re-encoded.
      if (!header.subarray(0, EBML_MAGIC.length).equals(EBML_MAGIC)) return null;
      const durationMs = Math.max(0, Math.round((duration * reader.timestampScale) / 1e6));
      return { header, bodyStart: reader.metadataSize, durationMs };
    } catch {
      return null;
    }
  }
}

/** One pass over the received file: its size and SHA-256, and for a WebM what its seekable header needs. */
export async function scanReceived(path: string, mimeType: string): Promise<ScannedFile> {
  const hash = createHash('sha256');
  const scanner = isWebm(mimeType) ? new WebmScanner() : null;
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    scanner?.push(chunk);
  }
  return { size, sha256: hash.digest('hex'), seekable: scanner?.finish() ?? null };
}

/**
 * Writes the final file at `finalPath` (via `<finalPath>.part`, synced, then renamed): the seekable header and the
 * received bytes after the old header, or the received bytes as they are. Returns the written file's SHA-256.
 */
export async function writeFinal(receivedPath: string, finalPath: string, seekable: SeekableHeader | null): Promise<string> {
  const hash = createHash('sha256');
  const partPath = `${finalPath}.part`;
  async function* content(): AsyncGenerator<Buffer> {
    if (seekable) {
      hash.update(seekable.header);
      yield seekable.header;
    }
    const body = createReadStream(receivedPath, { start: seekable?.bodyStart ?? 0, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
    for await (const chunk of body) {
      hash.update(chunk);
      yield chunk;
    }
  }
  try {
    await pipeline(content, createWriteStream(partPath));
    // On disk before it takes its name (fsync applies to the file, whichever descriptor asks).
    const handle = await open(partPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partPath, finalPath);
  } catch (error) {
    await rm(partPath, { force: true });
    throw error;
  }
  return hash.digest('hex');
}
