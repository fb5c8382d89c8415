/**
 * core's PhoneSessionStore over Web Storage: the phone session (token, last reported state, chosen camera) as JSON,
 * so that a reload or a browser restart goes on where the phone was. Like the candidate's token store it never
 * throws: a missing storage, one that refuses (Safari's private mode throws on setItem, a full quota) or a value
 * that is not a kept session all read as no session.
 */
import type { CameraFacing, KeptPhoneSession, PhoneSessionStore } from '@examroom/core';

export const PHONE_SESSION_STORAGE_KEY = 'examroom.phoneSession';

/** Every value of `KeptPhoneSession.reported`; a Record so that a state core adds must be listed here too. */
const REPORTED: Readonly<Record<KeptPhoneSession['reported'], true>> = {
  paired: true,
  phoneConnected: true,
  roomScanned: true,
  recording: true,
  stopped: true,
};
const FACINGS: Readonly<Record<CameraFacing, true>> = { front: true, rear: true };

/**
 * @param storage localStorage when not given (a browser restart keeps the session, as the recording must go on); null
 *   where there is none (then nothing is kept and every load is null).
 */
export function createStoragePhoneSessionStore(storage?: Storage | null, key = PHONE_SESSION_STORAGE_KEY): PhoneSessionStore {
  // Reading `localStorage` itself throws where the browser blocks storage (cookies disabled, some sandboxed frames).
  const target = storage === undefined ? defaultStorage() : storage;
  return {
    load() {
      let text: string | null;
      try {
        text = target?.getItem(key) ?? null;
      } catch {
        return null;
      }
      if (text === null) return null;
      try {
        return keptSessionFrom(JSON.parse(text));
      } catch {
        return null;
      }
    },
    save(session) {
      const kept: KeptPhoneSession = {
        token: session.token,
        reported: session.reported,
        ...(session.facing ? { facing: session.facing } : {}),
      };
      try {
        target?.setItem(key, JSON.stringify(kept));
      } catch {
        // Private mode or a full quota: the session then lasts as long as the page.
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

/** The value as a kept session, or null when it is not one (another version's shape, a hand-edited value). */
function keptSessionFrom(value: unknown): KeptPhoneSession | null {
  if (typeof value !== 'object' || value === null) return null;
  const { token, reported, facing } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') return null;
  if (typeof reported !== 'string' || !Object.hasOwn(REPORTED, reported)) return null;
  if (facing !== undefined && (typeof facing !== 'string' || !Object.hasOwn(FACINGS, facing))) return null;
  return { token, reported: reported as KeptPhoneSession['reported'], ...(facing ? { facing: facing as CameraFacing } : {}) };
}
