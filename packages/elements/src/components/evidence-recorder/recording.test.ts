import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-evidence-recorder.js';
import { buttonNamed, commandsOf, mount, part, shadow } from '../../testing/mount.test-kit';
import { recordingViews } from './recording.fixtures';

const texts = (element: HTMLElement, selector: string) => [...shadow(element).querySelectorAll(selector)].map((node) => node.textContent);

describe('exam-evidence-recorder: recording', () => {
  it('asks to fix the phone where it sees the desk, the screen, the surroundings and the candidate, then 「开始录制」', async () => {
    const page = await mount('exam-evidence-recorder', { view: recordingViews.placing });
    expect(part(page, '.heading').textContent).toBe('佐证视频录制');
    expect(part(page, '.intro').textContent).toContain('将移动设备固定在能够拍摄到考生桌面、笔记本电脑屏幕、周围环境及考生行为的位置');
    expect(part(page, '.notice').textContent).toContain('持续拍摄到面试结束（不得中断拍摄）');
    // Not recording yet: no status, and no screen-lock warning before the lock is asked for.
    expect(part(page, '[part="status"]').textContent).toBe('');
    expect(shadow(page).querySelector('.warning')).toBeNull();
    const commands = commandsOf(page, 'evidenceCommand');
    buttonNamed(page, '开始录制').click();
    expect(commands).toEqual([{ type: 'user.startRecording' }]);
  });

  it('shows 录制中 with the MB uploaded of the MB recorded, one decimal, in a polite live status line', async () => {
    const page = await mount('exam-evidence-recorder', { view: recordingViews.recording });
    const status = part(page, '[part="status"]');
    expect(status.textContent).toBe('录制中 · 已上传 11.8 / 12.4 MB');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(part(page, '.badge').textContent).toBe('录制中');
    expect(part(page, '.stop-hint').textContent).toBe('面试结束后，请手动停止佐证视频拍摄，并于60分钟内确认佐证视频已上传。');
    expect(shadow(page).querySelector('.warning')).toBeNull();
    const commands = commandsOf(page, 'evidenceCommand');
    buttonNamed(page, '结束录制').click();
    expect(commands).toEqual([{ type: 'user.stopRecording' }]);
  });

  it('warns of a low battery, low storage and a screen that may lock', async () => {
    const page = await mount('exam-evidence-recorder', { view: recordingViews.warnings });
    expect(texts(page, '.warning')).toEqual([
      '电量低，请连接充电器。',
      '手机存储空间不足，请清理存储空间，不要关闭本页面。',
      '本浏览器无法保持屏幕常亮。请在手机设置中关闭自动锁屏，录制期间不要锁屏。',
    ]);
  });

  it('shows an upload that does not get through, while recording on', async () => {
    const page = await mount('exam-evidence-recorder', { view: recordingViews.offline });
    expect(part(page, '[part="status"]').textContent).toBe('录制中 · 已上传 3.2 / 12.4 MB');
    expect(part(page, '[role="alert"]').textContent).toBe('网络异常，请检查网络后重试。');
  });

  it('asks to confirm 「结束录制」, or to keep recording', async () => {
    const page = await mount('exam-evidence-recorder', { view: recordingViews.confirmingStop });
    const dialog = part(page, '[role="alertdialog"]');
    expect(shadow(page).getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('确定结束录制吗？');
    expect(part(page, '[part="status"]').textContent).toBe('录制中 · 已上传 11.8 / 12.4 MB');
    const commands = commandsOf(page, 'evidenceCommand');
    buttonNamed(page, '继续录制').click();
    buttonNamed(page, '结束录制').click();
    expect(commands).toEqual([{ type: 'user.cancelStop' }, { type: 'user.confirmStop' }]);
  });

  it('says it stops, then waits for the rest of the upload with no button to press', async () => {
    const stopping = await mount('exam-evidence-recorder', { view: recordingViews.stopping });
    expect(part(stopping, '[part="status"]').textContent).toBe('正在停止录制…');
    expect(shadow(stopping).querySelector('[part="actions"]')).toBeNull();
    const uploading = await mount('exam-evidence-recorder', { view: recordingViews.uploading });
    expect(part(uploading, '.intro').textContent).toContain('请保持本页面打开、手机联网');
    expect(part(uploading, '[part="status"]').textContent).toBe('上传中 · 已上传 96.5 / 130.0 MB');
    expect(shadow(uploading).querySelector('[part="actions"]')).toBeNull();
  });

  it('speaks English with lang="en"', async () => {
    const page = await mount('exam-evidence-recorder', { view: recordingViews.recording, lang: 'en' });
    expect(part(page, '[part="status"]').textContent).toBe('Recording · uploaded 11.8 / 12.4 MB');
    expect(buttonNamed(page, 'Stop recording')).toBeTruthy();
  });
});
