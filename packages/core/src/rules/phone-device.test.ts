import { describe, expect, it } from 'vitest';
import { LOW_BATTERY_LEVEL, LOW_STORAGE_BYTES, isBatteryLow, isStorageLow } from './phone-device.js';

describe('phone device warnings', () => {
  it('warns of a low battery only when not charging, at the boundary', () => {
    expect(isBatteryLow({ level: LOW_BATTERY_LEVEL - 0.001, charging: false })).toBe(true);
    expect(isBatteryLow({ level: LOW_BATTERY_LEVEL, charging: false })).toBe(false);
    expect(isBatteryLow({ level: 0.05, charging: true })).toBe(false);
    expect(isBatteryLow(null)).toBe(false);
  });

  it('warns of low storage below the free space a stalled upload needs', () => {
    expect(isStorageLow({ usage: 0, quota: LOW_STORAGE_BYTES - 1 })).toBe(true);
    expect(isStorageLow({ usage: 1, quota: LOW_STORAGE_BYTES + 1 })).toBe(false);
    expect(isStorageLow(null)).toBe(false);
  });
});
