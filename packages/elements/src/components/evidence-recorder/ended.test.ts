import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-evidence-recorder.js';
import { mount, part, shadow } from '../../testing/mount.test-kit';
import { endedViews } from './ended.fixtures';

describe('exam-evidence-recorder: ended', () => {
  it.each([
    ['done', '佐证视频已上传', '佐证视频已全部上传，可以关闭本页面。'],
    ['replaced', '已在另一部手机上继续录制', '已用另一部手机扫码，本手机已停止佐证录制，可以关闭本页面。'],
    ['expired', '手机会话已结束', '本手机的佐证录制已结束。若佐证视频未能上传成功，请务必主动联系技术人员处理。'],
  ] as const)('%s: says so, with nothing left to press and no advice to reopen the page', async (phase, title, text) => {
    const page = await mount('exam-evidence-recorder', { view: endedViews[phase] });
    expect(part(page, '.heading').textContent).toBe(title);
    expect(part(page, '.intro').textContent).toBe(text);
    expect(shadow(page).querySelector('button')).toBeNull();
    expect(shadow(page).querySelector('[part="reopen"]')).toBeNull();
  });

  it('speaks English with lang="en"', async () => {
    const page = await mount('exam-evidence-recorder', { view: endedViews.done, lang: 'en' });
    expect(part(page, '.heading').textContent).toBe('Evidence video uploaded');
  });
});
