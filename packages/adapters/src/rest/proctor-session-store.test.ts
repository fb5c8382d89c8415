import { describe, expect, it } from 'vitest';
import { createStorageProctorSessionStore, PROCTOR_QUICK_REPLIES_STORAGE_KEY, PROCTOR_SESSION_STORAGE_KEY } from './proctor-session-store.js';
import { memoryStorage } from './memory-storage.test-kit.js';

describe('createStorageProctorSessionStore', () => {
  it('keeps the session with its sitting and seen counts, and clears it', () => {
    const storage = memoryStorage();
    const store = createStorageProctorSessionStore(storage);
    expect(store.load()).toBeNull();
    store.save({ token: 't', sittingId: 's1', seenHelp: { c1: 2 } });
    expect(createStorageProctorSessionStore(storage).load()).toEqual({ token: 't', sittingId: 's1', seenHelp: { c1: 2 } });
    store.clear();
    expect(store.load()).toBeNull();
  });

  it('keeps the quick replies apart from the session: a logout leaves them', () => {
    const storage = memoryStorage();
    const store = createStorageProctorSessionStore(storage);
    expect(store.loadQuickReplies()).toBeNull();
    store.saveQuickReplies(['请稍等']);
    store.save({ token: 't' });
    store.clear();
    expect(store.loadQuickReplies()).toEqual(['请稍等']);
    expect(JSON.parse(storage.getItem(PROCTOR_QUICK_REPLIES_STORAGE_KEY)!)).toEqual(['请稍等']);
  });

  it('reads anything else as nothing kept, and never throws', () => {
    const storage = memoryStorage();
    storage.setItem(PROCTOR_SESSION_STORAGE_KEY, '{"token":""}');
    storage.setItem(PROCTOR_QUICK_REPLIES_STORAGE_KEY, '[1,2]');
    const store = createStorageProctorSessionStore(storage);
    expect(store.load()).toBeNull();
    expect(store.loadQuickReplies()).toBeNull();
    storage.setItem(PROCTOR_SESSION_STORAGE_KEY, '{"token":"t","seenHelp":{"c1":-1},"sittingId":7}');
    expect(store.load()).toEqual({ token: 't' });
    storage.setItem(PROCTOR_SESSION_STORAGE_KEY, 'not json');
    expect(store.load()).toBeNull();

    const refusing = createStorageProctorSessionStore(memoryStorage(true));
    expect(() => refusing.save({ token: 't' })).not.toThrow();
    expect(() => refusing.saveQuickReplies(['x'])).not.toThrow();
    expect(createStorageProctorSessionStore(null).load()).toBeNull();
  });
});
