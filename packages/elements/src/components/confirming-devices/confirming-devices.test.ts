import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-confirming-devices.js';
import { buttonNamed, commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { confirmingDevicesViews } from './confirming-devices.fixtures';

const options = (select: HTMLSelectElement) => [...select.options].map((o) => [o.value, o.textContent]);

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('exam-confirming-devices', () => {
  it('shows the guide\'s intro about 「刷新设备」 and sends user.refreshDevices', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.ready });
    expect(part(stage, '.heading').textContent).toBe('设备确认');
    expect(part(stage, '.intro').textContent).toContain('可以点击「刷新设备」更新设备列表');
    const commands = commandsOf(stage);
    buttonNamed(stage, '刷新设备').click();
    expect(commands).toEqual([{ type: 'user.refreshDevices' }]);
  });

  it('has labelled camera and microphone selectors listing the devices by label with the current ones selected', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.ready });
    const camera = part<HTMLSelectElement>(stage, 'select#camera');
    const microphone = part<HTMLSelectElement>(stage, 'select#microphone');
    expect(part(stage, 'label[for="camera"]').textContent).toBe('摄像头');
    expect(part(stage, 'label[for="microphone"]').textContent).toBe('麦克风');
    expect(options(camera)).toEqual([
      ['cam-integrated', 'Integrated Camera (04f2:b6d9)'],
      ['cam-usb', 'Logitech C920 HD Pro Webcam'],
    ]);
    expect(camera.value).toBe('cam-integrated');
    expect(microphone.value).toBe('mic-default');
    await update(stage, { view: { ...confirmingDevicesViews.ready, cameraId: 'cam-usb', microphoneId: 'mic-headset' } });
    expect(camera.value).toBe('cam-usb');
    expect(microphone.value).toBe('mic-headset');
  });

  it('sends user.selectCamera and user.selectMicrophone with the chosen device id', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.ready });
    const commands = commandsOf(stage);
    choose(part<HTMLSelectElement>(stage, 'select#camera'), 'cam-usb');
    choose(part<HTMLSelectElement>(stage, 'select#microphone'), 'mic-headset');
    expect(commands).toEqual([
      { type: 'user.selectCamera', deviceId: 'cam-usb' },
      { type: 'user.selectMicrophone', deviceId: 'mic-headset' },
    ]);
  });

  it('numbers devices whose label the browser hides', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.unlabelled });
    expect(options(part<HTMLSelectElement>(stage, 'select#camera')).map(([, text]) => text)).toEqual(['摄像头 1', '摄像头 2']);
  });

  it('shows the camera preview and the volume bar from the view', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.ready });
    expect(part<HTMLElement & { stream: MediaStream | null }>(stage, 'exam-video-preview').stream).toBeNull();
    const meter = part<HTMLElement & { level: number; label?: string }>(stage, 'exam-volume-meter');
    expect(meter.level).toBe(0.42);
    expect(meter.label).toBe('音量');
    expect(meter.shadowRoot?.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')).toBe('42');
  });

  it('says what it is doing while listing and opening, with 「下一步」 disabled', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.listing });
    expect(part(stage, '[role="status"]').textContent).toBe('正在查找设备…');
    expect(buttonNamed(stage, '下一步').disabled).toBe(true);
    await update(stage, { view: confirmingDevicesViews.opening });
    expect(part(stage, '[role="status"]').textContent).toBe('正在打开设备…');
    expect(buttonNamed(stage, '下一步').disabled).toBe(true);
  });

  it('shows 未找到设备 in a disabled selector when there is no device, and the error in an alert', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.noCamera });
    const camera = part<HTMLSelectElement>(stage, 'select#camera');
    expect(camera.disabled).toBe(true);
    expect(options(camera)).toEqual([['', '未找到设备']]);
    expect(part<HTMLSelectElement>(stage, 'select#microphone').disabled).toBe(false);
    expect(part(stage, '[role="alert"]').textContent).toBe('未检测到摄像头。请连接摄像头后点击「刷新设备」或「重新检测」。');
  });

  it('enables 「下一步」 by canContinue and sends user.continue', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.busy });
    expect(buttonNamed(stage, '下一步').disabled).toBe(true);
    await update(stage, { view: confirmingDevicesViews.ready });
    const commands = commandsOf(stage);
    buttonNamed(stage, '下一步').click();
    expect(commands).toEqual([{ type: 'user.continue' }]);
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.noCamera, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Confirm devices');
    expect(part(stage, 'label[for="microphone"]').textContent).toBe('Microphone');
    expect(options(part<HTMLSelectElement>(stage, 'select#camera'))).toEqual([['', 'No devices found']]);
    expect(buttonNamed(stage, 'Refresh devices')).toBeTruthy();
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });

  it('warns of a chosen virtual or filter camera (R7), and says a waiver is awaited once the server refused it', async () => {
    const stage = await mount('exam-confirming-devices', { view: confirmingDevicesViews.virtualCamera });
    expect(part(stage, '.virtual-camera').textContent).toContain('虚拟摄像头或滤镜摄像头');
    expect(buttonNamed(stage, '下一步').disabled).toBe(false);
    await update(stage, { view: confirmingDevicesViews.awaitingWaiver });
    expect(shadow(stage).querySelector('.virtual-camera')).toBeNull();
    expect(part(stage, '[role="alert"]').textContent).toContain('请联系监督员豁免');
    expect(part(stage, '[role="status"]').textContent).toContain('等待监督员豁免');
    expect(buttonNamed(stage, '下一步').disabled).toBe(false);
    await update(stage, { view: confirmingDevicesViews.ready });
    expect(shadow(stage).querySelector('.virtual-camera')).toBeNull();
  });
});
