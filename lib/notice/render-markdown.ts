/** The notice as GitHub-flavoured Markdown (docs/what-we-collect.md). */
import type { Block, Inline, NoticeDocument } from './document.ts';

/** Characters that would start markup in running text. */
const MARKUP = /[\\`*_<>[\]|]/g;

function escapeText(value: string): string {
  return value.replace(MARKUP, (c) => `\\${c}`);
}

/** A code span fenced by more backticks than any run inside it. */
function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

function renderInline(content: readonly Inline[], inTable = false): string {
  return content
    .map((i) => {
      if (i.kind === 'code') return inTable ? codeSpan(i.text).replace(/\|/g, '\\|') : codeSpan(i.text);
      if (i.kind === 'strong') return `**${escapeText(i.text)}**`;
      return escapeText(i.text);
    })
    .join('');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeText(block.text)}`;
    case 'paragraph':
      return renderInline(block.content);
    case 'list':
      return block.items.map((item) => `- ${renderInline(item)}`).join('\n');
    case 'table': {
      const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
      return [
        row(block.head.map(escapeText)),
        row(block.head.map(() => '---')),
        ...block.rows.map((r) => row(r.map((cell) => renderInline(cell, true)))),
      ].join('\n');
    }
    case 'code': {
      const longest = Math.max(2, ...(block.text.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(longest + 1);
      return `${fence}${block.language}\n${block.text}\n${fence}`;
    }
  }
}

export function renderMarkdown(doc: NoticeDocument): string {
  return `${[`# ${escapeText(doc.title)}`, ...doc.blocks.map(renderBlock)].join('\n\n')}\n`;
}
