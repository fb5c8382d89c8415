/**
 * The 360° room scan of the phone's evidence recorder (佐证绑定, R9): the candidate turns the phone a full circle
 * before recording. Where the browser gives compass headings (DeviceOrientationEvent `alpha`, degrees) the headings
 * seen must cover the whole circle; where it gives none, a minimum time of turning stands in for them.
 */

/**
 * The circle is cut into this many sectors of 15°; the scan is complete once a heading was seen in every one. Finer
 * sectors would demand a slower turn than a hand gives; coarser ones would let a turn with a gap pass.
 */
export const ROOM_SCAN_SECTORS = 24;

/**
 * Two readings farther apart than this (degrees, the short way round) are not one smooth movement: a compass glitch
 * or a recalibration jump. Neither reading vouches for the sectors between them, and a reading that agrees with
 * neither neighbour marks nothing at all. A hand turning the phone moves a few degrees between readings (they come
 * at 20–60 Hz).
 */
export const MAX_HEADING_STEP_DEGREES = 45;

/**
 * Without orientation the scan lasts at least this long on the clock port: time enough to turn slowly once with the
 * candidate in shot. The reviewer sees the turn on the recording; the page cannot check it.
 */
export const ROOM_SCAN_MIN_DURATION_MS = 30_000;

/**
 * A browser may expose DeviceOrientationEvent yet never fire it (a phone without a magnetometer, a desktop). When no
 * heading came this long after the scan started, the scan falls back to the minimum duration.
 */
export const ORIENTATION_SILENCE_MS = 3_000;

/** What the headings seen so far cover. */
export interface HeadingCoverage {
  /** One flag per sector, true once a heading in it was seen. */
  readonly sectors: readonly boolean[];
  /** The previous reading, to judge whether the next one continues a smooth movement. */
  readonly previous: number | null;
}

export const NO_HEADINGS: HeadingCoverage = { sectors: Array.from({ length: ROOM_SCAN_SECTORS }, () => false), previous: null };

const SECTOR_DEGREES = 360 / ROOM_SCAN_SECTORS;

/** A heading in [0, 360): sensors report 360 as well as 0, and some report negative values. */
export function normaliseHeading(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

function sectorOf(heading: number): number {
  return Math.floor(normaliseHeading(heading) / SECTOR_DEGREES) % ROOM_SCAN_SECTORS;
}

/** The signed step from `from` to `to`, the short way round the circle: in (−180, 180]. */
export function headingStep(from: number, to: number): number {
  const step = normaliseHeading(to - from);
  return step > 180 ? step - 360 : step;
}

/**
 * Adds one reading. It counts only as part of a smooth movement from the previous reading (at most
 * MAX_HEADING_STEP_DEGREES away): then every sector between the two, across 0°/360° too, is marked as seen.
 * Readings that are not numbers (null alpha before the sensor settles) are ignored.
 */
export function addHeading(coverage: HeadingCoverage, degrees: number | null): HeadingCoverage {
  if (degrees === null || !Number.isFinite(degrees)) return coverage;
  const heading = normaliseHeading(degrees);
  const { previous } = coverage;
  if (previous === null) return { ...coverage, previous: heading };
  const step = headingStep(previous, heading);
  if (Math.abs(step) > MAX_HEADING_STEP_DEGREES) return { ...coverage, previous: heading };
  const sectors = [...coverage.sectors];
  // Walk from the previous reading to this one a sector width at most at a time, so no sector in between is skipped.
  const walks = Math.ceil(Math.abs(step) / SECTOR_DEGREES);
  for (let i = 0; i <= walks; i += 1) sectors[sectorOf(previous + (step * i) / Math.max(walks, 1))] = true;
  return { sectors, previous: heading };
}

/** The fraction of the circle seen, 0…1, for the progress ring. */
export function headingCoverageFraction(coverage: HeadingCoverage): number {
  return coverage.sectors.filter(Boolean).length / ROOM_SCAN_SECTORS;
}

export function coversWholeCircle(coverage: HeadingCoverage): boolean {
  return coverage.sectors.every(Boolean);
}

/** How the scan is being checked: by compass headings, or (none given) by the time spent turning. */
export type RoomScanMethod = 'orientation' | 'duration';

export interface RoomScanProgress {
  readonly method: RoomScanMethod;
  /** 0…1, for the progress ring. */
  readonly fraction: number;
  readonly complete: boolean;
}

/**
 * Where the scan stands at `now` (clock port, ms). Orientation is used when the sensor gives headings; when it is
 * unsupported, or silent ORIENTATION_SILENCE_MS after the start, the minimum duration counts from the start.
 */
export function roomScanProgress(scan: {
  readonly startedAt: number;
  readonly now: number;
  readonly orientationSupported: boolean;
  readonly coverage: HeadingCoverage;
  /** Whether any heading arrived since the start. */
  readonly headingSeen: boolean;
}): RoomScanProgress {
  const elapsed = Math.max(0, scan.now - scan.startedAt);
  const useOrientation = scan.orientationSupported && (scan.headingSeen || elapsed < ORIENTATION_SILENCE_MS);
  if (useOrientation) {
    return { method: 'orientation', fraction: headingCoverageFraction(scan.coverage), complete: coversWholeCircle(scan.coverage) };
  }
  return { method: 'duration', fraction: Math.min(1, elapsed / ROOM_SCAN_MIN_DURATION_MS), complete: elapsed >= ROOM_SCAN_MIN_DURATION_MS };
}
