import { describe, expect, it } from 'vitest';
import { createFakeProctorPorts, FAKE_SUPERVISOR, type FakeProctorPorts } from '@examroom/core/testing';
import type { Timeline } from '@examroom/core';
import '../../../dist/components/exam-proctor-console.js';
import { buttonNamed, commandsOf, mount, part, rendered, renderedUntil, shadow } from '../../testing/mount.test-kit';
import { candidateViews } from './candidate.fixtures';
import { conversationViews } from './conversation.fixtures';
import { noticeViews } from './notice.fixtures';
import { loginViews } from './login.fixtures';
import { sittingViews } from './sitting.fixtures';
import { liveViewViews } from './live-view.fixtures';
import { reviewViews } from './review.fixtures';

/** 2026-03-01 08:30 Beijing time, half an hour before the fake's first sitting. */
const NOW = Date.UTC(2026, 2, 1, 0, 30);

type Console = HTMLElementTagNameMap['exam-proctor-console'];

const heading = (page: Console) => shadow(page).querySelector('.heading')?.textContent ?? null;
const rowNames = (page: Console) => [...shadow(page).querySelectorAll('tbody tr .name')].map((cell) => cell.firstChild?.textContent);
const row = (page: Console, candidateId: string) => shadow(page).querySelector<HTMLTableRowElement>(`tr[data-candidate="${candidateId}"]`);
const filterButton = (page: Console, filter: string) => part<HTMLButtonElement>(page, `button[data-filter="${filter}"]`);
const unread = (page: Console, candidateId: string) => row(page, candidateId)?.querySelector('.unread')?.textContent ?? null;
const messageTexts = (page: Console) => [...shadow(page).querySelectorAll('.messages .text')].map((p) => p.textContent);

