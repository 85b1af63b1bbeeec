/**
 * The collection notice as a small document tree, rendered twice — Markdown for the repository,
 * self-contained HTML for the intranet — so that both always say the same thing and every value
 * is escaped by the renderer, never by the author.
 */

/** A run of inline text: plain, code (`like this`) or strong (**like this**). */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly text: string };

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id: string }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly (readonly Inline[])[])[];
    }
  | { readonly kind: 'code'; readonly language: 'json' | 'text'; readonly text: string };

export interface NoticeDocument {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/**
 * Inline text from a light markup: `code` between backticks, **strong** between double stars.
 * Only for text written in this folder; values from elsewhere go in with `code()` or `text()`.
 */
export function inline(markup: string): Inline[] {
  const out: Inline[] = [];
  const parts = markup.split('`');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      out.push({ kind: 'code', text: part });
      return;
    }
    part.split('**').forEach((piece, j) => {
      if (piece !== '') out.push({ kind: j % 2 === 1 ? 'strong' : 'text', text: piece });
    });
  });
  return out;
}

export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const code = (value: string): Inline => ({ kind: 'code', text: value });

export const heading = (level: 1 | 2 | 3, title: string, id: string): Block => ({
  kind: 'heading',
  level,
  text: title,
  id,
});
export const paragraph = (...content: (string | Inline)[]): Block => ({
  kind: 'paragraph',
  content: content.flatMap((c) => (typeof c === 'string' ? inline(c) : [c])),
});
export const list = (items: readonly (string | readonly Inline[])[]): Block => ({
  kind: 'list',
  items: items.map((i) => (typeof i === 'string' ? inline(i) : i)),
});
export const table = (
  head: readonly string[],
  rows: readonly (readonly (string | readonly Inline[])[])[],
): Block => ({
  kind: 'table',
  head,
  rows: rows.map((r) => r.map((cell) => (typeof cell === 'string' ? inline(cell) : cell))),
});
export const codeBlock = (language: 'json' | 'text', value: string): Block => ({
  kind: 'code',
  language,
  text: value,
});
