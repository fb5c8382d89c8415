/** The administrator's exports that are files, not JSON routes: fetched raw by the contract and authorisation suites. */
import { ADMIN_CANDIDATE_ARCHIVE_PATH, ADMIN_RECORDING_FILE_PATH, ADMIN_RESULTS_CSV_PATH, ADMIN_RESULTS_XLSX_PATH, API_PREFIX } from '../rest/contract.js';
import yauzl from 'yauzl';
import type { ContractTarget } from './http.js';

export const ADMIN_FILE_EXPORTS = {
  resultsCsv: ADMIN_RESULTS_CSV_PATH,
  resultsXlsx: ADMIN_RESULTS_XLSX_PATH,
  candidateArchive: ADMIN_CANDIDATE_ARCHIVE_PATH,
  recordingFile: ADMIN_RECORDING_FILE_PATH,
} as const;
export type AdminFileExport = keyof typeof ADMIN_FILE_EXPORTS;
export const ALL_ADMIN_FILE_EXPORTS = Object.keys(ADMIN_FILE_EXPORTS) as AdminFileExport[];

/** GET of one of the file exports, its :params filled in, with the token and any headers (Range, Accept-Language). */
export function getAdminFile(
  target: ContractTarget,
  which: AdminFileExport,
  params: Readonly<Record<string, string>>,
  token: string | null,
  headers: Readonly<Record<string, string>> = {},
): Promise<Response> {
  const path = ADMIN_FILE_EXPORTS[which].replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return target.fetch(`${target.baseUrl}${API_PREFIX}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
}

/** The error code of a refused file export's JSON body. */
export async function refusalOf(response: Response): Promise<[number, string | undefined]> {
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return [response.status, body.code];
}

/** The entries of a zip, by name, read back with yauzl. */
export function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
