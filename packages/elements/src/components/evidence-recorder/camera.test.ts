import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-evidence-recorder.js';
import { buttonNamed, commandsOf, mount, part, shadow } from '../../testing/mount.test-kit';
import { cameraViews } from './camera.fixtures';

describe('exam-evidence-recorder: camera', () => {
  it('says politely that the browser asks for the camera and microphone', async () => {
    const page = await mount('exam-evidence-recorder', { view: cameraViews.requesting });
    expect(part(page, '.heading').textContent).toBe('打开摄像头和麦克风');
    expect(part(page, '[role="status"]').textContent).toContain('请在浏览器的提示中选择「允许」');
    expect(buttonNamed(page, '开始环拍').disabled).toBe(true);
  });

  it('explains how to allow the camera when refused, the in-app browsers of WeChat and Alipay too, with 「重试」', async () => {
    const page = await mount('exam-evidence-recorder', { view: cameraViews.refused });
    const help = part(page, '.refused');
    expect(help.getAttribute('role')).toBe('alert');
    expect(help.querySelector('.refused-title')?.textContent).toBe('未获得摄像头和麦克风权限');
    const steps = [...help.querySelectorAll('li')].map((li) => li.textContent);
    expect(steps).toHaveLength(4);
    expect(steps.join('')).toContain('在微信或支付宝中打开的');
    expect(steps.join('')).toContain('在浏览器中打开');
    const commands = commandsOf(page, 'evidenceCommand');
    buttonNamed(page, '重试').click();
    expect(commands).toEqual([{ type: 'user.retry' }]);
  });

  it('shows other camera errors in their own words', async () => {
    const page = await mount('exam-evidence-recorder', { view: cameraViews.notFound });
    expect(shadow(page).querySelector('.refused')).toBeNull();
    expect(part(page, '[role="alert"]').textContent).toContain('未检测到摄像头');
  });

  it('previews the chosen camera, mirrored for the front one, and switches to the other', async () => {
    const page = await mount('exam-evidence-recorder', { view: cameraViews.choosing });
    expect(part(page, '.facing').textContent).toBe('当前使用：前置摄像头');
    expect(part(page, '.preview').classList.contains('mirrored')).toBe(true);
    const commands = commandsOf(page, 'evidenceCommand');
    buttonNamed(page, '切换到后置摄像头').click();
    buttonNamed(page, '开始环拍').click();
    expect(commands).toEqual([{ type: 'user.switchCamera' }, { type: 'user.continue' }]);
  });

  it('offers the front camera back from the rear one, in English too', async () => {
    const page = await mount('exam-evidence-recorder', { view: cameraViews.choosingRear, lang: 'en' });
    expect(part(page, '.facing').textContent).toBe('Using the rear camera');
    expect(part(page, '.preview').classList.contains('mirrored')).toBe(false);
    expect(buttonNamed(page, 'Switch to the front camera')).toBeTruthy();
  });
});
