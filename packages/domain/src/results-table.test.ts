import { describe, expect, it } from 'vitest';
import { isoInTimeZone } from './results-table.js';

describe('isoInTimeZone', () => {
  it('writes the local time with the zone’s offset at that instant, daylight saving time included', () => {
    expect(isoInTimeZone(Date.UTC(2031, 2, 1, 1, 30, 5), 'Asia/Shanghai')).toBe('2031-03-01T09:30:05+08:00');
    expect(isoInTimeZone(Date.UTC(2031, 0, 15, 12, 0), 'Europe/Berlin')).toBe('2031-01-15T13:00:00+01:00');
    expect(isoInTimeZone(Date.UTC(2031, 6, 15, 12, 0), 'Europe/Berlin')).toBe('2031-07-15T14:00:00+02:00');
    expect(isoInTimeZone(Date.UTC(2031, 6, 15, 23, 59, 59), 'UTC')).toBe('2031-07-15T23:59:59+00:00');
    expect(isoInTimeZone(Date.UTC(2031, 6, 15, 0, 0), 'America/St_Johns')).toBe('2031-07-14T21:30:00-02:30');
  });

  it('writes midnight as 00, never 24', () => {
    expect(isoInTimeZone(Date.UTC(2031, 2, 1, 16, 0), 'Asia/Shanghai')).toBe('2031-03-02T00:00:00+08:00');
  });
});
