import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-volume-meter.js';
import { mount, part, update } from '../../testing/mount.test-kit';

const meter = (el: HTMLElement) => part(el, '[role="meter"]');

describe('exam-volume-meter', () => {
  it('is a role="meter" from 0 to 100 named 音量 in zh-CN', async () => {
    const el = await mount('exam-volume-meter', { level: 0.426 });
    expect(meter(el).getAttribute('aria-label')).toBe('音量');
    expect(meter(el).getAttribute('aria-valuemin')).toBe('0');
    expect(meter(el).getAttribute('aria-valuemax')).toBe('100');
    expect(meter(el).getAttribute('aria-valuenow')).toBe('42');
    expect(meter(el).getAttribute('aria-valuetext')).toBe('42%');
    expect(part(el, '[part="indicator"]').style.inlineSize).toBe('42%');
  });

  it('follows the level and clamps it to 0…1', async () => {
    const el = await mount('exam-volume-meter', { level: 0 });
    expect(meter(el).getAttribute('aria-valuenow')).toBe('0');
    await update(el, { level: 1.7 });
    expect(meter(el).getAttribute('aria-valuenow')).toBe('100');
    await update(el, { level: -0.2 });
    expect(meter(el).getAttribute('aria-valuenow')).toBe('0');
  });

  it('is named Volume in English, or by its label', async () => {
    const el = await mount('exam-volume-meter', { level: 0.5, lang: 'en' });
    expect(meter(el).getAttribute('aria-label')).toBe('Volume');
    await update(el, { label: 'Microphone' });
    expect(meter(el).getAttribute('aria-label')).toBe('Microphone');
  });
});
