/**
 * The notice as one self-contained HTML page for the company's intranet: styles inline, no script,
 * no image, no font, no link to anything, and a Content-Security-Policy that forbids loading any.
 */
import type { Block, Inline, NoticeDocument } from './document.ts';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #57606a; --line: #d0d7de; --code: #f3f4f6; --accent: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9da7b3; --line: #30363d; --code: #161b22; --accent: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
p, ul { margin: 0.6rem 0; }
li { margin: 0.25rem 0; }
code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; overflow-wrap: break-word; }
pre { background: var(--code); padding: 0.8rem 1rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { padding: 0; background: none; }
td:first-child code, td:last-child code { white-space: nowrap; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; font-size: 0.95rem; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--code); }
strong { color: var(--accent); }
`;

function renderInline(content: readonly Inline[]): string {
  return content
    .map((i) => {
      const value = escapeHtml(i.text);
      if (i.kind === 'code') return `<code>${value}</code>`;
      if (i.kind === 'strong') return `<strong>${value}</strong>`;
      return value;
    })
    .join('');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level} id="${escapeHtml(block.id)}">${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${renderInline(block.content)}</p>`;
    case 'list':
      return `<ul>\n${block.items.map((item) => `<li>${renderInline(item)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const head = block.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
      const rows = block.rows.map(
        (r) => `<tr>${r.map((cell) => `<td>${renderInline(cell)}</td>`).join('')}</tr>`,
      );
      return `<div class="table"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`;
    }
    case 'code':
      return `<pre><code class="language-${block.language}">${escapeHtml(block.text)}</code></pre>`;
  }
}

export function renderHtml(doc: NoticeDocument): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
${doc.blocks.map(renderBlock).join('\n')}
</main>
</body>
</html>
`;
}
