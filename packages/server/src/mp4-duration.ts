/**
 * Gives a fragmented MP4 its duration (the MP4 twin of webm-seekable.ts). Where a phone's browser records MP4
 * (iOS Safari; Chromium with 'video/mp4'), MediaRecorder writes a fragmented file: an `ftyp`, a `moov` whose `mvhd`
 * says duration 0 (it could not know the end when it wrote it) and then `moof`+`mdat` pairs, one per fragment. Players
 * then show no length and cannot place the seek bar.
 *
 * A linear walk over the top-level boxes reads only box headers, the `moov` and each `moof` (a few hundred bytes per
 * fragment, never the media), sums every track's sample durations from the fragments' `tfdt`/`trun` (with `tfhd` and
 * `trex` defaults), and patches the durations in place: `mvhd` and, where present, `mehd` and every `tkhd`. Nothing
 * moves, so every offset in the file (a `tfhd` base-data-offset, a `trun` data offset) stays right, and the final
 * file is the received bytes with those few fields written — cut at the last complete box when the recording was cut
 * off mid-box. (A library such as mp4box.js would parse and re-serialise the whole file in memory instead.)
 */
import type { ByteSource } from './webm-seekable.js';

/** A few bytes to write over the received ones at `position`. */
export interface Mp4Patch {
  readonly position: number;
  readonly bytes: Uint8Array;
}

export interface Mp4Layout {
  /** Where the kept bytes end: after the last complete top-level box (a fragment's `mdat` cut short is left out). */
  readonly end: number;
  /** The duration fields to write, all inside the `moov`. */
  readonly patches: readonly Mp4Patch[];
  /** The longest track's duration in ms, or null when no fragment holds a sample. */
  readonly durationMs: number | null;
}

interface Box {
  readonly type: string;
  readonly start: number;
  /** Where the box's content begins (after its size and type, and the 64-bit size when there is one). */
  readonly contentStart: number;
  readonly end: number;
}

