/**
 * E-mail addresses. The top-level label must be letters, so `lodash@4.17.21` and `pkg@latest` are
 * not addresses; file names like `logo@2x.png` are excluded by extension. `git@host` (SSH remotes)
 * and no-reply senders are kept: they name no person.
 */
import { execAt, forEachAnchor, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector } from '../types.ts';

const EMAIL = re(
  'email',
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9][A-Za-z0-9.-]{0,253}/y,
);

/** Last labels that are file extensions, not top-level domains (`logo@2x.png`). */
export const NOT_TLDS: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'ico',
  'js',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'jsx',
  'css',
  'scss',
  'json',
  'html',
  'map',
  'lock',
  'txt',
  'yml',
  'yaml',
  'tgz',
  'zip',
  'pdf',
  'wasm',
  'vue',
]);
const KEEP_LOCAL = new Set(['git', 'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'mailer-daemon']);

/** A character of an address's local part (`%` too: `%40`-encoded addresses). */
export function isLocalChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

/**
 * The domain is matched as one character run (no nested repetition) and checked here: trailing
 * dots/hyphens belong to the sentence, there must be a dot, labels 1–63 chars, and the last label
 * letters only (2–24). Returns the address without the trailing punctuation.
 */
function domainEnd(candidate: string): string | undefined {
  let s = candidate;
  while (s.endsWith('.') || s.endsWith('-')) s = s.slice(0, -1);
  const at = s.indexOf('@') >= 0 ? s.indexOf('@') + 1 : s.indexOf('%40') + 3;
  const labels = s.slice(at).split('.');
  if (labels.length < 2 || labels.length > 10) return undefined;
  for (const l of labels) if (l.length === 0 || l.length > 63) return undefined;
  const tld = labels[labels.length - 1]!;
  if (tld.length < 2 || tld.length > 24) return undefined;
  for (let i = 0; i < tld.length; i++) {
    const c = tld.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return undefined;
  }
  return s;
}

/** `scheme://user:pass@host` and `https://user@host`: userinfo, handled by the URI detector. */
function inUriUserinfo(text: string, start: number): boolean {
  const prev = text.charAt(start - 1);
  if (prev === '/') return text.charAt(start - 2) === '/';
  if (prev !== ':') return false;
  for (let i = start - 1; i >= 2 && start - i < 300; i--) {
    const c = text.charCodeAt(i);
    if (c <= 32) return false;
    if (c === 47 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58) return true;
  }
  return false;
}

const AT = lit('@');
const PERCENT_40 = lit('%40');

export const emailDetector: Detector = {
  id: 'email',
  find({ text, triggers }, emit) {
    if (!triggers.has(AT) && !triggers.has(PERCENT_40)) return;
    // Anchored on '@' (and '%' for %40): walk back to the start of the local part, then match there.
    forEachAnchor(text, '@%', (i) => {
      if (text.charCodeAt(i) === 37 && !text.startsWith('%40', i)) return undefined;
      let start = i;
      while (start > 0 && i - start < 65 && isLocalChar(text.charCodeAt(start - 1))) start--;
      const m = execAt(EMAIL, text, start);
      if (m === null) return undefined;
      const s = domainEnd(m[0]);
      if (s === undefined) return undefined;
      const at = s.indexOf('@') >= 0 ? s.indexOf('@') : s.indexOf('%40');
      const local = s.slice(0, at).toLowerCase();
      const tld = s.slice(s.lastIndexOf('.') + 1).toLowerCase();
      if (NOT_TLDS.has(tld) || KEEP_LOCAL.has(local) || inUriUserinfo(text, m.index)) return undefined;
      // Leading/trailing dots belong to the sentence, not the address.
      start = m.index;
      while (text.charCodeAt(start) === 46 && start < m.index + at) start++;
      emit(start, m.index + s.length, 'EMAIL');
      return m.index + s.length;
    });
  },
};
