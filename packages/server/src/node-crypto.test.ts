import { describe, expect, it } from 'vitest';
import { createNodeCrypto } from './node-crypto.js';

const KEY = 'a-test-key-of-at-least-32-characters!!';
const crypto = createNodeCrypto({ idNumberKey: KEY });

describe('node crypto', () => {
  it('hashes passwords with scrypt in the documented format and verifies them', async () => {
    const hash = await crypto.hashPassword('正确的密码 1');
    const parts = hash.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5]!, 'base64')).toHaveLength(32);
    expect(await crypto.verifyPassword('正确的密码 1', hash)).toBe(true);
    expect(await crypto.verifyPassword('正确的密码 2', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await crypto.hashPassword('same')).not.toBe(await crypto.hashPassword('same'));
  });

  it('hashes off the event loop: other work goes on while passwords are hashed', async () => {
    const hash = await crypto.hashPassword('x');
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    // Synchronous scrypt would hold the loop until every check is done: not one turn in between.
    await Promise.all(Array.from({ length: 8 }, () => crypto.verifyPassword('x', hash)));
    spinning = false;
    expect(turns).toBeGreaterThan(0);
  });

  it('hashes one password at a time when told so, each call still answered', async () => {
    const serial = createNodeCrypto({ scryptConcurrency: 1, idNumberKey: KEY });
    const hashes = await Promise.all(['a', 'b', 'c', 'd'].map((password) => serial.hashPassword(password)));
    expect(await Promise.all(hashes.map((hash, i) => serial.verifyPassword('abcd'[i]!, hash)))).toEqual([true, true, true, true]);
    expect(await serial.verifyPassword('a', hashes[1]!)).toBe(false);
  });

  it('answers false, never throws, for a malformed or hostile stored hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$16384$8$1$$', 'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==', 'bcrypt$x$y$z$a$b']) {
      expect(await crypto.verifyPassword('x', stored)).toBe(false);
    }
  });

  it('hashes tokens with SHA-256 (hex) deterministically', () => {
    expect(crypto.hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes 256-bit base64url tokens and prefixed ids that match the contract’s id pattern', () => {
    const token = crypto.randomToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(token).not.toBe(crypto.randomToken());
    const id = crypto.randomId('rec');
    expect(id).toMatch(/^rec_[A-Za-z0-9_-]{16}$/);
  });

  it('hashes a generated random password at the cheaper cost, which verifyPassword reads from the hash', async () => {
    const hash = await crypto.hashPassword('K7MXP3QRWZ', { random: true });
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
    expect(await crypto.verifyPassword('K7MXP3QRWZ', hash)).toBe(true);
    expect(await crypto.verifyPassword('K7MXP3QRWY', hash)).toBe(false);
  });

  it('hashes ID numbers with HMAC-SHA-256 under the key: the same number the same hash, another key another', () => {
    const hash = crypto.idNumberHash('11010519491231002X');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(crypto.idNumberHash('11010519491231002X')).toBe(hash);
    expect(hash).not.toContain('11010519491231002X');
    expect(createNodeCrypto({ idNumberKey: `${KEY}-other` }).idNumberHash('11010519491231002X')).not.toBe(hash);
  });
});
