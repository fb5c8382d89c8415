/**
 * The streaming EBML walker on its own: a live WebM cut at every byte of its last Cluster ends at its last complete
 * element, the header it writes is read back by an independent decoder (ts-ebml), and files that are not a WebM it
 * can read are recognised as such.
 */
import { describe, expect, it } from 'vitest';
import { durationMsOf, keptRanges, readWebmLayout, seekableHeader, type ByteSource } from './webm-seekable.js';
import { craftedAbsurdBlock, craftedUnknownSizeElement, decodeWebm, liveBlocks, liveCluster, liveWebm, liveWebmHeader, starts, valueOf } from './test-support/webm.js';

const sourceOf = (bytes: Buffer): ByteSource => ({ size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) });

describe('readWebmLayout and seekableHeader', () => {
  const whole = liveWebm([0, 500, 1000], 300);
  const extra = liveCluster({ timecodeMs: 1500, blocksMs: [0, 40, 80] }, 300, 9);
  const blockEnds = (() => {
    // Where each complete element of the extra Cluster ends (its Timecode, then each block).
    const elements = decodeWebm(Buffer.concat([whole, extra])).filter((e) => e.tagStart >= whole.length && !(e.type === 'm'));
    return elements.map((e) => e.dataEnd);
  })();

  it('ends a file cut at any byte of its last Cluster at the last complete element', () => {
    const file = Buffer.concat([whole, extra]);
    for (let cut = whole.length; cut <= file.length; cut++) {
      const layout = readWebmLayout(sourceOf(file.subarray(0, cut)))!;
      expect(layout).not.toBeNull();
      // The last Cluster counts once it holds a complete block; the file then ends after its last complete child.
      const completeChildren = blockEnds.filter((end) => end <= cut);
      const expectedEnd = completeChildren.length >= 2 ? completeChildren.at(-1)! : whole.length;
      expect([cut, layout.end]).toEqual([cut, expectedEnd]);
      expect(layout.clusters).toHaveLength(completeChildren.length >= 2 ? 4 : 3);
    }
  });

  it('writes a header an independent decoder reads: Duration, Cues at each Cluster, the Segment of unknown size like its Clusters', () => {
    const file = Buffer.concat([whole, extra, Buffer.from([0xa3])]);
    const layout = readWebmLayout(sourceOf(file))!;
    const final = Buffer.concat([seekableHeader(layout), ...keptRanges(layout).map((range) => file.subarray(range.start, range.end))]);
    expect(keptRanges(layout)).toEqual([{ start: layout.bodyStart, end: layout.end }]);
    const elements = decodeWebm(final);
    expect(valueOf(starts(elements, 'Duration')[0])).toBe(1580);
    expect(durationMsOf(layout)).toBe(1580);
    const segment = starts(elements, 'Segment')[0]!;
    // Readers refuse an unknown-size element (the recorder's Clusters) inside one of known size.
    expect(segment).toHaveProperty('unknownSize', true);
    const clusters = starts(elements, 'Cluster').map((e) => e.tagStart);
    expect(starts(elements, 'CueTime').map(valueOf)).toEqual([0, 500, 1000, 1500]);
    expect(starts(elements, 'CueClusterPosition').map((e) => segment.dataStart + (valueOf(e) as number))).toEqual(clusters);
    expect(starts(elements, 'CueTrack').map(valueOf)).toEqual([1, 1, 1, 1]);
    // The SeekHead points at Info, Tracks and Cues.
    const seekPositions = starts(elements, 'SeekPosition').map((e) => segment.dataStart + (valueOf(e) as number));
    expect(seekPositions).toEqual(['Info', 'Tracks', 'Cues'].map((name) => starts(elements, name)[0]!.tagStart));
  });

  it('cues only keyframes: a Cluster’s first keyframe, at its own time; none for a Cluster without one', () => {
    // As MediaRecorder writes: a Cluster per timeslice, keyframes wherever the encoder put them.
    const file = Buffer.concat([
      liveWebmHeader(),
      liveCluster({ timecodeMs: 0, blocksMs: [0, 50, 100], keyframes: [true, false, false] }, 300, 1),
      liveCluster({ timecodeMs: 1000, blocksMs: [0, 50, 100], keyframes: [false, false, false] }, 300, 2),
      liveCluster({ timecodeMs: 2000, blocksMs: [0, 50, 100], keyframes: [false, true, false] }, 300, 3),
    ]);
    const layout = readWebmLayout(sourceOf(file))!;
    const final = Buffer.concat([seekableHeader(layout), ...keptRanges(layout).map((range) => file.subarray(range.start, range.end))]);
    const elements = decodeWebm(final);
    const segment = starts(elements, 'Segment')[0]!;
    const clusters = starts(elements, 'Cluster').map((e) => e.tagStart);
    expect(starts(elements, 'CueTime').map(valueOf)).toEqual([0, 2050]);
    expect(starts(elements, 'CueClusterPosition').map((e) => segment.dataStart + (valueOf(e) as number))).toEqual([clusters[0], clusters[2]]);
    expect(durationMsOf(layout)).toBe(2100);
  });

  it('keeps only the header when no block is complete', () => {
    const header = whole.subarray(0, starts(decodeWebm(whole), 'Cluster')[0]!.tagStart);
    const layout = readWebmLayout(sourceOf(Buffer.concat([header, extra.subarray(0, 20)])))!;
    expect([layout.clusters.length, layout.bodyStart, layout.end, durationMsOf(layout)]).toEqual([0, header.length, header.length, 0]);
  });

  it('recognises what it cannot make seekable, and stops at an absurd size', () => {
    expect(readWebmLayout(sourceOf(craftedUnknownSizeElement(10_000)))).toBeNull();
    expect(readWebmLayout(sourceOf(Buffer.from('not a webm at all')))).toBeNull();
    expect(readWebmLayout(sourceOf(Buffer.alloc(0)))).toBeNull();
    const absurd = readWebmLayout(sourceOf(craftedAbsurdBlock(10_000)))!;
    expect([absurd.clusters.length, durationMsOf(absurd)]).toEqual([2, 500]);
  });

  it('leaves out what a gap makes undecodable: the rest of the Cluster where time runs backwards, and video until its next keyframe', () => {
    const header = liveWebmHeader();
    const before = Buffer.concat([liveCluster({ timecodeMs: 0, blocksMs: [0, 50, 100, 150] }, 300, 1)]);
    // After the gap: blocks of a later Cluster, read against this one's Timecode (time runs backwards), not keyframes.
    const gap = liveBlocks([[20, false], [70, false]]);
    const after = Buffer.concat([
      liveCluster({ timecodeMs: 1000, blocksMs: [] }, 300, 2),
      liveBlocks([[0, false], [50, false], [100, true], [150, false]]),
    ]);
    const file = Buffer.concat([header, before, gap, after]);
    const layout = readWebmLayout(sourceOf(file))!;
    const afterStart = header.length + before.length + gap.length;
    const afterBlocks = decodeWebm(file).filter((e) => e.name === 'SimpleBlock' && e.tagStart >= afterStart);
    expect(layout.dropped).toEqual([
      { start: header.length + before.length, end: afterStart },
      { start: afterBlocks[0]!.tagStart, end: afterBlocks[2]!.tagStart },
    ]);
    expect(durationMsOf(layout)).toBe(1150);
    const final = Buffer.concat([seekableHeader(layout), ...keptRanges(layout).map((range) => file.subarray(range.start, range.end))]);
    const elements = decodeWebm(final);
    expect(starts(elements, 'SimpleBlock')).toHaveLength(6);
    const segment = starts(elements, 'Segment')[0]!;
    expect(starts(elements, 'CueClusterPosition').map((e) => segment.dataStart + (valueOf(e) as number))).toEqual(starts(elements, 'Cluster').map((e) => e.tagStart));
    // The second Cluster's cue is at its first kept block, the keyframe.
    expect(starts(elements, 'CueTime').map(valueOf)).toEqual([0, 1100]);
  });
});