function type(page: Console, selector: string, value: string): void {
  const field = part<HTMLInputElement | HTMLTextAreaElement>(page, selector);
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

async function started(fakes: FakeProctorPorts, props: Partial<Console> = {}): Promise<Console> {
  const page = document.createElement('exam-proctor-console');
  Object.assign(page, { ports: fakes.ports, ...props });
  document.body.append(page);
  await renderedUntil(() => shadow(page).querySelector('.heading') !== null && !shadow(page).querySelector('button[type="submit"]')?.textContent?.includes('…'));
  return page;
}

async function logIn(page: Console, password: string = FAKE_SUPERVISOR.password): Promise<void> {
  type(page, 'input#username', FAKE_SUPERVISOR.username);
  type(page, 'input#password', password);
  part<HTMLFormElement>(page, 'form').dispatchEvent(new Event('submit', { cancelable: true }));
  await rendered();
}

describe('exam-proctor-console running proctorMachine on the fake console ports', () => {
  it('walks login → sittings → the grid → a candidate’s 求助 → a reply', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    const page = await started(fakes);
    expect(heading(page)).toBe('监督员登录');

    await logIn(page, 'wrong');
    await renderedUntil(() => shadow(page).querySelector('.alert')?.textContent === '用户名或密码不正确。');
    await logIn(page);
    await renderedUntil(() => heading(page) === '我的场次');
    expect(fakes.session.kept?.token).toBe('supervisor-token-supervisor');
    expect(shadow(page).querySelector('.sitting-list')?.textContent).toContain('3 名考生');

    part<HTMLButtonElement>(page, 'button[data-sitting="sitting-1"]').click();
    await renderedUntil(() => rowNames(page).length === 3);
    expect(heading(page)).toBe('第一场 · 2026 年硕士研究生复试');
    expect(rowNames(page)).toEqual(['李四', '王五', '张三']);
    // Offline rows are greyed; the evidence's due time is in the exam's time zone (09:05 + 60 min, Beijing).
    expect(row(page, 'c1')?.classList.contains('offline')).toBe(true);
    expect(row(page, 'c1')?.querySelector('.due time')?.textContent).toBe('10:05');

    // The grid follows the server's pushes: a stage, online, a 求助 message with its unread badge.
    fakes.api.update('c1', { online: true, progress: { stage: 'answering', lot: 3 } });
    fakes.api.candidateAsks('c1', '老师，听不到声音');
    await renderedUntil(() => unread(page, 'c1') === '1');
    expect(row(page, 'c1')?.classList.contains('offline')).toBe(false);
    expect(row(page, 'c1')?.querySelector('.stage')?.textContent).toBe('答题中');
    expect(row(page, 'c1')?.querySelector('.lot')?.textContent).toBe('3');
    expect(shadow(page).querySelector('[data-stage="answering"]')?.textContent).toBe('答题中 1');

    // Opening the conversation shows the history and clears the badge.
    row(page, 'c1')!.querySelector<HTMLButtonElement>('.open-help')!.click();
    await renderedUntil(() => messageTexts(page).length === 1);
    expect(messageTexts(page)).toEqual(['老师，听不到声音']);
    expect(unread(page, 'c1')).toBeNull();
    expect(shadow(page).querySelector('.conversation h3')?.textContent).toBe('求助：张三');

    // A quick reply goes into the field, to be edited before it is sent.
    buttonNamed(page, '请检查摄像头和麦克风是否已连接并允许使用。').click();
    await rendered();
    expect(part<HTMLTextAreaElement>(page, 'textarea#reply').value).toBe('请检查摄像头和麦克风是否已连接并允许使用。');
    type(page, 'textarea#reply', '请检查耳机是否已连接。');
    await rendered();
    part<HTMLFormElement>(page, 'form.reply-form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => messageTexts(page).length === 2);
    expect(fakes.api.replies).toEqual([{ candidateId: 'c1', text: '请检查耳机是否已连接。' }]);
    expect(part<HTMLTextAreaElement>(page, 'textarea#reply').value).toBe('');
    expect(shadow(page).querySelector('.message.mine .text')?.textContent).toBe('请检查耳机是否已连接。');
  });

  it('filters with their counts, and sorts by stage', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    fakes.session.save({ token: 'supervisor-token-supervisor', sittingId: 'sitting-1' });
    fakes.api.update('c2', { online: true, incidents: 2, progress: { stage: 'answering' } });
    fakes.api.update('c3', { online: true, progress: { stage: 'finished' } });
    fakes.api.candidateAsks('c3', '老师好');
    const page = await started(fakes);
    await renderedUntil(() => rowNames(page).length === 3);
    expect(filterButton(page, 'all').textContent).toBe('全部 3');
    expect(filterButton(page, 'needsHelp').textContent).toBe('需要帮助 1');
    expect(filterButton(page, 'offline').textContent).toBe('离线 1');
    expect(filterButton(page, 'incidents').textContent).toBe('有异常 1');
    expect(filterButton(page, 'evidenceLate').textContent).toBe('佐证逾期 0');

    filterButton(page, 'needsHelp').click();
    await renderedUntil(() => rowNames(page).length === 1);
    expect(rowNames(page)).toEqual(['王五']);
    expect(filterButton(page, 'needsHelp').getAttribute('aria-pressed')).toBe('true');
    filterButton(page, 'offline').click();
    await renderedUntil(() => rowNames(page)[0] === '张三');
    filterButton(page, 'evidenceLate').click();
    await renderedUntil(() => shadow(page).querySelector('.none') !== null);
    expect(shadow(page).querySelector('.none')?.textContent).toBe('没有符合条件的考生。');

    filterButton(page, 'all').click();
    await renderedUntil(() => rowNames(page).length === 3);
    part<HTMLButtonElement>(page, 'button[data-sort="stage"]').click();
    await renderedUntil(() => rowNames(page)[0] === '王五');
    expect(part(page, 'button[data-sort="stage"]').closest('th')?.getAttribute('aria-sort')).toBe('ascending');
  });

  it('edits the quick replies, kept in the session store', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    fakes.session.save({ token: 'supervisor-token-supervisor', sittingId: 'sitting-1' });
    const page = await started(fakes);
    await renderedUntil(() => rowNames(page).length === 3);
    row(page, 'c2')!.querySelector<HTMLButtonElement>('.open-help')!.click();
    await renderedUntil(() => shadow(page).querySelector('.edit-quick') !== null);
    part<HTMLButtonElement>(page, '.edit-quick').click();
    await rendered();
    type(page, 'textarea#quick-replies', '请稍等，马上处理。\n\n请刷新页面。');
    await rendered();
    part<HTMLButtonElement>(page, '.save-quick').click();
    await renderedUntil(() => shadow(page).querySelectorAll('.quick').length === 2);
    expect(fakes.session.quickReplies).toEqual(['请稍等，马上处理。', '请刷新页面。']);
  });

  it('sends a notice to the sitting, says how many got it, and empties the field', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    fakes.session.save({ token: 'supervisor-token-supervisor', sittingId: 'sitting-1' });
    const page = await started(fakes);
    await renderedUntil(() => rowNames(page).length === 3);
    type(page, 'textarea#notice', '开始时间推迟 5 分钟');
    part<HTMLFormElement>(page, 'form.notice-form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => shadow(page).querySelector('.notice-sent') !== null);
    expect(part(page, '.notice-sent').textContent).toBe('通知已发送给 3 名考生。');
    expect(fakes.api.notices.map((n) => n.text)).toEqual(['开始时间推迟 5 分钟']);
    expect(part<HTMLTextAreaElement>(page, 'textarea#notice').value).toBe('');
  });

  it('gives extra time, ends an interview after the confirmation, and records a verdict in the candidate’s panel', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    fakes.session.save({ token: 'supervisor-token-supervisor', sittingId: 'sitting-1' });
    fakes.api.update('c1', { online: true, progress: { stage: 'answering', enteredAt: NOW } });
    const page = await started(fakes);
    await renderedUntil(() => rowNames(page).length === 3);
    row(page, 'c1')!.querySelector<HTMLButtonElement>('.open-help')!.click();
    await renderedUntil(() => shadow(page).querySelector('.give-extra-time') !== null);
    expect(part(page, '.candidate-panel h3').textContent).toBe('考生处理：张三');
    // Entered: no late entry to offer.
    expect(shadow(page).querySelector('.late-form')).toBeNull();

    type(page, 'input#extra-minutes', '5');
    part<HTMLFormElement>(page, 'form.extra-time-form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => shadow(page).querySelectorAll('.interventions li').length === 1);
    expect(part(page, '.interventions li').textContent).toContain('延长时间 5 分钟');

    type(page, 'input#end-reason', '使用手机');
    part<HTMLFormElement>(page, 'form.end-form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => shadow(page).querySelector('.confirm-end') !== null);
    expect(part(page, '.confirm-end p').textContent).toBe('确定结束 张三 的面试吗？原因：使用手机。结束后不能恢复。');
    expect(fakes.api.interventions.get('c1')).toHaveLength(1);
    part<HTMLButtonElement>(page, '.confirm-end-button').click();
    await renderedUntil(() => shadow(page).querySelectorAll('.interventions li').length === 2);
    expect(row(page, 'c1')?.querySelector('.stage')?.textContent).toBe('已结束');

    // Refused now: in the supervisor's words.
    type(page, 'input#extra-minutes', '5');
    part<HTMLFormElement>(page, 'form.extra-time-form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => shadow(page).querySelector('.action-error') !== null);
    expect(part(page, '.action-error').textContent).toBe('该考生的面试已经结束，不能再进行此操作。');

    part<HTMLInputElement>(page, 'input[name="verdict"][value="violation"]').checked = true;
    type(page, 'textarea#verdict-comment', '使用手机查阅资料');
    part<HTMLFormElement>(page, 'form.verdict-form').dispatchEvent(new Event('submit', { cancelable: true }));
    await renderedUntil(() => shadow(page).querySelectorAll('.verdict-history li').length === 1);
    expect(part(page, '.verdict-history li').textContent).toContain('违规 使用手机查阅资料');
    expect(fakes.api.verdicts.get('c1')?.current).toMatchObject({ verdict: 'violation', comment: '使用手机查阅资料' });
  });

  it('says in English what it says in zh-CN', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    const page = await started(fakes, { locale: 'en' });
    expect(heading(page)).toBe('Supervisor login');
    await logIn(page, 'wrong');
    await renderedUntil(() => shadow(page).querySelector('.alert')?.textContent === 'The username or password is wrong.');
  });
});

