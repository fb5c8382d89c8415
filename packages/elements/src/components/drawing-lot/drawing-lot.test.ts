import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-drawing-lot.js';
import { commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { drawingLotViews } from './drawing-lot.fixtures';

const buttons = (stage: HTMLElement) => [...shadow(stage).querySelectorAll<HTMLButtonElement>('.actions button')];

describe('exam-drawing-lot', () => {
  it('explains, in the guide\'s words, that a lot is assigned automatically if none is drawn', async () => {
    const stage = await mount('exam-drawing-lot', { view: drawingLotViews.notDrawn });
    expect(part(stage, '.heading').textContent).toBe('抽签');
    expect(part(stage, '.intro').textContent).toBe('请在进入面试前完成抽签。如未抽签，系统将自动分配抽签号。');
    expect(part(stage, '[role="status"]').textContent).toBe('尚未抽签');
  });

  it('sends user.draw from 「抽签」 and user.continue from 「下一步」', async () => {
    const stage = await mount('exam-drawing-lot', { view: drawingLotViews.notDrawn });
    const commands = commandsOf(stage);
    expect(buttons(stage).map((b) => [b.textContent, b.disabled])).toEqual([
      ['抽签', false],
      ['下一步', false],
    ]);
    buttons(stage)[0]?.click();
    buttons(stage)[1]?.click();
    expect(commands).toEqual([{ type: 'user.draw' }, { type: 'user.continue' }]);
  });

  it('says 正在抽签… while drawing, with both buttons disabled', async () => {
    const stage = await mount('exam-drawing-lot', { view: drawingLotViews.drawing });
    expect(part(stage, '[role="status"]').textContent).toBe('正在抽签…');
    expect(buttons(stage).map((b) => b.disabled)).toEqual([true, true]);
  });

  it('shows the drawn lot big in the live region, and no second draw', async () => {
    const stage = await mount('exam-drawing-lot', { view: drawingLotViews.drawing });
    const live = part(stage, '[role="status"]');
    await update(stage, { view: drawingLotViews.drawn });
    expect(part(stage, '[role="status"]')).toBe(live);
    expect(live.textContent).toBe('你的抽签号：7');
    expect(part(stage, '[part="lot"]').textContent).toBe('7');
    expect(buttons(stage).map((b) => [b.textContent, b.disabled, b.classList.contains('primary')])).toEqual([
      ['抽签', true, false],
      ['下一步', false, true],
    ]);
  });

  it('shows a failed draw in an alert', async () => {
    const stage = await mount('exam-drawing-lot', { view: drawingLotViews.failed });
    expect(part(stage, '[role="alert"]').textContent).toBe('暂时无法抽签，请重试；进入考试时系统将自动分配抽签号。');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-drawing-lot', { view: drawingLotViews.drawn, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Draw lot');
    expect(part(stage, '[role="status"]').textContent).toBe('Your lot number: 7');
    expect(buttons(stage).map((b) => b.textContent)).toEqual(['Draw lot', 'Next']);
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
