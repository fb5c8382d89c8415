/**
 * View models of the review (回放) for tests and stories: reading the record, an interview with every kind of marker
 * and recordings in parts (the camera with a gap), an instant chosen in that gap, a candidate with no recording, and
 * a failed read. No recording has a link here (a story has no server to ask; MSW keeps no files either), so the
 * videos say 录像不可用 where a part covers the instant, and 此时段没有录像 where none does.
 */
import { playableParts, positionMarkers, reviewSpan, seekPlan, type CandidatePanelView, type ReviewRecording, type ReviewView, type Timeline, type TimelineMarker } from '@examroom/core';
import { FIXTURE_NOW, FIXTURE_ROWS } from './sitting.fixtures';

const S = 1_000;
const MIN = 60 * S;
/** A finished candidate (c11). */
const FINISHED = FIXTURE_ROWS[10]!;
/** The sitting's start, 3 minutes before FIXTURE_NOW. */
const START = FIXTURE_NOW - 3 * MIN;

const MARKERS: readonly TimelineMarker[] = [
  { at: START - 10 * MIN, kind: 'help', detail: 'notice', text: '开始时间推迟 5 分钟，请耐心等待。' },
  { at: START - 2 * MIN, kind: 'entered' },
  { at: START - 100 * S, kind: 'devicesConfirmed' },
  { at: START - 80 * S, kind: 'infoConfirmed' },
  { at: START - 60 * S, kind: 'pledgeAccepted' },
  { at: START + 40 * S, kind: 'incident', detail: 'windowBlur' },
  { at: START + 65 * S, kind: 'help', detail: 'candidate', text: '老师，我的麦克风好像没有声音。' },
  { at: START + 80 * S, kind: 'help', detail: 'supervisor', text: '请检查麦克风是否已允许本网站使用。' },
  { at: START + 100 * S, kind: 'intervention', detail: 'extraTime', text: '5' },
  { at: START + 150 * S, kind: 'incident', detail: 'offline' },
  { at: START + 9 * MIN, kind: 'finished', detail: 'completed' },
  { at: START + 70 * MIN, kind: 'verdict', detail: 'doubtful', text: '多次看向屏幕外，待复核录像。' },
];

const RECORDINGS: readonly ReviewRecording[] = [
  { id: 'cam-1', kind: 'camera', part: 1, mimeType: 'video/webm', createdAt: START - 2 * MIN, complete: true, durationMs: 4 * MIN },
  { id: 'cam-2', kind: 'camera', part: 2, mimeType: 'video/webm', createdAt: START + 3 * MIN, complete: true, durationMs: 6 * MIN },
  { id: 'scr-1', kind: 'screen', part: 1, mimeType: 'video/webm', createdAt: START - 2 * MIN, complete: true, durationMs: 11 * MIN },
  { id: 'ev-1', kind: 'evidence', part: 1, mimeType: 'video/mp4', createdAt: START - 6 * MIN, complete: true, durationMs: 16 * MIN },
];

const TIMELINE: Timeline = {
  candidateId: FINISHED.candidateId,
  schedule: { loginOpensAt: START - 30 * MIN, entryOpensAt: START - 15 * MIN, startsAt: START, entryClosesAt: START + 2 * MIN, deadline: START + 10 * MIN, evidenceDueAt: START + 70 * MIN, extraTimeMs: 5 * MIN, lateEntryAllowed: false },
  progress: { stage: 'finished', lot: 11, enteredAt: START - 2 * MIN, finishedAt: START + 9 * MIN, finishReason: 'completed', devicesConfirmedAt: START - 100 * S, infoConfirmedAt: START - 80 * S, pledgeAcceptedAt: START - 60 * S, pledgeVersion: '1' },
  markers: MARKERS,
  recordings: RECORDINGS,
};

const PANEL: CandidatePanelView = {
  stage: 'candidate',
  phase: 'shown',
  candidateId: FINISHED.candidateId,
  candidate: FINISHED,
  interventions: [],
  verdict: { current: { verdict: 'doubtful', comment: '多次看向屏幕外，待复核录像。', supervisorId: 'supervisor', supervisorName: '王老师', at: START + 70 * MIN }, history: [{ verdict: 'doubtful', comment: '多次看向屏幕外，待复核录像。', supervisorId: 'supervisor', supervisorName: '王老师', at: START + 70 * MIN }] },
  action: null,
  canAllowLateEntry: false,
  error: null,
  virtualCamera: null,
  canWaiveVirtualCamera: false,
};

/** The review as proctorMachine's selector builds it from a timeline. */
function reviewOf(timeline: Timeline | null, change: Partial<ReviewView> = {}, seekAt: number | null = null): ReviewView {
  const span = timeline ? reviewSpan(timeline) : null;
  const parts = playableParts(timeline?.recordings ?? []);
  return {
    stage: 'review',
    phase: 'shown',
    candidateId: FINISHED.candidateId,
    candidate: FINISHED,
    span,
    markers: timeline && span ? positionMarkers(timeline.markers, span) : [],
    parts,
    links: {},
    renewing: false,
    seek: seekAt === null ? null : { at: seekAt, seq: 1, plan: seekPlan(parts, seekAt) },
    candidatePanel: PANEL,
    error: null,
    ...change,
  };
}

export const reviewViews = {
  loading: reviewOf(null, { phase: 'loading' }),
  shown: reviewOf(TIMELINE),
  /** The instant chosen falls in the camera's gap (the page was reloaded): 此时段没有录像 for the camera. */
  inGap: reviewOf(TIMELINE, {}, START + 150 * S),
  noRecordings: reviewOf({ ...TIMELINE, recordings: [], markers: MARKERS.slice(0, 2) }),
  failed: reviewOf(null, { phase: 'failed', error: 'NETWORK_ERROR' }),
} satisfies Record<string, ReviewView>;
