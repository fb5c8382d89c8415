import { describe, expect, it } from 'vitest';
import { maskIdNumber, normalizeIdNumber } from './identity.js';

describe('maskIdNumber', () => {
  it.each([
    ['110101200001010011', '1101**********0011'],
    ['E12345678', 'E1*****78'],
    ['A12345', 'A****5'],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });
});

describe('normalizeIdNumber', () => {
  it.each([
    ['11010120000101001x', '11010120000101001X'],
    [' 110101200001010011 ', '110101200001010011'],
    ['e12345678', 'E12345678'],
  ])('%j → %s', (input, normalized) => {
    expect(normalizeIdNumber(input)).toBe(normalized);
  });
});
