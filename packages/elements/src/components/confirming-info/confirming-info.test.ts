import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-confirming-info.js';
import { commandsOf, mount, part, shadow } from '../../testing/mount.test-kit';
import { confirmingInfoViews } from './confirming-info.fixtures';

/** The definition list as [term, value] pairs, in order. */
function rows(stage: HTMLElement): [string, string][] {
  return [...shadow(stage).querySelectorAll('dl .row')].map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']);
}

describe('exam-confirming-info', () => {
  it('lists the candidate\'s information under the guide\'s labels, with the masked ID number', async () => {
    const stage = await mount('exam-confirming-info', { view: confirmingInfoViews.ready });
    expect(part(stage, '.heading').textContent).toBe('信息确认');
    const list = rows(stage);
    expect(list.map(([term]) => term)).toEqual(['姓名', '身份证号', '准考证号', '场次', '开考时间', '抽签号']);
    expect(list[0]?.[1]).toBe('张三');
    expect(list[1]?.[1]).toBe('1101**********0011');
    expect(list[2]?.[1]).toBe('2026110100011');
    expect(list[3]?.[1]).toBe('上午场');
    expect(list[5]?.[1]).toBe('7');
    expect(shadow(stage).textContent).not.toContain('110101200001010011');
  });

  it('shows the start time as a machine-readable instant and a localized date and time', async () => {
    const stage = await mount('exam-confirming-info', { view: confirmingInfoViews.ready });
    const time = part(stage, '.starts-at time');
    expect(time.getAttribute('datetime')).toBe('2026-11-28T01:00:00.000Z');
    // In the exam's time zone (Beijing), though the test "browser" is in UTC.
    expect(time.textContent).toBe('2026年11月28日 09:00');
  });

  it('sends user.confirmInfo from 「确认信息无误」', async () => {
    const stage = await mount('exam-confirming-info', { view: confirmingInfoViews.ready });
    const commands = commandsOf(stage);
    const confirm = part<HTMLButtonElement>(stage, 'button.primary');
    expect(confirm.textContent).toBe('确认信息无误');
    expect(confirm.disabled).toBe(false);
    confirm.click();
    expect(commands).toEqual([{ type: 'user.confirmInfo' }]);
  });

  it('says why recording the confirmation failed, and lets the candidate confirm again', async () => {
    const stage = await mount('exam-confirming-info', { view: confirmingInfoViews.failed });
    expect(part(stage, '.alert').textContent).toBe('网络异常，请检查网络后重试。');
    expect(part<HTMLButtonElement>(stage, 'button.primary').disabled).toBe(false);
    const ready = await mount('exam-confirming-info', { view: confirmingInfoViews.ready });
    expect(shadow(ready).querySelector('.alert')).toBeNull();
  });

  it('disables the confirmation and says 暂无 while the information has not loaded', async () => {
    const stage = await mount('exam-confirming-info', { view: confirmingInfoViews.loading });
    expect(part<HTMLButtonElement>(stage, 'button.primary').disabled).toBe(true);
    expect(rows(stage).map(([, value]) => value)).toEqual(['暂无', '暂无', '暂无', '暂无', '暂无', '暂无']);
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-confirming-info', { view: confirmingInfoViews.ready, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Confirm information');
    expect(rows(stage).map(([term]) => term)).toEqual(['Name', 'ID number', 'Admission number', 'Sitting', 'Start time', 'Lot number']);
    expect(part(stage, '.starts-at time').textContent).toMatch(/November 2[78], 2026/);
    expect(part(stage, 'button.primary').textContent).toBe('My information is correct');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
