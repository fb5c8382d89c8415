import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-uploading.js';
import { commandsOf, mount, part, shadow } from '../../testing/mount.test-kit';
import { uploadingViews } from './uploading.fixtures';

type Progress = HTMLElement & { kind: string; state: string; percent: number };

function rows(stage: HTMLElement): { kind: string; state: string; percent: number }[] {
  return [...shadow(stage).querySelectorAll<Progress>('exam-upload-progress')].map(({ kind, state, percent }) => ({ kind, state, percent }));
}

const alerts = (stage: HTMLElement) => [...shadow(stage).querySelectorAll('[role="alert"]')].map((a) => a.textContent);

describe('exam-uploading', () => {
  it('tells the candidate not to close the page and that the recordings are safe on this computer', async () => {
    const stage = await mount('exam-uploading', { view: uploadingViews.sending });
    expect(part(stage, '.heading').textContent).toBe('视频上传');
    expect(part(stage, '.intro').textContent).toBe('面试视频正在上传，请不要作出任何操作，也不要关闭页面。');
    expect(part(stage, '.safe').textContent).toContain('录像已完整保存在本机');
  });

  it('shows one progress row per recording and the overall percentage as a progressbar', async () => {
    const stage = await mount('exam-uploading', { view: uploadingViews.sending });
    expect(rows(stage)).toEqual([
      { kind: 'camera', state: 'uploading', percent: 65 },
      { kind: 'screen', state: 'done', percent: 100 },
    ]);
    const bar = part(stage, '.overall [role="progressbar"]');
    expect(bar.getAttribute('aria-valuenow')).toBe('79');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(shadow(stage).getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('总上传进度');
    expect(part(stage, '.overall-percent').textContent).toBe('79%');
  });

  it('shows a stopped recording whose bytes are all sent as uploading, not as 录制中', async () => {
    const stage = await mount('exam-uploading', { view: uploadingViews.finishing });
    expect(rows(stage).map((row) => row.state)).toEqual(['uploading', 'uploading']);
  });

  it('says what is happening in a polite status: 正在提交 until the finish is recorded, then sending', async () => {
    const finishing = await mount('exam-uploading', { view: uploadingViews.finishing });
    expect(part(finishing, '[role="status"]').textContent).toBe('正在提交…');
    const sending = await mount('exam-uploading', { view: uploadingViews.sending });
    expect(part(sending, '[role="status"]').textContent).toBe('正在上传，请耐心等待，上传完成后将提示「上传成功」。');
    expect(alerts(sending)).toEqual([]);
    expect(shadow(sending).querySelector('button')).toBeNull();
  });

  it('while offline, says the recordings wait on this computer, without an alarm or a button', async () => {
    const stage = await mount('exam-uploading', { view: uploadingViews.waitingForNetwork });
    const status = part(stage, '[role="status"]');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('网络已断开，录像已保存在本机；网络恢复后将自动继续上传。');
    expect(alerts(stage)).toEqual([]);
    expect(shadow(stage).querySelector('button')).toBeNull();
    expect(rows(stage).map((row) => row.state)).toEqual(['waitingForNetwork', 'waitingForNetwork']);
  });

  it('on failure, alerts with the guidance once and sends user.retryUpload from 「重新上传」', async () => {
    const stage = await mount('exam-uploading', { view: uploadingViews.failed });
    expect(alerts(stage)).toEqual(['视频上传失败。请检查网络后点击「重新上传」；如仍无法上传，请不要关闭页面，并联系技术服务人员处理。']);
    const commands = commandsOf(stage);
    const retry = part<HTMLButtonElement>(stage, 'button.primary');
    expect(retry.textContent).toBe('重新上传');
    expect(retry.disabled).toBe(false);
    retry.click();
    expect(commands).toEqual([{ type: 'user.retryUpload' }]);
  });

  it('disables 「重新上传」 when the view says it cannot retry', async () => {
    const stage = await mount('exam-uploading', { view: { ...uploadingViews.failed, canRetry: false } });
    expect(part<HTMLButtonElement>(stage, 'button.primary').disabled).toBe(true);
  });

  it('shows an upload error such as STORAGE_QUOTA_LOW in an alert, and a distinct cause next to the failure guidance', async () => {
    const low = await mount('exam-uploading', { view: uploadingViews.storageLow });
    expect(alerts(low)).toEqual(['本机存储空间不足，录像可能无法完整保存。请关闭其他程序或清理磁盘空间，不要关闭本页面。']);
    const checksum = await mount('exam-uploading', { view: { ...uploadingViews.failed, uploadError: 'CHECKSUM_MISMATCH' } });
    expect(alerts(checksum)).toHaveLength(2);
    expect(alerts(checksum)[1]).toBe('上传的视频校验失败，请联系技术服务人员。');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-uploading', { view: uploadingViews.failed, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Uploading videos');
    expect(part(stage, 'button.primary').textContent).toBe('Upload again');
    expect(part(stage, '.overall-label').textContent).toBe('Overall progress');
    expect(shadow(stage).querySelector<Progress>('exam-upload-progress')?.getAttribute('lang')).toBe('en');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
