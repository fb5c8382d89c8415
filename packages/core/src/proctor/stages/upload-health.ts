/**
 * 上传状况 (upload health): bytes recorded on the candidates' devices against bytes the server acknowledged, over time —
 * for the sitting (its totals per kind and the worst lags) or for one candidate (opened from their panel), as a chart
 * with its text summary beside it. A region of the sitting, so that the grid keeps following the pushes meanwhile;
 * while open it is the page shown. Read when opened and every UPLOAD_HEALTH_REFRESH_MS; a failed re-read keeps what
 * is shown.
 */
import type { ErrorCode } from '../../errors/error-codes.js';
import type { SittingUploadHealth } from '../../ports/proctor-api.port.js';
import { proctorSetup, sessionGone } from '../proctor.setup.js';
import { proctorPhaseOf, type ProctorSnapshot } from '../proctor.view.js';
import { seriesOfHealth, uploadChartData, uploadSummary, worstLags, type UploadCell, type UploadChartData, type UploadLagEntry } from '../upload-health.js';

export const uploadHealth = proctorSetup.createStateConfig({
  initial: 'closed',
  on: {
    'user.openUploadHealth': { target: '.open', reenter: true, actions: 'assignUploadHealthOf' },
    'user.closeUploadHealth': { target: '.closed', actions: 'clearUploadHealth' },
    // One page at a time over the grid: the review (回放) takes its place.
    'user.openReview': { target: '.closed', actions: 'clearUploadHealth' },
  },
  states: {
    closed: {},
    open: {
      initial: 'loading',
      invoke: {
        src: 'watchUploadHealth',
        input: ({ context }) => ({ sittingId: context.sittingId ?? '', candidateId: context.uploadHealthOf }),
      },
      on: { 'api.uploadHealth': { target: '.shown', actions: 'assignUploadHealth' } },
      states: {
        loading: {
          tags: 'uploadHealth:loading',
          on: { 'api.uploadHealthFailed': [sessionGone, { target: 'failed', actions: 'assignUploadHealthError' }] },
        },
        shown: {
          tags: 'uploadHealth:shown',
          on: { 'api.uploadHealthFailed': [sessionGone, { actions: 'assignUploadHealthError' }] },
        },
        failed: {
          tags: 'uploadHealth:failed',
          on: {
            'api.uploadHealthFailed': [sessionGone, { actions: 'assignUploadHealthError' }],
            // The reads go on every UPLOAD_HEALTH_REFRESH_MS; 重试 reads at once.
            'user.retry': { target: '#proctor.session.sitting.uploadHealth.open', reenter: true },
          },
        },
      },
    },
  },
});

export interface UploadHealthView {
  readonly stage: 'uploadHealth';
  readonly phase: 'loading' | 'shown' | 'failed';
  /** The sitting's totals, or one candidate's. */
  readonly scope: 'sitting' | 'candidate';
  /** The candidate's id and name (scope candidate). */
  readonly candidateId: string | null;
  readonly candidateName: string | null;
  /** The sitting's name and exam, for the heading. */
  readonly sittingName: string | null;
  /** The chart's aligned columns; null until read. */
  readonly chart: UploadChartData | null;
  /** The latest figures per kind, the chart's text beside it. */
  readonly summary: readonly UploadCell[];
  /** Scope sitting: the candidates whose upload trails, the largest lag first. */
  readonly worst: readonly UploadLagEntry[];
  /** Server time the lags were judged at. */
  readonly now: number;
  readonly error: ErrorCode | null;
}

export function selectUploadHealthView(snapshot: ProctorSnapshot): UploadHealthView {
  const { context } = snapshot;
  const health = context.uploadHealth;
  const series = health ? seriesOfHealth(health) : null;
  const summary = context.sittings.find((s) => s.sitting.id === context.sittingId) ?? null;
  const candidateId = context.uploadHealthOf;
  return {
    stage: 'uploadHealth',
    phase: proctorPhaseOf(snapshot, 'uploadHealth', ['loading', 'shown', 'failed'] as const) ?? 'loading',
    scope: candidateId === null ? 'sitting' : 'candidate',
    candidateId,
    candidateName: candidateId === null ? null : (context.candidates[candidateId]?.candidate.name ?? null),
    sittingName: summary ? `${summary.sitting.name} · ${summary.examTitle}` : null,
    chart: series ? uploadChartData(series) : null,
    summary: series ? uploadSummary(series, context.now) : [],
    worst: health && 'candidates' in health ? worstLags((health as SittingUploadHealth).candidates, context.now) : [],
    now: context.now,
    error: context.uploadHealthError,
  };
}
