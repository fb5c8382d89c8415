/**
 * The phone's page at `/phone` (佐证录制, R9, R10): what the PC's QR code opens (`/phone#code=ABCD-EFGH`). It holds
 * `<exam-evidence-recorder>` from the elements' lazy build, which reads the pairing code from the URL fragment itself
 * (never sent to the server) or lets the candidate type or scan it. zh-CN, or English with `?lang=en` like the portal;
 * no inline script or style, so the page lives under the server's strict CSP.
 */
import { elementPage } from './pages.js';
import type { PortalLocale } from './portal.js';

export const PHONE_PAGE_PATH = '/phone';
export const PHONE_CSS_PATH = '/phone.css';

const TEXTS = {
  'zh-CN': {
    title: '佐证录制 · examroom',
    noscript: '请启用浏览器的 JavaScript 后刷新本页面，或用手机自带的浏览器重新扫描电脑上的二维码。',
    notBuilt: '佐证录制组件尚未构建。请在代码仓库根目录运行 npm run build 后刷新本页面。',
  },
  en: {
    title: 'Evidence recording · examroom',
    noscript: 'Please enable JavaScript in your browser and reload this page, or scan the QR code on the computer again with the phone’s own browser.',
    notBuilt: 'The evidence recorder has not been built yet. Run npm run build at the repository root, then reload this page.',
  },
} as const;

/** A phone held in one hand: the element fills the width, nothing else on the page. */
export const PHONE_CSS = `html,body{margin:0;padding:0;min-block-size:100%}
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.5;-webkit-text-size-adjust:100%}
exam-evidence-recorder{display:block;min-block-size:100dvh}
.notice{margin:1rem;padding:1rem;border-radius:.5rem;background:#fff4e5;color:#5c3b00}
`;

export interface PhonePageOptions {
  readonly locale: PortalLocale;
  /** Whether `@examroom/elements` is built and served; if not, the page says how to build it. */
  readonly elementsAvailable: boolean;
}

export function phonePage({ locale, elementsAvailable }: PhonePageOptions): string {
  const t = TEXTS[locale];
  return elementPage({
    locale,
    title: t.title,
    meta: ['<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">', '<meta name="format-detection" content="telephone=no">'],
    stylesheet: PHONE_CSS_PATH,
    element: { tag: 'exam-evidence-recorder', open: `<exam-evidence-recorder api-base="" lang="${locale}">` },
    noscript: t.noscript,
    notBuilt: t.notBuilt,
    elementsAvailable,
  });
}
