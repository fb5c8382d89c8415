/**
 * A sitting's results (SittingResults, the /admin results route's body) as a table of text cells, in the words of a
 * locale, for the CSV and XLSX exports: one row per candidate, times as ISO 8601 with the exam's time zone's offset
 * (`2031-03-01T09:30:00+08:00`), whatever the server machine's zone, so that a spreadsheet shows the exam's local
 * times and still names the instant. The CSV is written by csv-stringify's browser build (quoting, newlines inside cells; it runs in MSW too) with a
 * byte order mark, without which Excel reads UTF-8 as the machine's code page and garbles the Chinese.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import { interpolate, LOCALES, RESULTS_EXPORT_LOCALES, type Locale } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';

/** An instant as ISO 8601 in a time zone, with that zone's offset then: `2031-03-01T09:30:00+08:00`. */
export function isoInTimeZone(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // `GMT+08:00`, or plain `GMT` where the offset is zero.
  const offset = part('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`;
}

export interface ResultsTable {
  /** The sheet's name in the locale. */
  readonly sheet: string;
  readonly headings: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ResultsTableOptions {
  readonly locale: Locale;
  /** Prefixed to the recordings' urls, so that the cells hold absolute addresses (e.g. `https://exam.example.edu`). */
  readonly origin: string;
}

/** The results as headings and text cells. */
export function resultsTable(results: C.SittingResultsBody, options: ResultsTableOptions): ResultsTable {
  const words = RESULTS_EXPORT_LOCALES[options.locale];
  const incidentWords = LOCALES[options.locale].incidents;
  const time = (at: number | null) => (at === null ? '' : isoInTimeZone(at, results.timeZone));
  const columns: [heading: string, cell: (row: C.ResultRowBody) => string][] = [
    [words.columns.name, (r) => r.name],
    [words.columns.idNumberMasked, (r) => r.idNumberMasked],
    [words.columns.admissionNumber, (r) => r.admissionNumber],
    [words.columns.sitting, () => results.sittingName],
    [words.columns.attended, (r) => (r.attended ? words.yes : words.no)],
    [words.columns.firstLoginAt, (r) => time(r.firstLoginAt)],
    [words.columns.enteredAt, (r) => time(r.enteredAt)],
    [words.columns.finishedHow, (r) => (r.finishReason ? words.finishReasons[r.finishReason] : r.enteredAt !== null ? words.notFinished : '')],
    [words.columns.finishedAt, (r) => time(r.finishedAt)],
    [words.columns.lot, (r) => (r.lot === null ? '' : String(r.lot))],
    [words.columns.incidentCount, (r) => String(r.incidents.reduce((sum, i) => sum + i.count, 0))],
    [words.columns.incidentKinds, (r) => r.incidents.map((i) => interpolate(words.incidentCount, { kind: incidentWords[i.kind], count: i.count })).join('; ')],
    [words.columns.evidence, (r) => words.evidence[r.evidence]],
    [words.columns.evidenceDueAt, (r) => time(r.evidenceDueAt)],
    [words.columns.verdict, (r) => (r.verdict ? words.verdicts[r.verdict.verdict] : words.noVerdict)],
    [words.columns.verdictComment, (r) => r.verdict?.comment ?? ''],
    [words.columns.verdictBy, (r) => r.verdict?.supervisorName ?? ''],
    [words.columns.verdictAt, (r) => time(r.verdict?.at ?? null)],
    [
      words.columns.recordings,
      (r) =>
        r.recordings
          .map((rec) => {
            const label = `${words.recordingKinds[rec.kind]} ${interpolate(words.part, { part: rec.part })}`;
            return rec.url === null ? `${label}${words.incomplete}` : `${label} ${options.origin}${rec.url}`;
          })
          .join('\n'),
    ],
  ];
  return { sheet: words.sheet, headings: columns.map(([heading]) => heading), rows: results.rows.map((row) => columns.map(([, cell]) => cell(row))) };
}

/** The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/** The results as CSV text, starting with the byte order mark, lines ended by CRLF (RFC 4180). */
export function resultsCsv(results: C.SittingResultsBody, options: ResultsTableOptions): string {
  const table = resultsTable(results, options);
  return UTF8_BOM + stringify([table.headings, ...table.rows], { record_delimiter: 'windows' });
}

/** A file name for the results of a sitting, in ASCII (Content-Disposition's plain filename) and in full (filename*). */
export function resultsFileName(results: C.SittingResultsBody, extension: 'csv' | 'xlsx'): { ascii: string; full: string } {
  return { ascii: `results-${results.sittingId}.${extension}`, full: `${results.examTitle}-${results.sittingName}-results.${extension}` };
}
