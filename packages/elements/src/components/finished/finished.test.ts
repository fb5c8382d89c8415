import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-finished.js';
import { mount, part, shadow, update } from '../../testing/mount.test-kit';
import { finishedLateNow, finishedNow, finishedViews } from './finished.fixtures';

describe('exam-finished', () => {
  it('announces 上传成功 with the success text and why the interview ended', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow });
    expect(part(stage, '.heading').textContent).toBe('上传成功');
    expect(part(stage, '.success').textContent).toBe('面试视频上传成功，本次面试已完成，可以关闭考试页面。');
    expect(part(stage, '.reason').textContent).toBe('面试已完成。');
    expect(part(stage, '.keep-files').textContent).toBe('在面试成绩公布之前，请不要删除相关软件及文件。');
  });

  it('offers 「返回首页」 as a link to the host portal only when home-url is set (R29)', async () => {
    const without = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow });
    expect(shadow(without).querySelector('a.home')).toBeNull();
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow, homeUrl: '/portal/' });
    const link = part<HTMLAnchorElement>(stage, 'a.home');
    expect(link.textContent).toBe('返回首页');
    expect(link.getAttribute('href')).toBe('/portal/');
  });

  it('names each finish reason', async () => {
    const early = await mount('exam-finished', { view: finishedViews.endedEarly, now: finishedNow });
    expect(part(early, '.reason').textContent).toBe('你已提前结束面试。');
    const timeUp = await mount('exam-finished', { view: finishedViews.timeUp, now: finishedNow });
    expect(part(timeUp, '.reason').textContent).toBe('答题时间已到，面试已结束。');
  });

  it('reminds to stop the phone recording by hand and confirm within 60 minutes, with the deadline as a time (R30)', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow });
    const reminder = part(stage, '.stop-phone');
    expect(reminder.textContent).toMatch(/^请手动停止手机上的佐证视频拍摄，并于60分钟内（.+前）确认佐证视频已上传。$/);
    expect(part(stage, '.stop-phone time').getAttribute('datetime')).toBe('2026-11-28T02:15:00.000Z');
    expect(part(stage, '.stop-phone time').textContent).toBe('2026年11月28日 10:15'); // Beijing time, in a UTC "browser"
    expect(part(stage, '.contact').textContent).toBe('若佐证视频未能上传成功，请务必主动联系技术人员处理。');
  });

  it('counts the time left for the evidence from the server time it is given', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow });
    expect(part(stage, '.remaining').textContent).toBe('距佐证视频确认截止还有 55分0秒。');
    await update(stage, { now: finishedNow + 54 * 60_000 + 30_000 });
    expect(part(stage, '.remaining').textContent).toBe('距佐证视频确认截止还有 0分30秒。');
  });

  it('alerts once the 60 minutes have passed and the evidence has not uploaded', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedLateNow });
    expect(shadow(stage).querySelector('.remaining')).toBeNull();
    expect(part(stage, '[role="alert"]').textContent).toBe('已超过60分钟的确认时限。若佐证视频仍未上传，请立即联系技术人员处理。');
    const uploaded = await mount('exam-finished', { view: finishedViews.evidenceUploaded, now: finishedLateNow });
    expect(shadow(uploaded).querySelector('[role="alert"]')).toBeNull();
  });

  it('shows the phone evidence status as text, and stops counting once it has uploaded', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow });
    expect(part(stage, '.phone-status').textContent).toBe('佐证视频状态：录制中');
    const uploaded = await mount('exam-finished', { view: finishedViews.evidenceUploaded, now: finishedNow });
    expect(part(uploaded, '.phone-status').textContent).toBe('佐证视频状态：已上传');
    expect(part(uploaded, '.uploaded').textContent).toBe('佐证视频已上传，无需其他操作。');
    expect(shadow(uploaded).querySelector('.remaining')).toBeNull();
  });

  it('asks to stop the recording on the phone by hand while it records (R30)', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: finishedNow });
    expect(part(stage, '.stop-recording').textContent).toBe('请在手机上点击「结束录制」，佐证视频将自动上传。');
    expect(shadow(stage).querySelector('exam-upload-progress')).toBeNull();
  });

  it('shows the evidence upload once the phone stopped: bytes received of the whole, and a progress bar', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.endedEarly, now: finishedNow });
    expect(shadow(stage).querySelector('.stop-recording')).toBeNull();
    expect(part(stage, '.upload-text').textContent).toBe('佐证视频正在上传：已上传 270.0 MB，共 360.0 MB。');
    const bar = part<HTMLElement & { kind: string; percent: number }>(stage, 'exam-upload-progress');
    expect(bar.kind).toBe('evidence');
    expect(bar.percent).toBe(75);
    expect(bar.shadowRoot?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('75');
    const unsized = await mount('exam-finished', { view: finishedViews.evidenceUploadingUnsized, now: finishedNow });
    expect(part(unsized, '.upload-text').textContent).toBe('佐证视频正在上传：已上传 270.0 MB。');
    expect(shadow(unsized).querySelector('exam-upload-progress')).toBeNull();
  });

  it('says 手机无响应 with what to do when the phone has not been heard from for a minute', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.phoneSilent, now: finishedNow });
    expect(part(stage, '.phone-silent .silent').textContent).toBe('手机无响应');
    expect(part(stage, '.phone-silent .silent-help').textContent).toContain('重新打开绑定链接');
    const heard = await mount('exam-finished', { view: finishedViews.endedEarly, now: finishedNow });
    expect(shadow(heard).querySelector('.phone-silent')).toBeNull();
  });

  it('says nothing about the phone when the sitting needs no evidence and no phone was paired', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.noEvidence, now: finishedNow });
    expect(shadow(stage).querySelector('.evidence')).toBeNull();
    expect(shadow(stage).textContent).not.toContain('佐证');
  });

  it('shows no time left before the server time is known', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.completed, now: 0 });
    expect(shadow(stage).querySelector('.remaining')).toBeNull();
    expect(shadow(stage).querySelector('[role="alert"]')).toBeNull();
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-finished', { view: finishedViews.endedEarly, now: finishedNow, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Upload complete');
    expect(part(stage, '.reason').textContent).toBe('You ended the interview early.');
    expect(part(stage, '.stop-phone').textContent).toMatch(/^Stop the evidence recording on your phone by hand, and within 60 minutes \(before November 2[78], 2026.*\) confirm/);
    expect(part(stage, '.remaining').textContent).toBe('55 min 0 s left to confirm the evidence upload.');
    expect(part(stage, '.phone-status').textContent).toBe('Phone: Stopped recording');
    expect(part(stage, '.upload-text').textContent).toBe('The evidence video is uploading: 270.0 MB of 360.0 MB uploaded.');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
