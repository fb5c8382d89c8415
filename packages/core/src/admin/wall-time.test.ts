import { describe, expect, it } from 'vitest';
import { instantOfWallTime, wallTimeOf } from './wall-time.js';

describe('wall times in an exam’s zone', () => {
  it('reads and writes Beijing time whatever the computer’s zone', () => {
    const nineInBeijing = Date.UTC(2026, 2, 1, 1, 0);
    expect(wallTimeOf(nineInBeijing, 'Asia/Shanghai')).toBe('2026-03-01T09:00');
    expect(instantOfWallTime('2026-03-01T09:00', 'Asia/Shanghai')).toBe(nineInBeijing);
    expect(instantOfWallTime('2026-03-01T09:00', 'UTC')).toBe(Date.UTC(2026, 2, 1, 9, 0));
  });

  it('follows a zone’s summer time on either side of the change', () => {
    // Berlin: UTC+1 in winter, UTC+2 from 29 March 2026 02:00.
    expect(instantOfWallTime('2026-03-28T10:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 9, 0));
    expect(instantOfWallTime('2026-03-30T10:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 30, 8, 0));
    expect(wallTimeOf(Date.UTC(2026, 2, 30, 8, 0), 'Europe/Berlin')).toBe('2026-03-30T10:00');
  });

  it('answers null for what is not a wall time', () => {
    expect(instantOfWallTime('', 'Asia/Shanghai')).toBeNull();
    expect(instantOfWallTime('2026-13-45T99:00', 'Asia/Shanghai')).toBeNull();
  });
});
