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
