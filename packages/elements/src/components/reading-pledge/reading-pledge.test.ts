import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-reading-pledge.js';
import { commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { readingPledgeViews } from './reading-pledge.fixtures';

const checkbox = (stage: HTMLElement, id: 'pledge' | 'notice') => part<HTMLInputElement>(stage, `#${id}-accept`);

describe('exam-reading-pledge', () => {
  it('shows 考试承诺书 and 考试须知 as titled, numbered documents, each with its labelled checkbox', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.unread });
    expect(part(stage, '.heading').textContent).toBe('阅读承诺书和须知');
    expect([...shadow(stage).querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['考试承诺书', '考试须知']);
    expect(shadow(stage).querySelectorAll('.document-pledge ol li').length).toBe(5);
    expect(shadow(stage).querySelectorAll('.document-notice ol li').length).toBe(7);
    expect(part(stage, '.document-notice ol').textContent).toContain('「试题回答完毕」');
    expect(checkbox(stage, 'pledge').closest('label')?.textContent).toBe('我已阅读并承诺遵守《考试承诺书》');
    expect(checkbox(stage, 'notice').closest('label')?.textContent).toBe('我已阅读并知晓《考试须知》');
  });

  it('ticks the boxes from the view, not from the click', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.unread });
    expect(checkbox(stage, 'pledge').checked).toBe(false);
    checkbox(stage, 'pledge').click();
    expect(checkbox(stage, 'pledge').checked).toBe(false);
    await update(stage, { view: readingPledgeViews.pledgeAccepted });
    expect(checkbox(stage, 'pledge').checked).toBe(true);
    expect(checkbox(stage, 'notice').checked).toBe(false);
  });

  it('sends user.setPledgeAccepted and user.setNoticeAccepted with the box\'s new value', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.pledgeAccepted });
    const commands = commandsOf(stage);
    checkbox(stage, 'notice').click();
    checkbox(stage, 'pledge').click();
    expect(commands).toEqual([
      { type: 'user.setNoticeAccepted', accepted: true },
      { type: 'user.setPledgeAccepted', accepted: false },
    ]);
  });

  it('keeps the continue button disabled with the hint until both are accepted', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.pledgeAccepted });
    const next = part<HTMLButtonElement>(stage, 'button.primary');
    expect(next.textContent).toBe('进入考试开始前倒计时页面');
    expect(next.disabled).toBe(true);
    expect(part(stage, '#must-accept').textContent).toBe('请阅读并勾选承诺书和须知后继续。');
    expect(next.getAttribute('aria-describedby')).toBe('must-accept');
  });

  it('sends user.continue once both are accepted, and drops the hint', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.bothAccepted });
    const commands = commandsOf(stage);
    const next = part<HTMLButtonElement>(stage, 'button.primary');
    expect(next.disabled).toBe(false);
    expect(shadow(stage).querySelector('#must-accept')).toBeNull();
    next.click();
    expect(commands).toEqual([{ type: 'user.continue' }]);
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.unread, lang: 'en' });
    expect([...shadow(stage).querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['Exam pledge', 'Exam notice']);
    expect(part(stage, 'button.primary').textContent).toBe('Go to the pre-exam countdown page');
    expect(part(stage, '#must-accept').textContent).toBe('Read and tick both the pledge and the notice to continue.');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });

  it('says why recording the pledge failed, and lets the candidate start again', async () => {
    const stage = await mount('exam-reading-pledge', { view: readingPledgeViews.failed });
    expect(part(stage, '.alert').textContent).toBe('网络异常，请检查网络后重试。');
    expect(part<HTMLButtonElement>(stage, 'button.primary').disabled).toBe(false);
    await update(stage, { view: readingPledgeViews.bothAccepted });
    expect(shadow(stage).querySelector('.alert')).toBeNull();
  });
});
