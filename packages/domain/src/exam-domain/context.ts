/**
 * What every part of the domain shares: its options, the transaction, the attempts limiter, and the ways a call
 * reaches its subject — a candidate (with their sitting, exam and schedule, and the sitting's lots settled), the
 * phone's candidate, or a supervisor.
 */
import {
  accommodatedPolicy,
  ErrorCode,
  ExamError,
  furthestStage,
  scheduleOf,
  settledLots,
  smallestFreeLot,
  timedOut,
  type ErrorDetails,
  type EvidenceState,
  type ProgressStage,
  type Schedule,
} from '@examroom/core';
import type { DomainClock, Principal } from '../dispatcher.types.js';
import type { DomainCrypto, ExamDomainOptions } from '../exam-domain.types.js';
import type { CandidateRow, ExamRow, Repository, SessionRole, SittingRow, SupervisorRow } from '../repository.js';
import type { AttemptCounter } from './attempts.js';
import { defined, evidenceStatusOf } from './bodies.js';
import { settleEvidenceLate } from './evidence-late.js';
import { settlePhoneSilence } from './phone-incidents.js';
import type { CallEvents, Transactions } from './transaction.js';

/** What every call shares, before it has a transaction. */
export interface DomainServices {
  readonly options: ExamDomainOptions;
  readonly clock: DomainClock;
  readonly crypto: DomainCrypto;
  /** Shared by every login and the phone's pairing, so that one address's limit counts across them. */
  readonly attempts: AttemptCounter;
  /** When this server last settled each sitting (domain time; see contextOf): a hint that saves reading whole sittings. */
  readonly settledSittings: Map<string, number>;
  /**
   * Runs a call's work in one transaction with the call's own context (its repository and outbox); inside a call, as
   * part of the call's transaction.
   */
  run<T>(work: (ctx: DomainContext) => Promise<T>): Promise<T>;
}

/**
 * One call's context: the repository bound to its transaction and the outbox of its live events. Each call has its
 * own, so concurrent calls never share a transaction; the work of a call is written against the `ctx` it is given.
 */
export interface DomainContext extends DomainServices {
  readonly repo: Repository;
  readonly tx: CallEvents;
}

export function domainServices(options: ExamDomainOptions, transactions: Transactions, attempts: AttemptCounter): DomainServices {
  const services: DomainServices = {
    options,
    clock: options.clock,
    crypto: options.crypto,
    attempts,
    settledSittings: new Map(),
    run: (work) => transactions.run((repo, tx) => work(callContext(services, repo, tx))),
  };
  return services;
}

function callContext(services: DomainServices, repo: Repository, tx: CallEvents): DomainContext {
  const ctx: DomainContext = { ...services, repo, tx, run: (work) => work(ctx) };
  return ctx;
}

export interface CandidateContext {
  readonly candidate: CandidateRow;
  readonly sitting: SittingRow;
  readonly exam: ExamRow;
  readonly schedule: Schedule;
  readonly now: number;
}

export function fail(code: ErrorCode, details?: ErrorDetails): never {
  throw new ExamError(code, code, details);
}

export function assertRole(principal: Principal, ...roles: SessionRole[]): void {
  if (!roles.includes(principal.role)) fail(ErrorCode.FORBIDDEN);
}

/**
 * A sitting's schedule under its exam's policy, the sitting's own policy over it; with `candidate`, that candidate's
 * own schedule: their extra time and a late entry supervisors allowed (accommodatedPolicy).
 */
export function scheduleFor(exam: ExamRow, sitting: SittingRow, candidate?: CandidateRow): Schedule {
  const schedule = scheduleOf({
    startsAt: sitting.startsAt,
    ...(sitting.entryOpensAt !== null ? { entryOpensAt: sitting.entryOpensAt } : {}),
    policy: { ...defined(exam.policy), ...defined(sitting.policy) },
  });
  if (!candidate || (candidate.extraTimeMs === 0 && candidate.lateEntryAllowedAt === null)) return schedule;
  return scheduleOf({
    startsAt: sitting.startsAt,
    entryOpensAt: schedule.entryOpensAt,
    policy: accommodatedPolicy(schedule.policy, { extraTimeMs: candidate.extraTimeMs, lateEntryAllowed: candidate.lateEntryAllowedAt !== null }),
  });
}

/** A candidate's own schedule straight from the repository (for bodies built outside a call's context), or null. */
export async function candidateScheduleOf(repo: Repository, candidate: CandidateRow): Promise<Schedule | null> {
  const sitting = await repo.getSitting(candidate.sittingId);
  const exam = sitting && await repo.getExam(sitting.examId);
  return sitting && exam ? scheduleFor(exam, sitting, candidate) : null;
}

