import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-binding-evidence.js';
import { buttonNamed, commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { bindingEvidenceViews } from './binding-evidence.fixtures';

describe('exam-binding-evidence', () => {
  it('says politely that the QR code is being generated, with 「下一步」 disabled', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.pairing });
    expect(part(stage, '.heading').textContent).toBe('佐证绑定');
    expect(part(stage, '[role="status"]').textContent).toBe('正在生成二维码…');
    expect(shadow(stage).querySelector('exam-qr')).toBeNull();
    expect(buttonNamed(stage, '下一步').disabled).toBe(true);
    expect(buttonNamed(stage, '刷新二维码').disabled).toBe(true);
  });

  it('shows a pairing failure as an alert with 「重试」 sending user.retry', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.failed });
    expect(part(stage, '[role="alert"]').textContent).toBe('二维码生成失败，请点击「重试」。');
    const commands = commandsOf(stage);
    buttonNamed(stage, '重试').click();
    expect(commands).toEqual([{ type: 'user.retry' }]);
  });

  it('shows the QR code of the pairing URL, the link code, the magnifier hint and the 360° room-scan rules', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.waitingForPhone });
    const qr = part<HTMLElement & { value: string }>(stage, 'exam-qr');
    expect(qr.value).toBe('https://exam.example.edu/phone/pair?code=K7M2Q9');
    expect(qr.shadowRoot?.querySelector('button.magnify')?.getAttribute('aria-label')).toBe('放大二维码');
    expect(part(stage, '.link-code').textContent).toBe('绑定码：K7M2Q9');
    expect(part(stage, '.magnifier-hint').textContent).toBe('如果二维码识别不成功，可点击放大镜图标放大二维码重试。');
    expect(part(stage, '.room-scan').textContent).toContain('360度环拍面试环境');
    expect(part(stage, '.room-scan').textContent).toContain('持续拍摄到面试结束');
    expect(shadow(stage).querySelector('.not-required')).toBeNull();
  });

  it('tells the phone\'s live status as text in a polite live region, following the view', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.waitingForPhone });
    const live = part(stage, '[part="phone-status"]');
    expect(live.getAttribute('role')).toBe('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.querySelector('.state')?.textContent).toBe('等待手机扫码');
    await update(stage, { view: bindingEvidenceViews.phoneConnected });
    expect(part(stage, '[part="phone-status"]')).toBe(live);
    expect(live.querySelector('.state')?.textContent).toBe('手机已连接，请环拍面试环境');
    await update(stage, { view: bindingEvidenceViews.recording });
    expect(live.querySelector('.state')?.textContent).toBe('佐证视频录制中');
  });

  it('enables 「下一步」 only by canContinue, and sends user.refreshPairing and user.continue', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.roomScanned });
    expect(buttonNamed(stage, '下一步').disabled).toBe(true);
    await update(stage, { view: bindingEvidenceViews.recording });
    expect(buttonNamed(stage, '下一步').disabled).toBe(false);
    const commands = commandsOf(stage);
    buttonNamed(stage, '刷新二维码').click();
    buttonNamed(stage, '下一步').click();
    expect(commands).toEqual([{ type: 'user.refreshPairing' }, { type: 'user.continue' }]);
  });

  it('shows an error while waiting in an alert', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.notRecordingYet });
    expect(part(stage, '[role="alert"]').textContent).toBe('手机佐证视频尚未开始录制。请用手机扫码并开始录制后再继续。');
  });

  it('says in the live phone status that the phone was replaced, until the new phone records', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.phoneConnected });
    expect(shadow(stage).querySelector('.phone-replaced')).toBeNull();
    await update(stage, { view: bindingEvidenceViews.phoneReplaced });
    expect(part(stage, '[part="phone-status"] .phone-replaced').textContent).toBe('手机已更换，请用新手机继续录制。');
    await update(stage, { view: bindingEvidenceViews.recording });
    expect(shadow(stage).querySelector('.phone-replaced')).toBeNull();
  });

  it('says when this exam needs no evidence video', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.notRequired });
    expect(part(stage, '.not-required').textContent).toBe('本场考试无需佐证视频，可直接进入下一步。');
    expect(buttonNamed(stage, '下一步').disabled).toBe(false);
  });

  it('speaks English with lang="en" and moves focus to its heading on setFocus()', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.recording, lang: 'en' });
    expect(part(stage, '.heading').textContent).toBe('Evidence camera');
    expect(part(stage, '.link-code').textContent).toBe('Pairing code: K7M2Q9');
    expect(part(stage, '[part="phone-status"] .state').textContent).toBe('Recording evidence video');
    await update(stage, { view: bindingEvidenceViews.phoneReplaced });
    expect(part(stage, '.phone-replaced').textContent).toBe('The phone was replaced. Continue recording with the new phone.');
    expect(buttonNamed(stage, 'Refresh QR code')).toBeTruthy();
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
