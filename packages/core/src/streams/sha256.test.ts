import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256, sha256Hex } from './sha256.js';

function reference(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('sha256', () => {
  it('matches node:crypto at every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const data = new Uint8Array(randomBytes(length));
      expect(sha256Hex(data), `length ${length}`).toBe(reference(data));
    }
  });

  it('matches node:crypto for random inputs fed in random pieces', () => {
    const random = prng(1);
    for (let round = 0; round < 50; round++) {
      const data = new Uint8Array(randomBytes(Math.floor(random() * 5000)));
      const hash = createSha256();
      for (let at = 0; at < data.length; ) {
        const size = Math.floor(random() * 300);
        hash.update(data.subarray(at, at + size));
        at += size;
      }
      expect(hash.hex()).toBe(reference(data));
      expect(hash.bytes).toBe(data.length);
    }
  });

  it('resumes from a serialised state at any piece boundary', () => {
    const random = prng(2);
    for (let round = 0; round < 50; round++) {
      const data = new Uint8Array(randomBytes(1 + Math.floor(random() * 4000)));
      let state = createSha256().serialize();
      for (let at = 0; at < data.length; ) {
        const size = 1 + Math.floor(random() * 257);
        // Each piece is hashed by a fresh instance restored from the previous one's string, as after a reload.
        state = createSha256(state).update(data.subarray(at, at + size)).serialize();
        at += size;
      }
      expect(createSha256(state).hex()).toBe(reference(data));
    }
  });

  it('keeps hashing after hex(), clone() is independent', () => {
    const a = new Uint8Array(randomBytes(100));
    const b = new Uint8Array(randomBytes(77));
    const hash = createSha256().update(a);
    const copy = hash.clone();
    expect(hash.hex()).toBe(reference(a));
    hash.update(b);
    expect(hash.hex()).toBe(reference(new Uint8Array([...a, ...b])));
    expect(copy.hex()).toBe(reference(a));
  });

  it('rejects a state it did not write', () => {
    expect(() => createSha256('nonsense')).toThrow(TypeError);
    const valid = createSha256().update(new Uint8Array(10)).serialize();
    // Claimed length and buffered bytes disagree.
    expect(() => createSha256(valid.replace(':10:', ':11:'))).toThrow(TypeError);
  });
});
