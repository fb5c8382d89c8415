/**
 * Upload health: samples of the bytes each recording kind recorded on the candidate's devices (as the candidate's
 * page and the phone report them in their heartbeats) against the bytes the server acknowledged (its tus offsets,
 * `RecordingRow.bytesReceived`), kept over time per candidate and kind, and served to the supervisors who watch the
 * sitting. The rules (totals, sampling interval, lag) are core's `rules/upload-health.ts`.
 */
import {
  nextUploadSample,
  sittingTotals,
  UPLOAD_KINDS,
  uploadKindOf,
  uploadSampleChanged,
  uploadSampleDue,
  uploadTotals,
  type UploadKind,
  type UploadLatest,
  type UploadPoint,
} from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { Principal } from '../dispatcher.types.js';
import type { ExamDomain } from '../exam-domain.types.js';
import type { Repository, UploadSampleRow } from '../repository.js';
import { asSupervisor, mapInOrder, watched, watchedSitting, type DomainServices } from './context.js';

export type UploadHealthCalls = Pick<ExamDomain, 'getCandidateUploadHealth' | 'getSittingUploadHealth'>;

/** The kinds each device records: the candidate's page its camera and screen, the phone the evidence. */
const KINDS_OF: Readonly<Record<Principal['role'], readonly UploadKind[]>> = { candidate: ['camera', 'screen'], phone: ['phone'], supervisor: [], administrator: [] };

const pointOf = (row: UploadSampleRow): UploadPoint => ({ at: row.at, recorded: row.recorded, acknowledged: row.acknowledged });
const latestOf = (row: UploadSampleRow): UploadLatest => ({ ...pointOf(row), ...(row.lagSince !== null ? { lagSince: row.lagSince } : {}) });

/**
 * A heartbeat's report: for each kind the device records, a sample of the candidate's totals when one is due (at most
 * one per UPLOAD_SAMPLE_MIN_GAP_MS per candidate and kind) and the candidate has a part of it. Parts the report names
 * that are not the caller's own kinds are not counted. A sample with other byte counts than the one before tells the
 * supervisors (candidate.status), so pushes come at most as often as samples. Without a report nothing is sampled.
 */
export async function sampleUploads(ctx: DomainServices, principal: Principal, body: C.HeartbeatRequest | undefined): Promise<void> {
  const kinds = KINDS_OF[principal.role];
  if (!body?.recordings || kinds.length === 0) return;
  const reports = body.recordings;
  await ctx.run(async (ctx) => {
    const now = ctx.clock.now();
    const parts = await ctx.repo.listRecordings(principal.subjectId);
    const own = new Set(parts.filter((part) => kinds.includes(uploadKindOf(part.kind))).map((part) => part.id));
    const reported = new Map(reports.filter((report) => own.has(report.id)).map((report) => [report.id, report.bytesRecorded]));
    for (const kind of kinds) {
      const previous = await ctx.repo.latestUploadSample(principal.subjectId, kind);
      if (!uploadSampleDue(previous?.at, now)) continue;
      const totals = uploadTotals(kind, parts, reported);
      if (!totals) continue;
      const sample = nextUploadSample(previous && latestOf(previous), { at: now, ...totals });
      const { at, recorded, acknowledged, lagSince } = sample;
      await ctx.repo.insertUploadSample({ candidateId: principal.subjectId, kind, at, recorded, acknowledged, lagSince: lagSince ?? null });
      if (uploadSampleChanged(previous, sample)) ctx.tx.statusChanged(principal.subjectId);
    }
  });
}

/** A candidate's latest sample per kind, as CandidateStatus.upload carries it; undefined before the first. */
export async function uploadLatestOf(repo: Repository, candidateId: string): Promise<C.UploadLatestByKindBody | undefined> {
  const entries: [UploadKind, UploadLatest][] = [];
  for (const kind of UPLOAD_KINDS) {
    const row = await repo.latestUploadSample(candidateId, kind);
    if (row) entries.push([kind, latestOf(row)]);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A candidate's series per kind, oldest first, and the latest sample of each kind (read once, for both). */
async function seriesOf(repo: Repository, candidateId: string): Promise<{ series: Record<UploadKind, UploadPoint[]>; latest: C.UploadLatestByKindBody }> {
  const series: Record<UploadKind, UploadPoint[]> = { camera: [], screen: [], phone: [] };
  const latest: Partial<Record<UploadKind, UploadLatest>> = {};
  for (const row of await repo.listUploadSamples(candidateId)) {
    series[row.kind].push(pointOf(row));
    latest[row.kind] = latestOf(row);
  }
  return { series, latest };
}

export function createUploadHealthCalls(ctx: DomainServices): UploadHealthCalls {
  return {
    getCandidateUploadHealth: (principal, candidateId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const { candidate } = await watched(ctx, supervisor, candidateId);
        return { candidateId: candidate.id, series: (await seriesOf(ctx.repo, candidate.id)).series };
      }),

    getSittingUploadHealth: (principal, sittingId) =>
      asSupervisor(ctx, principal, async (supervisor, _now, ctx) => {
        const { sitting } = await watchedSitting(ctx, supervisor, sittingId);
        const candidates = await mapInOrder(await ctx.repo.listCandidates(sitting.id), async (candidate) => ({ candidate, ...(await seriesOf(ctx.repo, candidate.id)) }));
        const totalsOf = (kind: UploadKind) => sittingTotals(candidates.map(({ series }) => series[kind]));
        return {
          sittingId: sitting.id,
          totals: { camera: totalsOf('camera'), screen: totalsOf('screen'), phone: totalsOf('phone') },
          candidates: candidates.map(({ candidate, latest }) => ({ candidateId: candidate.id, name: candidate.name, latest })),
        };
      }),
  };
}
