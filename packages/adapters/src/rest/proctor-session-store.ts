/**
 * core's ProctorSessionStore over Web Storage: the supervisor's session (token, the sitting open, the help messages
 * seen per candidate) and their quick replies, as JSON. Like the other stores it never throws: a missing storage, one
 * that refuses (private mode, a full quota) or a value of another shape all read as nothing kept.
 */
import type { KeptProctorSession, ProctorSessionStore } from '@examroom/core';

export const PROCTOR_SESSION_STORAGE_KEY = 'examroom.proctorSession';
export const PROCTOR_QUICK_REPLIES_STORAGE_KEY = 'examroom.proctorQuickReplies';

/** @param storage localStorage when not given; null where there is none (nothing is kept). */
export function createStorageProctorSessionStore(storage?: Storage | null, key = PROCTOR_SESSION_STORAGE_KEY): ProctorSessionStore {
  const target = storage === undefined ? defaultStorage() : storage;
  const read = (name: string): unknown => {
    try {
      const text = target?.getItem(name) ?? null;
      return text === null ? null : (JSON.parse(text) as unknown);
    } catch {
      return null;
    }
  };
  const write = (name: string, value: unknown) => {
    try {
      target?.setItem(name, JSON.stringify(value));
    } catch {
      // Private mode or a full quota: it then lasts as long as the page.
    }
  };
  return {
    load: () => keptSessionFrom(read(key)),
    save(session) {
      write(key, {
        token: session.token,
        ...(session.sittingId ? { sittingId: session.sittingId } : {}),
        ...(session.seenHelp ? { seenHelp: session.seenHelp } : {}),
      } satisfies KeptProctorSession);
    },
    clear() {
      try {
        target?.removeItem(key);
      } catch {
        // Nothing could be kept either.
      }
    },
    loadQuickReplies() {
      const value = read(PROCTOR_QUICK_REPLIES_STORAGE_KEY);
      return Array.isArray(value) && value.every((reply) => typeof reply === 'string') ? (value as string[]) : null;
    },
    saveQuickReplies: (replies) => write(PROCTOR_QUICK_REPLIES_STORAGE_KEY, [...replies]),
  };
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The value as a kept session, or null when it is not one. */
function keptSessionFrom(value: unknown): KeptProctorSession | null {
  if (typeof value !== 'object' || value === null) return null;
  const { token, sittingId, seenHelp } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') return null;
  const seen =
    typeof seenHelp === 'object' && seenHelp !== null && Object.values(seenHelp).every((n) => Number.isInteger(n) && (n as number) >= 0)
      ? (seenHelp as Record<string, number>)
      : undefined;
  return { token, ...(typeof sittingId === 'string' && sittingId !== '' ? { sittingId } : {}), ...(seen ? { seenHelp: seen } : {}) };
}
