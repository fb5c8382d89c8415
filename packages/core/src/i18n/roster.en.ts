import type { RosterProblem } from '../rules/roster.js';

/** Why a roster row is refused, in English; see roster.zh-CN.ts. */
export const enRosterProblems: Readonly<Record<RosterProblem, string>> = {
  NAME_MISSING: 'The name is empty.',
  ID_NUMBER_MISSING: 'The ID number is empty.',
  ID_NUMBER_FORMAT: 'The ID number is not 17 digits followed by a digit or X.',
  ID_NUMBER_BIRTH_DATE: 'The birth date in the ID number does not exist.',
  ID_NUMBER_CHECKSUM: 'The ID number’s check character is wrong: check it for a typing error.',
  ID_NUMBER_DUPLICATE: 'This ID number appears more than once in the file.',
  ADMISSION_NUMBER_MISSING: 'The admission number is empty.',
  ADMISSION_NUMBER_FORMAT: 'The admission number may only hold letters, digits and -.',
  ADMISSION_NUMBER_DUPLICATE: 'This admission number appears more than once in the file.',
  ADMISSION_NUMBER_TAKEN: 'This admission number belongs to another candidate of the exam.',
  SITTING_MISSING: 'The sitting is empty.',
  SITTING_UNKNOWN: 'The exam has no such sitting (looked up by name or id).',
  SITTING_AMBIGUOUS: 'The exam has several sittings of this name: use the sitting’s id.',
  CANDIDATE_ENTERED: 'This candidate has entered the exam and can no longer move to another sitting.',
  FIELD_TOO_LONG: 'The text is too long.',
  PASSWORD_INVALID: 'A password must be 6 to 64 visible letters, digits or symbols and must not start with = + - @.',
  PHOTO_NAME_INVALID: 'A photo must be a .jpg, .jpeg or .png file name without a path.',
  COLUMNS_MISSING: 'Required columns are missing (name, ID number, admission number, sitting).',
  COLUMN_DUPLICATE: 'Two columns have the same header.',
  TOO_MANY_ROWS: 'The file has more rows than allowed: split it into several files.',
  EMPTY: 'The file holds no candidate.',
};
