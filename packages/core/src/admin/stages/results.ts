/**
 * 结果导出 of one exam (a tab of the exam): its sittings, and for the sitting chosen one row per candidate — attended,
 * entered at, finished how and when, incidents, the phone evidence against its due time, the verdict — with the
 * downloads the institution takes away: the sitting's results as CSV (UTF-8 with a BOM, for Excel) or XLSX, and one
 * candidate's archive (their recordings and timeline.json, a zip). Files are read with the administrator's token and
 * handed to the browser to save; a refusal shows above the table.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { AdminSitting, ExportRequest, SittingResults } from '../../ports/admin-api.port.js';
import { actorOutput, adminSetup, passwordRequired, sessionGone } from '../admin.setup.js';
import { adminPhaseOf, type AdminSnapshot } from '../admin.view.js';
import { selectExamHeader, type AdminExamHeader } from './sittings.js';

export const results = adminSetup.createStateConfig({
  initial: 'loading',
  exit: 'clearEditing',
  states: {
    loading: {
      tags: 'results:loading',
      invoke: {
        src: 'listSittings',
        input: ({ context }) => ({ examId: context.examId ?? '' }),
        onDone: { target: 'list', actions: { type: 'assignResultsSittings', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'failed', actions: 'assignError' }],
      },
    },
    list: {
      tags: 'results:list',
      on: {
        'user.openResults': { target: 'loadingResults', actions: 'assignResultsSittingId' },
        'user.download': { target: 'downloading', actions: 'assignDownloading' },
      },
    },
    loadingResults: {
      tags: 'results:loadingResults',
      invoke: {
        src: 'readResults',
        input: ({ context }) => ({ sittingId: context.resultsSittingId ?? '' }),
        onDone: { target: 'list', actions: { type: 'assignResults', params: actorOutput } },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignFormError' }],
      },
    },
    downloading: {
      tags: 'results:downloading',
      invoke: {
        src: 'download',
        input: ({ context }) => {
          if (context.downloading === null) throw new Error('adminMachine: downloading nothing');
          return context.downloading;
        },
        onDone: {
          target: 'list',
          actions: [
            { type: 'saveFile', params: actorOutput },
            { type: 'assignDownloaded', params: actorOutput },
          ],
        },
        onError: [sessionGone, passwordRequired, { target: 'list', actions: 'assignDownloadFailed' }],
      },
    },
    failed: {
      tags: 'results:failed',
      on: { 'user.retry': { target: 'loading', actions: 'clearError' } },
    },
  },
});

export interface AdminResultsView extends AdminExamHeader {
  readonly stage: 'results';
  readonly phase: 'loading' | 'list' | 'loadingResults' | 'downloading' | 'failed';
  /** The exam's sittings, by start. */
  readonly sittings: readonly AdminSitting[];
  /** The sitting chosen, and its results once read. */
  readonly sittingId: string | null;
  readonly results: SittingResults | null;
  readonly downloading: ExportRequest | null;
  readonly error: ErrorCode | null;
  readonly formError: ErrorCode | null;
}

export function selectAdminResultsView(snapshot: AdminSnapshot): AdminResultsView {
  const { context } = snapshot;
  return {
    stage: 'results',
    phase: adminPhaseOf(snapshot, 'results', ['loading', 'list', 'loadingResults', 'downloading', 'failed'] as const) ?? 'loading',
    ...selectExamHeader(snapshot),
    sittings: context.sittings,
    sittingId: context.resultsSittingId,
    results: context.resultsSittingId !== null && context.results?.sittingId === context.resultsSittingId ? context.results : null,
    downloading: context.downloading,
    error: context.error,
    formError: context.formError,
  };
}
