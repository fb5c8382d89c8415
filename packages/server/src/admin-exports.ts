/**
 * The administrator's exports that are files (the JSON results go through the dispatcher like every route):
 *
 * - `GET …/admin/sittings/:sittingId/results.csv` and `.xlsx`: the sitting's results (domain adminSittingResults) as a
 *   table in the caller's language (Accept-Language; zh-CN by default). The CSV is UTF-8 with a byte order mark so
 *   that Excel reads the Chinese; the workbook is written by exceljs.
 * - `GET …/admin/candidates/:candidateId/archive.zip`: timeline.json and the final file of every complete recording
 *   part, zipped by yazl as the response is sent. Each file is read through a stream as the zip takes it (stored, not
 *   compressed: WebM and MP4 are compressed already), so a candidate with gigabytes of recordings costs a few
 *   buffers of memory, not their size.
 * - `GET …/admin/recordings/:recordingId/file`: a recording's final file with range requests, the supervisors' code
 *   (sendRecordingFile), authorised by the administrator's bearer token. It is what the exports' recording links
 *   name: an address that opens nothing without the token, so a spreadsheet passed around leaks no recording.
 *
 * Each answers the domain's refusals as JSON error bodies, before a byte of the file is sent.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { localeOfAcceptLanguage, type ErrorCode, type Locale } from '@examroom/core';
import {
  ADMIN_CANDIDATE_ARCHIVE_PATH,
  ADMIN_RECORDING_FILE_PATH,
  ADMIN_RESULTS_CSV_PATH,
  ADMIN_RESULTS_XLSX_PATH,
  API_PREFIX,
  errorBodyOf,
  statusOf,
  type SittingResultsBody,
} from '@examroom/adapters/rest';
import { resultsCsv, resultsFileName, resultsTable, type ExamDomain, type Principal, type RecordingRow } from '@examroom/domain';
import { ID_PATTERN, bearerToken, examErrorResponse } from './http-errors.js';
import { sendRecordingFile } from './recording-review.js';
import type { TusUploads } from './uploads.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** `attachment` with an ASCII name for old clients and the full (Chinese) name in RFC 5987's filename*. */
function attachment(ascii: string, full: string = ascii): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(full)}`;
}

/** A recording's entry in the archive: `camera-part1.webm`, with the final file's own extension. */
export function archiveEntryName(recording: Pick<RecordingRow, 'kind' | 'part'>, finalPath: string): string {
  return `${recording.kind}-part${recording.part}${extname(finalPath)}`;
}

/** The results as an .xlsx workbook: one sheet, the headings bold and frozen, the recordings' links wrapped. */
export async function resultsWorkbook(results: SittingResultsBody, locale: Locale, origin: string): Promise<Buffer> {
  const table = resultsTable(results, { locale, origin });
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(results.generatedAt);
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.headings]).font = { bold: true };
  // An empty text is an empty cell, not a cell holding ''.
  for (const row of table.rows) sheet.addRow(row.map((cell) => (cell === '' ? null : cell)));
  sheet.columns.forEach((column, i) => {
    const longest = Math.max(...[table.headings[i] ?? '', ...table.rows.map((r) => r[i] ?? '')].flatMap((cell) => cell.split('\n')).map((line) => line.length));
    column.width = Math.min(Math.max(longest + 2, 8), 80);
  });
  sheet.getColumn(table.headings.length).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function registerAdminExports(app: FastifyInstance, domain: ExamDomain, uploads: Pick<TusUploads, 'finalPathOf'>, origin: () => string): void {
  const refuser = (request: FastifyRequest, reply: FastifyReply) => (code: ErrorCode, headers: Record<string, string> = {}): FastifyReply =>
    reply.code(statusOf(code)).headers({ ...NO_STORE, ...headers }).type('application/json; charset=utf-8').send(JSON.stringify(errorBodyOf(code, request.headers['accept-language'])));

  /** Runs `work` as the caller's principal; the domain's refusals (and a malformed id) as JSON error answers. */
  const asCaller = async (request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply, work: (principal: Principal) => Promise<FastifyReply>) => {
    if (!Object.values(request.params).every((id) => ID_PATTERN.test(id))) return refuser(request, reply)('NOT_FOUND');
    let principal: Principal;
    try {
      principal = await domain.authenticate(bearerToken(request.headers.authorization));
      return await work(principal);
    } catch (error) {
      const { status, body } = examErrorResponse(error, request.headers['accept-language']);
      return reply.code(status).headers(NO_STORE).type('application/json; charset=utf-8').send(JSON.stringify(body));
    }
  };

  app.get<{ Params: { sittingId: string } }>(`${API_PREFIX}${ADMIN_RESULTS_CSV_PATH}`, (request, reply) =>
    asCaller(request, reply, async (principal) => {
      const results = await domain.adminSittingResults(principal, request.params.sittingId, 'csv');
      const name = resultsFileName(results, 'csv');
      const csv = resultsCsv(results, { locale: localeOfAcceptLanguage(request.headers['accept-language']), origin: origin() });
      return reply.headers({ ...NO_STORE, 'Content-Disposition': attachment(name.ascii, name.full) }).type('text/csv; charset=utf-8').send(csv);
    }),
  );

  app.get<{ Params: { sittingId: string } }>(`${API_PREFIX}${ADMIN_RESULTS_XLSX_PATH}`, (request, reply) =>
    asCaller(request, reply, async (principal) => {
      const results = await domain.adminSittingResults(principal, request.params.sittingId, 'xlsx');
      const name = resultsFileName(results, 'xlsx');
      const workbook = await resultsWorkbook(results, localeOfAcceptLanguage(request.headers['accept-language']), origin());
      return reply
        .headers({ ...NO_STORE, 'Content-Disposition': attachment(name.ascii, name.full) })
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(workbook);
    }),
  );

  app.get<{ Params: { candidateId: string } }>(`${API_PREFIX}${ADMIN_CANDIDATE_ARCHIVE_PATH}`, (request, reply) =>
    asCaller(request, reply, async (principal) => {
      const archive = await domain.adminCandidateArchive(principal, request.params.candidateId);
      // Every file's size is known before the zip starts, so that timeline.json can list exactly what follows it; a
      // file retention already deleted is listed as missing rather than failing the whole archive.
      const files = await Promise.all(
        archive.recordings.map(async (recording) => {
          const path = uploads.finalPathOf(recording);
          const size = await stat(path).then(
            (s) => s.size,
            () => null,
          );
          return { recording, path, size, name: archiveEntryName(recording, path) };
        }),
      );
      const zip = new yazl.ZipFile();
      const listed = files.map(({ recording, name, size }) => ({ name: size === null ? null : name, recordingId: recording.id, kind: recording.kind, part: recording.part, bytes: size, missing: size === null }));
      zip.addBuffer(Buffer.from(`${JSON.stringify({ ...archive.timeline, files: listed }, null, 2)}\n`, 'utf8'), 'timeline.json', { mtime: new Date(archive.timeline.generatedAt) });
      for (const file of files) {
        if (file.size === null) continue;
        // Opened when yazl reaches the entry, one at a time; `size` lets yazl check it and write the header first.
        zip.addReadStream(createReadStream(file.path), file.name, { size: file.size, compress: false, mtime: new Date(file.recording.createdAt) });
      }
      zip.end();
      return reply
        .headers({ ...NO_STORE, 'Content-Disposition': attachment(`archive-${archive.candidateId}.zip`) })
        .type('application/zip')
        .send(zip.outputStream);
    }),
  );

  app.get<{ Params: { recordingId: string } }>(`${API_PREFIX}${ADMIN_RECORDING_FILE_PATH}`, (request, reply) =>
    asCaller(request, reply, async (principal) => {
      const range = request.headers.range;
      const recording = await domain.adminRecordingFile(principal, request.params.recordingId, { fromStart: range === undefined || /^bytes=0-/.test(range.trim()) });
      return sendRecordingFile(request, reply, recording, uploads, refuser(request, reply));
    }),
  );
}
