/**
 * Making a live WebM seekable in one linear pass, with a streaming EBML walker of our own.
 *
 * MediaRecorder writes WebM live: no Duration, no Cues, a Segment and Clusters of unknown size, so a browser cannot
 * seek it and shows its duration as Infinity. A recording cut off by a reload or a crash also ends in the middle of
 * an element: Chromium's recorder ends each timeslice right after a SimpleBlock's id byte (0xA3).
 *
 * Why not a library: ts-ebml (used before) decodes every element into objects and re-encodes the header with an
 * encoder that is quadratic in places (≈ 21 % of the main thread at scale, and an upload crafted as one huge element
 * of unknown size held the server), and no other well-kept npm package reads WebM's structure as a stream in Node.
 * What a seekable header needs is small: element ids and sizes, the Info and Tracks elements, each Cluster's
 * position and Timecode, and the 4-byte header of each block (track, relative time). So the walker reads ids and
 * sizes, skips every block's payload, and never goes back: linear in the file's size, whatever its content.
 *
 * The result is `[EBML header][Segment][SeekHead][Info + Duration][Tracks][Cues][the received
 * Clusters, byte for byte, up to the last complete element]`.
 *
 * One repair besides: a recording with a gap (the browser dropped chunks when its disk was full) goes on with blocks
 * that belong to a later Cluster but are read against the earlier Cluster's Timecode, so time runs backwards, and
 * its video frames refer to frames that are missing. From a block whose time runs backwards the final file leaves
 * out the rest of that Cluster; after that, or after an audio track's time jumps ahead by more than half a second
 * (a gap across Clusters), each video track's blocks until its next keyframe. That is what a decoder needs to go on
 * without errors. The received bytes
 * are kept as they are beside the final file.
 */

/** What the walker reads from: the received file (or a buffer in tests). */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer only at the end of the source). */
  read(position: number, length: number): Uint8Array;
}

/** Element ids (Matroska), with their length marker, as they appear in the file. */
const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Tags: 0x1254c367,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
  Void: 0xec,
  CRC32: 0xbf,
} as const;

/** Ids that end an unknown-size Cluster: the Segment's children, and a new EBML document or Segment. */
const ENDS_A_CLUSTER = new Set<number>([ID.Cluster, ID.SeekHead, ID.Info, ID.Tracks, ID.Cues, ID.Tags, ID.Chapters, ID.Attachments, ID.EBML, ID.Segment]);

/** Info and Tracks are kept in memory; larger ones are not a recorder's. */
const MAX_METADATA_BYTES = 1024 * 1024;
const TRACK_TYPE_VIDEO = 1;
const TRACK_TYPE_AUDIO = 2;
/** Audio is continuous: a jump ahead longer than this is a gap. */
const MAX_AUDIO_JUMP_MS = 500;

interface ElementHead {
  readonly id: number;
  /** Where the element starts (its id). */
  readonly start: number;
  readonly dataStart: number;
  /** null: unknown size (all value bits set). */
  readonly size: number | null;
}

/**
 * The element header at `position`, or null when it is cut off by `limit` or is not EBML (an id longer than 4 bytes,
 * a size longer than 8).
 */
function readHead(source: ByteSource, position: number, limit: number): ElementHead | null {
  const bytes = source.read(position, Math.min(12, limit - position));
  const first = bytes[0];
  if (first === undefined || first === 0) return null;
  const idLength = Math.clz32(first) - 23; // 1 for 1xxxxxxx … 4 for 0001xxxx
  if (idLength > 4 || bytes.length < idLength + 1) return null;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + bytes[i]!;
  const sizeFirst = bytes[idLength]!;
  if (sizeFirst === 0) return null;
  const sizeLength = Math.clz32(sizeFirst) - 23;
  if (bytes.length < idLength + sizeLength) return null;
  let value = sizeFirst & (0xff >> sizeLength);
  let allOnes = value === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const byte = bytes[idLength + i]!;
    allOnes &&= byte === 0xff;
    value = value * 256 + byte; // beyond 2^53 only imprecise, and then far beyond any file anyway
  }
  return { id, start: position, dataStart: position + idLength + sizeLength, size: allOnes ? null : value };
}

