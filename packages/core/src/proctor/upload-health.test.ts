import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { UPLOAD_LAG_BYTES, UPLOAD_LAG_LONG_MS } from '../rules/upload-health.js';
import { UPLOAD_HEALTH_REFRESH_MS } from './proctor.actors.js';
import type { SittingView, UploadHealthView } from './proctor.selectors.js';
import { openGrid, startProctor } from './proctor.test-kit.js';
import { isLongLag, lagSinceOf, uploadCell, uploadChartData, uploadSummary, worstLags } from './upload-health.js';

const MB = 1_000_000;
const LAG = UPLOAD_LAG_BYTES + 1;

describe('upload health, pure', () => {
  it('makes a cell of a kind’s latest sample: the lag, highlighted only once it has lasted UPLOAD_LAG_LONG_MS', () => {
    const latest = { at: 100, recorded: 5 * MB, acknowledged: 2 * MB, lagSince: 100 };
    expect(uploadCell('camera', latest, 100 + UPLOAD_LAG_LONG_MS - 1)).toEqual({ kind: 'camera', recorded: 5 * MB, acknowledged: 2 * MB, lag: 3 * MB, lagging: false, at: 100 });
    expect(uploadCell('camera', latest, 100 + UPLOAD_LAG_LONG_MS)?.lagging).toBe(true);
    expect(uploadCell('screen', undefined, 0)).toBeNull();
    expect(isLongLag(undefined, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('dates a series’ lag from the first of the samples at its end that lag beyond the threshold', () => {
    const points = [
      { at: 0, recorded: LAG, acknowledged: 0 },
      { at: 10, recorded: LAG, acknowledged: LAG },
      { at: 20, recorded: 2 * LAG, acknowledged: LAG - 1 },
      { at: 30, recorded: 3 * LAG, acknowledged: LAG },
    ];
    expect(lagSinceOf(points)).toBe(20);
    expect(lagSinceOf(points.slice(0, 2))).toBeUndefined();
    const summary = uploadSummary({ camera: points, screen: [], phone: [{ at: 5, recorded: 1, acknowledged: 1 }] }, 20 + UPLOAD_LAG_LONG_MS);
    expect(summary.map((cell) => [cell.kind, cell.lag, cell.lagging])).toEqual([['camera', 2 * LAG, true], ['phone', 0, false]]);
  });

  it('aligns the kinds on one time axis for the chart, each kind’s figures held until its next sample', () => {
    const chart = uploadChartData({
      camera: [{ at: 10, recorded: 1, acknowledged: 0 }, { at: 30, recorded: 3, acknowledged: 3 }],
      screen: [{ at: 20, recorded: 2, acknowledged: 1 }],
      phone: [],
    });
    expect(chart).toEqual({
      times: [10, 20, 30],
      lines: [
        { kind: 'camera', recorded: [1, 1, 3], acknowledged: [0, 0, 3] },
        { kind: 'screen', recorded: [null, 2, 2], acknowledged: [null, 1, 1] },
      ],
    });
  });

  it('lists the sitting’s trailing candidates, long lags first, then the largest', () => {
    const now = 1_000_000;
    const entries = worstLags(
      [
        { candidateId: 'a', name: '甲', latest: { camera: { at: now, recorded: 9 * MB, acknowledged: 4 * MB } } },
        { candidateId: 'b', name: '乙', latest: { screen: { at: now, recorded: 3 * MB, acknowledged: 1 * MB, lagSince: now - UPLOAD_LAG_LONG_MS } } },
        { candidateId: 'c', name: '丙', latest: { camera: { at: now, recorded: MB, acknowledged: MB } } },
        { candidateId: 'd', name: '丁', latest: {} },
      ],
      now,
    );
    expect(entries.map((entry) => [entry.candidateId, entry.cell.kind, entry.cell.lag])).toEqual([['b', 'screen', 2 * MB], ['a', 'camera', 5 * MB]]);
  });
});

describe('上传状况 in the console', () => {
  it('puts the camera’s and screen’s latest figures in the grid, updated by the pushes', async () => {
    const h = await startProctor();
    await openGrid(h);
    const row = () => h.grid().rows.find((r) => r.candidateId === 'c1')!;
    expect(row().upload).toEqual({ camera: null, screen: null });
    h.api.sampleUpload('c1', 'camera', { recorded: 12 * MB, acknowledged: 11 * MB });
    await h.settle();
    expect(row().upload?.camera).toMatchObject({ recorded: 12 * MB, acknowledged: 11 * MB, lag: MB, lagging: false });
  });

  it('opens the sitting’s totals and a candidate’s series, reads them again every UPLOAD_HEALTH_REFRESH_MS while open, and goes back to the grid', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.sampleUpload('c1', 'camera', { recorded: 3 * MB, acknowledged: 1 * MB });
    h.api.sampleUpload('c2', 'screen', { recorded: 2 * MB, acknowledged: 2 * MB });
    await h.send({ type: 'user.openUploadHealth' });
    await h.untilTag('uploadHealth:shown');
    expect(h.stage()).toBe('uploadHealth');
    const sitting = h.view() as UploadHealthView;
    expect(sitting).toMatchObject({ stage: 'uploadHealth', phase: 'shown', scope: 'sitting', candidateId: null, sittingName: '第一场 · 2026 年硕士研究生复试' });
    expect(sitting.summary.map((cell) => [cell.kind, cell.recorded, cell.acknowledged])).toEqual([['camera', 3 * MB, 1 * MB], ['screen', 2 * MB, 2 * MB]]);
    expect(sitting.worst.map((entry) => entry.candidateId)).toEqual(['c1']);

    const reads = h.api.uploadHealthReads;
    await h.advance(1_000);
    h.api.sampleUpload('c1', 'camera', { recorded: 4 * MB, acknowledged: 4 * MB });
    await h.advance(UPLOAD_HEALTH_REFRESH_MS - 1_000);
    expect(h.api.uploadHealthReads).toBe(reads + 1);
    expect((h.view() as UploadHealthView).summary[0]).toMatchObject({ kind: 'camera', recorded: 4 * MB, acknowledged: 4 * MB });

    await h.send({ type: 'user.openUploadHealth', candidateId: 'c1' });
    await h.untilTag('uploadHealth:shown');
    const candidate = h.view() as UploadHealthView;
    expect(candidate).toMatchObject({ scope: 'candidate', candidateId: 'c1', candidateName: '张三', worst: [] });
    expect(candidate.chart?.lines.map((line) => [line.kind, line.recorded])).toEqual([['camera', [3 * MB, 4 * MB]]]);

    await h.send({ type: 'user.closeUploadHealth' });
    expect(h.stage()).toBe('sitting');
    const after = h.api.uploadHealthReads;
    await h.advance(2 * UPLOAD_HEALTH_REFRESH_MS);
    expect(h.api.uploadHealthReads).toBe(after);
    expect((h.view() as SittingView).phase).toBe('grid');
  });

  it('shows a failed first read with 重试, keeps what it showed when a re-read fails, and leaves for the login when the session ended', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.failNext('getSittingUploadHealth', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.openUploadHealth' });
    await h.untilTag('uploadHealth:failed');
    expect((h.view() as UploadHealthView).error).toBe(ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.retry' });
    await h.untilTag('uploadHealth:shown');
    expect((h.view() as UploadHealthView).error).toBeNull();

    h.api.failNext('getSittingUploadHealth', ErrorCode.NETWORK_ERROR);
    await h.advance(UPLOAD_HEALTH_REFRESH_MS);
    expect(h.view()).toMatchObject({ stage: 'uploadHealth', phase: 'shown', error: ErrorCode.NETWORK_ERROR });

    h.api.failNext('getSittingUploadHealth', ErrorCode.SESSION_EXPIRED);
    await h.advance(UPLOAD_HEALTH_REFRESH_MS);
    await h.untilTag('login:entering');
    expect(h.session.kept).toBeNull();
  });
});
