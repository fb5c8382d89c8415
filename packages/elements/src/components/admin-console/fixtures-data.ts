/** The records the administrator console's fixtures show: one institution's exam, its sittings, sets and supervisors. */
import type { AdminCandidate, AdminExam, AdminQuestionSet, AdminSitting, AdminSupervisor, AuditEntry, RosterReport, SittingResults } from '@examroom/core';

/** 2026-03-01 09:00 Beijing time. */
const MARCH_FIRST_9AM = Date.UTC(2026, 2, 1, 1, 0);
const HOUR = 3_600_000;

export const exam: AdminExam = { id: 'exam-1', title: '2026 年硕士研究生复试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: true, answerMs: 600_000 }, sittings: 2, questions: 3 };
export const otherExam: AdminExam = { id: 'exam-2', title: '2026 年博士生面试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: false, faceLogin: false }, sittings: 0, questions: 0 };

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

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '涛'];

/** 120 candidates of the first sitting: more than a screen, fewer than ROSTER_SHOWN_MAX. */
export const candidates: readonly AdminCandidate[] = Array.from({ length: 120 }, (_, i) => ({
  id: `candidate-${i + 1}`,
  name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i >= 60 ? GIVEN[(i * 5) % GIVEN.length] : ''}`,
  idNumberMasked: `1101**********${String(1000 + i).slice(-4)}`,
  admissionNumber: `2026${String(i + 1).padStart(5, '0')}`,
  sittingId: 'sitting-1',
  photo: i % 9 !== 0,
  entered: false,
}));

/** A 500-row roster checked with three bad rows. */
export const badRosterReport: RosterReport = {
  rows: 500,
  valid: false,
  create: 380,
  update: 0,
  unchanged: 117,
  problems: [
    { line: 12, column: 'admissionNumber', code: 'ADMISSION_NUMBER_DUPLICATE', message: '该准考证号在文件中出现了不止一次。' },
    { line: 43, column: 'idNumber', code: 'ID_NUMBER_CHECKSUM', message: '身份证号校验位不正确，请核对是否有录入错误。' },
    { line: 201, column: 'sitting', code: 'SITTING_UNKNOWN', message: '本考试没有这个场次（按场次名称或编号查找）。' },
    { line: 351, column: 'admissionNumber', code: 'ADMISSION_NUMBER_DUPLICATE', message: '该准考证号在文件中出现了不止一次。' },
  ],
};
export const goodRosterReport: RosterReport = { rows: 500, valid: true, create: 380, update: 3, unchanged: 117, problems: [] };

/** The first sitting's results: one finished with a verdict, one still answering, one absent. */
export const sittingResults: SittingResults = {
  examId: 'exam-1',
  examTitle: exam.title,
  timeZone: 'Asia/Shanghai',
  sittingId: 'sitting-1',
  sittingName: '第一场',
  startsAt: MARCH_FIRST_9AM,
  generatedAt: MARCH_FIRST_9AM + 2 * HOUR,
  rows: [
    {
      candidateId: 'candidate-1', name: '王伟', idNumberMasked: '1101**********1000', admissionNumber: '202600001', attended: true,
      firstLoginAt: MARCH_FIRST_9AM - 20 * 60_000, enteredAt: MARCH_FIRST_9AM - 5 * 60_000, finishedAt: MARCH_FIRST_9AM + 14 * 60_000, finishReason: 'completed', lot: 3,
      incidents: [{ kind: 'windowBlur', count: 2 }], evidence: 'onTime', evidenceDueAt: MARCH_FIRST_9AM + 30 * 60_000,
      verdict: { verdict: 'passed', comment: '', supervisorId: 'supervisor-1', supervisorName: 'teacher.li', at: MARCH_FIRST_9AM + HOUR },
      recordings: [
        { id: 'rec-1', kind: 'camera', part: 1, complete: true, bytes: 90_000_000, durationMs: 840_000, url: '/api/v1/admin/recordings/rec-1/file' },
        { id: 'rec-2', kind: 'screen', part: 1, complete: true, bytes: 60_000_000, durationMs: 840_000, url: '/api/v1/admin/recordings/rec-2/file' },
        { id: 'rec-3', kind: 'evidence', part: 1, complete: true, bytes: 80_000_000, durationMs: 900_000, url: '/api/v1/admin/recordings/rec-3/file' },
      ],
    },
    {
      candidateId: 'candidate-2', name: '李芳', idNumberMasked: '1101**********1001', admissionNumber: '202600002', attended: true,
      firstLoginAt: MARCH_FIRST_9AM - 10 * 60_000, enteredAt: MARCH_FIRST_9AM + 2 * 60_000, finishedAt: null, finishReason: null, lot: 7,
      incidents: [], evidence: 'pending', evidenceDueAt: MARCH_FIRST_9AM + 30 * 60_000, verdict: null,
      recordings: [{ id: 'rec-4', kind: 'camera', part: 1, complete: false, bytes: 12_000_000, durationMs: null, url: null }],
    },
    {
      candidateId: 'candidate-3', name: '张娜', idNumberMasked: '1101**********1002', admissionNumber: '202600003', attended: false,
      firstLoginAt: null, enteredAt: null, finishedAt: null, finishReason: null, lot: null, incidents: [], evidence: 'notEntered', evidenceDueAt: MARCH_FIRST_9AM + 30 * 60_000, verdict: null, recordings: [],
    },
  ],
};
