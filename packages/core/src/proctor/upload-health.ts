/**
 * Upload health as the console shows it, as pure functions of the server's samples: the grid's cell per kind (bytes
 * recorded / acknowledged, the lag highlighted once it has lasted), the chart's aligned columns, the per-kind summary
 * beside it (the chart's text for screen readers) and the sitting's worst lags. The rules (the lag threshold and how
 * long it must last) are core's rules/upload-health.ts, which the server uses too.
 */
import type { CandidateUploadHealth, SittingUploadHealth } from '../ports/proctor-api.port.js';
import {
  lagOf,
  UPLOAD_KINDS,
  UPLOAD_LAG_BYTES,
  UPLOAD_LAG_LONG_MS,
  type UploadKind,
  type UploadLatest,
  type UploadLatestByKind,
  type UploadPoint,
  type UploadSeries,
} from '../rules/upload-health.js';

/** One kind's latest figures as a cell of the grid or a line of the summary. */
export interface UploadCell {
  readonly kind: UploadKind;
  readonly recorded: number;
  readonly acknowledged: number;
  /** recorded − acknowledged, never negative. */
  readonly lag: number;
  /** The lag has been beyond UPLOAD_LAG_BYTES for UPLOAD_LAG_LONG_MS or more: shown as a problem. */
  readonly lagging: boolean;
  /** Server time of the sample. */
  readonly at: number;
}

/** Whether a lag that started at `lagSince` has lasted long enough to be shown as a problem at `now`. */
export const isLongLag = (lagSince: number | undefined, now: number): boolean => lagSince !== undefined && now - lagSince >= UPLOAD_LAG_LONG_MS;

/** A kind's latest sample as a cell; null before its first sample. */
export function uploadCell(kind: UploadKind, latest: UploadLatest | undefined, now: number): UploadCell | null {
  if (!latest) return null;
  return { kind, recorded: latest.recorded, acknowledged: latest.acknowledged, lag: lagOf(latest), lagging: isLongLag(latest.lagSince, now), at: latest.at };
}

/** Since when the lag at the end of a series has lasted beyond UPLOAD_LAG_BYTES; undefined when the last did not lag. */
export function lagSinceOf(points: readonly UploadPoint[]): number | undefined {
  let since: number | undefined;
  for (let i = points.length - 1; i >= 0 && lagOf(points[i]!) > UPLOAD_LAG_BYTES; i -= 1) since = points[i]!.at;
  return since;
}

/** The latest figures of every kind that has samples, in the order camera, screen, phone. */
export function uploadSummary(series: UploadSeries, now: number): UploadCell[] {
  return UPLOAD_KINDS.flatMap((kind) => {
    const points = series[kind];
    const last = points.at(-1);
    if (!last) return [];
    const lagSince = lagSinceOf(points);
    return [uploadCell(kind, { ...last, ...(lagSince !== undefined ? { lagSince } : {}) }, now)!];
  });
}

/** The chart's data: one time axis (server time, ms) and, per kind with samples, recorded and acknowledged on it. */
export interface UploadChartData {
  readonly times: readonly number[];
  readonly lines: readonly {
    readonly kind: UploadKind;
    /** Null before the kind's first sample; a kind's figures hold until its next sample. */
    readonly recorded: readonly (number | null)[];
    readonly acknowledged: readonly (number | null)[];
  }[];
}

/** Aligns the kinds' samples on one time axis (what uPlot draws): each kind's figures held until its next sample. */
export function uploadChartData(series: UploadSeries): UploadChartData {
  const times = [...new Set(UPLOAD_KINDS.flatMap((kind) => series[kind].map((point) => point.at)))].sort((a, b) => a - b);
  const lines = UPLOAD_KINDS.filter((kind) => series[kind].length > 0).map((kind) => {
    const points = series[kind];
    const recorded: (number | null)[] = [];
    const acknowledged: (number | null)[] = [];
    let cursor = -1;
    for (const at of times) {
      while (cursor + 1 < points.length && points[cursor + 1]!.at <= at) cursor += 1;
      const point = cursor >= 0 ? points[cursor]! : null;
      recorded.push(point ? point.recorded : null);
      acknowledged.push(point ? point.acknowledged : null);
    }
    return { kind, recorded, acknowledged };
  });
  return { times, lines };
}

/** A candidate of the sitting whose upload trails, by their largest lag of any kind. */
export interface UploadLagEntry {
  readonly candidateId: string;
  readonly name: string;
  readonly cell: UploadCell;
}

/** The sitting's candidates whose upload trails (lag > 0), the largest lag first, at most `limit`. */
export function worstLags(candidates: SittingUploadHealth['candidates'], now: number, limit = 10): UploadLagEntry[] {
  return candidates
    .flatMap(({ candidateId, name, latest }) => {
      const cells = cellsOf(latest, now);
      const worst = cells.reduce<UploadCell | null>((max, cell) => (max === null || cell.lag > max.lag ? cell : max), null);
      return worst && worst.lag > 0 ? [{ candidateId, name, cell: worst }] : [];
    })
    .sort((a, b) => Number(b.cell.lagging) - Number(a.cell.lagging) || b.cell.lag - a.cell.lag || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, limit);
}

/** Every sampled kind's cell. */
export const cellsOf = (latest: UploadLatestByKind | undefined, now: number): UploadCell[] =>
  UPLOAD_KINDS.flatMap((kind) => uploadCell(kind, latest?.[kind], now) ?? []);

/** The series a read answered, whichever scope it was (a candidate's own, or the sitting's totals). */
export const seriesOfHealth = (health: CandidateUploadHealth | SittingUploadHealth): UploadSeries => ('series' in health ? health.series : health.totals);
