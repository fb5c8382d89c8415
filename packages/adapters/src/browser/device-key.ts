/** The key that tells the server "this is the same browser" across reloads, so a reconnect is not another device (R6). */

export const DEVICE_KEY_STORAGE_NAME = 'examroom-device-key';

/**
 * This browser's device key: read from `storage` (localStorage by default: it survives reloads and a reopened
 * browser), created once when missing. Where storage is unavailable (blocked cookies) a fresh key is used per page.
 */
export function browserDeviceKey(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage()): string {
  const stored = readKey(storage);
  if (stored) return stored;
  const key = `dev_${crypto.randomUUID().replaceAll('-', '')}`;
  try {
    storage?.setItem(DEVICE_KEY_STORAGE_NAME, key);
  } catch {
    // Storage full or denied: the key still works for this page; a reload will count as a new device.
  }
  return key;
}

function readKey(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    const key = storage?.getItem(DEVICE_KEY_STORAGE_NAME) ?? null;
    return key && /^[A-Za-z0-9_-]{8,128}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
