import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-barred.js';
import { commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { barredViews } from './barred.fixtures';

describe('exam-barred', () => {
  it('says the candidate cannot enter after the 2-minute cutoff, in an alert (R21)', async () => {
    const stage = await mount('exam-barred', { view: barredViews.lateEntryClosed });
    expect(part(stage, '.heading').textContent).toBe('无法进入面试');
    expect(part(stage, '[role="alert"]').textContent).toBe('面试开始2分钟后，系统不再允许进入本场面试。');
    expect(part(stage, '.contact').textContent).toBe('如有疑问，请联系技术服务人员。');
  });

  it('gives the reason for each way of being barred', async () => {
    const revoked = await mount('exam-barred', { view: barredViews.sessionRevoked });
    expect(part(revoked, '[role="alert"]').textContent).toBe('你的账号已在其他设备上登录，本页面已退出。');
    const loginClosed = await mount('exam-barred', { view: barredViews.loginClosed });
    expect(part(loginClosed, '[role="alert"]').textContent).toBe('本场面试已不能登录。');
    const over = await mount('exam-barred', { view: barredViews.examOver });
    expect(part(over, '[role="alert"]').textContent).toBe('本场面试已结束。');
    const expired = await mount('exam-barred', { view: barredViews.sessionExpired });
    expect(part(expired, '[role="alert"]').textContent).toBe('登录已到期：本场面试的视频上传截止时间已过。');
  });

  it('offers no control: nothing the candidate can do here', async () => {
    const stage = await mount('exam-barred', { view: barredViews.lateEntryClosed });
    expect(shadow(stage).querySelectorAll('button, input').length).toBe(0);
  });

  it('the interview open in another window of this browser (R6): says to go back there, with 「在此窗口继续」 disabled until that window is closed', async () => {
    const stage = await mount('exam-barred', { view: barredViews.otherWindowOpen });
    expect(part(stage, '.heading').textContent).toBe('只能在一个窗口中面试');
    expect(part(stage, '[role="alert"]').textContent).toBe('本场面试已在本电脑的另一个窗口或标签页中打开，不得多屏登录。请关闭本窗口，回到原来的窗口继续面试。');
    expect(part(stage, '[role="status"]').textContent).toBe('原来的窗口关闭后，可以点击「在此窗口继续」。');
    const button = part<HTMLButtonElement>(stage, 'button');
    expect([button.textContent, button.disabled]).toEqual(['在此窗口继续', true]);
    const commands = commandsOf(stage);
    button.click();
    expect(commands).toEqual([]);

    await update(stage, { view: barredViews.otherWindowClosed });
    expect(part(stage, '[role="alert"]').textContent).toBe('原来的窗口已关闭，可以在此窗口继续面试。');
    expect(part<HTMLButtonElement>(stage, 'button').disabled).toBe(false);
    part<HTMLButtonElement>(stage, 'button').click();
    expect(commands).toEqual([{ type: 'user.continueHere' }]);

    await update(stage, { view: barredViews.claiming });
    expect(part(stage, '[role="status"]').textContent).toBe('正在此窗口打开面试…');
    expect(part<HTMLButtonElement>(stage, 'button').disabled).toBe(true);
  });

  it('the interview open in another window, in English', async () => {
    const stage = await mount('exam-barred', { view: barredViews.otherWindowOpen, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('One window only');
    expect(part(stage, '[role="alert"]').textContent).toBe(
      'This interview is already open in another window or tab of this computer, and it may be open on one screen only. Close this window and continue in the other one.',
    );
    await update(stage, { view: barredViews.otherWindowClosed });
    expect(part(stage, '[role="alert"]').textContent).toBe('The other window has been closed: you can continue the interview in this window.');
    expect(part(stage, 'button').textContent).toBe('Continue in this window');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-barred', { view: barredViews.sessionRevoked, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('You cannot enter the interview');
    expect(part(stage, '[role="alert"]').textContent).toBe('Your account has logged in on another device, so this page has been logged out.');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
