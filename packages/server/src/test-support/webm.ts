/**
 * WebM files for the finalisation tests and the bench, built element by element with ts-ebml's encoder (an
 * implementation independent of the server's walker), the way MediaRecorder writes them: no Duration, no Cues, a
 * Segment and Clusters of unknown size. Also the crafted uploads that must not stall the server.
 */
import { Decoder, Encoder, tools, type EBMLElementBuffer, type EBMLElementDetail } from 'ts-ebml';

/**
 * ts-ebml's Encoder answers `Buffer.concat(…).buffer`. In Node a Buffer under 4 KB is a view into a shared 8 KB pool,
 * so that ArrayBuffer is the whole pool, not the bytes. With the pool off for the (synchronous) call, every Buffer has
 * an ArrayBuffer of its own, of its exact size.
 */
function withoutBufferPool<T>(work: () => T): T {
  const poolSize = Buffer.poolSize;
  Buffer.poolSize = 0;
  try {
    return work();
  } finally {
    Buffer.poolSize = poolSize;
  }
}

const uint = (name: string, value: number): EBMLElementBuffer => ({ name, type: 'u', data: tools.createUIntBuffer(value) });
const text = (name: string, value: string): EBMLElementBuffer => ({ name, type: 's', data: Buffer.from(value, 'utf8') });
const open = (name: string, unknownSize = false): EBMLElementBuffer => ({ name, type: 'm', isEnd: false, ...(unknownSize ? { unknownSize } : {}) });
const close = (name: string): EBMLElementBuffer => ({ name, type: 'm', isEnd: true });
const encode = (elements: EBMLElementBuffer[]): Buffer => Buffer.from(withoutBufferPool(() => new Encoder().encode(elements)));

/** Reproducible frame bytes (xorshift), different for every seed. */
function frame(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A SimpleBlock: track number (vint), timestamp relative to its cluster (int16), flags (keyframe), frame. */
function simpleBlock(track: number, relativeMs: number, payload: Buffer, keyframe = true): EBMLElementBuffer {
  const timestamp = Buffer.alloc(2);
  timestamp.writeInt16BE(relativeMs);
  return { name: 'SimpleBlock', type: 'b', data: Buffer.concat([tools.writeVint(track), timestamp, Buffer.from([keyframe ? 0x80 : 0]), payload]) };
}

/** SimpleBlocks of track 1 on their own (no Cluster around them), as a gap leaves them: `[relativeMs, keyframe]`. */
export function liveBlocks(blocks: readonly (readonly [number, boolean])[], frameBytes = 300): Buffer {
  return encode(blocks.map(([at, keyframe], i) => simpleBlock(1, at, frame(frameBytes, 5000 + i), keyframe)));
}

/** EBML header, Segment of unknown size, Info (TimestampScale 1 ms, no Duration) and one VP8 track. */
export function liveWebmHeader(): Buffer {
  return encode([
    open('EBML'),
    uint('EBMLVersion', 1),
    uint('EBMLReadVersion', 1),
    uint('EBMLMaxIDLength', 4),
    uint('EBMLMaxSizeLength', 8),
    text('DocType', 'webm'),
    uint('DocTypeVersion', 4),
    uint('DocTypeReadVersion', 2),
    close('EBML'),
    open('Segment', true),
    open('Info'),
    uint('TimestampScale', 1_000_000),
    text('MuxingApp', 'examroom-test'),
    text('WritingApp', 'examroom-test'),
    close('Info'),
    open('Tracks'),
    open('TrackEntry'),
    uint('TrackNumber', 1),
    uint('TrackUID', 1),
    uint('TrackType', 1),
    text('CodecID', 'V_VP8'),
    open('Video'),
    uint('PixelWidth', 640),
    uint('PixelHeight', 480),
    close('Video'),
    close('TrackEntry'),
    close('Tracks'),
  ]);
}

export interface LiveCluster {
  readonly timecodeMs: number;
  /** Block times relative to the cluster. */
  readonly blocksMs: readonly number[];
  /** Which blocks are keyframes (all by default). */
  readonly keyframes?: readonly boolean[];
}

/** One unknown-size Cluster with its Timecode and blocks of `frameBytes` each. */
export function liveCluster(cluster: LiveCluster, frameBytes = 4_000, seed = 1): Buffer {
  return encode([
    open('Cluster', true),
    uint('Timestamp', cluster.timecodeMs),
    ...cluster.blocksMs.map((at, i) => simpleBlock(1, at, frame(frameBytes, seed * 1000 + i), cluster.keyframes?.[i] ?? true)),
  ]);
}

/** A live WebM with one unknown-size Cluster (one block) per time. */
export function liveWebm(blockTimesMs: readonly number[], frameBytes = 4_000): Buffer {
  return Buffer.concat([liveWebmHeader(), ...blockTimesMs.map((at, i) => liveCluster({ timecodeMs: at, blocksMs: [0] }, frameBytes, 100 + i))]);
}

/**
 * A recording of `seconds` as MediaRecorder writes it: one Cluster per second, `fps` blocks of `frameBytes` each.
 * 300 s at 20 fps and 3.5 kB is ≈ 21 MB, a 5-minute 640×480 camera recording.
 */
export function longLiveWebm(seconds: number, fps = 20, frameBytes = 3_500): Buffer {
  const blocks = Array.from({ length: fps }, (_, i) => Math.round((i * 1000) / fps));
  const clusters = Array.from({ length: seconds }, (_, s) => liveCluster({ timecodeMs: s * 1000, blocksMs: blocks }, frameBytes, s + 1));
  return Buffer.concat([liveWebmHeader(), ...clusters]);
}

/** The bytes of a SimpleBlock's id: where Chromium's recorder ends a timeslice (TOOLCHAIN.md). */
export const SIMPLE_BLOCK_ID = Buffer.from([0xa3]);

/**
 * Crafted: an EBML header followed by one huge element of unknown size (an id no WebM has) holding `bytes` of
 * filler — nothing in it says where it ends.
 */
export function craftedUnknownSizeElement(bytes: number): Buffer {
  const header = liveWebmHeader();
  const ebmlHeader = header.subarray(0, header.indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]))); // up to the Segment
  return Buffer.concat([ebmlHeader, Buffer.from([0x1a, 0x2b, 0x3c, 0x4d, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), frame(bytes, 7)]);
}

/** Crafted: a live WebM whose Cluster holds a block that claims an absurd size (2^56 − 2 bytes), then `bytes` of filler. */
export function craftedAbsurdBlock(bytes: number): Buffer {
  const absurdSize = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
  return Buffer.concat([liveWebm([0, 500]), liveCluster({ timecodeMs: 1000, blocksMs: [] }), SIMPLE_BLOCK_ID, absurdSize, frame(bytes, 9)]);
}

// ---- reading, with ts-ebml's decoder ----

export const decodeWebm = (bytes: Buffer): EBMLElementDetail[] =>
  new Decoder().decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
export const starts = (elements: EBMLElementDetail[], name: string): EBMLElementDetail[] => elements.filter((e) => e.name === name && !(e.type === 'm' && e.isEnd));
export const valueOf = (element: EBMLElementDetail | undefined): unknown => (element && 'value' in element ? element.value : undefined);
