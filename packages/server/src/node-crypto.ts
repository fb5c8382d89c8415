/** The domain's hashing and randomness on node:crypto: scrypt passwords, SHA-256 token hashes, random tokens and ids. */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import type { DomainCrypto } from '@examroom/domain';

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Stored hashes come from our own database, but a corrupted row must not make verification allocate unbounded memory.
const MAX_N = 1 << 20;

/**
 * scrypt on libuv's thread pool: the event loop goes on answering other requests while a password is hashed (about
 * 50 ms of CPU each), so a burst of 300 logins queues on the pool instead of stalling the server.
 */
function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function createNodeCrypto(): DomainCrypto {
  return {
    async hashPassword(password) {
      const salt = randomBytes(SALT_BYTES);
      const hash = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, KEY_BYTES);
      return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
    },

    async verifyPassword(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
      const valid = (n: number) => Number.isSafeInteger(n) && n > 0;
      if (!valid(N) || !valid(r) || !valid(p) || N > MAX_N || (N & (N - 1)) !== 0 || r > 32 || p > 16) return false;
      const salt = Buffer.from(parts[4] ?? '', 'base64');
      const expected = Buffer.from(parts[5] ?? '', 'base64');
      if (salt.length === 0 || expected.length < 16 || expected.length > 128) return false;
      return timingSafeEqual(await scrypt(password, salt, N, r, p, expected.length), expected);
    },

    hashToken: (token) => createHash('sha256').update(token, 'utf8').digest('hex'),

    randomToken: () => randomBytes(32).toString('base64url'),

    randomId: (prefix) => `${prefix}_${randomBytes(12).toString('base64url')}`,
  };
}
