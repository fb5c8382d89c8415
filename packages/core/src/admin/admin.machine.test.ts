import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { ErrorCode } from '../errors/error-codes.js';
import { createFakeAdminPorts, FAKE_ADMIN, type FakeAdminPorts } from '../testing/fake-admin.js';
import { createAdminActor } from './create-admin-actor.js';
import { adminMachine } from './admin.machine.js';
import { ADMIN_VIEW_STATES, selectAdminView, type AdminView } from './admin.selectors.js';
import type { AdminEvent } from './admin.types.js';

const NOW = Date.UTC(2026, 2, 1, 0, 30);
const NEW_PASSWORD = 'a-new-password-1';
const HOUR = 3_600_000;

async function start(options: { from?: FakeAdminPorts; mustChangePassword?: boolean } = {}) {
  const fakes = createFakeAdminPorts({ now: () => NOW, ...options });
  const actor = createAdminActor({ ports: fakes.ports });
  actor.subscribe({ error: (error) => { throw error; } });
  actor.start();
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const h = {
    ...fakes,
    actor,
    async send(event: AdminEvent) {
      actor.send(event);
      await settle();
    },
    async untilTag(tag: (typeof ADMIN_VIEW_STATES)[number]) {
      await waitFor(actor, (s) => s.hasTag(tag));
      await settle();
    },
    view: (): AdminView => selectAdminView(actor.getSnapshot()),
  };
  await settle();
  return h;
}
type Harness = Awaited<ReturnType<typeof start>>;

