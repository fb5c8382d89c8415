/** How a candidate's ID number (身份证号) is compared and shown. */

/** An ID number as compared at login: without surrounding blanks, in upper case (a mainland ID's X is often typed x). */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** An ID number as shown: the first and last four characters, the middle masked; shorter numbers keep less. */
export function maskIdNumber(idNumber: string): string {
  const keep = Math.min(4, Math.floor(idNumber.length / 4));
  if (keep === 0) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, keep) + '*'.repeat(idNumber.length - 2 * keep) + idNumber.slice(-keep);
}

/** GB 11643-1999: the weights of the first 17 characters, and the check character for each sum modulo 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARACTERS = '10X98765432';

/** The check character (GB 11643) of an ID number's first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARACTERS[sum % 11]!;
}

/** Whether the eight digits are a calendar date (YYYYMMDD) from 1900 on. */
function isBirthDate(digits: string): boolean {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Why a resident ID number (身份证号, as normalizeIdNumber gives it) is not one: `format` unless it is 17 digits and a
 * digit or X, `birthDate` when digits 7–14 are no date, `checksum` when the last character is not the GB 11643 check
 * character of the others; null for a valid number. Old 15-digit numbers are not taken: they were all replaced.
 */
export function idNumberProblem(idNumber: string): 'format' | 'birthDate' | 'checksum' | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  if (!isBirthDate(idNumber.slice(6, 14))) return 'birthDate';
  return idNumberCheckCharacter(idNumber) === idNumber[17] ? null : 'checksum';
}
