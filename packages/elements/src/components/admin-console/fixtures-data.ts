/** The records the administrator console's fixtures show: one institution's exam, its sittings, sets and supervisors. */
import type { AdminExam, AdminQuestionSet, AdminSitting, AdminSupervisor, AuditEntry } from '@examroom/core';

/** 2026-03-01 09:00 Beijing time. */
const MARCH_FIRST_9AM = Date.UTC(2026, 2, 1, 1, 0);
const HOUR = 3_600_000;

export const exam: AdminExam = { id: 'exam-1', title: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: true, answerMs: 600_000 }, sittings: 2 };
export const otherExam: AdminExam = { id: 'exam-2', title: '2026 年博士生面试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: false, faceLogin: false }, sittings: 0 };

export const sittings: readonly AdminSitting[] = [
  { id: 'sitting-1', examId: 'exam-1', name: '第一场', startsAt: MARCH_FIRST_9AM, policy: {}, candidates: 120, entered: 0 },
  { id: 'sitting-2', examId: 'exam-1', name: '第二场', startsAt: MARCH_FIRST_9AM + 4 * HOUR, entryOpensAt: MARCH_FIRST_9AM + 3.5 * HOUR, policy: { answerMs: 900_000 }, candidates: 0, entered: 0 },
];

export const questionSets: readonly AdminQuestionSet[] = [
  {
    id: 'set-1',
    examId: 'exam-1',
    name: 'A 卷',
    questions: [
      { id: 'set-1-q1', order: 1, text: '请用一分钟介绍你自己。' },
      { id: 'set-1-q2', order: 2, text: '你为什么报考本专业？' },
    ],
  },
  { id: 'set-2', examId: 'exam-1', sittingId: 'sitting-2', name: '第二场专用', questions: [{ id: 'set-2-q1', order: 1, text: '请谈谈你本科阶段的研究经历。' }] },
];

export const supervisors: readonly AdminSupervisor[] = [
  { id: 'supervisor-1', username: 'teacher.li', examIds: ['exam-1'], sittingIds: [], disabled: false },
  { id: 'supervisor-2', username: 'teacher.wang', examIds: [], sittingIds: ['sitting-2'], disabled: false },
  { id: 'supervisor-3', username: 'former.zhao', examIds: [], sittingIds: [], disabled: true },
];

export const auditEntries: readonly AuditEntry[] = [
  { id: 'audit-5', at: MARCH_FIRST_9AM + 20 * 60_000, actorRole: 'supervisor', actorId: 'supervisor-1', actorName: 'teacher.li', action: 'candidate.extraTime', targetType: 'candidate', targetId: 'candidate-17', detail: { minutes: 5 } },
  { id: 'audit-4', at: MARCH_FIRST_9AM - 2 * HOUR, actorRole: 'administrator', actorId: 'admin-1', actorName: 'it-office', action: 'supervisor.update', targetType: 'supervisor', targetId: 'supervisor-2', detail: { sittingIds: ['sitting-2'], disabled: false } },
  { id: 'audit-3', at: MARCH_FIRST_9AM - 3 * HOUR, actorRole: 'administrator', actorId: 'admin-1', actorName: 'it-office', action: 'sitting.create', targetType: 'sitting', targetId: 'sitting-2', detail: { name: '第二场' } },
  { id: 'audit-2', at: MARCH_FIRST_9AM - 4 * HOUR, actorRole: 'administrator', actorId: 'admin-1', actorName: 'it-office', action: 'exam.create', targetType: 'exam', targetId: 'exam-1', detail: { title: '2026 年硕士研究生复试' } },
  { id: 'audit-1', at: MARCH_FIRST_9AM - 5 * HOUR, actorRole: 'administrator', actorId: 'admin-1', actorName: 'it-office', action: 'administrator.login', targetType: 'administrator', targetId: 'admin-1', detail: {} },
];
