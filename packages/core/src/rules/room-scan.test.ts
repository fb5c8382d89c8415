import { describe, expect, it } from 'vitest';
import {
  MAX_HEADING_STEP_DEGREES,
  NO_HEADINGS,
  ORIENTATION_SILENCE_MS,
  ROOM_SCAN_MIN_DURATION_MS,
  ROOM_SCAN_SECTORS,
  addHeading,
  coversWholeCircle,
  headingCoverageFraction,
  headingStep,
  normaliseHeading,
  roomScanProgress,
  type HeadingCoverage,
} from './room-scan.js';

const seen = (headings: readonly (number | null)[]): HeadingCoverage => headings.reduce(addHeading, NO_HEADINGS);
/** Readings every `step` degrees from `from`, `count` of them. */
const turn = (from: number, step: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + step * i);

describe('headings', () => {
  it('normalises to [0, 360) and steps the short way round', () => {
    expect(normaliseHeading(360)).toBe(0);
    expect(normaliseHeading(-10)).toBe(350);
    expect(headingStep(350, 10)).toBe(20);
    expect(headingStep(10, 350)).toBe(-20);
    expect(headingStep(0, 180)).toBe(180);
  });

  it('covers the circle after a full turn either way, across 0°/360°', () => {
    expect(coversWholeCircle(seen(turn(200, 10, 37)))).toBe(true);
    expect(coversWholeCircle(seen(turn(100, -10, 37).map(normaliseHeading)))).toBe(true);
  });

  it('does not cover it one sector short', () => {
    // 0° … 344°: the last sector [345°, 360°) never seen.
    const coverage = seen(turn(0, 8, 44));
    expect(coversWholeCircle(coverage)).toBe(false);
    expect(headingCoverageFraction(coverage)).toBe((ROOM_SCAN_SECTORS - 1) / ROOM_SCAN_SECTORS);
  });

  it('fills the sectors between close readings, not between a jump', () => {
    const smooth = seen([0, MAX_HEADING_STEP_DEGREES]);
    expect(smooth.sectors.filter(Boolean)).toHaveLength(4); // 0–15, 15–30, 30–45, 45–60
    const jump = seen([0, MAX_HEADING_STEP_DEGREES + 1]);
    expect(headingCoverageFraction(jump)).toBe(0);
  });

  it('lets an isolated glitch mark nothing, and ignores null readings', () => {
    const coverage = seen([10, null, 11, 190, 12]);
    expect(coverage.sectors[sectorIndex(190)]).toBe(false);
    expect(coverage.sectors[0]).toBe(true);
    expect(headingCoverageFraction(seen([null, Number.NaN]))).toBe(0);
  });

  it('does not count a back-and-forth wobble as a turn', () => {
    expect(headingCoverageFraction(seen([...turn(0, 10, 6), ...turn(50, -10, 6)]))).toBe(4 / ROOM_SCAN_SECTORS);
  });
});

function sectorIndex(degrees: number): number {
  return Math.floor(degrees / (360 / ROOM_SCAN_SECTORS));
}

describe('roomScanProgress', () => {
  const full = seen(turn(0, 10, 37));
  const half = seen(turn(0, 10, 19));

  it('uses the headings while the sensor gives them', () => {
    expect(roomScanProgress({ startedAt: 0, now: 5_000, orientationSupported: true, coverage: half, headingSeen: true })).toEqual({
      method: 'orientation',
      fraction: 0.5 + 1 / ROOM_SCAN_SECTORS,
      complete: false,
    });
    expect(roomScanProgress({ startedAt: 0, now: 5_000, orientationSupported: true, coverage: full, headingSeen: true }).complete).toBe(true);
  });

  it('waits for the minimum duration without orientation: 1 ms before it and at it', () => {
    const at = (now: number) => roomScanProgress({ startedAt: 1_000, now, orientationSupported: false, coverage: NO_HEADINGS, headingSeen: false });
    expect(at(1_000 + ROOM_SCAN_MIN_DURATION_MS / 2)).toEqual({ method: 'duration', fraction: 0.5, complete: false });
    expect(at(1_000 + ROOM_SCAN_MIN_DURATION_MS - 1).complete).toBe(false);
    expect(at(1_000 + ROOM_SCAN_MIN_DURATION_MS)).toEqual({ method: 'duration', fraction: 1, complete: true });
  });

  it('falls back to the duration when a supported sensor stays silent', () => {
    const at = (now: number) => roomScanProgress({ startedAt: 0, now, orientationSupported: true, coverage: NO_HEADINGS, headingSeen: false });
    expect(at(ORIENTATION_SILENCE_MS - 1).method).toBe('orientation');
    expect(at(ORIENTATION_SILENCE_MS).method).toBe('duration');
    expect(at(ROOM_SCAN_MIN_DURATION_MS).complete).toBe(true);
  });
});
