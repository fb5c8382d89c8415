import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-awaiting-entry.js';
import { commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { entryClosesAt, awaitingEntryNow, entryOpensAt, awaitingEntryViews } from './awaiting-entry.fixtures';

const buttons = (stage: HTMLElement) => [...shadow(stage).querySelectorAll<HTMLButtonElement>('.actions button')];
const state = (stage: HTMLElement) => buttons(stage).map((b) => [b.textContent, b.disabled]);
/** The fixtures' exam is on Beijing time; the test "browser" is in UTC (vitest.config.ts). */
const timeOf = (locale: string, epochMs: number) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(epochMs);

describe('exam-awaiting-entry', () => {
  it('before entry opens: when and how long, a timer to entryOpensAt − now, 「刷新」 enabled and 「进入考试」 visible but disabled', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.notYetOpen, now: awaitingEntryNow });
    expect(part(stage, '.heading').textContent).toBe('进入考试');
    expect(timeOf('zh-CN', entryOpensAt)).toBe('2026年2月28日 09:45');
    expect(part(stage, '.not-yet-open').textContent).toBe('「进入考试」将于 2026年2月28日 09:45 自动激活，还有 4分10秒。如未激活，请点击「刷新」。');
    const timer = part<HTMLElement & { remainingMs: number; label?: string }>(stage, 'exam-timer');
    expect(timer.remainingMs).toBe(250_000);
    expect(timer.label).toBe('距离进入时间还有');
    expect(state(stage)).toEqual([
      ['刷新', false],
      ['进入考试', true],
    ]);
    await update(stage, { now: awaitingEntryNow + 10_000 });
    expect(timer.remainingMs).toBe(240_000);
    expect(part(stage, '.not-yet-open').textContent).toContain('还有 4分0秒');
  });

  it('sends user.refresh from 「刷新」 and says 正在刷新… while it refreshes', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.notYetOpen, now: awaitingEntryNow });
    const commands = commandsOf(stage);
    buttons(stage)[0]?.click();
    expect(commands).toEqual([{ type: 'user.refresh' }]);
    await update(stage, { view: awaitingEntryViews.refreshing });
    expect(part(stage, '[role="status"]').textContent).toBe('正在刷新…');
    expect(state(stage)).toEqual([
      ['刷新', true],
      ['进入考试', true],
    ]);
  });

  it('once open enables 「进入考试」, which sends user.enter, and drops the timer', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.ready, now: entryOpensAt + 1000 });
    expect(part(stage, '.open').textContent).toBe('已到进入时间，请点击「进入考试」。');
    expect(shadow(stage).querySelector('exam-timer')).toBeNull();
    expect(state(stage)).toEqual([
      ['刷新', true],
      ['进入考试', false],
    ]);
    const commands = commandsOf(stage);
    buttons(stage)[1]?.click();
    expect(commands).toEqual([{ type: 'user.enter' }]);
  });

  it('lists the guide\'s rules: one display, the whole screen recorded, no switching, no entry 2 minutes after the start', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.ready });
    const rules = [...shadow(stage).querySelectorAll('[part="rules"] li')].map((li) => li.textContent);
    expect(rules).toEqual([
      '只能使用一个显示器进行面试；如有外接显示器，请先拔掉再进入。',
      '进入后系统将自动开启屏幕录制并实时上传。请共享「整个屏幕」。',
      '请不要作出切屏、截屏等任何与考试无关的操作。',
      `开考2分钟后（${timeOf('zh-CN', entryClosesAt)}）将不能再进入。`,
    ]);
  });

  it('shows the lot, or that one will be assigned on entry', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.ready });
    expect(part(stage, '.lot').textContent).toBe('抽签号：7');
    await update(stage, { view: awaitingEntryViews.notDrawn });
    expect(part(stage, '.lot').textContent).toBe('尚未抽签，进入考试时系统将自动分配抽签号。');
  });

  it('tells each step of entering in the polite status line with 「进入考试」 disabled', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.checkingDisplay });
    const texts: (string | null)[] = [];
    for (const view of [awaitingEntryViews.checkingDisplay, awaitingEntryViews.sharingScreen, awaitingEntryViews.entering]) {
      await update(stage, { view });
      texts.push(part(stage, '[role="status"]').textContent);
      expect(buttons(stage)[1]?.disabled).toBe(true);
    }
    expect(texts).toEqual(['正在检查显示器…', '请在弹出的窗口中选择共享整个屏幕…', '正在进入…']);
  });

  it('shows the entry errors in an alert', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.externalDisplay });
    expect(part(stage, '[role="alert"]').textContent).toContain('请先拔掉外接显示器再进入');
    await update(stage, { view: awaitingEntryViews.notWholeScreen });
    expect(part(stage, '[role="alert"]').textContent).toBe('请选择共享「整个屏幕」，而不是某个窗口或标签页。');
    await update(stage, { view: awaitingEntryViews.shareDenied });
    expect(part(stage, '[role="alert"]').textContent).toContain('未开启屏幕共享');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-awaiting-entry', { view: awaitingEntryViews.notYetOpen, now: awaitingEntryNow, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Enter exam');
    expect(part(stage, '.not-yet-open').textContent).toBe(
      `“Enter exam” activates automatically at ${timeOf('en', entryOpensAt)}, in 4 min 10 s. If it does not, click “Refresh”.`,
    );
    expect(buttons(stage).map((b) => b.textContent)).toEqual(['Refresh', 'Enter exam']);
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
