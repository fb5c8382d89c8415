import { describe, expect, it } from 'vitest';
import { DEVICE_KEY_STORAGE_NAME, browserDeviceKey } from './device-key.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('browserDeviceKey', () => {
  it('creates a key once and returns the same key afterwards (a reload is the same device)', () => {
    const storage = memoryStorage();
    const first = browserDeviceKey(storage);
    expect(first).toMatch(/^dev_[0-9a-f]{32}$/);
    expect(storage.items.get(DEVICE_KEY_STORAGE_NAME)).toBe(first);
    expect(browserDeviceKey(storage)).toBe(first);
  });

  it('replaces a stored value that is not a valid key', () => {
    const storage = memoryStorage({ [DEVICE_KEY_STORAGE_NAME]: '<script>' });
    expect(browserDeviceKey(storage)).toMatch(/^dev_[0-9a-f]{32}$/);
  });

  it('still returns a key when storage throws', () => {
    const denied = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(browserDeviceKey(denied)).toMatch(/^dev_/);
    expect(browserDeviceKey(null)).toMatch(/^dev_/);
  });
});
