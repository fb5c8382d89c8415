import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-checking-devices.js';
import { commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { checkingDevicesViews } from './checking-devices.fixtures';

const row = (stage: HTMLElement, id: string) => part(stage, `li[data-check="${id}"]`);
const buttons = (stage: HTMLElement) => [...shadow(stage).querySelectorAll<HTMLButtonElement>('.actions button')];

describe('exam-checking-devices', () => {
  it('shows the guide\'s 设备准备 intro and one row per check with its name and state as text', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.allPassed });
    expect(part(stage, '.heading').textContent).toBe('设备准备');
    expect(part(stage, '.intro').textContent).toContain('面试环境（房间）');
    expect(part(stage, '.intro').textContent).toContain('电量充足，网络正常');
    const rows = [...shadow(stage).querySelectorAll('li')];
    expect(rows.map((li) => li.querySelector('.name')?.textContent)).toEqual([
      '摄像头', '麦克风', '浏览器录像功能', '屏幕录制功能', '本地存储', '网络', '电量', '显示器',
    ]);
    expect(rows.every((li) => li.querySelector('.state')?.textContent === '正常')).toBe(true);
    expect(part(stage, '[role="status"]').textContent).toBe('检测通过，可以进入下一步。');
  });

  it('gives a failed check its state as text, an icon hidden from readers, and how to fix it', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.cameraDenied });
    const camera = row(stage, 'camera');
    expect(camera.querySelector('.state')?.textContent).toBe('未通过');
    expect(camera.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(camera.querySelector('.fix')?.textContent).toContain('允许使用摄像头');
    expect(row(stage, 'network').querySelector('.fix')?.textContent).toBe('网络未连接。请检查网络后重新检测。');
    expect(row(stage, 'microphone').querySelector('.fix')).toBeNull();
    expect(part(stage, '[role="status"]').textContent).toContain('「重新检测」');
  });

  it('shows a warning as 请注意 with its advice, and still lets the candidate go on', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.batteryWarning });
    expect(row(stage, 'battery').querySelector('.state')?.textContent).toBe('请注意');
    expect(row(stage, 'battery').querySelector('.fix')?.textContent).toContain('请连接电源');
    expect(part<HTMLButtonElement>(stage, 'button.primary').disabled).toBe(false);
  });

  it('says 正在检测… politely while running and disables both buttons', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.running });
    expect(part(stage, '[role="status"]').textContent).toBe('正在检测…');
    expect(buttons(stage).map((b) => [b.textContent, b.disabled])).toEqual([
      ['重新检测', true],
      ['下一步', true],
    ]);
    await update(stage, { view: checkingDevicesViews.cameraDenied });
    expect(buttons(stage).map((b) => [b.textContent, b.disabled])).toEqual([
      ['重新检测', false],
      ['下一步', true],
    ]);
  });

  it('sends user.recheck from 「重新检测」 and user.continue from 「下一步」', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.allPassed });
    const commands = commandsOf(stage);
    const [recheck, next] = buttons(stage);
    recheck?.click();
    next?.click();
    expect(commands).toEqual([{ type: 'user.recheck' }, { type: 'user.continue' }]);
  });

  it('shows the stage error in an alert', async () => {
    const stage = await mount('exam-checking-devices', { view: { ...checkingDevicesViews.allPassed, canContinue: false, error: 'NETWORK_ERROR' } });
    expect(part(stage, '[role="alert"]').textContent).toBe('网络异常，请检查网络后重试。');
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.cameraDenied, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Device preparation');
    expect(row(stage, 'camera').querySelector('.name')?.textContent).toBe('Camera');
    expect(row(stage, 'camera').querySelector('.state')?.textContent).toBe('Failed');
    expect(buttons(stage).map((b) => b.textContent)).toEqual(['Check again', 'Next']);
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });

  it('warns of a virtual or filter camera (R7) and offers the other cameras, sending user.selectCamera', async () => {
    const stage = await mount('exam-checking-devices', { view: checkingDevicesViews.virtualCamera });
    const camera = row(stage, 'camera');
    expect(camera.querySelector('.state')?.textContent).toBe('请注意');
    expect(camera.querySelector('.fix')?.textContent).toContain('不得使用滤镜、美颜等功能');
    expect(camera.querySelector('label')?.textContent).toBe('选择其他摄像头');
    const select = camera.querySelector('select')!;
    expect([...select.options].map((o) => [o.value, o.textContent, o.selected])).toEqual([
      ['cam-integrated', 'Integrated Camera (04f2:b6d9)', false],
      ['cam-obs', 'OBS Virtual Camera', true],
    ]);
    expect(part<HTMLButtonElement>(stage, 'button.primary').disabled).toBe(false);
    const commands = commandsOf(stage);
    select.value = 'cam-integrated';
    select.dispatchEvent(new Event('change'));
    expect(commands).toEqual([{ type: 'user.selectCamera', deviceId: 'cam-integrated' }]);
    // No choice where the camera passed.
    await update(stage, { view: checkingDevicesViews.allPassed });
    expect(row(stage, 'camera').querySelector('select')).toBeNull();
  });
});
