/**
 * The domain's hashing and randomness on node:crypto: scrypt passwords, SHA-256 token hashes, HMAC-SHA-256 ID
 * numbers under the server's key, random tokens and ids.
 */
import { createHash, createHmac, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { DomainCrypto } from '@examroom/domain';

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
/**
 * For generated random passwords of ≥ 48 bits (the roster's): 16 times cheaper, about 2 ms, so that a roster of
 * 2,000 is hashed in seconds. Even so, trying a fraction of 2^48 candidates would take thousands of core-years.
 */
const SCRYPT_RANDOM = { N: 1024, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Stored hashes come from our own database, but a corrupted row must not make verification allocate unbounded memory.
const MAX_N = 1 << 20;

/**
 * How many hashes run at once. libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default) also does every file read and
 * write of the uploads, and the event loop needs a core to answer: at most half the pool, and one core fewer than
 * the machine has. A burst of 300 logins then waits in this queue, not in the pool ahead of the uploads' writes.
 */
export const SCRYPT_CONCURRENCY = Math.max(1, Math.min(availableParallelism() - 1, Math.floor((Number(process.env.UV_THREADPOOL_SIZE) || 4) / 2)));

/** Runs at most `limit` tasks at once, the others in arrival order (a few lines rather than a new dependency). */
function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < limit) running += 1;
    // Full: the task that finishes hands its slot over (running stays the same).
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/**
 * scrypt on libuv's thread pool (about 50 ms of CPU per password): the event loop goes on answering other requests
 * while passwords are hashed, so a burst of logins does not stall the server.
 */
function scrypt(limited: ReturnType<typeof concurrencyLimit>, password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        scryptCallback(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
      }),
  );
}

export interface NodeCryptoOptions {
  readonly scryptConcurrency?: number;
  /** The key of the ID numbers' HMAC (idNumberKey: EXAMROOM_ID_KEY or the data directory's key file). */
  readonly idNumberKey: Buffer | string;
}

export function createNodeCrypto(options: NodeCryptoOptions): DomainCrypto {
  const limited = concurrencyLimit(options.scryptConcurrency ?? SCRYPT_CONCURRENCY);
  const idNumberKey = options.idNumberKey;
  return {
    async hashPassword(password, how) {
      const cost = how?.random ? SCRYPT_RANDOM : SCRYPT;
      const salt = randomBytes(SALT_BYTES);
      const hash = await scrypt(limited, password, salt, cost.N, cost.r, cost.p, KEY_BYTES);
      return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
    },

    idNumberHash: (idNumber) => createHmac('sha256', idNumberKey).update(idNumber, 'utf8').digest('hex'),

    async verifyPassword(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
      const valid = (n: number) => Number.isSafeInteger(n) && n > 0;
      if (!valid(N) || !valid(r) || !valid(p) || N > MAX_N || (N & (N - 1)) !== 0 || r > 32 || p > 16) return false;
      const salt = Buffer.from(parts[4] ?? '', 'base64');
      const expected = Buffer.from(parts[5] ?? '', 'base64');
      if (salt.length === 0 || expected.length < 16 || expected.length > 128) return false;
      return timingSafeEqual(await scrypt(limited, password, salt, N, r, p, expected.length), expected);
    },

    hashToken: (token) => createHash('sha256').update(token, 'utf8').digest('hex'),

    randomToken: () => randomBytes(32).toString('base64url'),

    randomId: (prefix) => `${prefix}_${randomBytes(12).toString('base64url')}`,
  };
}
