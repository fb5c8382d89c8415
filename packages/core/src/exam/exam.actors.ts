/**
 * Every side effect of examMachine, built from the ports and grouped by concern under actors/. The machine names
 * these in setup(); createExamActor provides them with real ports, tests with fakes. Ports are read only when an
 * actor runs, so that examMachine can be defined before any port exists.
 */
import type { ExamPorts } from '../ports/index.js';
import { deviceCheckActors } from './actors/device-checks.js';
import { incidentActors } from './actors/incidents.js';
import { mediaActors } from './actors/media.js';
import { recordingActors } from './actors/recordings.js';
import { requestActors } from './actors/requests.js';
import { sessionActors } from './actors/session.js';
import { timerActors } from './actors/timers.js';
import { windowLockActors } from './actors/window-lock.js';
import { uploadReportOf, type UploadReport } from '../rules/upload-health.js';
import { liveViewActors } from './actors/live-view.js';
import { faceCheckActors } from './actors/face-checks.js';
import { faceLoginActors } from './exam.face-login.js';

export type { IncidentCommand } from './actors/incidents.js';
export type { PairingResult } from './actors/requests.js';
export type { LoadedExam, LoadedMe } from './actors/session.js';

export function createExamActors(ports: ExamPorts) {
  /** The bytes recorded of the parts still uploading, as the heartbeat reports them (upload health). */
  let uploadReport: UploadReport | undefined;
  return {
    ...deviceCheckActors(ports),
    ...sessionActors(ports, () => uploadReport),
    ...requestActors(ports),
    ...timerActors(ports),
    ...mediaActors(ports),
    ...incidentActors(ports),
    ...recordingActors(ports, (recordings) => (uploadReport = uploadReportOf(recordings))),
    ...windowLockActors(ports),
    ...liveViewActors(ports),
    ...faceCheckActors(ports),
    ...faceLoginActors(ports),
  };
}

export type ExamActors = ReturnType<typeof createExamActors>;
