import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../errors/error-codes.js';
import { scheduleOf } from '../rules/schedule.js';
import { FAKE_LOGIN_ATTEMPTS, FAKE_SITTINGS, FAKE_SUPERVISOR } from '../testing/fake-proctor.js';
import { GRID_TICK_MS } from './proctor.actors.js';
import { proctorMachine } from './proctor.machine.js';
import { PROCTOR_VIEW_STATES, type ProctorLoginView, type SittingsView } from './proctor.selectors.js';
import { logIn, openGrid, startProctor, T0 } from './proctor.test-kit.js';

const names = (rows: readonly { name: string }[]) => rows.map((row) => row.name);

describe('login', () => {
  it('logs in, keeps the session, and lists the sittings by start time', async () => {
    const h = await startProctor();
    expect(h.view()).toEqual<ProctorLoginView>({ stage: 'login', phase: 'entering', username: '', error: null });
    await logIn(h);
    expect(h.session.kept).toEqual({ token: 'supervisor-token-supervisor' });
    const view = h.view() as SittingsView;
    expect(view.sittings.map((s) => [s.sitting.name, s.candidates])).toEqual([
      ['第一场', 3],
      ['第二场', 1],
    ]);
  });

  it('shows INVALID_CREDENTIALS with the username kept, then TOO_MANY_ATTEMPTS, and never keeps the password', async () => {
    const h = await startProctor();
    await h.send({ type: 'user.login', username: ' supervisor ', password: 'wrong' });
    expect(h.view()).toEqual<ProctorLoginView>({ stage: 'login', phase: 'entering', username: 'supervisor', error: ErrorCode.INVALID_CREDENTIALS });
    expect(JSON.stringify(h.actor.getSnapshot().context)).not.toContain('wrong');
    for (let i = 1; i < FAKE_LOGIN_ATTEMPTS; i += 1) await h.send({ type: 'user.login', username: 'supervisor', password: 'wrong' });
    await h.send({ type: 'user.login', ...FAKE_SUPERVISOR });
    expect(h.view()).toMatchObject({ stage: 'login', error: ErrorCode.TOO_MANY_ATTEMPTS });
    expect(h.session.kept).toBeNull();
  });

  it('skips the login after a reload with a kept session, and opens the sitting it had open', async () => {
    const first = await startProctor();
    await openGrid(first);
    first.close();
    const h = await startProctor({ from: first });
    await h.untilTag('sitting:grid');
    expect(h.grid().sitting?.sitting.id).toBe('sitting-1');
    expect(h.api.candidateReads).toBeGreaterThanOrEqual(2);
  });

  it('goes back to the login when the server ended the session, and forgets it', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.endSession();
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('login:entering');
    expect(h.view()).toMatchObject({ stage: 'login', error: ErrorCode.UNAUTHENTICATED });
    expect(h.session.kept).toBeNull();
  });

  it('logs out: the session is forgotten and a reload asks for the login', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.logout' });
    expect(h.stage()).toBe('login');
    expect(h.session.kept).toBeNull();
    h.close();
    const again = await startProctor({ from: h });
    expect(again.view()).toMatchObject({ stage: 'login', phase: 'entering' });
  });

  it('offers 重试 when the sittings cannot be read', async () => {
    const h = await startProctor();
    h.api.failNext('listSittings', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.login', ...FAKE_SUPERVISOR });
    expect(h.view()).toMatchObject({ stage: 'sittings', phase: 'failed', error: ErrorCode.NETWORK_ERROR });
    await h.send({ type: 'user.retry' });
    expect(h.view()).toMatchObject({ stage: 'sittings', phase: 'list', error: null });
  });
});

