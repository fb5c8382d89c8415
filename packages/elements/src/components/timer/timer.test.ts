import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-timer.js';
import { mount, part, shadow, update } from '../../testing/mount.test-kit';

const liveRegion = (timer: HTMLElement) => part(timer, '[aria-live="polite"]');
const time = (timer: HTMLElement) => part(timer, 'time').textContent;

describe('exam-timer', () => {
  it('is a labelled role="timer" showing mm:ss in zh-CN by default', async () => {
    const timer = await mount('exam-timer', { remainingMs: 754_000 });
    const box = part(timer, '[role="timer"]');
    expect(time(timer)).toBe('12:34');
    const labelId = box.getAttribute('aria-labelledby') ?? '';
    expect(part(timer, `#${labelId}`).textContent).toBe('剩余时间');
    expect(part(timer, 'time').getAttribute('datetime')).toBe('PT0H12M34S');
  });

  it('shows h:mm:ss from one hour and rounds up to the whole second', async () => {
    const timer = await mount('exam-timer', { remainingMs: 3_725_001 });
    expect(time(timer)).toBe('1:02:06');
    await update(timer, { remainingMs: 999 });
    expect(time(timer)).toBe('00:01');
  });

  it('speaks English with lang="en" and takes a custom label', async () => {
    const timer = await mount('exam-timer', { remainingMs: 30_000 });
    timer.setAttribute('lang', 'en');
    await update(timer, {});
    expect(part(timer, '.label').textContent).toBe('Time left');
    expect(part(timer, '[part="warning"]').textContent).toBe('Almost over');
    await update(timer, { label: '距离开考还有' });
    expect(part(timer, '.label').textContent).toBe('距离开考还有');
  });

  it('shows a warning with text, not only colour, below one minute', async () => {
    const timer = await mount('exam-timer', { remainingMs: 60_000 });
    expect(shadowHasWarning(timer)).toBe(false);
    await update(timer, { remainingMs: 59_000 });
    expect(shadowHasWarning(timer)).toBe(true);
    expect(part(timer, '[part="warning"]').textContent).toBe('即将结束');
  });

  it('shows no warning below one minute with warning={false} (a countdown to the start is not "almost over")', async () => {
    const timer = await mount('exam-timer', { remainingMs: 59_000, warning: false });
    expect(shadowHasWarning(timer)).toBe(false);
    expect(shadow(timer).querySelector('[part="warning"]')).toBeNull();
  });

  it('announces politely once at 5 min, 1 min and 30 s, never every second', async () => {
    const timer = await mount('exam-timer', { remainingMs: 301_000 });
    const region = liveRegion(timer);
    const heard: string[] = [];
    new MutationObserver(() => heard.push(region.textContent ?? '')).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    expect(region.textContent).toBe('');

    const said: string[] = [];
    for (const remainingMs of [300_500, 299_000, 298_000, 297_000, 61_000, 59_000, 58_000, 31_000, 30_000, 29_000, 1_000, 0]) {
      await update(timer, { remainingMs });
      said.push(region.textContent ?? '');
    }
    expect(said).toEqual([
      '', '剩余5分钟', '剩余5分钟', '剩余5分钟', '剩余5分钟',
      '剩余1分钟', '剩余1分钟', '剩余1分钟',
      '剩余30秒', '剩余30秒', '剩余30秒', '剩余30秒',
    ]);
    // The live region's DOM changed three times in twelve updates: once per threshold.
    expect(heard).toEqual(['剩余5分钟', '剩余1分钟', '剩余30秒']);
  });

  it('announces only the smallest threshold when one update crosses several, and never on first render', async () => {
    const timer = await mount('exam-timer', { remainingMs: 45_000, lang: 'en' });
    expect(liveRegion(timer).textContent).toBe('');
    await update(timer, { remainingMs: 400_000 });
    await update(timer, { remainingMs: 50_000 });
    expect(liveRegion(timer).textContent).toBe('1 minute left');
  });

  it('does not repeat a threshold when a clock resync adds time back', async () => {
    const timer = await mount('exam-timer', { remainingMs: 61_000 });
    await update(timer, { remainingMs: 59_000 });
    expect(liveRegion(timer).textContent).toBe('剩余1分钟');
    await update(timer, { remainingMs: 62_000 });
    await update(timer, { remainingMs: 58_000 });
    expect(liveRegion(timer).textContent).toBe('剩余1分钟');
  });
});

function shadowHasWarning(timer: HTMLElement): boolean {
  return part(timer, '[role="timer"]').classList.contains('warning') && !!timer.shadowRoot?.querySelector('[part="warning"]');
}
