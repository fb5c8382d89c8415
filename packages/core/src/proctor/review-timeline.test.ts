import { describe, expect, it } from 'vitest';
import type { ReviewRecording, Timeline } from '../ports/proctor-api.port.js';
import { INITIAL_PROGRESS } from '../rules/stages.js';
import { instantAt, instantOf, partAt, playableParts, positionMarkers, positionOf, reviewSpan, seekPlan, withVerdicts } from './review-timeline.js';

const T = Date.UTC(2026, 2, 1, 1, 0);
const S = 1_000;

const recording = (id: string, kind: ReviewRecording['kind'], part: number, createdAt: number, durationMs?: number, complete = true): ReviewRecording => ({
  id,
  kind,
  part,
  mimeType: 'video/webm',
  createdAt,
  complete,
  ...(durationMs !== undefined ? { durationMs } : {}),
});

const timeline = (change: Partial<Timeline> & { enteredAt?: number | null; finishedAt?: number | null } = {}): Timeline => {
  const { enteredAt = T, finishedAt = T + 300 * S, ...rest } = change;
  return {
    candidateId: 'c1',
    schedule: { loginOpensAt: T - 1_800 * S, entryOpensAt: T - 900 * S, startsAt: T, entryClosesAt: T + 120 * S, deadline: T + 300 * S, evidenceDueAt: T + 3_900 * S, extraTimeMs: 0, lateEntryAllowed: false },
    progress: { ...INITIAL_PROGRESS, stage: 'finished', enteredAt, finishedAt, finishReason: 'completed' },
    markers: [],
    recordings: [],
    ...rest,
  };
};

describe('the parts of each kind', () => {
  it('keeps complete parts only, in order of start, each ending at createdAt + durationMs', () => {
    const parts = playableParts([
      recording('cam-2', 'camera', 2, T + 100 * S, 50 * S),
      recording('cam-1', 'camera', 1, T, 90 * S),
      recording('cam-3', 'camera', 3, T + 200 * S, 10 * S, false),
      recording('scr-1', 'screen', 1, T + S, 299 * S),
    ]);
    expect(parts.camera.map((p) => [p.recordingId, p.startsAt - T, p.endsAt! - T])).toEqual([
      ['cam-1', 0, 90 * S],
      ['cam-2', 100 * S, 150 * S],
    ]);
    expect(parts.screen.map((p) => p.recordingId)).toEqual(['scr-1']);
    expect(parts.evidence).toEqual([]);
  });

  it('ends a part of unknown length where the next begins, and leaves the last one open', () => {
    const parts = playableParts([recording('e1', 'evidence', 1, T), recording('e2', 'evidence', 2, T + 60 * S)]);
    expect(parts.evidence.map((p) => p.endsAt)).toEqual([T + 60 * S, null]);
  });
});

describe('which part covers an instant', () => {
  const parts = playableParts([recording('a', 'camera', 1, T, 60 * S), recording('b', 'camera', 2, T + 90 * S, 30 * S), recording('c', 'camera', 3, T + 120 * S, 30 * S)]).camera;

  it('seeks into the part that covers it', () => {
    expect(partAt(parts, T + 12_345)).toEqual({ recordingId: 'a', part: 1, offsetMs: 12_345 });
    expect(partAt(parts, T)).toEqual({ recordingId: 'a', part: 1, offsetMs: 0 });
  });

  it('shows a part’s last frame at its end, and nothing a millisecond after it (a gap between parts)', () => {
    expect(partAt(parts, T + 60 * S)).toEqual({ recordingId: 'a', part: 1, offsetMs: 60 * S });
    expect(partAt(parts, T + 60 * S + 1)).toBeNull();
    expect(partAt(parts, T + 90 * S - 1)).toBeNull();
    expect(partAt(parts, T + 90 * S)).toEqual({ recordingId: 'b', part: 2, offsetMs: 0 });
  });

  it('plays the next part from its start where one part ends as the next begins', () => {
    expect(partAt(parts, T + 120 * S)).toEqual({ recordingId: 'c', part: 3, offsetMs: 0 });
    expect(partAt(parts, T + 120 * S - 1)).toEqual({ recordingId: 'b', part: 2, offsetMs: 30 * S - 1 });
  });

  it('has nothing before the first part, after the last, or with no recording at all', () => {
    expect(partAt(parts, T - 1)).toBeNull();
    expect(partAt(parts, T + 150 * S + 1)).toBeNull();
    expect(partAt([], T)).toBeNull();
  });

  it('plans every kind at once, and turns an offset back into the instant', () => {
    const all = playableParts([recording('a', 'camera', 1, T, 60 * S), recording('s', 'screen', 1, T + 30 * S, 60 * S)]);
    expect(seekPlan(all, T + 40 * S)).toEqual({ camera: { recordingId: 'a', part: 1, offsetMs: 40 * S }, screen: { recordingId: 's', part: 1, offsetMs: 10 * S }, evidence: null });
    expect(instantOf(all.screen[0]!, 10 * S)).toBe(T + 40 * S);
  });
});