describe('the sitting’s grid', () => {
  it('shows the sitting’s candidates with stage, online, evidence and its due time, lot, incidents and unread help', async () => {
    const h = await startProctor();
    await openGrid(h);
    const view = h.grid();
    expect(view.total).toBe(3);
    expect(names(view.rows)).toEqual(['李四', '王五', '张三']);
    const due = scheduleOf(FAKE_SITTINGS[0]!.sitting).evidenceDueAt;
    expect(view.rows[0]).toMatchObject({ candidateId: 'c2', stage: 'readingProcess', online: false, evidence: 'waitingForPhone', evidenceDueAt: due, lot: null, incidents: 0, unreadHelp: 0 });
    expect(view.stageCounts).toEqual([{ stage: 'readingProcess', count: 3 }]);
  });

  it('follows the pushes: stages, online, lot, incidents, evidence; counts per stage; other sittings ignored', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.update('c1', { online: true, progress: { stage: 'answering', lot: 2 }, incidents: 1 });
    h.api.update('c4', { online: true, progress: { stage: 'answering' } });
    await h.settle();
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')).toMatchObject({ online: true, stage: 'answering', lot: 2, incidents: 1 });
    expect(h.grid().total).toBe(3);
    expect(h.grid().stageCounts).toEqual([
      { stage: 'readingProcess', count: 2 },
      { stage: 'answering', count: 1 },
    ]);
    h.api.candidates.set('c2', { ...h.api.candidates.get('c2')! });
    await h.send({ type: 'api.evidenceStatus', candidateId: 'c2', status: { state: 'recording', updatedAt: T0, bytesReceived: 5 } });
    expect(h.grid().rows.find((r) => r.candidateId === 'c2')).toMatchObject({ evidence: 'recording', evidenceBytes: { received: 5, expected: null } });
  });

  it('filters (需要帮助, 离线, 有异常, 佐证逾期) with their counts, and sorts by name or stage', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.update('c1', { online: true, progress: { stage: 'answering' }, incidents: 2 });
    h.api.update('c3', { online: true, evidence: { state: 'uploaded', updatedAt: T0 } });
    h.api.candidateAsks('c2', '老师，我的摄像头没有画面');
    await h.settle();
    expect(h.grid().filterCounts).toEqual({ all: 3, needsHelp: 1, offline: 1, incidents: 1, evidenceLate: 0 });
    await h.send({ type: 'user.filter', filter: 'needsHelp' });
    expect(names(h.grid().rows)).toEqual(['李四']);
    await h.send({ type: 'user.filter', filter: 'incidents' });
    expect(names(h.grid().rows)).toEqual(['张三']);
    await h.send({ type: 'user.filter', filter: 'all' });
    await h.send({ type: 'user.sort', sort: 'stage' });
    expect(names(h.grid().rows)[0]).toBe('张三');

    // Past the evidence due time, everyone whose evidence is not all uploaded is late; the grid sees it on its tick.
    const due = scheduleOf(FAKE_SITTINGS[0]!.sitting).evidenceDueAt;
    h.clock.advanceTo(due - 1);
    await h.advance(GRID_TICK_MS);
    expect(h.grid().filterCounts.evidenceLate).toBe(2);
    await h.send({ type: 'user.filter', filter: 'evidenceLate' });
    expect(names(h.grid().rows)).toEqual(['张三', '李四']);
  });

  it('reads the grid again on every reconnection (pushes sent while the socket was down are lost)', async () => {
    const h = await startProctor();
    await openGrid(h);
    const reads = h.api.candidateReads;
    h.api.update('c1', { progress: { stage: 'finished' } }, false);
    await h.settle();
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.stage).toBe('readingProcess');
    h.api.connect();
    await h.until(() => h.api.candidateReads === reads + 1);
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.stage).toBe('finished');
    expect(h.grid().phase).toBe('grid');
  });

  it('leaves the sitting for the list, and a reload then stays on the list', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.leaveSitting' });
    await h.untilTag('sittings:list');
    expect(h.api.listening).toBe(false);
    expect(h.session.kept?.sittingId).toBeUndefined();
  });
});

