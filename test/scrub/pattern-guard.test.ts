/**
 * No regex escapes the recheck test: every regex literal under lib/ingest/scrub must be the
 * second argument of `re('<id>', /…/)`, and `new RegExp` may only appear in hints.ts (whose
 * patterns are checked from built samples).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../lib/ingest/scrub');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Start offsets of regex literals, found by a small tokenizer that skips comments and strings. */
function regexLiterals(src: string): number[] {
  const out: number[] = [];
  let last = '';
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '/' && src[i + 1] === '/') {
      i = src.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (ch === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i) + 2;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== ch) j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      last = 'x';
      continue;
    }
    if (ch === '/') {
      if (last === '' || '(,=:[!&|?{};'.includes(last)) {
        out.push(i);
        let j = i + 1;
        let inClass = false;
        while (j < src.length && (src[j] !== '/' || inClass)) {
          if (src[j] === '\\') j++;
          else if (src[j] === '[') inClass = true;
          else if (src[j] === ']') inClass = false;
          j++;
        }
        i = j + 1;
        while (/[a-z]/.test(src[i] ?? '')) i++;
        last = 'x';
        continue;
      }
    }
    if (!/\s/.test(ch)) last = ch;
    i++;
  }
  return out;
}

describe('pattern guard', () => {
  const all = files(ROOT);
  it('finds the sources', () => {
    expect(all.length).toBeGreaterThan(10);
  });
  for (const f of all) {
    it(`every regex literal is registered: ${f.slice(ROOT.length + 1)}`, () => {
      const src = readFileSync(f, 'utf8');
      for (const at of regexLiterals(src)) {
        const before = src.slice(Math.max(0, at - 200), at);
        expect(before, `unregistered regex at offset ${at}`).toMatch(/re\(\s*'[\w.]+',\s*$/);
      }
      if (!f.endsWith('hints.ts')) expect(src).not.toMatch(/new RegExp\(/);
    });
  }
});
