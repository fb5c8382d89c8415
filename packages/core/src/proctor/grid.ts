/**
 * The supervisor's grid as pure functions of the candidates' statuses: one row per candidate, the filters (需要帮助,
 * 离线, 有异常, 佐证逾期) with their counts, the counts per stage, and the order chosen. The selectors use them; the
 * element only renders what they give.
 */
import type { EvidenceState } from '../ports/exam-api.port.js';
import type { CandidateStatus } from '../ports/proctor-api.port.js';
import { isEvidenceOverdue, scheduleOf, type Sitting } from '../rules/schedule.js';
import { uploadCell, type UploadCell } from './upload-health.js';
import { PROGRESS_STAGES, stageIndex, type ProgressStage } from '../rules/stages.js';

export const GRID_FILTERS = ['all', 'needsHelp', 'offline', 'incidents', 'evidenceLate'] as const;
export type GridFilter = (typeof GRID_FILTERS)[number];

export const GRID_SORTS = ['name', 'stage'] as const;
export type GridSort = (typeof GRID_SORTS)[number];

/** One candidate's row of the grid. */
export interface CandidateRow {
  readonly candidateId: string;
  readonly name: string;
  readonly admissionNumber: string;
  readonly stage: ProgressStage;
  /** A heartbeat within the last 30 s; a row offline is greyed. */
  readonly online: boolean;
  readonly lot: number | null;
  readonly evidence: EvidenceState;
  /** Bytes of evidence on the server, and the whole once the phone stopped (for 「已上传 x / y MB」). */
  readonly evidenceBytes: { readonly received: number; readonly expected: number | null };
  /** When the phone's evidence must be on the server (R30); null when the sitting needs no evidence. */
  readonly evidenceDueAt: number | null;
  /** The due time passed and the evidence is not all uploaded. */
  readonly evidenceLate: boolean;
  readonly incidents: number;
  /** Help messages the supervisor has not seen yet. */
  readonly unreadHelp: number;
  /** Upload health: the camera's and the screen's bytes recorded / acknowledged (null before their first sample). */
  readonly upload?: { readonly camera: UploadCell | null; readonly screen: UploadCell | null };
}

export function candidateRow(
  status: CandidateStatus,
  sitting: Pick<Sitting, 'startsAt' | 'entryOpensAt' | 'policy'>,
  seenHelp: number,
  now: number,
): CandidateRow {
  const schedule = scheduleOf(sitting);
  const required = sitting.policy?.requireEvidence ?? true;
  const uploaded = status.evidence.state === 'uploaded';
  return {
    candidateId: status.candidate.id,
    name: status.candidate.name,
    admissionNumber: status.candidate.admissionNumber,
    stage: status.progress.stage,
    online: status.online,
    lot: status.progress.lot,
    evidence: status.evidence.state,
    evidenceBytes: { received: status.evidence.bytesReceived ?? 0, expected: status.evidence.bytesExpected ?? null },
    evidenceDueAt: required ? schedule.evidenceDueAt : null,
    evidenceLate: required && !uploaded && isEvidenceOverdue(schedule, now),
    incidents: status.incidents,
    unreadHelp: Math.max(0, status.helpMessages - seenHelp),
    upload: { camera: uploadCell('camera', status.upload?.camera, now), screen: uploadCell('screen', status.upload?.screen, now) },
  };
}

/** Whether a row passes a filter. */
export function matchesFilter(row: CandidateRow, filter: GridFilter): boolean {
  switch (filter) {
    case 'needsHelp':
      return row.unreadHelp > 0;
    case 'offline':
      return !row.online;
    case 'incidents':
      return row.incidents > 0;
    case 'evidenceLate':
      return row.evidenceLate;
    default:
      return true;
  }
}

const byName = (a: CandidateRow, b: CandidateRow) => a.name.localeCompare(b.name, 'zh-CN') || a.admissionNumber.localeCompare(b.admissionNumber);

/** Rows by name (then 准考证号), or by stage, the furthest along first, then by name. */
export function sortRows(rows: readonly CandidateRow[], sort: GridSort): CandidateRow[] {
  return [...rows].sort(sort === 'stage' ? (a, b) => stageIndex(b.stage) - stageIndex(a.stage) || byName(a, b) : byName);
}

export type FilterCounts = Readonly<Record<GridFilter, number>>;

export function filterCounts(rows: readonly CandidateRow[]): FilterCounts {
  const counts = Object.fromEntries(GRID_FILTERS.map((filter) => [filter, 0])) as Record<GridFilter, number>;
  for (const row of rows) for (const filter of GRID_FILTERS) if (matchesFilter(row, filter)) counts[filter] += 1;
  return counts;
}

/** How many candidates are at each stage, in the guide's order; stages nobody is at are left out. */
export function stageCounts(rows: readonly CandidateRow[]): readonly { readonly stage: ProgressStage; readonly count: number }[] {
  return PROGRESS_STAGES.map((stage) => ({ stage, count: rows.filter((row) => row.stage === stage).length })).filter(({ count }) => count > 0);
}
