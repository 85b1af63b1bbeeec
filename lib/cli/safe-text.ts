/**
 * Stored text may hold terminal escape sequences (a build log's colours, or a crafted string) and
 * bidirectional or invisible controls that make printed text read differently from what it is.
 * Before a tool prints stored text to a terminal (the preview, `npm run query`'s table), those
 * become visible escapes.
 */

/** C0 controls but tab and newline, DEL, C1 controls, bidi and zero-width controls, lone surrogates. */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (c: string) => (c.codePointAt(0) ?? 0).toString(16).padStart(4, '0');

/** For a terminal: unsafe characters as `\u{…}`, visible and inert. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${hex(c)}}`);
}

/** JSON whose every unsafe character is a `\uXXXX` escape: the same value, inert when printed. */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE, (c) => `\\u${hex(c)}`);
}
