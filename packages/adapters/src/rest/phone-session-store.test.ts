import { describe, expect, it } from 'vitest';
import type { KeptPhoneSession } from '@examroom/core';
import { createStoragePhoneSessionStore, PHONE_SESSION_STORAGE_KEY } from './phone-session-store.js';
import { memoryStorage } from './memory-storage.test-kit.js';

/** Safari's private mode before iOS 11, a full quota, a storage blocked by the browser's settings. */
function throwingStorage(): Storage {
  const refuse = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  return { length: 0, clear: refuse, getItem: refuse, key: refuse, removeItem: refuse, setItem: refuse };
}

const recording: KeptPhoneSession = { token: 'phone-tok', reported: 'recording', facing: 'rear' };

describe('createStoragePhoneSessionStore', () => {
  it('keeps the session across stores on the same storage (a reload) and forgets it on clear', () => {
    const storage = memoryStorage();
    const store = createStoragePhoneSessionStore(storage);
    expect(store.load()).toBeNull();
    store.save(recording);
    expect(createStoragePhoneSessionStore(storage).load()).toEqual(recording);
    store.save({ token: 'phone-tok', reported: 'paired' });
    expect(createStoragePhoneSessionStore(storage).load()).toEqual({ token: 'phone-tok', reported: 'paired' });
    store.clear();
    expect(createStoragePhoneSessionStore(storage).load()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('stores JSON under its key, or the one given', () => {
    const storage = memoryStorage();
    createStoragePhoneSessionStore(storage).save(recording);
    expect(JSON.parse(storage.getItem(PHONE_SESSION_STORAGE_KEY) ?? 'null')).toEqual(recording);
    createStoragePhoneSessionStore(storage, 'other').save({ token: 't2', reported: 'paired' });
    expect(createStoragePhoneSessionStore(storage, 'other').load()?.token).toBe('t2');
    expect(createStoragePhoneSessionStore(storage).load()).toEqual(recording);
  });

  it('reads anything that is not a kept session as none', () => {
    const storage = memoryStorage();
    const store = createStoragePhoneSessionStore(storage);
    const garbage = [
      'not json',
      'null',
      '"phone-tok"',
      '[]',
      JSON.stringify({ reported: 'recording' }),
      JSON.stringify({ token: '', reported: 'recording' }),
      JSON.stringify({ token: 7, reported: 'recording' }),
      JSON.stringify({ token: 't', reported: 'uploaded' }),
      JSON.stringify({ token: 't', reported: 'toString' }),
      JSON.stringify({ token: 't', reported: 'recording', facing: 'sideways' }),
    ];
    for (const value of garbage) {
      storage.setItem(PHONE_SESSION_STORAGE_KEY, value);
      expect(store.load(), value).toBeNull();
    }
  });

  it('keeps only the session\'s own fields', () => {
    const storage = memoryStorage();
    createStoragePhoneSessionStore(storage).save({ ...recording, extra: 'x' } as KeptPhoneSession);
    expect(JSON.parse(storage.getItem(PHONE_SESSION_STORAGE_KEY) ?? 'null')).toEqual(recording);
  });

  it('never throws where the storage refuses, and keeps nothing', () => {
    const store = createStoragePhoneSessionStore(throwingStorage());
    expect(() => store.save(recording)).not.toThrow();
    expect(store.load()).toBeNull();
    expect(() => store.clear()).not.toThrow();
  });

  it('works without any storage (none given here, and none in Node as the default)', () => {
    for (const store of [createStoragePhoneSessionStore(null), createStoragePhoneSessionStore()]) {
      expect(() => store.save(recording)).not.toThrow();
      expect(store.load()).toBeNull();
      expect(() => store.clear()).not.toThrow();
    }
  });
});
