import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-resuming.js';
import { commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { resumingNow, resumingViews } from './resuming.fixtures';

type Timer = HTMLElement & { remainingMs: number; label?: string };

const buttons = (stage: HTMLElement) => [...shadow(stage).querySelectorAll('button')];

describe('exam-resuming', () => {
  it('back at 开始答题: says the progress is kept, shows the answer time left and asks only for 「重新共享屏幕」, which sends user.shareScreen', async () => {
    const stage = await mount('exam-resuming', { view: resumingViews.ready, now: resumingNow });
    expect(part(stage, '.heading').textContent).toBe('继续面试');
    expect(part(stage, '.intro').textContent).toContain('你的面试进度已保留');
    expect(part(stage, '.screen').textContent).toBe('浏览器不会保留屏幕共享。请点击「重新共享屏幕」，并选择共享「整个屏幕」，即可回到「开始答题」。');
    const timer = part<Timer>(stage, 'exam-timer');
    expect(timer.remainingMs).toBe(12 * 60_000 + 34_000);
    expect(timer.label).toBe('剩余答题时间');
    expect(buttons(stage).map((b) => [b.textContent, b.disabled])).toEqual([['重新共享屏幕', false]]);
    const commands = commandsOf(stage);
    buttons(stage)[0]?.click();
    expect(commands).toEqual([{ type: 'user.shareScreen' }]);
  });

  it('while sharing says what to pick and disables the button; a share that is not the whole screen is an alert', async () => {
    const stage = await mount('exam-resuming', { view: resumingViews.sharingScreen, now: resumingNow });
    expect(part(stage, '[role="status"]').textContent).toBe('请在弹出的窗口中选择共享「整个屏幕」…');
    expect(buttons(stage)[0]?.disabled).toBe(true);
    await update(stage, { view: resumingViews.notWholeScreen });
    expect(part(stage, '[role="alert"]').textContent).toBe('请选择共享「整个屏幕」，而不是某个窗口或标签页。');
    expect(buttons(stage)[0]?.disabled).toBe(false);
  });

  it('asks to reopen the camera when the browser lost it, with 「重新打开摄像头」 sending user.reopenCamera', async () => {
    const stage = await mount('exam-resuming', { view: resumingViews.openingCamera, now: resumingNow });
    expect(part(stage, '[role="status"]').textContent).toBe('正在重新打开摄像头…');
    await update(stage, { view: resumingViews.cameraFailed });
    expect(part(stage, '.camera').textContent).toContain('「重新打开摄像头」');
    expect(shadow(stage).querySelector('[role="alert"]')).not.toBeNull();
    expect(buttons(stage).map((b) => [b.textContent, b.disabled])).toEqual([['重新打开摄像头', false]]);
    const commands = commandsOf(stage);
    buttons(stage)[0]?.click();
    expect(commands).toEqual([{ type: 'user.reopenCamera' }]);
  });

  it('back to a stage before 开始答题 names it and shows no answer time', async () => {
    const stage = await mount('exam-resuming', { view: resumingViews.toConfirmingInfo, now: resumingNow });
    expect(part(stage, '.screen').textContent).toContain('即可回到「信息确认」');
    expect(shadow(stage).querySelector('exam-timer')).toBeNull();
    await update(stage, { view: resumingViews.toCountdown });
    expect(part(stage, '.screen').textContent).toContain('即可回到「考试开始前倒计时」');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-resuming', { view: resumingViews.ready, now: resumingNow, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Continue the interview');
    expect(buttons(stage)[0]?.textContent).toBe('Share screen again');
    expect(part(stage, '.screen').textContent).toContain('to return to “Start answering”');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
