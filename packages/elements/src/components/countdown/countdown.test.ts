import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-countdown.js';
import { mount, part, shadow, update } from '../../testing/mount.test-kit';
import { countdownNow, countdownViews } from './countdown.fixtures';

type Timer = HTMLElement & { remainingMs: number; label?: string };
type Meter = HTMLElement & { level: number };
type Preview = HTMLElement & { stream: MediaStream | null };

const timer = (stage: HTMLElement) => part<Timer>(stage, 'exam-timer');

describe('exam-countdown', () => {
  it('counts down to the start on the left, labelled 距离开考还有, with the hint that questions appear at zero', async () => {
    const stage = await mount('exam-countdown', { view: countdownViews.waiting, now: countdownNow });
    expect(part(stage, '.heading').textContent).toBe('考试开始前倒计时');
    expect(timer(stage).remainingMs).toBe(270_000);
    expect(timer(stage).label).toBe('距离开考还有');
    expect(part(timer(stage), '[role="timer"]').textContent).toContain('04:30');
    expect(part(stage, '.main').textContent).toContain('倒计时结束后将自动显示试题并开始答题倒计时。');
  });

  it('follows the server time it is given and never counts below zero', async () => {
    const stage = await mount('exam-countdown', { view: countdownViews.waiting, now: countdownNow });
    await update(stage, { now: countdownNow + 269_000 });
    expect(timer(stage).remainingMs).toBe(1_000);
    await update(stage, { now: countdownNow + 300_000 });
    expect(timer(stage).remainingMs).toBe(0);
  });

  it('shows the live camera, the volume bar and the candidate\'s name and masked ID on the right', async () => {
    const stage = await mount('exam-countdown', { view: countdownViews.waiting, now: countdownNow });
    const aside = part(stage, 'aside');
    expect(aside.getAttribute('aria-label')).toBe('个人信息');
    expect(part<Preview>(stage, 'aside exam-video-preview').stream).toBeNull();
    expect(part<Meter>(stage, 'aside exam-volume-meter').level).toBe(0.35);
    expect(part(stage, '.name').textContent).toBe('张三');
    expect(part(stage, '.id-number').textContent).toBe('1101**********0011');
  });

  it('only shows: no control, no command', async () => {
    const stage = await mount('exam-countdown', { view: countdownViews.waiting, now: countdownNow });
    expect(shadow(stage).querySelectorAll('button, input, select').length).toBe(0);
  });

  it('says 暂无 while the candidate is unknown', async () => {
    const stage = await mount('exam-countdown', { view: countdownViews.noCandidate, now: countdownNow });
    expect(part(stage, '.name').textContent).toBe('暂无');
    expect(part(stage, '.id-number').textContent).toBe('暂无');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-countdown', { view: countdownViews.waiting, now: countdownNow, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Countdown to the exam');
    expect(timer(stage).label).toBe('The exam starts in');
    expect(part(stage, '.main').textContent).toContain('When the countdown ends, the questions appear');
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
