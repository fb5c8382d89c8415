/**
 * Incremental SHA-256 whose state serialises to a string. The recording hashes each chunk as it is stored and saves
 * the state next to it, so after a reload or a crash the hash of everything stored can still be finished — the
 * chunks themselves are deleted once the server acknowledged them, so hashing them again at the end is not
 * possible. WebCrypto's digest() cannot do this: it has no incremental interface. hash-wasm's hasher can, and its
 * save()/load() export and restore the running state; this module wraps them in a small interface and a versioned
 * ASCII string.
 */
import type { IHasher } from 'hash-wasm';

/** hash-wasm (with its inline WebAssembly) loads on first use, so it stays out of a page's first load. */
const hashWasm = () => import('./sha256-wasm.js');

/** A running SHA-256. `update` consumes bytes; `hex` never changes the state, so hashing may go on. */
export interface Sha256 {
  /** Feeds more bytes; returns the same hash for chaining. */
  update(data: Uint8Array): Sha256;
  /** The digest of every byte fed so far as lower-case hex, the form the server checks. */
  hex(): string;
  /** Number of bytes fed so far. */
  readonly bytes: number;
  /** The state as a short ASCII string; `createSha256(state)` resumes from it. */
  serialize(): string;
  /** An independent copy of the current state. */
  clone(): Promise<Sha256>;
}

const STATE_PREFIX = 'sha256/2';
/** `sha256/2:<bytes>:<base64 of hash-wasm's save()>`. */
const STATE_PATTERN = /^sha256\/2:(0|[1-9]\d*):([A-Za-z0-9+/]+={0,2})$/;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

class Sha256State implements Sha256 {
  readonly #hasher: IHasher;
  #bytes: number;

  constructor(hasher: IHasher, bytes: number) {
    this.#hasher = hasher;
    this.#bytes = bytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  update(data: Uint8Array): Sha256 {
    this.#hasher.update(data);
    this.#bytes += data.length;
    return this;
  }

  hex(): string {
    // digest() finalises the hasher; restoring the saved state right after leaves the running hash as it was.
    const saved = this.#hasher.save();
    const hex = this.#hasher.digest('hex');
    this.#hasher.load(saved);
    return hex;
  }

  serialize(): string {
    return `${STATE_PREFIX}:${this.#bytes}:${toBase64(this.#hasher.save())}`;
  }

  async clone(): Promise<Sha256> {
    const hasher = await (await hashWasm()).createSHA256();
    hasher.load(this.#hasher.save());
    return new Sha256State(hasher, this.#bytes);
  }
}

/**
 * A new SHA-256, or one resumed from `state` (a string from `serialize()`).
 * Rejects with a TypeError when the state is not one this module wrote.
 */
export async function createSha256(state?: string): Promise<Sha256> {
  const hasher = await (await hashWasm()).createSHA256();
  if (state === undefined) return new Sha256State(hasher.init(), 0);
  const match = STATE_PATTERN.exec(state);
  const bytes = match ? Number(match[1]) : Number.NaN;
  let saved: Uint8Array | undefined;
  try {
    if (match && Number.isSafeInteger(bytes)) saved = fromBase64(match[2] ?? '');
    if (saved) hasher.load(saved);
  } catch {
    saved = undefined;
  }
  // A corrupted state that load() still accepts is caught later: the server checks the final SHA-256.
  if (!saved) throw new TypeError('Not a SHA-256 state');
  return new Sha256State(hasher, bytes);
}

/** The lower-case hex SHA-256 of some bytes in one go. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  return (await hashWasm()).sha256(data);
}
