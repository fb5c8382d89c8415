import { describe, expect, it } from 'vitest';
import { ADMIN_SESSION_STORAGE_KEY, createStorageAdminSessionStore } from './admin-session-store.js';
import { memoryStorage } from './memory-storage.test-kit.js';

describe('createStorageAdminSessionStore', () => {
  it('keeps the token across stores on the same storage, and clears it', () => {
    const storage = memoryStorage();
    const store = createStorageAdminSessionStore(storage);
    expect(store.load()).toBeNull();
    store.save({ token: 't' });
    expect(createStorageAdminSessionStore(storage).load()).toEqual({ token: 't' });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('reads anything else as nothing kept, and never throws', () => {
    const storage = memoryStorage();
    storage.setItem(ADMIN_SESSION_STORAGE_KEY, '{not json');
    expect(createStorageAdminSessionStore(storage).load()).toBeNull();
    storage.setItem(ADMIN_SESSION_STORAGE_KEY, JSON.stringify({ token: 42 }));
    expect(createStorageAdminSessionStore(storage).load()).toBeNull();
    const refusing = createStorageAdminSessionStore(memoryStorage(true));
    expect(() => refusing.save({ token: 't' })).not.toThrow();
    expect(createStorageAdminSessionStore(null).load()).toBeNull();
  });
});
