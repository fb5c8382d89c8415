/**
 * The administrator's page at `/admin` (考试管理): `<exam-admin-console>` from the elements' lazy build, its own chunk,
 * so neither the candidate's pages nor the supervisor's console load it. zh-CN, or English with `?lang=en` like the
 * portal; no inline script or style, so the page lives under the server's strict CSP. The first administrator comes
 * from `examroom-server admin create <username>`.
 */
import { elementPage } from './pages.js';
import type { PortalLocale } from './portal.js';

export const ADMIN_PAGE_PATH = '/admin';
export const ADMIN_CSS_PATH = '/admin.css';

const TEXTS = {
  'zh-CN': {
    title: '考试管理 · examroom',
    noscript: '请启用浏览器的 JavaScript 后刷新本页面。',
    notBuilt: '考试管理组件尚未构建。请在代码仓库根目录运行 npm run build 后刷新本页面。',
  },
  en: {
    title: 'Exam administration · examroom',
    noscript: 'Please enable JavaScript in your browser and reload this page.',
    notBuilt: 'The administrator console has not been built yet. Run npm run build at the repository root, then reload this page.',
  },
} as const;

/** A laptop screen: the console takes the whole page. */
export const ADMIN_CSS = `html,body{margin:0;padding:0}
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.5}
exam-admin-console{display:block;min-block-size:100dvh}
exam-admin-console:not(:defined){visibility:hidden}
.notice{margin:1rem;padding:1rem;border-radius:.5rem;background:#fff4e5;color:#5c3b00}
`;

export interface AdminPageOptions {
  readonly locale: PortalLocale;
  /** Whether `@examroom/elements` is built and served; if not, the page says how to build it. */
  readonly elementsAvailable: boolean;
}

export function adminPage({ locale, elementsAvailable }: AdminPageOptions): string {
  const t = TEXTS[locale];
  return elementPage({
    locale,
    title: t.title,
    meta: ['<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="robots" content="noindex">'],
    stylesheet: ADMIN_CSS_PATH,
    element: { tag: 'exam-admin-console', open: `<exam-admin-console api-base="" lang="${locale}">` },
    noscript: t.noscript,
    notBuilt: t.notBuilt,
    elementsAvailable,
  });
}
