import { describe, expect, it } from 'vitest';
import { PROCTOR_CONSOLE_LOCALES } from '@examroom/core';
import '../../../dist/components/exam-proctor-console.js';
import { buttonNamed, commandsOf, mount, shadow } from '../../testing/mount.test-kit';
import { candidateViews } from './candidate.fixtures';
import { sittingViews } from './sitting.fixtures';
import { uploadHealthViews } from './upload-health.fixtures';

const zh = PROCTOR_CONSOLE_LOCALES['zh-CN'].uploadHealth;
const en = PROCTOR_CONSOLE_LOCALES.en.uploadHealth;

describe('上传状况 in <exam-proctor-console>', () => {
  it('shows camera and screen recorded / acknowledged in the grid, the long lag highlighted, a dash before any sample', async () => {
    const page = await mount('exam-proctor-console', { view: sittingViews.grid });
    const headers = [...shadow(page).querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers.slice(-2)).toEqual([zh.columns.camera, zh.columns.screen]);
    const trailing = shadow(page).querySelector('tr[data-candidate="c3"] td.upload.camera')!;
    expect(trailing.classList.contains('lagging')).toBe(true);
    expect(trailing.textContent).toMatch(/^\d+\.\d \/ \d+\.\d MB上传滞后 6\.0 MB$/);
    const keepingUp = shadow(page).querySelector('tr[data-candidate="c1"] td.upload.screen')!;
    expect(keepingUp.classList.contains('lagging')).toBe(false);
    expect(keepingUp.textContent).toMatch(/^(\d+\.\d) \/ \1 MB$/);
    expect(shadow(page).querySelector('tr[data-candidate="c4"] td.upload.camera')?.textContent).toBe('—');
    const commands = commandsOf(page, 'proctorCommand');
    buttonNamed(page, PROCTOR_CONSOLE_LOCALES['zh-CN'].uploadHealth.open).click();
    expect(commands).toEqual([{ type: 'user.openUploadHealth' }]);
  });

  it('opens a candidate’s upload health from their panel', async () => {
    const page = await mount('exam-proctor-console', { view: candidateViews.recorded });
    const commands = commandsOf(page, 'proctorCommand');
    (shadow(page).querySelector('.candidate-panel button.open-upload-health') as HTMLButtonElement).click();
    expect(commands).toEqual([{ type: 'user.openUploadHealth', candidateId: 'c1' }]);
  });

  it('gives the sitting’s figures as text beside the chart, and the trailing candidates, each opening their own', async () => {
    const page = await mount('exam-proctor-console', { view: uploadHealthViews.sitting });
    const root = shadow(page);
    expect(root.querySelector('h2')?.textContent).toBe('上传状况 · 第一场 · 2026 年硕士研究生复试');
    expect(root.querySelector('.upload-chart')?.getAttribute('role')).toBe('img');
    expect(root.querySelector('.upload-chart')?.getAttribute('aria-label')).toBe(zh.chartLabel);
    // This DOM has no 2D canvas: the chart says it is unavailable (nothing thrown later), and the text summary stands.
    await expect.poll(() => (root.querySelector('.upload-chart') as HTMLElement).dataset['chart']).toBe('unavailable');
    const summary = [...root.querySelectorAll('table.upload-summary tbody tr')].map((tr) => [tr.getAttribute('data-kind'), tr.querySelector('th')?.textContent]);
    expect(summary).toEqual([['camera', zh.kinds.camera], ['screen', zh.kinds.screen], ['phone', zh.kinds.phone]]);
    const worst = [...root.querySelectorAll('.upload-worst-table tbody tr')];
    expect(worst.map((tr) => tr.getAttribute('data-candidate'))).toEqual(uploadHealthViews.sitting.worst.map((entry) => entry.candidateId));
    expect(worst[0]?.classList.contains('lagging')).toBe(true);
    const commands = commandsOf(page, 'proctorCommand');
    (worst[0]?.querySelector('button.open-candidate') as HTMLButtonElement).click();
    buttonNamed(page, zh.back).click();
    expect(commands).toEqual([{ type: 'user.openUploadHealth', candidateId: uploadHealthViews.sitting.worst[0]!.candidateId }, { type: 'user.closeUploadHealth' }]);
  });

  it('says when nothing is uploaded yet, offers 重试 after a failed read, and keeps the figures when a re-read failed', async () => {
    const empty = await mount('exam-proctor-console', { view: uploadHealthViews.empty });
    expect(shadow(empty).querySelector('.none')?.textContent).toBe(zh.empty);
    expect(shadow(empty).querySelector('.upload-chart')).toBeNull();
    const failed = await mount('exam-proctor-console', { view: uploadHealthViews.failed });
    const commands = commandsOf(failed, 'proctorCommand');
    buttonNamed(failed, '重试').click();
    expect(commands).toEqual([{ type: 'user.retry' }]);
    const refresh = await mount('exam-proctor-console', { view: uploadHealthViews.refreshFailed });
    expect(shadow(refresh).querySelector('[role="alert"]')).not.toBeNull();
    expect(shadow(refresh).querySelectorAll('table.upload-summary tbody tr').length).toBe(3);
    const english = await mount('exam-proctor-console', { view: uploadHealthViews.candidateTrailing, lang: 'en' } as never);
    expect(shadow(english).querySelector('h2')?.textContent).toBe(`Upload health: ${uploadHealthViews.candidateTrailing.candidateName}`);
    expect(shadow(english).querySelector('table.upload-summary tr.lagging .lag-badge')?.textContent).toBe(en.laggingLong);
  });
});
