/**
 * An exam's times are entered and shown in the exam's own time zone, whatever the administrator's computer's zone:
 * an `<input type="datetime-local">` holds a wall time (`2026-03-01T09:00`) that these turn into the server's instant
 * and back, through Intl's zone data.
 */

/** The wall time (`YYYY-MM-DDTHH:mm`) an instant shows in `timeZone`. */
export function wallTimeOf(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  return instantOfUtcWall(wallTimeOf(instant, timeZone)) - Math.floor(instant / 60_000) * 60_000;
}

function instantOfUtcWall(wall: string): number {
  return Date.parse(`${wall}:00Z`);
}

/**
 * The instant a wall time (`YYYY-MM-DDTHH:mm`) in `timeZone` stands for, or null when it is not one. A wall time
 * that a clock change skips or repeats gets one of the instants near it (nobody schedules an interview at 02:30 on
 * that night).
 */
export function instantOfWallTime(wall: string, timeZone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(wall)) return null;
  const asUtc = instantOfUtcWall(wall);
  if (Number.isNaN(asUtc)) return null;
  // The zone's offset near that moment, then checked again at the instant found (a change may lie in between).
  const first = asUtc - offsetAt(asUtc, timeZone);
  return wallTimeOf(first, timeZone) === wall ? first : asUtc - offsetAt(first, timeZone);
}
