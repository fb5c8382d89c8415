/** Turns browser integrity signals into incidents for the supervisor (R6, R7, R13, R15, R26) and reports them reliably. */
import { Observable, defer, distinctUntilChanged, filter, map, startWith } from 'rxjs';
import { fromPort } from './from-port.js';
import { ErrorCode, ExamError, errorCodeOf } from '../errors/error-codes.js';
import type { ReportedIncident, ReportedIncidentKind } from '../ports/exam-api.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { IntegritySignal, IntegritySignals } from '../ports/integrity.port.js';

/** Identical incidents closer together than this are one event in practice (see incidents$). */
export const INCIDENT_DEDUPE_MS = 1_000;

/** Delays before the 1st, 2nd, … retry of a failed incident report; the last one repeats until the send succeeds. */
export const DEFAULT_INCIDENT_RETRY_MS: readonly number[] = Object.freeze([1_000, 2_000, 5_000, 10_000, 30_000]);

export interface IncidentsOptions {
  /** The browser's integrity signals. */
  readonly signals: IntegritySignals;
  /** Server time in epoch ms; stamps each incident's `at`. */
  readonly now: () => number;
  /** Makes incident ids; defaults to crypto.randomUUID. */
  readonly newId?: () => string;
  /** Window within which an identical incident is dropped; defaults to INCIDENT_DEDUPE_MS. */
  readonly dedupeMs?: number;
}

/**
 * Incidents from the browser's integrity signals, stamped with server time and a fresh id.
 *
 * Browsers fire bursts for one act: switching away (切屏) fires blur then visibilitychange, and a flaky focus can
 * fire blur several times a second. So an incident is dropped when one of the same kind and detail was emitted less
 * than `dedupeMs` (1 s) earlier by server time; different kinds are never merged, so a blur followed by pageHidden
 * yields both and the reviewer sees what the browser saw. `offline`/`online` are state changes rather than acts:
 * they are emitted on every change of network state, however close together, and a repeat of the same state is
 * dropped however far apart, so the log always ends in the true state.
 */
export function incidents$(options: IncidentsOptions): Observable<ReportedIncident> {
  const { signals, now } = options;
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const dedupeMs = options.dedupeMs ?? INCIDENT_DEDUPE_MS;
  return defer(() => {
    // Per subscription, so two subscribers do not suppress each other's incidents.
    const lastEmittedAt = new Map<string, number>();
    let networkKind: ReportedIncidentKind | undefined;
    return fromPort(signals.signals()).pipe(
      map((signal) => ({ ...incidentOf(signal), at: now() })),
      filter(({ kind, detail, at }) => {
        if (kind === 'offline' || kind === 'online') {
          if (kind === networkKind) return false;
          networkKind = kind;
          return true;
        }
        const key = detail === undefined ? kind : `${kind}:${detail}`;
        const last = lastEmittedAt.get(key);
        // A negative gap means the server-time estimate moved back (re-sync); emit rather than guess.
        if (last !== undefined && at - last >= 0 && at - last < dedupeMs) return false;
        lastEmittedAt.set(key, at);
        return true;
      }),
      map(({ kind, detail, at }): ReportedIncident => (detail === undefined ? { id: newId(), kind, at } : { id: newId(), kind, at, detail })),
    );
  });
}

/**
 * Whether the browser is online: the current state on subscribe, then every change signalled by `online`/`offline`.
 */
export function networkStatus$(signals: IntegritySignals): Observable<boolean> {
  // defer: read isOnline() when subscribed, not when the stream is built.
  return defer(() =>
    fromPort(signals.signals()).pipe(
      filter((signal) => signal.kind === 'online' || signal.kind === 'offline'),
      map((signal) => signal.kind === 'online'),
      startWith(signals.isOnline()),
      distinctUntilChanged(),
    ),
  );
}