function readUint(bytes: Uint8Array): number {
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

/** The children of a master element held in memory, as [head, its whole bytes]. Null if they do not add up. */
function childrenOf(element: Uint8Array, dataStart: number): { head: ElementHead; bytes: Uint8Array }[] | null {
  const source: ByteSource = { size: element.length, read: (p, n) => element.subarray(p, p + n) };
  const children: { head: ElementHead; bytes: Uint8Array }[] = [];
  for (let position = dataStart; position < element.length; ) {
    const head = readHead(source, position, element.length);
    if (!head || head.size === null || head.dataStart + head.size > element.length) return null;
    children.push({ head, bytes: element.subarray(position, head.dataStart + head.size) });
    position = head.dataStart + head.size;
  }
  return children;
}

/** What the walk found: everything the seekable header needs, and where to cut. */
export interface WebmLayout {
  /** The EBML header's bytes, copied as they are. */
  readonly ebmlHeader: Uint8Array;
  /** The Info element without Duration (its other children as they are), and the Tracks element. */
  readonly infoChildren: readonly Uint8Array[];
  readonly tracks: Uint8Array;
  readonly timestampScale: number;
  /** The track the cues point at: the first video track, else the first track. */
  readonly cueTrack: number;
  /**
   * Every Cluster with at least one block kept: its offset in the received file, its offset in the copied body (what
   * the Cues point at) and its Timecode.
   */
  readonly clusters: readonly { readonly position: number; readonly bodyOffset: number; readonly timecode: number; readonly cueTime: number | null }[];
  /** The received bytes [bodyStart, end) are copied after the new header: the Clusters up to the last complete element… */
  readonly bodyStart: number;
  readonly end: number;
  /** …but for these ranges (ascending, inside it): blocks left out after a gap. */
  readonly dropped: readonly Range[];
  /** The latest block time, in TimestampScale units. */
  readonly duration: number;
  /**
   * Some Cluster has an unknown size (MediaRecorder's all do): the Segment then keeps an unknown size too, since
   * readers refuse an unknown-size element inside one of known size.
   */
  readonly unknownSizeClusters: boolean;
}

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** What the walk knows across Clusters, to see a gap. */
interface Continuity {
  readonly videoTracks: ReadonlySet<number>;
  readonly audioTracks: ReadonlySet<number>;
  readonly maxAudioJump: number;
  /** The latest kept block's time per track. */
  readonly lastTime: Map<number, number>;
  /** Video tracks waiting for a keyframe after a gap. */
  readonly needKeyframe: Set<number>;
  /** The track the Cues point at (the first video track), or null for a file without video. */
  readonly cueTrack: number | null;
  /** A gap was seen in the Cluster being read: the next Cluster starts comparing times afresh. */
  gapInCluster: boolean;
  readonly dropped: Range[];
}

function drop(continuity: Continuity, start: number, end: number): void {
  const last = continuity.dropped.at(-1);
  if (last && last.end === start) continuity.dropped[continuity.dropped.length - 1] = { start: last.start, end };
  else continuity.dropped.push({ start, end });
}

interface ClusterWalk {
  /** The Cluster reached its end (its size, or the next top-level element / end of the data). */
  readonly complete: boolean;
  /** Where the next top-level element starts (for a complete Cluster). */
  readonly next: number;
  /** End of its last complete child. */
  readonly end: number;
  readonly timecode: number | null;
  /** The latest complete block's absolute time, or null when it holds none. */
  readonly lastBlock: number | null;
  /**
   * Where a reader may start decoding in this Cluster: the first kept keyframe of the cue track (any first kept block
   * without video), or null when it has none — a seek must never land on a frame that refers to earlier ones.
   */
  readonly cueTime: number | null;
}

/**
 * A block's header: the track number (a vint), the time relative to its Cluster (a signed 16-bit integer), and the
 * flags (a SimpleBlock's 0x80: keyframe).
 */
function blockHeader(source: ByteSource, dataStart: number, dataEnd: number): { track: number; relative: number; flags: number } | null {
  const bytes = source.read(dataStart, Math.min(11, dataEnd - dataStart));
  const first = bytes[0];
  if (first === undefined || first === 0) return null;
  const trackLength = Math.clz32(first) - 23;
  if (trackLength > 8 || bytes.length < trackLength + 3) return null;
  let track = first & (0xff >> trackLength);
  for (let i = 1; i < trackLength; i++) track = track * 256 + bytes[i]!;
  const high = bytes[trackLength]!;
  const low = bytes[trackLength + 1]!;
  return { track, relative: ((high << 24) >> 16) | low, flags: bytes[trackLength + 2]! };
}

function walkCluster(source: ByteSource, cluster: ElementHead, limit: number, continuity: Continuity): ClusterWalk {
  const knownEnd = cluster.size === null ? null : cluster.dataStart + cluster.size;
  const stop = knownEnd === null ? limit : Math.min(knownEnd, limit);
  let timecode: number | null = null;
  let lastBlock: number | null = null;
  let cueTime: number | null = null;
  /** Past a gap: the rest of this Cluster is left out (its blocks' times are read against the wrong Timecode). */
  let afterGap = false;
  let end = cluster.dataStart;
  const cut = (): ClusterWalk => ({ complete: false, next: end, end, timecode, lastBlock, cueTime });
  let position = cluster.dataStart;
  while (position < stop) {
    const child = readHead(source, position, stop);
    if (!child) return cut();
    if (knownEnd === null && ENDS_A_CLUSTER.has(child.id)) return { complete: true, next: position, end, timecode, lastBlock, cueTime };
    if (child.size === null) return cut(); // nothing inside a Cluster has an unknown size: its end cannot be found
    const childEnd = child.dataStart + child.size;
    if (childEnd > stop) return cut();
    if (child.id === ID.Timecode && child.size <= 8) {
      timecode = readUint(source.read(child.dataStart, child.size));
    } else if (timecode !== null && (child.id === ID.SimpleBlock || child.id === ID.BlockGroup)) {
      let blockStart = child.dataStart;
      let blockEnd = childEnd;
      if (child.id === ID.BlockGroup) {
        // The Block is one of the group's first children; look only at their heads.
        let found = false;
        for (let p = child.dataStart; p < childEnd; ) {
          const inner = readHead(source, p, childEnd);
          if (!inner || inner.size === null) break;
          if (inner.id === ID.Block) {
            [blockStart, blockEnd, found] = [inner.dataStart, Math.min(childEnd, inner.dataStart + inner.size), true];
            break;
          }
          p = inner.dataStart + inner.size;
        }
        if (!found) blockEnd = blockStart;
      }
      const block = blockEnd > blockStart ? blockHeader(source, blockStart, blockEnd) : null;
      if (block) {
        const time = timecode + block.relative;
        const previous = continuity.lastTime.get(block.track);
        // Time running backwards: this block and the rest of the Cluster are read against the wrong Timecode.
        const backwards = previous !== undefined && time < previous;
        // Audio jumping ahead: the times are right, but video frames are missing in between.
        const jump = previous !== undefined && continuity.audioTracks.has(block.track) && time - previous > continuity.maxAudioJump;
        if (backwards && !afterGap) {
          afterGap = true;
          continuity.gapInCluster = true;
        }
        if (backwards || jump) for (const track of continuity.videoTracks) continuity.needKeyframe.add(track);
        // A BlockGroup's keyframe is told by the absence of a ReferenceBlock; MediaRecorder writes SimpleBlocks only.
        const keyframe = child.id === ID.SimpleBlock ? (block.flags & 0x80) !== 0 : true;
        if (!afterGap && keyframe) continuity.needKeyframe.delete(block.track);
        if (afterGap || continuity.needKeyframe.has(block.track)) {
          drop(continuity, child.start, childEnd);
        } else {
          continuity.lastTime.set(block.track, time);
          lastBlock = Math.max(lastBlock ?? -Infinity, time);
          if (cueTime === null && (continuity.cueTrack === null || (block.track === continuity.cueTrack && keyframe))) cueTime = time;
        }
      }
    }
    end = childEnd;
    position = childEnd;
  }
  const complete = knownEnd === null || knownEnd <= limit;
  return { complete, next: stop, end: complete ? stop : end, timecode, lastBlock, cueTime };
}

/**
 * Walks a WebM once. Null when it is not one this can make seekable (no EBML header and Segment, no Info or Tracks
 * before the first Cluster): such a file is then kept as received.
 */
export function readWebmLayout(source: ByteSource): WebmLayout | null {
  const size = source.size;
  const ebml = readHead(source, 0, size);
  if (!ebml || ebml.id !== ID.EBML || ebml.size === null || ebml.dataStart + ebml.size > Math.min(size, 4096)) return null;
  const ebmlEnd = ebml.dataStart + ebml.size;
  const segment = readHead(source, ebmlEnd, size);
  if (!segment || segment.id !== ID.Segment) return null;
  const segmentEnd = segment.size === null ? size : Math.min(size, segment.dataStart + segment.size);

  let info: Uint8Array | null = null;
  let infoDataStart = 0;
  let tracks: Uint8Array | null = null;
  let bodyStart: number | null = null;
  let continuity: Continuity | null = null;
  const clusters: { position: number; timecode: number; cueTime: number | null }[] = [];
  let duration = 0;
  let unknownSizeClusters = false;
  let end = segment.dataStart;
  let position = segment.dataStart;
  while (position < segmentEnd) {
    const element = readHead(source, position, segmentEnd);
    if (!element) break;
    if (element.id === ID.Cluster) {
      bodyStart ??= element.start;
      unknownSizeClusters ||= element.size === null;
      if (!tracks || !info) return null;
      continuity ??= continuityOf(tracks, info, infoDataStart);
      // After a gap, a new Cluster's Timecode is right again: times are compared from here on.
      if (continuity.gapInCluster) continuity.lastTime.clear();
      continuity.gapInCluster = false;
      const walk = walkCluster(source, element, segmentEnd, continuity);
      // A Cluster counts once it holds a complete block; a known-size one only when all of it arrived.
      const counts = walk.lastBlock !== null && walk.timecode !== null && (walk.complete || element.size === null);
      if (counts) {
        clusters.push({ position: element.start, timecode: walk.timecode!, cueTime: walk.cueTime });
        duration = Math.max(duration, walk.lastBlock!);
        end = walk.end;
      }
      if (!walk.complete) break;
      position = walk.next;
      continue;
    }
    // Anything else must say where it ends, and end within the data.
    if (element.size === null) break;
    const elementEnd = element.dataStart + element.size;
    if (elementEnd > segmentEnd) break;
    if (bodyStart === null) {
      // Before the Clusters: keep Info and Tracks; a SeekHead, Cues or Void of the recorder are replaced.
      if (element.id === ID.Info || element.id === ID.Tracks) {
        if (elementEnd - element.start > MAX_METADATA_BYTES) return null;
        const bytes = source.read(element.start, elementEnd - element.start);
        if (element.id === ID.Info) [info, infoDataStart] = [bytes, element.dataStart - element.start];
        else tracks = bytes;
      }
    }
    end = elementEnd;
    position = elementEnd;
  }
  if (!info || !tracks) return null;
  const infoChildren = childrenOf(info, infoDataStart);
  const trackTypes = tracksOf(tracks);
  if (!infoChildren || !trackTypes) return null;
  const videoTracks = [...trackTypes].filter(([, type]) => type === TRACK_TYPE_VIDEO).map(([number]) => number);
  const first = bodyStart ?? end;
  // Left out: only what lies inside the copied body.
  const dropped = (continuity?.dropped ?? []).filter((range) => range.start < end).map((range) => ({ start: range.start, end: Math.min(range.end, end) }));
  let droppedBefore = 0;
  let next = 0;
  const placed = clusters.map((cluster) => {
    while (next < dropped.length && dropped[next]!.end <= cluster.position) droppedBefore += dropped[next]!.end - dropped[next++]!.start;
    return { ...cluster, bodyOffset: cluster.position - first - droppedBefore };
  });
  return {
    ebmlHeader: source.read(0, ebmlEnd),
    infoChildren: infoChildren.filter((c) => c.head.id !== ID.Duration && c.head.id !== ID.Void && c.head.id !== ID.CRC32).map((c) => c.bytes),
    tracks,
    timestampScale: timestampScaleOf(infoChildren),
    cueTrack: videoTracks[0] ?? [...trackTypes.keys()][0] ?? 1,
    clusters: placed,
    bodyStart: clusters.length > 0 ? first : end,
    end,
    dropped: clusters.length > 0 ? dropped : [],
    duration,
    unknownSizeClusters,
  };
}

type Children = NonNullable<ReturnType<typeof childrenOf>>;

function timestampScaleOf(infoChildren: Children): number {
  const scale = infoChildren.find((c) => c.head.id === ID.TimestampScale);
  return (scale && readUint(scale.bytes.subarray(scale.head.dataStart - scale.head.start))) || 1_000_000;
}

/** Track number → TrackType, from the Tracks element's bytes; null if they do not add up. */
function tracksOf(tracks: Uint8Array): Map<number, number | null> | null {
  const head = readHead({ size: tracks.length, read: (p, n) => tracks.subarray(p, p + n) }, 0, tracks.length);
  const entries = head && childrenOf(tracks, head.dataStart);
  if (!entries) return null;
  const numbered = new Map<number, number | null>();
  for (const entry of entries.filter((e) => e.head.id === ID.TrackEntry)) {
    const fields = childrenOf(entry.bytes, entry.head.dataStart - entry.head.start) ?? [];
    const value = (id: number) => {
      const field = fields.find((f) => f.head.id === id);
      return field ? readUint(field.bytes.subarray(field.head.dataStart - field.head.start)) : null;
    };
    const number = value(ID.TrackNumber);
    if (number !== null) numbered.set(number, value(ID.TrackType));
  }
  return numbered;
}

function continuityOf(tracks: Uint8Array, info: Uint8Array, infoDataStart: number): Continuity {
  const types = tracksOf(tracks) ?? new Map<number, number | null>();
  const numbersOf = (type: number) => new Set([...types].filter(([, t]) => t === type).map(([number]) => number));
  const infoChildren = childrenOf(info, infoDataStart) ?? [];
  return {
    videoTracks: numbersOf(TRACK_TYPE_VIDEO),
    audioTracks: numbersOf(TRACK_TYPE_AUDIO),
    maxAudioJump: (MAX_AUDIO_JUMP_MS * 1e6) / timestampScaleOf(infoChildren),
    lastTime: new Map(),
    needKeyframe: new Set(),
    cueTrack: [...types].find(([, t]) => t === TRACK_TYPE_VIDEO)?.[0] ?? null,
    gapInCluster: false,
    dropped: [],
  };
}

// ---- writing ----

function idBytes(id: number): Uint8Array {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const bytes = new Uint8Array(length);
  for (let i = length - 1, v = id; i >= 0; i--, v = Math.floor(v / 256)) bytes[i] = v & 0xff;
  return bytes;
}

/** A size as an EBML vint: the shortest, or exactly `width` bytes. */
function sizeBytes(size: number, width?: number): Uint8Array {
  let length = width ?? 1;
  while (width === undefined && size >= 2 ** (7 * length) - 1) length++;
  const bytes = new Uint8Array(length);
  for (let i = length - 1, v = size; i >= 0; i--, v = Math.floor(v / 256)) bytes[i] = v % 256;
  bytes[0]! |= 0x80 >> (length - 1);
  return bytes;
}

/** An unsigned integer in the fewest bytes, or exactly `width` (leading zeros are valid EBML). */
function uintBytes(value: number, width?: number): Uint8Array {
  let length = width ?? 1;
  while (width === undefined && value >= 2 ** (8 * length)) length++;
  const bytes = new Uint8Array(length);
  for (let i = length - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) bytes[i] = v % 256;
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const element = (id: number, ...payload: Uint8Array[]): Uint8Array => {
  const data = concat(payload);
  return concat([idBytes(id), sizeBytes(data.length), data]);
};

function float64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value);
  return bytes;
}