describe('exam-proctor-console fixed views', () => {
  it('实时画面: offers the view in the panel, shows each source’s stream through its <video> and its state, and closes', async () => {
    const closed = await mount('exam-proctor-console', { view: liveViewViews.closed });
    const opened = commandsOf(closed, 'proctorCommand');
    buttonNamed(closed, '实时画面').click();
    expect(opened).toEqual([{ type: 'user.watchLive' }]);

    const camera = new MediaStream();
    const screen = new MediaStream();
    const page = await mount('exam-proctor-console', { view: liveViewViews.connected, liveStreams: { camera, screen } });
    expect(part(page, '.live-view [data-live-phase]').textContent).toBe('已连接');
    const videos = [...shadow(page).querySelectorAll<HTMLVideoElement>('.live-view video')];
    expect(videos.map((video) => [video.dataset['source'], video.srcObject])).toEqual([
      ['camera', camera],
      ['screen', screen],
    ]);
    const stopped = commandsOf(page, 'proctorCommand');
    buttonNamed(page, '关闭实时画面').click();
    expect(stopped).toEqual([{ type: 'user.stopLive' }]);

    const refused = await mount('exam-proctor-console', { view: liveViewViews.exhausted, lang: 'en' });
    expect(part(refused, '.live-view [role="alert"]').textContent).toBe('The most people who may watch this candidate live at once already do. Try again later.');
    expect(part(refused, '.live-view [data-live-phase]').textContent).toBe('The live view is not available');
  });

  it('shows TOO_MANY_ATTEMPTS in the shared words', async () => {
    const page = await mount('exam-proctor-console', { view: loginViews.tooManyAttempts });
    expect(part(page, '.alert').textContent).toBe('尝试次数过多，请稍后再试。');
  });

  it('fits 30 candidates in one table, with badges for unread help and incidents, offline greyed', async () => {
    const page = await mount('exam-proctor-console', { view: sittingViews.grid });
    expect(shadow(page).querySelectorAll('tbody tr')).toHaveLength(30);
    expect(shadow(page).querySelectorAll('tbody tr.offline').length).toBe(sittingViews.grid.filterCounts.offline);
    expect(shadow(page).querySelectorAll('.unread').length).toBe(2);
    expect(shadow(page).querySelectorAll('.incidents .badge').length).toBe(sittingViews.grid.filterCounts.incidents);
    expect(filterButton(page, 'all').textContent).toBe('全部 30');
  });

  it('marks late evidence', async () => {
    const page = await mount('exam-proctor-console', { view: sittingViews.evidenceLate });
    expect(shadow(page).querySelectorAll('.late-badge').length).toBe(sittingViews.evidenceLate.rows.length);
  });

  it('keeps a reply that failed in the field, with the error', async () => {
    const page = await mount('exam-proctor-console', { view: conversationViews.sendFailed });
    expect(part<HTMLTextAreaElement>(page, 'textarea#reply').value).toBe('请刷新页面后重试。');
    expect(part(page, '.reply-form .alert').textContent).toBe('网络异常，请检查网络后重试。');
  });

  it('shows a failed notice with the error, and how many got a sent one', async () => {
    const failed = await mount('exam-proctor-console', { view: noticeViews.failed });
    expect(part(failed, '.notice-form .alert').textContent).toBe('网络异常，请检查网络后重试。');
    const sent = await mount('exam-proctor-console', { view: noticeViews.sent });
    expect(part(sent, '.notice-sent').textContent).toBe('通知已发送给 30 名考生。');
  });

  it('offers late entry only to a candidate who has not entered, and lists the record', async () => {
    const entered = await mount('exam-proctor-console', { view: candidateViews.recorded });
    expect(shadow(entered).querySelector('.late-form')).toBeNull();
    expect(shadow(entered).querySelectorAll('.verdict-history li')).toHaveLength(2);
    expect(part(entered, '.verdict-history li').textContent).toContain('通过 复核录像，无异常。');
    const late = await mount('exam-proctor-console', { view: candidateViews.notEntered });
    expect(part(late, '.allow-late-entry').textContent).toBe('允许迟到入场');
  });

  it('shows a refusal in the supervisor’s words', async () => {
    const page = await mount('exam-proctor-console', { view: candidateViews.refused });
    expect(part(page, '.action-error').textContent).toBe('该考生的面试已经结束，不能再进行此操作。');
  });

  it('sends commands as DOM events', async () => {
    const page = await mount('exam-proctor-console', { view: sittingViews.grid });
    const commands = commandsOf(page, 'proctorCommand');
    filterButton(page, 'offline').click();
    expect(commands).toEqual([{ type: 'user.filter', filter: 'offline' }]);
  });
});