export interface IncidentReporterOptions {
  /** Sends one incident; rejects on failure. ExamApi.reportIncident fits. */
  readonly report: (incident: ReportedIncident) => Promise<void>;
  /** Timers for the retry delays; defaults to the global setTimeout/clearTimeout. A Clock fits. */
  readonly timers?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Delays before successive retries of a failed send; the last repeats forever. Defaults to DEFAULT_INCIDENT_RETRY_MS. */
  readonly retryMs?: readonly number[];
}

export interface IncidentReporter {
  /** Queues an incident to be sent after those queued before it. An id already queued is ignored. */
  report(incident: ReportedIncident): void;
  /** Incidents not yet acknowledged by the server, including the one being sent. */
  pending(): number;
  /** Stops sending and cancels a scheduled retry; incidents still queued stay counted in pending(). */
  stop(): void;
}

/**
 * A queue that sends incidents one at a time in the order they happened and retries a failed send with backoff
 * until it succeeds. The server stores incidents idempotently by id, so resending one whose acknowledgement was lost
 * is harmless; dropping one is not, because a reviewer must see every flag.
 */
/** Answers after which resending the same incident cannot succeed. */
// EXAM_FINISHED: after finishing the server takes no more incidents, however often they are sent.
const REFUSED_FOR_GOOD: ReadonlySet<ErrorCode> = new Set<ErrorCode>([ErrorCode.VALIDATION_FAILED, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.FORBIDDEN, ErrorCode.EXAM_FINISHED]);

export function createIncidentReporter(options: IncidentReporterOptions): IncidentReporter {
  const timers = options.timers ?? {
    setTimeout: (callback: () => void, ms: number): unknown => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle: unknown): void => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const retryMs = options.retryMs && options.retryMs.length > 0 ? options.retryMs : DEFAULT_INCIDENT_RETRY_MS;
  const queue: ReportedIncident[] = [];
  let sending = false;
  let retryTimer: unknown;
  let retryScheduled = false;
  let failures = 0;
  let stopped = false;

  function sendNext(): void {
    const incident = queue[0];
    if (stopped || sending || retryScheduled || incident === undefined) return;
    sending = true;
    // new Promise: a report() that throws synchronously counts as a failed send, not a crash of the caller.
    new Promise<void>((resolve) => resolve(options.report(incident))).then(
      () => {
        sending = false;
        failures = 0;
        queue.shift();
        sendNext();
      },
      (error: unknown) => {
        sending = false;
        if (stopped) return;
        if (REFUSED_FOR_GOOD.has(errorCodeOf(error))) {
          // The server will never take this one (e.g. a malformed incident): retrying it would block every later one.
          queue.shift();
          sendNext();
          return;
        }
        // RATE_LIMITED says when the server takes more: no sooner than that.
        const retryAfterMs = error instanceof ExamError ? (error.details.retryAfterSeconds ?? 0) * 1000 : 0;
        const delay = Math.max(retryMs[Math.min(failures, retryMs.length - 1)] ?? 0, retryAfterMs);
        failures += 1;
        retryScheduled = true;
        retryTimer = timers.setTimeout(() => {
          retryScheduled = false;
          sendNext();
        }, delay);
      },
    );
  }

  return {
    report(incident) {
      if (queue.some((queued) => queued.id === incident.id)) return;
      queue.push(incident);
      sendNext();
    },
    pending: () => queue.length,
    stop() {
      stopped = true;
      if (retryScheduled) timers.clearTimeout(retryTimer);
      retryScheduled = false;
    },
  };
}

function incidentOf(signal: IntegritySignal): { readonly kind: ReportedIncidentKind; readonly detail?: string } {
  switch (signal.kind) {
    case 'clipboard':
      return { kind: 'clipboard', detail: signal.action };
    case 'deviceRemoved':
      return { kind: 'deviceRemoved', detail: signal.device };
    case 'displayAdded':
      return { kind: 'externalDisplay' };
    case 'windowBlur':
    case 'pageHidden':
    case 'fullscreenExit':
    case 'printScreen':
    case 'offline':
    case 'online':
      return { kind: signal.kind };
  }
}
