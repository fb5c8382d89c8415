import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-binding-evidence.js';
import { buttonNamed, commandsOf, mount, part, shadow, update } from '../../testing/mount.test-kit';
import { bindingEvidenceNow, bindingEvidenceViews } from './binding-evidence.fixtures';

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

  it('shows the QR code of the pairing URL, the code to type on the phone page, the magnifier hint and the 360° room-scan rules', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.waitingForPhone, now: bindingEvidenceNow });
    const qr = part<HTMLElement & { value: string }>(stage, 'exam-qr');
    expect(qr.value).toBe('https://exam.example.edu/phone#code=K7M2Q9XT');
    expect(qr.shadowRoot?.querySelector('button.magnify')?.getAttribute('aria-label')).toBe('放大二维码');
    expect(part(stage, '.link-code').textContent).toBe('绑定码：K7M2-Q9XT');
    expect(part(stage, '[part="code"]').textContent).toBe('K7M2-Q9XT');
    expect(part(stage, '.type-code').textContent).toBe('也可以在手机浏览器中打开 https://exam.example.edu/phone，输入上面的绑定码；或在该页面中扫描上方二维码。');
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
    expect(live.querySelector('.state')?.textContent).toBe('已连接');
    await update(stage, { view: bindingEvidenceViews.roomScanned });
    expect(live.querySelector('.state')?.textContent).toBe('环拍完成');
    await update(stage, { view: bindingEvidenceViews.recording });
    expect(live.querySelector('.state')?.textContent).toBe('录制中');
  });

  it('keeps the phone status in view while a fresh code is made, without the used QR code', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.refreshing, now: bindingEvidenceNow });
    expect(part(stage, '.generating').textContent).toBe('正在生成二维码…');
    expect(shadow(stage).querySelector('exam-qr')).toBeNull();
    expect(shadow(stage).querySelector('[part="code"]')).toBeNull();
    expect(part(stage, '[part="phone-status"] .state').textContent).toBe('已连接');
  });

  it('says 手机无响应 with what to do once the phone has been silent longer than a minute by the server clock', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.phoneSilent, now: bindingEvidenceNow });
    expect(part(stage, '[part="phone-status"] .silent').textContent).toBe('手机无响应');
    expect(part(stage, '[part="phone-status"] .silent-help').textContent).toContain('重新打开绑定链接');
    expect(part(stage, '[part="phone-status"] .silent-help').textContent).toContain('重新扫描上方二维码');
    // Until the silence passes PHONE_SILENT_AFTER_MS, and without a server time, nothing is claimed.
    await update(stage, { view: bindingEvidenceViews.roomScanned });
    expect(shadow(stage).querySelector('.silent')).toBeNull();
    await update(stage, { view: bindingEvidenceViews.phoneSilent, now: 0 });
    expect(shadow(stage).querySelector('.silent')).toBeNull();
  });

  it('asks to pair again when the phone stopped before the interview, with 「下一步」 disabled', async () => {
    const stage = await mount('exam-binding-evidence', { view: bindingEvidenceViews.phoneStopped, now: bindingEvidenceNow });
    expect(part(stage, '[part="phone-status"] .state').textContent).toBe('已停止录制');
    expect(part(stage, '.phone-stopped').textContent).toBe('手机已停止录制。面试结束前不得中断拍摄：请用手机重新扫描上方二维码，环拍后继续录制。');
    expect(buttonNamed(stage, '下一步').disabled).toBe(true);
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
    expect(part(stage, '.link-code').textContent).toBe('Pairing code: K7M2-Q9XT');
    expect(part(stage, '[part="phone-status"] .state').textContent).toBe('Recording');
    await update(stage, { view: bindingEvidenceViews.phoneReplaced });
    expect(part(stage, '.phone-replaced').textContent).toBe('The phone was replaced. Continue recording with the new phone.');
    expect(buttonNamed(stage, 'Refresh QR code')).toBeTruthy();
    await stage.setFocus();
    expect(shadow(stage).activeElement).toBe(part(stage, '.heading'));
  });
});
