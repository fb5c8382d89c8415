/**
 * A roster of candidates as an institution writes it (CSV or XLSX): its columns, by their Chinese or English header,
 * the limits of each field, why a row is refused, and the alphabet of generated initial passwords. The server checks
 * every row with these (domain/src/exam-domain/roster.ts); a console may use them to explain a report.
 */
import { PAIRING_CODE_ALPHABET } from './pairing-code.js';

/** The roster's columns; `photo` and `password` may be left out. */
export const ROSTER_COLUMNS = ['name', 'idNumber', 'admissionNumber', 'sitting', 'photo', 'password'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export const REQUIRED_ROSTER_COLUMNS: readonly RosterColumn[] = ['name', 'idNumber', 'admissionNumber', 'sitting'];

/**
 * The headers each column is recognised by, compared after rosterHeaderKey (case, blanks, `_` and `-` ignored): the
 * Chinese names an institution's office writes, and English ones.
 */
export const ROSTER_HEADERS: Readonly<Record<RosterColumn, readonly string[]>> = {
  name: ['姓名', '考生姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '证件号码', 'idnumber', 'id'],
  admissionNumber: ['准考证号', '准考证号码', 'admissionnumber', 'admission'],
  sitting: ['场次', '考场场次', 'sitting', 'session'],
  photo: ['照片', '照片文件', '照片文件名', 'photo', 'photofile'],
  password: ['密码', '初始密码', 'password'],
};

/** A header as compared: without blanks, `_`, `-` and a trailing `*` (a required column's mark), in lower case. */
export const rosterHeaderKey = (header: string): string => header.replace(/[\s_\-*＊]/g, '').toLowerCase();

/** The longest text each field takes (characters); a longer one is FIELD_TOO_LONG. */
export const ROSTER_FIELD_MAX: Readonly<Record<RosterColumn, number>> = { name: 100, idNumber: 18, admissionNumber: 32, sitting: 100, photo: 200, password: 64 };

/** The shortest password the 密码 column may set. */
export const ROSTER_PASSWORD_MIN = 6;

/** The media types a roster is taken in: CSV (Windows names a .csv file application/vnd.ms-excel) and XLSX. */
export const ROSTER_MEDIA_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;
/** The largest roster file: 5 MB, far above a 2,000-row roster (≈ 200 KB as CSV, less as XLSX). */
export const ROSTER_MAX_BYTES = 5 * 1024 * 1024;
/** The media types of a zip of photos (Windows names a .zip application/x-zip-compressed). */
export const PHOTOS_MEDIA_TYPES = ['application/zip', 'application/x-zip-compressed'] as const;
/** The largest zip of photos: 100 MB (several zips may be sent one after another). */
export const PHOTOS_MAX_BYTES = 100 * 1024 * 1024;

/** The most rows one roster may have (a file of 2,000 rows is well within). */
export const ROSTER_MAX_ROWS = 5000;

/**
 * Why a row is refused, one code per reason; the words are in i18n/roster.*.ts. A 准考证号 or 身份证号 that appears twice
 * is refused on both rows (DUPLICATE); one that belongs to another candidate of the exam is TAKEN.
 */
export const ROSTER_PROBLEMS = [
  'NAME_MISSING',
  'ID_NUMBER_MISSING',
  'ID_NUMBER_FORMAT',
  'ID_NUMBER_BIRTH_DATE',
  'ID_NUMBER_CHECKSUM',
  'ID_NUMBER_DUPLICATE',
  'ADMISSION_NUMBER_MISSING',
  'ADMISSION_NUMBER_FORMAT',
  'ADMISSION_NUMBER_DUPLICATE',
  'ADMISSION_NUMBER_TAKEN',
  'SITTING_MISSING',
  'SITTING_UNKNOWN',
  'SITTING_AMBIGUOUS',
  'CANDIDATE_ENTERED',
  'FIELD_TOO_LONG',
  'PASSWORD_INVALID',
  'PHOTO_NAME_INVALID',
  'COLUMNS_MISSING',
  'COLUMN_DUPLICATE',
  'TOO_MANY_ROWS',
  'EMPTY',
] as const;
export type RosterProblem = (typeof ROSTER_PROBLEMS)[number];

/**
 * The alphabet of generated initial passwords: upper-case letters and digits without 0/O, 1/I/L, which are easily
 * confused when read from paper or typed (the pairing code's alphabet).
 */
export const INITIAL_PASSWORD_ALPHABET = PAIRING_CODE_ALPHABET;
/** 10 characters of 31: about 49.5 bits, far beyond guessing under the login throttle or offline against its hash. */
export const INITIAL_PASSWORD_LENGTH = 10;

/** Photo files taken from a zip: JPEG or PNG, at most this large each. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
