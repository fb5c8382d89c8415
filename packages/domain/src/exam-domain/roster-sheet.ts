/**
 * A roster file as rows of texts. CSV is read here with csv-parse (its browser build, which carries its own Buffer,
 * so that the MSW handlers read CSV too); XLSX by the front's RosterFiles.readXlsx (exceljs in the server, which is
 * Node-only). Which is which comes from the request's media type, checked against the file's first bytes: an XLSX
 * workbook is a zip archive.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { ErrorCode } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { RosterFiles, SheetRow } from '../exam-domain.types.js';
import { fail } from './context.js';

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A zip archive's (and so an XLSX workbook's) first four bytes. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;

export const startsWithZipMagic = (bytes: Uint8Array): boolean => ZIP_MAGIC.every((b, i) => bytes[i] === b);

/**
 * The text of a CSV file: UTF-8 (with or without a BOM), else GB18030 — what Excel on a Chinese Windows writes when
 * told "CSV" without "UTF-8" —; FILE_UNREADABLE when it is neither.
 */
export function decodeCsv(bytes: Uint8Array): string {
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      // Not this encoding: try the next.
    }
  }
  return fail(ErrorCode.FILE_UNREADABLE);
}

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** CSV rows with the line each starts on (a quoted cell may span lines); blank lines skipped. */
export function readCsv(bytes: Uint8Array): SheetRow[] {
  const text = decodeCsv(bytes);
  // A binary file that happens to decode (a renamed image) has NULs no roster has.
  if (text.includes('\u0000')) fail(ErrorCode.FILE_UNREADABLE);
  let records: CsvRecord[];
  try {
    records = parse(text, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRecord[];
  } catch {
    // An unclosed quote, a quote inside an unquoted cell: the file is not CSV as written.
    return fail(ErrorCode.FILE_UNREADABLE);
  }
  // info.lines is the line the record ends on; it starts as many lines earlier as its cells hold line breaks.
  return records.map(({ record, info }) => ({ line: info.lines - record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0), cells: record }));
}

/** The roster's rows, read by its media type (the route let only ROSTER_MEDIA_TYPES through). */
export async function readRoster(file: C.UploadedFile, readers: RosterFiles | undefined): Promise<readonly SheetRow[]> {
  if (file.bytes.byteLength === 0) fail(ErrorCode.FILE_UNREADABLE);
  if (file.mediaType === XLSX_MEDIA_TYPE) {
    if (!startsWithZipMagic(file.bytes)) fail(ErrorCode.FILE_UNREADABLE);
    const readXlsx = readers?.readXlsx ?? fail(ErrorCode.FILE_TYPE_UNSUPPORTED);
    return readXlsx(file.bytes);
  }
  // Sent as CSV but a workbook (or any zip): the office chose the wrong type; say so rather than parse garbage.
  if (startsWithZipMagic(file.bytes)) fail(ErrorCode.FILE_UNREADABLE);
  return readCsv(file.bytes);
}
