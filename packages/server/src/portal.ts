/**
 * The demo portal at `/`: a made-up university's admissions page that embeds `<exam-room>` the way an integrator
 * would (a module script, the theme stylesheet and the element). Rendered on the server in zh-CN or English
 * (`/?lang=en`); no inline script or style, so the page lives under the server's strict CSP.
 */
import type { DemoAccounts } from '@examroom/domain';
import { ELEMENTS_SCRIPT, ELEMENTS_THEME } from './elements-assets.js';
import { escapeHtml } from './pages.js';

export type PortalLocale = 'zh-CN' | 'en';

export const PORTAL_CSS_PATH = '/portal.css';

/** `?lang=en` (or any English tag) gives the English page; anything else the default zh-CN. */
export function portalLocale(lang: unknown): PortalLocale {
  return typeof lang === 'string' && /^en\b/i.test(lang) ? 'en' : 'zh-CN';
}

const TEXTS = {
  'zh-CN': {
    title: '示例大学 研究生招生 远程面试',
    university: '示例大学',
    universityOther: 'Example University',
    office: '研究生招生 远程面试',
    siteNav: '网站导航',
    nav: { interview: '远程面试', notice: '考生须知', accounts: '演示账号', support: '技术支持' },
    languageNav: '语言',
    heading: '2026年硕士研究生招生复试 · 远程面试',
    lead: '面试当天请提前30分钟登录本页面，按页面提示逐步完成设备准备、登录、佐证绑定、抽签和答题。面试全程录像、录屏并实时上传。',
    interviewArea: '考生面试区',
    notBuilt: '面试组件尚未构建。请在代码仓库根目录运行 npm run build 后刷新本页面。',
    noscript: '请启用浏览器的 JavaScript 后刷新本页面。',
    accountsTitle: '演示账号',
    accountsIntro: '以下账号仅供演示使用（普通登录：身份证号 + 密码）。',
    accountsColumns: { name: '姓名', idNumber: '身份证号', password: '密码', sitting: '场次' },
    sharedPassword: '密码（所有考生）：',
    accountsTable: '演示考生名单',
    sittingsTitle: '场次',
    startsAt: '开考时间',
    freshDemo: '各场次开考2分钟后不能再进入。错过了场次也请照常登录：尚未入场的演示账号会被安排到约5分钟后开始的新场次。',
    noExam: '本服务器尚未指定面试。请在网址后加上 ?exam=考试编号，或由学校门户嵌入面试组件。',
    noticeTitle: '考生须知',
    notice: [
      '请使用电脑上最新版的 Chrome 或 Edge 浏览器，只连接一个显示器。',
      '请准备一部可扫码的手机，用于拍摄佐证视频，并保持电量充足。',
      '面试环境应安静、明亮，除考生本人外不得有他人在场。',
    ],
    supportTitle: '技术支持',
    support: '面试当天如遇技术问题，请拨打 010-0000-0000（演示号码）或发送邮件至 exam-support@example.edu。',
    footer: '© 2026 示例大学研究生院（虚构机构，仅供演示） · 远程面试系统：examroom',
  },
  en: {
    title: 'Example University · Graduate Admissions · Remote Interview',
    university: 'Example University',
    universityOther: '示例大学',
    office: 'Graduate Admissions · Remote Interview',
    siteNav: 'Site navigation',
    nav: { interview: 'Remote interview', notice: 'Before you start', accounts: 'Demo accounts', support: 'Technical support' },
    languageNav: 'Language',
    heading: '2026 Master’s Admissions · Remote Interview',
    lead: 'On the day, open this page 30 minutes before your interview and follow it step by step: device check, login, phone evidence, lot, and the interview itself. Your camera, microphone and screen are recorded and uploaded throughout.',
    interviewArea: 'Candidate interview area',
    notBuilt: 'The interview components have not been built yet. Run npm run build at the repository root, then reload this page.',
    noscript: 'Please enable JavaScript in your browser and reload this page.',
    accountsTitle: 'Demo accounts',
    accountsIntro: 'These accounts are for the demo only (password login: ID number + password).',
    accountsColumns: { name: 'Name', idNumber: 'ID number', password: 'Password', sitting: 'Sitting' },
    sharedPassword: 'Password (every candidate): ',
    accountsTable: 'Demo candidates',
    sittingsTitle: 'Sittings',
    startsAt: 'Starts',
    freshDemo: 'Nobody can enter a sitting from 2 minutes after its start. Missed yours? Log in anyway: a demo account that has not entered is moved to a new sitting starting about five minutes later.',
    noExam: 'No interview is chosen on this server. Add ?exam= and the exam’s id to the address, or embed the interview in the university’s portal.',
    noticeTitle: 'Before you start',
    notice: [
      'Use the latest Chrome or Edge on a computer, with a single display.',
      'Have a phone that can scan a QR code ready for the evidence video, with its battery charged.',
      'Sit in a quiet, well-lit room with nobody else present.',
    ],
    supportTitle: 'Technical support',
    support: 'If anything goes wrong on the day, call 010-0000-0000 (a demo number) or write to exam-support@example.edu.',
    footer: '© 2026 Example University Graduate School (a made-up institution for the demo) · Remote interviews by examroom',
  },
} as const;

