/**
 * Incremental SHA-256 (FIPS 180-4) in plain TypeScript whose state serialises to a string. The recording hashes
 * each chunk as it is stored and saves the state next to it, so after a reload or a crash the hash of everything
 * stored can still be finished — the chunks themselves are deleted once the server acknowledged them, so hashing
 * them again at the end is not possible. WebCrypto's digest() cannot do this: it has no incremental interface.
 */

/** A running SHA-256. `update` consumes bytes; `hex`/`digest` never change the state, so hashing may go on. */
export interface Sha256 {
  /** Feeds more bytes; returns the same hash for chaining. */
  update(data: Uint8Array): Sha256;
  /** The digest of every byte fed so far (32 bytes). */
  digest(): Uint8Array;
  /** The digest as lower-case hex, the form the server checks. */
  hex(): string;
  /** Number of bytes fed so far. */
  readonly bytes: number;
  /** The state as a short ASCII string; `createSha256(state)` resumes from it. */
  serialize(): string;
  /** An independent copy of the current state. */
  clone(): Sha256;
}

const STATE_PREFIX = 'sha256/1';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

class Sha256State implements Sha256 {
  readonly #h: Uint32Array;
  /** Bytes of an incomplete 64-byte block. */
  readonly #block = new Uint8Array(64);
  #blockLength = 0;
  #bytes = 0;
  readonly #w = new Uint32Array(64);

  constructor(h: ArrayLike<number> = INITIAL, bytes = 0, pending: Uint8Array = new Uint8Array(0)) {
    this.#h = Uint32Array.from(h);
    this.#bytes = bytes;
    this.#block.set(pending);
    this.#blockLength = pending.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  update(data: Uint8Array): Sha256 {
    let i = 0;
    this.#bytes += data.length;
    if (this.#blockLength > 0) {
      const take = Math.min(64 - this.#blockLength, data.length);
      this.#block.set(data.subarray(0, take), this.#blockLength);
      this.#blockLength += take;
      i = take;
      if (this.#blockLength < 64) return this;
      this.#compress(this.#block, 0);
      this.#blockLength = 0;
    }
    for (; i + 64 <= data.length; i += 64) this.#compress(data, i);
    if (i < data.length) {
      this.#block.set(data.subarray(i));
      this.#blockLength = data.length - i;
    }
    return this;
  }

  digest(): Uint8Array {
    // Pad a copy, so the running state stays usable.
    const copy = new Sha256State(this.#h, this.#bytes, this.#block.subarray(0, this.#blockLength));
    const padLength = copy.#blockLength < 56 ? 56 - copy.#blockLength : 120 - copy.#blockLength;
    const padding = new Uint8Array(padLength + 8);
    padding[0] = 0x80;
    // Message length in bits as a 64-bit big-endian integer; bytes < 2^53, so split before multiplying by 8.
    const view = new DataView(padding.buffer);
    view.setUint32(padLength, Math.floor(this.#bytes / 0x20000000));
    view.setUint32(padLength + 4, (this.#bytes % 0x20000000) * 8);
    copy.update(padding);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let j = 0; j < 8; j++) outView.setUint32(j * 4, copy.#h[j] ?? 0);
    return out;
  }

  hex(): string {
    return toHex(this.digest());
  }

  serialize(): string {
    const h = new Uint8Array(32);
    const view = new DataView(h.buffer);
    for (let j = 0; j < 8; j++) view.setUint32(j * 4, this.#h[j] ?? 0);
    return `${STATE_PREFIX}:${toHex(h)}:${this.#bytes}:${toHex(this.#block.subarray(0, this.#blockLength))}`;
  }

  clone(): Sha256 {
    return new Sha256State(this.#h, this.#bytes, this.#block.subarray(0, this.#blockLength));
  }

  #compress(data: Uint8Array, at: number): void {
    const w = this.#w;
    for (let t = 0; t < 16; t++) {
      const p = at + t * 4;
      w[t] = ((data[p] ?? 0) << 24) | ((data[p + 1] ?? 0) << 16) | ((data[p + 2] ?? 0) << 8) | (data[p + 3] ?? 0);
    }
    for (let t = 16; t < 64; t++) {
      const w15 = w[t - 15] ?? 0;
      const w2 = w[t - 2] ?? 0;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[t] = ((w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1) | 0;
    }
    const h = this.#h;
    let a = h[0] ?? 0;
    let b = h[1] ?? 0;
    let c = h[2] ?? 0;
    let d = h[3] ?? 0;
    let e = h[4] ?? 0;
    let f = h[5] ?? 0;
    let g = h[6] ?? 0;
    let hh = h[7] ?? 0;
    for (let t = 0; t < 64; t++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + (K[t] ?? 0) + (w[t] ?? 0)) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] ?? 0) + a;
    h[1] = (h[1] ?? 0) + b;
    h[2] = (h[2] ?? 0) + c;
    h[3] = (h[3] ?? 0) + d;
    h[4] = (h[4] ?? 0) + e;
    h[5] = (h[5] ?? 0) + f;
    h[6] = (h[6] ?? 0) + g;
    h[7] = (h[7] ?? 0) + hh;
  }
}

const STATE_PATTERN = /^sha256\/1:([0-9a-f]{64}):(\d+):((?:[0-9a-f]{2}){0,63})$/;

/**
 * A new SHA-256, or one resumed from `state` (a string from `serialize()`).
 * Throws a TypeError when the state is not one this module wrote.
 */
export function createSha256(state?: string): Sha256 {
  if (state === undefined) return new Sha256State();
  const match = STATE_PATTERN.exec(state);
  const bytes = match ? Number(match[2]) : Number.NaN;
  const pending = fromHex(match?.[3] ?? '');
  if (!match || !Number.isSafeInteger(bytes) || bytes % 64 !== pending.length) {
    throw new TypeError('Not a SHA-256 state');
  }
  const hBytes = fromHex(match[1] ?? '');
  const view = new DataView(hBytes.buffer);
  const h = Array.from({ length: 8 }, (_, j) => view.getUint32(j * 4));
  return new Sha256State(h, bytes, pending);
}

/** The lower-case hex SHA-256 of some bytes in one go. */
export function sha256Hex(data: Uint8Array): string {
  return createSha256().update(data).hex();
}
