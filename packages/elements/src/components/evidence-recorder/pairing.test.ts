import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-evidence-recorder.js';
import { buttonNamed, commandsOf, mount, part, rendered, shadow } from '../../testing/mount.test-kit';
import { formatTypedCode } from './pairing';
import { pairingViews } from './pairing.fixtures';

const codeField = (element: HTMLElement) => part<HTMLInputElement>(element, 'input#pairing-code');

describe('exam-evidence-recorder: pairing', () => {
  it('asks for the 8-character code in a field made for it, and sends it on 「确定」', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.entering });
    expect(part(page, '.heading').textContent).toBe('佐证绑定');
    const field = codeField(page);
    expect(part(page, 'label[for="pairing-code"]').textContent).toBe('绑定码');
    expect(field.getAttribute('autocapitalize')).toBe('characters');
    expect(field.getAttribute('autocomplete')).toBe('off');
    expect(field.getAttribute('inputmode')).toBe('text');
    expect(field.placeholder).toBe('ABCD-EFGH');
    const commands = commandsOf(page, 'evidenceCommand');
    field.value = 'pqrs 2345';
    field.dispatchEvent(new Event('input'));
    await rendered();
    expect(codeField(page).value).toBe('PQRS-2345');
    part<HTMLFormElement>(page, 'form').dispatchEvent(new Event('submit', { cancelable: true }));
    buttonNamed(page, '扫描二维码').click();
    expect(commands).toEqual([{ type: 'user.submitCode', code: 'PQRS-2345' }, { type: 'user.scanCode' }]);
  });

  it('puts the primary 「确定」 last in the actions, at the bottom, and tells what to do if the page closes', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.entering });
    const buttons = [...shadow(page).querySelectorAll('[part="actions"] button')].map((button) => button.textContent);
    expect(buttons).toEqual(['扫描二维码', '确定']);
    expect(part(page, '[part="reopen"]').textContent).toContain('录制将作为下一段继续');
  });

  it('says a refused code is used or expired and shows it again, marked invalid', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.refused });
    expect(part(page, '[role="alert"]').textContent).toBe('绑定码无效或已过期。请在电脑上点击「刷新二维码」，再扫描新的二维码或输入新的绑定码。');
    expect(codeField(page).value).toBe('PQRS-2345');
    expect(codeField(page).getAttribute('aria-invalid')).toBe('true');
    expect(codeField(page).getAttribute('aria-describedby')).toBe('code-error code-hint');
  });

  it('shows the shared error words for a text that is no code', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.invalid });
    expect(part(page, '[role="alert"]').textContent).toBe('这不是绑定码。请输入电脑屏幕二维码下方的 8 位绑定码，或扫描该二维码。');
  });

  it('while pairing, says so politely and disables the buttons', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.submitting });
    expect(part(page, '[role="status"]').textContent).toBe('正在配对…');
    expect(buttonNamed(page, '确定').disabled).toBe(true);
    expect(buttonNamed(page, '扫描二维码').disabled).toBe(true);
  });

  it('scans the QR code with a preview in a frame, and 「取消」 sends user.cancelScan', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.scanningOtherCode });
    expect(part(page, '.intro').textContent).toBe('请将电脑屏幕上的二维码放入框内。');
    expect(part<HTMLElement & { label?: string }>(page, 'exam-video-preview').label).toBe('扫码画面');
    expect(shadow(page).querySelector('.viewfinder')).not.toBeNull();
    expect(part(page, '[role="alert"]').textContent).toContain('这不是绑定码');
    const commands = commandsOf(page, 'evidenceCommand');
    buttonNamed(page, '取消').click();
    expect(commands).toEqual([{ type: 'user.cancelScan' }]);
  });

  it('formats what is typed as the PC shows it', () => {
    expect(formatTypedCode('abcd')).toBe('ABCD');
    expect(formatTypedCode('abcde')).toBe('ABCD-E');
    expect(formatTypedCode(' ab-cd efgh9')).toBe('ABCD-EFGH');
  });

  it('speaks English with lang="en"', async () => {
    const page = await mount('exam-evidence-recorder', { view: pairingViews.entering, lang: 'en' });
    expect(part(page, '.heading').textContent).toBe('Evidence camera');
    expect(buttonNamed(page, 'Scan QR code')).toBeTruthy();
    expect(buttonNamed(page, 'OK')).toBeTruthy();
  });
});
