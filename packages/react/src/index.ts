/**
 * React components over the examroom web components, generated from them by Stencil's React output target
 * (src/generated, rewritten by every build of @examroom/elements): props are the elements' properties, events are
 * `on` + the event's name (`onExamFinish`, `onExamStageChange`, …). Importing a component defines its element, and
 * `<ExamRoom>` every stage it shows.
 */
export { ExamAdminConsole, ExamEvidenceRecorder, ExamProctorConsole, ExamRoom } from './generated/components.js';
export type { ExamAdminConsoleEvents, ExamEvidenceRecorderEvents, ExamProctorConsoleEvents, ExamRoomEvents } from './generated/components.js';
export type { ExamFinishDetail, ExamStageChangeDetail, EvidenceEndDetail, ProctorCommandDetail, AdminCommandDetail, EvidenceCommandDetail } from '@examroom/elements';
