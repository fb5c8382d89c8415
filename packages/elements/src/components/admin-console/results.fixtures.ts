/** View models of 结果导出 for tests and stories, one per state it can show. */
import type { AdminResultsView } from '@examroom/core';
import { ADMIN_EXAM_TABS } from '@examroom/core';
import { exam, sittingResults, sittings } from './fixtures-data';

const list = {
  stage: 'results', phase: 'list', exam, tabs: ADMIN_EXAM_TABS, sittings, sittingId: 'sitting-1', results: sittingResults, downloading: null, error: null, formError: null,
} satisfies AdminResultsView;

export const resultsViews = {
  loading: { ...list, phase: 'loading', sittings: [], sittingId: null, results: null },
  chooseSitting: { ...list, sittingId: null, results: null },
  list,
  noSittings: { ...list, sittings: [], sittingId: null, results: null },
  loadingResults: { ...list, phase: 'loadingResults', results: null },
  noCandidates: { ...list, sittingId: 'sitting-2', results: { ...sittingResults, sittingId: 'sitting-2', sittingName: '第二场', rows: [] } },
  downloadingXlsx: { ...list, phase: 'downloading', downloading: { kind: 'results', sittingId: 'sitting-1', format: 'xlsx' } },
  downloadingArchive: { ...list, phase: 'downloading', downloading: { kind: 'archive', candidateId: 'candidate-1' } },
  downloadFailed: { ...list, formError: 'NETWORK_ERROR' },
  failed: { ...list, phase: 'failed', sittings: [], sittingId: null, results: null, error: 'NETWORK_ERROR' },
} satisfies Record<string, AdminResultsView>;