describe('the help conversation', () => {
  it('opens one candidate’s history, clears their unread badge, shows new messages, and sends a reply', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.candidateAsks('c1', '老师，听不到声音');
    h.api.candidateAsks('c1', '请问可以重新进入吗？');
    await h.settle();
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.unreadHelp).toBe(2);

    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('conversation:open');
    expect(h.grid().conversation).toMatchObject({ phase: 'open', candidateId: 'c1', candidate: { name: '张三' }, draft: '', error: null });
    expect(h.grid().conversation?.messages.map((m) => m.text)).toEqual(['老师，听不到声音', '请问可以重新进入吗？']);
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.unreadHelp).toBe(0);
    expect(h.session.kept?.seenHelp).toEqual({ c1: 2 });

    // A message while it is open is read at once; one of another candidate is unread.
    h.api.candidateAsks('c1', '好的');
    h.api.candidateAsks('c2', '老师好');
    await h.settle();
    expect(h.grid().conversation?.messages).toHaveLength(3);
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.unreadHelp).toBe(0);
    expect(h.grid().rows.find((r) => r.candidateId === 'c2')?.unreadHelp).toBe(1);

    await h.send({ type: 'user.reply', text: '  请检查耳机  ' });
    await h.untilTag('conversation:open');
    expect(h.api.replies).toEqual([{ candidateId: 'c1', text: '请检查耳机' }]);
    expect(h.grid().conversation?.messages.map((m) => [m.from, m.text]).at(-1)).toEqual(['supervisor', '请检查耳机']);
    expect(h.grid().conversation?.messages).toHaveLength(4);
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.unreadHelp).toBe(0);

    await h.send({ type: 'user.closeConversation' });
    expect(h.grid().conversation).toBeNull();
  });

  it('keeps a reply that failed, with the error, and sends nothing empty', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.send({ type: 'user.reply', text: '   ' });
    expect(h.api.replies).toHaveLength(0);
    h.api.failNext('replyHelp', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.reply', text: '稍等' });
    expect(h.grid().conversation).toMatchObject({ phase: 'open', draft: '稍等', error: ErrorCode.NETWORK_ERROR });
    await h.send({ type: 'user.reply', text: '稍等' });
    expect(h.grid().conversation).toMatchObject({ phase: 'open', draft: '', error: null });
  });

  it('keeps the seen counts across a reload, so that only newer messages are unread', async () => {
    const first = await startProctor();
    await openGrid(first);
    first.api.candidateAsks('c1', '老师好');
    await first.send({ type: 'user.openConversation', candidateId: 'c1' });
    await first.untilTag('conversation:open');
    first.close();
    first.api.candidateAsks('c1', '还在吗？');
    const h = await startProctor({ from: first });
    await h.untilTag('sitting:grid');
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.unreadHelp).toBe(1);
  });

  it('lets the supervisor edit the quick replies, kept for the next login', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    expect(h.grid().conversation?.quickReplies).toBeNull();
    await h.send({ type: 'user.editQuickReplies', replies: ['请稍等，马上处理', ' ', ' 请刷新页面 '] });
    expect(h.grid().conversation?.quickReplies).toEqual(['请稍等，马上处理', '请刷新页面']);
    expect(h.session.quickReplies).toEqual(['请稍等，马上处理', '请刷新页面']);
    await h.send({ type: 'user.logout' });
    h.close();
    const again = await startProctor({ from: h });
    await logIn(again);
    await again.send({ type: 'user.chooseSitting', sittingId: 'sitting-1' });
    await again.send({ type: 'user.openConversation', candidateId: 'c1' });
    expect(again.grid().conversation?.quickReplies).toEqual(['请稍等，马上处理', '请刷新页面']);
  });

  it('shows 重试 when the history cannot be read', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.failNext('getCandidateHelp', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    expect(h.grid().conversation).toMatchObject({ phase: 'failed', error: ErrorCode.NETWORK_ERROR });
    await h.send({ type: 'user.retry' });
    expect(h.grid().conversation).toMatchObject({ phase: 'open' });
  });
});

describe('a notice to the sitting', () => {
  it('sends the notice to every candidate of the sitting, says how many got it, and empties the field', async () => {
    const h = await startProctor();
    await openGrid(h);
    expect(h.grid().notice).toEqual({ stage: 'notice', phase: 'idle', draft: '', sent: null, error: null });
    await h.send({ type: 'user.sendNotice', text: '   ' });
    expect(h.api.notices).toHaveLength(0);
    await h.send({ type: 'user.sendNotice', text: ' 开始时间推迟 5 分钟 ' });
    await h.untilTag('notice:sent');
    expect(h.grid().notice).toMatchObject({ phase: 'sent', draft: '', sent: { text: '开始时间推迟 5 分钟', candidates: 3 }, error: null });
    expect(h.api.notices.map((n) => [n.sittingId, n.text])).toEqual([['sitting-1', '开始时间推迟 5 分钟']]);
    // In each candidate's chat of the sitting, none of another sitting's.
    expect(h.api.help.get('c1')?.map((m) => m.text)).toEqual(['开始时间推迟 5 分钟']);
    expect(h.api.help.get('c4')).toBeUndefined();
  });

  it('keeps a notice that failed, with the error, and sends it again', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.failNext('sendNotice', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.sendNotice', text: '请检查网络' });
    await h.untilTag('notice:failed');
    expect(h.grid().notice).toMatchObject({ phase: 'failed', draft: '请检查网络', sent: null, error: ErrorCode.NETWORK_ERROR });
    await h.send({ type: 'user.sendNotice', text: '请检查网络' });
    await h.untilTag('notice:sent');
    expect(h.grid().notice).toMatchObject({ draft: '', sent: { candidates: 3 }, error: null });
  });
});