/**
 * R11 and R1, settled lazily instead of by timers that must survive restarts: from entryOpensAt on every candidate of
 * the sitting has a lot (the missing ones filled in candidate order, settledLots), and every candidate still answering
 * at their deadline is finished then, as timeUp. Every call that reads or changes a candidate of the sitting settles
 * it first, so nobody can tell it from timers that fired at those instants.
 */
export async function settleSitting(ctx: DomainContext, exam: ExamRow, sitting: SittingRow, now: number): Promise<void> {
  const schedule = scheduleFor(exam, sitting);
  const candidates = await ctx.repo.listCandidates(sitting.id);
  const lots = settledLots(
    candidates.map((c) => c.lot),
    schedule,
    now,
  );
  for (const [i, candidate] of candidates.entries()) {
    const withLot = candidate.lot === lots[i] ? candidate : { ...candidate, lot: lots[i]! };
    // Each at their own deadline: extra time moves it.
    const settled = timedOut(withLot, scheduleFor(exam, sitting, withLot), now);
    if (settled !== candidate) await updateCandidate(ctx, settled);
  }
  ctx.settledSittings.set(sitting.id, now);
}

/** After the deadline, how often one server settles a sitting's other candidates on a candidate's call. */
export const SETTLE_OTHERS_EVERY_MS = 1_000;

/**
 * Whether a candidate's call settles their whole sitting (settleSitting reads every candidate of it), or has nothing
 * to settle beyond the candidate. The candidate's own lot and deadline are always settled exactly: the whole sitting
 * is settled when the candidate lacks a lot after entryOpensAt or is past their deadline, and otherwise when the
 * sitting could have changed since this server last settled it: at the first call after entryOpensAt and after the
 * deadline, and after the deadline once every SETTLE_OTHERS_EVERY_MS (others who stopped calling are finished then
 * too). Between entry and the deadline nothing changes by time alone, so the calls of hundreds of candidates uploading
 * every second read one candidate each, not the whole sitting each. Supervisors' calls and the exports always settle
 * the whole sitting (settleSitting). Kept per server: each decides on its own clock, and a settle repeated by another
 * server changes nothing.
 */
function sittingNeedsSettling(ctx: DomainContext, exam: ExamRow, sitting: SittingRow, candidate: CandidateRow, now: number): boolean {
  const schedule = scheduleFor(exam, sitting);
  if (now < schedule.entryOpensAt) return false;
  if (candidate.lot === null || timedOut(candidate, scheduleFor(exam, sitting, candidate), now) !== candidate) return true;
  const last = ctx.settledSittings.get(sitting.id);
  // Never, or the dev clock moved back.
  if (last === undefined || now < last) return true;
  if (last < schedule.entryOpensAt) return true;
  if (now < schedule.deadline) return false;
  return last < schedule.deadline || now - last >= SETTLE_OTHERS_EVERY_MS;
}

/** The candidate with their sitting, exam and schedule, after settling the sitting (lots, time up) where it may have changed. */
export async function contextOf(ctx: DomainContext, candidateId: string, missing: ErrorCode): Promise<CandidateContext> {
  const { repo } = ctx;
  const now = ctx.clock.now();
  let candidate = (await repo.getCandidate(candidateId)) ?? fail(missing);
  const sitting = (await repo.getSitting(candidate.sittingId)) ?? fail(ErrorCode.NOT_FOUND);
  const exam = (await repo.getExam(sitting.examId)) ?? fail(ErrorCode.EXAM_NOT_FOUND);
  if (sittingNeedsSettling(ctx, exam, sitting, candidate, now)) {
    await settleSitting(ctx, exam, sitting, now);
    candidate = (await repo.getCandidate(candidateId)) ?? fail(missing);
  }
  const schedule = scheduleFor(exam, sitting, candidate);
  await settleEvidenceLate(ctx, candidate, schedule, now);
  await settlePhoneSilence(ctx, candidate, schedule, now);
  return { candidate, sitting, exam, schedule, now };
}

/** The machine's clock (DomainClock.realNow), which the dev control does not move; server time where there is none. */
export const realNow = (ctx: DomainServices): number => ctx.clock.realNow?.() ?? ctx.clock.now();

export async function updateCandidate(ctx: DomainContext, row: CandidateRow): Promise<CandidateRow> {
  await ctx.repo.updateCandidate(row);
  ctx.tx.statusChanged(row.id);
  return row;
}

/** R11: the candidate's lot, or the smallest free one of their sitting. */
export async function withLot(ctx: DomainContext, candidate: CandidateRow): Promise<CandidateRow> {
  if (candidate.lot !== null) return candidate;
  const lot = smallestFreeLot((await ctx.repo.listCandidates(candidate.sittingId)).map((c) => c.lot));
  return updateCandidate(ctx, { ...candidate, lot });
}

