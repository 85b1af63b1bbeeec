/** UTF-8 length and cutting without allocating an encoded copy. Lone surrogates count as U+FFFD (3 bytes). */

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Largest index i such that s.slice(0, i) fits in maxBytes and does not split a surrogate pair. */
export function utf8CutIndex(s: string, maxBytes: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let w: number;
    let units = 1;
    if (c < 0x80) w = 1;
    else if (c < 0x800) w = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      w = 4;
      units = 2;
    } else w = 3;
    if (n + w > maxBytes) return i;
    n += w;
    i += units - 1;
  }
  return s.length;
}

/** Moves an index back by one if it would split a surrogate pair. */
export function charBoundary(s: string, i: number): number {
  if (i > 0 && i < s.length && isLowSurrogate(s.charCodeAt(i)) && isHighSurrogate(s.charCodeAt(i - 1)))
    return i - 1;
  return i;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Replaces lone surrogates with U+FFFD (String.prototype.toWellFormed is ES2024). */
export function wellFormed(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (isHighSurrogate(c) || isLowSurrogate(c)) {
      out += `${s.slice(from, i)}\uFFFD`;
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}
