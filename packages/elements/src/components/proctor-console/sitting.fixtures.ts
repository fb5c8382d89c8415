/**
 * View models of a sitting's live grid for tests and stories: 30 candidates spread over the stages, some offline,
 * some asking for help, some with incidents, evidence in every state; every filter; loading and failure.
 */
import { filterCounts, matchesFilter, sortRows, stageCounts, type CandidateRow, type GridFilter, type SittingView, type UploadCell } from '@examroom/core';
import { FIXTURE_SITTINGS } from './sittings.fixtures';

const SITTING = FIXTURE_SITTINGS[0]!;
const MIN = 60_000;
/** During the interview: 09:03 Beijing time. */
export const FIXTURE_NOW = SITTING.sitting.startsAt + 3 * MIN;
/** R30: the evidence is due 60 minutes after the 5-minute interview. */
const DUE = SITTING.sitting.startsAt + 65 * MIN;
const MB = 1024 * 1024;

const SURNAMES = ['张', '李', '王', '赵', '陈', '刘', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏'];
const STAGES = ['answering', 'answering', 'answering', 'countdown', 'readingPledge', 'confirmingInfo', 'awaitingEntry', 'drawingLot', 'bindingEvidence', 'readingProcess', 'finished', 'uploading'] as const;
const EVIDENCE = ['recording', 'recording', 'recording', 'recording', 'roomScanned', 'phoneConnected', 'waitingForPhone', 'stopped', 'uploaded'] as const;

/**
 * Upload health from the interview on: camera and screen recorded / acknowledged, one candidate (c3) trailing for a
 * minute already, the others within a chunk.
 */
function uploadCellsOf(stage: string, i: number): CandidateRow['upload'] {
  if (!['answering', 'uploading', 'finished'].includes(stage)) return { camera: null, screen: null };
  const cell = (kind: 'camera' | 'screen', recorded: number, lag: number, lagging = false): UploadCell => ({ kind, recorded, acknowledged: recorded - lag, lag, lagging, at: FIXTURE_NOW - 5_000 });
  const camera = (10 + i) * MB + 312_000;
  return i === 2
    ? { camera: cell('camera', camera, 6 * MB, true), screen: cell('screen', camera / 2, 2 * MB, true) }
    : { camera: cell('camera', camera, stage === 'finished' ? 0 : 96_000), screen: cell('screen', Math.round(camera / 2), 0) };
}

/** Thirty candidates; the pattern is fixed, so that every story and test sees the same grid. */
export const FIXTURE_ROWS: readonly CandidateRow[] = Array.from({ length: 30 }, (_, i) => {
  const stage = STAGES[i % STAGES.length]!;
  const evidence = stage === 'finished' ? 'uploaded' : EVIDENCE[i % EVIDENCE.length]!;
  return {
    candidateId: `c${i + 1}`,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`,
    admissionNumber: String(100001 + i),
    stage,
    online: i % 7 !== 3,
    lot: ['drawingLot', 'bindingEvidence', 'readingProcess'].includes(stage) ? null : (i % 30) + 1,
    evidence,
    evidenceBytes: evidence === 'recording' ? { received: (i + 1) * 3 * MB, expected: null } : evidence === 'uploaded' ? { received: 42 * MB, expected: 42 * MB } : { received: 0, expected: null },
    evidenceDueAt: DUE,
    evidenceLate: false,
    incidents: i % 5 === 2 ? (i % 3) + 1 : 0,
    unreadHelp: i === 4 ? 2 : i === 17 ? 1 : 0,
    upload: uploadCellsOf(stage, i),
  };
});

/** The grid as proctorMachine's selector builds it, for these rows. */
export function gridView(rows: readonly CandidateRow[], change: Partial<SittingView> = {}, filter: GridFilter = 'all'): SittingView {
  return {
    stage: 'sitting',
    phase: 'grid',
    sitting: SITTING,
    rows: sortRows(rows.filter((row) => matchesFilter(row, filter)), change.sort ?? 'name'),
    total: rows.length,
    filter,
    sort: 'name',
    filterCounts: filterCounts(rows),
    stageCounts: stageCounts(rows),
    now: FIXTURE_NOW,
    conversation: null,
    candidatePanel: null,
    notice: { stage: 'notice', phase: 'idle', draft: '', sent: null, error: null },
    error: null,
    liveView: null,
    ...change,
  };
}

/** After the due time: everyone whose evidence is not all uploaded is late. */
const LATE_ROWS = FIXTURE_ROWS.map((row) => ({ ...row, evidenceLate: row.evidence !== 'uploaded' }));

export const sittingViews = {
  loading: { ...gridView([]), phase: 'loading' },
  grid: gridView(FIXTURE_ROWS),
  byStage: gridView(FIXTURE_ROWS, { sort: 'stage' }),
  needsHelp: gridView(FIXTURE_ROWS, {}, 'needsHelp'),
  offline: gridView(FIXTURE_ROWS, {}, 'offline'),
  incidents: gridView(FIXTURE_ROWS, {}, 'incidents'),
  evidenceLate: { ...gridView(LATE_ROWS, {}, 'evidenceLate'), now: DUE + MIN },
  noneMatch: gridView(FIXTURE_ROWS.map((row) => ({ ...row, unreadHelp: 0 })), {}, 'needsHelp'),
  failed: { ...gridView([]), phase: 'failed', error: 'NETWORK_ERROR' },
} satisfies Record<string, SittingView>;
