/** What the server's own pages share. */
import { ELEMENTS_SCRIPT, ELEMENTS_THEME } from './elements-assets.js';

/** Text made safe for HTML content and quoted attributes. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that holds one element of the elements' lazy build (the phone's recorder, the supervisor's console). */
export interface ElementPage {
  readonly locale: string;
  readonly title: string;
  /** Extra `<meta>` lines of the page's head (the viewport's among them). */
  readonly meta: readonly string[];
  /** The page's own stylesheet, after the elements' theme. */
  readonly stylesheet: string;
  /** The element's tag, attributes included, e.g. `<exam-evidence-recorder api-base="" lang="zh-CN">`. */
  readonly element: { readonly tag: string; readonly open: string };
  /** Shown without JavaScript. */
  readonly noscript: string;
  /** Shown instead of the element when the elements package has not been built. */
  readonly notBuilt: string;
  readonly elementsAvailable: boolean;
}

/** The HTML of an element's page: no inline script or style (the CSP allows neither). */
export function elementPage(page: ElementPage): string {
  const body = page.elementsAvailable
    ? `${page.element.open}</${page.element.tag}>
<noscript><p class="notice">${escapeHtml(page.noscript)}</p></noscript>`
    : `<p class="notice" role="alert">${escapeHtml(page.notBuilt)}</p>`;
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
${page.meta.join('\n')}
<title>${escapeHtml(page.title)}</title>
<link rel="stylesheet" href="${ELEMENTS_THEME}">
<link rel="stylesheet" href="${page.stylesheet}">
${page.elementsAvailable ? `<script type="module" src="${ELEMENTS_SCRIPT}"></script>\n` : ''}</head>
<body>
${body}
</body>
</html>
`;
}