describe('exam-proctor-console’s review (回放)', () => {
  const markerKinds = (page: Console) => [...shadow(page).querySelectorAll<HTMLElement>('.markers .marker')].map((marker) => marker.dataset['kind']);

  it('places every marker on the timeline in order, with a title in the console’s words, and lists them', async () => {
    const page = await mount('exam-proctor-console', { view: reviewViews.shown });
    const view = reviewViews.shown;
    expect(markerKinds(page)).toEqual(view.markers.map((m) => m.kind));
    const lefts = [...shadow(page).querySelectorAll<HTMLElement>('.markers .marker')].map((marker) => Number.parseFloat(marker.style.left));
    expect(lefts).toEqual([...lefts].sort((a, b) => a - b));
    expect(lefts[0]).toBe(0);
    expect(lefts.at(-1)).toBe(100);
    const titles = [...shadow(page).querySelectorAll<HTMLElement>('.markers .marker')].map((marker) => marker.title.replace(/^\S+ /, ''));
    expect(titles).toEqual([
      '通知：开始时间推迟 5 分钟，请耐心等待。',
      '进入考试',
      '设备确认',
      '信息确认',
      '签署承诺书',
      '异常：切屏（窗口失去焦点）',
      '考生求助：老师，我的麦克风好像没有声音。',
      '监督员回复：请检查麦克风是否已允许本网站使用。',
      '延长时间：5 分钟',
      '异常：网络断开',
      '面试结束：考生交卷',
      '审核结论：存疑 多次看向屏幕外，待复核录像。',
    ]);
    expect(shadow(page).querySelectorAll('.marker-list li')).toHaveLength(12);
    expect(part(page, '.marker-list li').textContent).toContain('（面试开始前）'.slice(1, -1));
    // Three recordings side by side, each its own video; the verdict with its history beside them.
    expect([...shadow(page).querySelectorAll<HTMLElement>('.recording')].map((figure) => figure.dataset['kind'])).toEqual(['camera', 'screen', 'evidence']);
    expect(shadow(page).querySelectorAll('.recording video')).toHaveLength(3);
    expect(part(page, '.review-verdict .verdict-history li').textContent).toContain('存疑');
  });

  it('says 此时段没有录像 for a kind with no part at the instant chosen', async () => {
    const page = await mount('exam-proctor-console', { view: reviewViews.inGap });
    await renderedUntil(() => shadow(page).querySelector('.recording[data-kind="camera"] .video-status')?.textContent === '此时段没有录像');
    // The others have a part there, but no link to its file (a fixed view asks no server): unavailable, and why.
    expect(part(page, '.recording[data-kind="screen"]').dataset['status']).toBe('unavailable');
    expect(part(page, '.recording[data-kind="screen"] .video-status').textContent).toBe('录像不可用');
    expect(part(page, '.recording[data-kind="screen"] .hint').textContent).toContain('演示环境');
    expect(part<HTMLVideoElement>(page, 'video[data-kind="screen"]').getAttribute('src')).toBeNull();
  });

  it('sends the instant of a marker, of the list and of the timeline as user.seek, and the way back', async () => {
    const page = await mount('exam-proctor-console', { view: reviewViews.shown });
    const commands = commandsOf(page, 'proctorCommand');
    const incident = reviewViews.shown.markers.find((m) => m.kind === 'incident')!;
    part<HTMLButtonElement>(page, '.markers .marker[data-kind="incident"]').click();
    shadow(page).querySelectorAll<HTMLButtonElement>('.marker-item')[5]!.click();
    const scrubber = part<HTMLInputElement>(page, 'input.scrubber');
    scrubber.value = '500';
    scrubber.dispatchEvent(new Event('change'));
    part<HTMLButtonElement>(page, '.close-review').click();
    const span = reviewViews.shown.span!;
    expect(commands).toEqual([
      { type: 'user.seek', at: incident.at },
      { type: 'user.seek', at: incident.at },
      { type: 'user.seek', at: Math.round(span.start + (span.end - span.start) / 2) },
      { type: 'user.closeReview' },
    ]);
  });

  it('says so when there is no recording at all, and offers 重试 when the record cannot be read', async () => {
    const none = await mount('exam-proctor-console', { view: reviewViews.noRecordings });
    await renderedUntil(() => shadow(none).querySelector('.recording[data-kind="evidence"]')?.getAttribute('data-status') === 'gap');
    expect([...shadow(none).querySelectorAll('.video-status')].map((p) => p.textContent)).toEqual(['此时段没有录像', '此时段没有录像', '此时段没有录像']);
    const failed = await mount('exam-proctor-console', { view: reviewViews.failed });
    expect(part(failed, '.alert').textContent).toBe('网络异常，请检查网络后重试。');
    expect(buttonNamed(failed, '重试')).toBeDefined();
  });

  it('opens from the candidate’s panel on the fake ports, asks a link per part, and closes back to the grid', async () => {
    const fakes = createFakeProctorPorts({ now: NOW });
    fakes.session.save({ token: 'supervisor-token-supervisor', sittingId: 'sitting-1' });
    const startsAt = fakes.api.sittings[0]!.sitting.startsAt;
    const timeline: Timeline = {
      candidateId: 'c1',
      schedule: { loginOpensAt: 0, entryOpensAt: 0, startsAt, entryClosesAt: startsAt, deadline: startsAt + 300_000, evidenceDueAt: startsAt, extraTimeMs: 0, lateEntryAllowed: false },
      progress: fakes.api.candidates.get('c1')!.progress,
      markers: [
        { at: startsAt, kind: 'entered' },
        { at: startsAt + 60_000, kind: 'incident', detail: 'windowBlur' },
      ],
      recordings: [{ id: 'r1', kind: 'camera', part: 1, mimeType: 'video/webm', createdAt: startsAt, complete: true, durationMs: 120_000 }],
    };
    fakes.api.timelines.set('c1', timeline);
    const page = await started(fakes);
    await renderedUntil(() => rowNames(page).length === 3);
    row(page, 'c1')!.querySelector<HTMLButtonElement>('.open-help')!.click();
    await renderedUntil(() => shadow(page).querySelector('.open-review') !== null);
    part<HTMLButtonElement>(page, '.open-review').click();
    await renderedUntil(() => markerKinds(page).length === 2);
    expect(heading(page)).toBe('回放：张三');
    expect(fakes.api.links.map((link) => link.recordingId)).toEqual(['r1']);
    expect(part<HTMLVideoElement>(page, 'video[data-kind="camera"]').getAttribute('src')).toBe(fakes.api.links[0]!.url);
    part<HTMLButtonElement>(page, '.close-review').click();
    await renderedUntil(() => rowNames(page).length === 3);
  });

  it('says in English what it says in zh-CN', async () => {
    const page = await mount('exam-proctor-console', { view: reviewViews.shown, locale: 'en' });
    expect(heading(page)).toBe(`Review: ${reviewViews.shown.candidate!.name}`);
    expect(part<HTMLElement>(page, '.markers .marker[data-kind="incident"]').title).toMatch(/Incident: Switched away \(window lost focus\)$/);
    expect(buttonNamed(page, 'Play')).toBeDefined();
  });
});