/** Positions are written 8 bytes wide, so the header's size does not depend on them. */
const POSITION_WIDTH = 8;

/** An 8-byte size with every value bit set: unknown. */
const UNKNOWN_SIZE = new Uint8Array([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/**
 * The new header: the EBML header, a Segment (of known size unless its Clusters have none), a SeekHead, Info with Duration, Tracks and Cues (one
 * per Cluster that holds a keyframe of the cue track, at that keyframe's time). The received bytes [layout.bodyStart, layout.end) follow it unchanged.
 */
export function seekableHeader(layout: WebmLayout): Uint8Array {
  const info = element(ID.Info, ...layout.infoChildren, element(ID.Duration, float64(layout.duration)));
  // A cue only where a decoder can start: a Cluster's first keyframe (readers trust a cue to be one, and
  // MediaRecorder starts most Clusters with frames that refer to earlier ones).
  const cued = layout.clusters.filter((cluster) => cluster.cueTime !== null);
  const cues = (bodyPosition: number) =>
    cued.length === 0
      ? new Uint8Array(0)
      : element(
          ID.Cues,
          ...cued.map((cluster) =>
            element(
              ID.CuePoint,
              element(ID.CueTime, uintBytes(Math.max(0, cluster.cueTime!))),
              element(
                ID.CueTrackPositions,
                element(ID.CueTrack, uintBytes(layout.cueTrack)),
                element(ID.CueClusterPosition, uintBytes(bodyPosition + cluster.bodyOffset, POSITION_WIDTH)),
              ),
            ),
          ),
        );
  const seek = (id: number, position: number) =>
    element(ID.Seek, element(ID.SeekID, idBytes(id)), element(ID.SeekPosition, uintBytes(position, POSITION_WIDTH)));
  const seekHead = (infoAt: number, tracksAt: number, cuesAt: number | null) =>
    element(ID.SeekHead, seek(ID.Info, infoAt), seek(ID.Tracks, tracksAt), ...(cuesAt === null ? [] : [seek(ID.Cues, cuesAt)]));

  // Every size below is fixed (positions are POSITION_WIDTH bytes), so one pass with zeros measures them.
  const hasCues = cued.length > 0;
  const seekHeadLength = seekHead(0, 0, hasCues ? 0 : null).length;
  const infoAt = seekHeadLength;
  const tracksAt = infoAt + info.length;
  const cuesAt = tracksAt + layout.tracks.length;
  const bodyAt = cuesAt + cues(0).length;
  const segmentData = [seekHead(infoAt, tracksAt, hasCues ? cuesAt : null), info, layout.tracks, cues(bodyAt)];
  const segmentSize = bodyAt + bodyLength(layout);
  return concat([layout.ebmlHeader, idBytes(ID.Segment), layout.unknownSizeClusters ? UNKNOWN_SIZE : sizeBytes(segmentSize, 8), ...segmentData]);
}

/** The duration in milliseconds. */
export const durationMsOf = (layout: WebmLayout): number => Math.max(0, Math.round((layout.duration * layout.timestampScale) / 1e6));

/** The received ranges the final file copies after its header: [bodyStart, end) without the dropped ranges. */
export function keptRanges(layout: WebmLayout): Range[] {
  const kept: Range[] = [];
  let from = layout.bodyStart;
  for (const range of layout.dropped) {
    if (range.start > from) kept.push({ start: from, end: range.start });
    from = Math.max(from, range.end);
  }
  if (layout.end > from) kept.push({ start: from, end: layout.end });
  return kept;
}

const bodyLength = (layout: WebmLayout): number => keptRanges(layout).reduce((sum, range) => sum + range.end - range.start, 0);