/** Logs in with the one-time password and replaces it, as the first administrator does. */
async function logInFirstTime(h: Harness) {
  await h.untilTag('login:entering');
  await h.send({ type: 'user.login', ...FAKE_ADMIN });
  await h.untilTag('login:passwordRequired');
  await h.send({ type: 'user.changePassword', currentPassword: FAKE_ADMIN.password, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
  await h.untilTag('exams:list');
}

async function withExam(h: Harness) {
  await logInFirstTime(h);
  await h.send({ type: 'user.save', write: { kind: 'exam', examId: null, exam: { title: '2026 硕士复试', timeZone: 'Asia/Shanghai', policy: { requireEvidence: true } } } });
  await h.untilTag('exams:list');
  const examId = h.api.exams[0]!.id;
  await h.send({ type: 'user.openExam', examId });
  await h.untilTag('sittings:list');
  return examId;
}

describe('login', () => {
  it('asks for a new password after a one-time one, says what the server would refuse, and never keeps a password', async () => {
    const h = await start();
    await h.untilTag('login:entering');
    await h.send({ type: 'user.login', username: 'admin', password: 'wrong' });
    expect(h.view()).toMatchObject({ stage: 'login', phase: 'entering', username: 'admin', error: ErrorCode.INVALID_CREDENTIALS });
    await h.send({ type: 'user.login', ...FAKE_ADMIN });
    await h.untilTag('login:passwordRequired');
    expect(h.session.kept).not.toBeNull();
    await h.send({ type: 'user.changePassword', currentPassword: FAKE_ADMIN.password, newPassword: 'short', confirmation: 'short' });
    expect(h.view()).toMatchObject({ phase: 'passwordRequired', passwordProblem: 'tooShort' });
    await h.send({ type: 'user.changePassword', currentPassword: FAKE_ADMIN.password, newPassword: NEW_PASSWORD, confirmation: `${NEW_PASSWORD}x` });
    expect(h.view()).toMatchObject({ phase: 'passwordRequired', passwordProblem: 'mismatch' });
    await h.send({ type: 'user.changePassword', currentPassword: 'not-the-one-time', newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(h.view()).toMatchObject({ phase: 'passwordRequired', passwordProblem: null, error: ErrorCode.WRONG_PASSWORD });
    await h.send({ type: 'user.changePassword', currentPassword: FAKE_ADMIN.password, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    await h.untilTag('exams:list');
    expect(h.api.password).toBe(NEW_PASSWORD);
    const context = JSON.stringify(h.actor.getSnapshot().context);
    expect(context).not.toContain(NEW_PASSWORD);
    expect(context).not.toContain(FAKE_ADMIN.password);
  });

  it('keeps the session over a reload, and a reload before the change still asks for 设置新密码', async () => {
    const first = await start();
    await first.untilTag('login:entering');
    await first.send({ type: 'user.login', ...FAKE_ADMIN });
    await first.untilTag('login:passwordRequired');
    first.actor.stop();
    const again = await start({ from: first });
    await again.untilTag('login:passwordRequired');
    await again.send({ type: 'user.changePassword', currentPassword: FAKE_ADMIN.password, newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    await again.untilTag('exams:list');
    again.actor.stop();
    const third = await start({ from: again });
    await third.untilTag('exams:list');
  });

  it('goes back to the login when the server ended the session, and logs out on the server', async () => {
    const h = await start({ mustChangePassword: false });
    await h.untilTag('login:entering');
    await h.send({ type: 'user.login', ...FAKE_ADMIN });
    await h.untilTag('exams:list');
    h.api.endSession();
    await h.send({ type: 'user.navigate', section: 'supervisors' });
    await h.untilTag('login:entering');
    expect(h.view()).toMatchObject({ stage: 'login', error: ErrorCode.UNAUTHENTICATED });
    expect(h.session.kept).toBeNull();
    await h.send({ type: 'user.login', ...FAKE_ADMIN });
    await h.untilTag('exams:list');
    await h.send({ type: 'user.logout' });
    await h.untilTag('login:entering');
    expect(h.session.kept).toBeNull();
    await expect(h.api.listExams()).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
  });
});

describe('a password to replace in the middle of the session', () => {
  it('opens 设置新密码 when a route answers PASSWORD_CHANGE_REQUIRED, then goes on; 退出登录 leaves it', async () => {
    const h = await start();
    await logInFirstTime(h);
    h.api.resetPassword('another-one-time');
    await h.send({ type: 'user.navigate', section: 'audit' });
    await h.untilTag('login:passwordRequired');
    expect(h.view()).toMatchObject({ stage: 'login', username: 'admin' });
    await h.send({ type: 'user.changePassword', currentPassword: 'another-one-time', newPassword: `${NEW_PASSWORD}-2`, confirmation: `${NEW_PASSWORD}-2` });
    await h.untilTag('exams:list');
    h.api.resetPassword('third-one-time');
    await h.send({ type: 'user.navigate', section: 'supervisors' });
    await h.untilTag('login:passwordRequired');
    await h.send({ type: 'user.logout' });
    await h.untilTag('login:entering');
    expect(h.session.kept).toBeNull();
  });
});

describe('exams', () => {
  it('creates and edits an exam; a refusal stays in the open form', async () => {
    const h = await start();
    await logInFirstTime(h);
    await h.send({ type: 'user.edit', id: 'new' });
    await h.send({ type: 'user.save', write: { kind: 'exam', examId: null, exam: { title: '复试', timeZone: 'Mars/Olympus' } } });
    expect(h.view()).toMatchObject({ stage: 'exams', phase: 'list', editing: 'new', formError: ErrorCode.TIME_ZONE_INVALID });
    await h.send({ type: 'user.save', write: { kind: 'exam', examId: null, exam: { title: '复试', timeZone: 'Asia/Shanghai', policy: { answerMs: 600_000, faceLogin: false } } } });
    expect(h.view()).toMatchObject({ stage: 'exams', editing: null, formError: null, exams: [{ title: '复试', policy: { answerMs: 600_000, faceLogin: false } }] });
    const examId = h.api.exams[0]!.id;
    await h.send({ type: 'user.edit', id: examId });
    await h.send({ type: 'user.save', write: { kind: 'exam', examId, exam: { title: '复试（改）', timeZone: 'Asia/Shanghai', policy: { answerMs: 600_000, faceLogin: false } } } });
    expect(h.view()).toMatchObject({ editing: null, exams: [{ id: examId, title: '复试（改）' }] });
  });

  it('offers 重试 when the exams cannot be read', async () => {
    const h = await start({ mustChangePassword: false });
    h.api.failNext('listExams', ErrorCode.NETWORK_ERROR);
    await h.untilTag('login:entering');
    await h.send({ type: 'user.login', ...FAKE_ADMIN });
    await h.untilTag('exams:failed');
    await h.send({ type: 'user.retry' });
    await h.untilTag('exams:list');
  });
});

describe('one exam: sittings and question sets', () => {
  it('creates a sitting in the future only, renames one in use but does not move it, deletes one while empty', async () => {
    const h = await start();
    await withExam(h);
    await h.send({ type: 'user.edit', id: 'new' });
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '第一场', startsAt: NOW - HOUR } } });
    expect(h.view()).toMatchObject({ stage: 'sittings', editing: 'new', formError: ErrorCode.SITTING_IN_PAST });
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '第二场', startsAt: NOW + 3 * HOUR } } });
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '第一场', startsAt: NOW + HOUR } } });
    const view = h.view();
    expect(view.stage === 'sittings' && view.sittings.map((s) => s.name)).toEqual(['第一场', '第二场']);
    expect(view).toMatchObject({ exam: { sittings: 2 } });
    const [first, second] = h.api.sittings.sort((a, b) => a.startsAt - b.startsAt);
    h.api.setCandidates(first!.id, 3, 1);
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: first!.id, sitting: { name: '第一场', startsAt: NOW + 2 * HOUR } } });
    expect(h.view()).toMatchObject({ formError: ErrorCode.SITTING_IN_USE });
    await h.send({ type: 'user.save', write: { kind: 'deleteSitting', sittingId: first!.id } });
    expect(h.view()).toMatchObject({ phase: 'confirming', deleting: first!.id });
    await h.send({ type: 'user.confirm' });
    expect(h.view()).toMatchObject({ phase: 'list', formError: ErrorCode.SITTING_IN_USE, deleting: null });
    // 取消 sends nothing; 确认删除 deletes.
    await h.send({ type: 'user.save', write: { kind: 'deleteSitting', sittingId: second!.id } });
    await h.send({ type: 'user.cancel' });
    expect(h.view()).toMatchObject({ phase: 'list', deleting: null });
    expect(h.api.sittings).toHaveLength(2);
    await h.send({ type: 'user.save', write: { kind: 'deleteSitting', sittingId: second!.id } });
    await h.send({ type: 'user.confirm' });
    const after = h.view();
    expect(after.stage === 'sittings' && after.sittings.map((s) => s.name)).toEqual(['第一场']);
    expect(after).toMatchObject({ exam: { sittings: 1 } });
  });

  it('edits the exam’s and a sitting’s question sets on their tab', async () => {
    const h = await start();
    const examId = await withExam(h);
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '第一场', startsAt: NOW + HOUR } } });
    await h.send({ type: 'user.openTab', tab: 'questionSets' });
    await h.untilTag('questionSets:list');
    // No question yet: the exam's header says so on every tab.
    expect(h.view()).toMatchObject({ exam: { questions: 0 } });
    const sittingId = h.api.sittings[0]!.id;
    await h.send({ type: 'user.save', write: { kind: 'questionSet', setId: null, set: { name: '第一场专用', sittingId, questions: ['请介绍你的研究'] } } });
    await h.send({ type: 'user.save', write: { kind: 'questionSet', setId: null, set: { name: 'A 卷', questions: ['自我介绍', '为何报考'] } } });
    let view = h.view();
    expect(view.stage === 'questionSets' && view.sets.map((s) => s.name)).toEqual(['A 卷', '第一场专用']);
    expect(view).toMatchObject({ sittings: [{ id: sittingId }], exam: { questions: 3 } });
    const setId = h.api.questionSets.find((s) => s.name === 'A 卷')!.id;
    await h.send({ type: 'user.save', write: { kind: 'questionSet', setId, set: { name: 'A 卷', questions: ['自我介绍（一分钟）', '为何报考'] } } });
    view = h.view();
    expect(view.stage === 'questionSets' && view.sets[0]!.questions.map((q) => q.text)).toEqual(['自我介绍（一分钟）', '为何报考']);
    await h.send({ type: 'user.save', write: { kind: 'deleteQuestionSet', setId } });
    expect(h.view()).toMatchObject({ phase: 'confirming', deleting: setId });
    await h.send({ type: 'user.confirm' });
    view = h.view();
    expect(view.stage === 'questionSets' && view.sets.map((s) => s.name)).toEqual(['第一场专用']);
    expect(view).toMatchObject({ exam: { questions: 1 } });
    // A write of another stage is not this stage's to send.
    await h.send({ type: 'user.save', write: { kind: 'exam', examId, exam: { title: 'x', timeZone: 'UTC' } } });
    expect(h.api.exams[0]!.title).toBe('2026 硕士复试');
  });
});

