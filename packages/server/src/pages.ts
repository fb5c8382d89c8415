/** Placeholder pages until the elements package serves the phone page. No inline script or style. */

const PAGES = {
  phone: {
    title: 'examroom · 佐证录制',
    lines: ['手机佐证录制页面将随 elements 包提供。', 'The phone evidence recorder arrives with the elements package.'],
  },
} as const;

export const PAGES_CSS = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0 auto;max-inline-size:40rem;padding:2rem 1rem;line-height:1.6;color:#1f2328}
a{color:#0b5cad}code{font-size:.95em}`;

/** Text made safe for HTML content and quoted attributes. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function placeholderPage(kind: keyof typeof PAGES): string {
  const page = PAGES[kind];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<link rel="stylesheet" href="/pages.css">
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
${page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
<p><a href="/api/v1/openapi.json">OpenAPI</a> · <code>/api/v1</code></p>
</main>
</body>
</html>
`;
}