describe("the candidate's panel: interventions and verdict", () => {
  const enter = (h: Awaited<ReturnType<typeof startProctor>>, id: string) => h.api.update(id, { online: true, progress: { stage: 'answering', enteredAt: T0 } });

  it('gives extra time: recorded with who and when, and shown in the panel', async () => {
    const h = await startProctor();
    await openGrid(h);
    enter(h, 'c1');
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'shown', candidateId: 'c1', interventions: [], verdict: { current: null, history: [] }, canAllowLateEntry: false, error: null });
    // Out of range or not whole: nothing is sent.
    await h.send({ type: 'user.act', action: { kind: 'extraTime', minutes: 0 } });
    await h.send({ type: 'user.act', action: { kind: 'extraTime', minutes: 121 } });
    await h.send({ type: 'user.act', action: { kind: 'extraTime', minutes: 2.5 } });
    expect(h.api.interventions.get('c1')).toBeUndefined();
    await h.send({ type: 'user.act', action: { kind: 'extraTime', minutes: 5 } });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel?.interventions).toEqual([{ id: expect.any(String), candidateId: 'c1', kind: 'extraTime', supervisorId: 'supervisor-1', supervisorName: 'supervisor', at: T0, minutes: 5 }]);
    expect(h.grid().candidatePanel?.action).toBeNull();
  });

  it("follows another supervisor's interventions and verdicts: the open panel is read again, the grid stays", async () => {
    const h = await startProctor();
    await openGrid(h);
    enter(h, 'c1');
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    // Another supervisor of the sitting (the same server) gives extra time, then a verdict: each change is pushed.
    await h.api.giveExtraTime('c1', 10);
    await h.until(() => h.grid().candidatePanel?.interventions.length === 1);
    await h.api.setVerdict('c1', { verdict: 'doubtful', comment: '待复核' });
    await h.until(() => h.grid().candidatePanel?.verdict?.current?.verdict === 'doubtful');
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'shown', interventions: [{ kind: 'extraTime', minutes: 10, supervisorName: 'supervisor' }] });
    // A push of another candidate, or one that matches the panel, reads nothing again.
    const reads = vi.spyOn(h.api, 'listInterventions');
    enter(h, 'c2');
    h.api.update('c1', { online: false });
    await h.untilTag('candidate:shown');
    expect(reads).not.toHaveBeenCalled();
    h.api.update('c1', { interventions: 2 });
    await h.until(() => reads.mock.calls.length === 1);
    expect(h.actor.getSnapshot().hasTag('sitting:grid')).toBe(true);
  });

  it('ends an interview only with a reason and after the confirmation; a cancel sends nothing', async () => {
    const h = await startProctor();
    await openGrid(h);
    enter(h, 'c1');
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    await h.send({ type: 'user.act', action: { kind: 'endInterview', reason: '  ' } });
    expect(h.grid().candidatePanel?.phase).toBe('shown');
    await h.send({ type: 'user.act', action: { kind: 'endInterview', reason: ' 使用手机 ' } });
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'confirming', action: { kind: 'endInterview', reason: '使用手机' } });
    await h.send({ type: 'user.cancel' });
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'shown', action: null });
    expect(h.api.interventions.get('c1')).toBeUndefined();

    await h.send({ type: 'user.act', action: { kind: 'endInterview', reason: '使用手机' } });
    await h.send({ type: 'user.confirm' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel?.interventions.map((i) => [i.kind, i.reason])).toEqual([['endInterview', '使用手机']]);
    expect(h.grid().rows.find((r) => r.candidateId === 'c1')?.stage).toBe('finished');

    // Again: the server refuses, the refusal is shown, nothing is recorded twice.
    await h.send({ type: 'user.act', action: { kind: 'endInterview', reason: '再次' } });
    await h.send({ type: 'user.confirm' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ error: ErrorCode.CANDIDATE_FINISHED });
    expect(h.api.interventions.get('c1')).toHaveLength(1);
    await h.send({ type: 'user.act', action: { kind: 'extraTime', minutes: 5 } });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ error: ErrorCode.CANDIDATE_FINISHED });
  });

  it('shows NOT_ENTERED when ending the interview of one who never entered', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c2' });
    await h.untilTag('candidate:shown');
    await h.send({ type: 'user.act', action: { kind: 'endInterview', reason: '缺考' } });
    await h.send({ type: 'user.confirm' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'shown', error: ErrorCode.NOT_ENTERED, action: null });
  });

  it('lets a candidate who has not entered in late, with a reason; offered to no one who entered', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c2' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel?.canAllowLateEntry).toBe(true);
    await h.send({ type: 'user.act', action: { kind: 'lateEntry', reason: '' } });
    expect(h.api.interventions.get('c2')).toBeUndefined();
    h.api.failNext('allowLateEntry', ErrorCode.EXAM_OVER);
    await h.send({ type: 'user.act', action: { kind: 'lateEntry', reason: '交通延误' } });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ error: ErrorCode.EXAM_OVER, interventions: [] });
    await h.send({ type: 'user.act', action: { kind: 'lateEntry', reason: '交通延误' } });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ error: null, interventions: [{ kind: 'lateEntry', reason: '交通延误' }] });

    enter(h, 'c1');
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel?.canAllowLateEntry).toBe(false);
    await h.send({ type: 'user.act', action: { kind: 'lateEntry', reason: '交通延误' } });
    expect(h.api.interventions.get('c1')).toBeUndefined();
  });

  it('records a verdict with a comment, and keeps its history', async () => {
    const h = await startProctor();
    await openGrid(h);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    await h.send({ type: 'user.act', action: { kind: 'verdict', verdict: 'doubtful', comment: ' 多次离开画面 ' } });
    await h.untilTag('candidate:shown');
    await h.advance(60_000);
    await h.send({ type: 'user.act', action: { kind: 'verdict', verdict: 'passed', comment: '复核无异常' } });
    await h.untilTag('candidate:shown');
    const verdict = h.grid().candidatePanel?.verdict;
    expect(verdict?.current).toMatchObject({ verdict: 'passed', comment: '复核无异常' });
    expect(verdict?.history.map((v) => [v.verdict, v.comment, v.at])).toEqual([
      ['doubtful', '多次离开画面', T0],
      ['passed', '复核无异常', T0 + 60_000],
    ]);
    // Opened again: read from the server.
    await h.send({ type: 'user.closeConversation' });
    expect(h.grid().candidatePanel).toBeNull();
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel?.verdict?.history).toHaveLength(2);
  });

  it('shows 重试 when the record cannot be read', async () => {
    const h = await startProctor();
    await openGrid(h);
    h.api.failNext('getVerdict', ErrorCode.NETWORK_ERROR);
    await h.send({ type: 'user.openConversation', candidateId: 'c1' });
    await h.untilTag('candidate:failed');
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'failed', error: ErrorCode.NETWORK_ERROR });
    await h.send({ type: 'user.retry' });
    await h.untilTag('candidate:shown');
    expect(h.grid().candidatePanel).toMatchObject({ phase: 'shown', error: null });
  });
});

describe('view states', () => {
  it('PROCTOR_VIEW_STATES are exactly the machine’s tags', () => {
    const tags = new Set<string>();
    const visit = (node: { tags: readonly string[] | Iterable<string>; states: Record<string, unknown> }) => {
      for (const tag of node.tags) tags.add(tag);
      for (const child of Object.values(node.states)) visit(child as typeof node);
    };
    visit(proctorMachine.root as never);
    expect([...tags].sort()).toEqual([...PROCTOR_VIEW_STATES].sort());
  });

});
