/**
 * The exam domain: every rule, enforced on the server's clock, over a Repository. The reference server and the MSW
 * handlers both run it. The rules a candidate meets (login window, entry, takeover, stage order, lots, questions,
 * finish) are core's pure functions (`@examroom/core` rules/access.ts), which core's in-memory backend calls too.
 * Each part of the domain is its own module, by who calls it: sessions, candidate, phone, supervisor, recordings
 * dev seeding and the administrator's (admin, admin-questions, admin-supervisors, with the audit log), over one transaction that publishes live events only after it commits.
 *
 * Notes on choices that are not obvious from the contract:
 * - Lots at entry time (R11) are assigned lazily, see settleSitting in exam-domain/context.ts.
 * - Pairing codes are stored as `crypto.hashToken(code)`, like session tokens: a leaked database pairs no phone.
 * - ID numbers are compared in upper case (a mainland ID's check character X is often typed x), and stored only as a
 *   keyed hash (for lookups) and masked (for display): DomainCrypto.idNumberHash, storedIdNumber.
 */
import type { ExamDomain, ExamDomainOptions } from './exam-domain.types.js';
import { AttemptCounter } from './exam-domain/attempts.js';
import { candidateStatus } from './exam-domain/bodies.js';
import { createCandidateCalls } from './exam-domain/candidate.js';
import { candidateScheduleOf, domainServices } from './exam-domain/context.js';
import { createDevCalls } from './exam-domain/dev.js';
import { createPhoneCalls } from './exam-domain/phone.js';
import { createRecordingCalls } from './exam-domain/recordings.js';
import { createSessionCalls } from './exam-domain/sessions.js';
import { createSupervisorCalls } from './exam-domain/supervisor.js';
import { createInterventionCalls } from './exam-domain/interventions.js';
import { createReviewCalls } from './exam-domain/review.js';
import { createTransactions } from './exam-domain/transaction.js';
import { createUploadHealthCalls } from './exam-domain/upload-health.js';
import { createLiveViewCalls } from './exam-domain/live-view.js';
import { createAdminCalls } from './exam-domain/admin.js';
import { createAdminQuestionCalls } from './exam-domain/admin-questions.js';
import { createAdminSupervisorCalls } from './exam-domain/admin-supervisors.js';
import { createAdminExportCalls } from './exam-domain/admin-exports.js';
import { createAdminRosterCalls } from './exam-domain/admin-roster.js';
import { createAdminPhotoCalls } from './exam-domain/admin-photos.js';
import { createFaceCalls } from './exam-domain/face-login.js';
import { createVirtualCameraCalls } from './exam-domain/virtual-camera.js';
import { createFaceCheckCalls } from './exam-domain/face-check.js';

export { ATTEMPT_LIMITS, LOGIN_THROTTLE, loginDelayMs } from './exam-domain/attempts.js';
export { FACE_CHECK_INCIDENT_GAP_MS, FACE_CHECK_INTERVAL_MS } from './exam-domain/face-check.js';

export function createExamDomain(options: ExamDomainOptions): ExamDomain {
  const { repo, clock } = options;
  // Built at commit time with the candidate's own schedule (their extra time), read without settling anything.
  const transactions = createTransactions(repo, (tx, candidateId) => candidateStatus(tx, candidateId, clock.now(), (row) => candidateScheduleOf(tx, row)));
  const ctx = domainServices(options, transactions, new AttemptCounter(clock));
  const sessions = createSessionCalls(ctx);
  return {
    subscribe: transactions.subscribe,
    subscribeSessionEnds: transactions.subscribeSessionEnds,
    ...sessions,
    ...createCandidateCalls(ctx),
    ...createPhoneCalls(ctx),
    ...createSupervisorCalls(ctx),
    ...createInterventionCalls(ctx),
    ...createReviewCalls(ctx, sessions.authenticate),
    ...createRecordingCalls(ctx),
    ...createDevCalls(ctx),
    ...createUploadHealthCalls(ctx),
    ...createLiveViewCalls(ctx),
    ...createAdminCalls(ctx),
    ...createAdminQuestionCalls(ctx),
    ...createAdminSupervisorCalls(ctx),
    ...createAdminExportCalls(ctx),
    ...createAdminRosterCalls(ctx),
    ...createAdminPhotoCalls(ctx),
    ...createFaceCalls(ctx),
    ...createVirtualCameraCalls(ctx),
    ...createFaceCheckCalls(ctx),
  };
}
