import { describe, expect, it } from 'vitest';
import {
  lagOf,
  nextUploadSample,
  sittingTotals,
  UPLOAD_LAG_BYTES,
  UPLOAD_REPORT_MAX_PARTS,
  UPLOAD_SAMPLE_MIN_GAP_MS,
  uploadReportOf,
  uploadSampleChanged,
  uploadSampleDue,
  uploadTotals,
} from './upload-health.js';

describe('upload health rules', () => {
  it('counts a part as recorded by the larger of what the device reported and what the server received', () => {
    const parts = [
      { id: 'cam-1', kind: 'camera' as const, bytesReceived: 500 },
      { id: 'cam-2', kind: 'camera' as const, bytesReceived: 100 },
      { id: 'scr-1', kind: 'screen' as const, bytesReceived: 40 },
      { id: 'ev-1', kind: 'evidence' as const, bytesReceived: 7 },
    ];
    // cam-1 is no longer held by the page (done or left by another load): as recorded as received.
    const reported = new Map([['cam-2', 300], ['scr-1', 10]]);
    expect(uploadTotals('camera', parts, reported)).toEqual({ recorded: 800, acknowledged: 600 });
    // A report below what the server holds never makes recorded smaller than acknowledged.
    expect(uploadTotals('screen', parts, reported)).toEqual({ recorded: 40, acknowledged: 40 });
    expect(uploadTotals('phone', parts, new Map([['ev-1', 70]]))).toEqual({ recorded: 70, acknowledged: 7 });
    expect(uploadTotals('phone', parts.slice(0, 3), new Map())).toBeNull();
  });

  it('lets one sample through per UPLOAD_SAMPLE_MIN_GAP_MS', () => {
    expect(uploadSampleDue(undefined, 5)).toBe(true);
    expect(uploadSampleDue(1_000, 1_000 + UPLOAD_SAMPLE_MIN_GAP_MS - 1)).toBe(false);
    expect(uploadSampleDue(1_000, 1_000 + UPLOAD_SAMPLE_MIN_GAP_MS)).toBe(true);
  });

  it('carries the start of a lag on while it lasts, and forgets it once the server caught up', () => {
    const lagging = UPLOAD_LAG_BYTES + 1;
    const first = nextUploadSample(undefined, { at: 10, recorded: lagging, acknowledged: 0 });
    expect(first.lagSince).toBe(10);
    const second = nextUploadSample(first, { at: 20, recorded: lagging * 2, acknowledged: lagging });
    expect(second.lagSince).toBe(10);
    const caughtUp = nextUploadSample(second, { at: 30, recorded: lagging * 2, acknowledged: lagging * 2 - UPLOAD_LAG_BYTES });
    expect(caughtUp.lagSince).toBeUndefined();
    expect(nextUploadSample(caughtUp, { at: 40, recorded: lagging, acknowledged: 0 }).lagSince).toBe(40);
    expect(lagOf({ at: 0, recorded: 5, acknowledged: 9 })).toBe(0);
  });

  it('tells a changed sample from a repeated one', () => {
    expect(uploadSampleChanged(undefined, { at: 1, recorded: 0, acknowledged: 0 })).toBe(true);
    expect(uploadSampleChanged({ at: 1, recorded: 5, acknowledged: 4 }, { at: 2, recorded: 5, acknowledged: 4 })).toBe(false);
    expect(uploadSampleChanged({ at: 1, recorded: 5, acknowledged: 4 }, { at: 2, recorded: 5, acknowledged: 5 })).toBe(true);
  });

  it('sums a sitting over time, each candidate holding their latest sample until their next', () => {
    const a = [{ at: 0, recorded: 10, acknowledged: 5 }, { at: 20_000, recorded: 30, acknowledged: 30 }];
    const b = [{ at: 5_000, recorded: 100, acknowledged: 50 }];
    expect(sittingTotals([a, b, []], 10_000)).toEqual([
      { at: 0, recorded: 10, acknowledged: 5 },
      { at: 10_000, recorded: 110, acknowledged: 55 },
      { at: 20_000, recorded: 130, acknowledged: 80 },
    ]);
    expect(sittingTotals([[], []])).toEqual([]);
    // A long interview is widened to at most maxPoints steps, the last sample always included.
    const long = [{ at: 0, recorded: 1, acknowledged: 1 }, { at: 3_600_000, recorded: 2, acknowledged: 2 }];
    const totals = sittingTotals([long], 10_000, 100);
    expect(totals.length).toBeLessThanOrEqual(100);
    expect(totals.at(-1)).toEqual({ at: 3_600_000, recorded: 2, acknowledged: 2 });
  });

  it('reports the parts still uploading, newest last, at most UPLOAD_REPORT_MAX_PARTS', () => {
    const progress = Array.from({ length: UPLOAD_REPORT_MAX_PARTS + 3 }, (_, i) => ({ recordingId: `r${i}`, bytesRecorded: i * 10, state: i === 0 ? 'done' : 'uploading' }));
    const report = uploadReportOf(progress);
    expect(report.recordings).toHaveLength(UPLOAD_REPORT_MAX_PARTS);
    expect(report.recordings.at(-1)).toEqual({ id: `r${UPLOAD_REPORT_MAX_PARTS + 2}`, bytesRecorded: (UPLOAD_REPORT_MAX_PARTS + 2) * 10 });
    expect(uploadReportOf([{ recordingId: 'r', bytesRecorded: 1, state: 'done' }])).toEqual({ recordings: [] });
  });
});
