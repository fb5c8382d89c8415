import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, idNumberProblem, maskIdNumber, normalizeIdNumber } from './identity.js';

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

describe('idNumberProblem (GB 11643)', () => {
  it.each([
    ['11010519491231002X', null],
    ['440524188001010014', 'birthDate'],
    ['440524198001010013', null],
    ['110105194912310021', 'checksum'],
    ['11010519491331002X', 'birthDate'],
    ['11010519490229002X', 'birthDate'],
    ['1101051949123100', 'format'],
    ['11010519491231002x', 'format'],
    ['A1010519491231002X', 'format'],
  ])('%s → %s', (idNumber, problem) => {
    expect(idNumberProblem(idNumber)).toBe(problem);
  });

  it('the check character of every sum modulo 11', () => {
    // 17 zeros weigh 0: check 1; a 1 in the eighth place weighs 1: check 0; in the first, 7: check 5; in the seventh, 2: check X.
    expect(idNumberCheckCharacter('00000000000000000')).toBe('1');
    expect(idNumberCheckCharacter('00000001000000000')).toBe('0');
    expect(idNumberCheckCharacter('10000000000000000')).toBe('5');
    expect(idNumberCheckCharacter('00000010000000000')).toBe('X');
  });
});
