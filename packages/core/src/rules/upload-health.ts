/**
 * Upload health (R32: the supervisor sees that the recordings reach the server): how many bytes each recording kind
 * has recorded on the candidate's devices against how many the server acknowledged, sampled over time. The server
 * keeps the samples; these pure functions are its rules and the console's, one copy for every backend.
 *
 * Only a device knows what it recorded, so the candidate's page and the phone report it in their heartbeats, per
 * recording part (a part the device no longer holds counts as what the server received). What the server received is
 * its own count (tus offsets). A reported figure is shown, never trusted for anything else.
 */
import type { RecordingKind } from '../ports/recorder.port.js';

/** The three recordings of a candidate as upload health names them: the PC's camera and screen, the phone's evidence. */
export type UploadKind = 'camera' | 'screen' | 'phone';
export const UPLOAD_KINDS: readonly UploadKind[] = ['camera', 'screen', 'phone'];

/** One sample of one kind: bytes recorded on the device and acknowledged by the server, at a server time. */
export interface UploadPoint {
  readonly at: number;
  readonly recorded: number;
  readonly acknowledged: number;
}

/** The latest sample of a kind, with since when acknowledged has trailed recorded by more than UPLOAD_LAG_BYTES. */
export interface UploadLatest extends UploadPoint {
  /** Server time from which every sample lagged by more than UPLOAD_LAG_BYTES; absent when the latest did not. */
  readonly lagSince?: number;
}

/** A series per kind, oldest first. */
export type UploadSeries = Readonly<Record<UploadKind, readonly UploadPoint[]>>;

/** The latest sample per kind, for the kinds sampled so far. */
export type UploadLatestByKind = Readonly<Partial<Record<UploadKind, UploadLatest>>>;

/**
 * At most one sample per candidate and kind in this much server time. Heartbeats come every 10 s; a little less here
 * keeps one sample per heartbeat although the server sees them a few hundred ms early or late.
 */
export const UPLOAD_SAMPLE_MIN_GAP_MS = 9_000;

/** A lag beyond this many bytes (about 3 s of a 2.6 Mbit/s recording) counts; below it is a chunk in flight. */
export const UPLOAD_LAG_BYTES = 1_000_000;

/** A lag that has lasted this long is shown as a problem. */
export const UPLOAD_LAG_LONG_MS = 30_000;

/** The most recording parts one heartbeat may report (a few per kind; the newest ones are what matters). */
export const UPLOAD_REPORT_MAX_PARTS = 16;

/** Which upload kind a recording part belongs to. */
export const uploadKindOf = (kind: RecordingKind): UploadKind => (kind === 'evidence' ? 'phone' : kind);

/** Bytes recorded but not (yet) acknowledged; never negative. */
export const lagOf = (point: UploadPoint): number => Math.max(0, point.recorded - point.acknowledged);

/** Whether a sample may be stored now, the previous one of its kind having been stored at `lastAt`. */
export const uploadSampleDue = (lastAt: number | undefined, now: number): boolean =>
  lastAt === undefined || now - lastAt >= UPLOAD_SAMPLE_MIN_GAP_MS;

/** A recording part as the server holds it. */
export interface ReceivedPart {
  readonly id: string;
  readonly kind: RecordingKind;
  readonly bytesReceived: number;
}

/**
 * The totals of one kind from the server's parts and what the device reported per part: acknowledged is what the
 * server received; recorded is, per part, the larger of the reported and the received bytes (a part the device no
 * longer holds, or did not report, is as recorded as it was received). Null when the candidate has no part of it.
 */
export function uploadTotals(kind: UploadKind, parts: readonly ReceivedPart[], reported: ReadonlyMap<string, number>): Omit<UploadPoint, 'at'> | null {
  const ofKind = parts.filter((part) => uploadKindOf(part.kind) === kind);
  if (ofKind.length === 0) return null;
  let recorded = 0;
  let acknowledged = 0;
  for (const part of ofKind) {
    acknowledged += part.bytesReceived;
    recorded += Math.max(part.bytesReceived, reported.get(part.id) ?? 0);
  }
  return { recorded, acknowledged };
}

/** The next sample of a kind after `previous`: its lagSince carried on while the lag lasts. */
export function nextUploadSample(previous: UploadLatest | undefined, point: UploadPoint): UploadLatest {
  if (lagOf(point) <= UPLOAD_LAG_BYTES) return point;
  return { ...point, lagSince: previous && previous.lagSince !== undefined ? previous.lagSince : point.at };
}

/** Whether a sample says something new to the supervisors (the grid shows it): the first, or other byte counts. */
export const uploadSampleChanged = (previous: UploadPoint | undefined, next: UploadPoint): boolean =>
  !previous || previous.recorded !== next.recorded || previous.acknowledged !== next.acknowledged;

/**
 * A sitting's totals over time from its candidates' series of one kind: at each step, the sum of every candidate's
 * latest sample at or before it (a candidate's figures hold until their next sample). Steps of `stepMs` from the
 * first sample to the last, widened so that there are at most `maxPoints`.
 */
export function sittingTotals(series: readonly (readonly UploadPoint[])[], stepMs = 10_000, maxPoints = 720): UploadPoint[] {
  const nonEmpty = series.filter((points) => points.length > 0);
  if (nonEmpty.length === 0) return [];
  const first = Math.min(...nonEmpty.map((points) => points[0]!.at));
  const last = Math.max(...nonEmpty.map((points) => points.at(-1)!.at));
  const step = Math.max(stepMs, Math.ceil((last - first) / Math.max(1, maxPoints - 1)));
  const cursors = nonEmpty.map(() => -1);
  const totals: UploadPoint[] = [];
  for (let at = first; ; at = Math.min(at + step, last)) {
    let recorded = 0;
    let acknowledged = 0;
    nonEmpty.forEach((points, i) => {
      let cursor = cursors[i]!;
      while (cursor + 1 < points.length && points[cursor + 1]!.at <= at) cursor += 1;
      cursors[i] = cursor;
      if (cursor >= 0) {
        recorded += points[cursor]!.recorded;
        acknowledged += points[cursor]!.acknowledged;
      }
    });
    totals.push({ at, recorded, acknowledged });
    if (at >= last) return totals;
  }
}

/** What a device tells the server in its heartbeat: the bytes it recorded of each part it still uploads. */
export interface UploadReport {
  readonly recordings: readonly { readonly id: string; readonly bytesRecorded: number }[];
}

/**
 * The heartbeat's report from the upload queue's progress: the parts not yet done, newest last, at most
 * UPLOAD_REPORT_MAX_PARTS (a done part is wholly on the server, which counts it from its own bytes).
 */
export function uploadReportOf(progress: readonly { readonly recordingId: string; readonly bytesRecorded: number; readonly state: string }[]): UploadReport {
  const open = progress.filter((recording) => recording.state !== 'done');
  return { recordings: open.slice(-UPLOAD_REPORT_MAX_PARTS).map((recording) => ({ id: recording.recordingId, bytesRecorded: recording.bytesRecorded })) };
}
