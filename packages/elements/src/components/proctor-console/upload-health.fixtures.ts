/**
 * View models of 上传状况 for tests and stories: the sitting's totals with the candidates whose upload trails, one
 * candidate's series (keeping up, and trailing for a while), nothing uploaded yet, loading and failures.
 */
import { uploadChartData, uploadSummary, worstLags, type SittingUploadHealth, type UploadHealthView, type UploadPoint, type UploadSeries } from '@examroom/core';
import { FIXTURE_NOW, FIXTURE_ROWS } from './sitting.fixtures';

const MB = 1_048_576;
const STEP = 10_000;

/** A kind's samples every 10 s over the last `count` steps: recorded grows at `rate` bytes/s, acknowledged `behind` it. */
function series(count: number, rate: number, behind: (step: number) => number): UploadPoint[] {
  return Array.from({ length: count }, (_, step) => {
    const at = FIXTURE_NOW - (count - 1 - step) * STEP;
    const recorded = Math.round(((step + 1) * STEP * rate) / 1000);
    return { at, recorded, acknowledged: Math.max(0, recorded - behind(step)) };
  });
}

/** A candidate keeping up: within a chunk of what they recorded. */
const KEEPING_UP: UploadSeries = {
  camera: series(18, 330_000, () => 64_000),
  screen: series(18, 170_000, () => 0),
  phone: series(12, 250_000, (step) => (step % 2 === 0 ? 120_000 : 0)),
};
/** A candidate whose uplink stalled a minute ago: the camera and screen trail further at every sample. */
const TRAILING: UploadSeries = {
  camera: series(18, 330_000, (step) => (step < 12 ? 64_000 : (step - 11) * 3_300_000)),
  screen: series(18, 170_000, (step) => (step < 12 ? 0 : (step - 11) * 1_700_000)),
  phone: [],
};

const SITTING_NAME = '第一场 · 2026 年硕士研究生复试';
const lagging = FIXTURE_ROWS[2]!;
const sittingHealth: SittingUploadHealth = {
  sittingId: 'sitting-1',
  totals: {
    camera: series(18, 330_000 * 24, (step) => (step < 12 ? 1_500_000 : (step - 11) * 3_300_000)),
    screen: series(18, 170_000 * 24, (step) => (step < 12 ? 0 : (step - 11) * 1_700_000)),
    phone: series(12, 250_000 * 24, () => 2 * MB),
  },
  candidates: [
    { candidateId: lagging.candidateId, name: lagging.name, latest: { camera: { ...TRAILING.camera.at(-1)!, lagSince: FIXTURE_NOW - 50_000 }, screen: { ...TRAILING.screen.at(-1)!, lagSince: FIXTURE_NOW - 50_000 } } },
    { candidateId: FIXTURE_ROWS[0]!.candidateId, name: FIXTURE_ROWS[0]!.name, latest: { camera: KEEPING_UP.camera.at(-1)!, screen: KEEPING_UP.screen.at(-1)!, phone: KEEPING_UP.phone.at(-1)! } },
    { candidateId: FIXTURE_ROWS[1]!.candidateId, name: FIXTURE_ROWS[1]!.name, latest: { camera: { at: FIXTURE_NOW, recorded: 5 * MB, acknowledged: 5 * MB } } },
  ],
};

const base = {
  stage: 'uploadHealth',
  phase: 'shown',
  scope: 'sitting',
  candidateId: null,
  candidateName: null,
  sittingName: SITTING_NAME,
  chart: null,
  summary: [],
  worst: [],
  now: FIXTURE_NOW,
  error: null,
} satisfies UploadHealthView;

const ofSitting = (health: SittingUploadHealth): UploadHealthView => ({
  ...base,
  chart: uploadChartData(health.totals),
  summary: uploadSummary(health.totals, FIXTURE_NOW),
  worst: worstLags(health.candidates, FIXTURE_NOW),
});

const ofCandidate = (row: (typeof FIXTURE_ROWS)[number], data: UploadSeries): UploadHealthView => ({
  ...base,
  scope: 'candidate',
  candidateId: row.candidateId,
  candidateName: row.name,
  chart: uploadChartData(data),
  summary: uploadSummary(data, FIXTURE_NOW),
});

export const uploadHealthViews = {
  loading: { ...base, phase: 'loading' },
  sitting: ofSitting(sittingHealth),
  candidate: ofCandidate(FIXTURE_ROWS[0]!, KEEPING_UP),
  candidateTrailing: ofCandidate(lagging, TRAILING),
  empty: { ...ofSitting({ ...sittingHealth, totals: { camera: [], screen: [], phone: [] }, candidates: [] }) },
  failed: { ...base, phase: 'failed', error: 'NETWORK_ERROR' },
  refreshFailed: { ...ofCandidate(FIXTURE_ROWS[0]!, KEEPING_UP), error: 'NETWORK_ERROR' },
} satisfies Record<string, UploadHealthView>;
