/**
 * The roster's files the domain does not read itself: XLSX workbooks (exceljs: the well-kept reader of Office Open
 * XML, Node-only, so here rather than in the domain the MSW handlers also run) and zips of photos (yauzl: validates
 * every entry's name and size while unpacking, and reads the raw names so that a zip made on a Chinese Windows,
 * whose names are GB18030 without the UTF-8 flag, keeps them). And where photos are kept: the data directory's
 * photos/, one file per candidate.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { ErrorCode, ExamError } from '@examroom/core';
import type { PhotoStorage, RosterFiles, SheetRow, ZipEntry } from '@examroom/domain';

/** More files than any roster's photos: a zip of tens of thousands of entries is an attack, not a roster. */
const ZIP_MAX_ENTRIES = 10_000;
/** What one zip may unpack to at most, over all its photos (2,000 photos of 250 KB are 500 MB). */
const ZIP_MAX_TOTAL_BYTES = 512 * 1024 * 1024;

const unreadable = () => new ExamError(ErrorCode.FILE_UNREADABLE);

/** A cell's text as the office sees it: formulas by their result, rich text joined, numbers as written. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

async function readXlsx(bytes: Uint8Array): Promise<readonly SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellText(row.getCell(column).value));
    rows.push({ line, cells });
  });
  return rows;
}

/** An entry's name: UTF-8 when the zip says so or it decodes as such, else GB18030. */
function entryName(raw: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return raw.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('gb18030').decode(raw);
  }
}

function readZip(bytes: Uint8Array, maxEntryBytes: number): Promise<readonly ZipEntry[]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) return reject(unreadable());
      const entries: ZipEntry[] = [];
      let total = 0;
      const failed = () => {
        zip.close();
        reject(unreadable());
      };
      zip.on('error', failed);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entryName(entry.fileName as unknown as Buffer, (entry.generalPurposeBitFlag & 0x800) !== 0);
        // Folders, and names that climb out of the archive or are absolute, are no photos.
        if (name.endsWith('/') || yauzl.validateFileName(name) !== null) return zip.readEntry();
        if (entries.length >= ZIP_MAX_ENTRIES) return failed();
        if (entry.uncompressedSize > maxEntryBytes) {
          entries.push({ name, bytes: null });
          return zip.readEntry();
        }
        total += entry.uncompressedSize;
        if (total > ZIP_MAX_TOTAL_BYTES) return failed();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return failed();
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          // validateEntrySizes: a stream that unpacks more or less than the entry declares errors here.
          stream.on('error', failed);
          stream.on('end', () => {
            entries.push({ name, bytes: new Uint8Array(Buffer.concat(chunks)) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

export const serverRosterFiles: RosterFiles = { readXlsx, readZip };

/** Photos as files `<candidateId>.jpg|png` in `dir`, each written whole (a temporary file renamed) or not at all. */
export function createPhotoStorage(dir: string): PhotoStorage {
  mkdirSync(dir, { recursive: true });
  return {
    async save(candidateId, bytes, extension, previous) {
      const name = `${candidateId}.${extension}`;
      const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, join(dir, name));
      if (previous !== null && previous !== name) {
        await unlink(join(dir, previous)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
      return name;
    },
    async read(photoFile) {
      // Only a file name this storage wrote: never a path out of the photos' directory.
      if (photoFile !== basename(photoFile) || photoFile.startsWith('.')) return undefined;
      return readFile(join(dir, photoFile)).then(
        (bytes) => new Uint8Array(bytes),
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        },
      );
    },
  };
}
