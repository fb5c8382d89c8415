import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import '../../../dist/components/exam-qr.js';
import { mount, part, rendered, shadow, update } from '../../testing/mount.test-kit';

const URL_TO_PAIR = 'https://exam.example.edu/phone?code=7F3K-Q2';

function svgOf(img: HTMLImageElement): string {
  const prefix = 'data:image/svg+xml;charset=utf-8,';
  expect(img.src.startsWith(prefix)).toBe(true);
  return decodeURIComponent(img.src.slice(prefix.length));
}

const magnifier = (el: HTMLElement) => part<HTMLButtonElement>(el, '[part="button"]');
const dialog = (el: HTMLElement) => part<HTMLDialogElement>(el, 'dialog');

describe('exam-qr', () => {
  it('renders the URL as an SVG QR code image with a label and size', async () => {
    const el = await mount('exam-qr', { value: URL_TO_PAIR, size: 200 });
    const img = part<HTMLImageElement>(el, 'img[part="image"]');
    // The code's grid is the one qrcode computes for this URL, plus the two-module quiet zone on each side.
    const modules = QRCode.create(URL_TO_PAIR, { errorCorrectionLevel: 'M' }).modules.size;
    expect(svgOf(img)).toMatch(new RegExp(`^<svg[^>]*viewBox="0 0 ${modules + 4} ${modules + 4}"`));
    expect(img.alt).toBe('佐证绑定二维码');
    expect(img.getAttribute('width')).toBe('200');
  });

  it('encodes a different code for a different URL, and none for an empty value', async () => {
    const el = await mount('exam-qr', { value: URL_TO_PAIR });
    const first = svgOf(part(el, 'img'));
    await update(el, { value: `${URL_TO_PAIR}-other` });
    expect(svgOf(part(el, 'img'))).not.toBe(first);
    await update(el, { value: '' });
    expect(shadow(el).querySelector('img')).toBeNull();
    expect(magnifier(el).disabled).toBe(true);
  });

  it('has a 放大镜 button named from the messages, in zh-CN and en', async () => {
    const el = await mount('exam-qr', { value: URL_TO_PAIR });
    expect(magnifier(el).getAttribute('aria-label')).toBe('放大二维码');
    el.setAttribute('lang', 'en');
    await update(el, {});
    expect(magnifier(el).getAttribute('aria-label')).toBe('Enlarge QR code');
    expect(part<HTMLImageElement>(el, 'img').alt).toBe('Evidence camera QR code');
  });

  it('opens the enlarged view from the keyboard, closes it with Escape and returns focus to the button', async () => {
    const el = await mount('exam-qr', { value: URL_TO_PAIR });
    const button = magnifier(el);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(dialog(el).open).toBe(false);

    // Enter and Space activate a focused native <button> in browsers; happy-dom does not simulate that, so click it.
    button.focus();
    button.click();
    await rendered();
    expect(dialog(el).open).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(dialog(el).querySelector('img')?.getAttribute('src')).toBe(part<HTMLImageElement>(el, 'img').getAttribute('src'));
    expect(shadow(el).activeElement).toBe(part(el, 'dialog .close'));

    dialog(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await rendered();
    expect(dialog(el).open).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(shadow(el).activeElement).toBe(button);
  });

  it('closes with the 关闭 button too', async () => {
    const el = await mount('exam-qr', { value: URL_TO_PAIR });
    magnifier(el).click();
    await rendered();
    const close = part<HTMLButtonElement>(el, 'dialog .close');
    expect(close.textContent).toBe('关闭');
    close.click();
    await rendered();
    expect(dialog(el).open).toBe(false);
    expect(shadow(el).activeElement).toBe(magnifier(el));
  });
});
