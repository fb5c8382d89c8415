/**
 * The key of the ID numbers' keyed hash (HMAC-SHA-256): EXAMROOM_ID_KEY when set (at least 32 characters), else the
 * data directory's `id-number.key`, made once with 32 random bytes and readable by the server's user only (0600).
 * The key must stay with the database: the stored hashes are made with it, and the server refuses to open a
 * database whose hashes another key made (sqlite-repository.ts, checkIdNumberKey). Back up both together.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ID_NUMBER_KEY_FILE = 'id-number.key';
export const ID_NUMBER_KEY_MIN_LENGTH = 32;

/** The key to use: the setting's, else the key file's (created when missing). */
export function idNumberKey(dataDir: string, configured: string | undefined): string {
  if (configured !== undefined && configured !== '') {
    if (configured.length < ID_NUMBER_KEY_MIN_LENGTH) throw new Error(`EXAMROOM_ID_KEY must be at least ${ID_NUMBER_KEY_MIN_LENGTH} characters long.`);
    return configured;
  }
  const file = join(dataDir, ID_NUMBER_KEY_FILE);
  try {
    // 'wx': never overwrite a key that exists, even if two processes start at once.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A key file others may read is tightened rather than refused: the server is the only one that needs it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < ID_NUMBER_KEY_MIN_LENGTH) throw new Error(`${file} holds no usable key (at least ${ID_NUMBER_KEY_MIN_LENGTH} characters).`);
  return key;
}
