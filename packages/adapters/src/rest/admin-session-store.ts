/**
 * core's AdminSessionStore over Web Storage: the administrator's token as JSON. Like the other stores it never
 * throws: a missing storage, one that refuses (private mode, a full quota) or a value of another shape all read as
 * nothing kept.
 */
import type { AdminSessionStore, KeptAdminSession } from '@examroom/core';

export const ADMIN_SESSION_STORAGE_KEY = 'examroom.adminSession';

/** @param storage localStorage when not given; null where there is none (nothing is kept). */
export function createStorageAdminSessionStore(storage?: Storage | null, key = ADMIN_SESSION_STORAGE_KEY): AdminSessionStore {
  const target = storage === undefined ? defaultStorage() : storage;
  return {
    load() {
      try {
        const text = target?.getItem(key) ?? null;
        const value = text === null ? null : (JSON.parse(text) as unknown);
        const token = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['token'] : undefined;
        return typeof token === 'string' && token !== '' ? { token } : null;
      } catch {
        return null;
      }
    },
    save(session) {
      try {
        target?.setItem(key, JSON.stringify({ token: session.token } satisfies KeptAdminSession));
      } catch {
        // Private mode or a full quota: it then lasts as long as the page.
      }
    },
    clear() {
      try {
        target?.removeItem(key);
      } catch {
        // Nothing could be kept either.
      }
    },
  };
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