export interface PortalOptions {
  readonly locale: PortalLocale;
  /** The exam `<exam-room>` is given; null: none is chosen (a server without the demo), the page says how to choose. */
  readonly examId: string | null;
  /** The demo's accounts for the side note; null hides it. */
  readonly demo: DemoAccounts | null;
  /** Whether `@examroom/elements` is built and served; if not, the page says how to build it. */
  readonly elementsAvailable: boolean;
}

/** A sitting's start in the exam's time zone (not the server's), with the zone named. */
function sittingTime(at: number, locale: PortalLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short', timeZone }).format(at);
}

function demoNote(demo: DemoAccounts, locale: PortalLocale): string {
  const t = TEXTS[locale];
  const sittingName = new Map(demo.sittings.map((s) => [s.id, s.name]));
  // The demo gives everyone the same password: say it once instead of a column of copies.
  const passwords = new Set(demo.candidates.map((c) => c.password));
  const shared = passwords.size === 1 ? [...passwords][0]! : null;
  const c = t.accountsColumns;
  const rows = demo.candidates
    .map(
      (candidate) =>
        `<tr><td>${escapeHtml(candidate.name)}</td><td><code>${escapeHtml(candidate.idNumber)}</code></td>${shared === null ? `<td><code>${escapeHtml(candidate.password)}</code></td>` : ''}<td>${escapeHtml(sittingName.get(candidate.sittingId) ?? '')}</td></tr>`,
    )
    .join('\n');
  const sittings = demo.sittings
    .map((s) => `<li>${escapeHtml(s.name)}${locale === 'en' ? ': ' : '：'}${escapeHtml(t.startsAt)} <time datetime="${new Date(s.startsAt).toISOString()}">${escapeHtml(sittingTime(s.startsAt, locale, demo.timeZone))}</time></li>`)
    .join('\n');
  return `<section class="card" id="demo-accounts" aria-labelledby="demo-accounts-title">
<h2 id="demo-accounts-title">${escapeHtml(t.accountsTitle)}</h2>
<p>${escapeHtml(t.accountsIntro)}</p>
${shared === null ? '' : `<p>${escapeHtml(t.sharedPassword)}<code>${escapeHtml(shared)}</code></p>\n`}<div class="table-scroll" role="region" aria-label="${escapeHtml(t.accountsTable)}" tabindex="0">
<table>
<thead><tr><th scope="col">${escapeHtml(c.name)}</th><th scope="col">${escapeHtml(c.idNumber)}</th>${shared === null ? `<th scope="col">${escapeHtml(c.password)}</th>` : ''}<th scope="col">${escapeHtml(c.sitting)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
<h3>${escapeHtml(t.sittingsTitle)}</h3>
<ul class="plain">
${sittings}
</ul>
<p class="small">${escapeHtml(t.freshDemo)}</p>
</section>`;
}

export function portalPage(options: PortalOptions): string {
  const { locale, examId } = options;
  const t = TEXTS[locale];
  const other = locale === 'en' ? 'zh-CN' : 'en';
  const languageLink = (target: PortalLocale, label: string) =>
    `<a href="${target === 'en' ? '/?lang=en' : '/'}" lang="${target}" hreflang="${target}"${target === locale ? ' aria-current="true"' : ''}>${label}</a>`;
  const room = examId === null
    ? `<p class="notice" role="alert">${escapeHtml(t.noExam)}</p>`
    : options.elementsAvailable
    ? `<exam-room api-base="" exam-id="${escapeHtml(examId)}" lang="${locale}"></exam-room>
<noscript><p class="notice">${escapeHtml(t.noscript)}</p></noscript>`
    : `<p class="notice" role="alert">${escapeHtml(t.notBuilt)}</p>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<link rel="stylesheet" href="${ELEMENTS_THEME}">
<link rel="stylesheet" href="${PORTAL_CSS_PATH}">
${options.elementsAvailable ? `<script type="module" src="${ELEMENTS_SCRIPT}"></script>\n` : ''}<link rel="alternate" hreflang="${other}" href="${other === 'en' ? '/?lang=en' : '/'}">
</head>
<body>
<a class="skip-link" href="#interview">${escapeHtml(t.nav.interview)}</a>
<header class="site-header">
<div class="bar">
<p class="brand"><span class="seal" aria-hidden="true">示</span><span><span class="university">${escapeHtml(t.university)}</span><span class="university-other" lang="${other}">${escapeHtml(t.universityOther)}</span></span></p>
<p class="office">${escapeHtml(t.office)}</p>
<nav class="languages" aria-label="${escapeHtml(t.languageNav)}">${languageLink('zh-CN', '中文')}<span aria-hidden="true"> | </span>${languageLink('en', 'English')}</nav>
</div>
<nav class="site-nav" aria-label="${escapeHtml(t.siteNav)}">
<ul>
<li><a href="#interview" aria-current="page">${escapeHtml(t.nav.interview)}</a></li>
<li><a href="#notice">${escapeHtml(t.nav.notice)}</a></li>
${options.demo ? `<li><a href="#demo-accounts">${escapeHtml(t.nav.accounts)}</a></li>\n` : ''}<li><a href="#support">${escapeHtml(t.nav.support)}</a></li>
</ul>
</nav>
</header>
<div class="page">
<main>
<h1>${escapeHtml(t.heading)}</h1>
<p class="lead">${escapeHtml(t.lead)}</p>
<section id="interview" class="interview" aria-label="${escapeHtml(t.interviewArea)}">
${room}
</section>
</main>
<aside class="side">
${options.demo ? demoNote(options.demo, locale) : ''}
<section class="card" id="notice" aria-labelledby="notice-title">
<h2 id="notice-title">${escapeHtml(t.noticeTitle)}</h2>
<ul>
${t.notice.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
</section>
<section class="card" id="support" aria-labelledby="support-title">
<h2 id="support-title">${escapeHtml(t.supportTitle)}</h2>
<p>${escapeHtml(t.support)}</p>
</section>
</aside>
</div>
<footer class="site-footer"><p>${escapeHtml(t.footer)}</p></footer>
</body>
</html>
`;
}

