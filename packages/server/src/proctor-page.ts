/**
 * The supervisor's page at `/proctor` (监督员, R27, R32): `<exam-proctor-console>` from the elements' lazy build, its
 * own chunk, so the candidate's pages never load it. zh-CN, or English with `?lang=en` like the portal; each exam's
 * times in its own time zone (from the supervisor routes); no inline script or style, so the page lives under the server's strict CSP.
 */
import { elementPage } from './pages.js';
import type { PortalLocale } from './portal.js';

export const PROCTOR_PAGE_PATH = '/proctor';
export const PROCTOR_CSS_PATH = '/proctor.css';

const TEXTS = {
  'zh-CN': {
    title: '监督员控制台 · examroom',
    noscript: '请启用浏览器的 JavaScript 后刷新本页面。',
    notBuilt: '监督员控制台组件尚未构建。请在代码仓库根目录运行 npm run build 后刷新本页面。',
  },
  en: {
    title: 'Supervisor console · examroom',
    noscript: 'Please enable JavaScript in your browser and reload this page.',
    notBuilt: 'The supervisor console has not been built yet. Run npm run build at the repository root, then reload this page.',
  },
} as const;

/** A laptop screen: the console takes the whole page. */
export const PROCTOR_CSS = `html,body{margin:0;padding:0}
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.5}
exam-proctor-console{display:block;min-block-size:100dvh}
exam-proctor-console:not(:defined){visibility:hidden}
.notice{margin:1rem;padding:1rem;border-radius:.5rem;background:#fff4e5;color:#5c3b00}
`;

export interface ProctorPageOptions {
  readonly locale: PortalLocale;
  /** Whether `@examroom/elements` is built and served; if not, the page says how to build it. */
  readonly elementsAvailable: boolean;
}

/** The console shows each exam's times in the exam's own zone, which the supervisor routes give: no `time-zone`. */
export function proctorPage({ locale, elementsAvailable }: ProctorPageOptions): string {
  const t = TEXTS[locale];
  return elementPage({
    locale,
    title: t.title,
    meta: ['<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="robots" content="noindex">'],
    stylesheet: PROCTOR_CSS_PATH,
    element: { tag: 'exam-proctor-console', open: `<exam-proctor-console api-base="" lang="${locale}">` },
    noscript: t.noscript,
    notBuilt: t.notBuilt,
    elementsAvailable,
  });
}
