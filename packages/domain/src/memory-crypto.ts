/**
 * DomainCrypto for the in-browser mocks (MSW, Storybook, tests). Passwords and tokens are kept as `plain$…`: this is
 * for demo data only and must never guard real accounts — the reference server uses scrypt and SHA-256
 * (createNodeCrypto). Tokens and ids are still unguessable (crypto.getRandomValues), so mocks behave like the server.
 */
import type { DomainCrypto } from './exam-domain.types.js';

const PLAIN = 'plain$';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` characters of [A-Za-z0-9_-], 6 random bits each. */
function randomChars(length: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHABET[b & 63]).join('');
}

/** The memory crypto's password hash, synchronously: for test kits that write accounts without awaiting. */
export const memoryPasswordHash = (password: string): string => PLAIN + password;

export function createMemoryCrypto(): DomainCrypto {
  return {
    // Synchronous work behind the asynchronous interface the server's scrypt needs.
    hashPassword: async (password) => memoryPasswordHash(password),
    verifyPassword: async (password, hash) => hash === memoryPasswordHash(password),
    // No key in the browser mocks: the number is kept as it is, like the tokens (demo data only).
    idNumberHash: (idNumber) => PLAIN + idNumber,
    hashToken: (token) => PLAIN + token,
    // 43 characters × 6 bits = 258 bits.
    randomToken: () => randomChars(43),
    randomId: (prefix) => `${prefix}_${randomChars(22)}`,
  };
}
