/**
 * `password = "…"`, `SECRET_KEY: …`, `export TOKEN=…`, `"apiKey": "…"`, `-Dkeystore.password=…`.
 * The regex finds `key <sep> value`; the key is classified by its words (keywords.ts: `dbPassword`,
 * `PGPASSWORD`, `api-key`, not `tokenizer` or `PASSWORD_MIN_LENGTH`) and the value by its form
 * (values.ts). Only the value is replaced, so the key and
 * syntax stay as training signal: `export API_KEY=<SECRET>`.
 */
import { looksRandom } from '../entropy.ts';
import { classifyKey } from '../keywords.ts';
import { execAt, forEachAnchor, re } from '../registry.ts';
import { ilit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { isLiteralSecret, isReference } from '../values.ts';

// Anchored on the separator: a whole key token (start-of-run lookbehind, so each run is tried
// once), the separator, then the value. Groups: 1 key, 2 closing key quote, 3 separator,
// 4 \"…\", 5 "…", 6 '…', 7 `…`, 8 bare. Bare values stop before '=' (then allow base64 padding)
// so `a=b=c…` costs O(1) per attempt; an accepted bare value is extended procedurally.
const ASSIGNMENT = re(
  'assign.key_value',
  /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,96})(\\?["']?)([ \t]{0,3}(?::=|=>|==|[:=])[ \t]{0,3})(?:\\"([^"\\\r\n]{0,512})\\"|"((?:[^"\\\r\n]|\\.){0,512})"|'((?:[^'\\\r\n]|\\.){0,512})'|`([^`\\$\r\n]{0,512})`|([^\s"'`,;()[\]{}<>=]{1,256}={0,2}))/y,
);

function isKeyChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46
  );
}

/** End of the key before a separator at `sep`: skip up to 3 blanks, a closing quote, a backslash. */
function keyEndBefore(text: string, sep: number): number {
  let i = sep;
  for (let n = 0; n < 3 && i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9); n++) i--;
  const q = text.charCodeAt(i - 1);
  if (q === 34 || q === 39) i--;
  if (text.charCodeAt(i - 1) === 92) i--;
  return i;
}

const SECRET_FRAGMENTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'salt', 'sig'];
/** Any of these in the text (case-insensitively) lets the detector run at all. */
const TRIGGERS = [...SECRET_FRAGMENTS.filter((f) => f !== 'sig'), 'signature'].map(ilit);

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** Does text[at…] start with the lower-case ASCII `f`, ignoring ASCII case? */
function startsWithFolded(text: string, at: number, f: string): boolean {
  for (let k = 0; k < f.length; k++) if (fold(text.charCodeAt(at + k)) !== f.charCodeAt(k)) return false;
  return true;
}

/**
 * Cheap test before the full pattern: does the key contain a secret word fragment at all?
 * Key characters are ASCII, so folding ASCII case in place equals lower-casing (no allocation).
 */
function mentionsSecret(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = fold(text.charCodeAt(i));
    // First letters of the fragments: p s t k a c.
    if (c !== 112 && c !== 115 && c !== 116 && c !== 107 && c !== 97 && c !== 99) continue;
    for (const f of SECRET_FRAGMENTS) {
      if (f.charCodeAt(0) === c && i + f.length <= end && startsWithFolded(text, i, f)) return true;
    }
  }
  return false;
}

/** Value chars a bare value may continue with after the regex stopped at '='. */
function isBareChar(c: number): boolean {
  return !(
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 96 ||
    c === 44 ||
    c === 59 ||
    c === 40 ||
    c === 41 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 60 ||
    c === 62
  );
}

function restOfLineBlank(text: string, from: number): boolean {
  for (let i = from; i < text.length && i < from + 256; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

export const assignmentDetector: Detector = {
  id: 'assignment',
  find({ text, triggers }, emit) {
    if (!TRIGGERS.some((id) => triggers.has(id))) return;
    // Anchored on separators: walk back over spaces, a closing quote and the key, and only when
    // the key mentions a secret word run the full pattern there.
    forEachAnchor(text, ':=', (sepAt) => {
      const keyEnd = keyEndBefore(text, sepAt);
      let keyStart = keyEnd;
      while (keyStart > 0 && keyEnd - keyStart < 97 && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
      if (keyStart === keyEnd || !mentionsSecret(text, keyStart, keyEnd)) return undefined;
      // `"$PWD":/app`: a variable being used, not a key being set.
      if (text.charCodeAt(keyStart - 1) === 36) return undefined;
      const m = execAt(ASSIGNMENT, text, keyStart);
      if (m === null) return undefined;
      const key = m[1]!;
      const verdict = classifyKey(key);
      // Rejected keys resume at the value, so `OPTS="--password=x"` is still seen.
      const skip = m.index + key.length + m[2]!.length + m[3]!.length;
      if (!verdict) return skip;
      const quotedValue = m[4] ?? m[5] ?? m[6] ?? m[7];
      const quoted = quotedValue !== undefined;
      const matchEnd = m.index + m[0].length;
      const value = quoted ? quotedValue : m[8]!;
      const closeLen = m[4] !== undefined ? 2 : quoted ? 1 : 0;
      const valueStart = matchEnd - closeLen - value.length;
      let valueEnd = matchEnd - closeLen;
      const after = matchEnd;
      const secret = verdict.strong
        ? isLiteralSecret(value, {
            key,
            quoted,
            separator: m[3]!,
            next: text.charAt(after),
            endOfLine: restOfLineBlank(text, after),
            keyEndsWithSecretWord: verdict.endsWithSecretWord,
          })
        : !isReference(value, quoted) && looksRandom(value);
      if (!secret) return skip;
      // A bare value stopped at '=': extend over the rest of it now that it is accepted.
      if (!quoted) {
        while (
          valueEnd < text.length &&
          valueEnd - valueStart < 1024 &&
          isBareChar(text.charCodeAt(valueEnd))
        ) {
          valueEnd++;
        }
      }
      emit(valueStart, valueEnd, verdict.type);
      return Math.max(after, valueEnd);
    });
  },
};
