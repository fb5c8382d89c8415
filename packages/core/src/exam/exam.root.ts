/** What examMachine does whatever the stage: the actors that live as long as it, and the events every stage handles alike. */
import * as inputs from './exam.inputs.js';
import { examSetup } from './exam.setup.js';

export const everyStage = examSetup.createStateConfig({
  // The window lock, recordings, integrity signals and the incident reporter run from the first stage to the last.
  invoke: [
    // Taken at once: 设备准备 waits for it before anything else (R6, one window of this browser has the exam).
    { id: 'windowLock', src: 'windowLock', input: inputs.windowLock },
    { id: 'recordings', src: 'recordings' },
    { id: 'integrity', src: 'integrity' },
    { id: 'incidentReporter', src: 'incidentReporter' },
    // 实时画面: publishes what the recordings actor records, for supervisors to watch.
    { id: 'liveView', src: 'liveView' },
  ],
  on: {
    'net.online': { actions: ['setOnline', 'tellRecordingsOnline'] },
    'net.offline': { actions: ['setOffline', 'tellRecordingsOnline'] },
    'integrity.incident': { guard: 'isMonitored', actions: 'forwardIncident' },
    // While the chat is closed a new supervisor reply counts as unread; the open chat handles the event itself.
    'api.helpMessage': { actions: 'receiveHelpMessage' },
    'api.evidenceStatus': { actions: 'assignEvidence' },
    'api.sessionRevoked': { target: '.barred', actions: 'barForSessionEnd' },
    // A supervisor's interventions: the answer page's timer re-arms itself on a new schedule (answering.ts); a
    // supervisor ends only an interview that was entered, and the stages after it (uploading, finished) ignore it.
    'api.scheduleChanged': { actions: 'assignPushedSchedule' },
    'api.examFinished': { guard: 'isInterviewGoingOn', target: '.uploading', actions: 'finishedByServer' },
    'upload.progress': { actions: 'assignRecordings' },
    'upload.recordersStopped': { actions: 'markRecordersStopped' },
    'upload.error': [
      { guard: 'isStorageLow', actions: ['assignUploadError', { type: 'raiseIncident', params: { kind: 'storageLow' } }] },
      { actions: 'assignUploadError' },
    ],
    'media.volume': { actions: 'assignVolume' },
  },
});