describe('supervisors and the audit log', () => {
  it('creates a supervisor, shows the one-time password once, assigns a sitting and disables them', async () => {
    const h = await start();
    const examId = await withExam(h);
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '第一场', startsAt: NOW + HOUR } } });
    await h.send({ type: 'user.navigate', section: 'supervisors' });
    await h.untilTag('supervisors:list');
    expect(h.view()).toMatchObject({ stage: 'supervisors', exams: [{ id: examId }], sittingsByExam: { [examId]: [{ name: '第一场' }] } });
    const write = { kind: 'supervisor', supervisorId: null, username: 'teacher1', examIds: [], sittingIds: [], disabled: false } as const;
    await h.send({ type: 'user.save', write });
    expect(h.view()).toMatchObject({ created: { supervisor: { username: 'teacher1' }, password: expect.any(String) } });
    await h.send({ type: 'user.save', write });
    expect(h.view()).toMatchObject({ formError: ErrorCode.USERNAME_TAKEN });
    await h.send({ type: 'user.dismissPassword' });
    expect(h.view()).toMatchObject({ created: null });
    const supervisorId = h.api.supervisors[0]!.id;
    await h.send({ type: 'user.save', write: { ...write, supervisorId, sittingIds: [h.api.sittings[0]!.id], disabled: true } });
    expect(h.view()).toMatchObject({ supervisors: [{ username: 'teacher1', sittingIds: [h.api.sittings[0]!.id], disabled: true }] });
  });

  it('shows the audit log newest first, a page at a time, filtered by action and actor', async () => {
    const h = await start();
    await withExam(h);
    for (let i = 1; i <= 55; i += 1) await h.api.createQuestionSet(h.api.exams[0]!.id, { name: `卷 ${i}`, questions: ['题'] });
    await h.send({ type: 'user.navigate', section: 'audit' });
    await h.untilTag('audit:list');
    let view = h.view();
    expect(view).toMatchObject({ stage: 'audit', hasMore: true });
    expect(view.stage === 'audit' && view.entries.length).toBe(50);
    expect(view.stage === 'audit' && view.entries[0]).toMatchObject({ action: 'questionSet.create', detail: { name: '卷 55' } });
    await h.send({ type: 'user.moreAudit' });
    view = h.view();
    expect(view.stage === 'audit' && view.entries.length).toBe(58);
    expect(view.stage === 'audit' && view.entries.map((e) => e.action).slice(-3)).toEqual(['exam.create', 'administrator.changePassword', 'administrator.login']);
    expect(view).toMatchObject({ hasMore: false });
    await h.send({ type: 'user.filterAudit', filter: { action: 'exam.create' } });
    await h.untilTag('audit:list');
    view = h.view();
    expect(view.stage === 'audit' && view.entries.map((e) => e.action)).toEqual(['exam.create']);
    await h.send({ type: 'user.filterAudit', filter: { actorId: 'someone-else' } });
    await h.untilTag('audit:list');
    expect(h.view()).toMatchObject({ entries: [], hasMore: false });
  });
});

