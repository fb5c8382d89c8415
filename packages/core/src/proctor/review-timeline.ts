/**
 * The review's one timeline of an interview, as pure functions: where it starts and ends, where each marker sits on
 * it, which part of each recording kind covers an instant and how far into that part the instant lies (and back).
 * The console's view plays and seeks its <video> elements by these; the machine keeps only the instant chosen.
 */
import type { RecordingKind } from '../ports/recorder.port.js';
import type { ReviewRecording, Timeline, TimelineMarker, Verdict } from '../ports/proctor-api.port.js';

/** The recordings side by side on the review, in this order: the computer's camera, its screen, the phone's evidence. */
export const REVIEW_KINDS = ['camera', 'screen', 'evidence'] as const satisfies readonly RecordingKind[];

/** A link is asked again after this long: the server's links open a file for 5 minutes (RECORDING_LINK_TTL_MS). */
export const RECORDING_LINK_RENEW_MS = 4 * 60_000;

/** One part of one kind that can be played: complete (its final file exists), placed on server time. */
export interface PlayablePart {
  readonly recordingId: string;
  readonly kind: RecordingKind;
  readonly part: number;
  readonly startsAt: number;
  /** startsAt + durationMs; for a file of unknown length, the next part's start, or null for the last part. */
  readonly endsAt: number | null;
}

export type PartsByKind = Readonly<Record<RecordingKind, readonly PlayablePart[]>>;

/** Where the part that covers an instant is, and how far into it the instant lies. */
export interface PartAt {
  readonly recordingId: string;
  readonly part: number;
  readonly offsetMs: number;
}

/** The stretch of server time the review's timeline shows. */
export interface ReviewSpan {
  readonly start: number;
  readonly end: number;
}

/** A marker placed on the timeline: `position` from 0 (start) to 1 (end); one outside the span sits at its edge. */
export interface PositionedMarker extends TimelineMarker {
  /** Its index in the timeline's markers, a stable key. */
  readonly index: number;
  readonly position: number;
  readonly outside: 'before' | 'after' | null;
}

/** Every complete part, by kind, in order of start. */
export function playableParts(recordings: readonly ReviewRecording[]): PartsByKind {
  const byKind = (kind: RecordingKind): PlayablePart[] => {
    const parts = recordings.filter((r) => r.kind === kind && r.complete).sort((a, b) => a.createdAt - b.createdAt || a.part - b.part);
    return parts.map((r, i) => ({
      recordingId: r.id,
      kind,
      part: r.part,
      startsAt: r.createdAt,
      endsAt: r.durationMs !== undefined ? r.createdAt + r.durationMs : (parts[i + 1]?.createdAt ?? null),
    }));
  };
  return { camera: byKind('camera'), screen: byKind('screen'), evidence: byKind('evidence') };
}

/**
 * From the entry, or the first recording's start if earlier (the phone records from 佐证绑定), to the finish, or the
 * last recording's end if later (the phone stops after it). Without either, the candidate's schedule.
 */
export function reviewSpan(timeline: Timeline): ReviewSpan {
  const parts = Object.values(playableParts(timeline.recordings)).flat();
  const starts = [timeline.progress.enteredAt, ...parts.map((p) => p.startsAt)].filter((at): at is number => at !== null);
  const ends = [timeline.progress.finishedAt, ...parts.map((p) => p.endsAt)].filter((at): at is number => at !== null);
  const start = starts.length > 0 ? Math.min(...starts) : timeline.schedule.startsAt;
  const end = ends.length > 0 ? Math.max(...ends) : timeline.schedule.deadline;
  // A span of no length cannot place anything: give it a minute.
  return { start, end: end > start ? end : start + 60_000 };
}

/** Where `at` sits on the span, from 0 to 1 (clamped). */
export function positionOf(span: ReviewSpan, at: number): number {
  return Math.min(1, Math.max(0, (at - span.start) / (span.end - span.start)));
}

/** The instant at `position` (0 to 1, clamped) of the span, in whole milliseconds. */
export function instantAt(span: ReviewSpan, position: number): number {
  return Math.round(span.start + Math.min(1, Math.max(0, position)) * (span.end - span.start));
}

/** The markers on the span, in order of time (ties keep the server's order). */
export function positionMarkers(markers: readonly TimelineMarker[], span: ReviewSpan): PositionedMarker[] {
  return markers
    .map((marker, index) => ({
      ...marker,
      index,
      position: positionOf(span, marker.at),
      outside: marker.at < span.start ? ('before' as const) : marker.at > span.end ? ('after' as const) : null,
    }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
}

/**
 * The part of one kind that covers `at`, and the offset into it; null in a gap between parts, before the first or
 * after the last. A part covers its start to its end, both included; where one part ends as the next begins, the
 * next one plays (from its start).
 */
export function partAt(parts: readonly PlayablePart[], at: number): PartAt | null {
  let found: PlayablePart | null = null;
  for (const part of parts) {
    const covers = part.startsAt <= at && (part.endsAt === null || at <= part.endsAt);
    if (covers && (found === null || part.startsAt >= found.startsAt)) found = part;
  }
  return found === null ? null : { recordingId: found.recordingId, part: found.part, offsetMs: at - found.startsAt };
}

/** The instant of the interview a part shows `offsetMs` into it. */
export function instantOf(part: PlayablePart, offsetMs: number): number {
  return part.startsAt + offsetMs;
}

/** For every kind, the part and offset to show at `at` (null: no recording there). */
export function seekPlan(parts: PartsByKind, at: number): Readonly<Record<RecordingKind, PartAt | null>> {
  return { camera: partAt(parts.camera, at), screen: partAt(parts.screen, at), evidence: partAt(parts.evidence, at) };
}

/**
 * The timeline's markers with its verdicts replaced by the history the console holds: a verdict given on the review
 * shows on the timeline at once, without reading the timeline again.
 */
export function withVerdicts(markers: readonly TimelineMarker[], history: readonly Verdict[] | null): readonly TimelineMarker[] {
  if (history === null) return markers;
  const verdicts: TimelineMarker[] = history.map((v) => ({ at: v.at, kind: 'verdict', detail: v.verdict, ...(v.comment !== '' ? { text: v.comment } : {}) }));
  return [...markers.filter((m) => m.kind !== 'verdict'), ...verdicts]
    .map((marker, index) => ({ marker, index }))
    .sort((a, b) => a.marker.at - b.marker.at || a.index - b.index)
    .map(({ marker }) => marker);
}
