/**
 * Vue 3 components over the examroom web components, generated from them by Stencil's Vue output target
 * (src/generated, rewritten by every build of @examroom/elements): props are the elements' properties, events keep
 * the elements' names (`@examFinish`, `@examStageChange`, …). Importing a component defines its element, and
 * `<ExamRoom>` every stage it shows.
 */
export { ExamAdminConsole, ExamEvidenceRecorder, ExamProctorConsole, ExamRoom } from './generated/components.js';
export type { ExamFinishDetail, ExamStageChangeDetail, EvidenceEndDetail, ProctorCommandDetail, AdminCommandDetail, EvidenceCommandDetail } from '@examroom/elements';
