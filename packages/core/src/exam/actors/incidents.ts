/** Integrity signals and the network status as machine events, and the incidents sent to the server (R15). */
import { map, merge } from 'rxjs';
import { fromCallback, fromEventObservable } from 'xstate';
import type { ExamPorts } from '../../ports/index.js';
import type { ReportedIncident, ReportedIncidentKind } from '../../ports/exam-api.port.js';
import { createIncidentReporter, incidents$, networkStatus$ } from '../../streams/integrity.js';
import type { IntegrityEvent, NetEvent } from '../exam.types.js';

/** Incidents to send: one the integrity stream made, or one the machine raises (stamped with server time here). */
export type IncidentCommand =
  | { type: 'report'; incident: ReportedIncident }
  | { type: 'raise'; kind: ReportedIncidentKind; detail?: string };

export function incidentActors(ports: ExamPorts) {
  // Incidents carry whole milliseconds: the server clock's estimate may end in .5 (its offset is a midpoint), and the
  // contract's instants are integers, so an unrounded time is refused — and the reporter would retry it forever.
  const incidentTime = () => Math.round(ports.clock.now());

  return {
    /** Integrity signals → incidents, and the network status. */
    integrity: fromEventObservable<NetEvent | IntegrityEvent, void>(() =>
      merge(
        networkStatus$(ports.integrity).pipe(map((online): NetEvent => ({ type: online ? 'net.online' : 'net.offline' }))),
        incidents$({ signals: ports.integrity, now: incidentTime }).pipe(map((incident): IntegrityEvent => ({ type: 'integrity.incident', incident }))),
      ),
    ),

    /** Sends incidents to the server in order, retrying until each is stored. */
    incidentReporter: fromCallback<IncidentCommand>(({ receive }) => {
      const reporter = createIncidentReporter({ report: (incident) => ports.api.reportIncident(incident), timers: ports.clock });
      receive((command) =>
        reporter.report(
          command.type === 'report'
            ? command.incident
            : { id: globalThis.crypto.randomUUID(), kind: command.kind, at: incidentTime(), ...(command.detail ? { detail: command.detail } : {}) },
        ),
      );
      return () => reporter.stop();
    }),
  };
}