describe('one exam: the roster and the results', () => {
  const csv = (lines: string[]) => ({ name: 'roster.csv', blob: new Blob([['姓名,身份证号,准考证号,场次', ...lines].join('\n')], { type: 'text/csv' }) });

  it('previews a roster, shows every bad row with its line, imports only a clean file, and offers the passwords file once', async () => {
    const h = await start();
    const examId = await withExam(h);
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '上午场', startsAt: NOW + HOUR } } });
    await h.send({ type: 'user.openTab', tab: 'roster' });
    await h.untilTag('roster:list');
    expect(h.view()).toMatchObject({ stage: 'roster', total: 0, candidates: [] });

    // Not a roster: refused before anything is read; the table stays.
    await h.send({ type: 'user.chooseRoster', file: { name: 'roster.pdf', blob: new Blob(['%PDF']) } });
    await h.untilTag('roster:list');
    expect(h.view()).toMatchObject({ phase: 'list', formError: ErrorCode.FILE_TYPE_UNSUPPORTED, fileName: null });

    const bad = csv(['张三,110101199003070011,2031001,上午场', '李四,110101199003070022,2031002,晚上场', ',110101199003070033,2031001,上午场']);
    await h.send({ type: 'user.chooseRoster', file: bad });
    await h.untilTag('roster:previewed');
    const report = h.view();
    expect(report).toMatchObject({ phase: 'previewed', fileName: 'roster.csv', formError: null, report: { rows: 3, valid: false } });
    expect(report.stage === 'roster' && report.report?.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'SITTING_UNKNOWN'],
      [4, 'NAME_MISSING'],
      [4, 'ADMISSION_NUMBER_DUPLICATE'],
    ]);
    // 导入 is not offered for a file with problems; nothing is written.
    await h.send({ type: 'user.importRoster' });
    expect(h.view()).toMatchObject({ phase: 'previewed' });
    expect(h.api.candidates).toHaveLength(0);

    await h.send({ type: 'user.chooseRoster', file: csv(['张三,110101199003070011,2031001,上午场', '李四,110101199003070022,2031002,上午场']) });
    await h.untilTag('roster:previewed');
    expect(h.view()).toMatchObject({ report: { valid: true, create: 2, update: 0 } });
    await h.send({ type: 'user.importRoster' });
    await h.untilTag('roster:list');
    const imported = h.view();
    expect(imported).toMatchObject({ phase: 'list', total: 2, fileName: null, report: null, imported: { created: 2, passwords: 2, passwordsFileName: `passwords-${examId}.csv` } });
    // The passwords are never in the view, only in the file saved on request.
    expect(JSON.stringify(imported)).not.toContain('P');
    await h.send({ type: 'user.savePasswords' });
    expect(h.files.saved.map((f) => f.name)).toEqual([`passwords-${examId}.csv`]);
    expect(await h.files.saved[0]!.blob.text()).toContain('张三,2031001');

    // The search narrows the table.
    await h.send({ type: 'user.filterRoster', text: '李' });
    expect(h.view()).toMatchObject({ total: 2, matching: 1, candidates: [{ name: '李四' }] });
    await h.send({ type: 'user.filterRoster', text: '' });

    // Re-import with one change: updated, not duplicated.
    await h.send({ type: 'user.chooseRoster', file: csv(['张三,110101199003070011,2031001,上午场', '李四四,110101199003070022,2031002,上午场']) });
    await h.untilTag('roster:previewed');
    expect(h.view()).toMatchObject({ report: { valid: true, create: 0, update: 1, unchanged: 1 }, imported: null });
    await h.send({ type: 'user.importRoster' });
    await h.untilTag('roster:list');
    expect(h.view()).toMatchObject({ total: 2, imported: { created: 0, updated: 1, passwords: 0 } });

    // Photos: matched by 准考证号, each file reported.
    await h.send({ type: 'user.choosePhotos', file: { name: 'photos.zip', blob: new Blob(['2031001.jpg\n9999.jpg']) } });
    await h.untilTag('roster:list');
    expect(h.view()).toMatchObject({ photos: { matched: [{ admissionNumber: '2031001' }], unmatched: [{ file: '9999.jpg', reason: 'NO_CANDIDATE' }] }, imported: null });
    expect(h.view()).toMatchObject({ candidates: [{ name: '张三', photo: true }, { name: '李四四', photo: false }] });

    // Leaving the tab forgets the notices (the passwords were answered once).
    await h.send({ type: 'user.openTab', tab: 'sittings' });
    await h.untilTag('sittings:list');
    expect(h.actor.getSnapshot().context).toMatchObject({ rosterImported: null, photosImported: null, rosterFile: null });
  });

  it('lists a sitting’s results and downloads its files and a candidate’s archive; a refusal shows above the table', async () => {
    const h = await start();
    await withExam(h);
    await h.send({ type: 'user.save', write: { kind: 'sitting', sittingId: null, sitting: { name: '上午场', startsAt: NOW + HOUR } } });
    await h.send({ type: 'user.openTab', tab: 'roster' });
    await h.untilTag('roster:list');
    await h.send({ type: 'user.chooseRoster', file: csv(['张三,110101199003070011,2031001,上午场']) });
    await h.untilTag('roster:previewed');
    await h.send({ type: 'user.importRoster' });
    await h.untilTag('roster:list');
    const sittingId = h.api.sittings[0]!.id;

    await h.send({ type: 'user.openTab', tab: 'results' });
    await h.untilTag('results:list');
    expect(h.view()).toMatchObject({ stage: 'results', sittings: [{ id: sittingId }], sittingId: null, results: null });
    await h.send({ type: 'user.openResults', sittingId });
    await h.untilTag('results:list');
    expect(h.view()).toMatchObject({ sittingId, results: { sittingName: '上午场', rows: [{ name: '张三', admissionNumber: '2031001' }] } });

    await h.send({ type: 'user.download', request: { kind: 'results', sittingId, format: 'xlsx' } });
    await h.untilTag('results:list');
    const candidateId = h.api.candidates[0]!.id;
    await h.send({ type: 'user.download', request: { kind: 'archive', candidateId } });
    await h.untilTag('results:list');
    expect(h.files.saved.map((f) => f.name)).toEqual([`results-${sittingId}.xlsx`, `candidate-${candidateId}.zip`]);

    h.api.failNext('download', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.download', request: { kind: 'results', sittingId, format: 'csv' } });
    await h.untilTag('results:list');
    expect(h.view()).toMatchObject({ phase: 'list', downloading: null, formError: ErrorCode.NETWORK_ERROR, results: { sittingId } });
    expect(h.files.saved).toHaveLength(2);
  });
});

describe('ADMIN_VIEW_STATES', () => {
  it('are exactly the tags of the machine', () => {
    const tags = new Set<string>();
    const walk = (node: { tags: readonly string[]; states: Record<string, unknown> }) => {
      node.tags.forEach((tag) => tags.add(tag));
      Object.values(node.states).forEach((child) => walk(child as typeof node));
    };
    walk(adminMachine.root as unknown as { tags: readonly string[]; states: Record<string, unknown> });
    expect([...tags].sort()).toEqual([...ADMIN_VIEW_STATES].sort());
  });
});
