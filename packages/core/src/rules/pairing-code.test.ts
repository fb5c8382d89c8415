import { describe, expect, it } from 'vitest';
import { formatPairingCode, isPairingCode, normalizePairingCode, pairingCodeFrom } from './pairing-code.js';

describe('pairing code', () => {
  it('is the same code typed in lower case, with spaces or with the dash shown', () => {
    expect(normalizePairingCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizePairingCode('AB CD EF GH')).toBe('ABCDEFGH');
    expect(formatPairingCode('abcdefgh')).toBe('ABCD-EFGH');
  });

  it('has eight characters that cannot be mistaken for one another', () => {
    expect(isPairingCode('ABCD-EFGH')).toBe(true);
    expect(isPairingCode('ABCDEFG')).toBe(false);
    expect(isPairingCode('ABCDEFGO')).toBe(false); // O reads as 0
    expect(isPairingCode('ABCDEFG1')).toBe(false);
  });

  it('is read from the QR link’s fragment or from a bare code, and from nothing else', () => {
    expect(pairingCodeFrom('https://exam.example.edu/phone#code=ABCD-EFGH')).toBe('ABCDEFGH');
    expect(pairingCodeFrom('https://exam.example.edu/phone#lang=en&code=abcdefgh')).toBe('ABCDEFGH');
    expect(pairingCodeFrom('ABCD EFGH')).toBe('ABCDEFGH');
    expect(pairingCodeFrom('https://example.com/menu')).toBeNull();
    expect(pairingCodeFrom('https://exam.example.edu/phone#code=nope')).toBeNull();
    expect(pairingCodeFrom('')).toBeNull();
  });
});