/**
 * The portal's own styles. It themes the embedded room through the `--exam-*` tokens (set after examroom.css, so
 * they win) and one `::part`, as an integrator would.
 */
export const PORTAL_CSS = `:root{--portal-brand:#7d1d2c;--portal-ink:#1f2328;--portal-muted:#4d5661;--portal-line:#d8dde3;--portal-paper:#f6f4f0;
--exam-color-brand:#7d1d2c;--exam-focus-ring:2px solid #7d1d2c;
font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;color:var(--portal-ink);background:var(--portal-paper)}
:root:lang(en){--exam-font-family:system-ui,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
font-family:var(--exam-font-family)}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;line-height:1.6}
a{color:var(--portal-brand)}
a:focus-visible{outline:2px solid var(--portal-brand);outline-offset:2px}
.skip-link{position:absolute;inset-inline-start:1rem;inset-block-start:-3rem;padding:.5rem 1rem;background:#fff;z-index:1}
.skip-link:focus{inset-block-start:.5rem}
.site-header{background:var(--portal-brand);color:#fff}
.site-header a{color:#fff}
.site-header a:focus-visible{outline-color:#fff}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;max-inline-size:90rem;margin-inline:auto;padding:1rem 1.5rem}
.brand{display:flex;align-items:center;gap:.75rem;margin:0;font-weight:700}
.seal{display:inline-grid;place-items:center;inline-size:2.75rem;block-size:2.75rem;border:2px solid #fff;border-radius:50%;font-size:1.25rem}
.university{display:block;font-size:1.375rem;letter-spacing:.05em}
.university-other{display:block;font-size:.8125rem;font-weight:400}
.office{margin:0;font-size:1.125rem;border-inline-start:1px solid rgb(255 255 255 / .6);padding-inline-start:1.5rem}
.languages{margin-inline-start:auto;font-size:.9375rem}
.languages a{padding:.25rem .375rem}
.languages a[aria-current]{font-weight:700;text-decoration:none}
.site-nav{background:#5c1520}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 2rem;max-inline-size:90rem;margin:0 auto;padding:.5rem 1.5rem;list-style:none}
.site-nav a{text-decoration:none}
.site-nav a[aria-current]{text-decoration:underline;text-underline-offset:.3em}
.page{display:grid;grid-template-columns:minmax(0,1fr) 20rem;gap:2rem;max-inline-size:90rem;margin-inline:auto;padding:1.5rem}
@media (max-width:64rem){.page{grid-template-columns:minmax(0,1fr)}}
h1{margin:0 0 .5rem;font-size:1.625rem;line-height:1.3}
.lead{margin:0 0 1.5rem;color:var(--portal-muted)}
.interview{min-block-size:24rem}
exam-room::part(container){padding:1.5rem;border:1px solid var(--portal-line);border-radius:.5rem;background:#fff}
.notice{padding:1rem;border-inline-start:4px solid var(--portal-brand);background:#fff}
.side{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem;align-content:start;min-inline-size:0}
.card{min-inline-size:0;padding:1rem 1.25rem;border:1px solid var(--portal-line);border-radius:.5rem;background:#fff}
.card h2{margin:0 0 .5rem;font-size:1.125rem}
.card h3{margin:1rem 0 .25rem;font-size:1rem}
.card ul{margin:0;padding-inline-start:1.25rem}
.card ul.plain{padding-inline-start:0;list-style:none}
.card p{margin:0 0 .5rem}
.small{font-size:.875rem;color:var(--portal-muted)}
.table-scroll{overflow-x:auto}
table{border-collapse:collapse;inline-size:100%;font-size:.875rem}
th,td{padding:.25rem .375rem;border-block-end:1px solid var(--portal-line);text-align:start;white-space:nowrap}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.8125rem}
.site-footer{border-block-start:1px solid var(--portal-line);color:var(--portal-muted);font-size:.875rem}
.site-footer p{max-inline-size:90rem;margin:0 auto;padding:1rem 1.5rem}
`;