/** The boxes one after another in [start, end); stops at a box that does not fit (cut off) or cannot be one. */
function boxesIn(source: ByteSource, start: number, end: number): { boxes: Box[]; complete: boolean } {
  const boxes: Box[] = [];
  let position = start;
  while (position + 8 <= end) {
    const header = view(source.read(position, 16));
    let size = header.getUint32(0);
    const type = String.fromCharCode(...new Uint8Array(header.buffer, header.byteOffset + 4, 4));
    let contentStart = position + 8;
    if (size === 1) {
      if (header.byteLength < 16) break;
      size = Number(header.getBigUint64(8));
      contentStart = position + 16;
    } else if (size === 0) {
      size = end - position; // "to the end of the file"
    }
    if (size < contentStart - position || !/^[\x20-\x7e]{4}$/.test(type)) return { boxes, complete: false };
    if (position + size > end) return { boxes, complete: false };
    boxes.push({ type, start: position, contentStart, end: position + size });
    position += size;
  }
  return { boxes, complete: position === end };
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The boxes read whole (mvhd, tkhd, mdhd, trex, tfhd, tfdt, trun) are a few bytes to a few kilobytes; a crafted one
 * claiming more is not read into memory: the file is then not one this can read.
 */
const MAX_BOX_READ = 16 * 1024 * 1024;

class UnreadableMp4 extends Error {}

/** A (small) box's content, read whole. */
function contentOf(source: ByteSource, box: Box): DataView {
  if (box.end - box.contentStart > MAX_BOX_READ) throw new UnreadableMp4(`${box.type} of ${box.end - box.start} bytes`);
  return view(source.read(box.contentStart, box.end - box.contentStart));
}

const child = (boxes: readonly Box[], type: string) => boxes.find((box) => box.type === type);

/** A box's children, for the container boxes walked here (moov, trak, mdia, mvex, moof, traf). */
const childrenOf = (source: ByteSource, box: Box) => boxesIn(source, box.contentStart, box.end).boxes;

/** An unsigned integer of a full box's version-dependent width (32 or 64 bits) at `offset`. */
function readVersioned(content: DataView, offset: number, wide: boolean): number {
  return wide ? Number(content.getBigUint64(offset)) : content.getUint32(offset);
}

function versionedBytes(value: number, wide: boolean): Uint8Array {
  const bytes = new Uint8Array(wide ? 8 : 4);
  if (wide) new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  else new DataView(bytes.buffer).setUint32(0, Math.min(value, 0xffff_ffff));
  return bytes;
}

interface TrackTime {
  /** The media timescale (mdhd). */
  readonly timescale: number;
  /** trex's default sample duration. */
  defaultDuration: number;
  /** The earliest decode time seen in the fragments, in the media timescale. */
  first: number | null;
  /** Where the samples' decode times end (the next fragment's start when it has no tfdt). */
  decodeEnd: number;
  /** Where the samples' presentation ends: decode time plus composition offset plus duration, the latest. */
  end: number;
}

/** Reads the moov: the movie timescale, and each track's id, media timescale and tkhd. */
function readMovie(source: ByteSource, moov: Box) {
  const children = childrenOf(source, moov);
  const mvhd = child(children, 'mvhd');
  if (!mvhd) return null;
  const mvhdContent = contentOf(source, mvhd);
  const mvhdWide = mvhdContent.getUint8(0) === 1;
  const movieTimescale = mvhdContent.getUint32(mvhdWide ? 20 : 12);
  if (movieTimescale === 0) return null;
  const tracks = new Map<number, TrackTime & { tkhd: Box }>();
  for (const trak of children.filter((box) => box.type === 'trak')) {
    const trakChildren = childrenOf(source, trak);
    const tkhd = child(trakChildren, 'tkhd');
    const mdia = child(trakChildren, 'mdia');
    const mdhd = mdia && child(childrenOf(source, mdia), 'mdhd');
    if (!tkhd || !mdhd) continue;
    const tkhdContent = contentOf(source, tkhd);
    const trackId = tkhdContent.getUint32(tkhdContent.getUint8(0) === 1 ? 20 : 12);
    const mdhdContent = contentOf(source, mdhd);
    const timescale = mdhdContent.getUint32(mdhdContent.getUint8(0) === 1 ? 20 : 12);
    if (timescale > 0) tracks.set(trackId, { timescale, defaultDuration: 0, first: null, decodeEnd: 0, end: 0, tkhd });
  }
  const mvex = child(children, 'mvex');
  const mvexChildren = mvex ? childrenOf(source, mvex) : [];
  for (const trex of mvexChildren.filter((box) => box.type === 'trex')) {
    const content = contentOf(source, trex);
    const track = tracks.get(content.getUint32(4));
    if (track) track.defaultDuration = content.getUint32(12);
  }
  const movieDuration = readVersioned(mvhdContent, mvhdWide ? 24 : 16, mvhdWide);
  return { mvhd, mvhdWide, movieTimescale, movieDuration, tracks, mehd: child(mvexChildren, 'mehd') };
}

/** Adds one track fragment's samples to its track's time. */
function readTrackFragment(source: ByteSource, traf: Box, tracks: ReturnType<typeof readMovie> & object): void {
  const children = childrenOf(source, traf);
  const tfhd = child(children, 'tfhd');
  if (!tfhd) return;
  const header = contentOf(source, tfhd);
  const flags = header.getUint32(0) & 0xff_ffff;
  const track = tracks.tracks.get(header.getUint32(4));
  if (!track) return;
  let offset = 8;
  if (flags & 0x01) offset += 8; // base-data-offset
  if (flags & 0x02) offset += 4; // sample-description-index
  const defaultDuration = flags & 0x08 ? header.getUint32(offset) : track.defaultDuration;
  const tfdt = child(children, 'tfdt');
  let time = track.decodeEnd;
  if (tfdt) {
    const content = contentOf(source, tfdt);
    time = readVersioned(content, 4, content.getUint8(0) === 1);
  }
  track.first = track.first === null ? time : Math.min(track.first, time);
  for (const trun of children.filter((box) => box.type === 'trun')) {
    const content = contentOf(source, trun);
    const signedOffsets = content.getUint8(0) === 1;
    const runFlags = content.getUint32(0) & 0xff_ffff;
    const samples = content.getUint32(4);
    let position = 8 + (runFlags & 0x01 ? 4 : 0) + (runFlags & 0x04 ? 4 : 0);
    const sampleBytes = [0x100, 0x200, 0x400, 0x800].filter((flag) => runFlags & flag).length * 4;
    // Where in a sample's entry its composition offset is: after its duration, size and flags, when present.
    const offsetAt = [0x100, 0x200, 0x400].filter((flag) => runFlags & flag).length * 4;
    if (position + samples * sampleBytes > content.byteLength) return; // a malformed run: count nothing of it
    for (let i = 0; i < samples; i++) {
      const duration = runFlags & 0x100 ? content.getUint32(position) : defaultDuration;
      // Pictures shown after later ones are decoded (B-frames) end later than their decode time says.
      const shift = runFlags & 0x800 ? (signedOffsets ? content.getInt32(position + offsetAt) : content.getUint32(position + offsetAt)) : 0;
      track.end = Math.max(track.end, time + shift + duration);
      time += duration;
      position += sampleBytes;
    }
  }
  track.decodeEnd = Math.max(track.decodeEnd, time);
}

/**
 * The layout of a (fragmented) MP4: where its complete boxes end, its longest track's duration, and the duration
 * fields to write. Null when it is not an MP4 this can read (no `ftyp` then `moov` with an `mvhd`).
 */
export function readMp4Layout(source: ByteSource): Mp4Layout | null {
  try {
    return readLayout(source);
  } catch (error) {
    // A box too large to be what it says, or fields beyond its end (a DataView's RangeError): kept as received.
    if (error instanceof UnreadableMp4 || error instanceof RangeError) return null;
    throw error;
  }
}

function readLayout(source: ByteSource): Mp4Layout | null {
  const { boxes } = boxesIn(source, 0, source.size);
  const moov = child(boxes, 'moov');
  if (boxes[0]?.type !== 'ftyp' || !moov) return null;
  const movie = readMovie(source, moov);
  if (!movie) return null;
  // A fragment counts once its media is here too: a moof whose mdat was cut off is left out with it.
  let end = moov.end;
  for (const [i, box] of boxes.entries()) {
    if (box.start < moov.end) continue;
    if (box.type === 'moof') {
      if (boxes[i + 1]?.type !== 'mdat') break;
      for (const traf of childrenOf(source, box).filter((b) => b.type === 'traf')) readTrackFragment(source, traf, movie);
      continue;
    }
    end = box.end;
  }
  const durations = [...movie.tracks.values()].filter((track) => track.first !== null).map((track) => ({ track, units: track.end - track.first! }));
  // No fragments: a plain MP4 (its samples in the moov) already says its duration; nothing to write.
  if (durations.length === 0) return { end, patches: [], durationMs: movie.movieDuration > 0 ? Math.round((movie.movieDuration * 1000) / movie.movieTimescale) : null };
  const movieUnits = Math.max(...durations.map(({ track, units }) => Math.round((units * movie.movieTimescale) / track.timescale)));
  const patches: Mp4Patch[] = [{ position: movie.mvhd.contentStart + (movie.mvhdWide ? 24 : 16), bytes: versionedBytes(movieUnits, movie.mvhdWide) }];
  if (movie.mehd) {
    const wide = contentOf(source, movie.mehd).getUint8(0) === 1;
    patches.push({ position: movie.mehd.contentStart + 4, bytes: versionedBytes(movieUnits, wide) });
  }
  for (const { track, units } of durations) {
    const wide = contentOf(source, track.tkhd).getUint8(0) === 1;
    patches.push({ position: track.tkhd.contentStart + (wide ? 28 : 20), bytes: versionedBytes(Math.round((units * movie.movieTimescale) / track.timescale), wide) });
  }
  return { end, patches, durationMs: Math.round((movieUnits * 1000) / movie.movieTimescale) };
}

/** Writes the patches that fall in a chunk of the file read from `position`. */
export function applyPatches(chunk: Uint8Array, position: number, patches: readonly Mp4Patch[]): void {
  for (const patch of patches) {
    for (let i = 0; i < patch.bytes.length; i++) {
      const at = patch.position + i - position;
      if (at >= 0 && at < chunk.length) chunk[at] = patch.bytes[i]!;
    }
  }
}
