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
  it('matches node:crypto at every length around the block and padding boundaries', async () => {
    for (let length = 0; length <= 200; length++) {
      const data = new Uint8Array(randomBytes(length));
      expect(await sha256Hex(data), `length ${length}`).toBe(reference(data));
      expect((await createSha256()).update(data).hex(), `length ${length}`).toBe(reference(data));
    }
  });

  it('matches node:crypto for random inputs fed in random pieces', async () => {
    const random = prng(1);
    for (let round = 0; round < 50; round++) {
      const data = new Uint8Array(randomBytes(Math.floor(random() * 5000)));
      const hash = await createSha256();
      for (let at = 0; at < data.length; ) {
        const size = Math.floor(random() * 300);
        hash.update(data.subarray(at, at + size));
        at += size;
      }
      expect(hash.hex()).toBe(reference(data));
      expect(hash.bytes).toBe(data.length);
    }
  });

  it('resumes from a serialised state at any piece boundary', async () => {
    const random = prng(2);
    for (let round = 0; round < 50; round++) {
      const data = new Uint8Array(randomBytes(1 + Math.floor(random() * 4000)));
      let state = (await createSha256()).serialize();
      for (let at = 0; at < data.length; ) {
        const size = 1 + Math.floor(random() * 257);
        // Each piece is hashed by a fresh instance restored from the previous one's string, as after a reload.
        state = (await createSha256(state)).update(data.subarray(at, at + size)).serialize();
        at += size;
      }
      const resumed = await createSha256(state);
      expect(resumed.hex()).toBe(reference(data));
      expect(resumed.bytes).toBe(data.length);
    }
  });

  it('keeps hashing after hex(), clone() is independent', async () => {
    const a = new Uint8Array(randomBytes(100));
    const b = new Uint8Array(randomBytes(77));
    const hash = (await createSha256()).update(a);
    const copy = await hash.clone();
    expect(hash.hex()).toBe(reference(a));
    hash.update(b);
    expect(hash.hex()).toBe(reference(new Uint8Array([...a, ...b])));
    expect(copy.hex()).toBe(reference(a));
    // hex() leaves the state as it was, so serialising after it resumes the same hash.
    const state = hash.serialize();
    hash.hex();
    expect(hash.serialize()).toBe(state);
  });

  it('hashes independently in concurrent instances', async () => {
    const inputs = Array.from({ length: 8 }, (_, i) => new Uint8Array(randomBytes(100 + i * 97)));
    const hashes = await Promise.all(inputs.map(() => createSha256()));
    for (let at = 0; at < 1000; at += 50) {
      hashes.forEach((hash, i) => hash.update(inputs[i]?.subarray(at, at + 50) ?? new Uint8Array()));
    }
    hashes.forEach((hash, i) => expect(hash.hex()).toBe(reference(inputs[i] ?? new Uint8Array())));
    const oneShot = await Promise.all(inputs.map((input) => sha256Hex(input)));
    expect(oneShot).toEqual(inputs.map(reference));
  });

  it('rejects a state it did not write', async () => {
    await expect(createSha256('nonsense')).rejects.toThrow(TypeError);
    const valid = (await createSha256()).update(new Uint8Array(10)).serialize();
    // Another version of the format, a state that is not valid base64, and a state hash-wasm did not save.
    await expect(createSha256(valid.replace('sha256/2:', 'sha256/1:'))).rejects.toThrow(TypeError);
    await expect(createSha256(valid.replace(/:[^:]*$/, ':@@@@'))).rejects.toThrow(TypeError);
    await expect(createSha256(`sha256/2:10:${btoa('x'.repeat(116))}`)).rejects.toThrow(TypeError);
  });
});
