/**
 * 考生名单 of one exam (a tab of the exam): its candidates by sitting and 准考证号 (身份证号 masked), and the import of a
 * roster file (CSV or XLSX). A chosen file is previewed at once: the server reads it row by row and writes nothing;
 * every bad row is listed with its line and reason, and only a file without problems can be imported — that same
 * file, every row or none (ROSTER_INVALID if it became invalid meanwhile). An import answers the initial passwords
 * once, as a file to download (下载初始密码文件); it is kept until dismissed or the stage left. A zip of photos (for
 * face login) is matched by the server to candidates and reported file by file.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AdminCandidate, AdminSitting, PhotosImported, RosterImported, RosterReport } from '../../ports/admin-api.port.js';
import { actorOutput, adminSetup, passwordRequired, sessionGone } from '../admin.setup.js';
import { ROSTER_SHOWN_MAX } from '../admin.types.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';
import { selectExamHeader, type AdminExamHeader } from './sittings.js';

export const roster = adminSetup.createStateConfig({
  initial: 'loading',
  exit: 'clearRoster',
  on: { 'user.filterRoster': { actions: 'assignRosterFilter' } },
  states: {
    loading: {
      tags: 'roster:loading',
      invoke: {
        src: 'listRoster',
        input: ({ context }) => ({ examId: context.examId ?? '' }),
        onDone: { target: 'list', actions: { type: 'assignRoster', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'roster:list',
      on: {
        'user.chooseRoster': { target: 'previewing', actions: 'assignRosterFile' },
        'user.choosePhotos': { target: 'uploadingPhotos', actions: 'clearRosterNotices' },
        'user.savePasswords': { actions: 'savePasswords' },
        'user.dismissPassword': { actions: 'clearRosterNotices' },
      },
    },
    // 检查名单: nothing is written.
    previewing: {
      tags: 'roster:previewing',
      invoke: {
        src: 'previewRoster',
        input: ({ context }) => ({ examId: context.examId ?? '', file: context.rosterFile ?? failNoFile() }),
        onDone: { target: 'previewed', actions: { type: 'assignRosterReport', params: actorOutput } },
        // Not a roster (FILE_TYPE_UNSUPPORTED, FILE_UNREADABLE, PAYLOAD_TOO_LARGE): said above the table.
        onError: [sessionGone, passwordRequired, { target: 'list', actions: ['clearRosterPreview', 'assignFormError'] }],
      },
    },
    previewed: {
      tags: 'roster:previewed',
      on: {
        'user.importRoster': { guard: 'isRosterValid', target: 'importing' },
        'user.chooseRoster': { target: 'previewing', actions: 'assignRosterFile' },
        'user.cancel': { target: 'list', actions: 'clearRosterPreview' },
      },
    },
    importing: {
      tags: 'roster:importing',
      invoke: {
        src: 'importRoster',
        input: ({ context }) => ({ examId: context.examId ?? '', file: context.rosterFile ?? failNoFile() }),
        // Read the candidates again: the table shows what was imported.
        onDone: { target: 'loading', actions: { type: 'assignRosterImported', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'previewed', actions: 'assignFormError' }],
      },
    },
    uploadingPhotos: {
      tags: 'roster:uploadingPhotos',
      invoke: {
        src: 'importPhotos',
        input: ({ context, event }) => {
          if (event.type !== 'user.choosePhotos') throw new Error('adminMachine: uploading photos without a file');
          return { examId: context.examId ?? '', file: event.file };
        },
        onDone: { target: 'loading', actions: { type: 'assignPhotosImported', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignFormError' }],
      },
    },
    failed: {
      tags: 'roster:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

function failNoFile(): never {
  throw new Error('adminMachine: a roster step without a chosen file');
}

export interface AdminRosterView extends AdminExamHeader {
  readonly stage: 'roster';
  readonly phase: 'loading' | 'list' | 'previewing' | 'previewed' | 'importing' | 'uploadingPhotos' | 'failed';
  /** The exam's sittings, by start: the roster's 场次 column names one by its name or id. */
  readonly sittings: readonly AdminSitting[];
  /** The candidates matching the search, at most ROSTER_SHOWN_MAX of them. */
  readonly candidates: readonly AdminCandidate[];
  /** How many candidates the exam has, and how many match the search. */
  readonly total: number;
  readonly matching: number;
  readonly filter: string;
  /** The roster file chosen (its name), while it is previewed or imported. */
  readonly fileName: string | null;
  readonly report: RosterReport | null;
  /** The last import: what it did, and whether its passwords file can still be downloaded. */
  readonly imported: Omit<RosterImported, 'passwordsCsv'> | null;
  readonly photos: PhotosImported | null;
  readonly error: ErrorCode | null;
  readonly formError: ErrorCode | null;
}

/** Whether a candidate matches the roster's search: by name, 准考证号 or the visible digits of the 身份证号. */
export function candidateMatches(candidate: AdminCandidate, filter: string): boolean {
  const text = filter.trim().toLowerCase();
  if (text === '') return true;
  return candidate.name.toLowerCase().includes(text) || candidate.admissionNumber.toLowerCase().includes(text) || candidate.idNumberMasked.toLowerCase().includes(text);
}

export function selectAdminRosterView(snapshot: AdminSnapshot): AdminRosterView {
  const { context } = snapshot;
  const matching = context.candidates.filter((candidate) => candidateMatches(candidate, context.rosterFilter));
  const imported = context.rosterImported;
  return {
    stage: 'roster',
    phase: adminPhaseOf(snapshot, 'roster', ['loading', 'list', 'previewing', 'previewed', 'importing', 'uploadingPhotos', 'failed'] as const) ?? 'loading',
    ...selectExamHeader(snapshot),
    sittings: context.sittings,
    candidates: matching.slice(0, ROSTER_SHOWN_MAX),
    total: context.candidates.length,
    matching: matching.length,
    filter: context.rosterFilter,
    fileName: context.rosterFile?.name ?? null,
    report: context.rosterReport,
    imported: imported
      ? { rows: imported.rows, created: imported.created, updated: imported.updated, unchanged: imported.unchanged, passwords: imported.passwords, passwordsFileName: imported.passwordsFileName }
      : null,
    photos: context.photosImported,
    error: context.error,
    formError: context.formError,
  };
}