/** R2: the candidate at `stage` when that is further than where they are; progress never moves back. */
export async function advanced(ctx: DomainContext, candidate: CandidateRow, stage: ProgressStage): Promise<CandidateRow> {
  const furthest = furthestStage(candidate.stage, stage);
  if (furthest === candidate.stage) return candidate;
  return await updateCandidate(ctx, { ...candidate, stage: furthest });
}

/** The phone's evidence status changes; the candidate and the supervisors are told after the commit. */
export async function setEvidence(ctx: DomainContext, candidate: CandidateRow, state: EvidenceState, now: number): Promise<CandidateRow> {
  const row = await updateCandidate(ctx, { ...candidate, evidenceState: state, evidenceUpdatedAt: now });
  await emitEvidenceStatus(ctx, row);
  return row;
}

/** The candidate's evidence status, pushed to the candidate's page, the phone and the supervisors after the commit. */
export async function emitEvidenceStatus(ctx: DomainContext, candidate: CandidateRow): Promise<void> {
  ctx.tx.emit({ type: 'evidence.status', candidateId: candidate.id, status: await evidenceStatusOf(ctx.repo, candidate) }, { candidateId: candidate.id, supervisors: true });
}

export async function asCandidate<T>(services: DomainServices, principal: Principal, work: (candidate: CandidateContext, ctx: DomainContext) => T | Promise<T>): Promise<T> {
  assertRole(principal, 'candidate');
  return services.run(async (ctx) => work(await contextOf(ctx, principal.subjectId, ErrorCode.UNAUTHENTICATED), ctx));
}

/** The phone's calls act on the candidate it was paired with. */
export async function asPhone<T>(services: DomainServices, principal: Principal, work: (candidate: CandidateContext, ctx: DomainContext) => T | Promise<T>): Promise<T> {
  assertRole(principal, 'phone');
  return services.run(async (ctx) => work(await contextOf(ctx, principal.subjectId, ErrorCode.UNAUTHENTICATED), ctx));
}

export async function asSupervisor<T>(
  services: DomainServices,
  principal: Principal,
  work: (supervisor: SupervisorRow, now: number, ctx: DomainContext) => T | Promise<T>,
): Promise<T> {
  assertRole(principal, 'supervisor');
  return services.run(async (ctx) => work((await ctx.repo.getSupervisor(principal.subjectId)) ?? fail(ErrorCode.UNAUTHENTICATED), ctx.clock.now(), ctx));
}

/** The one rule of who watches what: a supervisor watches every sitting of their exams, and the sittings named to them. */
export function watchesSitting(supervisor: SupervisorRow, sitting: Pick<SittingRow, 'id' | 'examId'>): boolean {
  return supervisor.examIds.includes(sitting.examId) || (supervisor.sittingIds ?? []).includes(sitting.id);
}

/**
 * A candidate of a sitting the supervisor watches: NOT_FOUND when unknown, FORBIDDEN when not theirs — checked
 * before anything of the candidate is settled, so that another sitting's supervisor changes nothing by asking.
 */
export async function watched(ctx: DomainContext, supervisor: SupervisorRow, candidateId: string): Promise<CandidateContext> {
  const row = (await ctx.repo.getCandidate(candidateId)) ?? fail(ErrorCode.NOT_FOUND);
  const sitting = (await ctx.repo.getSitting(row.sittingId)) ?? fail(ErrorCode.NOT_FOUND);
  if (!watchesSitting(supervisor, sitting)) fail(ErrorCode.FORBIDDEN);
  return contextOf(ctx, candidateId, ErrorCode.NOT_FOUND);
}

/** A sitting the supervisor watches: NOT_FOUND when unknown, FORBIDDEN when not theirs. */
export async function watchedSitting(ctx: DomainContext, supervisor: SupervisorRow, sittingId: string): Promise<{ sitting: SittingRow; exam: ExamRow }> {
  const sitting = (await ctx.repo.getSitting(sittingId)) ?? fail(ErrorCode.NOT_FOUND);
  if (!watchesSitting(supervisor, sitting)) fail(ErrorCode.FORBIDDEN);
  return { sitting, exam: (await ctx.repo.getExam(sitting.examId)) ?? fail(ErrorCode.NOT_FOUND) };
}

/** `items` mapped through `work` one after the other, in order (a call's reads and writes stay in a known order). */
export async function mapInOrder<T, U>(items: readonly T[], work: (item: T, index: number) => Promise<U> | U): Promise<U[]> {
  const results: U[] = [];
  for (const [index, item] of items.entries()) results.push(await work(item, index));
  return results;
}

/** Every candidate of the exam, sitting by sitting. */
export async function candidatesOfExam(repo: Repository, examId: string): Promise<CandidateRow[]> {
  const candidates: CandidateRow[] = [];
  for (const sitting of await repo.listSittings(examId)) candidates.push(...(await repo.listCandidates(sitting.id)));
  return candidates;
}
