import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-upload-progress.js';
import { mount, part, update } from '../../testing/mount.test-kit';

const bar = (el: HTMLElement) => part(el, '[role="progressbar"]');

describe('exam-upload-progress', () => {
  it('is a named role="progressbar" with its values and the state as text in zh-CN', async () => {
    const el = await mount('exam-upload-progress', { kind: 'screen', percent: 42, state: 'uploading' });
    expect(bar(el).getAttribute('aria-label')).toBe('屏幕录像');
    expect(bar(el).getAttribute('aria-valuemin')).toBe('0');
    expect(bar(el).getAttribute('aria-valuemax')).toBe('100');
    expect(bar(el).getAttribute('aria-valuenow')).toBe('42');
    expect(bar(el).getAttribute('aria-valuetext')).toBe('屏幕录像：已上传 42%');
    expect(part(el, '[part="label"]').textContent).toBe('屏幕录像');
    expect(part(el, '.state').textContent).toBe('上传中');
  });

  it('shows each state as text, in English too', async () => {
    const el = await mount('exam-upload-progress', { kind: 'evidence', percent: 10, state: 'waitingForNetwork', lang: 'en' });
    expect(bar(el).getAttribute('aria-label')).toBe('Evidence video');
    expect(part(el, '.state').textContent).toBe('Waiting for network');
    await update(el, { state: 'failed' });
    expect(part(el, '.state').textContent).toBe('Upload failed');
    await update(el, { state: 'done', percent: 100 });
    expect(part(el, '.state').textContent).toBe('Uploaded');
    expect(bar(el).getAttribute('aria-valuenow')).toBe('100');
  });

  it('rounds down and clamps the percentage, so 100 means done', async () => {
    const el = await mount('exam-upload-progress', { kind: 'camera', percent: 99.6, state: 'uploading' });
    expect(bar(el).getAttribute('aria-valuenow')).toBe('99');
    await update(el, { percent: Number.NaN });
    expect(bar(el).getAttribute('aria-valuenow')).toBe('0');
  });
});
