/** The administrator's console's view models: which stage the snapshot is in and what its view shows. */
import type { AdminTag } from './admin.types.js';
import type { AdminSnapshot, AdminStage } from './admin.view.js';
import { selectAdminAuditView, type AdminAuditView } from './stages/audit.js';
import { selectAdminExamsView, type AdminExamsView } from './stages/exams.js';
import { selectAdminLoginView, type AdminLoginView } from './stages/login.js';
import { selectAdminQuestionSetsView, type AdminQuestionSetsView } from './stages/question-sets.js';
import { selectAdminResultsView, type AdminResultsView } from './stages/results.js';
import { selectAdminRosterView, type AdminRosterView } from './stages/roster.js';
import { selectAdminSittingsView, type AdminExamHeader, type AdminSittingsView } from './stages/sittings.js';
import { selectAdminSupervisorsView, type AdminSupervisorsView } from './stages/supervisors.js';

export type { AdminAuditView, AdminExamHeader, AdminExamsView, AdminLoginView, AdminQuestionSetsView, AdminResultsView, AdminRosterView, AdminSittingsView, AdminSupervisorsView };
export type { AdminSnapshot, AdminStage };

export type AdminView =
  | AdminLoginView
  | AdminExamsView
  | AdminSittingsView
  | AdminQuestionSetsView
  | AdminRosterView
  | AdminResultsView
  | AdminSupervisorsView
  | AdminAuditView;

/** The page shown; `starting`, `resuming` and `loggingOut` show as the login's wait. */
export function selectAdminStage(snapshot: AdminSnapshot): AdminStage {
  if (snapshot.matches({ session: 'exams' })) return 'exams';
  if (snapshot.matches({ session: { exam: 'sittings' } })) return 'sittings';
  if (snapshot.matches({ session: { exam: 'questionSets' } })) return 'questionSets';
  if (snapshot.matches({ session: { exam: 'roster' } })) return 'roster';
  if (snapshot.matches({ session: { exam: 'results' } })) return 'results';
  if (snapshot.matches({ session: 'supervisors' })) return 'supervisors';
  if (snapshot.matches({ session: 'audit' })) return 'audit';
  return 'login';
}

export function selectAdminView(snapshot: AdminSnapshot): AdminView {
  switch (selectAdminStage(snapshot)) {
    case 'exams':
      return selectAdminExamsView(snapshot);
    case 'sittings':
      return selectAdminSittingsView(snapshot);
    case 'questionSets':
      return selectAdminQuestionSetsView(snapshot);
    case 'roster':
      return selectAdminRosterView(snapshot);
    case 'results':
      return selectAdminResultsView(snapshot);
    case 'supervisors':
      return selectAdminSupervisorsView(snapshot);
    case 'audit':
      return selectAdminAuditView(snapshot);
    default:
      return selectAdminLoginView(snapshot);
  }
}

/**
 * Every view state of the console, one tag each: what the elements need a fixture and a story for. The test walks
 * the machine and proves these are exactly its tags.
 */
export const ADMIN_VIEW_STATES = [
  'login:starting',
  'login:entering',
  'login:submitting',
  'login:passwordRequired',
  'login:changingPassword',
  'exams:loading',
  'exams:list',
  'exams:saving',
  'exams:failed',
  'sittings:loading',
  'sittings:list',
  'sittings:saving',
  'sittings:confirming',
  'sittings:failed',
  'questionSets:loading',
  'questionSets:list',
  'questionSets:saving',
  'questionSets:confirming',
  'questionSets:failed',
  'supervisors:loading',
  'supervisors:list',
  'supervisors:saving',
  'supervisors:failed',
  'audit:loading',
  'audit:list',
  'audit:loadingMore',
  'audit:failed',
  'roster:loading',
  'roster:list',
  'roster:previewing',
  'roster:previewed',
  'roster:importing',
  'roster:uploadingPhotos',
  'roster:failed',
  'results:loading',
  'results:list',
  'results:loadingResults',
  'results:downloading',
  'results:failed',
] as const satisfies readonly AdminTag[];
