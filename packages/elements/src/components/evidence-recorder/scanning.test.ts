import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-evidence-recorder.js';
import { mount, part, shadow, update } from '../../testing/mount.test-kit';
import { scanningViews } from './scanning.fixtures';

describe('exam-evidence-recorder: scanning', () => {
  it('shows the 360° turn with the candidate in shot, the preview and a progress ring at the view\'s progress', async () => {
    const page = await mount('exam-evidence-recorder', { view: scanningViews.turning });
    expect(part(page, '.heading').textContent).toBe('环拍');
    expect(part(page, '.intro').textContent).toBe('请使用前置摄像头360度环拍面试环境（确保本人在镜头内）。');
    expect(shadow(page).querySelector('exam-video-preview')).not.toBeNull();
    const ring = part(page, '[role="progressbar"]');
    expect(ring.getAttribute('aria-label')).toBe('环拍进度');
    expect(ring.getAttribute('aria-valuenow')).toBe('40');
    expect(part(page, '.ring-value').textContent).toBe('40%');
    const indicator = part(page, 'circle.indicator');
    const length = Number(indicator.getAttribute('stroke-dasharray'));
    expect(Number(indicator.getAttribute('stroke-dashoffset'))).toBeCloseTo(length * 0.6);
    expect(part(page, '.hint').textContent).toBe('请手持手机，缓慢原地转动一周，直到进度达到 100%。');
  });

  it('asks for at least 30 seconds where there is no compass', async () => {
    const page = await mount('exam-evidence-recorder', { view: scanningViews.turningByDuration });
    expect(part(page, '.hint').textContent).toBe('请手持手机，缓慢原地转动一周，至少 30 秒。');
    expect(part(page, '[role="progressbar"]').getAttribute('aria-valuenow')).toBe('25');
  });

  it('says politely once the scan is done and the computer is told', async () => {
    const page = await mount('exam-evidence-recorder', { view: scanningViews.turning });
    const status = part(page, '.hint');
    expect(status.getAttribute('role')).toBe('status');
    await update(page, { view: scanningViews.reportFailing });
    expect(part(page, '.hint')).toBe(status);
    expect(status.textContent).toBe('环拍完成，正在通知电脑…');
    expect(part(page, '[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    expect(part(page, '[role="alert"]').textContent).toBe('网络异常，请检查网络后重试。');
  });
});
