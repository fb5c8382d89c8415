import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-reading-process.js';
import { mount, part, shadow } from '../../testing/mount.test-kit';
import { readingProcessViews } from './reading-process.fixtures';

describe('exam-reading-process', () => {
  it('lists the procedure in the guide\'s words and sends user.continue from 「下一步」', async () => {
    const stage = await mount('exam-reading-process', { view: readingProcessViews.reading });
    expect(part(stage, '.heading').textContent).toBe('阅读面试流程');
    expect(shadow(stage).querySelectorAll('[part="content"] li').length).toBe(8);
    const commands: unknown[] = [];
    stage.addEventListener('examCommand', (event) => commands.push((event as CustomEvent).detail));
    const next = part<HTMLButtonElement>(stage, 'button.primary');
    expect(next.textContent).toBe('下一步');
    next.click();
    expect(commands).toEqual([{ type: 'user.continue' }]);
  });

  it('moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-reading-process', { view: readingProcessViews.reading, lang: 'en' });
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
    expect(part(stage, '.heading').textContent).toBe('Read the procedure');
  });
});