describe('the span and the markers on it', () => {
  it('runs from the entry to the finish, widened by recordings that start before or end after them', () => {
    expect(reviewSpan(timeline())).toEqual({ start: T, end: T + 300 * S });
    const withPhone = timeline({ recordings: [recording('e', 'evidence', 1, T - 120 * S, 480 * S), recording('c', 'camera', 1, T + S, 200 * S)] });
    expect(reviewSpan(withPhone)).toEqual({ start: T - 120 * S, end: T + 360 * S });
  });

  it('falls back to the schedule for a candidate who never entered, and never has a span of no length', () => {
    expect(reviewSpan(timeline({ enteredAt: null, finishedAt: null }))).toEqual({ start: T, end: T + 300 * S });
    expect(reviewSpan(timeline({ finishedAt: T }))).toEqual({ start: T, end: T + 60 * S });
  });

  it('places markers by time, in order, and those outside the span at its edges', () => {
    const span = { start: T, end: T + 100 * S };
    const markers = positionMarkers(
      [
        { at: T + 50 * S, kind: 'incident', detail: 'windowBlur' },
        { at: T - 5 * S, kind: 'help', detail: 'notice', text: '推迟 5 分钟' },
        { at: T, kind: 'entered' },
        { at: T + 50 * S, kind: 'help', detail: 'candidate', text: '老师好' },
        { at: T + 3_600 * S, kind: 'verdict', detail: 'passed' },
      ],
      span,
    );
    expect(markers.map((m) => [m.kind, m.position, m.outside])).toEqual([
      ['help', 0, 'before'],
      ['entered', 0, null],
      ['incident', 0.5, null],
      ['help', 0.5, null],
      ['verdict', 1, 'after'],
    ]);
    expect(markers.map((m) => m.index)).toEqual([1, 2, 0, 3, 4]);
  });

  it('turns a position into an instant and back, clamped to the span', () => {
    const span = { start: T, end: T + 100 * S };
    expect(instantAt(span, 0.25)).toBe(T + 25 * S);
    expect(instantAt(span, -1)).toBe(T);
    expect(instantAt(span, 2)).toBe(T + 100 * S);
    expect(positionOf(span, T + 25 * S)).toBe(0.25);
  });

  it('shows the verdicts the console holds instead of those the timeline was read with', () => {
    const markers = withVerdicts(
      [
        { at: T, kind: 'entered' },
        { at: T + 10 * S, kind: 'verdict', detail: 'doubtful', text: 'old' },
        { at: T + 20 * S, kind: 'finished', detail: 'completed' },
      ],
      [
        { verdict: 'doubtful', comment: 'old', supervisorId: 's', supervisorName: 's', at: T + 10 * S },
        { verdict: 'passed', comment: '', supervisorId: 's', supervisorName: 's', at: T + 30 * S },
      ],
    );
    expect(markers).toEqual([
      { at: T, kind: 'entered' },
      { at: T + 10 * S, kind: 'verdict', detail: 'doubtful', text: 'old' },
      { at: T + 20 * S, kind: 'finished', detail: 'completed' },
      { at: T + 30 * S, kind: 'verdict', detail: 'passed' },
    ]);
    expect(withVerdicts([{ at: T, kind: 'verdict', detail: 'passed' }], null)).toEqual([{ at: T, kind: 'verdict', detail: 'passed' }]);
  });
});
